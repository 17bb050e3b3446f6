#include "api/call.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>
#include <exception>

#include "core/log.h"
#include "core/rate_limiter.h"

namespace magpie::api {

namespace json = boost::json;

Call::Call(http::Request& request, http::Params params, const ApiContext& ctx)
    : request_(request), params_(std::move(params)), ctx_(ctx) {}

Result<std::optional<domain::AuthInfo>> Call::Auth() {
  if (!auth_resolved_) {
    auth_resolved_ = true;
    std::string token;
    if (auto header = request_.Header("authorization")) {
      std::string_view h = *header;
      if (h.size() > 7 && (h.substr(0, 7) == "Bearer " || h.substr(0, 7) == "bearer ")) {
        token = std::string(h.substr(7));
      } else {
        auth_error_ = Error::Unauthenticated("The access token is invalid");
      }
    } else if (auto t = String("access_token")) {
      token = *t;
    }
    if (!token.empty() && !auth_error_) {
      auto info = ctx_.auth->Authenticate(token);
      if (info.ok()) {
        auth_ = *info;
      } else {
        auth_error_ = info.error();
      }
    }
  }
  if (auth_error_) return *auth_error_;
  return auth_;
}

Result<domain::AuthInfo> Call::RequireApp(std::string_view scope) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, Auth());
  if (!auth) return Error::Unauthenticated("The access token is invalid");
  if (!scope.empty() && !domain::ScopeAllows(auth->scopes, scope)) {
    return Error::Forbidden("This action is outside the authorized scopes");
  }
  return *auth;
}

Result<domain::AuthInfo> Call::RequireUser(std::string_view scope) {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, RequireApp(scope));
  if (auth.account_id == 0) {
    return Error::Invalid("This method requires an authenticated user");
  }
  return auth;
}

Result<Id> Call::ViewerId() {
  MAGPIE_ASSIGN_OR_RETURN(auto auth, Auth());
  return auth ? auth->account_id : 0;
}

namespace {

const json::value* Lookup(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

std::string Describe(std::string_view key) { return std::string(key); }

}  // namespace

const json::value* Call::Raw(std::string_view key) const { return Lookup(params_.values, key); }

std::optional<std::string> Call::String(std::string_view key) const {
  const json::value* v = Raw(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_bool()) return v->get_bool() ? "true" : "false";
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  if (v->is_double()) return json::serialize(*v);
  return std::nullopt;  // arrays and objects are not strings
}

Result<std::string> Call::RequiredString(std::string_view key) const {
  auto v = String(key);
  if (!v || v->empty()) {
    Error e = Error::Invalid("Validation failed: " + Describe(key) + " can't be blank");
    e.details.push_back({std::string(key), "ERR_BLANK", "can't be blank"});
    return e;
  }
  return *v;
}

Result<std::optional<bool>> Call::Bool(std::string_view key) const {
  const json::value* v = Raw(key);
  if (v == nullptr || v->is_null()) return std::optional<bool>();
  if (v->is_bool()) return std::optional<bool>(v->get_bool());
  if (v->is_int64()) return std::optional<bool>(v->get_int64() != 0);
  if (v->is_string()) {
    std::string_view s = v->get_string();
    // Rails' boolean casting, which Mastodon clients rely on ("1", "true", "on", ...).
    if (s == "true" || s == "1" || s == "on" || s == "t" || s == "TRUE" || s == "True") {
      return std::optional<bool>(true);
    }
    if (s == "false" || s == "0" || s == "off" || s == "f" || s == "FALSE" || s == "False" ||
        s.empty()) {
      return std::optional<bool>(false);
    }
  }
  return Error::Invalid(Describe(key) + " must be a boolean");
}

Result<std::optional<int64_t>> Call::Int(std::string_view key) const {
  const json::value* v = Raw(key);
  if (v == nullptr || v->is_null()) return std::optional<int64_t>();
  if (v->is_int64()) return std::optional<int64_t>(v->get_int64());
  if (v->is_uint64() && v->get_uint64() <= INT64_MAX) {
    return std::optional<int64_t>(static_cast<int64_t>(v->get_uint64()));
  }
  if (v->is_string()) {
    std::string_view s = v->get_string();
    if (s.empty()) return std::optional<int64_t>();
    int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && p == s.data() + s.size()) return std::optional<int64_t>(n);
  }
  return Error::Invalid(Describe(key) + " must be an integer");
}

