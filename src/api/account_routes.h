// Internal to api/: the parts RegisterAccountRoutes (routes_accounts.cc) is assembled from, and
// small helpers they share. Not for other modules.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "api/call.h"
#include "api/context.h"
#include "domain/auth_service.h"
#include "domain/model.h"
#include "http/router.h"

namespace magpie::api {

void RegisterOAuthRoutes(http::Router& router, const ApiContext& ctx);     // routes_oauth.cc
void RegisterInstanceRoutes(http::Router& router, const ApiContext& ctx);  // routes_instance.cc
void RegisterNotificationRoutes(http::Router& router,
                                const ApiContext& ctx);                  // routes_notifications.cc
void RegisterMiscRoutes(http::Router& router, const ApiContext& ctx);    // routes_misc.cc
void RegisterMagpieRoutes(http::Router& router, const ApiContext& ctx);  // routes_magpie.cc

// A page of accounts (followers, blocks, follow requests, list members ...) as JSON, with the
// Link header built from the items' cursors.
http::Response AccountPage(Call& call, const std::vector<domain::Cursored>& items);

// The List entity.
boost::json::object ListJson(const domain::List& list);  // routes_misc.cc

// The client's address for per-IP rate limits.
inline std::string ClientIp(const Call& call) {
  const std::string& ip = call.request_const().remote_address;
  return ip.empty() ? std::string("unknown") : ip;
}

// The Token entity for a newly issued token (the token endpoint, the password change), never
// cached.
http::Response TokenResponse(const domain::IssuedToken& token);  // routes_oauth.cc

// `{}`, the body Mastodon answers with when there is nothing to say.
inline http::Response EmptyJson() { return JsonResponse(boost::json::object()); }

}  // namespace magpie::api
