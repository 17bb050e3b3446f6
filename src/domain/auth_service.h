// Sign-up, sign-in and OAuth 2 (apps, tokens, authorization codes with PKCE) as Mastodon does them.
// Owns the rules: password policy, username rules, scope checks, token lifetimes. Thread-safe;
// methods may block (storage, argon2id) and run on the worker pool.
//
// Authenticate runs on every request, so it answers from memory: a bounded, sharded cache maps
// token hashes to AuthInfo, and a second one holds each account's "may sign in" state. Both are
// dropped on revocation (Revoke, Refresh, ResetPassword, ChangePassword) and by InvalidateAccount
// (moderation); entries also expire after a short time so a change made elsewhere (another node,
// the command line) takes effect without a restart. A revocation epoch keeps a lookup that raced a
// revocation from caching the stale answer.
//
// Error classes the OAuth endpoint maps to RFC 6749 codes: scope problems are kInvalid
// (invalid_scope); a bad code, password, refresh token or PKCE verifier is kUnauthenticated,
// kForbidden or kBadRequest (invalid_grant).
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/id.h"
#include "core/result.h"
#include "core/thread_annotations.h"
#include "domain/model.h"
#include "domain/stores.h"

namespace magpie::domain {

// Who is calling: resolved from a bearer token.
struct AuthInfo {
  Id token_id = 0;
  Id application_id = 0;
  Id account_id = 0;   // 0 for an app-only (client credentials) token
  std::string scopes;  // space-separated, as granted
};

// True when `granted` (space-separated) covers `required`: "read" covers "read:statuses";
// "write" covers "write:favourites"; "follow" covers read:follows/write:follows/write:blocks/
// write:mutes as Mastodon defines it.
bool ScopeAllows(std::string_view granted, std::string_view required);
// Scopes Magpie knows ("read", "write", "follow", "push", "admin:read", and their sub-scopes).
bool IsKnownScope(std::string_view scope);
// Every scope IsKnownScope accepts, for /.well-known/oauth-authorization-server.
const std::vector<std::string>& KnownScopes();
// Splits a scope string on spaces (and '+', which some clients leave unencoded).
std::vector<std::string> SplitScopes(std::string_view scopes);

struct AuthConfig {
  bool registrations_open = true;
  bool approval_required = false;  // new accounts wait for an admin
  core::PasswordHashCost password_cost = core::InteractiveCost();
  int min_password_length = 8;
  int max_username_length = 30;
  std::vector<std::string> reserved_usernames = {"admin", "root", "magpie", "support", "help",
                                                 "about", "api",  "oauth",  "web",     "settings"};
};

struct SignUpRequest {
  std::string username;
  std::string email;
  std::string password;
  bool agreement = false;
  std::string locale;
  std::string reason;
};

struct IssuedToken {
  std::string access_token;  // shown once; only its hash is stored
  std::string refresh_token;
  std::string scopes;
  int64_t created_at = 0;
};

class AuthService {
 public:
  AuthService(Stores stores, const core::Clock& clock, core::IdGenerator& ids, AuthConfig config);

  // POST /api/v1/apps. Validates name, redirect URIs (absolute URIs or the OOB URN, one per
  // line) and scopes (default "read").
  Result<Application> RegisterApp(const std::string& name, const std::string& redirect_uris,
                                  const std::string& scopes, const std::string& website);
  // Checks client_id/client_secret (constant-time).
  Result<Application> AuthenticateClient(std::string_view client_id,
                                         std::string_view client_secret);
  Result<Application> FindApp(std::string_view client_id);
  Result<Application> GetApp(Id application_id);

  // Resolves a bearer token. kUnauthenticated ("The access token is invalid") when unknown or
  // revoked, or when its account is suspended, disabled or not yet approved.
  Result<AuthInfo> Authenticate(std::string_view bearer_token);

