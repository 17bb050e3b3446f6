// API tests for the account side: a Router with RegisterAccountRoutes over a real SQLite test
// database, driven with crafted http::Requests through router.Find (no network). Covers the
// OAuth flows end to end, error bodies and codes, the social graph endpoints, notifications,
// lists, markers and the instance metadata.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "api/context.h"
#include "api/oauth_page_text.h"
#include "api/routes.h"
#include "core/rate_limiter.h"
#include "domain/filter_service.h"
#include "domain/service_test_env.h"
#include "domain/status_service.h"
#include "http/params.h"
#include "http/router.h"

namespace magpie::api {
namespace {

namespace json = boost::json;
using http::Method;

constexpr const char* kRedirect = "https://app.example/callback";
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

struct Reply {
  int status = 0;
  json::value body;  // parsed when the response is JSON
  http::Response raw;

  std::string Header(std::string_view name) const {
    for (const auto& [k, v] : raw.headers) {
      if (k.size() == name.size() &&
          std::equal(k.begin(), k.end(), name.begin(),
                     [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        return v;
      }
    }
    return {};
  }
  std::string Str(std::string_view key) const {
    const json::value* v = body.is_object() ? body.as_object().if_contains(key) : nullptr;
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }
};

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Form(std::initializer_list<std::pair<std::string, std::string>> pairs) {
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out += '&';
    out += UrlEncode(k) + "=" + UrlEncode(v);
  }
  return out;
}

class AccountsApiTest : public ::testing::Test {
 protected:
  AccountsApiTest() : limiter_(env_.clock) {
    filters_ = std::make_unique<domain::FilterService>(env_.filter_store, env_.clock, env_.ids);
    domain::StatusServiceConfig status_config;
    status_config.local_domain = "magpie.test";
    statuses_ =
        std::make_unique<domain::StatusService>(env_.stores, *env_.graph, *env_.notifications,
                                                env_.bus, env_.clock, env_.ids, status_config);
    ctx_.config.base_url = "https://magpie.test";
    ctx_.config.domain = "magpie.test";
    ctx_.clock = &env_.clock;
    ctx_.limiter = &limiter_;
    ctx_.auth = env_.auth.get();
    ctx_.accounts = env_.accounts.get();
    ctx_.notifications = env_.notifications.get();
    ctx_.graph = env_.graph.get();
    ctx_.statuses = statuses_.get();
    ctx_.filters = filters_.get();
    RegisterAccountRoutes(router_, ctx_);
  }

  Reply Send(Method method, const std::string& target, const std::string& body = "",
             const std::string& content_type = "application/json", const std::string& token = "",
             http::Fields headers = {}) {
    http::Request req;
    req.method = method;
    req.target = target;
    size_t q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) {
      auto query = http::ParseUrlEncoded(std::string_view(target).substr(q + 1));
      EXPECT_TRUE(query.ok());
      if (query.ok()) req.query = *query;
    }
    req.body = body;
    req.remote_address = remote_address_;
    req.request_id = "test";
    if (!body.empty()) req.headers.emplace_back("content-type", content_type);
    if (!token.empty()) req.headers.emplace_back("authorization", "Bearer " + token);
    for (auto& h : headers) req.headers.push_back(std::move(h));
    Reply reply;
    http::Router::Match match = router_.Find(method, req.path);
    if (match.handler == nullptr) {
      reply.status = match.path_known ? 405 : 404;
      return reply;
    }
    req.path_params = match.params;
    reply.raw = (*match.handler)(req);
    reply.status = reply.raw.status;
    if (reply.raw.content_type.starts_with("application/json") ||
        reply.raw.content_type.starts_with("application/jrd+json")) {
      boost::system::error_code ec;
      reply.body = json::parse(reply.raw.BodyText(), ec);
      EXPECT_FALSE(ec) << "not JSON: " << reply.raw.BodyText();
    }
    return reply;
  }
  Reply Get(const std::string& target, const std::string& token = "") {
    return Send(Method::kGet, target, "", "", token);
  }
  Reply PostJson(const std::string& target, const json::object& body,
                 const std::string& token = "") {
    return Send(Method::kPost, target, json::serialize(body), "application/json", token);
  }
  Reply PostForm(const std::string& target, const std::string& form, const std::string& token = "",
                 http::Fields headers = {}) {
    return Send(Method::kPost, target, form, "application/x-www-form-urlencoded", token,
                std::move(headers));
  }

  struct App {
    std::string client_id;
    std::string client_secret;
  };
  App RegisterApp(const std::string& scopes = "read write follow push",
                  const std::string& name = "Test App") {
    Reply r = PostJson("/api/v1/apps",
                       {{"client_name", name},
                        {"redirect_uris", std::string(kRedirect) + "\nurn:ietf:wg:oauth:2.0:oob"},
                        {"scopes", scopes},
                        {"website", "https://app.example"}});
    EXPECT_EQ(r.status, 200) << r.raw.body;
    return {r.Str("client_id"), r.Str("client_secret")};
  }
  std::string AppToken(const App& app, const std::string& scope = "read write follow push") {
    Reply r = PostJson("/oauth/token", {{"grant_type", "client_credentials"},
                                        {"client_id", app.client_id},
                                        {"client_secret", app.client_secret},
                                        {"scope", scope}});
    EXPECT_EQ(r.status, 200) << r.raw.body;
    return r.Str("access_token");
  }
  // Signs up through the API and returns the user's token.
  std::string SignUp(const std::string& username) {
    if (!app_) app_ = RegisterApp();
    if (app_token_.empty()) app_token_ = AppToken(*app_);
    Reply r = PostForm("/api/v1/accounts",
                       Form({{"username", username},
                             {"email", username + "@example.com"},
                             {"password", "password123"},
                             {"agreement", "true"},
                             {"locale", "en"}}),
                       app_token_);
    EXPECT_EQ(r.status, 200) << r.raw.body;
    return r.Str("access_token");
  }
  std::string IdOf(const std::string& token) {
    return Get("/api/v1/accounts/verify_credentials", token).Str("id");
  }

