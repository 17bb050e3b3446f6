// Accounts and everything a user manages around their own account: profiles, the social graph as
// a user acts on it (follow, follow requests, block, mute, personal notes, endorsements, followed
// hashtags), relationships, follower lists, account search and the directory, preferences,
// markers, lists, domain blocks and featured tags.
//
// Owns the rules (Mastodon's): profile limits; a locked account turns a follow into a follow
// request, which keeps the follow's options (reblogs, notify, languages) until it is authorized;
// nobody follows themselves or someone on the other side of a block; list members and endorsed
// accounts must be accounts the owner follows (unfollowing ends the endorsement). Graph writes go
// through SocialGraph (which keeps the in-memory graph and publishes events) and notifications
// through NotificationService.
//
// Thread-safe; methods may block on storage and run on the worker pool. Every method taking a
// `viewer` acts as that signed-in account; ids of other accounts that do not exist are kNotFound.
#pragma once

#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "core/result.h"
#include "core/thread_annotations.h"
#include "domain/model.h"
#include "domain/notification_service.h"
#include "domain/social_graph.h"
#include "domain/stores.h"

namespace magpie::domain {

struct AccountServiceConfig {
  // This server's domain ("magpie.example"): "alice@magpie.example" names the local alice.
  std::string local_domain;
  size_t max_display_name_chars = 30;  // grapheme clusters
  size_t max_note_chars = 500;
  size_t max_fields = 4;
  size_t max_field_chars = 255;
  size_t max_lists = 50;
  size_t max_list_title_chars = 256;
  size_t max_featured_tags = 10;
  size_t max_account_note_chars = 2000;  // personal notes, in grapheme clusters (as Mastodon)
  size_t max_tag_chars = 100;            // a followed hashtag's name, in code points
  size_t max_domain_blocks = 1000;
  // Longest mute a client may ask for, in seconds (ten years); longer is a 422.
  int64_t max_mute_seconds = 10LL * 365 * 24 * 3600;
};

// PATCH /api/v1/accounts/update_credentials: only the present fields change.
struct ProfileUpdate {
  std::optional<std::string> display_name;
  std::optional<std::string> note;
  std::optional<std::string> locale;
  std::optional<bool> locked;
  std::optional<bool> bot;
  std::optional<bool> discoverable;
  std::optional<bool> indexable;
  std::optional<std::vector<ProfileField>> fields;  // replaces all fields; blank pairs dropped
  // source[...]: the posting defaults kept on the User.
  std::optional<std::string> privacy;  // "public", "unlisted" or "private"
  std::optional<bool> sensitive;
  std::optional<std::string> language;  // ISO 639 code, "" to clear
};

// The signed-in user's own view (verify_credentials).
struct Credentials {
  Account account;
  User user;
  int64_t follow_requests_count = 0;
};

struct FollowOptions {
  std::optional<bool> reblogs;                        // show their reblogs in home (default true)
  std::optional<bool> notify;                         // notify me when they post (default false)
  std::optional<std::vector<std::string>> languages;  // only posts in these (empty = all)
};

struct ListUpdate {
  std::optional<std::string> title;
  std::optional<std::string> replies_policy;  // "followed", "list", "none"
  std::optional<bool> exclusive;
};

struct DirectoryQuery {
  int offset = 0;
  int limit = 40;
  bool order_new = false;  // "new": newest accounts; otherwise most recently active
  bool local = true;
};

struct InstanceStats {
  int64_t user_count = 0;
  int64_t status_count = 0;
};

class AccountService {
 public:
  AccountService(Stores stores, SocialGraph& graph, NotificationService& notifications,
                 const core::Clock& clock, core::IdGenerator& ids, AccountServiceConfig config);

  // ---- accounts ----
  // kNotFound for unknown or suspended accounts.
  Result<Account> Get(Id id);
  // Existing, unsuspended accounts among `ids`, in the order of `ids`.
  std::vector<Account> GetMany(std::span<const Id> ids);
  // The same as shared snapshots, sorted by id (pages of statuses look their authors up by id).
  std::vector<std::shared_ptr<const Account>> GetManyShared(std::span<const Id> ids);
  // "alice", "@alice", "alice@<local domain>" (and later remote accts).
  Result<Account> Lookup(std::string_view acct);
  Result<Credentials> GetCredentials(Id account_id);
  Result<Credentials> UpdateCredentials(Id account_id, const ProfileUpdate& update);
  // Accounts whose username or display name starts with `query` ("@alice", "alice@domain" too),
  // without those blocked either way; `following_only` keeps accounts the viewer follows.
  std::vector<Account> Search(Id viewer, std::string_view query, int limit, int offset,
                              bool following_only);
  // Discoverable local accounts for the profile directory.
  std::vector<Account> Directory(Id viewer, const DirectoryQuery& query);
  // A few popular local accounts the viewer does not follow yet.
  std::vector<Account> Suggestions(Id viewer, int limit);
  // For each target, accounts the viewer follows that also follow the target.
  std::vector<std::pair<Id, std::vector<Id>>> FamiliarFollowers(Id viewer,
                                                                std::span<const Id> targets);
  // Cached for a minute: /api/v1/instance is called by every client at start-up.
  InstanceStats Stats();

