// Ports for accounts, local users and OAuth (STYLE.md §2): the domain declares what it needs from
// storage; storage/sqlite (and later storage/postgres) implement it. Every method is safe to call
// from any thread and may block on I/O, so callers run on the worker pool, never an event loop.
// A write returns only after it is durable.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

namespace magpie::domain {

using core::Result;

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Creates a local account and its user in one transaction. kConflict when the username
  // (case-insensitively) or the e-mail is taken; the Error's details name the field
  // ("username" or "email") with error "ERR_TAKEN".
  virtual Result<Account> CreateLocal(const Account& account, const User& user) = 0;
  virtual Result<Account> Get(Id id) = 0;
  // The accounts that exist among `ids`, in no particular order.
  virtual std::vector<Account> GetMany(std::span<const Id> ids) = 0;
  // The same as immutable snapshots, for the hot path of rendering pages (no copies when the
  // store keeps snapshots in memory). The default wraps GetMany.
  virtual std::vector<std::shared_ptr<const Account>> GetManyShared(std::span<const Id> ids) {
    std::vector<std::shared_ptr<const Account>> out;
    for (Account& a : GetMany(ids)) out.push_back(std::make_shared<const Account>(std::move(a)));
    return out;
  }
  // Case-insensitive on username; domain "" for local accounts.
  virtual Result<Account> FindByUsername(std::string_view username, std::string_view domain) = 0;
  // Writes display_name, note, fields, avatar_path, header_path, locked, bot, discoverable,
  // indexable, suspended. Counters are not touched.
  virtual core::Status UpdateProfile(const Account& account) = 0;

  virtual Result<User> GetUser(Id account_id) = 0;
  // By e-mail (case-insensitive) or by local username.
  virtual Result<User> FindUserByLogin(std::string_view email_or_username) = 0;
  // Writes every field of the user except account_id and created_at.
  virtual core::Status UpdateUser(const User& user) = 0;

  // Local accounts whose username or display name starts with `prefix` (case-insensitive),
  // most followed first; for autocompletion and search.
  virtual std::vector<Account> SearchByPrefix(std::string_view prefix, int limit) = 0;
  // Local accounts, newest first (directory, demo, admin).
  virtual std::vector<Id> LocalAccountIds(const Page& page) = 0;
  virtual int64_t CountLocalUsers() = 0;
};

class OAuthStore {
 public:
  virtual ~OAuthStore() = default;

  virtual core::Status CreateApplication(const Application& app) = 0;
  virtual Result<Application> GetApplication(Id id) = 0;
  virtual Result<Application> FindApplicationByClientId(std::string_view client_id) = 0;

  virtual core::Status CreateToken(const AccessToken& token) = 0;
  // kNotFound when no token has this hash or it was revoked.
  virtual Result<AccessToken> FindTokenByHash(std::string_view token_hash) = 0;
  virtual Result<AccessToken> FindTokenByRefreshHash(std::string_view refresh_hash) = 0;
  virtual core::Status RevokeToken(Id token_id, int64_t now) = 0;
  // Revokes every token of this account (password reset).
  virtual core::Status RevokeTokensOfAccount(Id account_id, int64_t now) = 0;

  virtual core::Status CreateAuthorizationCode(const AuthorizationCode& code) = 0;
  // Deletes and returns the code in one step so it can be used once only. kNotFound if absent.
  virtual Result<AuthorizationCode> ConsumeAuthorizationCode(std::string_view code_hash) = 0;
};

}  // namespace magpie::domain