  domain::testing::ServiceEnv env_;
  core::RateLimiter limiter_;
  std::unique_ptr<domain::FilterService> filters_;
  std::unique_ptr<domain::StatusService> statuses_;
  ApiContext ctx_;
  http::Router router_;
  std::optional<App> app_;
  std::string app_token_;
  std::string remote_address_ = "192.0.2.7";
};

// ---- OAuth ---------------------------------------------------------------------------------

TEST_F(AccountsApiTest, AppTokenSignUpPasswordGrantVerifyCredentials) {
  Reply app = PostJson("/api/v1/apps", {{"client_name", "Phanpy"},
                                        {"redirect_uris", "urn:ietf:wg:oauth:2.0:oob"},
                                        {"scopes", "read write follow push"}});
  ASSERT_EQ(app.status, 200) << app.raw.body;
  EXPECT_EQ(app.Str("name"), "Phanpy");
  EXPECT_EQ(app.Str("redirect_uri"), "urn:ietf:wg:oauth:2.0:oob");
  EXPECT_FALSE(app.Str("client_id").empty());
  EXPECT_FALSE(app.Str("client_secret").empty());
  EXPECT_TRUE(app.body.at("id").is_string());
  EXPECT_EQ(app.body.at("scopes").as_array().size(), 4u);

  // client_credentials, as form fields with HTTP Basic client authentication.
  std::string basic_raw = app.Str("client_id") + ":" + app.Str("client_secret");
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string basic;
  for (size_t i = 0; i < basic_raw.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(basic_raw[i]) << 16;
    if (i + 1 < basic_raw.size()) n |= static_cast<unsigned char>(basic_raw[i + 1]) << 8;
    if (i + 2 < basic_raw.size()) n |= static_cast<unsigned char>(basic_raw[i + 2]);
    basic += kB64[(n >> 18) & 63];
    basic += kB64[(n >> 12) & 63];
    basic += i + 1 < basic_raw.size() ? kB64[(n >> 6) & 63] : '=';
    basic += i + 2 < basic_raw.size() ? kB64[n & 63] : '=';
  }
  Reply token = PostForm("/oauth/token",
                         Form({{"grant_type", "client_credentials"}, {"scope", "read write"}}), "",
                         {{"authorization", "Basic " + basic}});
  ASSERT_EQ(token.status, 200) << token.raw.body;
  EXPECT_EQ(token.Str("token_type"), "Bearer");
  EXPECT_EQ(token.Str("scope"), "read write");
  EXPECT_TRUE(token.body.at("created_at").is_int64());
  EXPECT_EQ(token.Header("Cache-Control"), "no-store");
  const std::string app_token = token.Str("access_token");

  Reply verify_app = Get("/api/v1/apps/verify_credentials", app_token);
  ASSERT_EQ(verify_app.status, 200);
  EXPECT_EQ(verify_app.Str("name"), "Phanpy");
  EXPECT_FALSE(verify_app.body.as_object().contains("client_secret"));

  // An app token is not a user: user endpoints refuse it.
  EXPECT_EQ(Get("/api/v1/accounts/verify_credentials", app_token).status, 422);

  Reply signup = PostForm("/api/v1/accounts",
                          Form({{"username", "newbie"},
                                {"email", "newbie@example.com"},
                                {"password", "password123"},
                                {"agreement", "1"}}),
                          app_token);
  ASSERT_EQ(signup.status, 200) << signup.raw.body;
  EXPECT_EQ(signup.Str("scope"), "read write");

  Reply password = PostJson("/oauth/token", {{"grant_type", "password"},
                                             {"client_id", app.Str("client_id")},
                                             {"client_secret", app.Str("client_secret")},
                                             {"username", "newbie@example.com"},
                                             {"password", "password123"},
                                             {"scope", "read"}});
  ASSERT_EQ(password.status, 200) << password.raw.body;
  EXPECT_EQ(password.Str("scope"), "read");

  Reply me = Get("/api/v1/accounts/verify_credentials", password.Str("access_token"));
  ASSERT_EQ(me.status, 200) << me.raw.body;
  EXPECT_EQ(me.Str("username"), "newbie");
  EXPECT_EQ(me.Str("acct"), "newbie");
  EXPECT_EQ(me.Str("url"), "https://magpie.test/@newbie");
  EXPECT_EQ(me.Str("uri"), "https://magpie.test/users/newbie");
  EXPECT_EQ(me.Str("avatar"), "https://magpie.test/avatars/original/missing.png");
  EXPECT_EQ(me.Str("header"), "https://magpie.test/headers/original/missing.png");
  EXPECT_TRUE(me.Str("created_at").ends_with("T00:00:00.000Z")) << me.Str("created_at");
  EXPECT_TRUE(me.body.at("last_status_at").is_null());
  EXPECT_EQ(me.body.at("source").at("privacy").as_string(), "public");
  EXPECT_EQ(me.body.at("source").at("follow_requests_count").as_int64(), 0);
  EXPECT_EQ(me.body.at("role").at("id").as_string(), "-99");
  EXPECT_TRUE(me.body.at("emojis").as_array().empty());
  EXPECT_FALSE(me.body.at("group").as_bool());

  // The signed-up token works too, and a garbage token is a 401 with Mastodon's body.
  EXPECT_EQ(Get("/api/v1/accounts/verify_credentials", signup.Str("access_token")).status, 200);
  Reply bad = Get("/api/v1/accounts/verify_credentials", "nonsense");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.Str("error"), "The access token is invalid");
}

TEST_F(AccountsApiTest, SignUpErrors) {
  App app = RegisterApp();
  std::string app_token = AppToken(app);
  Reply blank = PostJson("/api/v1/accounts", {{"agreement", false}}, app_token);
  ASSERT_EQ(blank.status, 422) << blank.raw.body;
  EXPECT_TRUE(blank.Str("error").starts_with("Validation failed")) << blank.raw.body;
  EXPECT_EQ(blank.body.at("details").at("username").at(0).at("error").as_string(), "ERR_BLANK");
  EXPECT_EQ(blank.body.at("details").at("agreement").at(0).at("error").as_string(), "ERR_ACCEPTED");

  Reply wrong_type = PostJson("/api/v1/accounts",
                              {{"username", json::array{"a"}}, {"agreement", true}}, app_token);
  EXPECT_EQ(wrong_type.status, 422);

  EXPECT_EQ(PostJson("/api/v1/accounts", {{"username", "x"}}).status, 401);
  std::string read_only = AppToken(app, "read");
  EXPECT_EQ(PostJson("/api/v1/accounts", {{"username", "x"}}, read_only).status, 403);

  // Every attempt from an address counts, whatever its outcome.
  ctx_.config.rate_limits.sign_up_per_ip = 2;
  remote_address_ = "198.51.100.9";
  EXPECT_EQ(PostJson("/api/v1/accounts", {}, app_token).status, 422);
  Reply second = PostJson("/api/v1/accounts", {}, app_token);
  EXPECT_EQ(second.status, 422);
  EXPECT_EQ(second.Header("X-RateLimit-Limit"), "2");
  Reply limited = PostJson("/api/v1/accounts", {}, app_token);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("X-RateLimit-Remaining"), "0");
  EXPECT_FALSE(limited.Str("error").empty());
}

TEST_F(AccountsApiTest, TokenEndpointErrorsAreOAuthShaped) {
  App app = RegisterApp("read");
  env_.CreateUser("olga");
  auto token = [&](json::object body) { return PostJson("/oauth/token", body); };

  Reply no_grant = token({{"client_id", app.client_id}});
  EXPECT_EQ(no_grant.status, 400);
  EXPECT_EQ(no_grant.Str("error"), "invalid_request");
  Reply unsupported = token({{"grant_type", "implicit"}});
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(unsupported.Str("error"), "unsupported_grant_type");
  Reply bad_secret = token({{"grant_type", "client_credentials"},
                            {"client_id", app.client_id},
                            {"client_secret", "wrong"}});
  EXPECT_EQ(bad_secret.status, 401);
  EXPECT_EQ(bad_secret.Str("error"), "invalid_client");
  Reply scope = token({{"grant_type", "client_credentials"},
                       {"client_id", app.client_id},
                       {"client_secret", app.client_secret},
                       {"scope", "write"}});
  EXPECT_EQ(scope.status, 400);
  EXPECT_EQ(scope.Str("error"), "invalid_scope");
  Reply wrong_password = token({{"grant_type", "password"},
                                {"client_id", app.client_id},
                                {"client_secret", app.client_secret},
                                {"username", "olga"},
                                {"password", "not her password"}});
  EXPECT_EQ(wrong_password.status, 400);
  EXPECT_EQ(wrong_password.Str("error"), "invalid_grant");
  EXPECT_FALSE(wrong_password.Str("error_description").empty());
  Reply bad_code = token({{"grant_type", "authorization_code"},
                          {"client_id", app.client_id},
                          {"client_secret", app.client_secret},
                          {"code", "nope"},
                          {"redirect_uri", kRedirect}});
  EXPECT_EQ(bad_code.status, 400);
  EXPECT_EQ(bad_code.Str("error"), "invalid_grant");

  ctx_.config.rate_limits.sign_in_per_ip = 1;
  token({{"grant_type", "password"},
         {"client_id", app.client_id},
         {"client_secret", app.client_secret},
         {"username", "olga"},
         {"password", "x"}});
  EXPECT_EQ(token({{"grant_type", "password"},
                   {"client_id", app.client_id},
                   {"client_secret", app.client_secret},
                   {"username", "olga"},
                   {"password", "x"}})
                .status,
            429);

  Reply malformed = Send(Method::kPost, "/oauth/token", "{not json", "application/json");
  EXPECT_EQ(malformed.status, 400);
}

