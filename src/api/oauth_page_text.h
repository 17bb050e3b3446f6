// The words of the server-rendered OAuth pages (sign-in and consent, the out-of-band code, their
// errors) in the web app's six languages: en, zh-Hans, zh-Hant, ja, es, ar. The page picks one
// from a `lang` parameter (the web app passes its own language) or else the Accept-Language
// header, and falls back to English.
//
// Messages are plain text; "{0}" marks where a value goes. FillHtml escapes the text and inserts
// values that the caller has already escaped, so no translation can inject markup. Each language
// is one aggregate with every field designated, so a missing translation is a compile error
// (-Wmissing-field-initializers under -Werror).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace magpie::api {

struct OAuthPageText {
  std::string_view lang;  // BCP 47, for <html lang> and Content-Language
  bool rtl;

  // The sign-in and consent page.
  std::string_view title_authorize;  // {0}: the app's name
  std::string_view heading_sign_in;  // {0}: the server's title
  std::string_view asks_permission;  // {0}: the app's name (and website)
  std::string_view scope_read;
  std::string_view scope_write;
  std::string_view scope_follow;
  std::string_view scope_push;
  std::string_view scope_profile;
  std::string_view scope_admin;   // {0}: the scope after "admin:"
  std::string_view scope_see;     // {0}: one of the what_* below (read:x)
  std::string_view scope_change;  // {0}: one of the what_* below (write:x)
  std::string_view what_accounts;
  std::string_view what_blocks;
  std::string_view what_bookmarks;
  std::string_view what_conversations;
  std::string_view what_favourites;
  std::string_view what_filters;
  std::string_view what_follows;
  std::string_view what_lists;
  std::string_view what_media;
  std::string_view what_mutes;
  std::string_view what_notifications;
  std::string_view what_reports;
  std::string_view what_search;
  std::string_view what_statuses;
  std::string_view login_label;
  std::string_view password_label;
  std::string_view deny;
  std::string_view authorize;
  std::string_view sent_back;  // {0}: the redirect URI, or the_app
  std::string_view the_app;

  // Errors shown on the page.
  std::string_view error_title;
  std::string_view error_help;
  std::string_view missing_client_id;
  std::string_view unknown_app;
  std::string_view unknown_redirect;
  std::string_view form_expired;
  std::string_view too_many_attempts;
  std::string_view invalid_login;
  std::string_view login_disabled;
  std::string_view login_pending;
  std::string_view account_suspended;
  std::string_view access_denied;

  // The out-of-band code page.
  std::string_view code_title;
  std::string_view code_copy;  // {0}: the app's name
};

// One of the six languages for a BCP 47 tag ("zh-TW" → zh-Hant, "es-419" → es), or nullptr.
const OAuthPageText* MatchOAuthPageLanguage(std::string_view tag);

// The `lang` parameter when it names one of the six, else the best of Accept-Language (highest
// q first, then header order; q=0 never), else English.
const OAuthPageText& PickOAuthPageText(std::string_view lang_param,
                                       std::string_view accept_language);

// `text` HTML-escaped, with each "{i}" replaced by html_args[i] as given (already escaped).
std::string FillHtml(std::string_view text, std::initializer_list<std::string_view> html_args = {});

// What a scope lets an app do, in plain text ("See your posts"); unknown scopes as themselves.
std::string DescribeScope(const OAuthPageText& text, std::string_view scope);

}  // namespace magpie::api
