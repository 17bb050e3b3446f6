// OAuth 2 as Mastodon clients use it: app registration (POST /api/v1/apps), the server-rendered
// sign-in and consent page (GET/POST /oauth/authorize), the token endpoint (authorization_code
// with PKCE, password, client_credentials, refresh_token), revocation and the RFC 8414 metadata.
//
// The token and revocation endpoints answer errors in RFC 6749's shape
// ({"error": "invalid_grant", "error_description": "..."}), not Mastodon's, because OAuth client
// libraries parse that. The consent page is HTML: every value in it is escaped; the form carries
// a token signed over its parameters and bound to a random cookie (double submit), so another
// site can neither forge the POST nor sign a visitor in to the attacker's account; the page may
// not be framed (clickjacking). Wrong passwords re-render the form with one message for every
// cause, so the page does not tell which logins exist. The page speaks the reader's language
// (oauth_page_text.h: a `lang` parameter, else Accept-Language); the protocol's own error
// descriptions, which also go to the client, stay in English.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <chrono>
#include <string>

#include "api/account_routes.h"
#include "api/oauth_page_text.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "domain/auth_service.h"
#include "text/text.h"

namespace magpie::api {

namespace json = boost::json;

namespace {

constexpr std::string_view kOob = "urn:ietf:wg:oauth:2.0:oob";
constexpr int64_t kFormLifetimeMs = 30 * 60 * 1000;
constexpr std::chrono::minutes kSignInWindow{5};
constexpr std::string_view kCsrfCookie = "magpie_oauth_csrf";

std::string UrlEncode(std::string_view s) {
  return boost::urls::encode(s, boost::urls::unreserved_chars);
}

std::string Esc(std::string_view s) { return text::EscapeHtml(s); }

// ---- OAuth-shaped errors -------------------------------------------------------------------

http::Response OAuthError(int status, std::string_view code, std::string_view description,
                          bool basic_auth = false) {
  http::Response r =
      JsonResponse(json::object{{"error", code}, {"error_description", description}}, status);
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Pragma", "no-cache");
  if (status == 401) {
    r.SetHeader("WWW-Authenticate",
                basic_auth ? "Basic realm=\"Magpie\"" : "Bearer realm=\"Magpie\"");
  }
  return r;
}

// Maps a domain error from a grant to RFC 6749 (see auth_service.h for the classes).
http::Response GrantError(const core::Error& e) {
  switch (e.code) {
    case core::ErrorCode::kInvalid:
      return OAuthError(400, "invalid_scope", e.message);
    case core::ErrorCode::kRateLimited:
    case core::ErrorCode::kInternal:
    case core::ErrorCode::kUnavailable:
      return ErrorResponse(e);
    default:
      return OAuthError(400, "invalid_grant", e.message);
  }
}

// ---- client authentication -------------------------------------------------------------------

std::optional<std::string> Base64Decode(std::string_view in) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v = value(c);
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

struct ClientCredentials {
  std::string id;
  std::string secret;
  bool basic = false;  // sent in an Authorization: Basic header
};

// RFC 6749 2.3.1: HTTP Basic (each part form-encoded) or client_id/client_secret in the body.
Result<ClientCredentials> GetClientCredentials(const Call& call) {
  ClientCredentials c;
  if (auto header = call.request_const().Header("authorization")) {
    std::string_view h = *header;
    if (h.size() > 6 && (h.substr(0, 6) == "Basic " || h.substr(0, 6) == "basic ")) {
      auto decoded = Base64Decode(h.substr(6));
      size_t colon = decoded ? decoded->find(':') : std::string::npos;
      if (colon == std::string::npos) {
        return core::Error::Unauthenticated("Malformed HTTP Basic client credentials.");
      }
      auto id = http::PercentDecode(std::string_view(*decoded).substr(0, colon), true);
      auto secret = http::PercentDecode(std::string_view(*decoded).substr(colon + 1), true);
      if (!id.ok() || !secret.ok()) {
        return core::Error::Unauthenticated("Malformed HTTP Basic client credentials.");
      }
      c.id = *id;
      c.secret = *secret;
      c.basic = true;
      return c;
    }
  }
  c.id = call.String("client_id").value_or("");
  c.secret = call.String("client_secret").value_or("");
  return c;
}

// ---- the consent page ------------------------------------------------------------------------

struct AuthorizeParams {
  std::string client_id;
  std::string redirect_uri;
  std::string scope;
  std::string state;
  std::string code_challenge;
  std::string code_challenge_method;
  std::string response_type;
  std::string lang;  // the page's language when the app asked for one; not signed (presentation)
};

AuthorizeParams ReadAuthorizeParams(const Call& call) {
  AuthorizeParams p;
  p.client_id = call.String("client_id").value_or("");
  p.redirect_uri = call.String("redirect_uri").value_or("");
  p.scope = call.String("scope").value_or("");
  p.state = call.String("state").value_or("");
  p.code_challenge = call.String("code_challenge").value_or("");
  p.code_challenge_method = call.String("code_challenge_method").value_or("");
  p.response_type = call.String("response_type").value_or("");
  p.lang = call.String("lang").value_or("");
  return p;
}

const OAuthPageText& PageText(const Call& call, const AuthorizeParams& p) {
  return PickOAuthPageText(p.lang, call.request_const().Header("accept-language").value_or(""));
}

// A process-wide key for form tokens. Forms outlive a restart only by a reload, which is fine.
const std::string& FormKey() {
  static const std::string key = core::RandomToken(32);
  return key;
}

// The form token: "<expiry ms>.<keyed hash over the expiry, the cookie and every parameter>".
// The nested hash (H(k || H(k || m))) avoids length extension without needing an HMAC here.
std::string SignForm(int64_t expires_at, std::string_view cookie, const AuthorizeParams& p) {
  std::string message = std::to_string(expires_at);
  for (std::string_view part :
       {cookie, std::string_view(p.client_id), std::string_view(p.redirect_uri),
        std::string_view(p.scope), std::string_view(p.state), std::string_view(p.code_challenge),
        std::string_view(p.code_challenge_method)}) {
    message += '\n';
    message += std::to_string(part.size());
    message += ':';
    message += part;
  }
  const std::string& key = FormKey();
  std::string sig = core::Sha256Hex(key + core::Sha256Hex(key + message));
  return std::to_string(expires_at) + "." + sig;
}

bool VerifyForm(std::string_view token, std::string_view cookie, const AuthorizeParams& p,
                int64_t now) {
  if (cookie.empty()) return false;
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 19) return false;
  int64_t expires_at = 0;
  for (char c : token.substr(0, dot)) {
    if (c < '0' || c > '9') return false;
    expires_at = expires_at * 10 + (c - '0');
  }
  if (expires_at <= now) return false;
  return core::ConstantTimeEquals(SignForm(expires_at, cookie, p), token);
}

std::string CookieValue(const http::Request& request, std::string_view name) {
  auto header = request.Header("cookie");
  if (!header) return {};
  std::string_view rest = *header;
  while (!rest.empty()) {
    size_t semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    rest.remove_prefix(semi == std::string_view::npos ? rest.size() : semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name &&
        pair[name.size()] == '=') {
      std::string_view value = pair.substr(name.size() + 1);
      // Only our own token alphabet is accepted, so nothing odd reaches the page or the hash.
      bool ok = !value.empty() && value.size() <= 64;
      for (char c : value) {
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_');
      }
      return ok ? std::string(value) : std::string();
    }
  }
  return {};
}

constexpr std::string_view kPageStyle =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#f4f5f7;"
    "color:#1f2328;margin:0;padding:24px 12px}"
    "main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:24px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.12)}"
    "h1{font-size:1.3em;margin:0 0 12px}ul{padding-inline-start:20px}li{margin:4px 0}"
    "label{display:block;margin:12px 0 4px;font-weight:600}"
    "input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:10px;"
    "font-size:1em;border:1px solid #c4c9d0;border-radius:8px}"
    ".buttons{display:flex;gap:12px;margin-top:20px}"
    "button{flex:1;padding:12px;font-size:1em;border-radius:8px;border:1px solid #c4c9d0;"
    "background:#fff;cursor:pointer}button.primary{background:#1d6fd6;border-color:#1d6fd6;"
    "color:#fff}.error{background:#fdecec;color:#8a1f1f;padding:10px;border-radius:8px}"
    ".muted{color:#59636e;font-size:.9em}code{direction:ltr;text-align:left;"
    "word-break:break-all;font-size:1.1em;"
    "background:#f4f5f7;padding:8px;display:block;border-radius:8px}";

// `title_html` and `body` are HTML already (escaped by their builders).
http::Response HtmlPage(int status, const OAuthPageText& text, std::string_view title_html,
                        const std::string& body) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"";
  html += text.lang;
  html += text.rtl ? "\" dir=\"rtl\">" : "\" dir=\"ltr\">";
  html +=
      "<head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\"><title>";
  html += title_html;
  html += "</title><style>";
  html += kPageStyle;
  html += "</style></head><body><main>";
  html += body;
  html += "</main></body></html>\n";
  http::Response r = http::Response::Text(status, std::move(html), "text/html; charset=utf-8");
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("X-Frame-Options", "DENY");
  r.SetHeader("Content-Security-Policy",
              "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
              "frame-ancestors 'none'; base-uri 'none'");
  r.SetHeader("Referrer-Policy", "no-referrer");
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Content-Language", std::string(text.lang));
  // The words depend on these; a shared cache must not hand one reader's page to another.
  r.SetHeader("Vary", "Accept-Language");
  return r;
}