TEST_F(AccountsApiTest, AuthorizationCodeFlowWithPkce) {
  App app = RegisterApp("read write follow", "<b>Evil & Co</b>");
  env_.CreateUser("pia");
  const std::string query = "response_type=code&client_id=" + UrlEncode(app.client_id) +
                            "&redirect_uri=" + UrlEncode(kRedirect) +
                            "&scope=read+write&state=xyz%3C&code_challenge=" + kChallenge +
                            "&code_challenge_method=S256";
  Reply page = Get("/oauth/authorize?" + query);
  ASSERT_EQ(page.status, 200);
  const std::string& html = page.raw.body;
  EXPECT_TRUE(page.raw.content_type.starts_with("text/html"));
  EXPECT_NE(html.find("&lt;b&gt;Evil &amp; Co&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>Evil"), std::string::npos);
  EXPECT_NE(html.find("(write)"), std::string::npos);
  EXPECT_EQ(page.Header("X-Frame-Options"), "DENY");
  std::string cookie = page.Header("Set-Cookie");
  ASSERT_FALSE(cookie.empty());
  cookie = cookie.substr(0, cookie.find(';'));
  const std::string marker = "name=\"form_token\" value=\"";
  size_t at = html.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string form_token = html.substr(at + marker.size());
  form_token = form_token.substr(0, form_token.find('"'));

  auto submit = [&](const std::string& login, const std::string& password, const std::string& token,
                    const std::string& cookie_header, const std::string& decision = "approve") {
    return PostForm("/oauth/authorize",
                    Form({{"form_token", token},
                          {"response_type", "code"},
                          {"client_id", app.client_id},
                          {"redirect_uri", kRedirect},
                          {"scope", "read write"},
                          {"state", "xyz<"},
                          {"code_challenge", kChallenge},
                          {"code_challenge_method", "S256"},
                          {"login", login},
                          {"password", password},
                          {"decision", decision}}),
                    "", {{"cookie", cookie_header}});
  };
  // Wrong password and unknown user: the same page, the same words.
  Reply wrong = submit("pia", "wrong password", form_token, cookie);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_NE(wrong.raw.body.find("Invalid email or password."), std::string::npos);
  Reply unknown = submit("nobody", "wrong password", form_token, cookie);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_NE(unknown.raw.body.find("Invalid email or password."), std::string::npos);
  // Without the cookie, or with a forged token, the form is refused.
  EXPECT_EQ(submit("pia", "password123", form_token, "").status, 400);
  EXPECT_EQ(submit("pia", "password123", "1.abc", cookie).status, 400);
  // Deny goes back to the client with access_denied.
  Reply denied = submit("", "", form_token, cookie, "deny");
  EXPECT_EQ(denied.status, 302);
  EXPECT_NE(denied.Header("Location").find("error=access_denied"), std::string::npos);

  Reply ok = submit("pia@example.com", "password123", form_token, cookie);
  ASSERT_EQ(ok.status, 302) << ok.raw.body;
  std::string location = ok.Header("Location");
  ASSERT_TRUE(location.starts_with(std::string(kRedirect) + "?code=")) << location;
  EXPECT_NE(location.find("&state=xyz%3C"), std::string::npos) << location;
  std::string code = location.substr(std::string(kRedirect).size() + 6);
  code = code.substr(0, code.find('&'));

  json::object exchange{{"grant_type", "authorization_code"}, {"client_id", app.client_id},
                        {"client_secret", app.client_secret}, {"code", code},
                        {"redirect_uri", kRedirect},          {"code_verifier", kVerifier}};
  Reply token = PostJson("/oauth/token", exchange);
  ASSERT_EQ(token.status, 200) << token.raw.body;
  EXPECT_EQ(token.Str("scope"), "read write");
  Reply me = Get("/api/v1/accounts/verify_credentials", token.Str("access_token"));
  EXPECT_EQ(me.Str("username"), "pia");
  Reply again = PostJson("/oauth/token", exchange);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.Str("error"), "invalid_grant");

  // Revocation ends the token at once.
  Reply revoke = PostJson("/oauth/revoke", {{"client_id", app.client_id},
                                            {"client_secret", app.client_secret},
                                            {"token", token.Str("access_token")}});
  EXPECT_EQ(revoke.status, 200);
  EXPECT_TRUE(revoke.body.as_object().empty());
  EXPECT_EQ(Get("/api/v1/accounts/verify_credentials", token.Str("access_token")).status, 401);
}

TEST_F(AccountsApiTest, AuthorizePageRefusesBadClientsWithoutRedirecting) {
  App app = RegisterApp("read");
  Reply unknown = Get("/oauth/authorize?response_type=code&client_id=nope&redirect_uri=" +
                      UrlEncode(kRedirect));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(unknown.Header("Location").empty());
  Reply other_uri =
      Get("/oauth/authorize?response_type=code&client_id=" + UrlEncode(app.client_id) +
          "&redirect_uri=" + UrlEncode("https://evil.example/"));
  EXPECT_EQ(other_uri.status, 400);
  EXPECT_TRUE(other_uri.Header("Location").empty());
  // A registered URI hears about a bad scope through the redirect.
  Reply scope = Get("/oauth/authorize?response_type=code&client_id=" + UrlEncode(app.client_id) +
                    "&redirect_uri=" + UrlEncode(kRedirect) + "&scope=write&state=s");
  EXPECT_EQ(scope.status, 302);
  EXPECT_NE(scope.Header("Location").find("error=invalid_scope"), std::string::npos);
  EXPECT_NE(scope.Header("Location").find("state=s"), std::string::npos);

  // The out-of-band redirect shows the code on a page instead of redirecting.
  env_.CreateUser("quinn");
  const std::string oob = "urn:ietf:wg:oauth:2.0:oob";
  Reply page = Get("/oauth/authorize?response_type=code&client_id=" + UrlEncode(app.client_id) +
                   "&redirect_uri=" + UrlEncode(oob));
  ASSERT_EQ(page.status, 200);
  std::string cookie = page.Header("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  const std::string marker = "name=\"form_token\" value=\"";
  std::string form_token = page.raw.body.substr(page.raw.body.find(marker) + marker.size());
  form_token = form_token.substr(0, form_token.find('"'));
  Reply code_page = PostForm("/oauth/authorize",
                             Form({{"form_token", form_token},
                                   {"client_id", app.client_id},
                                   {"redirect_uri", oob},
                                   {"login", "quinn"},
                                   {"password", "password123"},
                                   {"decision", "approve"}}),
                             "", {{"cookie", cookie}});
  ASSERT_EQ(code_page.status, 200) << code_page.raw.body;
  const std::string code_marker = "<code id=\"code\">";
  size_t at = code_page.raw.body.find(code_marker);
  ASSERT_NE(at, std::string::npos);
  std::string code = code_page.raw.body.substr(at + code_marker.size());
  code = code.substr(0, code.find('<'));
  Reply token = PostJson("/oauth/token", {{"grant_type", "authorization_code"},
                                          {"client_id", app.client_id},
                                          {"client_secret", app.client_secret},
                                          {"code", code},
                                          {"redirect_uri", oob}});
  EXPECT_EQ(token.status, 200) << token.raw.body;

  Reply meta = Get("/.well-known/oauth-authorization-server");
  ASSERT_EQ(meta.status, 200);
  EXPECT_EQ(meta.Str("token_endpoint"), "https://magpie.test/oauth/token");
  EXPECT_EQ(meta.body.at("code_challenge_methods_supported").as_array().size(), 2u);
}

TEST(OAuthPageTextTest, PicksTheLanguageFromLangThenAcceptLanguage) {
  EXPECT_EQ(PickOAuthPageText("", "").lang, "en");
  EXPECT_EQ(PickOAuthPageText("", "fr-FR, de;q=0.5").lang, "en");
  EXPECT_EQ(PickOAuthPageText("", "zh-TW,zh;q=0.9,en;q=0.8").lang, "zh-Hant");
  EXPECT_EQ(PickOAuthPageText("", "zh-Hant-HK").lang, "zh-Hant");
  EXPECT_EQ(PickOAuthPageText("", "zh-CN,zh;q=0.9").lang, "zh-Hans");
  EXPECT_EQ(PickOAuthPageText("", "ZH").lang, "zh-Hans");
  EXPECT_EQ(PickOAuthPageText("", "en;q=0.5, ja;q=0.8, *;q=0.1").lang, "ja");
  EXPECT_EQ(PickOAuthPageText("", "fr, es-419;q=0.7").lang, "es");
  EXPECT_EQ(PickOAuthPageText("", "ar-EG;q=0, en;q=0.1").lang, "en");
  EXPECT_EQ(PickOAuthPageText("", "ar;q=bogus, ar-SA").lang, "ar");
  EXPECT_TRUE(PickOAuthPageText("", "ar").rtl);
  // The app's own choice wins over the browser's; an unknown one is ignored.
  EXPECT_EQ(PickOAuthPageText("ja", "ar").lang, "ja");
  EXPECT_EQ(PickOAuthPageText("klingon", "es").lang, "es");
}

TEST(OAuthPageTextTest, FillHtmlEscapesTheTextButNotTheValues) {
  EXPECT_EQ(FillHtml("a <b> {0} & {1}", {"<i>x</i>", "y"}), "a &lt;b&gt; <i>x</i> &amp; y");
  EXPECT_EQ(FillHtml("{2} {x} {", {"only"}), "{2} {x} {");
  const OAuthPageText& ja = PickOAuthPageText("ja", "");
  EXPECT_EQ(DescribeScope(ja, "read:statuses"), "投稿の閲覧");
  EXPECT_EQ(DescribeScope(PickOAuthPageText("", ""), "write:favourites"), "Change your favourites");
  EXPECT_EQ(DescribeScope(ja, "write:unknown_thing"), "unknown_thingの変更");
}

TEST_F(AccountsApiTest, AuthorizePageSpeaksTheReadersLanguage) {
  App app = RegisterApp("read write follow");
  const std::string target =
      "/oauth/authorize?response_type=code&client_id=" + UrlEncode(app.client_id) +
      "&redirect_uri=" + UrlEncode(kRedirect) + "&scope=read+write:statuses";
  auto page = [&](const std::string& accept, const std::string& extra = "") {
    return Send(Method::kGet, target + extra, "", "", "", {{"accept-language", accept}});
  };
  Reply hant = page("zh-TW,zh;q=0.9,en;q=0.8");
  ASSERT_EQ(hant.status, 200);
  EXPECT_NE(hant.raw.body.find("<html lang=\"zh-Hant\" dir=\"ltr\">"), std::string::npos);
  EXPECT_NE(hant.raw.body.find("登入"), std::string::npos);
  EXPECT_NE(hant.raw.body.find("修改你的貼文"), std::string::npos);
  EXPECT_EQ(hant.Header("Content-Language"), "zh-Hant");
  EXPECT_EQ(hant.Header("X-Frame-Options"), "DENY");  // the protections stay
  EXPECT_NE(hant.raw.body.find("name=\"form_token\""), std::string::npos);

  Reply ar = page("ar-EG");
  EXPECT_NE(ar.raw.body.find("<html lang=\"ar\" dir=\"rtl\">"), std::string::npos);
  EXPECT_NE(ar.raw.body.find("كلمة المرور"), std::string::npos);
  EXPECT_EQ(ar.raw.body.find(">Password<"), std::string::npos);

  // lang=, as the web app sends it, wins; the form carries it to the next page.
  Reply es = page("ar", "&lang=es");
  EXPECT_NE(es.raw.body.find("<html lang=\"es\""), std::string::npos);
  EXPECT_NE(es.raw.body.find("name=\"lang\" value=\"es\""), std::string::npos);
  // Errors speak it too.
  Reply bad = Send(Method::kGet, "/oauth/authorize?client_id=nope&lang=zh-Hans");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.raw.body.find("此应用未在本服务器注册。"), std::string::npos);
}

