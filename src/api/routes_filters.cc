// Filter endpoints (docs.joinmastodon.org "Methods/filters"): filters v2 with their keywords and
// statuses, and the v1 view (one filter per keyword) that older clients still read at start-up.
// The rules (validation, matching) live in domain::FilterService.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/account_routes.h"
#include "api/call.h"
#include "api/status_presenter.h"
#include "api/status_routes.h"
#include "domain/filter_service.h"
#include "domain/names.h"

namespace magpie::api {

namespace json = boost::json;
using http::Method;

namespace {

domain::FilterService& Filters(Call& call) { return *call.ctx().filters; }

// Rails-style booleans inside nested attributes ("1", "true", true ...).
Result<bool> BoolValue(const json::value& v, std::string_view name) {
  if (v.is_bool()) return v.get_bool();
  if (v.is_int64()) return v.get_int64() != 0;
  if (v.is_string()) {
    std::string_view s = v.get_string();
    if (s == "true" || s == "1" || s == "on" || s == "t") return true;
    if (s == "false" || s == "0" || s == "off" || s == "f" || s.empty()) return false;
  }
  return Error::Invalid(std::string(name) + " must be a boolean");
}

// expires_in: seconds; present but empty or null means "never".
Result<std::optional<int64_t>> ExpiresIn(Call& call) {
  const json::value* raw = call.Raw("expires_in");
  if (raw == nullptr) return std::optional<int64_t>();
  if (raw->is_null() || (raw->is_string() && raw->get_string().empty())) {
    return std::optional<int64_t>(0);
  }
  MAGPIE_ASSIGN_OR_RETURN(auto v, call.Int("expires_in"));
  return v;
}

Result<std::optional<std::vector<std::string>>> Contexts(Call& call) {
  if (call.Raw("context") == nullptr && call.Raw("context[]") == nullptr) {
    return std::optional<std::vector<std::string>>();
  }
  MAGPIE_ASSIGN_OR_RETURN(auto contexts, call.StringArray("context"));
  return std::optional<std::vector<std::string>>(std::move(contexts));
}

Result<std::optional<domain::FilterAction>> Action(Call& call) {
  auto s = call.String("filter_action");
  if (!s || s->empty()) return std::optional<domain::FilterAction>();
  auto a = domain::ParseFilterAction(*s);
  if (!a) return Error::Invalid("Validation failed: Filter action is not included in the list");
  return std::optional<domain::FilterAction>(*a);
}

Result<std::vector<domain::KeywordChange>> KeywordAttributes(Call& call) {
  std::vector<domain::KeywordChange> out;
  const json::value* raw = call.Raw("keywords_attributes");
  if (raw == nullptr) raw = call.Raw("keywords_attributes[]");
  if (raw == nullptr || raw->is_null()) return out;
  std::vector<const json::value*> items;
  if (raw->is_array()) {
    for (const auto& v : raw->get_array()) items.push_back(&v);
  } else if (raw->is_object()) {
    for (const auto& kv : raw->get_object()) items.push_back(&kv.value());
  } else {
    return Error::Invalid("keywords_attributes must be a list");
  }
  if (items.size() > 100) return Error::Invalid("keywords_attributes has too many items");
  for (const auto* item : items) {
    if (!item->is_object()) return Error::Invalid("keywords_attributes must be a list of objects");
    const auto& o = item->get_object();
    domain::KeywordChange k;
    if (const auto* v = o.if_contains("id"); v != nullptr && !v->is_null()) {
      std::string s = v->is_string() ? std::string(v->get_string())
                                     : (v->is_int64() ? std::to_string(v->get_int64()) : "");
      if (!s.empty()) {
        auto id = core::ParseId(s);
        if (!id) return Error::NotFound();
        k.id = *id;
      }
    }
    if (const auto* v = o.if_contains("keyword"); v != nullptr && v->is_string()) {
      k.keyword = std::string(v->get_string());
    }
    if (const auto* v = o.if_contains("whole_word"); v != nullptr && !v->is_null()) {
      MAGPIE_ASSIGN_OR_RETURN(bool b, BoolValue(*v, "whole_word"));
      k.whole_word = b;
    }
    if (const auto* v = o.if_contains("_destroy"); v != nullptr && !v->is_null()) {
      MAGPIE_ASSIGN_OR_RETURN(k.destroy, BoolValue(*v, "_destroy"));
    }
    out.push_back(std::move(k));
  }
  return out;
}

Result<domain::FilterChange> ChangeFromParams(Call& call) {
  domain::FilterChange change;
  change.title = call.String("title");
  MAGPIE_ASSIGN_OR_RETURN(change.contexts, Contexts(call));
  MAGPIE_ASSIGN_OR_RETURN(change.action, Action(call));
  MAGPIE_ASSIGN_OR_RETURN(change.expires_in, ExpiresIn(call));
  MAGPIE_ASSIGN_OR_RETURN(change.keywords, KeywordAttributes(call));
  return change;
}

// --- v2 ---

Result<http::Response> ListFilters(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:filters"));
  json::array out;
  for (const auto& f : Filters(call).List(auth.account_id)) {
    out.push_back(StatusPresenter::Filter(f));
  }
  return JsonResponse(out);
}

Result<http::Response> GetFilter(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto f, Filters(call).Get(auth.account_id, id));
  return JsonResponse(StatusPresenter::Filter(f));
}

Result<http::Response> CreateFilter(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(auto change, ChangeFromParams(call));
  for (const auto& k : change.keywords) {
    if (k.id != 0) return Error::NotFound();  // a new filter has no keywords to refer to
  }
  MAGPIE_ASSIGN_OR_RETURN(auto f, Filters(call).Create(auth.account_id, change));
  return JsonResponse(StatusPresenter::Filter(f));
}

Result<http::Response> UpdateFilter(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto change, ChangeFromParams(call));
  MAGPIE_ASSIGN_OR_RETURN(auto f, Filters(call).Update(auth.account_id, id, change));
  return JsonResponse(StatusPresenter::Filter(f));
}