// `message` is plain text.
http::Response ErrorPage(int status, const OAuthPageText& text, std::string_view message) {
  return HtmlPage(status, text, FillHtml(text.error_title),
                  "<h1>" + FillHtml(text.error_title) + "</h1><p class=\"error\">" + Esc(message) +
                      "</p><p class=\"muted\">" + FillHtml(text.error_help) + "</p>");
}

// The sign-in failures AuthService reports (auth_service.cc, CheckPassword), in the page's
// language; anything else as it came.
std::string_view SignInErrorText(const OAuthPageText& text, const core::Error& e) {
  if (e.code == core::ErrorCode::kUnauthenticated) return text.invalid_login;
  if (e.message.find("disabled") != std::string::npos) return text.login_disabled;
  if (e.message.find("pending approval") != std::string::npos) return text.login_pending;
  if (e.message.find("suspended") != std::string::npos) return text.account_suspended;
  return e.message;
}

http::Response ConsentPage(const ApiContext& ctx, int status, const OAuthPageText& text,
                           const domain::Application& app, const AuthorizeParams& p,
                           const std::string& cookie, std::string_view error,
                           std::string_view login) {
  const std::string scopes = p.scope.empty() ? "read" : p.scope;
  // <bdi>: a name in another script keeps its own direction inside the sentence.
  std::string who = "<strong><bdi>" + Esc(app.name) + "</bdi></strong>";
  if (!app.website.empty()) who += " (<bdi>" + Esc(app.website) + "</bdi>)";
  std::string body = "<h1>" +
                     FillHtml(text.heading_sign_in, {"<bdi>" + Esc(ctx.config.title) + "</bdi>"}) +
                     "</h1>";
  body += "<p>" + FillHtml(text.asks_permission, {who}) + "</p><ul>";
  for (const auto& s : domain::SplitScopes(scopes)) {
    body += "<li>" + Esc(DescribeScope(text, s)) + " <span class=\"muted\" dir=\"ltr\">(" + Esc(s) +
            ")</span></li>";
  }
  body += "</ul>";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + Esc(error) + "</p>";
  body += "<form method=\"post\" action=\"/oauth/authorize\">";
  auto hidden = [&](std::string_view name, std::string_view value) {
    body +=
        "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" + Esc(value) + "\">";
  };
  hidden("form_token", SignForm(ctx.clock->NowMillis() + kFormLifetimeMs, cookie, p));
  hidden("response_type", "code");
  hidden("client_id", p.client_id);
  hidden("redirect_uri", p.redirect_uri);
  hidden("scope", p.scope);
  hidden("state", p.state);
  hidden("code_challenge", p.code_challenge);
  hidden("code_challenge_method", p.code_challenge_method);
  hidden("lang", text.lang);
  body += "<label for=\"login\">" + FillHtml(text.login_label) +
          "</label>"
          "<input type=\"text\" id=\"login\" name=\"login\" autocomplete=\"username\" "
          "autocapitalize=\"none\" spellcheck=\"false\" dir=\"auto\" required value=\"" +
          Esc(login) + "\">";
  body += "<label for=\"password\">" + FillHtml(text.password_label) +
          "</label>"
          "<input type=\"password\" id=\"password\" name=\"password\" "
          "autocomplete=\"current-password\" required>";
  body +=
      "<div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"deny\" "
      "formnovalidate>" +
      FillHtml(text.deny) +
      "</button><button type=\"submit\" class=\"primary\" name=\"decision\" "
      "value=\"approve\">" +
      FillHtml(text.authorize) + "</button></div></form>";
  const std::string back = p.redirect_uri == kOob
                               ? FillHtml(text.the_app)
                               : "<bdi dir=\"ltr\">" + Esc(p.redirect_uri) + "</bdi>";
  body += "<p class=\"muted\">" + FillHtml(text.sent_back, {back}) + "</p>";
  http::Response r = HtmlPage(status, text, FillHtml(text.title_authorize, {Esc(app.name)}), body);
  std::string set_cookie = std::string(kCsrfCookie) + "=" + cookie +
                           "; Path=/oauth; HttpOnly; SameSite=Lax; Max-Age=3600";
  if (ctx.config.base_url.starts_with("https://")) set_cookie += "; Secure";
  r.SetHeader("Set-Cookie", std::move(set_cookie));
  return r;
}

