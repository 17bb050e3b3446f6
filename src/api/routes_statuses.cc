// Status endpoints (docs.joinmastodon.org "Methods/statuses"): post, read, edit, delete, context,
// history, source, favourite/reblog/bookmark/pin/mute and their lists, quotes with their
// revocation and the quote policy (interaction_policy), plus /api/v1/favourites and
// /api/v1/bookmarks. Handlers parse and validate, call StatusService, and present; the rules live
// in the service.
//
// Answered with a 422 that says so rather than silently ignored: media_ids naming uploads (there
// is no media module yet: every id is unknown), polls and scheduled posts (issue 2 does not ask
// for them; they come with the media and scheduling work).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <chrono>

#include "api/account_routes.h"
#include "api/call.h"
#include "api/presenter.h"
#include "api/routes.h"
#include "api/status_presenter.h"
#include "api/status_routes.h"
#include "domain/names.h"
#include "domain/status_service.h"

namespace magpie::api {

namespace json = boost::json;
using domain::StatusPtr;
using http::Method;

http::Response StatusPage(Call& call, Id viewer, const std::vector<Id>& ids,
                          std::string_view filter_context, const std::vector<Id>& cursors) {
  http::Response r;
  r.pieces = StatusPresenter(call.ctx()).StatusesPieces(viewer, ids, filter_context);
  SetLinkHeader(r, call, cursors);
  return r;
}

namespace {

domain::StatusService& Svc(Call& call) { return *call.ctx().statuses; }

Result<http::Response> Present(const ApiContext& ctx, Id viewer, Id status_id) {
  Id ids[1] = {status_id};
  std::string body = StatusPresenter(ctx).StatusesBody(viewer, ids, "");
  if (body.size() < 3) return Error::NotFound();  // "[]": not visible
  return http::Response::Json(200, body.substr(1, body.size() - 2));
}

Result<http::Response> Present(Call& call, Id viewer, Id status_id) {
  return Present(call.ctx(), viewer, status_id);
}

// An optional id parameter: absent or empty is 0; anything else must be an id (else 404, as an
// unknown status would be).
Result<Id> OptionalIdParam(Call& call, std::string_view key) {
  auto s = call.String(key);
  if (!s || s->empty()) return Id{0};
  auto id = core::ParseId(*s);
  if (!id) return Error::NotFound();
  return *id;
}

Result<std::optional<domain::Visibility>> VisibilityParam(Call& call, std::string_view key) {
  auto s = call.String(key);
  if (!s || s->empty()) return std::optional<domain::Visibility>();
  auto v = domain::ParseVisibility(*s);
  if (!v) return Error::Invalid("Validation failed: Visibility is not included in the list");
  return std::optional<domain::Visibility>(*v);
}

Result<std::optional<domain::QuotePolicy>> QuotePolicyParam(Call& call) {
  auto s = call.String("quote_approval_policy");
  if (!s || s->empty()) return std::optional<domain::QuotePolicy>();
  auto p = domain::ParseQuotePolicy(*s);
  if (!p)
    return Error::Invalid("Validation failed: Quote approval policy is not included in the list");
  return std::optional<domain::QuotePolicy>(*p);
}

// Parameters Magpie cannot honour yet must fail loudly rather than be dropped.
core::Status RejectUnsupported(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(std::vector<Id> media, call.IdArray("media_ids"));
  if (!media.empty()) {
    std::string names;
    for (Id id : media) names += (names.empty() ? "" : ", ") + core::IdToString(id);
    return Error::Invalid("Validation failed: unknown media_ids: " + names);
  }
  const json::value* poll = call.Raw("poll");
  if (poll != nullptr && !poll->is_null() && !(poll->is_object() && poll->as_object().empty()) &&
      !(poll->is_string() && poll->as_string().empty())) {
    return Error::Invalid("Validation failed: polls are not supported yet");
  }
  if (auto when = call.String("scheduled_at"); when && !when->empty()) {
    return Error::Invalid("Validation failed: scheduled posts are not supported yet");
  }
  return core::Ok();
}

core::Status RateLimitPosts(Call& call, const domain::AuthInfo& auth) {
  return call.RateLimit("posts", core::IdToString(auth.account_id),
                        call.ctx().config.rate_limits.posts_per_account, std::chrono::hours(3));
}

Result<domain::PostRequest> ReadPostRequest(Call& call, const domain::AuthInfo& auth) {
  MAGPIE_RETURN_IF_ERROR(RejectUnsupported(call));
  domain::PostRequest req;
  req.text = call.String("status").value_or("");
  req.spoiler_text = call.String("spoiler_text").value_or("");
  MAGPIE_ASSIGN_OR_RETURN(req.visibility, VisibilityParam(call, "visibility"));
  MAGPIE_ASSIGN_OR_RETURN(req.sensitive, call.Bool("sensitive"));
  if (auto lang = call.String("language"); lang && !lang->empty()) req.language = *lang;
  MAGPIE_ASSIGN_OR_RETURN(req.in_reply_to_id, OptionalIdParam(call, "in_reply_to_id"));
  MAGPIE_ASSIGN_OR_RETURN(req.quoted_status_id, OptionalIdParam(call, "quoted_status_id"));
  MAGPIE_ASSIGN_OR_RETURN(req.quote_policy, QuotePolicyParam(call));
  req.application_id = auth.application_id;
  if (auto key = call.request_const().Header("idempotency-key")) req.idempotency_key = *key;
  return req;
}

Result<http::Response> CreateStatus(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:statuses"));
  MAGPIE_RETURN_IF_ERROR(RateLimitPosts(call, auth));
  MAGPIE_ASSIGN_OR_RETURN(domain::PostRequest req, ReadPostRequest(call, auth));
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Svc(call).Create(auth.account_id, req));
  return Present(call, auth.account_id, s->id);
}

// CreateStatus without a thread waiting for the commit: the post is checked and built here, on
// the event loop; the write is queued; when it is durable, a worker publishes and presents it.
// One thread hop per post instead of two, and no worker parked for the length of an fsync.
// Anything here that would read the store throws core::WouldBlock, and CreateStatus runs instead
// -- so the rate limit is counted only after the last such read (for invalid posts too, and
// before their error, as CreateStatus does).
Result<std::optional<http::Response>> CreateStatusFast(Call& call, const http::Reply& reply) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:statuses"));
  auto prepare = [&]() -> Result<domain::PreparedPost> {
    MAGPIE_ASSIGN_OR_RETURN(domain::PostRequest req, ReadPostRequest(call, auth));
    return Svc(call).PrepareCreate(auth.account_id, req);
  };
  Result<domain::PreparedPost> prepared_or = prepare();
  MAGPIE_RETURN_IF_ERROR(RateLimitPosts(call, auth));
  MAGPIE_ASSIGN_OR_RETURN(domain::PreparedPost prepared, std::move(prepared_or));
  const ApiContext& ctx = call.ctx();
  const Id viewer = auth.account_id;
  const LaterReply later(reply, call);
  if (prepared.earlier) {  // the same Idempotency-Key again: the post made the first time
    later.Then(http::Reply::On::kWorkers,
               [&ctx, viewer, id = prepared.earlier->id](const LaterReply& r) {
                 r.Send(Present(ctx, viewer, id));
               });
    return std::optional<http::Response>();
  }
  auto post = std::make_shared<const domain::PreparedPost>(std::move(prepared));
  ctx.statuses->WriteCreated(*post, [&ctx, viewer, post, later](const core::Status& written) {
    // On the database's writer thread: only hand on.
    later.Then(http::Reply::On::kWorkers, [&ctx, viewer, post, written](const LaterReply& r) {
      Result<StatusPtr> s = ctx.statuses->FinishCreate(*post, written);
      if (!s.ok()) {
        r.Send(std::move(s).error());
        return;
      }
      r.Send(Present(ctx, viewer, (*s)->id));
    });
  });
  return std::optional<http::Response>();
}

