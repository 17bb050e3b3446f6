#include "domain/auth_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "domain/service_test_env.h"

namespace magpie::domain {
namespace {

using core::ErrorCode;
using testing::ServiceEnv;

// RFC 7636 Appendix B.
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
constexpr const char* kRedirect = "https://app.example/callback";

bool HasDetail(const core::Error& e, std::string_view field, std::string_view code) {
  return std::any_of(e.details.begin(), e.details.end(), [&](const core::FieldError& d) {
    return d.field == field && d.error == code;
  });
}

class AuthServiceTest : public ::testing::Test {
 protected:
  Application App(std::string scopes = "read write follow push") {
    auto app =
        env_.auth->RegisterApp("Test App", std::string(kRedirect) + "\nurn:ietf:wg:oauth:2.0:oob",
                               scopes, "https://app.example");
    EXPECT_TRUE(app.ok()) << app.error().message;
    return *app;
  }
  SignUpRequest Request(std::string username) {
    SignUpRequest r;
    r.username = username;
    r.email = username + "@example.com";
    r.password = "correct horse";
    r.agreement = true;
    return r;
  }

  ServiceEnv env_;
};

TEST(ScopesTest, UmbrellaScopesCoverTheirSubScopes) {
  EXPECT_TRUE(ScopeAllows("read", "read:statuses"));
  EXPECT_TRUE(ScopeAllows("read write", "write:favourites"));
  EXPECT_FALSE(ScopeAllows("read", "write:statuses"));
  EXPECT_FALSE(ScopeAllows("read:statuses", "read"));
  EXPECT_FALSE(ScopeAllows("read:statuses", "read:accounts"));
  EXPECT_TRUE(ScopeAllows("follow", "write:blocks"));
  EXPECT_TRUE(ScopeAllows("follow", "read:follows"));
  EXPECT_FALSE(ScopeAllows("follow", "write:statuses"));
  EXPECT_TRUE(ScopeAllows("read write", "follow"));  // covers every sub-scope of follow
  EXPECT_FALSE(ScopeAllows("read", "follow"));
  EXPECT_TRUE(ScopeAllows("admin:read", "admin:read:accounts"));
  EXPECT_FALSE(ScopeAllows("read", "admin:read"));
  EXPECT_FALSE(ScopeAllows("read", "readx"));
  EXPECT_FALSE(ScopeAllows("read write", "profile"));
  EXPECT_TRUE(ScopeAllows("profile", "profile"));
  EXPECT_TRUE(IsKnownScope("write:conversations"));
  EXPECT_FALSE(IsKnownScope("write:everything"));
  EXPECT_EQ(SplitScopes("read+write  follow read"),
            (std::vector<std::string>{"read", "write", "follow"}));
}

TEST_F(AuthServiceTest, RegisterAppValidates) {
  auto blank = env_.auth->RegisterApp("", "", "read", "");
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().code, ErrorCode::kInvalid);
  EXPECT_TRUE(HasDetail(blank.error(), "name", "ERR_BLANK"));
  EXPECT_TRUE(HasDetail(blank.error(), "redirect_uri", "ERR_BLANK"));

  auto bad = env_.auth->RegisterApp("x", "not a uri", "read dance", "ftp://x");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(HasDetail(bad.error(), "redirect_uri", "ERR_INVALID"));
  EXPECT_TRUE(HasDetail(bad.error(), "scopes", "ERR_INVALID"));
  EXPECT_TRUE(HasDetail(bad.error(), "website", "ERR_INVALID"));

  auto fragment = env_.auth->RegisterApp("x", "https://a.example/cb#frag", "read", "");
  EXPECT_FALSE(fragment.ok());

  auto ok = env_.auth->RegisterApp("Elk", "elk://callback\nhttps://elk.zone/cb", "", "");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->scopes, "read");  // the default
  EXPECT_EQ(ok->redirect_uris.size(), 2u);
  EXPECT_GE(ok->client_id.size(), 40u);
  EXPECT_NE(ok->client_id, ok->client_secret);

  EXPECT_TRUE(env_.auth->AuthenticateClient(ok->client_id, ok->client_secret).ok());
  auto wrong = env_.auth->AuthenticateClient(ok->client_id, "nope");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_FALSE(env_.auth->AuthenticateClient("unknown", ok->client_secret).ok());
}

