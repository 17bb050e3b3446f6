// Timelines: home (hybrid fan-out), public, tag, list and account timelines. Every read answers
// status ids, newest first, already checked for visibility, blocks and mutes; the presenter
// hydrates them (from the status cache) in one batch.
//
// Home timelines (DESIGN.md §3). Each account's home timeline is a Feed in memory (feed.h),
// built on its first read from the store (the newest `home_build_size` statuses of the accounts
// it follows and its own), then kept current by events, up to `home_capacity` entries:
//  - OnStatusCreated pushes the id into the cached feeds of the author's followers (and the
//    author's own) -- only into feeds already in memory; the others are built when read. This is
//    a few pushes into memory per follower, so it runs synchronously on the posting request.
//  - Authors with at least `celebrity_threshold` followers are not pushed: their recent ids are
//    kept in one Feed per celebrity, and a home read merges the feeds of the celebrities the
//    reader follows. An account that once reached the threshold stays a celebrity until restart,
//    so none of its posts falls between the two paths.
//  - Mastodon's home rules, applied when pushing and again when reading: a reply shows only if
//    the reader also follows the replied-to account (or it replies to the reader, or is a
//    self-reply); a reblog is not added when the reblogged status or another reblog of it is
//    among the newest `reblog_dedupe_window` entries; reblogs by accounts followed with
//    show_reblogs=false are dropped when read (the preference is looked up once per reader and
//    reblogger, then kept in the reader's feed); direct statuses reach only the mentioned
//    followers.
//  - Followed hashtags (Mastodon's): a public status carrying a tag the reader follows belongs in
//    the reader's home even when the reader does not follow its author -- unless it replies to
//    someone the reader does not follow, or a block or mute hides it. OnStatusCreated pushes it
//    into the cached feeds of the tag's followers (SocialGraph keeps tag -> followers in memory);
//    a build merges the recent statuses of the followed tags (one StatusesByTags query) with the
//    followed accounts'; store reads below the floor merge both the same way. OnFollowTag merges
//    the tag's recent statuses, OnUnfollowTag drops the entries only that tag had brought.
//  - OnFollow merges the followed account's recent statuses; OnUnfollow and OnBlock drop that
//    account's entries (an unfollow keeps those a followed hashtag still brings); OnStatusDeleted
//    drops the id (and reads drop ids whose status is gone).
//  - Reads re-check everything that may have changed since the push (blocks, mutes, unfollows,
//    visibility), page by max_id/since_id/min_id from memory above the feed's floor and from the
//    store below it.
// Idle home feeds are evicted beyond `max_cached_homes`; they are rebuilt on the next read.
//
// Other timelines read the store (one query per page, a few more when filtering removes much)
// and filter the same way. Tag timelines support any[]/all[]/none[] (all/none are applied to
// the statuses read for the main tag and any[], so a sparse all[] combination may return short
// pages; clients continue with the Link header). only_media answers an empty page until media
// attachments exist.
//
// Thread-safe. Reads may block on the store; event handlers touch memory and, for OnFollow,
// read the store once.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/thread_annotations.h"
#include "domain/events.h"
#include "domain/status_service.h"
#include "domain/stores.h"
#include "timeline/feed.h"
#include "timeline/feed_map.h"

namespace magpie::timeline {

using core::Result;
using domain::Page;

struct TimelineConfig {
  size_t home_capacity = 400;  // ids per home feed (Mastodon keeps 400 per home feed)
  // Statuses read from the store when a home feed is built (at most home_capacity). Most reads
  // are the first page or two, and the feed grows to home_capacity as posts are pushed; pages
  // below what was built are read from the store. Building all 400 made a cold read ~5x dearer.
  size_t home_build_size = 100;
  int64_t celebrity_threshold = 10'000;  // followers from which an author is not pushed
  size_t celebrity_capacity = 400;       // recent ids kept per celebrity
  size_t reblog_dedupe_window = 40;
  size_t max_cached_homes = 500'000;  // home feeds kept in memory; idle ones are evicted
  size_t follow_merge_limit = 100;    // statuses merged into a home feed on follow
  // Account timelines: the newest `author_capacity` statuses of each author whose timeline is
  // read are kept in memory (pushed on post, dropped on delete); deeper pages read the store.
  size_t author_capacity = 40;
  size_t max_cached_authors = 100'000;
};

struct PublicQuery {
  bool local = false;
  bool remote = false;
  bool only_media = false;
};

struct TagQuery {
  std::string tag;                // as the client wrote it
  std::vector<std::string> any;   // also these tags
  std::vector<std::string> all;   // and all of these
  std::vector<std::string> none;  // but none of these
  bool local = false;
  bool remote = false;
  bool only_media = false;
};

struct AccountQuery {
  bool pinned = false;
  bool exclude_replies = false;
  bool exclude_reblogs = false;
  bool only_media = false;
  std::string tagged;  // empty: any
};

// A page of a timeline as it was read: the statuses kept, in page order, with the statuses their
// reblogs share. The presenter renders these snapshots rather than looking every id up again.
struct TimelinePage {
  std::vector<domain::StatusPtr> statuses;
  std::vector<domain::StatusPtr> originals;  // what reblogs on the page share, where loaded