Result<http::Response> GetStatus(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  return Present(call, viewer, id);
}

Result<http::Response> GetStatuses(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(std::vector<Id> ids, call.IdArray("id"));
  if (ids.size() > 40) ids.resize(40);
  return http::Response::Json(200, StatusPresenter(call.ctx()).StatusesBody(viewer, ids, ""));
}

Result<http::Response> DeleteStatus(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:statuses"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Svc(call).Delete(auth.account_id, id));
  return JsonResponse(StatusPresenter(call.ctx()).Deleted(auth.account_id, s));
}

Result<http::Response> EditStatus(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:statuses"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_RETURN_IF_ERROR(RejectUnsupported(call));
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr current, Svc(call).Get(auth.account_id, id));
  domain::EditRequest req;
  req.text = call.String("status").value_or(current->text);
  req.spoiler_text = call.String("spoiler_text").value_or("");
  MAGPIE_ASSIGN_OR_RETURN(req.sensitive, call.Bool("sensitive"));
  if (auto lang = call.String("language"); lang && !lang->empty()) req.language = *lang;
  // Mastodon 4.5 also takes the quote policy on edit.
  MAGPIE_ASSIGN_OR_RETURN(auto policy, QuotePolicyParam(call));
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Svc(call).Edit(auth.account_id, id, req));
  if (policy) {
    MAGPIE_ASSIGN_OR_RETURN(s, Svc(call).SetQuotePolicy(auth.account_id, s->id, *policy));
  }
  return Present(call, auth.account_id, s->id);
}

