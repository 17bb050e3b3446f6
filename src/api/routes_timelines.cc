// Timeline endpoints (docs.joinmastodon.org "Methods/timelines" and accounts/:id/statuses): home,
// public, tag, list and account timelines. Every one pages by max_id/since_id/min_id with a limit
// (default 20, at most 40) and answers a Link header built from the ids of the page; the ids come
// from TimelineService (memory first for home) with the snapshots it read them as, which the
// presenter renders without looking them up again.
#include "api/call.h"
#include "api/status_presenter.h"
#include "api/status_routes.h"
#include "timeline/timeline_service.h"

namespace magpie::api {

using http::Method;

namespace {

timeline::TimelineService& Timelines(Call& call) { return *call.ctx().timelines; }

http::Response TimelineResponse(Call& call, Id viewer, const timeline::TimelinePage& page,
                                std::string_view filter_context) {
  http::Response r;
  r.pieces = StatusPresenter(call.ctx())
                 .StatusesPieces(viewer, page.statuses, page.originals, filter_context);
  SetLinkHeader(r, call, page.ids());
  return r;
}

Result<bool> Flag(Call& call, std::string_view key) {
  MAGPIE_ASSIGN_OR_RETURN(auto v, call.Bool(key));
  return v.value_or(false);
}

Result<http::Response> Home(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:statuses"));
  auto page = Timelines(call).Home(auth.account_id, call.Page(20, 40));
  return TimelineResponse(call, auth.account_id, page, "home");
}

Result<http::Response> Public(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  timeline::PublicQuery q;
  MAGPIE_ASSIGN_OR_RETURN(q.local, Flag(call, "local"));
  MAGPIE_ASSIGN_OR_RETURN(q.remote, Flag(call, "remote"));
  MAGPIE_ASSIGN_OR_RETURN(q.only_media, Flag(call, "only_media"));
  auto page = Timelines(call).Public(viewer, q, call.Page(20, 40));
  return TimelineResponse(call, viewer, page, "public");
}

Result<http::Response> Tag(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  timeline::TagQuery q;
  q.tag = std::string(call.request_const().PathParam("hashtag"));
  MAGPIE_ASSIGN_OR_RETURN(q.any, call.StringArray("any"));
  MAGPIE_ASSIGN_OR_RETURN(q.all, call.StringArray("all"));
  MAGPIE_ASSIGN_OR_RETURN(q.none, call.StringArray("none"));
  MAGPIE_ASSIGN_OR_RETURN(q.local, Flag(call, "local"));
  MAGPIE_ASSIGN_OR_RETURN(q.remote, Flag(call, "remote"));
  MAGPIE_ASSIGN_OR_RETURN(q.only_media, Flag(call, "only_media"));
  auto page = Timelines(call).Tag(viewer, q, call.Page(20, 40));
  return TimelineResponse(call, viewer, page, "public");
}

Result<http::Response> List(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:lists"));
  MAGPIE_ASSIGN_OR_RETURN(Id list_id, call.PathId("list_id"));
  MAGPIE_ASSIGN_OR_RETURN(auto page,
                          Timelines(call).List(auth.account_id, list_id, call.Page(20, 40)));
  return TimelineResponse(call, auth.account_id, page, "home");
}

Result<http::Response> AccountStatuses(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id account_id, call.PathId());
  timeline::AccountQuery q;
  MAGPIE_ASSIGN_OR_RETURN(q.pinned, Flag(call, "pinned"));
  MAGPIE_ASSIGN_OR_RETURN(q.exclude_replies, Flag(call, "exclude_replies"));
  MAGPIE_ASSIGN_OR_RETURN(q.exclude_reblogs, Flag(call, "exclude_reblogs"));
  MAGPIE_ASSIGN_OR_RETURN(q.only_media, Flag(call, "only_media"));
  q.tagged = call.String("tagged").value_or("");
  MAGPIE_ASSIGN_OR_RETURN(auto page,
                          Timelines(call).Account(viewer, account_id, q, call.Page(20, 40)));
  return TimelineResponse(call, viewer, page, "account");
}

}  // namespace

void RegisterTimelineRoutes(http::Router& router, const ApiContext& ctx) {
  // A warm home or account-timeline read (feed, statuses, accounts and flags in memory) is
  // answered on the event loop; a read that needs the store is rerun on the worker pool
  // (http::RouteOptions).
  router.Add(Method::kGet, "/api/v1/timelines/home", Endpoint(ctx, Home),
             http::RouteOptions{.inline_first = true});
  router.Add(Method::kGet, "/api/v1/timelines/public", Endpoint(ctx, Public));
  router.Add(Method::kGet, "/api/v1/timelines/tag/:hashtag", Endpoint(ctx, Tag));
  router.Add(Method::kGet, "/api/v1/timelines/list/:list_id", Endpoint(ctx, List));
  router.Add(Method::kGet, "/api/v1/accounts/:id/statuses", Endpoint(ctx, AccountStatuses),
             http::RouteOptions{.inline_first = true});
}

}  // namespace magpie::api
