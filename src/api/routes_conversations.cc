// Direct conversations (Weibo-style private message threads built on direct statuses), hashtags
// (and following them), trends and search -- the remaining status-side endpoints clients call at
// start-up or from the compose box. Trends are empty lists until the discovery issue; search
// finds accounts by prefix, hashtags by exact (normalized) name, and statuses by the URL of a
// status on this server (full-text status search comes with the search issue).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/account_routes.h"
#include "api/call.h"
#include "api/presenter.h"
#include "api/status_presenter.h"
#include "api/status_routes.h"
#include "domain/account_service.h"
#include "domain/status_service.h"
#include "text/text.h"
#include "timeline/timeline_service.h"

namespace magpie::api {

namespace json = boost::json;
using http::Method;

namespace {

Result<http::Response> Conversations(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:statuses"));
  auto items = call.ctx().statuses->Conversations(auth.account_id, call.Page(20, 40));
  std::vector<Id> cursors;
  for (const auto& c : items) cursors.push_back(c.last_status_id);
  http::Response r =
      JsonResponse(StatusPresenter(call.ctx()).Conversations(auth.account_id, items));
  SetLinkHeader(r, call, cursors);
  return r;
}

Result<http::Response> ReadConversation(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:conversations"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto c, call.ctx().statuses->MarkConversationRead(auth.account_id, id));
  json::array out = StatusPresenter(call.ctx()).Conversations(auth.account_id, {c});
  if (out.empty()) return Error::NotFound();
  return JsonResponse(out[0]);
}

Result<http::Response> RemoveConversation(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:conversations"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(bool removed,
                          call.ctx().statuses->RemoveConversation(auth.account_id, id));
  if (!removed) return Error::NotFound();
  return EmptyJson();
}

// The hashtag as written in the newest visible status carrying it, or nullopt when no status the
// viewer can see carries it (such a tag does not exist for them).
std::optional<std::string> FindTag(Call& call, Id viewer, std::string_view name) {
  std::string normalized = text::NormalizeTag(name);
  if (normalized.empty()) return std::nullopt;
  timeline::TagQuery q;
  q.tag = std::string(name);
  domain::Page page;
  page.limit = 1;
  auto found = call.ctx().timelines->Tag(viewer, q, page);
  if (found.empty()) return std::nullopt;
  for (const auto& t : found.statuses.front()->tags) {
    if (text::NormalizeTag(t) == normalized) return t;
  }
  return std::string(name);
}

domain::AccountService& Accounts(Call& call) { return *call.ctx().accounts; }

Result<http::Response> GetTag(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  std::string_view name = call.request_const().PathParam("name");
  const bool following = Accounts(call).FollowsTag(viewer, name);
  auto tag = FindTag(call, viewer, name);
  // A followed tag exists for its follower even before anyone (visible) used it.
  if (!tag && following) tag = std::string(name);
  if (!tag) return Error::NotFound();
  return JsonResponse(StatusPresenter(call.ctx()).Tag(*tag, following));
}

Result<http::Response> FollowTag(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:follows"));
  std::string_view name = call.request_const().PathParam("name");
  MAGPIE_ASSIGN_OR_RETURN(domain::FollowedTag tag, Accounts(call).FollowTag(auth.account_id, name));
  return JsonResponse(StatusPresenter(call.ctx()).Tag(tag.name, true));
}

Result<http::Response> UnfollowTag(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:follows"));
  std::string_view name = call.request_const().PathParam("name");
  MAGPIE_ASSIGN_OR_RETURN(std::string tag, Accounts(call).UnfollowTag(auth.account_id, name));
  return JsonResponse(StatusPresenter(call.ctx()).Tag(tag, false));
}

// Newest follow first; the Link header pages by the follow's row id (Mastodon: default 100, at
// most 200 per page).
Result<http::Response> FollowedTags(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:follows"));
  auto tags = Accounts(call).FollowedTags(auth.account_id, call.Page(100, 200));
  StatusPresenter presenter(call.ctx());
  json::array out;
  std::vector<Id> cursors;
  for (const auto& t : tags) {
    out.push_back(presenter.Tag(t.name, true));
    cursors.push_back(t.cursor);
  }
  http::Response r = JsonResponse(out);
  SetLinkHeader(r, call, cursors);
  return r;
}

Result<http::Response> EmptyList(Call& call) {
  MAGPIE_RETURN_IF_ERROR(call.Auth());
  return JsonResponse(json::array());
}

// The id in a URL of a status on this server: <base>/@user/<id>, <base>/users/<u>/statuses/<id>,
// <base>/api/v1/statuses/<id>; 0 when `q` is none of these.
Id StatusIdFromUrl(const ApiConfig& config, std::string_view q) {
  if (!q.starts_with(config.base_url + "/")) return 0;
  std::string_view path = q.substr(config.base_url.size());
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return 0;
  std::string_view head = path.substr(0, slash);
  auto id = core::ParseId(path.substr(slash + 1));
  if (!id) return 0;
  const bool profile = head.starts_with("/@") && head.find('/', 2) == std::string_view::npos;
  const bool activity = head.starts_with("/users/") && head.ends_with("/statuses");
  const bool api = head == "/api/v1/statuses";
  return profile || activity || api ? *id : 0;
}

Result<http::Response> Search(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  auto q_param = call.String("q");
  if (!q_param) return Error::BadRequest("Search query is missing: q");
  std::string q = *q_param;
  while (!q.empty() && (q.front() == ' ' || q.front() == '\t')) q.erase(q.begin());
  while (!q.empty() && (q.back() == ' ' || q.back() == '\t')) q.pop_back();
  std::string type = call.String("type").value_or("");
  if (!type.empty() && type != "accounts" && type != "hashtags" && type != "statuses") {
    return Error::Invalid("Validation failed: type is not one of accounts, hashtags, statuses");
  }
  MAGPIE_ASSIGN_OR_RETURN(auto limit_param, call.Int("limit"));
  MAGPIE_ASSIGN_OR_RETURN(auto offset_param, call.Int("offset"));
  MAGPIE_ASSIGN_OR_RETURN(auto following, call.Bool("following"));
  const int limit = static_cast<int>(std::clamp<int64_t>(limit_param.value_or(20), 1, 40));
  const int offset = static_cast<int>(std::clamp<int64_t>(offset_param.value_or(0), 0, 10'000));
  MAGPIE_RETURN_IF_ERROR(call.Bool("resolve"));  // validated; nothing remote to resolve yet

  json::array accounts, statuses, hashtags;
  if (!q.empty()) {
    Presenter presenter(call.ctx());
    if ((type.empty() || type == "accounts") && call.ctx().accounts != nullptr) {
      for (const auto& a :
           call.ctx().accounts->Search(viewer, q, limit, offset, following.value_or(false))) {
        accounts.push_back(presenter.Account(a));
      }
    }
    if ((type.empty() || type == "hashtags") && offset == 0) {
      std::string name = q.front() == '#' ? q.substr(1) : q;
      if (!name.empty() && name.back() == '#') name.pop_back();  // #话题# written whole
      if (auto tag = FindTag(call, viewer, name)) {
        hashtags.push_back(
            StatusPresenter(call.ctx()).Tag(*tag, Accounts(call).FollowsTag(viewer, name)));
      }
    }
    if ((type.empty() || type == "statuses") && offset == 0) {
      if (Id id = StatusIdFromUrl(call.ctx().config, q); id != 0) {
        if (auto s = presenter.Status(viewer, id)) statuses.push_back(std::move(*s));
      }
    }
  }
  return JsonResponse(json::object{{"accounts", std::move(accounts)},
                                   {"statuses", std::move(statuses)},
                                   {"hashtags", std::move(hashtags)}});
}

}  // namespace

void RegisterConversationRoutes(http::Router& router, const ApiContext& ctx) {
  auto add = [&](Method m, std::string_view pattern, ApiHandler h) {
    router.Add(m, pattern, Endpoint(ctx, std::move(h)));
  };
  add(Method::kGet, "/api/v1/conversations", Conversations);
  add(Method::kPost, "/api/v1/conversations/:id/read", ReadConversation);
  add(Method::kDelete, "/api/v1/conversations/:id", RemoveConversation);
  add(Method::kGet, "/api/v1/tags/:name", GetTag);
  add(Method::kPost, "/api/v1/tags/:name/follow", FollowTag);
  add(Method::kPost, "/api/v1/tags/:name/unfollow", UnfollowTag);
  add(Method::kGet, "/api/v1/followed_tags", FollowedTags);
  add(Method::kGet, "/api/v1/trends", EmptyList);
  add(Method::kGet, "/api/v1/trends/tags", EmptyList);
  add(Method::kGet, "/api/v1/trends/statuses", EmptyList);
  add(Method::kGet, "/api/v1/trends/links", EmptyList);
  add(Method::kGet, "/api/v2/search", Search);
}

}  // namespace magpie::api
