// The entities of Magpie's domain: plain values with no behaviour and no knowledge of storage or
// HTTP. Times are milliseconds since the Unix epoch; ids are core::Id (0 means "none").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/id.h"

namespace magpie::domain {

using core::Id;

struct ProfileField {
  std::string name;
  std::string value;
  int64_t verified_at = 0;

  bool operator==(const ProfileField&) const = default;
};

struct Account {
  Id id = 0;
  std::string username;  // unique among local accounts, case-insensitively
  std::string domain;    // empty for local accounts
  std::string display_name;
  std::string note;  // the bio as the owner wrote it (plain text); rendered by the api layer
  std::vector<ProfileField> fields;
  std::string avatar_path;  // relative media path; empty = the default avatar
  std::string header_path;
  bool locked = false;  // follows need approval
  bool bot = false;
  bool discoverable = true;
  bool indexable = true;
  bool suspended = false;
  int64_t created_at = 0;
  // Counters kept by the store in the same transaction as the change that moves them.
  int64_t followers_count = 0;
  int64_t following_count = 0;
  int64_t statuses_count = 0;
  int64_t last_status_at = 0;

  bool operator==(const Account&) const = default;
  // Equal in everything but the four counters: the API's render cache keeps an account's JSON
  // without them, so a post or a follow does not make it render the profile again.
  bool SameProfile(const Account& o) const {
    return id == o.id && username == o.username && domain == o.domain &&
           display_name == o.display_name && note == o.note && fields == o.fields &&
           avatar_path == o.avatar_path && header_path == o.header_path && locked == o.locked &&
           bot == o.bot && discoverable == o.discoverable && indexable == o.indexable &&
           suspended == o.suspended && created_at == o.created_at;
  }
};
// A new member of Account must join SameProfile (or be a counter): this fails until it is looked
// at.
static_assert(sizeof(Account) == 8 + 4 * 32 + 24 + 2 * 32 + 8 + 8 + 4 * 8,
              "Account changed: update Account::SameProfile");

enum class Visibility { kPublic, kUnlisted, kPrivate, kDirect };

// Who may quote a status (Mastodon's quote approval policy).
enum class QuotePolicy { kPublic, kFollowers, kNobody };

// The state of a quote as its quoted author decided it, kept on the quoting status. A revoked
// quote keeps its quote_of_id but no longer shows the quoted status, to anyone.
enum class QuoteState { kAccepted, kRevoked };

// A local user: the sign-in credentials and preferences behind a local account.
struct User {
  Id account_id = 0;
  std::string email;          // may be empty
  std::string password_hash;  // argon2id, encoded
  std::string locale = "en";
  bool approved = true;
  bool confirmed = true;
  bool admin = false;
  bool disabled = false;
  int64_t created_at = 0;
  // Preferences (GET /api/v1/preferences).
  Visibility default_visibility = Visibility::kPublic;
  bool default_sensitive = false;
  std::string default_language;  // empty = none
  QuotePolicy default_quote_policy = QuotePolicy::kPublic;
  std::string expand_media = "default";
  bool expand_spoilers = false;
};

struct Status {
  Id id = 0;
  Id account_id = 0;
  std::string text;  // source text as written
  std::string spoiler_text;
  Visibility visibility = Visibility::kPublic;
  bool sensitive = false;
  std::string language;  // BCP 47 code or empty
  Id in_reply_to_id = 0;
  Id in_reply_to_account_id = 0;
  Id reblog_of_id = 0;  // a plain reblog carries no text of its own
  Id quote_of_id = 0;   // a Weibo-style repost with a comment
  // Whether the quoted author still accepts the quote; meaningful only with a quote_of_id.
  QuoteState quote_state = QuoteState::kAccepted;
  QuotePolicy quote_policy = QuotePolicy::kPublic;
  Id application_id = 0;
  Id conversation_id = 0;  // the thread's root id (direct conversations and context)
  int64_t created_at = 0;
  int64_t edited_at = 0;  // 0 = never edited
  bool deleted = false;
  // Parsed once at write time; the api layer renders from these.
  std::vector<Id> mentioned_account_ids;
  std::vector<std::string> tags;  // tag names as written (without '#')
  // Counters kept by the store.
  int64_t replies_count = 0;
  int64_t reblogs_count = 0;
  int64_t favourites_count = 0;
  int64_t quotes_count = 0;
};

// One earlier version of an edited status (GET /api/v1/statuses/:id/history).
struct StatusEdit {
  Id id = 0;
  Id status_id = 0;
  Id account_id = 0;
  std::string text;
  std::string spoiler_text;
  bool sensitive = false;
  int64_t created_at = 0;
};

struct Application {
  Id id = 0;
  std::string name;
  std::string website;
  std::vector<std::string> redirect_uris;
  std::string scopes;  // space-separated
  std::string client_id;
  std::string client_secret;
  Id owner_account_id = 0;
  int64_t created_at = 0;
};

// An OAuth access token. The token itself is never stored, only its SHA-256.
struct AccessToken {
  Id id = 0;
  std::string token_hash;
  std::string refresh_token_hash;  // empty when none was issued
  Id application_id = 0;
  Id account_id = 0;  // 0 for a client-credentials (app-only) token
  std::string scopes;
  int64_t created_at = 0;
  int64_t revoked_at = 0;
  int64_t last_used_at = 0;
};

struct AuthorizationCode {
  std::string code_hash;
  Id application_id = 0;
  Id account_id = 0;
  std::string redirect_uri;
  std::string scopes;
  std::string code_challenge;  // PKCE; empty when none
  std::string code_challenge_method;
  int64_t expires_at = 0;
};

struct Follow {
  Id id = 0;
  Id account_id = 0;         // the follower
  Id target_account_id = 0;  // the followed
  bool show_reblogs = true;
  bool notify = false;
  std::vector<std::string> languages;
  int64_t created_at = 0;
};

struct Mute {
  Id account_id = 0;
  Id target_account_id = 0;
  bool hide_notifications = true;
  int64_t expires_at = 0;  // 0 = never
};

// The relationship of one account to another, as GET /api/v1/accounts/relationships returns it.
struct Relationship {
  Id target_id = 0;
  bool following = false;
  bool showing_reblogs = false;
  bool notifying = false;
  std::vector<std::string> languages;
  bool followed_by = false;
  bool blocking = false;
  bool blocked_by = false;
  bool muting = false;
  bool muting_notifications = false;
  bool requested = false;
  bool requested_by = false;
  bool domain_blocking = false;
  bool endorsed = false;
  std::string note;  // the viewer's personal note about the target ("" = none)
};

enum class NotificationType {
  kMention,
  kStatus,  // someone you enabled notifications for posted
  kReblog,
  kFollow,
  kFollowRequest,
  kFavourite,
  kUpdate,  // a status you interacted with was edited
  kQuote,   // your status was quoted (reposted with a comment)
};

struct Notification {
  Id id = 0;
  Id account_id = 0;       // the recipient
  Id from_account_id = 0;  // who caused it
  NotificationType type = NotificationType::kMention;
  Id status_id = 0;  // 0 for follow and follow_request
  int64_t created_at = 0;
};

enum class RepliesPolicy { kFollowed, kList, kNone };

struct List {
  Id id = 0;
  Id account_id = 0;
  std::string title;
  RepliesPolicy replies_policy = RepliesPolicy::kList;
  bool exclusive = false;
};

enum class FilterAction { kWarn, kHide };

struct FilterKeyword {
  Id id = 0;
  std::string keyword;
  bool whole_word = true;
};

struct FilterStatus {
  Id id = 0;
  Id status_id = 0;
};

struct Filter {
  Id id = 0;
  Id account_id = 0;
  std::string title;
  std::vector<std::string> contexts;  // home, notifications, public, thread, account
  FilterAction action = FilterAction::kWarn;
  int64_t expires_at = 0;  // 0 = never
  std::vector<FilterKeyword> keywords;
  std::vector<FilterStatus> statuses;
};

struct Marker {
  std::string timeline;  // "home" or "notifications"
  Id last_read_id = 0;
  int64_t version = 0;
  int64_t updated_at = 0;
};

// One participant's view of a direct-message thread.
struct Conversation {
  Id id = 0;  // the thread's conversation id
  Id account_id = 0;
  std::vector<Id> participant_ids;  // everyone except account_id
  Id last_status_id = 0;
  bool unread = false;
};

// A hashtag an account follows: its posts reach the follower's home timeline.
struct FollowedTag {
  Id cursor = 0;           // the follow's row id (pages /api/v1/followed_tags)
  std::string name;        // as first written (the tag's display name)
  std::string normalized;  // text::NormalizeTag form
};

struct FeaturedTag {
  Id id = 0;
  Id account_id = 0;
  std::string name;
  int64_t statuses_count = 0;
  int64_t last_status_at = 0;
};

// Pagination as Mastodon does it. Results are always newest first. max_id: older than;
// since_id: newer than (the newest page); min_id: newer than (the page right after min_id).
struct Page {
  std::optional<Id> max_id;
  std::optional<Id> since_id;
  std::optional<Id> min_id;
  int limit = 20;
};

// An item of a list paged by something other than its own id (a favourite's row id pages
// /api/v1/favourites; a follow's row id pages /followers).
struct Cursored {
  Id cursor = 0;
  Id id = 0;
};

}  // namespace magpie::domain
