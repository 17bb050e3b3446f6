// Ports for the social graph (follows, follow requests, blocks, mutes, domain blocks, personal
// notes, endorsements, followed hashtags) and the per-user collections around it: notifications,
// lists, filters, markers, direct conversations, featured tags. Contract as in account_store.h:
// thread-safe, may block, writes durable on return.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/model.h"

namespace magpie::domain {

using core::Result;

class GraphStore {
 public:
  virtual ~GraphStore() = default;

  // Creates the follow, or updates show_reblogs/notify/languages when it exists; moves
  // following_count and followers_count only when it is new. Removes a pending request.
  virtual Result<Follow> AddFollow(const Follow& follow) = 0;
  // True when a follow was removed (counters moved). An endorsement of the target goes with it.
  virtual Result<bool> RemoveFollow(Id account_id, Id target_id) = 0;
  virtual std::optional<Follow> GetFollow(Id account_id, Id target_id) = 0;
  // The followers of `account_id` that follow it with notify on (`status` notifications).
  // Served by an index of those follows alone, so it costs little however many followers.
  virtual std::vector<Id> NotifyingFollowerIds(Id account_id) = 0;

  // A follow request carries the options the follow will get (show_reblogs, notify, languages;
  // created_at is the request's time). True when new; asking again updates the options.
  virtual Result<bool> AddFollowRequest(const Follow& request) = 0;
  virtual std::optional<Follow> GetFollowRequest(Id account_id, Id target_id) = 0;
  virtual Result<bool> RemoveFollowRequest(Id account_id, Id target_id) = 0;
  // cursor: request row id; id: the requesting account.
  virtual std::vector<Cursored> FollowRequestsFor(Id target_id, const Page& page) = 0;

  // Blocking removes follows (and so endorsements) and follow requests in both directions, in the
  // same transaction.
  virtual Result<bool> AddBlock(Id account_id, Id target_id, int64_t now) = 0;
  virtual Result<bool> RemoveBlock(Id account_id, Id target_id) = 0;
  virtual Result<bool> AddMute(const Mute& mute, int64_t now) = 0;
  virtual Result<bool> RemoveMute(Id account_id, Id target_id) = 0;

  // One entry per target, in the order of `target_ids`, with the account's note and endorsement
  // of each. A constant number of queries.
  virtual std::vector<Relationship> Relationships(Id account_id,
                                                  std::span<const Id> target_ids) = 0;

  // The personal note `account_id` keeps about `target_id`; an empty comment removes it.
  // kNotFound when either account is missing.
  virtual core::Status SetNote(Id account_id, Id target_id, std::string_view comment,
                               int64_t now) = 0;

  // Endorsements (accounts featured on a profile). Add is true when new; kNotFound when either
  // account is missing. Whether the target is followed is the caller's rule.
  virtual Result<bool> AddEndorsement(Id account_id, Id target_id, int64_t now) = 0;
  virtual Result<bool> RemoveEndorsement(Id account_id, Id target_id) = 0;
  // cursor: endorsement row id; id: the endorsed account.
  virtual std::vector<Cursored> Endorsements(Id account_id, const Page& page) = 0;

  // Followed hashtags, by normalized name (text::NormalizeTag). FollowTag creates the tag when
  // nobody used it yet (with `display_name` as its spelling) and answers the follow, new or not.
  virtual Result<FollowedTag> FollowTag(Id account_id, std::string_view normalized,
                                        std::string_view display_name, int64_t now) = 0;
  // True when a follow was removed.
  virtual Result<bool> UnfollowTag(Id account_id, std::string_view normalized) = 0;
  // Newest follow first, paged by the follow's row id.
  virtual std::vector<FollowedTag> FollowedTags(Id account_id, const Page& page) = 0;
  // Whole sets, for the home timeline: the normalized names an account follows, and the
  // accounts following a tag.
  virtual std::vector<std::string> FollowedTagNames(Id account_id) = 0;
  virtual std::vector<Id> TagFollowerIds(std::string_view normalized) = 0;

  // cursor: follow row id; id: the follower / the followed.
  virtual std::vector<Cursored> Followers(Id account_id, const Page& page) = 0;
  virtual std::vector<Cursored> Following(Id account_id, const Page& page) = 0;
  virtual std::vector<Cursored> Blocks(Id account_id, const Page& page) = 0;
  virtual std::vector<Cursored> Mutes(Id account_id, const Page& page) = 0;

