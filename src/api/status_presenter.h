// Internal to api/: the status half of the presenter (presenter_statuses.cc) -- Status, StatusEdit,
// StatusSource, Conversation, Tag, Filter (v1 and v2) entities. Presenter::Statuses/Status
// delegate here; the status routes use the rest.
//
// Hydration of a page is a constant number of calls whatever its size: statuses through the
// status cache, or as a timeline read them (reblogged and quoted statuses in a second batch),
// authors and mentioned accounts in one AccountService::GetMany, the viewer's flags in one
// StatusStore::Interactions, the viewer's filters from FilterService's memory. The
// viewer-independent part of each status comes from the StatusRenderCache when there is one.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.h"
#include "core/id.h"
#include "domain/model.h"
#include "domain/status_cache.h"
#include "domain/status_service.h"
#include "http/message.h"

namespace magpie::api {

class StatusPresenter {
 public:
  explicit StatusPresenter(const ApiContext& ctx) : ctx_(ctx) {}

  // See Presenter::Statuses.
  boost::json::array Statuses(core::Id viewer, std::span<const core::Id> ids,
                              std::string_view filter_context) const;
  // The same, as the serialized JSON array a response carries (the fast path: the cached bytes of
  // each status are spliced, no JSON objects are built for them).
  std::string StatusesBody(core::Id viewer, std::span<const core::Id> ids,
                           std::string_view filter_context) const;
  // The same, as a response body that references the cached bytes instead of copying them.
  http::SharedBody StatusesPieces(core::Id viewer, std::span<const core::Id> ids,
                                  std::string_view filter_context) const;
  // The same for snapshots already read (a timeline page): rendered as they are, with `known`
  // (the statuses their reblogs share, as read) used instead of looking those up again.
  http::SharedBody StatusesPieces(core::Id viewer, const std::vector<domain::StatusPtr>& statuses,
                                  std::span<const domain::StatusPtr> known,
                                  std::string_view filter_context) const;
  // A status rendered as it is, without a visibility check: the answer to DELETE, which also
  // carries the source `text`.
  boost::json::object Deleted(core::Id viewer, const domain::StatusPtr& status) const;
  // StatusEdit entities, oldest first.
  boost::json::array History(const std::vector<domain::StatusVersion>& versions) const;
  // Conversation entities; those whose last status the viewer cannot see carry last_status null.
  boost::json::array Conversations(core::Id viewer,
                                   const std::vector<domain::Conversation>& items) const;
  // The Tag entity for a hashtag (history empty); `following`: the viewer follows it.
  boost::json::object Tag(std::string_view name, bool following = false) const;

  static boost::json::object Filter(const domain::Filter& filter);
  static boost::json::object FilterKeyword(const domain::FilterKeyword& keyword);
  static boost::json::object FilterStatus(const domain::FilterStatus& status);
  // Filters v1 (GET /api/v1/filters): one entry per keyword.
  static boost::json::array FiltersV1(const std::vector<domain::Filter>& filters);
  static boost::json::object FilterV1(const domain::Filter& filter,
                                      const domain::FilterKeyword& keyword);

 private:
  http::SharedBody Render(core::Id viewer, const std::vector<domain::StatusPtr>& top,
                          std::string_view filter_context, bool check_visibility, bool with_source,
                          std::span<const domain::StatusPtr> known = {}) const;
  const ApiContext& ctx_;
};

}  // namespace magpie::api