TEST_F(AuthServiceTest, SignUpReportsEveryFieldAtOnce) {
  Application app = App();
  SignUpRequest r;
  r.username = "";
  r.email = "not-an-email";
  r.password = "short";
  r.agreement = false;
  auto token = env_.auth->SignUp(r, app, "read");
  ASSERT_FALSE(token.ok());
  const core::Error& e = token.error();
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_TRUE(e.message.starts_with("Validation failed: ")) << e.message;
  EXPECT_TRUE(HasDetail(e, "username", "ERR_BLANK"));
  EXPECT_TRUE(HasDetail(e, "email", "ERR_INVALID"));
  EXPECT_TRUE(HasDetail(e, "password", "ERR_TOO_SHORT"));
  EXPECT_TRUE(HasDetail(e, "agreement", "ERR_ACCEPTED"));

  r = Request("bob");
  r.email = "";
  r.password = std::string(73, 'x');
  token = env_.auth->SignUp(r, app, "read");
  ASSERT_FALSE(token.ok());
  EXPECT_TRUE(HasDetail(token.error(), "email", "ERR_BLANK"));
  EXPECT_TRUE(HasDetail(token.error(), "password", "ERR_TOO_LONG"));

  // 72 characters is the maximum, counted in characters, not bytes.
  r = Request("carol");
  r.password = std::string(70, 'x') + "汉字";
  EXPECT_TRUE(env_.auth->SignUp(r, app, "read").ok());
}

TEST_F(AuthServiceTest, UsernameRules) {
  Application app = App();
  auto attempt = [&](std::string username) {
    SignUpRequest r = Request("u" + std::to_string(std::hash<std::string>{}(username) % 100000));
    r.username = username;
    return env_.auth->SignUp(r, app, "read");
  };
  auto reserved = attempt("Admin");
  ASSERT_FALSE(reserved.ok());
  EXPECT_TRUE(HasDetail(reserved.error(), "username", "ERR_RESERVED"));
  auto invalid = attempt("no-dashes");
  ASSERT_FALSE(invalid.ok());
  EXPECT_TRUE(HasDetail(invalid.error(), "username", "ERR_INVALID"));
  auto unicode = attempt("名前");
  EXPECT_FALSE(unicode.ok());
  auto too_long = attempt(std::string(31, 'a'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_TRUE(HasDetail(too_long.error(), "username", "ERR_TOO_LONG"));
  EXPECT_TRUE(attempt(std::string(30, 'a')).ok());

  ASSERT_TRUE(env_.auth->SignUp(Request("Alice_1"), app, "read").ok());
  SignUpRequest again = Request("alice_1");
  again.email = "other@example.com";
  auto taken = env_.auth->SignUp(again, app, "read");
  ASSERT_FALSE(taken.ok());
  EXPECT_TRUE(HasDetail(taken.error(), "username", "ERR_TAKEN"));

  SignUpRequest same_email = Request("alice_2");
  same_email.email = "ALICE_1@example.com";
  auto email_taken = env_.auth->SignUp(same_email, app, "read");
  ASSERT_FALSE(email_taken.ok());
  EXPECT_TRUE(HasDetail(email_taken.error(), "email", "ERR_TAKEN"));
}

TEST_F(AuthServiceTest, SignUpIssuesAWorkingToken) {
  Application app = App();
  auto token = env_.auth->SignUp(Request("dora"), app, "read write");
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_EQ(token->scopes, "read write");
  auto info = env_.auth->Authenticate(token->access_token);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_NE(info->account_id, 0);
  EXPECT_EQ(info->application_id, app.id);
  EXPECT_TRUE(ScopeAllows(info->scopes, "write:statuses"));
  EXPECT_FALSE(env_.auth->Authenticate("garbage").ok());
  EXPECT_FALSE(env_.auth->Authenticate("").ok());
}

TEST_F(AuthServiceTest, ScopesMustBeASubsetOfTheApps) {
  Application app = App("read");
  auto bad = env_.auth->IssueToken(app, 0, "read write");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
  auto unknown = env_.auth->IssueToken(app, 0, "read:everything");
  EXPECT_FALSE(unknown.ok());
  auto narrower = env_.auth->IssueToken(app, 0, "read:statuses");
  ASSERT_TRUE(narrower.ok());
  EXPECT_EQ(narrower->scopes, "read:statuses");
  auto defaulted = env_.auth->IssueToken(app, 0, "");
  ASSERT_TRUE(defaulted.ok());
  EXPECT_EQ(defaulted->scopes, "read");
  EXPECT_TRUE(defaulted->refresh_token.empty());  // app tokens get no refresh token
}

TEST_F(AuthServiceTest, PasswordCheckDoesNotTellWhichLoginsExist) {
  Id id = env_.CreateUser("erin");
  auto ok = env_.auth->CheckPassword("erin@example.com", "password123");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, id);
  EXPECT_TRUE(env_.auth->CheckPassword("erin", "password123").ok());
  auto wrong = env_.auth->CheckPassword("erin", "password124");
  auto unknown = env_.auth->CheckPassword("nobody", "password123");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().code, unknown.error().code);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(AuthServiceTest, AuthorizationCodeWithPkceS256IsSingleUse) {
  Application app = App();
  Id user = env_.CreateUser("frank");
  auto code =
      env_.auth->IssueAuthorizationCode(app, user, kRedirect, "read write", kChallenge, "S256");
  ASSERT_TRUE(code.ok()) << code.error().message;
  auto token = env_.auth->ExchangeCode(app, *code, kRedirect, kVerifier);
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_EQ(token->scopes, "read write");
  EXPECT_FALSE(token->refresh_token.empty());
  auto info = env_.auth->Authenticate(token->access_token);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->account_id, user);

  auto again = env_.auth->ExchangeCode(app, *code, kRedirect, kVerifier);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().code, ErrorCode::kInvalid);  // invalid_grant, not invalid_scope
}

