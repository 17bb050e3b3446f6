// AuthService: sign-up validation, password checks, OAuth apps, tokens and authorization codes
// (contract in auth_service.h).
//
// Secrets never touch storage in the clear: tokens, refresh tokens and authorization codes are
// stored as their SHA-256; passwords as argon2id. Client secrets are stored as given because
// Mastodon's API shows them again (GET /api/v1/apps/verify_credentials does not, but
// POST /api/v1/apps must), and they are compared in constant time.
#include "domain/auth_service.h"

#include <algorithm>
#include <functional>

#include "domain/validation.h"

namespace magpie::domain {

namespace {

using core::Error;
using core::FieldError;

constexpr int64_t kCodeLifetimeMs = 10 * 60 * 1000;
constexpr int64_t kTokenCacheTtlMs = 5 * 60 * 1000;
constexpr int64_t kAccountCacheTtlMs = 60 * 1000;
constexpr size_t kTokenCacheCapacity = 100'000;
constexpr size_t kAccountCacheCapacity = 100'000;
constexpr size_t kMaxPasswordChars = 72;
constexpr size_t kMaxEmailBytes = 254;
constexpr size_t kMaxAppNameChars = 60;
constexpr size_t kMaxRedirectUriBytes = 2000;
constexpr size_t kMaxBearerBytes = 512;

// "follow" is Mastodon's older umbrella scope for the relationship sub-scopes.
constexpr std::string_view kFollowSubScopes[] = {"read:follows", "write:follows", "read:blocks",
                                                 "write:blocks", "read:mutes",    "write:mutes"};

const std::vector<std::string>& AllScopes() {
  static const std::vector<std::string> scopes = {
      "read",
      "write",
      "follow",
      "push",
      "profile",
      "admin:read",
      "admin:write",
      "read:accounts",
      "read:blocks",
      "read:bookmarks",
      "read:favourites",
      "read:filters",
      "read:follows",
      "read:lists",
      "read:mutes",
      "read:notifications",
      "read:search",
      "read:statuses",
      "write:accounts",
      "write:blocks",
      "write:bookmarks",
      "write:conversations",
      "write:favourites",
      "write:filters",
      "write:follows",
      "write:lists",
      "write:media",
      "write:mutes",
      "write:notifications",
      "write:reports",
      "write:statuses",
      "admin:read:accounts",
      "admin:read:reports",
      "admin:write:accounts",
      "admin:write:reports",
  };
  return scopes;
}

// One granted scope covering one required scope (no umbrella expansion of `required`).
bool CoversOne(std::string_view granted, std::string_view required) {
  if (granted == required) return true;
  // "read" covers "read:x", "admin:read" covers "admin:read:x".
  if (granted == "read" || granted == "write" || granted == "admin:read" ||
      granted == "admin:write") {
    return required.size() > granted.size() + 1 && required.starts_with(granted) &&
           required[granted.size()] == ':';
  }
  if (granted == "follow") {
    return std::find(std::begin(kFollowSubScopes), std::end(kFollowSubScopes), required) !=
           std::end(kFollowSubScopes);
  }
  return false;
}

bool IsUsernameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Deliberately simple, as Mastodon's own check: one '@', something before it, a dotted domain
// after it, no spaces or control characters. Deliverability is the confirmation mail's job.
bool LooksLikeEmail(std::string_view email) {
  if (email.size() > kMaxEmailBytes) return false;
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  std::string_view domain = email.substr(at + 1);
  if (domain.size() < 3 || domain.front() == '.' || domain.back() == '.' ||
      domain.find('.') == std::string_view::npos || domain.find("..") != std::string_view::npos) {
    return false;
  }
  for (unsigned char c : email) {
    if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') {
      return false;
    }
  }
  return true;
}

// An absolute URI ("https://app.example/cb", "elk://callback") or the out-of-band URN.
bool IsValidRedirectUri(std::string_view uri) {
  if (uri.empty() || uri.size() > kMaxRedirectUriBytes) return false;
  if (uri == "urn:ietf:wg:oauth:2.0:oob") return true;
  size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == uri.size()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!alpha(uri[0])) return false;
  for (size_t i = 1; i < colon; ++i) {
    char c = uri[i];
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') return false;
  }
  for (unsigned char c : uri) {
    if (c <= ' ' || c == 0x7F) return false;
  }
  // RFC 6749 3.1.2: the redirection endpoint URI MUST NOT include a fragment.
  return uri.find('#') == std::string_view::npos;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return 0;
}

