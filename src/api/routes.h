// Route registration, one function per area; app/ calls RegisterApiRoutes once at start-up.
#pragma once

#include "api/context.h"
#include "http/router.h"

namespace magpie::api {

// Apps, OAuth, accounts, the social graph, notifications, lists, markers, preferences, instance
// metadata, nodeinfo, the other start-up endpoints and Magpie's extensions (routes_accounts.cc,
// routes_oauth.cc, routes_instance.cc, routes_notifications.cc, routes_misc.cc,
// routes_magpie.cc).
void RegisterAccountRoutes(http::Router& router, const ApiContext& ctx);
// Statuses, timelines, favourites, bookmarks, filters, conversations, tags, search
// (routes_statuses.cc, routes_timelines.cc, routes_filters.cc, ...).
void RegisterStatusRoutes(http::Router& router, const ApiContext& ctx);

inline void RegisterApiRoutes(http::Router& router, const ApiContext& ctx) {
  RegisterAccountRoutes(router, ctx);
  RegisterStatusRoutes(router, ctx);
}

}  // namespace magpie::api