// ---- Magpie extensions ---------------------------------------------------------------------

TEST_F(AccountsApiTest, ChangePasswordRenewsTheCallersTokenAndEndsTheOthers) {
  const std::string first = SignUp("rosa");
  App app = *app_;
  auto password_grant = [&](const std::string& password) {
    return PostJson("/oauth/token", {{"grant_type", "password"},
                                     {"client_id", app.client_id},
                                     {"client_secret", app.client_secret},
                                     {"username", "rosa"},
                                     {"password", password},
                                     {"scope", "read"}});
  };
  Reply second = password_grant("password123");
  ASSERT_EQ(second.status, 200) << second.raw.body;

  Reply changed =
      PostJson("/api/magpie/v1/accounts/change_password",
               {{"current_password", "password123"}, {"password", "new secret 123"}}, first);
  ASSERT_EQ(changed.status, 200) << changed.raw.body;
  EXPECT_EQ(changed.Header("Cache-Control"), "no-store");
  EXPECT_EQ(changed.Str("token_type"), "Bearer");
  EXPECT_EQ(changed.Str("scope"), "read write follow push");
  const std::string renewed = changed.Str("access_token");
  ASSERT_FALSE(renewed.empty());
  EXPECT_NE(renewed, first);

  EXPECT_EQ(Get("/api/v1/accounts/verify_credentials", first).status, 401);
  EXPECT_EQ(Get("/api/v1/accounts/verify_credentials", second.Str("access_token")).status, 401);
  EXPECT_EQ(Get("/api/v1/accounts/verify_credentials", renewed).Str("username"), "rosa");
  EXPECT_EQ(password_grant("password123").status, 400);
  EXPECT_EQ(password_grant("new secret 123").status, 200);
}

TEST_F(AccountsApiTest, ChangePasswordErrors) {
  const std::string token = SignUp("sami");
  const std::string path = "/api/magpie/v1/accounts/change_password";
  Reply wrong =
      PostJson(path, {{"current_password", "not it"}, {"password", "new secret 123"}}, token);
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(wrong.Str("error"), "Validation failed: Current password is invalid");
  EXPECT_EQ(wrong.body.at("details").at("current_password").at(0).at("error"), "ERR_INVALID");

  // Form parameters, as sign-up takes them; the details say which field.
  Reply short_one =
      PostForm(path, Form({{"current_password", "password123"}, {"password", "short"}}), token);
  EXPECT_EQ(short_one.status, 422);
  EXPECT_EQ(short_one.Str("error"),
            "Validation failed: Password is too short (minimum is 8 characters)");
  EXPECT_EQ(short_one.body.at("details").at("password").at(0).at("error"), "ERR_TOO_SHORT");
  Reply typed = PostJson(path, {{"current_password", json::array{"x"}}, {"password", "y"}}, token);
  EXPECT_EQ(typed.status, 422);

  json::object good{{"current_password", "password123"}, {"password", "new secret 123"}};
  EXPECT_EQ(PostJson(path, good).status, 401);
  EXPECT_EQ(PostJson(path, good, "not-a-token").status, 401);
  EXPECT_EQ(PostJson(path, good, AppToken(*app_)).status, 422);  // no user behind an app token
  App reader = RegisterApp("read");
  Reply read_only = PostJson("/oauth/token", {{"grant_type", "password"},
                                              {"client_id", reader.client_id},
                                              {"client_secret", reader.client_secret},
                                              {"username", "sami"},
                                              {"password", "password123"},
                                              {"scope", "read"}});
  ASSERT_EQ(read_only.status, 200);
  EXPECT_EQ(PostJson(path, good, read_only.Str("access_token")).status, 403);
  EXPECT_EQ(Get("/api/v1/accounts/verify_credentials", token).Str("username"), "sami");

  // Ten attempts an hour per account, failed ones included.
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(
        PostJson(path, {{"current_password", "guess"}, {"password", "whatever1"}}, token).status,
        422);
  }
  Reply limited = PostJson(path, good, token);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("X-RateLimit-Remaining"), "0");
}

// ---- accounts and relationships ------------------------------------------------------------