Result<std::vector<std::string>> Call::StringArray(std::string_view key) const {
  const json::value* v = Raw(key);
  if (v == nullptr) v = Raw(std::string(key) + "[]");
  std::vector<std::string> out;
  if (v == nullptr || v->is_null()) return out;
  auto take = [&](const json::value& item) -> core::Status {
    if (item.is_string()) {
      out.emplace_back(item.get_string());
    } else if (item.is_int64() || item.is_uint64()) {
      out.push_back(json::serialize(item));
    } else {
      return Error::Invalid(Describe(key) + " must be a list of strings");
    }
    return core::Ok();
  };
  if (v->is_array()) {
    for (const auto& item : v->get_array()) MAGPIE_RETURN_IF_ERROR(take(item));
  } else if (v->is_object()) {
    for (const auto& kv : v->get_object()) MAGPIE_RETURN_IF_ERROR(take(kv.value()));
  } else {
    MAGPIE_RETURN_IF_ERROR(take(*v));
  }
  if (out.size() > 1000) return Error::Invalid(Describe(key) + " has too many items");
  return out;
}

Result<std::vector<Id>> Call::IdArray(std::string_view key) const {
  MAGPIE_ASSIGN_OR_RETURN(auto strings, StringArray(key));
  std::vector<Id> ids;
  ids.reserve(strings.size());
  for (const auto& s : strings) {
    auto id = core::ParseId(s);
    if (!id) {
      // Quote at most 32 bytes, cut on a code point boundary: the message goes back as JSON.
      size_t cut = std::min<size_t>(s.size(), 32);
      while (cut > 0 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
        --cut;
      }
      return Error::Invalid(Describe(key) + " contains an invalid id: " + s.substr(0, cut));
    }
    ids.push_back(*id);
  }
  return ids;
}

Result<Id> Call::PathId(std::string_view name) const {
  auto id = core::ParseId(request_.PathParam(name));
  if (!id) return Error::NotFound();
  return *id;
}

domain::Page Call::Page(int default_limit, int max_limit) const {
  domain::Page page;
  auto id_param = [&](std::string_view key) -> std::optional<Id> {
    auto s = String(key);
    if (!s || s->empty()) return std::nullopt;
    return core::ParseId(*s);  // a malformed cursor is ignored, as Mastodon does
  };
  page.max_id = id_param("max_id");
  page.since_id = id_param("since_id");
  page.min_id = id_param("min_id");
  int64_t limit = default_limit;
  if (auto l = Int("limit"); l.ok() && l->has_value()) limit = **l;
  page.limit = static_cast<int>(std::clamp<int64_t>(limit, 1, max_limit));
  return page;
}

core::Status Call::RateLimit(std::string_view bucket, std::string_view key, int64_t limit,
                             std::chrono::milliseconds window) {
  if (ctx_.limiter == nullptr || limit <= 0) return core::Ok();
  std::string full(bucket);
  full += ':';
  full += key;
  core::RateDecision d = ctx_.limiter->Hit(full, limit, window);
  rate_headers_.clear();
  rate_headers_.emplace_back("X-RateLimit-Limit", std::to_string(d.limit));
  rate_headers_.emplace_back("X-RateLimit-Remaining", std::to_string(d.remaining));
  rate_headers_.emplace_back("X-RateLimit-Reset", core::FormatIso8601(d.reset_at_ms));
  if (!d.allowed) return Error::RateLimited("Too many requests");
  return core::Ok();
}

http::Response JsonResponse(const json::value& value, int status) {
  return http::Response::Json(status, json::serialize(value));
}

http::Response ErrorResponse(const Error& error) {
  int status = 500;
  switch (error.code) {
    case core::ErrorCode::kBadRequest:
      status = 400;
      break;
    case core::ErrorCode::kUnauthenticated:
      status = 401;
      break;
    case core::ErrorCode::kForbidden:
      status = 403;
      break;
    case core::ErrorCode::kNotFound:
      status = 404;
      break;
    case core::ErrorCode::kConflict:
      status = 409;
      break;
    case core::ErrorCode::kTooLarge:
      status = 413;
      break;
    case core::ErrorCode::kInvalid:
      status = 422;
      break;
    case core::ErrorCode::kRateLimited:
      status = 429;
      break;
    case core::ErrorCode::kUnavailable:
      status = 503;
      break;
    case core::ErrorCode::kInternal:
      status = 500;
      break;
  }
  json::object body;
  body["error"] = status == 500 ? std::string("Internal server error") : error.message;
  if (!error.details.empty()) {
    json::object details;
    for (const auto& d : error.details) {
      json::object item{{"error", d.error}, {"description", d.description}};
      auto& arr = details[d.field];
      if (!arr.is_array()) arr = json::array();
      arr.get_array().push_back(std::move(item));
    }
    body["details"] = std::move(details);
  }
  http::Response r = JsonResponse(body, status);
  if (status == 401) r.SetHeader("WWW-Authenticate", "Bearer realm=\"Magpie\"");
  return r;
}

