// One API call as a handler sees it: the request, its parameters (query + body, whatever the
// encoding), the caller's identity (resolved lazily from the bearer token) and helpers that turn
// bad input into the right 4xx. Handlers are straight-line functions returning
// Result<http::Response>; Endpoint() wraps them so an Error becomes the Mastodon error body in
// exactly one place (ErrorResponse) and nothing a client sends can escape as a 500.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.h"
#include "core/id.h"
#include "core/result.h"
#include "domain/auth_service.h"
#include "domain/model.h"
#include "http/message.h"
#include "http/params.h"
#include "http/router.h"

namespace magpie::api {

using core::Error;
using core::Id;
using core::Result;

class Call {
 public:
  Call(http::Request& request, http::Params params, const ApiContext& ctx);

  http::Request& request() { return request_; }
  const http::Request& request_const() const { return request_; }
  const http::Params& params() const { return params_; }
  const ApiContext& ctx() const { return ctx_; }

  // The caller, if a bearer token was sent (Authorization header, or `access_token` in the
  // query/body). An invalid token is an error even where no token is required, as in Mastodon.
  Result<std::optional<domain::AuthInfo>> Auth();
  // A token with a user behind it and the scope, else 401 / 403.
  Result<domain::AuthInfo> RequireUser(std::string_view scope);
  // Any valid token (app-only allowed) with the scope.
  Result<domain::AuthInfo> RequireApp(std::string_view scope);
  // The signed-in account's id, or 0 when anonymous.
  Result<Id> ViewerId();

  // Parameters. A present value of the wrong type is a 422 naming the parameter.
  std::optional<std::string> String(std::string_view key) const;
  // Like String but fails 422 "<key> can't be blank" when missing or empty.
  Result<std::string> RequiredString(std::string_view key) const;
  Result<std::optional<bool>> Bool(std::string_view key) const;
  Result<std::optional<int64_t>> Int(std::string_view key) const;
  // "key" or "key[]", as an array, a single value, or form-style {"0": v, "1": w}.
  Result<std::vector<std::string>> StringArray(std::string_view key) const;
  Result<std::vector<Id>> IdArray(std::string_view key) const;
  // An object parameter (e.g. "source", "fields_attributes"), or nullptr.
  const boost::json::value* Raw(std::string_view key) const;

  // The ":id" (or other) path parameter as an id; 404 "Record not found" when malformed.
  Result<Id> PathId(std::string_view name = "id") const;
  // max_id / since_id / min_id / limit; limit clamped to [1, max_limit], default `default_limit`.
  domain::Page Page(int default_limit = 20, int max_limit = 40) const;

  // Counts a hit against a rate limit and remembers the X-RateLimit-* headers to send.
  // Returns kRateLimited when over.
  core::Status RateLimit(std::string_view bucket, std::string_view key, int64_t limit,
                         std::chrono::milliseconds window);
  const http::Fields& rate_limit_headers() const { return rate_headers_; }

 private:
  http::Request& request_;
  http::Params params_;
  const ApiContext& ctx_;
  bool auth_resolved_ = false;
  std::optional<domain::AuthInfo> auth_;
  std::optional<Error> auth_error_;
  http::Fields rate_headers_;
};

using ApiHandler = std::function<Result<http::Response>(Call&)>;

// Adapts an API handler to the transport: parses parameters, runs the handler, maps errors.
http::Handler Endpoint(const ApiContext& ctx, ApiHandler handler);

// The answer to a call that an asynchronous handler gives later, from another thread (see
// AsyncEndpoint): an http::Reply plus what the call already decided about the response (its
// rate-limit headers) and needs for the log. Copyable; the first Send answers.
class LaterReply {
 public:
  LaterReply(http::Reply reply, const Call& call);
  // Maps an Error as Endpoint does and adds the call's rate-limit headers.
  void Send(Result<http::Response> result) const;
  // Runs `step` on the worker pool or the event loop, then it Sends.
  void Then(http::Reply::On where, std::function<void(const LaterReply&)> step) const;

 private:
  // Shared by the copies (each step of a post holds one): copying is a reference count.
  struct Context {
    http::Fields headers;
    std::string path;
    std::string request_id;
  };
  http::Reply reply_;
  std::shared_ptr<const Context> context_;
};

// A route's fast path (http::AsyncHandler), tried on the event loop where blocking is forbidden
// (core::MayBlock throws core::WouldBlock, and the route's blocking Endpoint runs instead). It
// returns the response to send now, or nullopt once it has handed a LaterReply on.
using AsyncApiHandler =
    std::function<Result<std::optional<http::Response>>(Call&, const http::Reply&)>;
http::AsyncHandler AsyncEndpoint(const ApiContext& ctx, AsyncApiHandler handler);

// The single place that turns an Error into HTTP: status code and {"error": ...} body, with
// "details" for field validation errors, and Retry-After for 429.
http::Response ErrorResponse(const Error& error);

http::Response JsonResponse(const boost::json::value& value, int status = 200);

// Adds Mastodon's Link header for a page whose items carry the given cursors (newest first):
// rel="next" asks for items older than the last cursor, rel="prev" for newer than the first.
// Nothing is added for an empty page.
void SetLinkHeader(http::Response& response, const Call& call, const std::vector<Id>& cursors);

}  // namespace magpie::api