TEST_F(AuthServiceTest, AuthorizationCodeChecks) {
  Application app = App();
  Application other = App();
  Id user = env_.CreateUser("gina");
  auto issue = [&](std::string challenge = kChallenge, std::string method = "S256") {
    auto code = env_.auth->IssueAuthorizationCode(app, user, kRedirect, "read", challenge, method);
    EXPECT_TRUE(code.ok()) << code.error().message;
    return code.ok() ? *code : std::string();
  };
  // A wrong verifier, a missing verifier, another redirect URI or another client all fail, and
  // each failure spends the code.
  std::string code = issue();
  EXPECT_FALSE(env_.auth->ExchangeCode(app, code, kRedirect, std::string(43, 'a')).ok());
  EXPECT_FALSE(env_.auth->ExchangeCode(app, code, kRedirect, kVerifier).ok());
  EXPECT_FALSE(env_.auth->ExchangeCode(app, issue(), kRedirect, "").ok());
  EXPECT_FALSE(env_.auth->ExchangeCode(app, issue(), "https://evil.example/cb", kVerifier).ok());
  EXPECT_FALSE(env_.auth->ExchangeCode(other, issue(), kRedirect, kVerifier).ok());

  // Ten minutes of life.
  code = issue();
  env_.clock.Advance(std::chrono::minutes(11));
  EXPECT_FALSE(env_.auth->ExchangeCode(app, code, kRedirect, kVerifier).ok());

  // plain PKCE, and no PKCE at all.
  std::string plain = std::string(50, 'p');
  code = issue(plain, "plain");
  EXPECT_TRUE(env_.auth->ExchangeCode(app, code, kRedirect, plain).ok());
  code = issue("", "");
  EXPECT_TRUE(env_.auth->ExchangeCode(app, code, kRedirect, "").ok());

  // Issuing checks the redirect URI, the scopes and the PKCE method.
  EXPECT_FALSE(
      env_.auth->IssueAuthorizationCode(app, user, "https://evil.example/cb", "read", "", "").ok());
  auto scope = env_.auth->IssueAuthorizationCode(app, user, kRedirect, "admin:write", "", "");
  ASSERT_FALSE(scope.ok());
  EXPECT_EQ(scope.error().code, ErrorCode::kInvalid);
  EXPECT_FALSE(
      env_.auth->IssueAuthorizationCode(app, user, kRedirect, "read", kChallenge, "S512").ok());
  EXPECT_FALSE(
      env_.auth->IssueAuthorizationCode(app, user, kRedirect, "read", "short", "S256").ok());
}