TEST_F(AccountsApiTest, FollowUnfollowAndRelationships) {
  std::string alice = SignUp("alice");
  std::string bob = SignUp("bob");
  const std::string bob_id = IdOf(bob);
  const std::string alice_id = IdOf(alice);

  Reply follow = PostJson("/api/v1/accounts/" + bob_id + "/follow", {{"reblogs", false}}, alice);
  ASSERT_EQ(follow.status, 200) << follow.raw.body;
  EXPECT_EQ(follow.Str("id"), bob_id);
  EXPECT_TRUE(follow.body.at("following").as_bool());
  EXPECT_FALSE(follow.body.at("showing_reblogs").as_bool());
  for (const char* key :
       {"notifying", "followed_by", "blocking", "blocked_by", "muting", "muting_notifications",
        "requested", "requested_by", "domain_blocking", "endorsed"}) {
    EXPECT_TRUE(follow.body.at(key).is_bool()) << key;
  }
  EXPECT_TRUE(follow.body.at("note").is_string());

  Reply rels = Get("/api/v1/accounts/relationships?id[]=" + bob_id + "&id[]=999999", alice);
  ASSERT_EQ(rels.status, 200);
  ASSERT_EQ(rels.body.as_array().size(), 1u);  // unknown ids are left out
  EXPECT_TRUE(rels.body.at(0).at("following").as_bool());
  Reply from_bob = Get("/api/v1/accounts/relationships?id=" + alice_id, bob);
  EXPECT_TRUE(from_bob.body.at(0).at("followed_by").as_bool());

  Reply followers = Get("/api/v1/accounts/" + bob_id + "/followers?limit=1");
  ASSERT_EQ(followers.status, 200);
  ASSERT_EQ(followers.body.as_array().size(), 1u);
  EXPECT_EQ(followers.body.at(0).at("username").as_string(), "alice");
  EXPECT_NE(followers.Header("Link").find("rel=\"next\""), std::string::npos);
  Reply following = Get("/api/v1/accounts/" + alice_id + "/following", bob);
  ASSERT_EQ(following.body.as_array().size(), 1u);
  Reply account = Get("/api/v1/accounts/" + bob_id);
  EXPECT_EQ(account.body.at("followers_count").as_int64(), 1);
  Reply lookup = Get("/api/v1/accounts/lookup?acct=bob@magpie.test");
  EXPECT_EQ(lookup.Str("id"), bob_id);
  Reply search = Get("/api/v1/accounts/search?q=bo", alice);
  ASSERT_EQ(search.status, 200);
  EXPECT_EQ(search.body.as_array().size(), 1u);

  Reply unfollow = PostJson("/api/v1/accounts/" + bob_id + "/unfollow", {}, alice);
  ASSERT_EQ(unfollow.status, 200);
  EXPECT_FALSE(unfollow.body.at("following").as_bool());

  // Errors: unknown and malformed ids, self-follow, no token, too narrow a scope, bad types.
  EXPECT_EQ(PostJson("/api/v1/accounts/999999/follow", {}, alice).status, 404);
  EXPECT_EQ(PostJson("/api/v1/accounts/abc/follow", {}, alice).status, 404);
  EXPECT_EQ(Get("/api/v1/accounts/-1").status, 404);
  EXPECT_EQ(Get("/api/v1/accounts/lookup?acct=nobody").status, 404);
  EXPECT_EQ(PostJson("/api/v1/accounts/" + alice_id + "/follow", {}, alice).status, 403);
  Reply anonymous = PostJson("/api/v1/accounts/" + bob_id + "/follow", {});
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.Str("error"), "The access token is invalid");
  EXPECT_EQ(
      PostJson("/api/v1/accounts/" + bob_id + "/follow", {{"reblogs", "maybe"}}, alice).status,
      422);
  EXPECT_EQ(PostJson("/api/v1/accounts/" + bob_id + "/mute", {{"duration", "soon"}}, alice).status,
            422);
  EXPECT_EQ(Get("/api/v1/accounts/relationships?id[]=x", alice).status, 422);

  // A token limited to read:accounts may look but not follow.
  ASSERT_TRUE(app_.has_value());
  Reply narrow = PostJson("/oauth/token", {{"grant_type", "password"},
                                           {"client_id", app_->client_id},
                                           {"client_secret", app_->client_secret},
                                           {"username", "alice"},
                                           {"password", "password123"},
                                           {"scope", "read:accounts"}});
  ASSERT_EQ(narrow.status, 200) << narrow.raw.body;
  Reply forbidden =
      PostJson("/api/v1/accounts/" + bob_id + "/follow", {}, narrow.Str("access_token"));
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.Str("error"), "This action is outside the authorized scopes");
  EXPECT_EQ(Get("/api/v1/accounts/verify_credentials", narrow.Str("access_token")).status, 200);
}

TEST_F(AccountsApiTest, BlocksMutesAndFollowRequests) {
  std::string alice = SignUp("alice");
  std::string bob = SignUp("bob");
  const std::string alice_id = IdOf(alice);
  const std::string bob_id = IdOf(bob);

  Reply locked = Send(Method::kPatch, "/api/v1/accounts/update_credentials",
                      Form({{"locked", "true"}}), "application/x-www-form-urlencoded", bob);
  ASSERT_EQ(locked.status, 200) << locked.raw.body;
  EXPECT_TRUE(locked.body.at("locked").as_bool());
  Reply requested = PostJson("/api/v1/accounts/" + bob_id + "/follow", {}, alice);
  EXPECT_TRUE(requested.body.at("requested").as_bool());
  Reply requests = Get("/api/v1/follow_requests", bob);
  ASSERT_EQ(requests.body.as_array().size(), 1u);
  EXPECT_EQ(requests.body.at(0).at("id").as_string(), alice_id);
  EXPECT_EQ(Get("/api/v1/accounts/verify_credentials", bob)
                .body.at("source")
                .at("follow_requests_count")
                .as_int64(),
            1);
  Reply authorized = PostJson("/api/v1/follow_requests/" + alice_id + "/authorize", {}, bob);
  ASSERT_EQ(authorized.status, 200);
  EXPECT_TRUE(authorized.body.at("followed_by").as_bool());
  EXPECT_EQ(PostJson("/api/v1/follow_requests/" + alice_id + "/reject", {}, bob).status, 404);

  Reply mute = PostJson("/api/v1/accounts/" + bob_id + "/mute",
                        {{"notifications", false}, {"duration", 3600}}, alice);
  ASSERT_EQ(mute.status, 200);
  EXPECT_TRUE(mute.body.at("muting").as_bool());
  EXPECT_FALSE(mute.body.at("muting_notifications").as_bool());
  EXPECT_EQ(Get("/api/v1/mutes", alice).body.as_array().size(), 1u);

  Reply block = PostJson("/api/v1/accounts/" + bob_id + "/block", {}, alice);
  ASSERT_EQ(block.status, 200);
  EXPECT_TRUE(block.body.at("blocking").as_bool());
  EXPECT_FALSE(block.body.at("following").as_bool());
  Reply blocks = Get("/api/v1/blocks", alice);
  ASSERT_EQ(blocks.body.as_array().size(), 1u);
  EXPECT_EQ(blocks.body.at(0).at("id").as_string(), bob_id);
  EXPECT_EQ(PostJson("/api/v1/accounts/" + alice_id + "/follow", {}, bob).status, 403);

  EXPECT_EQ(PostJson("/api/v1/domain_blocks", {{"domain", "spam.example"}}, alice).status, 200);
  Reply domains = Get("/api/v1/domain_blocks", alice);
  ASSERT_EQ(domains.body.as_array().size(), 1u);
  EXPECT_EQ(PostJson("/api/v1/domain_blocks", {{"domain", "no spaces"}}, alice).status, 422);
  EXPECT_EQ(
      Send(Method::kDelete, "/api/v1/domain_blocks?domain=spam.example", "", "", alice).status,
      200);
  EXPECT_TRUE(Get("/api/v1/domain_blocks", alice).body.as_array().empty());
}

