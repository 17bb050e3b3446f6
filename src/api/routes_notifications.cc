// Notifications: /api/v1/notifications (list with types[]/exclude_types[]/account_id and paging,
// get, dismiss, clear, unread_count), the v2 grouped form that Mastodon 4.3 clients use (every
// notification is its own group, key "ungrouped-<id>", so v1 and v2 agree), and the
// notification-policy endpoints clients read at start-up (fixed "accept" policy).
//
// A page is hydrated in one batch of accounts and one of statuses (Presenter::Notifications);
// notifications about statuses the viewer can no longer see drop out.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <unordered_map>
#include <unordered_set>

#include "api/account_routes.h"
#include "api/presenter.h"
#include "domain/account_service.h"
#include "domain/names.h"
#include "domain/notification_service.h"

namespace magpie::api {

namespace json = boost::json;

namespace {

constexpr std::string_view kGroupPrefix = "ungrouped-";

domain::NotificationService& Notifications(Call& call) { return *call.ctx().notifications; }

Result<Id> Viewer(Call& call, std::string_view scope) {
  MAGPIE_ASSIGN_OR_RETURN(domain::AuthInfo auth, call.RequireUser(scope));
  return auth.account_id;
}

// Unknown type names are ignored, as Mastodon does; `named_any` tells the caller whether the
// parameter was given at all, so a types[] filter naming nothing known answers an empty page.
Result<std::vector<domain::NotificationType>> ParseTypes(const Call& call, std::string_view key,
                                                         bool& named_any) {
  MAGPIE_ASSIGN_OR_RETURN(std::vector<std::string> names, call.StringArray(key));
  named_any = !names.empty();
  std::vector<domain::NotificationType> types;
  for (const auto& n : names) {
    if (auto t = domain::ParseNotificationType(n)) types.push_back(*t);
  }
  return types;
}

Result<domain::NotificationQuery> ReadQuery(Call& call, bool& nothing_matches) {
  domain::NotificationQuery query;
  query.page = call.Page(40, 80);
  bool named_types = false;
  bool named_excludes = false;
  MAGPIE_ASSIGN_OR_RETURN(query.types, ParseTypes(call, "types", named_types));
  MAGPIE_ASSIGN_OR_RETURN(query.exclude_types, ParseTypes(call, "exclude_types", named_excludes));
  nothing_matches = named_types && query.types.empty();
  if (auto account = call.String("account_id"); account && !account->empty()) {
    auto id = core::ParseId(*account);
    if (!id) return core::Error::Invalid("account_id is not a valid id");
    query.from_account_id = *id;
  }
  return query;
}

Result<http::Response> List(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:notifications"));
  bool nothing_matches = false;
  MAGPIE_ASSIGN_OR_RETURN(domain::NotificationQuery query, ReadQuery(call, nothing_matches));
  if (nothing_matches) return JsonResponse(json::array());
  std::vector<domain::Notification> items = Notifications(call).List(viewer, query);
  std::vector<Id> cursors;
  for (const auto& n : items) cursors.push_back(n.id);
  http::Response r = JsonResponse(Presenter(call.ctx()).Notifications(viewer, items));
  SetLinkHeader(r, call, cursors);
  return r;
}

Result<http::Response> Get(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:notifications"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(domain::Notification n, Notifications(call).Get(viewer, id));
  json::array one = Presenter(call.ctx()).Notifications(viewer, {n});
  if (one.empty()) return core::Error::NotFound();
  return JsonResponse(one.front());
}

core::Status DismissId(Call& call, Id viewer, Id id) {
  MAGPIE_ASSIGN_OR_RETURN(bool removed, Notifications(call).Dismiss(viewer, id));
  if (!removed) return core::Error::NotFound();
  return core::Ok();
}

Result<http::Response> Dismiss(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:notifications"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_RETURN_IF_ERROR(DismissId(call, viewer, id));
  return EmptyJson();
}

// The pre-3.x form: POST /api/v1/notifications/dismiss with id=...
Result<http::Response> DismissLegacy(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:notifications"));
  MAGPIE_ASSIGN_OR_RETURN(std::string raw, call.RequiredString("id"));
  auto id = core::ParseId(raw);
  if (!id) return core::Error::NotFound();
  MAGPIE_RETURN_IF_ERROR(DismissId(call, viewer, *id));
  return EmptyJson();
}

Result<http::Response> Clear(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:notifications"));
  MAGPIE_RETURN_IF_ERROR(Notifications(call).Clear(viewer));
  return EmptyJson();
}

// Counted from the notifications marker, capped at `limit` (default 100, at most 1000).
Result<http::Response> UnreadCount(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:notifications"));
  MAGPIE_ASSIGN_OR_RETURN(auto limit, call.Int("limit"));
  const int64_t cap = std::clamp<int64_t>(limit.value_or(100), 1, 1000);
  const std::string timelines[] = {"notifications"};
  Id since = 0;
  for (const auto& m : call.ctx().accounts->Markers(viewer, timelines)) since = m.last_read_id;
  int64_t count = Notifications(call).UnreadCount(viewer, since);
  return JsonResponse(json::object{{"count", std::min(count, cap)}});
}

// ---- v2 grouped notifications -----------------------------------------------------------------

json::object GroupJson(const json::object& notification) {
  json::object g;
  const json::value* id = notification.if_contains("id");
  std::string id_str = id && id->is_string() ? std::string(id->as_string()) : std::string();
  g["group_key"] = std::string(kGroupPrefix) + id_str;
  g["notifications_count"] = 1;
  g["type"] = notification.at("type");
  g["most_recent_notification_id"] = id_str;
  g["page_min_id"] = id_str;
  g["page_max_id"] = id_str;
  g["latest_page_notification_at"] = notification.at("created_at");
  const json::object& account = notification.at("account").as_object();
  g["sample_account_ids"] = json::array{account.at("id")};
  if (const json::value* status = notification.if_contains("status")) {
    g["status_id"] = status->as_object().at("id");
  }
  return g;
}

// {accounts, statuses, notification_groups} from presented v1 notifications, each account and
// status listed once.
json::object GroupedJson(const json::array& notifications) {
  json::array accounts;
  json::array statuses;
  json::array groups;
  std::unordered_set<std::string> seen_accounts;
  std::unordered_set<std::string> seen_statuses;
  for (const auto& v : notifications) {
    const json::object& n = v.as_object();
    const json::object& account = n.at("account").as_object();
    if (seen_accounts.insert(std::string(account.at("id").as_string())).second) {
      accounts.push_back(account);
    }
    if (const json::value* status = n.if_contains("status")) {
      if (seen_statuses.insert(std::string(status->as_object().at("id").as_string())).second) {
        statuses.push_back(*status);
      }
    }
    groups.push_back(GroupJson(n));
  }
  return json::object{{"accounts", std::move(accounts)},
                      {"statuses", std::move(statuses)},
                      {"notification_groups", std::move(groups)}};
}

Result<Id> GroupKeyId(const Call& call) {
  std::string_view key = call.request_const().PathParam("group_key");
  if (!key.starts_with(kGroupPrefix)) return core::Error::NotFound();
  auto id = core::ParseId(key.substr(kGroupPrefix.size()));
  if (!id) return core::Error::NotFound();
  return *id;
}

Result<http::Response> ListGrouped(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:notifications"));
  bool nothing_matches = false;
  MAGPIE_ASSIGN_OR_RETURN(domain::NotificationQuery query, ReadQuery(call, nothing_matches));
  if (nothing_matches) return JsonResponse(GroupedJson(json::array()));
  std::vector<domain::Notification> items = Notifications(call).List(viewer, query);
  std::vector<Id> cursors;
  for (const auto& n : items) cursors.push_back(n.id);
  http::Response r = JsonResponse(GroupedJson(Presenter(call.ctx()).Notifications(viewer, items)));
  SetLinkHeader(r, call, cursors);
  return r;
}

Result<http::Response> GetGroup(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:notifications"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, GroupKeyId(call));
  MAGPIE_ASSIGN_OR_RETURN(domain::Notification n, Notifications(call).Get(viewer, id));
  json::array one = Presenter(call.ctx()).Notifications(viewer, {n});
  if (one.empty()) return core::Error::NotFound();
  return JsonResponse(GroupedJson(one));
}

Result<http::Response> GroupAccounts(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "read:notifications"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, GroupKeyId(call));
  MAGPIE_ASSIGN_OR_RETURN(domain::Notification n, Notifications(call).Get(viewer, id));
  const Id from[] = {n.from_account_id};
  return JsonResponse(Presenter(call.ctx()).Accounts(from));
}

Result<http::Response> DismissGroup(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, Viewer(call, "write:notifications"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, GroupKeyId(call));
  MAGPIE_RETURN_IF_ERROR(DismissId(call, viewer, id));
  return EmptyJson();
}

// Magpie has no notification filtering policy yet: everything is accepted, nothing is pending.
Result<http::Response> Policy(Call& call) {
  MAGPIE_RETURN_IF_ERROR(Viewer(call, "read:notifications"));
  return JsonResponse(json::object{
      {"for_not_following", "accept"},
      {"for_not_followers", "accept"},
      {"for_new_accounts", "accept"},
      {"for_private_mentions", "accept"},
      {"for_limited_accounts", "accept"},
      {"filter_not_following", false},
      {"filter_not_followers", false},
      {"filter_new_accounts", false},
      {"filter_private_mentions", false},
      {"summary", json::object{{"pending_requests_count", 0}, {"pending_notifications_count", 0}}},
  });
}

Result<http::Response> Requests(Call& call) {
  MAGPIE_RETURN_IF_ERROR(Viewer(call, "read:notifications"));
  return JsonResponse(json::array());
}

}  // namespace