namespace {

// A handler's result as HTTP: an Error becomes its Mastodon body (logged when internal), and the
// call's rate-limit headers go on either way.
http::Response ToResponse(Result<http::Response> result, const std::string& path,
                          const std::string& request_id, const http::Fields& rate_headers) {
  http::Response response;
  if (result.ok()) {
    response = std::move(result).value();
  } else {
    if (result.error().code == core::ErrorCode::kInternal) {
      core::log::Error("request failed", {core::log::Str("path", path),
                                          core::log::Str("error", result.error().message),
                                          core::log::Str("request_id", request_id)});
    }
    response = ErrorResponse(result.error());
  }
  for (const auto& [k, v] : rate_headers) response.SetHeader(k, v);
  return response;
}

}  // namespace

http::Handler Endpoint(const ApiContext& ctx, ApiHandler handler) {
  return [&ctx, handler = std::move(handler)](http::Request& request) -> http::Response {
    auto params = http::ParseParams(request);
    if (!params.ok()) return ErrorResponse(params.error());
    Call call(request, std::move(params).value(), ctx);
    try {
      return ToResponse(handler(call), request.path, request.request_id, call.rate_limit_headers());
    } catch (const std::exception& e) {
      // A handler bug must not take the connection down with it; log it and answer 500.
      core::log::Error("handler threw",
                       {core::log::Str("path", request.path), core::log::Str("what", e.what()),
                        core::log::Str("request_id", request.request_id)});
      http::Response response = ErrorResponse(Error::Internal(e.what()));
      for (const auto& [k, v] : call.rate_limit_headers()) response.SetHeader(k, v);
      return response;
    }
  };
}

LaterReply::LaterReply(http::Reply reply, const Call& call)
    : reply_(std::move(reply)),
      context_(std::make_shared<const Context>(Context{
          call.rate_limit_headers(), call.request_const().path, call.request_const().request_id})) {
}

void LaterReply::Send(Result<http::Response> result) const {
  reply_.Send(
      ToResponse(std::move(result), context_->path, context_->request_id, context_->headers));
}

void LaterReply::Then(http::Reply::On where, std::function<void(const LaterReply&)> step) const {
  reply_.Then(where, [self = *this, step = std::move(step)](const http::Reply&) { step(self); });
}

http::AsyncHandler AsyncEndpoint(const ApiContext& ctx, AsyncApiHandler handler) {
  return [&ctx, handler = std::move(handler)](http::Request& request, const http::Reply& reply) {
    auto params = http::ParseParams(request);
    if (!params.ok()) {
      reply.Send(ErrorResponse(params.error()));
      return;
    }
    Call call(request, std::move(params).value(), ctx);
    // core::WouldBlock passes through to the server, which runs the blocking Endpoint instead;
    // other exceptions are its 500 too.
    Result<std::optional<http::Response>> result = handler(call, reply);
    if (!result.ok()) {
      reply.Send(ToResponse(std::move(result).error(), request.path, request.request_id,
                            call.rate_limit_headers()));
    } else if (result->has_value()) {
      reply.Send(ToResponse(std::move(**result), request.path, request.request_id,
                            call.rate_limit_headers()));
    }
  };
}

void SetLinkHeader(http::Response& response, const Call& call, const std::vector<Id>& cursors) {
  if (cursors.empty()) return;
  // Keep the caller's other query parameters (limit, only_media, types[] ...), drop the cursors.
  std::string kept;
  for (const auto& [k, v] : call.request_const().query) {
    if (k == "max_id" || k == "min_id" || k == "since_id" || k == "access_token") continue;
    kept += boost::urls::encode(k, boost::urls::unreserved_chars);
    kept += '=';
    kept += boost::urls::encode(v, boost::urls::unreserved_chars);
    kept += '&';
  }
  const std::string base = call.ctx().config.base_url + call.request_const().path + "?" + kept;
  std::string link = "<" + base + "max_id=" + std::to_string(cursors.back()) +
                     ">; rel=\"next\", <" + base + "min_id=" + std::to_string(cursors.front()) +
                     ">; rel=\"prev\"";
  response.SetHeader("Link", std::move(link));
}

}  // namespace magpie::api
