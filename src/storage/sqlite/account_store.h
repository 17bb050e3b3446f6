// SQLite implementations of domain::AccountStore and domain::OAuthStore (schema in
// migrations/0001_accounts_statuses.sql).
//
// Thread-safe as the ports require: writes go through Database::Write (one job per call,
// committed in a group, durable on return); reads use the calling thread's read connection and
// see every committed write.
//
// Account rows are read on every timeline page (each status's author), and user rows (posting
// defaults) on every post, so Get, GetMany and GetUser answer from caches of rows. It stays exact
// through a row watch on `accounts` (Database::Watch): any write to a row -- a profile edit, or a
// counter moved by a post or a follow in another store -- invalidates it after the commit and
// before the writer's caller is woken (the same for `users`). This process must be the only one
// changing existing account rows while it serves (the admin CLI only adds accounts).
#pragma once

#include "core/snapshot_cache.h"
#include "domain/account_store.h"
#include "storage/sqlite/database.h"

namespace magpie::storage::sqlite {

class SqliteAccountStore final : public domain::AccountStore {
 public:
  // `cache_capacity` 0 turns the row cache off.
  explicit SqliteAccountStore(Database& db, size_t cache_capacity = 200'000);

  core::Result<domain::Account> CreateLocal(const domain::Account& account,
                                            const domain::User& user) override;
  core::Result<domain::Account> Get(domain::Id id) override;
  std::vector<domain::Account> GetMany(std::span<const domain::Id> ids) override;
  std::vector<std::shared_ptr<const domain::Account>> GetManyShared(
      std::span<const domain::Id> ids) override;
  core::Result<domain::Account> FindByUsername(std::string_view username,
                                               std::string_view domain) override;
  core::Status UpdateProfile(const domain::Account& account) override;

  core::Result<domain::User> GetUser(domain::Id account_id) override;
  core::Result<domain::User> FindUserByLogin(std::string_view email_or_username) override;
  core::Status UpdateUser(const domain::User& user) override;

  std::vector<domain::Account> SearchByPrefix(std::string_view prefix, int limit) override;
  std::vector<domain::Id> LocalAccountIds(const domain::Page& page) override;
  int64_t CountLocalUsers() override;

  core::SnapshotCache<domain::Account>::Stats cache_stats() const { return cache_.stats(); }

 private:
  std::vector<domain::Account> LoadMany(std::span<const domain::Id> sorted_ids);
  core::Result<domain::User> LoadUser(domain::Id account_id);

  Database& db_;
  core::SnapshotCache<domain::Account> cache_;
  core::SnapshotCache<domain::User> users_;
  bool cache_on_ = false;
  // Declared last: unwatched before the caches go.
  Database::WatchHandle watch_;
  Database::WatchHandle users_watch_;
};

class SqliteOAuthStore final : public domain::OAuthStore {
 public:
  explicit SqliteOAuthStore(Database& db) : db_(db) {}

  core::Status CreateApplication(const domain::Application& app) override;
  core::Result<domain::Application> GetApplication(domain::Id id) override;
  core::Result<domain::Application> FindApplicationByClientId(std::string_view client_id) override;

  core::Status CreateToken(const domain::AccessToken& token) override;
  core::Result<domain::AccessToken> FindTokenByHash(std::string_view token_hash) override;
  core::Result<domain::AccessToken> FindTokenByRefreshHash(std::string_view refresh_hash) override;
  core::Status RevokeToken(domain::Id token_id, int64_t now) override;
  core::Status RevokeTokensOfAccount(domain::Id account_id, int64_t now) override;

  core::Status CreateAuthorizationCode(const domain::AuthorizationCode& code) override;
  core::Result<domain::AuthorizationCode> ConsumeAuthorizationCode(
      std::string_view code_hash) override;

 private:
  Database& db_;
};

}  // namespace magpie::storage::sqlite