TEST_F(AuthServiceTest, RevokeInvalidatesTheCache) {
  Application app = App();
  Id user = env_.CreateUser("hank");
  auto token = env_.auth->IssueToken(app, user, "read");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(env_.auth->Authenticate(token->access_token).ok());  // now cached
  ASSERT_TRUE(env_.auth->Authenticate(token->access_token).ok());

  Application other = App();
  auto foreign = env_.auth->Revoke(other, token->access_token);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(env_.auth->Authenticate(token->access_token).ok());

  ASSERT_TRUE(env_.auth->Revoke(app, token->access_token).ok());
  auto after = env_.auth->Authenticate(token->access_token);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(env_.auth->Revoke(app, "never-issued").ok());  // RFC 7009
}

TEST_F(AuthServiceTest, SuspendedDisabledAndUnapprovedAccountsAreRejected) {
  Application app = App();
  Id user = env_.CreateUser("ivan");
  auto token = env_.auth->IssueToken(app, user, "read");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(env_.auth->Authenticate(token->access_token).ok());

  auto account = env_.accounts_store.Get(user);
  ASSERT_TRUE(account.ok());
  account->suspended = true;
  ASSERT_TRUE(env_.accounts_store.UpdateProfile(*account).ok());
  // Cached for a short while; moderation invalidates at once.
  env_.auth->InvalidateAccount(user);
  auto rejected = env_.auth->Authenticate(token->access_token);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().code, ErrorCode::kUnauthenticated);
  auto sign_in = env_.auth->CheckPassword("ivan", "password123");
  ASSERT_FALSE(sign_in.ok());
  EXPECT_EQ(sign_in.error().code, ErrorCode::kForbidden);

  account->suspended = false;
  ASSERT_TRUE(env_.accounts_store.UpdateProfile(*account).ok());
  // Without an explicit invalidation the cached state expires within a minute.
  env_.clock.Advance(std::chrono::seconds(61));
  ASSERT_TRUE(env_.auth->Authenticate(token->access_token).ok());

  auto u = env_.accounts_store.GetUser(user);
  ASSERT_TRUE(u.ok());
  u->disabled = true;
  ASSERT_TRUE(env_.accounts_store.UpdateUser(*u).ok());
  env_.auth->InvalidateAccount(user);
  EXPECT_FALSE(env_.auth->Authenticate(token->access_token).ok());
}

TEST(AuthServiceApprovalTest, UnapprovedAccountsCannotUseTheirToken) {
  AuthConfig config = ServiceEnv::TestAuthConfig();
  config.approval_required = true;
  ServiceEnv env(config);
  auto app = env.auth->RegisterApp("a", kRedirect, "read write", "");
  ASSERT_TRUE(app.ok());
  SignUpRequest r;
  r.username = "judy";
  r.email = "judy@example.com";
  r.password = "password123";
  r.agreement = true;
  auto token = env.auth->SignUp(r, *app, "read");
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_FALSE(env.auth->Authenticate(token->access_token).ok());
  auto check = env.auth->CheckPassword("judy", "password123");
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, ErrorCode::kForbidden);
}

TEST(AuthServiceClosedTest, ClosedRegistrationsAreForbidden) {
  AuthConfig config = ServiceEnv::TestAuthConfig();
  config.registrations_open = false;
  ServiceEnv env(config);
  auto app = env.auth->RegisterApp("a", kRedirect, "read write", "");
  ASSERT_TRUE(app.ok());
  SignUpRequest r;
  r.username = "kim";
  r.email = "kim@example.com";
  r.password = "password123";
  r.agreement = true;
  auto token = env.auth->SignUp(r, *app, "read");
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.error().code, ErrorCode::kForbidden);
  // The command line still creates accounts.
  EXPECT_TRUE(env.auth->CreateAccount(r, false).ok());
}

TEST_F(AuthServiceTest, RefreshRotatesTheTokenPair) {
  Application app = App();
  Id user = env_.CreateUser("liam");
  auto first = env_.auth->IssueToken(app, user, "read");
  ASSERT_TRUE(first.ok());
  ASSERT_FALSE(first->refresh_token.empty());
  ASSERT_TRUE(env_.auth->Authenticate(first->access_token).ok());
  auto second = env_.auth->Refresh(app, first->refresh_token);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->scopes, "read");
  EXPECT_FALSE(env_.auth->Authenticate(first->access_token).ok());
  EXPECT_TRUE(env_.auth->Authenticate(second->access_token).ok());
  EXPECT_FALSE(env_.auth->Refresh(app, first->refresh_token).ok());
  Application other = App();
  EXPECT_FALSE(env_.auth->Refresh(other, second->refresh_token).ok());
}