Result<http::Response> DeleteFilter(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(bool removed, Filters(call).Delete(auth.account_id, id));
  if (!removed) return Error::NotFound();
  return EmptyJson();
}

Result<http::Response> ListKeywords(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId("filter_id"));
  MAGPIE_ASSIGN_OR_RETURN(auto f, Filters(call).Get(auth.account_id, id));
  json::array out;
  for (const auto& k : f.keywords) out.push_back(StatusPresenter::FilterKeyword(k));
  return JsonResponse(out);
}

Result<http::Response> AddKeyword(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId("filter_id"));
  MAGPIE_ASSIGN_OR_RETURN(std::string keyword, call.RequiredString("keyword"));
  MAGPIE_ASSIGN_OR_RETURN(auto whole_word, call.Bool("whole_word"));
  MAGPIE_ASSIGN_OR_RETURN(
      auto f, Filters(call).AddKeyword(auth.account_id, id, keyword, whole_word.value_or(false)));
  return JsonResponse(StatusPresenter::FilterKeyword(f.keywords.back()));
}

Result<http::Response> GetKeyword(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto found, Filters(call).GetKeyword(auth.account_id, id));
  return JsonResponse(StatusPresenter::FilterKeyword(found.second));
}

Result<http::Response> UpdateKeyword(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto whole_word, call.Bool("whole_word"));
  MAGPIE_ASSIGN_OR_RETURN(
      auto k, Filters(call).UpdateKeyword(auth.account_id, id, call.String("keyword"), whole_word));
  return JsonResponse(StatusPresenter::FilterKeyword(k));
}

Result<http::Response> DeleteKeyword(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_RETURN_IF_ERROR(Filters(call).DeleteKeyword(auth.account_id, id));
  return EmptyJson();
}

Result<http::Response> ListFilterStatuses(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId("filter_id"));
  MAGPIE_ASSIGN_OR_RETURN(auto f, Filters(call).Get(auth.account_id, id));
  json::array out;
  for (const auto& s : f.statuses) out.push_back(StatusPresenter::FilterStatus(s));
  return JsonResponse(out);
}

Result<http::Response> AddFilterStatus(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId("filter_id"));
  MAGPIE_ASSIGN_OR_RETURN(std::string status, call.RequiredString("status_id"));
  auto status_id = core::ParseId(status);
  if (!status_id) return Error::NotFound();
  // Only a status the account can see may be filtered (so ids cannot be probed).
  MAGPIE_RETURN_IF_ERROR(call.ctx().statuses->Get(auth.account_id, *status_id));
  MAGPIE_ASSIGN_OR_RETURN(auto fs, Filters(call).AddStatus(auth.account_id, id, *status_id));
  return JsonResponse(StatusPresenter::FilterStatus(fs));
}

Result<http::Response> GetFilterStatus(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto found, Filters(call).GetStatus(auth.account_id, id));
  return JsonResponse(StatusPresenter::FilterStatus(found.second));
}

Result<http::Response> DeleteFilterStatus(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_RETURN_IF_ERROR(Filters(call).DeleteStatus(auth.account_id, id));
  return EmptyJson();
}

// --- v1: one filter per keyword; the v1 id is the keyword's id ---

Result<http::Response> ListFiltersV1(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:filters"));
  return JsonResponse(StatusPresenter::FiltersV1(Filters(call).List(auth.account_id)));
}

Result<http::Response> GetFilterV1(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto found, Filters(call).GetKeyword(auth.account_id, id));
  return JsonResponse(StatusPresenter::FilterV1(found.first, found.second));
}