TEST_F(AccountsApiTest, PersonalNotesAndEndorsements) {
  std::string alice = SignUp("alice");
  std::string bob = SignUp("bob");
  std::string carol = SignUp("carol");
  const std::string alice_id = IdOf(alice);
  const std::string bob_id = IdOf(bob);
  const std::string carol_id = IdOf(carol);

  // Notes: JSON and forms; an absent or empty comment clears; they are the author's alone.
  Reply note = PostJson("/api/v1/accounts/" + bob_id + "/note", {{"comment", "大学同学"}}, alice);
  ASSERT_EQ(note.status, 200) << note.raw.body;
  EXPECT_EQ(note.Str("id"), bob_id);
  EXPECT_EQ(note.Str("note"), "大学同学");
  Reply rels = Get("/api/v1/accounts/relationships?id[]=" + bob_id, alice);
  EXPECT_EQ(rels.body.at(0).at("note").as_string(), "大学同学");
  EXPECT_EQ(
      Get("/api/v1/accounts/relationships?id[]=" + alice_id, bob).body.at(0).at("note").as_string(),
      "");
  Reply form =
      PostForm("/api/v1/accounts/" + bob_id + "/note", Form({{"comment", "updated"}}), alice);
  EXPECT_EQ(form.Str("note"), "updated");
  EXPECT_EQ(PostJson("/api/v1/accounts/" + bob_id + "/note", {}, alice).Str("note"), "");
  EXPECT_EQ(
      PostJson("/api/v1/accounts/" + bob_id + "/note", {{"comment", json::array{1}}}, alice).status,
      422);
  EXPECT_EQ(
      PostJson("/api/v1/accounts/" + bob_id + "/note", {{"comment", std::string(2001, 'x')}}, alice)
          .status,
      422);
  EXPECT_EQ(PostJson("/api/v1/accounts/999999/note", {{"comment", "x"}}, alice).status, 404);
  EXPECT_EQ(PostJson("/api/v1/accounts/" + bob_id + "/note", {{"comment", "x"}}).status, 401);

  // Endorsements: only of followed accounts; pin/unpin and endorse/unendorse alike.
  Reply refused = PostJson("/api/v1/accounts/" + bob_id + "/pin", {}, alice);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.Str("error").find("following"), std::string::npos) << refused.raw.body;
  ASSERT_EQ(PostJson("/api/v1/accounts/" + bob_id + "/follow", {}, alice).status, 200);
  ASSERT_EQ(PostJson("/api/v1/accounts/" + carol_id + "/follow", {}, alice).status, 200);
  Reply pinned = PostJson("/api/v1/accounts/" + bob_id + "/pin", {}, alice);
  ASSERT_EQ(pinned.status, 200) << pinned.raw.body;
  EXPECT_TRUE(pinned.body.at("endorsed").as_bool());
  EXPECT_EQ(PostJson("/api/v1/accounts/" + bob_id + "/pin", {}, alice).status, 200);  // again
  ASSERT_EQ(PostJson("/api/v1/accounts/" + carol_id + "/endorse", {}, alice).status, 200);
  Reply mine = Get("/api/v1/endorsements?limit=1", alice);
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.body.as_array().size(), 1u);
  EXPECT_EQ(mine.body.at(0).at("id").as_string(), carol_id);
  EXPECT_NE(mine.Header("Link").find("rel=\"next\""), std::string::npos);
  Reply public_list = Get("/api/v1/accounts/" + alice_id + "/endorsements");
  ASSERT_EQ(public_list.status, 200);
  EXPECT_EQ(public_list.body.as_array().size(), 2u);
  EXPECT_EQ(Get("/api/v1/accounts/999999/endorsements").status, 404);

  Reply unpinned = PostJson("/api/v1/accounts/" + carol_id + "/unpin", {}, alice);
  ASSERT_EQ(unpinned.status, 200);
  EXPECT_FALSE(unpinned.body.at("endorsed").as_bool());
  EXPECT_EQ(PostJson("/api/v1/accounts/" + carol_id + "/unendorse", {}, alice).status, 200);
  // Unfollowing ends it.
  ASSERT_EQ(PostJson("/api/v1/accounts/" + bob_id + "/unfollow", {}, alice).status, 200);
  EXPECT_TRUE(Get("/api/v1/endorsements", alice).body.as_array().empty());

  // Scopes: write:accounts to change, read:accounts to list.
  ASSERT_TRUE(app_.has_value());
  Reply narrow = PostJson("/oauth/token", {{"grant_type", "password"},
                                           {"client_id", app_->client_id},
                                           {"client_secret", app_->client_secret},
                                           {"username", "alice"},
                                           {"password", "password123"},
                                           {"scope", "read:accounts write:follows"}});
  ASSERT_EQ(narrow.status, 200) << narrow.raw.body;
  const std::string token = narrow.Str("access_token");
  EXPECT_EQ(PostJson("/api/v1/accounts/" + bob_id + "/note", {{"comment", "x"}}, token).status,
            403);
  EXPECT_EQ(PostJson("/api/v1/accounts/" + carol_id + "/pin", {}, token).status, 403);
  EXPECT_EQ(Get("/api/v1/endorsements", token).status, 200);
}

TEST_F(AccountsApiTest, FollowRequestsKeepTheirOptions) {
  std::string alice = SignUp("alice");
  std::string bob = SignUp("bob");
  const std::string alice_id = IdOf(alice);
  const std::string bob_id = IdOf(bob);
  ASSERT_EQ(Send(Method::kPatch, "/api/v1/accounts/update_credentials", Form({{"locked", "true"}}),
                 "application/x-www-form-urlencoded", bob)
                .status,
            200);
  Reply requested = PostJson("/api/v1/accounts/" + bob_id + "/follow",
                             {{"reblogs", false}, {"notify", true}}, alice);
  ASSERT_EQ(requested.status, 200) << requested.raw.body;
  EXPECT_TRUE(requested.body.at("requested").as_bool());
  EXPECT_FALSE(requested.body.at("showing_reblogs").as_bool());
  EXPECT_TRUE(requested.body.at("notifying").as_bool());
  ASSERT_EQ(PostJson("/api/v1/follow_requests/" + alice_id + "/authorize", {}, bob).status, 200);
  Reply rel = Get("/api/v1/accounts/relationships?id[]=" + bob_id, alice);
  EXPECT_TRUE(rel.body.at(0).at("following").as_bool());
  EXPECT_FALSE(rel.body.at(0).at("showing_reblogs").as_bool());
  EXPECT_TRUE(rel.body.at(0).at("notifying").as_bool());
}