Result<http::Response> StatusSource(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:statuses"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Svc(call).Get(auth.account_id, id));
  return JsonResponse(json::object{
      {"id", core::IdToString(s->id)}, {"text", s->text}, {"spoiler_text", s->spoiler_text}});
}

Result<http::Response> StatusHistory(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto versions, Svc(call).History(viewer, id));
  return JsonResponse(StatusPresenter(call.ctx()).History(versions));
}

Result<http::Response> StatusContext(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto context, Svc(call).Context(viewer, id));
  StatusPresenter presenter(call.ctx());
  return http::Response::Json(
      200, "{\"ancestors\":" + presenter.StatusesBody(viewer, context.ancestors, "thread") +
               ",\"descendants\":" + presenter.StatusesBody(viewer, context.descendants, "thread") +
               "}");
}

// POST /:id/<action>: the signed-in account acts, and gets the status back.
using Action = Result<StatusPtr> (domain::StatusService::*)(Id, Id);
ApiHandler Act(std::string scope, Action action) {
  return [scope = std::move(scope), action](Call& call) -> Result<http::Response> {
    MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser(scope));
    MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
    MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, (Svc(call).*action)(auth.account_id, id));
    return Present(call, auth.account_id, s->id);
  };
}

Result<http::Response> ReblogStatus(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:statuses"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto visibility, VisibilityParam(call, "visibility"));
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Svc(call).Reblog(auth.account_id, id, visibility));
  return Present(call, auth.account_id, s->id);
}

Result<http::Response> FavouritedBy(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto rows, Svc(call).FavouritedBy(viewer, id, call.Page(40, 80)));
  return AccountPage(call, rows);
}

Result<http::Response> RebloggedBy(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto rows, Svc(call).RebloggedBy(viewer, id, call.Page(40, 80)));
  return AccountPage(call, rows);
}

Result<http::Response> StatusQuotes(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(Id viewer, call.ViewerId());
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(auto ids, Svc(call).Quotes(viewer, id, call.Page(20, 40)));
  return StatusPage(call, viewer, ids, "public");
}

// Answers the quoting status, whose quote now reads {"state":"revoked","quoted_status":null}.
Result<http::Response> RevokeQuote(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:statuses"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(Id quoting_id, call.PathId("quoting_status_id"));
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr quoting,
                          Svc(call).RevokeQuote(auth.account_id, id, quoting_id));
  return Present(call, auth.account_id, quoting->id);
}

// PUT with quote_approval_policy (public, followers, nobody); without it the status is answered
// unchanged.
Result<http::Response> InteractionPolicy(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("write:statuses"));
  MAGPIE_ASSIGN_OR_RETURN(Id id, call.PathId());
  MAGPIE_ASSIGN_OR_RETURN(StatusPtr s, Svc(call).Get(auth.account_id, id));
  if (s->account_id != auth.account_id) return Error::Forbidden("This action is not allowed");
  MAGPIE_ASSIGN_OR_RETURN(auto policy, QuotePolicyParam(call));
  if (policy) {
    MAGPIE_ASSIGN_OR_RETURN(s, Svc(call).SetQuotePolicy(auth.account_id, id, *policy));
  }
  return Present(call, auth.account_id, s->id);
}