// base64url without padding of the raw SHA-256 of `data` (PKCE S256, RFC 7636 4.2).
std::string Sha256Base64Url(std::string_view data) {
  std::string hex = core::Sha256Hex(data);
  std::string raw;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    raw += static_cast<char>(HexDigit(hex[i]) * 16 + HexDigit(hex[i + 1]));
  }
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 2 < raw.size(); i += 3) {
    uint32_t n = (static_cast<unsigned char>(raw[i]) << 16) |
                 (static_cast<unsigned char>(raw[i + 1]) << 8) |
                 static_cast<unsigned char>(raw[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (raw.size() - i == 1) {
    uint32_t n = static_cast<unsigned char>(raw[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (raw.size() - i == 2) {
    uint32_t n =
        (static_cast<unsigned char>(raw[i]) << 16) | (static_cast<unsigned char>(raw[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

// RFC 7636 4.1: 43..128 characters of [A-Z a-z 0-9 - . _ ~]. Challenges use the same alphabet.
bool IsPkceString(std::string_view s) {
  if (s.size() < 43 || s.size() > 128) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_' || c == '~';
    if (!ok) return false;
  }
  return true;
}

Error InvalidGrant() {
  return Error::Unauthenticated(
      "The provided authorization grant is invalid, expired, revoked, does not match the "
      "redirection URI used in the authorization request, or was issued to another client.");
}

Error InvalidToken() { return Error::Unauthenticated("The access token is invalid"); }

}  // namespace

// ---- scopes ----------------------------------------------------------------------------------

std::vector<std::string> SplitScopes(std::string_view scopes) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < scopes.size()) {
    size_t end = scopes.find_first_of(" +\t\n", pos);
    if (end == std::string_view::npos) end = scopes.size();
    if (end > pos) {
      std::string s(scopes.substr(pos, end - pos));
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
    }
    pos = end + 1;
  }
  return out;
}

const std::vector<std::string>& KnownScopes() { return AllScopes(); }

bool IsKnownScope(std::string_view scope) {
  const auto& all = AllScopes();
  return std::find(all.begin(), all.end(), scope) != all.end();
}

bool ScopeAllows(std::string_view granted, std::string_view required) {
  std::vector<std::string> have = SplitScopes(granted);
  auto covered = [&](std::string_view one) {
    return std::any_of(have.begin(), have.end(),
                       [&](const std::string& g) { return CoversOne(g, one); });
  };
  if (covered(required)) return true;
  if (required == "follow") {
    return std::all_of(std::begin(kFollowSubScopes), std::end(kFollowSubScopes), covered);
  }
  return false;
}

// ---- construction and caches -----------------------------------------------------------------

AuthService::AuthService(Stores stores, const core::Clock& clock, core::IdGenerator& ids,
                         AuthConfig config)
    : stores_(stores), clock_(clock), ids_(ids), config_(std::move(config)) {}

AuthService::Shard& AuthService::TokenShard(std::string_view token_hash) {
  return shards_[std::hash<std::string_view>{}(token_hash) % kShards];
}

AuthService::Shard& AuthService::AccountShard(Id account_id) {
  return shards_[static_cast<uint64_t>(account_id) * 0x9E3779B97F4A7C15ull >> 60];
}

void AuthService::ForgetToken(std::string_view token_hash) {
  Shard& shard = TokenShard(token_hash);
  std::lock_guard lock(shard.mu);
  shard.tokens.erase(std::string(token_hash));
}

void AuthService::ForgetTokensOfAccount(Id account_id) {
  // Rare (password reset, moderation), so a scan over the cache is fine.
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    std::erase_if(shard.tokens,
                  [&](const auto& kv) { return kv.second.info.account_id == account_id; });
  }
}

void AuthService::InvalidateAccount(Id account_id) {
  revocation_epoch_.fetch_add(1);
  Shard& shard = AccountShard(account_id);
  std::lock_guard lock(shard.mu);
  shard.accounts.erase(account_id);
}

bool AuthService::AccountAllowed(Id account_id) {
  const int64_t now = clock_.NowMillis();
  Shard& shard = AccountShard(account_id);
  {
    std::lock_guard lock(shard.mu);
    auto it = shard.accounts.find(account_id);
    if (it != shard.accounts.end() && it->second.expires_at > now) return it->second.allowed;
  }
  const uint64_t epoch = revocation_epoch_.load();
  bool allowed = false;
  auto account = stores_.accounts->Get(account_id);
  if (account.ok() && !account->suspended) {
    auto user = stores_.accounts->GetUser(account_id);
    allowed = user.ok() && !user->disabled && user->approved;
  }
  std::lock_guard lock(shard.mu);
  if (revocation_epoch_.load() == epoch) {
    if (shard.accounts.size() >= kAccountCacheCapacity / kShards) {
      shard.accounts.erase(shard.accounts.begin());
    }
    shard.accounts[account_id] = {allowed, now + kAccountCacheTtlMs};
  }
  return allowed;
}

Result<AuthInfo> AuthService::Authenticate(std::string_view bearer_token) {
  if (bearer_token.empty() || bearer_token.size() > kMaxBearerBytes) return InvalidToken();
  const std::string hash = core::Sha256Hex(bearer_token);
  const int64_t now = clock_.NowMillis();
  std::optional<AuthInfo> info;
  Shard& shard = TokenShard(hash);
  {
    std::lock_guard lock(shard.mu);
    auto it = shard.tokens.find(hash);
    if (it != shard.tokens.end()) {
      if (it->second.expires_at > now) {
        info = it->second.info;
      } else {
        shard.tokens.erase(it);
      }
    }
  }
  if (!info) {
    const uint64_t epoch = revocation_epoch_.load();
    auto token = stores_.oauth->FindTokenByHash(hash);
    if (!token.ok()) {
      if (token.error().code != core::ErrorCode::kNotFound) return token.error();
      return InvalidToken();
    }
    if (token->revoked_at != 0) return InvalidToken();
    info = AuthInfo{token->id, token->application_id, token->account_id, token->scopes};
    std::lock_guard lock(shard.mu);
    if (revocation_epoch_.load() == epoch) {
      if (shard.tokens.size() >= kTokenCacheCapacity / kShards) {
        shard.tokens.erase(shard.tokens.begin());
      }
      shard.tokens[hash] = {*info, now + kTokenCacheTtlMs};
    }
  }
  if (info->account_id != 0 && !AccountAllowed(info->account_id)) return InvalidToken();
  return *info;
}

// ---- applications ----------------------------------------------------------------------------

Result<Application> AuthService::RegisterApp(const std::string& name,
                                             const std::string& redirect_uris,
                                             const std::string& scopes,
                                             const std::string& website) {
  std::vector<FieldError> errors;
  std::string_view trimmed_name = Trim(name);
  if (trimmed_name.empty()) {
    errors.push_back({"name", "ERR_BLANK", "can't be blank"});
  } else if (CountCodePoints(trimmed_name) > kMaxAppNameChars) {
    errors.push_back({"name", "ERR_TOO_LONG", "is too long (maximum is 60 characters)"});
  }
  std::vector<std::string> uris;
  {
    std::string_view rest = redirect_uris;
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      std::string_view line = Trim(rest.substr(0, nl));
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      if (!line.empty()) uris.emplace_back(line);
    }
  }
  if (uris.empty()) {
    errors.push_back({"redirect_uri", "ERR_BLANK", "can't be blank"});
  } else if (uris.size() > 20 || !std::all_of(uris.begin(), uris.end(), [](const std::string& u) {
               return IsValidRedirectUri(u);
             })) {
    errors.push_back({"redirect_uri", "ERR_INVALID", "must be an absolute URI."});
  }
  std::vector<std::string> scope_list = SplitScopes(scopes);
  if (scope_list.empty()) scope_list.push_back("read");
  if (!std::all_of(scope_list.begin(), scope_list.end(),
                   [](const std::string& s) { return IsKnownScope(s); })) {
    errors.push_back({"scopes", "ERR_INVALID", "must be a subset of the supported scopes"});
  }
  std::string_view trimmed_website = Trim(website);
  if (trimmed_website.size() > kMaxRedirectUriBytes ||
      (!trimmed_website.empty() && !trimmed_website.starts_with("http://") &&
       !trimmed_website.starts_with("https://"))) {
    errors.push_back({"website", "ERR_INVALID", "is not a valid URL"});
  }
  if (!errors.empty()) return ValidationFailed(errors);

  Application app;
  app.id = ids_.Next();
  app.name = std::string(trimmed_name);
  app.website = std::string(trimmed_website);
  app.redirect_uris = std::move(uris);
  app.scopes = Join(scope_list, " ");
  app.client_id = core::RandomToken(32);
  app.client_secret = core::RandomToken(32);
  app.created_at = clock_.NowMillis();
  MAGPIE_RETURN_IF_ERROR(stores_.oauth->CreateApplication(app));
  return app;
}

Result<Application> AuthService::FindApp(std::string_view client_id) {
  if (client_id.empty() || client_id.size() > 256) {
    return Error::Unauthenticated("Client authentication failed due to unknown client.");
  }
  auto app = stores_.oauth->FindApplicationByClientId(client_id);
  if (!app.ok()) {
    if (app.error().code == core::ErrorCode::kNotFound) {
      return Error::Unauthenticated("Client authentication failed due to unknown client.");
    }
    return app.error();
  }
  return app;
}

Result<Application> AuthService::GetApp(Id application_id) {
  return stores_.oauth->GetApplication(application_id);
}

Result<Application> AuthService::AuthenticateClient(std::string_view client_id,
                                                    std::string_view client_secret) {
  MAGPIE_ASSIGN_OR_RETURN(Application app, FindApp(client_id));
  if (client_secret.empty() || !core::ConstantTimeEquals(app.client_secret, client_secret)) {
    return Error::Unauthenticated(
        "Client authentication failed due to unknown client, no client authentication included, "
        "or unsupported authentication method.");
  }
  return app;
}

// ---- accounts ----------------------------------------------------------------------------

Result<Id> AuthService::CreateUser(const SignUpRequest& request, bool admin,
                                   bool require_agreement) {
  std::vector<FieldError> errors;
  const std::string& username = request.username;
  if (username.empty()) {
    errors.push_back({"username", "ERR_BLANK", "can't be blank"});
  } else if (username.size() > static_cast<size_t>(config_.max_username_length)) {
    errors.push_back({"username", "ERR_TOO_LONG",
                      "is too long (maximum is " + std::to_string(config_.max_username_length) +
                          " characters)"});
  } else if (!std::all_of(username.begin(), username.end(), IsUsernameChar)) {
    errors.push_back(
        {"username", "ERR_INVALID", "must contain only letters, numbers and underscores"});
  } else {
    const std::string lower = AsciiLower(username);
    bool reserved =
        std::any_of(config_.reserved_usernames.begin(), config_.reserved_usernames.end(),
                    [&](const std::string& r) { return AsciiLower(r) == lower; });
    if (reserved) {
      errors.push_back({"username", "ERR_RESERVED", "is reserved"});
    } else if (stores_.accounts->FindByUsername(username, "").ok()) {
      errors.push_back({"username", "ERR_TAKEN", "has already been taken"});
    }
  }

  const std::string email(Trim(request.email));
  if (email.empty()) {
    errors.push_back({"email", "ERR_BLANK", "can't be blank"});
  } else if (!LooksLikeEmail(email)) {
    errors.push_back({"email", "ERR_INVALID", "is invalid"});
  } else if (stores_.accounts->FindUserByLogin(email).ok()) {
    errors.push_back({"email", "ERR_TAKEN", "has already been taken"});
  }

  if (auto problem = PasswordProblem(request.password)) errors.push_back(*std::move(problem));

  if (require_agreement && !request.agreement) {
    errors.push_back({"agreement", "ERR_ACCEPTED", "must be accepted"});
  }
  std::string locale = request.locale.empty() ? "en" : request.locale;
  std::replace(locale.begin(), locale.end(), '_', '-');  // "pt_BR" from some mobile clients
  if (!LooksLikeLocale(locale)) {
    errors.push_back({"locale", "ERR_INVALID", "is not included in the list"});
  }
  if (request.reason.size() > 1000) {
    errors.push_back({"reason", "ERR_TOO_LONG", "is too long (maximum is 1000 characters)"});
  }
  if (!errors.empty()) return ValidationFailed(errors);

  MAGPIE_ASSIGN_OR_RETURN(std::string hash,
                          core::HashPassword(request.password, config_.password_cost));
  const int64_t now = clock_.NowMillis();
  Account account;
  account.id = ids_.Next();
  account.username = username;
  account.created_at = now;
  User user;
  user.account_id = account.id;
  user.email = email;
  user.password_hash = std::move(hash);
  user.locale = std::move(locale);
  user.approved = admin || !config_.approval_required;
  user.confirmed = true;
  user.admin = admin;
  user.created_at = now;
  auto created = stores_.accounts->CreateLocal(account, user);
  if (!created.ok()) {
    // Lost a race with another sign-up for the same name or address: report it as a field error.
    if (created.error().code == core::ErrorCode::kConflict) {
      std::vector<FieldError> taken = created.error().details;
      if (taken.empty()) taken.push_back({"username", "ERR_TAKEN", "has already been taken"});
      for (auto& t : taken) t.description = "has already been taken";
      return ValidationFailed(taken);
    }
    return created.error();
  }
  return created->id;
}

Result<IssuedToken> AuthService::SignUp(const SignUpRequest& request, const Application& app,
                                        std::string_view scopes) {
  if (!config_.registrations_open) {
    return Error::Forbidden("Registrations are closed on this server");
  }
  // Check the scopes first so a bad request creates no account.
  MAGPIE_ASSIGN_OR_RETURN(std::string granted, GrantableScopes(app, scopes));
  MAGPIE_ASSIGN_OR_RETURN(Id account_id, CreateUser(request, /*admin=*/false, true));
  return Issue(app, account_id, granted, /*with_refresh=*/true);
}

Result<Id> AuthService::CreateAccount(const SignUpRequest& request, bool admin) {
  return CreateUser(request, admin, /*require_agreement=*/false);
}

Result<Id> AuthService::CheckPassword(std::string_view login, std::string_view password) {
  const Error invalid = Error::Unauthenticated("Invalid email or password.");
  std::call_once(dummy_hash_once_, [this] {
    auto h = core::HashPassword("magpie-timing-equalizer", config_.password_cost);
    if (h.ok()) dummy_hash_ = *h;
  });
  auto user = login.empty() || login.size() > kMaxEmailBytes
                  ? Result<User>(Error::NotFound())
                  : stores_.accounts->FindUserByLogin(login);
  if (!user.ok()) {
    if (user.error().code != core::ErrorCode::kNotFound) return user.error();
    // Spend the same time as a real check so response times do not reveal which logins exist.
    if (!dummy_hash_.empty()) (void)core::VerifyPassword(dummy_hash_, password);
    return invalid;
  }
  if (user->password_hash.empty() || !core::VerifyPassword(user->password_hash, password)) {
    return invalid;
  }
  // Only a caller who knows the password learns why the account cannot sign in.
  if (user->disabled) return Error::Forbidden("Your login is currently disabled");
  if (!user->approved) return Error::Forbidden("Your login is currently pending approval");
  auto account = stores_.accounts->Get(user->account_id);
  if (!account.ok()) return account.error();
  if (account->suspended) return Error::Forbidden("Your account has been suspended");
  return user->account_id;
}

std::optional<FieldError> AuthService::PasswordProblem(std::string_view password) const {
  const size_t chars = CountCodePoints(password);
  if (password.empty()) return FieldError{"password", "ERR_BLANK", "can't be blank"};
  if (chars < static_cast<size_t>(config_.min_password_length)) {
    return FieldError{
        "password", "ERR_TOO_SHORT",
        "is too short (minimum is " + std::to_string(config_.min_password_length) + " characters)"};
  }
  if (chars > kMaxPasswordChars) {
    return FieldError{"password", "ERR_TOO_LONG", "is too long (maximum is 72 characters)"};
  }
  return std::nullopt;
}

core::Status AuthService::SignOutEverywhere(Id account_id) {
  MAGPIE_RETURN_IF_ERROR(stores_.oauth->RevokeTokensOfAccount(account_id, clock_.NowMillis()));
  revocation_epoch_.fetch_add(1);
  ForgetTokensOfAccount(account_id);
  InvalidateAccount(account_id);
  return core::Ok();
}

core::Status AuthService::ResetPassword(std::string_view username, std::string_view new_password) {
  if (auto problem = PasswordProblem(new_password)) return ValidationFailed({*problem});
  MAGPIE_ASSIGN_OR_RETURN(Account account, stores_.accounts->FindByUsername(username, ""));
  MAGPIE_ASSIGN_OR_RETURN(User user, stores_.accounts->GetUser(account.id));
  MAGPIE_ASSIGN_OR_RETURN(user.password_hash,
                          core::HashPassword(new_password, config_.password_cost));
  MAGPIE_RETURN_IF_ERROR(stores_.accounts->UpdateUser(user));
  // Whoever held the old password may hold tokens too: sign every session out.
  return SignOutEverywhere(account.id);
}

Result<IssuedToken> AuthService::ChangePassword(const AuthInfo& caller,
                                                std::string_view current_password,
                                                std::string_view new_password) {
  if (caller.account_id == 0) return Error::Invalid("This method requires an authenticated user");
  MAGPIE_ASSIGN_OR_RETURN(User user, stores_.accounts->GetUser(caller.account_id));
  std::vector<FieldError> errors;
  if (current_password.empty()) {
    errors.push_back({"current_password", "ERR_BLANK", "can't be blank"});
  } else if (user.password_hash.empty() ||
             !core::VerifyPassword(user.password_hash, current_password)) {
    errors.push_back({"current_password", "ERR_INVALID", "is invalid"});
  }
  if (auto problem = PasswordProblem(new_password)) errors.push_back(*std::move(problem));
  if (!errors.empty()) return ValidationFailed(errors);

  MAGPIE_ASSIGN_OR_RETURN(Application app, stores_.oauth->GetApplication(caller.application_id));
  MAGPIE_ASSIGN_OR_RETURN(user.password_hash,
                          core::HashPassword(new_password, config_.password_cost));
  MAGPIE_RETURN_IF_ERROR(stores_.accounts->UpdateUser(user));
  MAGPIE_RETURN_IF_ERROR(SignOutEverywhere(caller.account_id));
  // Issued after the revocation, which would otherwise take the new token with the old ones.
  return Issue(app, caller.account_id, caller.scopes, /*with_refresh=*/true);
}

// ---- tokens ----------------------------------------------------------------------------------

Result<std::string> AuthService::GrantableScopes(const Application& app,
                                                 std::string_view requested) {
  std::vector<std::string> scopes = SplitScopes(requested);
  // Doorkeeper's default when a client names no scope.
  if (scopes.empty()) scopes.push_back("read");
  for (const auto& s : scopes) {
    if (!IsKnownScope(s) || !ScopeAllows(app.scopes, s)) {
      Error e = Error::Invalid("The requested scope is invalid, unknown, or malformed.");
      e.details.push_back({"scope", "ERR_INVALID", "is not allowed for this application"});
      return e;
    }
  }
  return Join(scopes, " ");
}

Result<IssuedToken> AuthService::Issue(const Application& app, Id account_id,
                                       const std::string& scopes, bool with_refresh) {
  IssuedToken issued;
  issued.access_token = core::RandomToken(32);
  if (with_refresh) issued.refresh_token = core::RandomToken(32);
  issued.scopes = scopes;
  issued.created_at = clock_.NowMillis();
  AccessToken token;
  token.id = ids_.Next();
  token.token_hash = core::Sha256Hex(issued.access_token);
  if (with_refresh) token.refresh_token_hash = core::Sha256Hex(issued.refresh_token);
  token.application_id = app.id;
  token.account_id = account_id;
  token.scopes = scopes;
  token.created_at = issued.created_at;
  MAGPIE_RETURN_IF_ERROR(stores_.oauth->CreateToken(token));
  return issued;
}

Result<IssuedToken> AuthService::IssueToken(const Application& app, Id account_id,
                                            std::string_view scopes) {
  MAGPIE_ASSIGN_OR_RETURN(std::string granted, GrantableScopes(app, scopes));
  return Issue(app, account_id, granted, /*with_refresh=*/account_id != 0);
}

Result<std::string> AuthService::IssueAuthorizationCode(const Application& app, Id account_id,
                                                        std::string_view redirect_uri,
                                                        std::string_view scopes,
                                                        std::string_view code_challenge,
                                                        std::string_view code_challenge_method) {
  if (account_id == 0) return Error::Unauthenticated("Sign in first");
  if (std::find(app.redirect_uris.begin(), app.redirect_uris.end(), redirect_uri) ==
      app.redirect_uris.end()) {
    return Error::BadRequest("The redirect uri included is not valid.");
  }
  MAGPIE_ASSIGN_OR_RETURN(std::string granted, GrantableScopes(app, scopes));
  std::string method;
  if (!code_challenge.empty()) {
    method = code_challenge_method.empty() ? "plain" : std::string(code_challenge_method);
    if (method != "S256" && method != "plain") {
      return Error::BadRequest("Code challenge method must be S256 or plain.");
    }
    if (!IsPkceString(code_challenge)) {
      return Error::BadRequest("Code challenge must be 43 to 128 unreserved characters.");
    }
  } else if (!code_challenge_method.empty()) {
    return Error::BadRequest("code_challenge_method given without a code_challenge.");
  }
  AuthorizationCode code;
  const std::string plain_code = core::RandomToken(32);
  code.code_hash = core::Sha256Hex(plain_code);
  code.application_id = app.id;
  code.account_id = account_id;
  code.redirect_uri = std::string(redirect_uri);
  code.scopes = std::move(granted);
  code.code_challenge = std::string(code_challenge);
  code.code_challenge_method = std::move(method);
  code.expires_at = clock_.NowMillis() + kCodeLifetimeMs;
  MAGPIE_RETURN_IF_ERROR(stores_.oauth->CreateAuthorizationCode(code));
  return plain_code;
}

Result<IssuedToken> AuthService::ExchangeCode(const Application& app, std::string_view code,
                                              std::string_view redirect_uri,
                                              std::string_view code_verifier) {
  if (code.empty() || code.size() > kMaxBearerBytes) return InvalidGrant();
  // Consumed before any check, so a code is spent even by a failed attempt (RFC 6749 4.1.2).
  auto stored = stores_.oauth->ConsumeAuthorizationCode(core::Sha256Hex(code));
  if (!stored.ok()) {
    if (stored.error().code != core::ErrorCode::kNotFound) return stored.error();
    return InvalidGrant();
  }
  if (stored->application_id != app.id || stored->expires_at <= clock_.NowMillis() ||
      stored->redirect_uri != redirect_uri) {
    return InvalidGrant();
  }
  if (!stored->code_challenge.empty()) {
    if (code_verifier.empty()) return Error::BadRequest("Missing code verifier (PKCE).");
    if (!IsPkceString(code_verifier)) return InvalidGrant();
    const std::string expected = stored->code_challenge_method == "S256"
                                     ? Sha256Base64Url(code_verifier)
                                     : std::string(code_verifier);
    if (!core::ConstantTimeEquals(expected, stored->code_challenge)) return InvalidGrant();
  }
  return Issue(app, stored->account_id, stored->scopes, /*with_refresh=*/true);
}

Result<IssuedToken> AuthService::Refresh(const Application& app, std::string_view refresh_token) {
  if (refresh_token.empty() || refresh_token.size() > kMaxBearerBytes) return InvalidGrant();
  auto old = stores_.oauth->FindTokenByRefreshHash(core::Sha256Hex(refresh_token));
  if (!old.ok()) {
    if (old.error().code != core::ErrorCode::kNotFound) return old.error();
    return InvalidGrant();
  }
  if (old->revoked_at != 0 || old->application_id != app.id) return InvalidGrant();
  if (old->account_id != 0 && !AccountAllowed(old->account_id)) return InvalidGrant();
  // Rotate: the old pair stops working once the new one exists.
  MAGPIE_ASSIGN_OR_RETURN(IssuedToken issued, Issue(app, old->account_id, old->scopes, true));
  MAGPIE_RETURN_IF_ERROR(stores_.oauth->RevokeToken(old->id, clock_.NowMillis()));
  revocation_epoch_.fetch_add(1);
  ForgetToken(old->token_hash);
  return issued;
}

core::Status AuthService::Revoke(const Application& app, std::string_view token) {
  if (token.empty() || token.size() > kMaxBearerBytes) return core::Ok();
  const std::string hash = core::Sha256Hex(token);
  auto found = stores_.oauth->FindTokenByHash(hash);
  if (!found.ok()) found = stores_.oauth->FindTokenByRefreshHash(hash);
  if (!found.ok()) {
    if (found.error().code != core::ErrorCode::kNotFound) return found.error();
    return core::Ok();
  }
  if (found->application_id != app.id) {
    return Error::Forbidden("You are not authorized to revoke this token");
  }
  if (found->revoked_at == 0) {
    MAGPIE_RETURN_IF_ERROR(stores_.oauth->RevokeToken(found->id, clock_.NowMillis()));
  }
  revocation_epoch_.fetch_add(1);
  ForgetToken(found->token_hash);
  return core::Ok();
}

}  // namespace magpie::domain