TEST_F(AccountsApiTest, UpdateCredentialsInEveryEncoding) {
  std::string alice = SignUp("alice");
  Reply form = Send(Method::kPatch, "/api/v1/accounts/update_credentials",
                    Form({{"display_name", "Alice 🐦"},
                          {"note", "Hi <script> #magpie"},
                          {"fields_attributes[0][name]", "Site"},
                          {"fields_attributes[0][value]", "https://alice.example"},
                          {"fields_attributes[1][name]", "Pronouns"},
                          {"fields_attributes[1][value]", "she/her"},
                          {"source[privacy]", "unlisted"},
                          {"source[language]", "ja"}}),
                    "application/x-www-form-urlencoded", alice);
  ASSERT_EQ(form.status, 200) << form.raw.body;
  EXPECT_EQ(form.Str("display_name"), "Alice 🐦");
  EXPECT_EQ(form.Str("note").find("<script>"), std::string::npos) << form.Str("note");
  ASSERT_EQ(form.body.at("fields").as_array().size(), 2u);
  EXPECT_EQ(form.body.at("fields").at(0).at("name").as_string(), "Site");
  EXPECT_NE(form.body.at("fields").at(0).at("value").as_string().find("<a href="),
            std::string::npos);
  EXPECT_EQ(form.body.at("source").at("privacy").as_string(), "unlisted");
  EXPECT_EQ(form.body.at("source").at("language").as_string(), "ja");
  EXPECT_EQ(form.body.at("source").at("note").as_string(), "Hi <script> #magpie");

  Reply jsonb =
      Send(Method::kPatch, "/api/v1/accounts/update_credentials",
           json::serialize(json::object{
               {"bot", true},
               {"fields_attributes", json::array{json::object{{"name", "A"}, {"value", "B"}}}}}),
           "application/json", alice);
  ASSERT_EQ(jsonb.status, 200) << jsonb.raw.body;
  EXPECT_TRUE(jsonb.body.at("bot").as_bool());
  EXPECT_EQ(jsonb.body.at("fields").as_array().size(), 1u);
  EXPECT_EQ(jsonb.Str("display_name"), "Alice 🐦");  // untouched

  const std::string boundary = "XyZ";
  std::string multipart =
      "--XyZ\r\nContent-Disposition: form-data; name=\"display_name\"\r\n\r\n"
      "Multi\r\n--XyZ\r\nContent-Disposition: form-data; name=\"avatar\"; "
      "filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG....\r\n"
      "--XyZ--\r\n";
  Reply multi = Send(Method::kPatch, "/api/v1/accounts/update_credentials", multipart,
                     "multipart/form-data; boundary=" + boundary, alice);
  ASSERT_EQ(multi.status, 200) << multi.raw.body;
  EXPECT_EQ(multi.Str("display_name"), "Multi");

  Reply too_long = Send(Method::kPatch, "/api/v1/accounts/update_credentials",
                        Form({{"display_name", std::string(31, 'x')}}),
                        "application/x-www-form-urlencoded", alice);
  EXPECT_EQ(too_long.status, 422);
  EXPECT_EQ(too_long.body.at("details").at("display_name").at(0).at("error").as_string(),
            "ERR_TOO_LONG");
  Reply bad_type =
      Send(Method::kPatch, "/api/v1/accounts/update_credentials",
           R"({"display_name": ["x"], "locked": "perhaps"})", "application/json", alice);
  EXPECT_EQ(bad_type.status, 422);
  Reply bad_fields = Send(Method::kPatch, "/api/v1/accounts/update_credentials",
                          R"({"fields_attributes": "x"})", "application/json", alice);
  EXPECT_EQ(bad_fields.status, 422);
  Reply bad_privacy = Send(Method::kPatch, "/api/v1/accounts/update_credentials",
                           R"({"source": {"privacy": "direct"}})", "application/json", alice);
  EXPECT_EQ(bad_privacy.status, 422);

  Reply prefs = Get("/api/v1/preferences", alice);
  ASSERT_EQ(prefs.status, 200);
  EXPECT_EQ(prefs.Str("posting:default:visibility"), "unlisted");
  EXPECT_EQ(prefs.Str("posting:default:language"), "ja");
}

// ---- notifications ---------------------------------------------------------------------------

TEST_F(AccountsApiTest, NotificationsWithTypesAndPaging) {
  std::string alice = SignUp("alice");
  std::string bob = SignUp("bob");
  std::string carol = SignUp("carol");
  const std::string alice_id = IdOf(alice);
  const std::string bob_id = IdOf(bob);
  ASSERT_EQ(PostJson("/api/v1/accounts/" + alice_id + "/follow", {}, bob).status, 200);

  domain::PostRequest post;
  post.text = "hello @alice";
  auto status = statuses_->Create(*core::ParseId(bob_id), post);
  ASSERT_TRUE(status.ok()) << status.error().message;

  Reply all = Get("/api/v1/notifications", alice);
  ASSERT_EQ(all.status, 200) << all.raw.body;
  ASSERT_EQ(all.body.as_array().size(), 2u) << all.raw.body;
  const json::value& mention = all.body.at(0);
  EXPECT_EQ(mention.at("type").as_string(), "mention");
  EXPECT_EQ(mention.at("account").at("id").as_string(), bob_id);
  EXPECT_EQ(mention.at("status").at("id").as_string(), std::to_string((*status)->id));
  EXPECT_EQ(mention.at("group_key").as_string(),
            "ungrouped-" + std::string(mention.at("id").as_string()));
  const json::value& follow = all.body.at(1);
  EXPECT_EQ(follow.at("type").as_string(), "follow");
  EXPECT_FALSE(follow.as_object().contains("status"));

  Reply only_follows = Get("/api/v1/notifications?types[]=follow", alice);
  ASSERT_EQ(only_follows.body.as_array().size(), 1u);
  EXPECT_EQ(only_follows.body.at(0).at("type").as_string(), "follow");
  Reply excluded = Get("/api/v1/notifications?exclude_types[]=follow", alice);
  ASSERT_EQ(excluded.body.as_array().size(), 1u);
  EXPECT_EQ(excluded.body.at(0).at("type").as_string(), "mention");
  EXPECT_TRUE(Get("/api/v1/notifications?types[]=poll", alice).body.as_array().empty());
  EXPECT_EQ(Get("/api/v1/notifications?account_id=" + bob_id, alice).body.as_array().size(), 2u);
  EXPECT_EQ(Get("/api/v1/notifications?account_id=zzz", alice).status, 422);

  Reply page = Get("/api/v1/notifications?limit=1", alice);
  ASSERT_EQ(page.body.as_array().size(), 1u);
  std::string link = page.Header("Link");
  EXPECT_NE(link.find("max_id=" + std::string(page.body.at(0).at("id").as_string())),
            std::string::npos);
  EXPECT_NE(link.find("limit=1"), std::string::npos);

  Reply grouped = Get("/api/v2/notifications", alice);
  ASSERT_EQ(grouped.status, 200);
  EXPECT_EQ(grouped.body.at("notification_groups").as_array().size(), 2u);
  EXPECT_EQ(grouped.body.at("accounts").as_array().size(), 1u);  // bob once
  EXPECT_EQ(grouped.body.at("statuses").as_array().size(), 1u);

  EXPECT_EQ(Get("/api/v1/notifications/unread_count", alice).body.at("count").as_int64(), 2);
  const std::string follow_id(follow.at("id").as_string());
  Reply one = Get("/api/v1/notifications/" + follow_id, alice);
  EXPECT_EQ(one.status, 200);
  EXPECT_EQ(Get("/api/v1/notifications/" + follow_id, carol).status, 404);  // not carol's
  EXPECT_EQ(PostJson("/api/v1/notifications/" + follow_id + "/dismiss", {}, carol).status, 404);
  EXPECT_EQ(PostJson("/api/v1/notifications/" + follow_id + "/dismiss", {}, alice).status, 200);
  EXPECT_EQ(Get("/api/v1/notifications/" + follow_id, alice).status, 404);
  EXPECT_EQ(PostJson("/api/v1/notifications/clear", {}, alice).status, 200);
  EXPECT_TRUE(Get("/api/v1/notifications", alice).body.as_array().empty());
  EXPECT_EQ(Get("/api/v1/notifications").status, 401);
}

// ---- lists, markers, start-up endpoints -----------------------------------------------------