void RegisterNotificationRoutes(http::Router& router, const ApiContext& ctx) {
  using http::Method;
  auto add = [&](Method m, std::string_view pattern, ApiHandler h) {
    router.Add(m, pattern, Endpoint(ctx, std::move(h)));
  };
  add(Method::kGet, "/api/v1/notifications", List);
  add(Method::kGet, "/api/v1/notifications/unread_count", UnreadCount);
  add(Method::kGet, "/api/v1/notifications/policy", Policy);
  add(Method::kGet, "/api/v1/notifications/requests", Requests);
  add(Method::kPost, "/api/v1/notifications/clear", Clear);
  add(Method::kPost, "/api/v1/notifications/dismiss", DismissLegacy);
  add(Method::kGet, "/api/v1/notifications/:id", Get);
  add(Method::kPost, "/api/v1/notifications/:id/dismiss", Dismiss);

  add(Method::kGet, "/api/v2/notifications", ListGrouped);
  add(Method::kGet, "/api/v2/notifications/unread_count", UnreadCount);
  add(Method::kGet, "/api/v2/notifications/policy", Policy);
  add(Method::kGet, "/api/v2/notifications/:group_key", GetGroup);
  add(Method::kGet, "/api/v2/notifications/:group_key/accounts", GroupAccounts);
  add(Method::kPost, "/api/v2/notifications/:group_key/dismiss", DismissGroup);
}

}  // namespace magpie::api
