// SQLite implementation of domain::StatusStore (schema in migrations/0001_accounts_statuses.sql).
//
// Statuses are soft-deleted (deleted = 1) and every read leaves them out. Each write is one job
// on the Database's group-commit writer, so a status, its mention and tag index rows and the
// counters it moves commit together or not at all. Reads use the calling thread's read
// connection. Thread-safe. Interactions answers from a ViewerInteractionCache when it could be
// set up (viewer_interactions.h), from a query otherwise.
#pragma once

#include <memory>

#include "domain/status_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/viewer_interactions.h"

namespace magpie::storage::sqlite {

class SqliteStatusStore final : public domain::StatusStore {
 public:
  // `interaction_viewers` 0 turns the viewer-interaction cache off.
  explicit SqliteStatusStore(Database& db, size_t interaction_viewers = 100'000);

  core::Status Create(const domain::Status& status, const std::vector<std::string>& normalized_tags,
                      std::string_view idempotency_key) override;
  void CreateAsync(const domain::Status& status, const std::vector<std::string>& normalized_tags,
                   const std::string& idempotency_key, CreateDone done) override;
  std::optional<domain::Id> FindByIdempotencyKey(domain::Id account_id, std::string_view key,
                                                 int64_t now) override;

  core::Result<domain::Status> Get(domain::Id id) override;
  std::vector<domain::Status> GetMany(std::span<const domain::Id> ids) override;

  core::Status Update(const domain::Status& status, const std::vector<std::string>& normalized_tags,
                      const domain::StatusEdit& previous) override;
  std::vector<domain::StatusEdit> History(domain::Id status_id) override;

  core::Result<std::vector<domain::Id>> Delete(domain::Id id) override;
  core::Status SetQuotePolicy(domain::Id id, domain::QuotePolicy policy) override;
  core::Result<bool> RevokeQuote(domain::Id quoting_id) override;

  std::vector<domain::Id> AccountStatuses(domain::Id account_id,
                                          const domain::StatusQuery& query) override;
  std::vector<domain::Id> StatusesByAuthors(std::span<const domain::Id> author_ids,
                                            const domain::StatusQuery& query) override;
  std::vector<domain::Id> PublicStatuses(const domain::StatusQuery& query) override;
  std::vector<domain::Id> TagStatuses(std::string_view normalized_tag,
                                      const domain::StatusQuery& query) override;
  std::vector<domain::Id> StatusesByTags(std::span<const std::string> normalized_tags,
                                         const domain::StatusQuery& query) override;
  std::vector<domain::Id> MentioningStatuses(domain::Id account_id,
                                             const domain::StatusQuery& query) override;
  std::vector<domain::Id> Descendants(domain::Id id, int limit) override;
  std::vector<domain::Id> Quotes(domain::Id id, const domain::Page& page) override;
  std::optional<domain::Id> FindReblog(domain::Id account_id, domain::Id status_id) override;

  core::Result<bool> AddFavourite(domain::Id account_id, domain::Id status_id,
                                  int64_t now) override;
  core::Result<bool> RemoveFavourite(domain::Id account_id, domain::Id status_id) override;
  std::vector<domain::Cursored> FavouritedBy(domain::Id status_id,
                                             const domain::Page& page) override;
  std::vector<domain::Cursored> FavouritesOf(domain::Id account_id,
                                             const domain::Page& page) override;
  std::vector<domain::Cursored> RebloggedBy(domain::Id status_id,
                                            const domain::Page& page) override;

  core::Result<bool> AddBookmark(domain::Id account_id, domain::Id status_id, int64_t now) override;
  core::Result<bool> RemoveBookmark(domain::Id account_id, domain::Id status_id) override;
  std::vector<domain::Cursored> BookmarksOf(domain::Id account_id,
                                            const domain::Page& page) override;

  core::Result<bool> Pin(domain::Id account_id, domain::Id status_id, int64_t now) override;
  core::Result<bool> Unpin(domain::Id account_id, domain::Id status_id) override;
  std::vector<domain::Id> PinnedOf(domain::Id account_id) override;

  core::Result<bool> MuteConversation(domain::Id account_id, domain::Id conversation_id,
                                      int64_t now) override;
  core::Result<bool> UnmuteConversation(domain::Id account_id, domain::Id conversation_id) override;
  std::vector<domain::Id> ConversationMutedBy(domain::Id conversation_id,
                                              std::span<const domain::Id> account_ids) override;

  std::unordered_map<domain::Id, domain::InteractionFlags> Interactions(
      domain::Id viewer, std::span<const domain::Id> status_ids) override;

  int64_t CountLocalStatuses() override;

 private:
  // Create's rows, inside the caller's write job.
  static core::Status InsertStatus(Connection& c, const domain::Status& s,
                                   const std::vector<std::string>& normalized_tags,
                                   std::string_view idempotency_key);
  // The same flags from SQLite: one query for all five, or only the muted arm.
  std::unordered_map<domain::Id, domain::InteractionFlags> InteractionsFromStore(
      domain::Id viewer, std::span<const domain::Id> status_ids, bool muted_only);

  Database& db_;
  std::unique_ptr<ViewerInteractionCache> interactions_;  // null: off
};

}  // namespace magpie::storage::sqlite