Result<http::Response> CreateFilterV1(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(std::string phrase, call.RequiredString("phrase"));
  domain::FilterChange change;
  change.title = phrase;
  MAGPIE_ASSIGN_OR_RETURN(change.contexts, Contexts(call));
  MAGPIE_ASSIGN_OR_RETURN(auto irreversible, call.Bool("irreversible"));
  change.action =
      irreversible.value_or(false) ? domain::FilterAction::kHide : domain::FilterAction::kWarn;
  MAGPIE_ASSIGN_OR_RETURN(change.expires_in, ExpiresIn(call));
  MAGPIE_ASSIGN_OR_RETURN(auto whole_word, call.Bool("whole_word"));
  domain::KeywordChange k;
  k.keyword = phrase;
  k.whole_word = whole_word.value_or(true);
  change.keywords.push_back(k);
  MAGPIE_ASSIGN_OR_RETURN(auto f, Filters(call).Create(auth.account_id, change));
  return JsonResponse(StatusPresenter::FilterV1(f, f.keywords.front()));
}

Result<http::Response> UpdateFilterV1(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto found, Filters(call).GetKeyword(auth.account_id, id));
  domain::FilterChange change;
  MAGPIE_ASSIGN_OR_RETURN(change.contexts, Contexts(call));
  MAGPIE_ASSIGN_OR_RETURN(auto irreversible, call.Bool("irreversible"));
  if (irreversible) {
    change.action = *irreversible ? domain::FilterAction::kHide : domain::FilterAction::kWarn;
  }
  MAGPIE_ASSIGN_OR_RETURN(change.expires_in, ExpiresIn(call));
  MAGPIE_ASSIGN_OR_RETURN(auto whole_word, call.Bool("whole_word"));
  domain::KeywordChange k;
  k.id = id;
  k.keyword = call.String("phrase");
  k.whole_word = whole_word;
  change.keywords.push_back(k);
  MAGPIE_ASSIGN_OR_RETURN(auto f, Filters(call).Update(auth.account_id, found.first.id, change));
  for (const auto& kw : f.keywords) {
    if (kw.id == id) return JsonResponse(StatusPresenter::FilterV1(f, kw));
  }
  return Error::NotFound();
}

Result<http::Response> DeleteFilterV1(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:filters"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto found, Filters(call).GetKeyword(auth.account_id, id));
  // A v1 filter is one keyword; its v2 filter goes when the last keyword does.
  if (found.first.keywords.size() <= 1 && found.first.statuses.empty()) {
    MAGPIE_RETURN_IF_ERROR(Filters(call).Delete(auth.account_id, found.first.id));
  } else {
    MAGPIE_RETURN_IF_ERROR(Filters(call).DeleteKeyword(auth.account_id, id));
  }
  return EmptyJson();
}

}  // namespace

void RegisterFilterRoutes(http::Router& router, const ApiContext& ctx) {
  auto add = [&](Method m, std::string_view pattern, ApiHandler h) {
    router.Add(m, pattern, Endpoint(ctx, std::move(h)));
  };
  add(Method::kGet, "/api/v2/filters", ListFilters);
  add(Method::kPost, "/api/v2/filters", CreateFilter);
  add(Method::kGet, "/api/v2/filters/:id", GetFilter);
  add(Method::kPut, "/api/v2/filters/:id", UpdateFilter);
  add(Method::kDelete, "/api/v2/filters/:id", DeleteFilter);
  add(Method::kGet, "/api/v2/filters/:filter_id/keywords", ListKeywords);
  add(Method::kPost, "/api/v2/filters/:filter_id/keywords", AddKeyword);
  add(Method::kGet, "/api/v2/filter_keywords/:id", GetKeyword);
  add(Method::kPut, "/api/v2/filter_keywords/:id", UpdateKeyword);
  add(Method::kDelete, "/api/v2/filter_keywords/:id", DeleteKeyword);
  add(Method::kGet, "/api/v2/filters/:filter_id/statuses", ListFilterStatuses);
  add(Method::kPost, "/api/v2/filters/:filter_id/statuses", AddFilterStatus);
  add(Method::kGet, "/api/v2/filter_statuses/:id", GetFilterStatus);
  add(Method::kDelete, "/api/v2/filter_statuses/:id", DeleteFilterStatus);
  add(Method::kGet, "/api/v1/filters", ListFiltersV1);
  add(Method::kPost, "/api/v1/filters", CreateFilterV1);
  add(Method::kGet, "/api/v1/filters/:id", GetFilterV1);
  add(Method::kPut, "/api/v1/filters/:id", UpdateFilterV1);
  add(Method::kDelete, "/api/v1/filters/:id", DeleteFilterV1);
}

}  // namespace magpie::api
