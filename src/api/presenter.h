// Turns domain entities into Mastodon's JSON entities (docs.joinmastodon.org "Entities"): the
// only place that knows field names and formats. Batch methods hydrate everything a page needs
// in a constant number of store calls (no query per item) and keep the order they were given.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.h"
#include "core/id.h"
#include "domain/model.h"

namespace magpie::api {

using core::Id;

class Presenter {
 public:
  explicit Presenter(const ApiContext& ctx) : ctx_(ctx) {}

  // --- accounts (presenter_accounts.cc) ---
  boost::json::object Account(const domain::Account& account) const;
  // The same entity serialized in two parts, the form pages of statuses splice into their bytes:
  // everything but the counters, an object left open (from the AccountRenderCache when the
  // context has one: counters move on every post and follow, the rest rarely), and then
  // AppendAccountCounters writes the counters and the closing brace.
  std::shared_ptr<const std::string> AccountJsonHead(const domain::Account& account) const;
  static void AppendAccountCounters(const domain::Account& account, std::string& out);
  // verify_credentials / update_credentials: Account plus `source` and `role`.
  boost::json::object CredentialAccount(const domain::Account& account, const domain::User& user,
                                        int64_t follow_requests_count = 0) const;
  // Accounts by id, order kept, missing ones left out.
  boost::json::array Accounts(std::span<const Id> ids) const;
  boost::json::object Relationship(const domain::Relationship& relationship) const;
  // Notifications with their accounts and statuses; those whose status `viewer` can no longer
  // see are left out.
  boost::json::array Notifications(Id viewer, const std::vector<domain::Notification>& items) const;

  // --- statuses (presenter_statuses.cc) ---
  // Statuses as `viewer` (0 = anonymous) may see them, order kept: invisible or deleted ones are
  // left out; reblogs carry the reblogged status in `reblog`, quotes the quoted one in `quote`;
  // the viewer's flags (favourited, reblogged, bookmarked, pinned, muted) are set; the viewer's
  // filters for `filter_context` ("home", "notifications", "public", "thread", "account") are
  // applied: "hide" drops the status, "warn" fills `filtered`. Empty context: no filtering.
  boost::json::array Statuses(Id viewer, std::span<const Id> ids,
                              std::string_view filter_context) const;
  // One status, or nullopt when it does not exist or `viewer` may not see it.
  std::optional<boost::json::object> Status(Id viewer, Id id,
                                            std::string_view filter_context = "") const;

 private:
  const ApiContext& ctx_;
};

}  // namespace magpie::api