  // Whole sets, for fan-out and timeline filtering.
  virtual std::vector<Id> FollowerIds(Id account_id) = 0;
  virtual std::vector<Id> FollowingIds(Id account_id) = 0;
  // Accounts this one blocks plus accounts that block it.
  virtual std::vector<Id> BlockIdsEitherWay(Id account_id) = 0;
  // The mutes this account has in force at `now` (expired ones excluded), with their expiry.
  virtual std::vector<Mute> ActiveMutes(Id account_id, int64_t now) = 0;

  virtual Result<bool> AddDomainBlock(Id account_id, std::string_view domain) = 0;
  virtual Result<bool> RemoveDomainBlock(Id account_id, std::string_view domain) = 0;
  virtual std::vector<std::string> DomainBlocks(Id account_id) = 0;
};

struct NotificationQuery {
  Page page;
  std::vector<NotificationType> types;          // only these (empty = all)
  std::vector<NotificationType> exclude_types;  // none of these
  Id from_account_id = 0;                       // only from this account (0 = anyone)
};

class NotificationStore {
 public:
  virtual ~NotificationStore() = default;
  virtual core::Status Create(const Notification& n) = 0;
  // Stores many notifications in one transaction (a fan-out, such as `status` notifications);
  // those naming an account that no longer exists are skipped.
  virtual core::Status CreateMany(std::span<const Notification> notifications) = 0;
  virtual std::vector<Notification> List(Id account_id, const NotificationQuery& query) = 0;
  virtual Result<Notification> Get(Id account_id, Id id) = 0;
  virtual Result<bool> Dismiss(Id account_id, Id id) = 0;
  virtual core::Status Clear(Id account_id) = 0;
  // Drops notifications about a deleted status.
  virtual core::Status RemoveForStatus(Id status_id) = 0;
  virtual int64_t CountUnread(Id account_id, Id since_id) = 0;
};

class ListStore {
 public:
  virtual ~ListStore() = default;
  virtual core::Status Create(const List& list) = 0;
  virtual core::Status Update(const List& list) = 0;
  virtual Result<bool> Delete(Id owner_id, Id list_id) = 0;
  // kNotFound unless the list belongs to owner_id.
  virtual Result<List> Get(Id owner_id, Id list_id) = 0;
  virtual std::vector<List> ListsOf(Id owner_id) = 0;
  // Lists of owner_id that contain member_id.
  virtual std::vector<List> ListsContaining(Id owner_id, Id member_id) = 0;
  virtual core::Status AddMembers(Id list_id, std::span<const Id> account_ids) = 0;
  virtual core::Status RemoveMembers(Id list_id, std::span<const Id> account_ids) = 0;
  // cursor: membership row id; id: the member.
  virtual std::vector<Cursored> Members(Id list_id, const Page& page) = 0;
  virtual std::vector<Id> MemberIds(Id list_id) = 0;
};

class FilterStore {
 public:
  virtual ~FilterStore() = default;
  // Creates or replaces the filter with its keywords and statuses (ids already assigned).
  virtual core::Status Save(const Filter& filter) = 0;
  virtual Result<bool> Delete(Id owner_id, Id filter_id) = 0;
  virtual Result<Filter> Get(Id owner_id, Id filter_id) = 0;
  virtual std::vector<Filter> FiltersOf(Id owner_id) = 0;
};

class MarkerStore {
 public:
  virtual ~MarkerStore() = default;
  // Markers of the named timelines ("home", "notifications"); absent ones are left out.
  virtual std::vector<Marker> Get(Id account_id, std::span<const std::string> timelines) = 0;
  // Sets last_read_id and bumps the version; returns the stored marker.
  virtual Result<Marker> Set(Id account_id, std::string_view timeline, Id last_read_id,
                             int64_t now) = 0;
};

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;
  // Records a direct status in the conversation of every participant (the author's own copy is
  // marked read, the others unread). `participant_ids` includes the author.
  virtual core::Status RecordStatus(Id conversation_id, Id status_id, Id author_id,
                                    std::span<const Id> participant_ids) = 0;
  // Newest activity first; cursor is the last status id.
  virtual std::vector<Conversation> List(Id account_id, const Page& page) = 0;
  virtual Result<Conversation> Get(Id account_id, Id conversation_id) = 0;
  virtual core::Status MarkRead(Id account_id, Id conversation_id) = 0;
  virtual Result<bool> Remove(Id account_id, Id conversation_id) = 0;
};

class FeaturedTagStore {
 public:
  virtual ~FeaturedTagStore() = default;
  virtual core::Status Add(const FeaturedTag& tag) = 0;
  virtual Result<bool> Remove(Id account_id, Id featured_tag_id) = 0;
  virtual std::vector<FeaturedTag> Of(Id account_id) = 0;
};

}  // namespace magpie::domain