  // ---- relationships ----
  Result<Relationship> Follow(Id viewer, Id target, const FollowOptions& options);
  // Also withdraws a pending follow request.
  Result<Relationship> Unfollow(Id viewer, Id target);
  Result<Relationship> Block(Id viewer, Id target);
  Result<Relationship> Unblock(Id viewer, Id target);
  // duration_seconds 0 = indefinitely.
  Result<Relationship> Mute(Id viewer, Id target, bool hide_notifications,
                            int64_t duration_seconds);
  Result<Relationship> Unmute(Id viewer, Id target);
  // One per existing target, in order (unknown ids are left out).
  std::vector<Relationship> Relationships(Id viewer, std::span<const Id> targets);
  Relationship RelationshipTo(Id viewer, Id target);

  // Followers / following of `account_id` as `viewer` (0 = anonymous) may see them. The
  // Cursored cursor pages the list (Link headers); id is the account.
  Result<std::vector<Cursored>> Followers(Id viewer, Id account_id, const Page& page);
  Result<std::vector<Cursored>> Following(Id viewer, Id account_id, const Page& page);
  std::vector<Cursored> Blocks(Id viewer, const Page& page);
  std::vector<Cursored> Mutes(Id viewer, const Page& page);
  std::vector<Cursored> FollowRequests(Id viewer, const Page& page);
  // kNotFound when `requester` has no pending request. Returns the viewer's relationship to the
  // requester.
  Result<Relationship> AuthorizeFollowRequest(Id viewer, Id requester);
  Result<Relationship> RejectFollowRequest(Id viewer, Id requester);

  // Personal note about `target` (any existing account, oneself included); empty or blank
  // removes it. Returns the relationship, whose `note` is the note.
  Result<Relationship> SetNote(Id viewer, Id target, std::string_view comment);
  // Features `target` on the viewer's profile; 422 unless the viewer follows it. Idempotent.
  Result<Relationship> Endorse(Id viewer, Id target);
  Result<Relationship> Unendorse(Id viewer, Id target);
  // The viewer's own endorsements (cursor: row id; id: account).
  std::vector<Cursored> Endorsements(Id viewer, const Page& page);
  // The accounts `account_id` endorses, as `viewer` (0 = anonymous) may see them: accounts
  // blocked either way with the viewer are left out.
  Result<std::vector<Cursored>> AccountEndorsements(Id viewer, Id account_id, const Page& page);

  // ---- followed hashtags ----
  // `name` as the client wrote it ("magpie", "#magpie", "春节 快乐"). Follow is idempotent and
  // answers the tag as first written; 422 for a name that is no hashtag.
  Result<FollowedTag> FollowTag(Id viewer, std::string_view name);
  // Answers the tag's name (as given when nobody uses it); unfollowing a tag not followed is ok.
  Result<std::string> UnfollowTag(Id viewer, std::string_view name);
  std::vector<FollowedTag> FollowedTags(Id viewer, const Page& page);
  // Whether the viewer follows the tag named `name` (any spelling); false for anonymous.
  bool FollowsTag(Id viewer, std::string_view name);

  // ---- preferences and markers ----
  Result<User> Preferences(Id account_id);
  // Known timeline names ("home", "notifications") among `timelines`; unknown names ignored.
  std::vector<Marker> Markers(Id account_id, std::span<const std::string> timelines);
  Result<Marker> SetMarker(Id account_id, std::string_view timeline, Id last_read_id);

  // ---- lists ----
  std::vector<List> Lists(Id owner);
  Result<List> GetList(Id owner, Id list_id);
  Result<List> CreateList(Id owner, const ListUpdate& fields);
  Result<List> UpdateList(Id owner, Id list_id, const ListUpdate& fields);
  core::Status DeleteList(Id owner, Id list_id);
  Result<std::vector<Cursored>> ListMembers(Id owner, Id list_id, const Page& page);
  // Members must exist and be followed by the owner (422 otherwise), as in Mastodon.
  core::Status AddListMembers(Id owner, Id list_id, std::span<const Id> account_ids);
  core::Status RemoveListMembers(Id owner, Id list_id, std::span<const Id> account_ids);
  // The owner's lists that contain `member`.
  Result<std::vector<List>> ListsContaining(Id owner, Id member);

  // ---- domain blocks ----
  std::vector<std::string> DomainBlocks(Id account_id);
  core::Status BlockDomain(Id account_id, std::string_view domain);
  core::Status UnblockDomain(Id account_id, std::string_view domain);

  // ---- featured tags ----
  Result<std::vector<FeaturedTag>> FeaturedTags(Id account_id);
  Result<FeaturedTag> FeatureTag(Id account_id, std::string_view name);
  core::Status UnfeatureTag(Id account_id, Id featured_tag_id);
  // Tags the account used recently and has not featured yet.
  std::vector<std::string> FeaturedTagSuggestions(Id account_id);

  const AccountServiceConfig& config() const { return config_; }

 private:
  // The target for a graph action by `viewer`: exists, is not the viewer.
  Result<Account> ActionTarget(Id viewer, Id target);
  Result<std::vector<Cursored>> VisibleGraphPage(Id viewer, Id account_id, const Page& page,
                                                 bool followers);
  void RemoveFromListsBetween(Id a, Id b);

  Stores stores_;
  SocialGraph& graph_;
  NotificationService& notifications_;
  const core::Clock& clock_;
  core::IdGenerator& ids_;
  AccountServiceConfig config_;

  std::mutex stats_mu_;
  InstanceStats stats_ GUARDED_BY(stats_mu_);
  int64_t stats_expires_ GUARDED_BY(stats_mu_) = 0;
};

}  // namespace magpie::domain
