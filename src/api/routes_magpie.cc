// Magpie's own extensions under /api/magpie/v1/: what Magpie's web app needs that Mastodon's
// client API has no endpoint for (docs/API.md, "Magpie extensions").
//
// POST /api/magpie/v1/accounts/change_password: the signed-in user changes their password.
// AuthService::ChangePassword owns the rules; this handler reads the parameters, limits the rate
// (each attempt costs an argon2id verification and guesses the current password) and answers
// the new token that replaces the caller's.
#include <boost/json/value.hpp>
#include <chrono>

#include "api/account_routes.h"
#include "domain/auth_service.h"

namespace magpie::api {

namespace json = boost::json;

namespace {

// Per account, so a stolen token cannot guess the current password faster than this.
constexpr int64_t kPasswordChangesPerWindow = 10;
constexpr std::chrono::hours kPasswordChangeWindow{1};

// A parameter that is an object or a list is a 422 naming it; absent is "".
Result<std::string> PasswordParam(const Call& call, std::string_view key) {
  const json::value* v = call.Raw(key);
  if (v != nullptr && (v->is_array() || v->is_object())) {
    return core::Error::Invalid(std::string(key) + " must be a string");
  }
  return call.String(key).value_or("");
}

Result<http::Response> ChangePassword(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(domain::AuthInfo auth, call.RequireUser("write:accounts"));
  MAGPIE_RETURN_IF_ERROR(call.RateLimit("change_password", core::IdToString(auth.account_id),
                                        kPasswordChangesPerWindow, kPasswordChangeWindow));
  MAGPIE_ASSIGN_OR_RETURN(std::string current, PasswordParam(call, "current_password"));
  MAGPIE_ASSIGN_OR_RETURN(std::string password, PasswordParam(call, "password"));
  MAGPIE_ASSIGN_OR_RETURN(domain::IssuedToken token,
                          call.ctx().auth->ChangePassword(auth, current, password));
  return TokenResponse(token);
}

}  // namespace

void RegisterMagpieRoutes(http::Router& router, const ApiContext& ctx) {
  router.Add(http::Method::kPost, "/api/magpie/v1/accounts/change_password",
             Endpoint(ctx, ChangePassword));
}

}  // namespace magpie::api