TEST_F(AuthServiceTest, ResetPasswordSignsEverySessionOut) {
  Application app = App();
  Id user = env_.CreateUser("mia");
  auto token = env_.auth->IssueToken(app, user, "read");
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(env_.auth->Authenticate(token->access_token).ok());
  auto short_password = env_.auth->ResetPassword("mia", "short");
  ASSERT_FALSE(short_password.ok());
  EXPECT_EQ(short_password.error().code, ErrorCode::kInvalid);
  ASSERT_TRUE(env_.auth->ResetPassword("mia", "a brand new password").ok());
  EXPECT_FALSE(env_.auth->Authenticate(token->access_token).ok());
  EXPECT_FALSE(env_.auth->CheckPassword("mia", "password123").ok());
  EXPECT_TRUE(env_.auth->CheckPassword("mia", "a brand new password").ok());
  EXPECT_FALSE(env_.auth->ResetPassword("nobody", "a brand new password").ok());
}

TEST_F(AuthServiceTest, ChangePasswordChecksTheCurrentOneAndTheSignUpRules) {
  Application app = App();
  Id user = env_.CreateUser("nora");
  auto token = env_.auth->IssueToken(app, user, "read write");
  ASSERT_TRUE(token.ok());
  auto caller = env_.auth->Authenticate(token->access_token);
  ASSERT_TRUE(caller.ok());

  auto wrong = env_.auth->ChangePassword(*caller, "password124", "a brand new password");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(wrong.error().message, "Validation failed: Current password is invalid");
  EXPECT_TRUE(HasDetail(wrong.error(), "current_password", "ERR_INVALID"));

  // Every problem at once, as sign-up reports them.
  auto both = env_.auth->ChangePassword(*caller, "", "short");
  ASSERT_FALSE(both.ok());
  EXPECT_TRUE(HasDetail(both.error(), "current_password", "ERR_BLANK"));
  EXPECT_TRUE(HasDetail(both.error(), "password", "ERR_TOO_SHORT"));
  auto blank = env_.auth->ChangePassword(*caller, "password123", "");
  ASSERT_FALSE(blank.ok());
  EXPECT_TRUE(HasDetail(blank.error(), "password", "ERR_BLANK"));
  auto long_one = env_.auth->ChangePassword(*caller, "password123", std::string(73, 'x'));
  ASSERT_FALSE(long_one.ok());
  EXPECT_TRUE(HasDetail(long_one.error(), "password", "ERR_TOO_LONG"));

  // Nothing changed by the failures.
  EXPECT_TRUE(env_.auth->Authenticate(token->access_token).ok());
  EXPECT_TRUE(env_.auth->CheckPassword("nora", "password123").ok());

  AuthInfo app_only = *caller;
  app_only.account_id = 0;
  EXPECT_FALSE(env_.auth->ChangePassword(app_only, "password123", "a brand new password").ok());
}

TEST_F(AuthServiceTest, ChangePasswordEndsOtherSessionsAndRenewsTheCallers) {
  Application app = App();
  Application phone = App();
  Id user = env_.CreateUser("omar");
  auto mine = env_.auth->IssueToken(app, user, "read write");
  auto other = env_.auth->IssueToken(phone, user, "read");
  ASSERT_TRUE(mine.ok() && other.ok());
  auto caller = env_.auth->Authenticate(mine->access_token);
  ASSERT_TRUE(caller.ok());
  ASSERT_TRUE(env_.auth->Authenticate(other->access_token).ok());  // cached now

  auto renewed = env_.auth->ChangePassword(*caller, "password123", "a brand new password");
  ASSERT_TRUE(renewed.ok()) << renewed.error().message;
  EXPECT_FALSE(env_.auth->Authenticate(other->access_token).ok());
  EXPECT_FALSE(env_.auth->Authenticate(mine->access_token).ok());
  EXPECT_FALSE(env_.auth->Refresh(app, mine->refresh_token).ok());
  auto next = env_.auth->Authenticate(renewed->access_token);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(next->account_id, user);
  EXPECT_EQ(next->application_id, app.id);
  EXPECT_EQ(next->scopes, "read write");
  EXPECT_FALSE(renewed->refresh_token.empty());

  EXPECT_FALSE(env_.auth->CheckPassword("omar", "password123").ok());
  EXPECT_TRUE(env_.auth->CheckPassword("omar", "a brand new password").ok());
}

}  // namespace
}  // namespace magpie::domain
