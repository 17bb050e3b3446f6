// Internal to api/: the parts RegisterStatusRoutes (routes_statuses.cc) is assembled from, and
// helpers they share. Not for other modules.
#pragma once

#include <string_view>
#include <vector>

#include "api/call.h"
#include "api/context.h"
#include "core/id.h"
#include "http/router.h"

namespace magpie::api {

void RegisterTimelineRoutes(http::Router& router, const ApiContext& ctx);  // routes_timelines.cc
void RegisterFilterRoutes(http::Router& router, const ApiContext& ctx);    // routes_filters.cc
// Conversations, tags, trends and search (routes_conversations.cc).
void RegisterConversationRoutes(http::Router& router, const ApiContext& ctx);

// A page of statuses as `viewer` may see them, filtered for `filter_context`, with the Link
// header built from `cursors` (the ids the page was read by, newest first).
http::Response StatusPage(Call& call, core::Id viewer, const std::vector<core::Id>& ids,
                          std::string_view filter_context, const std::vector<core::Id>& cursors);
inline http::Response StatusPage(Call& call, core::Id viewer, const std::vector<core::Id>& ids,
                                 std::string_view filter_context) {
  return StatusPage(call, viewer, ids, filter_context, ids);
}

}  // namespace magpie::api
