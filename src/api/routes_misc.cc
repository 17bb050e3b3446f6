// The per-user endpoints clients call at start-up or from their settings screens: preferences,
// markers (where the reader stopped), lists and their members (the list *timeline* is a status
// route), the profile directory and follow suggestions, and the start-up lists Magpie has no
// content for yet (announcements, custom emojis) answered with well-formed empty arrays.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/account_routes.h"
#include "api/presenter.h"
#include "domain/account_service.h"
#include "domain/names.h"

namespace magpie::api {

namespace json = boost::json;

namespace {

domain::AccountService& Accounts(Call& call) { return *call.ctx().accounts; }

Result<Id> Viewer(Call& call, std::string_view scope) {
  MAGPIE_ASSIGN_OR_RETURN(domain::AuthInfo auth, call.RequireUser(scope));
  return auth.account_id;
}

// ---- preferences and markers ---------------------------------------------------------------

Result<http::Response> Preferences(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:accounts"));
  MAGPIE_ASSIGN_OR_RETURN(domain::User user, Accounts(call).Preferences(viewer));
  return JsonResponse(json::object{
      {"posting:default:visibility", std::string(domain::VisibilityName(user.default_visibility))},
      {"posting:default:sensitive", user.default_sensitive},
      {"posting:default:language", user.default_language.empty()
                                       ? json::value(nullptr)
                                       : json::value(json::string(user.default_language))},
      {"posting:default:quote_policy",
       std::string(domain::QuotePolicyName(user.default_quote_policy))},
      {"reading:expand:media", user.expand_media},
      {"reading:expand:spoilers", user.expand_spoilers},
      {"reading:autoplay:gifs", false},
  });
}

json::object MarkerJson(const domain::Marker& m) {
  return json::object{{"last_read_id", core::IdToString(m.last_read_id)},
                      {"version", m.version},
                      {"updated_at", core::FormatIso8601(m.updated_at)}};
}

Result<http::Response> GetMarkers(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:statuses"));
  MAGPIE_ASSIGN_OR_RETURN(std::vector<std::string> timelines, call.StringArray("timeline"));
  json::object out;
  for (const auto& m : Accounts(call).Markers(viewer, timelines)) out[m.timeline] = MarkerJson(m);
  return JsonResponse(out);
}

// POST /api/v1/markers: home[last_read_id]=... (form) or {"home": {"last_read_id": "..."}}.
Result<http::Response> SetMarkers(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:statuses"));
  json::object out;
  for (std::string_view timeline : {"home", "notifications"}) {
    const json::value* v = call.Raw(timeline);
    if (v == nullptr || v->is_null()) continue;
    const json::value* raw_id =
        v->is_object() ? v->get_object().if_contains("last_read_id") : nullptr;
    if (raw_id == nullptr) {
      return core::Error::Invalid(std::string(timeline) + "[last_read_id] is missing");
    }
    std::optional<Id> id;
    if (raw_id->is_string()) id = core::ParseId(raw_id->get_string());
    if (raw_id->is_int64() && raw_id->get_int64() > 0) id = raw_id->get_int64();
    if (raw_id->is_uint64() && raw_id->get_uint64() <= INT64_MAX) {
      id = static_cast<Id>(raw_id->get_uint64());
    }
    if (!id) return core::Error::Invalid(std::string(timeline) + "[last_read_id] is not an id");
    MAGPIE_ASSIGN_OR_RETURN(domain::Marker m, Accounts(call).SetMarker(viewer, timeline, *id));
    out[timeline] = MarkerJson(m);
  }
  return JsonResponse(out);
}

// ---- lists -----------------------------------------------------------------------------------

Result<domain::ListUpdate> ReadListFields(const Call& call) {
  domain::ListUpdate u;
  for (std::string_view key : {"title", "replies_policy"}) {
    const json::value* v = call.Raw(key);
    if (v != nullptr && !v->is_null() && !v->is_string()) {
      return core::Error::Invalid(std::string(key) + " must be a string");
    }
  }
  u.title = call.String("title");
  u.replies_policy = call.String("replies_policy");
  MAGPIE_ASSIGN_OR_RETURN(u.exclusive, call.Bool("exclusive"));
  return u;
}

Result<http::Response> Lists(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:lists"));
  json::array out;
  for (const auto& l : Accounts(call).Lists(viewer)) out.push_back(ListJson(l));
  return JsonResponse(out);
}

Result<http::Response> GetList(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:lists"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(domain::List list, Accounts(call).GetList(viewer, id));
  return JsonResponse(ListJson(list));
}

Result<http::Response> CreateList(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:lists"));
  MAGPIE_ASSIGN_OR_RETURN(domain::ListUpdate fields, ReadListFields(call));
  MAGPIE_ASSIGN_OR_RETURN(domain::List list, Accounts(call).CreateList(viewer, fields));
  return JsonResponse(ListJson(list));
}

Result<http::Response> UpdateList(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:lists"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(domain::ListUpdate fields, ReadListFields(call));
  MAGPIE_ASSIGN_OR_RETURN(domain::List list, Accounts(call).UpdateList(viewer, id, fields));
  return JsonResponse(ListJson(list));
}

Result<http::Response> DeleteList(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:lists"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_RETURN_IF_ERROR(Accounts(call).DeleteList(viewer, id));
  return EmptyJson();
}

Result<http::Response> ListAccounts(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:lists"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  domain::Page page = call.Page(40, 80);
  // limit=0 asks for every member at once (Mastodon), e.g. for a client's list editor.
  MAGPIE_ASSIGN_OR_RETURN(auto limit, call.Int("limit"));
  if (limit && *limit == 0) page.limit = 10'000;
  MAGPIE_ASSIGN_OR_RETURN(auto items, Accounts(call).ListMembers(viewer, id, page));
  if (limit && *limit == 0) {
    std::vector<Id> ids;
    for (const auto& item : items) ids.push_back(item.id);
    return JsonResponse(Presenter(call.ctx()).Accounts(ids));
  }
  return AccountPage(call, items);
}

Result<http::Response> AddListAccounts(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:lists"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(std::vector<Id> ids, call.IdArray("account_ids"));
  MAGPIE_RETURN_IF_ERROR(Accounts(call).AddListMembers(viewer, id, ids));
  return EmptyJson();
}

Result<http::Response> RemoveListAccounts(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:lists"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(std::vector<Id> ids, call.IdArray("account_ids"));
  MAGPIE_RETURN_IF_ERROR(Accounts(call).RemoveListMembers(viewer, id, ids));
  return EmptyJson();
}

// ---- discovery -------------------------------------------------------------------------------

Result<http::Response> Directory(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  domain::DirectoryQuery query;
  MAGPIE_ASSIGN_OR_RETURN(auto offset, call.Int("offset"));
  MAGPIE_ASSIGN_OR_RETURN(auto limit, call.Int("limit"));
  MAGPIE_ASSIGN_OR_RETURN(auto local, call.Bool("local"));
  query.offset = static_cast<int>(std::clamp<int64_t>(offset.value_or(0), 0, 100'000));
  query.limit = static_cast<int>(std::clamp<int64_t>(limit.value_or(40), 1, 80));
  query.order_new = call.String("order").value_or("active") == "new";
  query.local = local.value_or(false);
  Presenter presenter(call.ctx());
  json::array out;
  for (const auto& a : Accounts(call).Directory(viewer, query)) {
    out.push_back(presenter.Account(a));
  }
  return JsonResponse(out);
}

Result<std::vector<domain::Account>> SuggestedAccounts(Call& call, Id& viewer) {
  MAGPIE_ASSIGN_OR_RETURN(viewer, Viewer(call, "read"));
  MAGPIE_ASSIGN_OR_RETURN(auto limit, call.Int("limit"));
  return Accounts(call).Suggestions(
      viewer, static_cast<int>(std::clamp<int64_t>(limit.value_or(40), 1, 80)));
}

Result<http::Response> SuggestionsV1(Call& call) {
  Id viewer = 0;
  MAGPIE_ASSIGN_OR_RETURN(auto accounts, SuggestedAccounts(call, viewer));
  Presenter presenter(call.ctx());
  json::array out;
  for (const auto& a : accounts) out.push_back(presenter.Account(a));
  return JsonResponse(out);
}

Result<http::Response> SuggestionsV2(Call& call) {
  Id viewer = 0;
  MAGPIE_ASSIGN_OR_RETURN(auto accounts, SuggestedAccounts(call, viewer));
  Presenter presenter(call.ctx());
  json::array out;
  for (const auto& a : accounts) {
    out.push_back(json::object{{"source", "global"},
                               {"sources", json::array{"most_followed"}},
                               {"account", presenter.Account(a)}});
  }
  return JsonResponse(out);
}

Result<http::Response> Announcements(Call& call) {
  MAGPIE_RETURN_IF_ERROR(Viewer(call, "read"));
  return JsonResponse(json::array());
}

Result<http::Response> CustomEmojis(Call&) { return JsonResponse(json::array()); }

}  // namespace

json::object ListJson(const domain::List& l) {
  return json::object{{"id", core::IdToString(l.id)},
                      {"title", l.title},
                      {"replies_policy", std::string(domain::RepliesPolicyName(l.replies_policy))},
                      {"exclusive", l.exclusive}};
}

void RegisterMiscRoutes(http::Router& router, const ApiContext& ctx) {
  using http::Method;
  auto add = [&](Method m, std::string_view pattern, ApiHandler h, http::RouteOptions o = {}) {
    router.Add(m, pattern, Endpoint(ctx, std::move(h)), o);
  };
  add(Method::kGet, "/api/v1/preferences", Preferences);
  add(Method::kGet, "/api/v1/markers", GetMarkers);
  add(Method::kPost, "/api/v1/markers", SetMarkers);

  add(Method::kGet, "/api/v1/lists", Lists);
  add(Method::kPost, "/api/v1/lists", CreateList);
  add(Method::kGet, "/api/v1/lists/:id", GetList);
  add(Method::kPut, "/api/v1/lists/:id", UpdateList);
  add(Method::kDelete, "/api/v1/lists/:id", DeleteList);
  add(Method::kGet, "/api/v1/lists/:id/accounts", ListAccounts);
  add(Method::kPost, "/api/v1/lists/:id/accounts", AddListAccounts);
  add(Method::kDelete, "/api/v1/lists/:id/accounts", RemoveListAccounts);

  add(Method::kGet, "/api/v1/directory", Directory);
  add(Method::kGet, "/api/v1/suggestions", SuggestionsV1);
  add(Method::kGet, "/api/v2/suggestions", SuggestionsV2);
  add(Method::kGet, "/api/v1/announcements", Announcements);
  add(Method::kGet, "/api/v1/custom_emojis", CustomEmojis, {.run_inline = true});
}

}  // namespace magpie::api