TEST_F(AccountsApiTest, ListsAndMarkers) {
  std::string alice = SignUp("alice");
  std::string bob = SignUp("bob");
  std::string carol = SignUp("carol");
  const std::string bob_id = IdOf(bob);
  Reply list = PostJson("/api/v1/lists", {{"title", "Friends"}}, alice);
  ASSERT_EQ(list.status, 200) << list.raw.body;
  EXPECT_EQ(list.Str("replies_policy"), "list");
  const std::string list_id = list.Str("id");
  EXPECT_EQ(PostJson("/api/v1/lists", {{"title", ""}}, alice).status, 422);
  EXPECT_EQ(PostJson("/api/v1/lists", {{"title", json::array()}}, alice).status, 422);

  Reply unfollowed =
      PostForm("/api/v1/lists/" + list_id + "/accounts", Form({{"account_ids[]", bob_id}}), alice);
  EXPECT_EQ(unfollowed.status, 422);
  ASSERT_EQ(PostJson("/api/v1/accounts/" + bob_id + "/follow", {}, alice).status, 200);
  EXPECT_EQ(
      PostForm("/api/v1/lists/" + list_id + "/accounts", Form({{"account_ids[]", bob_id}}), alice)
          .status,
      200);
  Reply members = Get("/api/v1/lists/" + list_id + "/accounts?limit=0", alice);
  ASSERT_EQ(members.body.as_array().size(), 1u);
  EXPECT_EQ(Get("/api/v1/accounts/" + bob_id + "/lists", alice).body.as_array().size(), 1u);
  // Other people's lists do not exist for them.
  EXPECT_EQ(Get("/api/v1/lists/" + list_id, carol).status, 404);
  EXPECT_EQ(Get("/api/v1/lists/" + list_id + "/accounts", carol).status, 404);
  EXPECT_EQ(Send(Method::kDelete, "/api/v1/lists/" + list_id, "", "", carol).status, 404);
  Reply renamed = Send(Method::kPut, "/api/v1/lists/" + list_id,
                       R"({"title":"Close","exclusive":true})", "application/json", alice);
  ASSERT_EQ(renamed.status, 200);
  EXPECT_TRUE(renamed.body.at("exclusive").as_bool());
  EXPECT_EQ(Get("/api/v1/lists", alice).body.as_array().size(), 1u);
  EXPECT_EQ(Send(Method::kDelete, "/api/v1/lists/" + list_id, "", "", alice).status, 200);
  EXPECT_EQ(Get("/api/v1/lists/" + list_id, alice).status, 404);

  Reply set_form = PostForm("/api/v1/markers", Form({{"home[last_read_id]", "103"}}), alice);
  ASSERT_EQ(set_form.status, 200) << set_form.raw.body;
  EXPECT_EQ(set_form.body.at("home").at("last_read_id").as_string(), "103");
  Reply set_json =
      PostJson("/api/v1/markers", {{"notifications", json::object{{"last_read_id", "7"}}}}, alice);
  ASSERT_EQ(set_json.status, 200);
  Reply markers = Get("/api/v1/markers?timeline[]=home&timeline[]=notifications", alice);
  ASSERT_EQ(markers.status, 200);
  EXPECT_EQ(markers.body.at("home").at("last_read_id").as_string(), "103");
  EXPECT_EQ(markers.body.at("notifications").at("last_read_id").as_string(), "7");
  EXPECT_TRUE(markers.body.at("home").at("version").is_int64());
  EXPECT_EQ(PostForm("/api/v1/markers", Form({{"home[last_read_id]", "abc"}}), alice).status, 422);
}

TEST_F(AccountsApiTest, InstanceAndDiscovery) {
  SignUp("alice");
  ctx_.config.max_status_chars = 1234;
  Reply v1 = Get("/api/v1/instance");
  ASSERT_EQ(v1.status, 200);
  EXPECT_EQ(v1.Str("uri"), "magpie.test");
  EXPECT_EQ(v1.body.at("urls").at("streaming_api").as_string(), "wss://magpie.test");
  EXPECT_EQ(v1.body.at("stats").at("user_count").as_int64(), 1);
  EXPECT_EQ(v1.body.at("configuration").at("statuses").at("max_characters").to_number<int64_t>(),
            1234);
  Reply v2 = Get("/api/v2/instance");
  ASSERT_EQ(v2.status, 200);
  const json::value& conf = v2.body.at("configuration");
  EXPECT_EQ(conf.at("urls").at("streaming").as_string(), "wss://magpie.test");
  EXPECT_EQ(conf.at("statuses").at("max_media_attachments").to_number<int64_t>(), 9);
  EXPECT_EQ(conf.at("statuses").at("characters_reserved_per_url").to_number<int64_t>(), 23);
  EXPECT_EQ(conf.at("media_attachments").at("image_size_limit").to_number<int64_t>(), 16777216);
  EXPECT_EQ(conf.at("media_attachments").at("video_size_limit").to_number<int64_t>(), 103809024);
  EXPECT_EQ(conf.at("polls").at("max_expiration").to_number<int64_t>(), 2629746);
  EXPECT_EQ(conf.at("media_attachments").at("supported_mime_types").as_array().size(), 5u);
  EXPECT_TRUE(v2.body.at("registrations").at("enabled").as_bool());
  EXPECT_EQ(v2.body.at("api_versions").at("mastodon").to_number<int64_t>(), 2);

  Reply links = Get("/.well-known/nodeinfo");
  EXPECT_EQ(links.body.at("links").at(0).at("href").as_string(),
            "https://magpie.test/nodeinfo/2.0");
  Reply nodeinfo = Get("/nodeinfo/2.0");
  EXPECT_EQ(nodeinfo.body.at("software").at("name").as_string(), "magpie");
  EXPECT_EQ(nodeinfo.body.at("software").at("version").as_string(), "0.1.0");
  EXPECT_EQ(nodeinfo.body.at("usage").at("users").at("total").to_number<int64_t>(), 1);

  Reply finger = Get("/.well-known/webfinger?resource=acct:alice@magpie.test");
  ASSERT_EQ(finger.status, 200) << finger.raw.body;
  EXPECT_EQ(finger.Str("subject"), "acct:alice@magpie.test");
  EXPECT_EQ(finger.body.at("links").as_array().size(), 2u);
  EXPECT_EQ(Get("/.well-known/webfinger?resource=acct:alice@elsewhere.example").status, 404);
  EXPECT_EQ(Get("/.well-known/webfinger?resource=acct:nobody@magpie.test").status, 404);
  EXPECT_EQ(Get("/.well-known/webfinger").status, 400);
  EXPECT_NE(Get("/.well-known/host-meta").raw.body.find("/.well-known/webfinger?resource={uri}"),
            std::string::npos);

  Reply health = Get("/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.raw.body, "ok");
  Reply png = Get("/avatars/original/missing.png");
  EXPECT_EQ(png.status, 200);
  EXPECT_EQ(png.raw.content_type, "image/png");
  EXPECT_TRUE(png.raw.body.starts_with("\x89PNG"));

  EXPECT_TRUE(Get("/api/v1/custom_emojis").body.as_array().empty());
  EXPECT_TRUE(Get("/api/v1/instance/peers").body.as_array().empty());
  EXPECT_EQ(Get("/api/v1/instance/activity").body.as_array().size(), 12u);
  EXPECT_EQ(Get("/api/v1/directory?local=true").body.as_array().size(), 1u);
}

TEST_F(AccountsApiTest, StartUpEndpointsAnswerWellFormed) {
  std::string alice = SignUp("alice");
  SignUp("bob");
  for (const char* path :
       {"/api/v1/announcements", "/api/v1/endorsements", "/api/v1/featured_tags",
        "/api/v1/featured_tags/suggestions", "/api/v1/suggestions", "/api/v2/suggestions",
        "/api/v1/follow_requests", "/api/v1/blocks", "/api/v1/mutes", "/api/v1/lists",
        "/api/v1/domain_blocks", "/api/v1/notifications/requests"}) {
    Reply r = Get(path, alice);
    EXPECT_EQ(r.status, 200) << path << ": " << r.raw.body;
    EXPECT_TRUE(r.body.is_array()) << path;
  }
  EXPECT_EQ(Get("/api/v2/suggestions", alice).body.as_array().size(), 1u);  // bob
  Reply policy = Get("/api/v2/notifications/policy", alice);
  EXPECT_EQ(policy.Str("for_not_following"), "accept");
  Reply tag = PostJson("/api/v1/featured_tags", {{"name", "magpie"}}, alice);
  ASSERT_EQ(tag.status, 200) << tag.raw.body;
  EXPECT_EQ(tag.Str("name"), "magpie");
  EXPECT_EQ(PostJson("/api/v1/featured_tags", {{"name", "magpie"}}, alice).status, 422);
  EXPECT_EQ(Get("/api/v1/accounts/" + IdOf(alice) + "/featured_tags").body.as_array().size(), 1u);
  EXPECT_EQ(Send(Method::kDelete, "/api/v1/featured_tags/" + tag.Str("id"), "", "", alice).status,
            200);
  Reply familiar = Get("/api/v1/accounts/familiar_followers?id[]=" + IdOf(alice), alice);
  ASSERT_EQ(familiar.status, 200);
  EXPECT_TRUE(familiar.body.at(0).at("accounts").as_array().empty());
}

}  // namespace
}  // namespace magpie::api