  std::vector<Id> ids() const;
  bool empty() const { return statuses.empty(); }
};

class TimelineService final : public domain::EventListener {
 public:
  TimelineService(domain::Stores stores, domain::StatusService& statuses, const core::Clock& clock,
                  TimelineConfig config);

  TimelinePage Home(Id viewer, const Page& page);
  TimelinePage Public(Id viewer, const PublicQuery& query, const Page& page);
  TimelinePage Tag(Id viewer, const TagQuery& query, const Page& page);
  // kNotFound unless the list belongs to `owner`.
  Result<TimelinePage> List(Id owner, Id list_id, const Page& page);
  // kNotFound for an unknown account.
  Result<TimelinePage> Account(Id viewer, Id account_id, const AccountQuery& query,
                               const Page& page);

  // Events (subscribe this on the EventBus).
  void OnStatusCreated(const domain::Status& status) override;
  void OnStatusDeleted(const domain::Status& status,
                       const std::vector<Id>& removed_reblog_ids) override;
  void OnFollow(Id follower_id, Id followed_id) override;
  void OnUnfollow(Id follower_id, Id followed_id) override;
  void OnBlock(Id account_id, Id target_id) override;
  void OnFollowTag(Id account_id, const std::string& tag) override;
  void OnUnfollowTag(Id account_id, const std::string& tag) override;

  struct Stats {
    size_t cached_homes = 0;
    size_t cached_authors = 0;
    size_t celebrities = 0;
  };
  Stats stats() const;
  bool IsCelebrity(Id account_id) const;
  // Drops every cached feed (tests, after bulk loads).
  void Clear();

  // One status with what it reblogs, as filters see it.
  struct Item {
    domain::StatusPtr status;
    domain::StatusPtr original;  // the reblogged status, for plain reblogs
  };
  using Fetch = std::function<std::vector<Id>(const Page&)>;
  using Keep = std::function<bool(const Item&)>;
  // Sees each batch before filtering: the ids fetched and their snapshots (parallel).
  using Prepare = std::function<void(const std::vector<Id>&, const std::vector<Item>&)>;

 private:
  // Pages through `fetch` (newest-first ids for a page), hydrating and filtering, until `limit`
  // statuses are kept or the source runs dry.
  TimelinePage FillPage(const Page& page, const Fetch& fetch, const Keep& keep,
                        const Prepare& prepare = nullptr);
  std::vector<Item> Hydrate(const std::vector<Id>& ids);

  std::shared_ptr<Feed> CachedHome(Id account_id) { return homes_.Find(account_id); }
  // The viewer's home feed, built on first use.
  std::shared_ptr<Feed> HomeFeed(Id viewer);
  void BuildHome(Id viewer, const domain::ViewerContext& ctx, Feed& feed);
  std::shared_ptr<Feed> CelebrityFeed(Id author);
  // The author's recent statuses (every visibility), built on first use: a celebrity's feed for
  // celebrities, otherwise one from the bounded table of author feeds.
  std::shared_ptr<Feed> AuthorFeed(Id author);
  // Fills `feed` (not ready yet, its build_mu held) with the author's newest `capacity` statuses.
  void BuildAuthorFeed(Id author, size_t capacity, Feed& feed);
  std::vector<Id> CelebritiesFollowedBy(const domain::ViewerContext& ctx) const;
  // Whether `status` belongs in `reader`'s home feed at push time (rules that do not change).
  bool BelongsInHome(Id reader, const domain::Status& status);
  // The full read-time rule; `tags` are the reader's followed hashtags.
  bool ShowInHome(const domain::ViewerContext& ctx, const domain::TagSet& tags, Feed& feed,
                  const Item& item);
  // Whether a status by an account the reader does not follow belongs in the reader's home for
  // one of the hashtags the reader follows (public, not a reblog, not a reply to a stranger).
  bool ViaFollowedTag(const domain::ViewerContext& ctx, const domain::TagSet& tags,
                      const domain::Status& status) const;
  static std::vector<std::string> TagList(const domain::TagSet& tags);
  static domain::StatusQuery TagQueryOf(const Page& page);
  void PushToTagFollowers(const domain::Status& status, const domain::IdSet& followers);
  void LoadReblogPreferences(Id viewer, Feed& feed, const std::vector<Item>& items);
  void PushToHome(Feed& feed, const domain::Status& status);
  // Drops `author`'s entries (and reblogs of them) from `reader`'s cached feed; with
  // `keep_tagged`, those a followed hashtag still brings stay.
  void PruneAuthor(Id reader, Id author, bool keep_tagged);

  domain::Stores stores_;
  domain::StatusService& statuses_;
  domain::SocialGraph& graph_;
  const core::Clock& clock_;
  TimelineConfig config_;
  FeedMap homes_;
  FeedMap authors_;  // recent statuses of non-celebrity authors whose timeline was read

  mutable std::shared_mutex celebrities_mu_;
  std::unordered_set<Id> celebrities_ GUARDED_BY(celebrities_mu_);
  std::unordered_map<Id, std::shared_ptr<Feed>> celebrity_feeds_ GUARDED_BY(celebrities_mu_);
};

}  // namespace magpie::timeline