std::string AppendQuery(const std::string& uri,
                        const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out = uri;
  char sep = uri.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    out += sep;
    out += k;
    out += '=';
    out += UrlEncode(v);
    sep = '&';
  }
  return out;
}

// Redirects an authorization error back to the client (RFC 6749 4.1.2.1); only called once the
// redirect URI is known to be registered for the client.
http::Response RedirectError(const AuthorizeParams& p, const OAuthPageText& text,
                             std::string_view error, std::string_view description) {
  if (p.redirect_uri == kOob) {
    return ErrorPage(400, text, error == "access_denied" ? text.access_denied : description);
  }
  std::vector<std::pair<std::string, std::string>> params = {
      {"error", std::string(error)}, {"error_description", std::string(description)}};
  if (!p.state.empty()) params.emplace_back("state", p.state);
  http::Response r = http::Response::Redirect(302, AppendQuery(p.redirect_uri, params));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

// Checks client and redirect URI; errors here must not redirect (the URI is not trusted yet).
// The error's message is the page's words for it.
Result<domain::Application> CheckClient(const ApiContext& ctx, const OAuthPageText& text,
                                        const AuthorizeParams& p) {
  if (p.client_id.empty()) return core::Error::BadRequest(std::string(text.missing_client_id));
  auto app = ctx.auth->FindApp(p.client_id);
  if (!app.ok()) return core::Error::BadRequest(std::string(text.unknown_app));
  if (p.redirect_uri.empty() || std::find(app->redirect_uris.begin(), app->redirect_uris.end(),
                                          p.redirect_uri) == app->redirect_uris.end()) {
    return core::Error::BadRequest(std::string(text.unknown_redirect));
  }
  return app;
}

// Problems the client should hear about through its redirect URI, or nullopt.
std::optional<std::pair<std::string, std::string>> CheckRequest(const domain::Application& app,
                                                                const AuthorizeParams& p) {
  if (p.response_type != "code") {
    return std::make_pair(std::string("unsupported_response_type"),
                          std::string("Only response_type=code is supported."));
  }
  for (const auto& s : domain::SplitScopes(p.scope.empty() ? "read" : p.scope)) {
    if (!domain::IsKnownScope(s) || !domain::ScopeAllows(app.scopes, s)) {
      return std::make_pair(std::string("invalid_scope"),
                            "The requested scope is invalid, unknown, or malformed: " + s);
    }
  }
  if (!p.code_challenge_method.empty() && p.code_challenge_method != "S256" &&
      p.code_challenge_method != "plain") {
    return std::make_pair(std::string("invalid_request"),
                          std::string("code_challenge_method must be S256 or plain."));
  }
  return std::nullopt;
}

Result<http::Response> AuthorizePage(Call& call) {
  const ApiContext& ctx = call.ctx();
  AuthorizeParams p = ReadAuthorizeParams(call);
  const OAuthPageText& text = PageText(call, p);
  auto app = CheckClient(ctx, text, p);
  if (!app.ok()) return ErrorPage(400, text, app.error().message);
  if (auto problem = CheckRequest(*app, p)) {
    return RedirectError(p, text, problem->first, problem->second);
  }
  std::string cookie = CookieValue(call.request_const(), kCsrfCookie);
  if (cookie.empty()) cookie = core::RandomToken(24);
  return ConsentPage(ctx, 200, text, *app, p, cookie, "", "");
}

Result<http::Response> AuthorizeSubmit(Call& call) {
  const ApiContext& ctx = call.ctx();
  AuthorizeParams p = ReadAuthorizeParams(call);
  p.response_type = "code";
  const OAuthPageText& text = PageText(call, p);
  auto app = CheckClient(ctx, text, p);
  if (!app.ok()) return ErrorPage(400, text, app.error().message);
  const std::string cookie = CookieValue(call.request_const(), kCsrfCookie);
  if (!VerifyForm(call.String("form_token").value_or(""), cookie, p, ctx.clock->NowMillis())) {
    return ErrorPage(400, text, text.form_expired);
  }
  if (auto problem = CheckRequest(*app, p)) {
    return RedirectError(p, text, problem->first, problem->second);
  }
  if (call.String("decision").value_or("") == "deny") {
    return RedirectError(p, text, "access_denied", "The resource owner denied the request.");
  }
  const std::string login = call.String("login").value_or("");
  if (!call.RateLimit("sign_in", ClientIp(call), ctx.config.rate_limits.sign_in_per_ip,
                      kSignInWindow)
           .ok()) {
    return ConsentPage(ctx, 429, text, *app, p, cookie, text.too_many_attempts, login);
  }
  auto account = ctx.auth->CheckPassword(login, call.String("password").value_or(""));
  if (!account.ok()) {
    const core::Error& e = account.error();
    if (e.code == core::ErrorCode::kInternal || e.code == core::ErrorCode::kUnavailable) {
      return e;
    }
    return ConsentPage(ctx, e.code == core::ErrorCode::kForbidden ? 403 : 401, text, *app, p,
                       cookie, SignInErrorText(text, e), login);
  }
  auto code = ctx.auth->IssueAuthorizationCode(*app, *account, p.redirect_uri, p.scope,
                                               p.code_challenge, p.code_challenge_method);
  if (!code.ok()) {
    if (code.error().code == core::ErrorCode::kInternal ||
        code.error().code == core::ErrorCode::kUnavailable) {
      return code.error();
    }
    return RedirectError(
        p, text,
        code.error().code == core::ErrorCode::kInvalid ? "invalid_scope" : "invalid_request",
        code.error().message);
  }
  if (p.redirect_uri == kOob) {
    return HtmlPage(200, text, FillHtml(text.code_title),
                    "<h1>" + FillHtml(text.code_title) + "</h1><p>" +
                        FillHtml(text.code_copy, {"<bdi>" + Esc(app->name) + "</bdi>"}) +
                        "</p><code id=\"code\">" + Esc(*code) + "</code>");
  }
  std::vector<std::pair<std::string, std::string>> params = {{"code", *code}};
  if (!p.state.empty()) params.emplace_back("state", p.state);
  http::Response r = http::Response::Redirect(302, AppendQuery(p.redirect_uri, params));
  r.SetHeader("Cache-Control", "no-store");
  return r;
}

// ---- token endpoint --------------------------------------------------------------------------

Result<http::Response> Token(Call& call) {
  const ApiContext& ctx = call.ctx();
  const std::string grant = call.String("grant_type").value_or("");
  if (grant.empty()) {
    return OAuthError(400, "invalid_request", "Missing required parameter: grant_type.");
  }
  if (grant != "authorization_code" && grant != "password" && grant != "client_credentials" &&
      grant != "refresh_token") {
    return OAuthError(400, "unsupported_grant_type",
                      "The authorization grant type is not supported by the authorization "
                      "server.");
  }
  auto creds = GetClientCredentials(call);
  if (!creds.ok()) return OAuthError(401, "invalid_client", creds.error().message, true);
  if (creds->id.empty()) {
    return OAuthError(401, "invalid_client", "Client authentication failed: client_id is missing.",
                      creds->basic);
  }
  auto app = ctx.auth->AuthenticateClient(creds->id, creds->secret);
  if (!app.ok()) {
    if (app.error().code == core::ErrorCode::kInternal) return app.error();
    return OAuthError(401, "invalid_client", app.error().message, creds->basic);
  }
  const std::string scope = call.String("scope").value_or("");
  Result<domain::IssuedToken> issued = core::Error::Internal("unreachable");
  if (grant == "authorization_code") {
    const std::string code = call.String("code").value_or("");
    if (code.empty())
      return OAuthError(400, "invalid_request", "Missing required parameter: code.");
    issued = ctx.auth->ExchangeCode(*app, code, call.String("redirect_uri").value_or(""),
                                    call.String("code_verifier").value_or(""));
  } else if (grant == "password") {
    const std::string username = call.String("username").value_or("");
    const std::string password = call.String("password").value_or("");
    if (username.empty() || password.empty()) {
      return OAuthError(400, "invalid_request",
                        "Missing required parameter: username and password.");
    }
    MAGPIE_RETURN_IF_ERROR(call.RateLimit("sign_in", ClientIp(call),
                                          ctx.config.rate_limits.sign_in_per_ip, kSignInWindow));
    auto account = ctx.auth->CheckPassword(username, password);
    if (!account.ok()) return GrantError(account.error());
    issued = ctx.auth->IssueToken(*app, *account, scope);
  } else if (grant == "client_credentials") {
    issued = ctx.auth->IssueToken(*app, 0, scope);
  } else {
    const std::string refresh = call.String("refresh_token").value_or("");
    if (refresh.empty()) {
      return OAuthError(400, "invalid_request", "Missing required parameter: refresh_token.");
    }
    issued = ctx.auth->Refresh(*app, refresh);
  }
  if (!issued.ok()) return GrantError(issued.error());
  return TokenResponse(*issued);
}

Result<http::Response> Revoke(Call& call) {
  const ApiContext& ctx = call.ctx();
  auto creds = GetClientCredentials(call);
  if (!creds.ok()) return OAuthError(401, "invalid_client", creds.error().message, true);
  auto app = ctx.auth->AuthenticateClient(creds->id, creds->secret);
  if (!app.ok()) {
    if (app.error().code == core::ErrorCode::kInternal) return app.error();
    return OAuthError(401, "invalid_client", app.error().message, creds->basic);
  }
  const std::string token = call.String("token").value_or("");
  if (token.empty())
    return OAuthError(400, "invalid_request", "Missing required parameter: token.");
  auto status = ctx.auth->Revoke(*app, token);
  if (!status.ok()) {
    if (status.error().code == core::ErrorCode::kForbidden) {
      return OAuthError(403, "unauthorized_client", status.error().message);
    }
    return status.error();
  }
  return EmptyJson();
}

// ---- apps ------------------------------------------------------------------------------------

json::object AppJson(const domain::Application& app, bool with_secret) {
  json::array scopes;
  for (const auto& s : domain::SplitScopes(app.scopes)) scopes.push_back(json::string(s));
  json::array uris;
  std::string joined;
  for (const auto& u : app.redirect_uris) {
    uris.push_back(json::string(u));
    if (!joined.empty()) joined += '\n';
    joined += u;
  }
  json::object o{{"id", core::IdToString(app.id)},
                 {"name", app.name},
                 {"website", app.website.empty() ? json::value(nullptr)
                                                 : json::value(json::string(app.website))},
                 {"scopes", std::move(scopes)},
                 {"redirect_uri", joined},
                 {"redirect_uris", std::move(uris)},
                 {"vapid_key", ""}};
  if (with_secret) {
    o["client_id"] = app.client_id;
    o["client_secret"] = app.client_secret;
    o["client_secret_expires_at"] = 0;
  }
  return o;
}

Result<http::Response> CreateApp(Call& call) {
  const ApiContext& ctx = call.ctx();
  // Registering apps is cheap for a client and a row for us: share the sign-up budget's
  // multiple so a script cannot fill the table.
  MAGPIE_RETURN_IF_ERROR(call.RateLimit(
      "apps", ClientIp(call), ctx.config.rate_limits.sign_up_per_ip * 4, std::chrono::minutes(5)));
  MAGPIE_ASSIGN_OR_RETURN(std::string name, call.RequiredString("client_name"));
  // redirect_uris: a string (one URI per line) or, in newer clients, an array.
  std::string redirect_uris;
  if (const json::value* v = call.Raw("redirect_uris"); v != nullptr && !v->is_string()) {
    MAGPIE_ASSIGN_OR_RETURN(auto list, call.StringArray("redirect_uris"));
    for (const auto& u : list) {
      if (!redirect_uris.empty()) redirect_uris += '\n';
      redirect_uris += u;
    }
  } else {
    redirect_uris = call.String("redirect_uris").value_or("");
  }
  if (redirect_uris.empty()) {
    // Older clients that do not redirect at all (bots) often omit it; Mastodon requires it.
    redirect_uris = call.String("redirect_uri").value_or("");
  }
  MAGPIE_ASSIGN_OR_RETURN(
      domain::Application app,
      ctx.auth->RegisterApp(name, redirect_uris, call.String("scopes").value_or("read"),
                            call.String("website").value_or("")));
  return JsonResponse(AppJson(app, true));
}

Result<http::Response> VerifyApp(Call& call) {
  MAGPIE_ASSIGN_OR_RETURN(domain::AuthInfo auth, call.RequireApp(""));
  MAGPIE_ASSIGN_OR_RETURN(domain::Application app, call.ctx().auth->GetApp(auth.application_id));
  return JsonResponse(AppJson(app, false));
}

Result<http::Response> ServerMetadata(Call& call) {
  const std::string& base = call.ctx().config.base_url;
  json::array scopes;
  for (const auto& s : domain::KnownScopes()) scopes.push_back(json::string(s));
  json::object o{
      {"issuer", base + "/"},
      {"service_documentation", "https://docs.joinmastodon.org/"},
      {"authorization_endpoint", base + "/oauth/authorize"},
      {"token_endpoint", base + "/oauth/token"},
      {"revocation_endpoint", base + "/oauth/revoke"},
      {"app_registration_endpoint", base + "/api/v1/apps"},
      {"scopes_supported", std::move(scopes)},
      {"response_types_supported", json::array{"code"}},
      {"response_modes_supported", json::array{"query"}},
      {"grant_types_supported",
       json::array{"authorization_code", "password", "client_credentials", "refresh_token"}},
      {"token_endpoint_auth_methods_supported",
       json::array{"client_secret_basic", "client_secret_post"}},
      {"code_challenge_methods_supported", json::array{"S256", "plain"}},
  };
  return JsonResponse(o);
}

}  // namespace