  // POST /api/v1/accounts: validates (422 with per-field details), creates the account and user,
  // and issues a token for `app` with `scopes`.
  Result<IssuedToken> SignUp(const SignUpRequest& request, const Application& app,
                             std::string_view scopes);
  // Password check for the password grant and the sign-in page; returns the account id.
  // A uniform kUnauthenticated "Invalid email or password" for unknown users and bad passwords.
  Result<Id> CheckPassword(std::string_view login, std::string_view password);

  // Token grants.
  Result<IssuedToken> IssueToken(const Application& app, Id account_id, std::string_view scopes);
  Result<std::string> IssueAuthorizationCode(const Application& app, Id account_id,
                                             std::string_view redirect_uri, std::string_view scopes,
                                             std::string_view code_challenge,
                                             std::string_view code_challenge_method);
  Result<IssuedToken> ExchangeCode(const Application& app, std::string_view code,
                                   std::string_view redirect_uri, std::string_view code_verifier);
  Result<IssuedToken> Refresh(const Application& app, std::string_view refresh_token);
  // Revokes a token of this app; revoking an unknown token is not an error (RFC 7009).
  core::Status Revoke(const Application& app, std::string_view token);

  // A signed-in user changes their own password (POST /api/magpie/v1/accounts/change_password).
  // The new password follows the sign-up rules; a wrong or missing current password is a field
  // error on "current_password", reported together with the new password's problems (422). On
  // success every token of the account is revoked, since whoever learned the old password may
  // hold one, and a fresh token for the caller's app and scopes is returned: the session that
  // made the change goes on under the new token, every other one ends. (The token store can only
  // revoke all of an account's tokens, so the caller's token is replaced rather than kept.)
  Result<IssuedToken> ChangePassword(const AuthInfo& caller, std::string_view current_password,
                                     std::string_view new_password);

  // Command-line administration.
  Result<Id> CreateAccount(const SignUpRequest& request, bool admin);
  core::Status ResetPassword(std::string_view username, std::string_view new_password);

  // Forgets the cached sign-in state of an account (after suspending, disabling or approving it)
  // so the next request sees the change.
  void InvalidateAccount(Id account_id);

  const AuthConfig& config() const { return config_; }

 private:
  struct CachedToken {
    AuthInfo info;
    int64_t expires_at = 0;
  };
  struct CachedAccount {
    bool allowed = false;
    int64_t expires_at = 0;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, CachedToken> tokens GUARDED_BY(mu);
    std::unordered_map<Id, CachedAccount> accounts GUARDED_BY(mu);
  };
  static constexpr size_t kShards = 16;

  Shard& TokenShard(std::string_view token_hash);
  Shard& AccountShard(Id account_id);
  // Whether the account may use tokens (exists, not suspended, not disabled, approved).
  bool AccountAllowed(Id account_id);
  void ForgetToken(std::string_view token_hash);
  void ForgetTokensOfAccount(Id account_id);
  // Revokes every token of the account in the store and drops them from the caches.
  core::Status SignOutEverywhere(Id account_id);
  // Why a new password is not acceptable (blank, too short, too long), or nullopt.
  std::optional<core::FieldError> PasswordProblem(std::string_view password) const;
  // Validates a sign-up (all fields at once, as Mastodon reports them) and creates the account.
  Result<Id> CreateUser(const SignUpRequest& request, bool admin, bool require_agreement);
  // Requested scopes (default "read") checked against what the app registered.
  Result<std::string> GrantableScopes(const Application& app, std::string_view requested);
  Result<IssuedToken> Issue(const Application& app, Id account_id, const std::string& scopes,
                            bool with_refresh);

  Stores stores_;
  const core::Clock& clock_;
  core::IdGenerator& ids_;
  AuthConfig config_;
  std::array<Shard, kShards> shards_;
  // Bumped by every revocation; a cache fill started under an older epoch is not kept.
  std::atomic<uint64_t> revocation_epoch_{0};
  std::once_flag dummy_hash_once_;
  std::string dummy_hash_;  // verified against for unknown logins, so timing does not tell
};

}  // namespace magpie::domain
