// SQLite implementations of the per-user collection ports of domain/social_store.h:
// notifications, lists, filters, markers, direct conversations and featured tags (tables of
// migration 0002).
//
// Contract shared by all of them: thread-safe (no state besides the Database); every write is
// one Database::Write job, so a multi-row change (a filter with its keywords, a direct status
// recorded for every participant) commits whole or not at all; reads use the calling thread's
// read connection, and a read of several queries runs in one read transaction. Rows addressed
// by id on behalf of an owner (a notification, list, filter, featured tag, conversation) are
// kNotFound when missing or when they belong to someone else, so a client cannot tell the two
// apart. Paged lists are newest first (paging.h).
#pragma once

#include "domain/social_store.h"
#include "storage/sqlite/database.h"

namespace magpie::storage::sqlite {

class SqliteNotificationStore final : public domain::NotificationStore {
 public:
  explicit SqliteNotificationStore(Database& db) : db_(db) {}

  core::Status Create(const domain::Notification& n) override;
  core::Status CreateMany(std::span<const domain::Notification> notifications) override;
  // Paged by notification id.
  std::vector<domain::Notification> List(domain::Id account_id,
                                         const domain::NotificationQuery& query) override;
  core::Result<domain::Notification> Get(domain::Id account_id, domain::Id id) override;
  // True when dismissed; kNotFound when there is no such notification of this account.
  core::Result<bool> Dismiss(domain::Id account_id, domain::Id id) override;
  core::Status Clear(domain::Id account_id) override;
  core::Status RemoveForStatus(domain::Id status_id) override;
  int64_t CountUnread(domain::Id account_id, domain::Id since_id) override;

 private:
  Database& db_;
};

class SqliteListStore final : public domain::ListStore {
 public:
  explicit SqliteListStore(Database& db) : db_(db) {}

  core::Status Create(const domain::List& list) override;
  // kNotFound unless list.id belongs to list.account_id.
  core::Status Update(const domain::List& list) override;
  // Deletes the list and its memberships; kNotFound unless it belongs to owner_id.
  core::Result<bool> Delete(domain::Id owner_id, domain::Id list_id) override;
  core::Result<domain::List> Get(domain::Id owner_id, domain::Id list_id) override;
  std::vector<domain::List> ListsOf(domain::Id owner_id) override;
  std::vector<domain::List> ListsContaining(domain::Id owner_id, domain::Id member_id) override;
  // Members already present are skipped; kNotFound when the list or an account is missing.
  core::Status AddMembers(domain::Id list_id, std::span<const domain::Id> account_ids) override;
  core::Status RemoveMembers(domain::Id list_id, std::span<const domain::Id> account_ids) override;
  std::vector<domain::Cursored> Members(domain::Id list_id, const domain::Page& page) override;
  std::vector<domain::Id> MemberIds(domain::Id list_id) override;

 private:
  Database& db_;
};

class SqliteFilterStore final : public domain::FilterStore {
 public:
  explicit SqliteFilterStore(Database& db) : db_(db) {}

  // kNotFound when filter.id exists but belongs to another account; kConflict when a keyword or
  // status id is taken by another filter, or a status is listed twice.
  core::Status Save(const domain::Filter& filter) override;
  core::Result<bool> Delete(domain::Id owner_id, domain::Id filter_id) override;
  core::Result<domain::Filter> Get(domain::Id owner_id, domain::Id filter_id) override;
  // Oldest first, keywords and statuses loaded; three queries whatever the number of filters.
  std::vector<domain::Filter> FiltersOf(domain::Id owner_id) override;

 private:
  Database& db_;
};

class SqliteMarkerStore final : public domain::MarkerStore {
 public:
  explicit SqliteMarkerStore(Database& db) : db_(db) {}

  std::vector<domain::Marker> Get(domain::Id account_id,
                                  std::span<const std::string> timelines) override;
  // The first Set of a timeline stores version 0; every later one adds 1 (Mastodon's
  // lock_version).
  core::Result<domain::Marker> Set(domain::Id account_id, std::string_view timeline,
                                   domain::Id last_read_id, int64_t now) override;

 private:
  Database& db_;
};

class SqliteConversationStore final : public domain::ConversationStore {
 public:
  explicit SqliteConversationStore(Database& db) : db_(db) {}

  // Upserts one row per participant: last_status_id becomes the larger of the old and new ids
  // (participants follow the newest status), the author's row is read, every other row unread.
  core::Status RecordStatus(domain::Id conversation_id, domain::Id status_id, domain::Id author_id,
                            std::span<const domain::Id> participant_ids) override;
  std::vector<domain::Conversation> List(domain::Id account_id, const domain::Page& page) override;
  core::Result<domain::Conversation> Get(domain::Id account_id,
                                         domain::Id conversation_id) override;
  core::Status MarkRead(domain::Id account_id, domain::Id conversation_id) override;
  // Removes this account's view only; the other participants keep theirs.
  core::Result<bool> Remove(domain::Id account_id, domain::Id conversation_id) override;

 private:
  Database& db_;
};

class SqliteFeaturedTagStore final : public domain::FeaturedTagStore {
 public:
  explicit SqliteFeaturedTagStore(Database& db) : db_(db) {}

  // kConflict when the account already features this name (ASCII case-insensitively).
  core::Status Add(const domain::FeaturedTag& tag) override;
  core::Result<bool> Remove(domain::Id account_id, domain::Id featured_tag_id) override;
  // In the order they were featured.
  std::vector<domain::FeaturedTag> Of(domain::Id account_id) override;

 private:
  Database& db_;
};

}  // namespace magpie::storage::sqlite