http::Response TokenResponse(const domain::IssuedToken& t) {
  json::object o{{"access_token", t.access_token},
                 {"token_type", "Bearer"},
                 {"scope", t.scopes},
                 {"created_at", t.created_at / 1000}};
  if (!t.refresh_token.empty()) o["refresh_token"] = t.refresh_token;
  http::Response r = JsonResponse(o);
  r.SetHeader("Cache-Control", "no-store");
  r.SetHeader("Pragma", "no-cache");
  return r;
}

void RegisterOAuthRoutes(http::Router& router, const ApiContext& ctx) {
  using http::Method;
  router.Add(Method::kPost, "/api/v1/apps", Endpoint(ctx, CreateApp));
  router.Add(Method::kGet, "/api/v1/apps/verify_credentials", Endpoint(ctx, VerifyApp));
  router.Add(Method::kGet, "/oauth/authorize", Endpoint(ctx, AuthorizePage));
  router.Add(Method::kPost, "/oauth/authorize", Endpoint(ctx, AuthorizeSubmit));
  router.Add(Method::kPost, "/oauth/token", Endpoint(ctx, Token));
  router.Add(Method::kPost, "/oauth/revoke", Endpoint(ctx, Revoke));
  router.Add(Method::kGet, "/.well-known/oauth-authorization-server", Endpoint(ctx, ServerMetadata),
             {.run_inline = true});
}

}  // namespace magpie::api