Result<http::Response> Favourites(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:favourites"));
  auto rows = Svc(call).Favourites(auth.account_id, call.Page(20, 40));
  std::vector<Id> ids, cursors;
  for (const auto& r : rows) {
    ids.push_back(r.id);
    cursors.push_back(r.cursor);
  }
  return StatusPage(call, auth.account_id, ids, "", cursors);
}

Result<http::Response> Bookmarks(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, call.RequireUser("read:bookmarks"));
  auto rows = Svc(call).Bookmarks(auth.account_id, call.Page(20, 40));
  std::vector<Id> ids, cursors;
  for (const auto& r : rows) {
    ids.push_back(r.id);
    cursors.push_back(r.cursor);
  }
  return StatusPage(call, auth.account_id, ids, "", cursors);
}

}  // namespace

void RegisterStatusRoutes(http::Router& router, const ApiContext& ctx) {
  using domain::StatusService;
  auto add = [&](Method m, std::string_view pattern, ApiHandler h) {
    router.Add(m, pattern, Endpoint(ctx, std::move(h)));
  };
  router.Add(Method::kPost, "/api/v1/statuses", Endpoint(ctx, CreateStatus),
             AsyncEndpoint(ctx, CreateStatusFast));
  add(Method::kGet, "/api/v1/statuses", GetStatuses);
  add(Method::kGet, "/api/v1/statuses/:id", GetStatus);
  add(Method::kDelete, "/api/v1/statuses/:id", DeleteStatus);
  add(Method::kPut, "/api/v1/statuses/:id", EditStatus);
  add(Method::kGet, "/api/v1/statuses/:id/source", StatusSource);
  add(Method::kGet, "/api/v1/statuses/:id/history", StatusHistory);
  add(Method::kGet, "/api/v1/statuses/:id/context", StatusContext);
  add(Method::kPost, "/api/v1/statuses/:id/favourite",
      Act("write:favourites", &StatusService::Favourite));
  add(Method::kPost, "/api/v1/statuses/:id/unfavourite",
      Act("write:favourites", &StatusService::Unfavourite));
  add(Method::kPost, "/api/v1/statuses/:id/reblog", ReblogStatus);
  add(Method::kPost, "/api/v1/statuses/:id/unreblog",
      Act("write:statuses", &StatusService::Unreblog));
  add(Method::kPost, "/api/v1/statuses/:id/bookmark",
      Act("write:bookmarks", &StatusService::Bookmark));
  add(Method::kPost, "/api/v1/statuses/:id/unbookmark",
      Act("write:bookmarks", &StatusService::Unbookmark));
  add(Method::kPost, "/api/v1/statuses/:id/pin", Act("write:accounts", &StatusService::Pin));
  add(Method::kPost, "/api/v1/statuses/:id/unpin", Act("write:accounts", &StatusService::Unpin));
  add(Method::kPost, "/api/v1/statuses/:id/mute",
      Act("write:mutes", &StatusService::MuteConversation));
  add(Method::kPost, "/api/v1/statuses/:id/unmute",
      Act("write:mutes", &StatusService::UnmuteConversation));
  add(Method::kGet, "/api/v1/statuses/:id/favourited_by", FavouritedBy);
  add(Method::kGet, "/api/v1/statuses/:id/reblogged_by", RebloggedBy);
  add(Method::kGet, "/api/v1/statuses/:id/quotes", StatusQuotes);
  add(Method::kPost, "/api/v1/statuses/:id/quotes/:quoting_status_id/revoke", RevokeQuote);
  add(Method::kPut, "/api/v1/statuses/:id/interaction_policy", InteractionPolicy);
  add(Method::kGet, "/api/v1/favourites", Favourites);
  add(Method::kGet, "/api/v1/bookmarks", Bookmarks);

  RegisterTimelineRoutes(router, ctx);
  RegisterFilterRoutes(router, ctx);
  RegisterConversationRoutes(router, ctx);
}

}  // namespace magpie::api
