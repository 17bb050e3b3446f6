#include "timeline/timeline_service.h"

#include <algorithm>
#include <mutex>

#include "core/blocking.h"
#include "text/text.h"

namespace magpie::timeline {

using domain::Status;
using domain::StatusPtr;
using domain::StatusQuery;
using domain::ViewerContext;
using domain::Visibility;

namespace {

// Merges newest-first id lists into one page: the `limit` newest (or, for ascending pages, the
// `limit` oldest) distinct ids, newest first.
std::vector<Id> MergePages(std::vector<std::vector<Id>> lists, bool ascending, size_t limit) {
  std::vector<Id> all;
  for (auto& l : lists) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  if (ascending) {
    if (all.size() > limit) all.resize(limit);
    std::reverse(all.begin(), all.end());
  } else {
    std::reverse(all.begin(), all.end());
    if (all.size() > limit) all.resize(limit);
  }
  return all;
}

FeedRange RangeOf(const Page& page) {
  FeedRange r;
  r.below = page.max_id.value_or(0);
  if (page.min_id) {
    r.above = *page.min_id;
    r.ascending = true;
  } else if (page.since_id) {
    r.above = *page.since_id;
  }
  r.limit = static_cast<size_t>(std::max(page.limit, 1));
  return r;
}

bool IsReplyToOther(const Status& s) {
  return s.reblog_of_id == 0 && s.in_reply_to_account_id != 0 &&
         s.in_reply_to_account_id != s.account_id;
}

bool HasTag(const Status& s, const std::unordered_set<std::string>& normalized) {
  for (const auto& t : s.tags) {
    if (normalized.count(text::NormalizeTag(t))) return true;
  }
  return false;
}

// A page of ids from in-memory feeds, continued from the store below them. Memory is complete
// only at and above each feed's floor: `floor` is the highest when the read began. An upward
// page starting below it is read from the store; a downward page short of its limit continues
// there. Pushes may trim a feed meanwhile; floors only rise, so the store continues below the
// current highest floor and what it repeats from memory is skipped.
std::vector<Id> ReadFeedsThenStore(const std::vector<std::shared_ptr<Feed>>& feeds, Id floor,
                                   const Page& p,
                                   const std::function<std::vector<Id>(const Page&)>& from_store) {
  FeedRange range = RangeOf(p);
  if (range.ascending && floor > 0 && range.above < floor) return from_store(p);
  std::vector<std::vector<Id>> lists;
  lists.reserve(feeds.size());
  for (const auto& f : feeds) lists.push_back(f->Read(range));
  std::vector<Id> ids = MergePages(std::move(lists), range.ascending, range.limit);
  Id floor_now = floor;
  for (const auto& f : feeds) floor_now = std::max(floor_now, f->floor());
  if (!range.ascending && floor_now > 0 && ids.size() < range.limit) {
    Page older = p;
    older.max_id = p.max_id ? std::min(*p.max_id, floor_now) : floor_now;
    older.min_id.reset();
    older.limit = static_cast<int>(range.limit - ids.size());
    for (Id id : from_store(older)) {
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
  }
  return ids;
}

// The feed's build lock. Another reader building the feed holds it while it reads the store:
// an event-loop thread trying a read inline must not wait for that (core/blocking.h), so there
// it throws WouldBlock and the read reruns on a worker.
std::unique_lock<std::mutex> LockForBuild(Feed& feed) {
  std::unique_lock lock(feed.build_mu, std::try_to_lock);
  if (!lock.owns_lock()) {
    core::MayBlock();
    lock.lock();
  }
  return lock;
}

}  // namespace

TimelineService::TimelineService(domain::Stores stores, domain::StatusService& statuses,
                                 const core::Clock& clock, TimelineConfig config)
    : stores_(stores),
      statuses_(statuses),
      graph_(statuses.graph()),
      clock_(clock),
      config_(config),
      homes_(config.home_capacity, config.max_cached_homes),
      authors_(config.author_capacity, config.max_cached_authors) {}

// --- paging machinery ---

std::vector<TimelineService::Item> TimelineService::Hydrate(const std::vector<Id>& ids) {
  std::vector<StatusPtr> statuses = statuses_.GetMany(ids);
  std::vector<Id> originals;
  for (const auto& s : statuses) {
    if (s && s->reblog_of_id != 0) originals.push_back(s->reblog_of_id);
  }
  std::unordered_map<Id, StatusPtr> by_id;
  if (!originals.empty()) {
    for (auto& o : statuses_.GetMany(originals)) {
      if (o) by_id.emplace(o->id, o);
    }
  }
  std::vector<Item> items;
  items.reserve(statuses.size());
  for (auto& s : statuses) {
    Item item;
    if (s && s->reblog_of_id != 0) {
      auto it = by_id.find(s->reblog_of_id);
      if (it != by_id.end()) item.original = it->second;
    }
    item.status = std::move(s);
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<Id> TimelinePage::ids() const {
  std::vector<Id> out;
  out.reserve(statuses.size());
  for (const auto& s : statuses) out.push_back(s->id);
  return out;
}

TimelinePage TimelineService::FillPage(const Page& page, const Fetch& fetch, const Keep& keep,
                                       const Prepare& prepare) {
  const bool ascending = page.min_id.has_value();
  const size_t want = static_cast<size_t>(std::max(page.limit, 1));
  Page cursor = page;
  TimelinePage kept;  // in reading order: newest first, or oldest first when ascending
  for (int round = 0; round < 6 && kept.statuses.size() < want; ++round) {
    std::vector<Id> ids = fetch(cursor);
    if (ids.empty()) break;
    std::vector<Item> items = Hydrate(ids);
    if (prepare) prepare(ids, items);
    if (ascending) std::reverse(items.begin(), items.end());
    const size_t kept_before = kept.statuses.size();
    for (auto& item : items) {
      if (kept.statuses.size() >= want) break;
      if (!item.status || !keep(item)) continue;
      kept.statuses.push_back(std::move(item.status));
      if (item.original) kept.originals.push_back(std::move(item.original));
    }
    if (ids.size() < static_cast<size_t>(cursor.limit)) break;  // the source ran dry
    if (ascending) {
      cursor.min_id = ids.front();
    } else {
      cursor.max_id = ids.back();
    }
    // Ask for what the rest of the page should take at the share this round kept (a quarter
    // more), not a fixed doubling: hydrating statuses is the cost, and a filter that drops one
    // in ten would otherwise read twice the page again for the last two.
    const size_t missing = want - std::min(want, kept.statuses.size());
    const size_t kept_now = kept.statuses.size() - kept_before;
    const size_t asked = static_cast<size_t>(cursor.limit);
    const size_t next =
        kept_now == 0 ? asked * 4 : (missing * asked * 5 + kept_now * 4 - 1) / (kept_now * 4);
    cursor.limit = static_cast<int>(std::clamp<size_t>(next, std::min<size_t>(missing, 400), 400));
  }
  if (ascending) std::reverse(kept.statuses.begin(), kept.statuses.end());
  return kept;
}

// --- home ---

std::shared_ptr<Feed> TimelineService::HomeFeed(Id viewer) {
  std::shared_ptr<Feed> feed = homes_.Use(viewer, clock_.NowMillis());
  std::unique_lock build = LockForBuild(*feed);
  if (!feed->ready) {
    // What the viewer follows is read only now that the feed is published: a follow committed
    // before this read is in it, and one committed after finds the feed and merges into it
    // (OnFollow). A context taken before the feed existed could miss both.
    BuildHome(viewer, statuses_.Viewer(viewer), *feed);
    feed->ready = true;
  }
  return feed;
}

std::vector<std::string> TimelineService::TagList(const domain::TagSet& tags) {
  return std::vector<std::string>(tags.begin(), tags.end());
}

domain::StatusQuery TimelineService::TagQueryOf(const Page& page) {
  StatusQuery q;
  q.page = page;
  q.visibilities = {Visibility::kPublic};
  q.exclude_reblogs = true;
  return q;
}

bool TimelineService::ViaFollowedTag(const ViewerContext& ctx, const domain::TagSet& tags,
                                     const Status& s) const {
  if (tags.empty() || s.account_id == ctx.id || s.reblog_of_id != 0) return false;
  if (s.visibility != Visibility::kPublic) return false;
  if (IsReplyToOther(s) && s.in_reply_to_account_id != ctx.id &&
      !ctx.Follows(s.in_reply_to_account_id)) {
    return false;
  }
  for (const auto& t : s.tags) {
    if (tags.count(text::NormalizeTag(t))) return true;
  }
  return false;
}

void TimelineService::BuildHome(Id viewer, const ViewerContext& ctx, Feed& feed) {
  std::vector<Id> authors(ctx.following->begin(), ctx.following->end());
  authors.push_back(viewer);
  StatusQuery q;
  const size_t build = std::clamp<size_t>(config_.home_build_size, 1, config_.home_capacity);
  q.page.limit = static_cast<int>(build);
  std::vector<Id> ids = stores_.statuses->StatusesByAuthors(authors, q);
  Id floor = ids.size() < build ? 0 : ids.back();
  // Followed hashtags bring public posts of accounts the viewer does not follow. Each source is
  // complete above its own floor, so the merge is complete above the higher one.
  domain::TagSetPtr tags = graph_.FollowedTags(viewer);
  if (!tags->empty()) {
    Page tag_page;
    tag_page.limit = static_cast<int>(build);
    std::vector<Id> tagged = stores_.statuses->StatusesByTags(TagList(*tags), TagQueryOf(tag_page));
    if (tagged.size() >= build) floor = std::max(floor, tagged.back());
    ids = MergePages({std::move(ids), std::move(tagged)}, false, 2 * build);
    std::erase_if(ids, [&](Id id) { return id < floor; });
  }
  std::vector<Item> items = Hydrate(ids);
  // Oldest first, so the reblog de-duplication sees what came before, as pushes would have.
  std::vector<FeedEntry> kept;
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    const Item& item = *it;
    if (!item.status || !domain::CanViewReblog(ctx, *item.status, item.original.get())) continue;
    const bool followed = item.status->account_id == viewer || ctx.Follows(item.status->account_id);
    if (followed ? !BelongsInHome(viewer, *item.status)
                 : !ViaFollowedTag(ctx, *tags, *item.status)) {
      continue;
    }
    Id original = item.status->reblog_of_id;
    if (original != 0) {
      size_t seen = 0;
      bool duplicate = false;
      for (auto k = kept.rbegin(); k != kept.rend() && seen < config_.reblog_dedupe_window;
           ++k, ++seen) {
        if (k->id == original || k->reblog_of == original) duplicate = true;
      }
      if (duplicate) continue;
    }
    kept.push_back({item.status->id, original});
  }
  std::reverse(kept.begin(), kept.end());
  feed.Reset(std::move(kept), floor);
}

std::shared_ptr<Feed> TimelineService::CelebrityFeed(Id author) {
  std::shared_ptr<Feed> feed;
  {
    std::unique_lock lock(celebrities_mu_);
    auto& slot = celebrity_feeds_[author];
    if (!slot) slot = std::make_shared<Feed>(config_.celebrity_capacity);
    feed = slot;
  }
  std::unique_lock build = LockForBuild(*feed);
  if (!feed->ready) {
    BuildAuthorFeed(author, config_.celebrity_capacity, *feed);
    feed->ready = true;
  }
  return feed;
}

void TimelineService::BuildAuthorFeed(Id author, size_t capacity, Feed& feed) {
  StatusQuery q;
  q.page.limit = static_cast<int>(capacity);
  std::vector<Id> ids = stores_.statuses->AccountStatuses(author, q);
  const Id floor = ids.size() < capacity ? 0 : ids.back();
  // Ids only: what they reblog matters for de-duplicating pushes into home feeds, never here,
  // and hydrating statuses the reader may not page down to would cost more than the query.
  std::vector<FeedEntry> entries;
  entries.reserve(ids.size());
  for (Id id : ids) entries.push_back({id, 0});
  // Posts pushed while the store was read are merged in (Feed::Reset).
  feed.Reset(std::move(entries), floor);
}

std::shared_ptr<Feed> TimelineService::AuthorFeed(Id author) {
  if (IsCelebrity(author)) return CelebrityFeed(author);
  std::shared_ptr<Feed> feed = authors_.Use(author, clock_.NowMillis());
  std::unique_lock build = LockForBuild(*feed);
  if (!feed->ready) {
    BuildAuthorFeed(author, config_.author_capacity, *feed);
    feed->ready = true;
  }
  return feed;
}

std::vector<Id> TimelineService::CelebritiesFollowedBy(const ViewerContext& ctx) const {
  std::vector<Id> out;
  std::shared_lock lock(celebrities_mu_);
  if (celebrities_.size() <= ctx.following->size()) {
    for (Id c : celebrities_) {
      if (ctx.Follows(c)) out.push_back(c);
    }
  } else {
    for (Id f : *ctx.following) {
      if (celebrities_.count(f)) out.push_back(f);
    }
  }
  return out;
}

bool TimelineService::IsCelebrity(Id account_id) const {
  std::shared_lock lock(celebrities_mu_);
  return celebrities_.count(account_id) > 0;
}

bool TimelineService::BelongsInHome(Id reader, const Status& s) {
  if (s.account_id == reader) return true;
  if (s.visibility == Visibility::kDirect && !domain::Mentions(s, reader)) return false;
  if (IsReplyToOther(s) && s.in_reply_to_account_id != reader &&
      !graph_.IsFollowing(reader, s.in_reply_to_account_id)) {
    return false;
  }
  return true;
}

bool TimelineService::ShowInHome(const ViewerContext& ctx, const domain::TagSet& tags, Feed& feed,
                                 const Item& item) {
  const Status& s = *item.status;
  if (s.reblog_of_id != 0 && !item.original) return false;
  if (!domain::CanViewReblog(ctx, s, item.original.get())) return false;
  // Unfollowed since (or never followed: then it is here for a hashtag the viewer follows).
  if (s.account_id != ctx.id && !ctx.Follows(s.account_id) && !ViaFollowedTag(ctx, tags, s)) {
    return false;
  }
  if (domain::IsHiddenByMutes(ctx, s, item.original.get())) return false;
  if (s.reblog_of_id != 0) {
    return s.account_id == ctx.id || feed.ShowsReblogsOf(s.account_id).value_or(true);
  }
  if (s.account_id != ctx.id && s.visibility == Visibility::kDirect &&
      !domain::Mentions(s, ctx.id)) {
    return false;
  }
  if (IsReplyToOther(s) && s.account_id != ctx.id && s.in_reply_to_account_id != ctx.id &&
      !ctx.Follows(s.in_reply_to_account_id)) {
    return false;
  }
  return true;
}

void TimelineService::LoadReblogPreferences(Id viewer, Feed& feed, const std::vector<Item>& items) {
  std::vector<Id> unknown;
  for (const auto& item : items) {
    if (!item.status || item.status->reblog_of_id == 0) continue;
    Id author = item.status->account_id;
    if (author == viewer || feed.ShowsReblogsOf(author).has_value()) continue;
    if (std::find(unknown.begin(), unknown.end(), author) == unknown.end()) {
      unknown.push_back(author);
    }
  }
  if (unknown.empty() || stores_.graph == nullptr) return;
  for (const auto& rel : stores_.graph->Relationships(viewer, unknown)) {
    // Only a follow says anything about reblogs; without one the status is dropped anyway.
    feed.SetShowsReblogsOf(rel.target_id, !rel.following || rel.showing_reblogs);
  }
}

void TimelineService::PushToHome(Feed& feed, const Status& s) {
  if (s.reblog_of_id != 0 && feed.HasRecent(s.reblog_of_id, config_.reblog_dedupe_window)) return;
  feed.Push({s.id, s.reblog_of_id});
}

TimelinePage TimelineService::Home(Id viewer, const Page& page) {
  if (viewer == 0) return {};
  ViewerContext ctx = statuses_.Viewer(viewer);
  std::shared_ptr<Feed> home = HomeFeed(viewer);
  std::vector<std::shared_ptr<Feed>> sources{home};
  for (Id c : CelebritiesFollowedBy(ctx)) sources.push_back(CelebrityFeed(c));
  Id floor = 0;
  for (const auto& f : sources) floor = std::max(floor, f->floor());
  domain::TagSetPtr tags = graph_.FollowedTags(viewer);

  auto from_store = [&](const Page& p) {
    std::vector<Id> authors(ctx.following->begin(), ctx.following->end());
    authors.push_back(viewer);
    StatusQuery q;
    q.page = p;
    std::vector<Id> ids = stores_.statuses->StatusesByAuthors(authors, q);
    if (tags->empty()) return ids;
    std::vector<Id> tagged = stores_.statuses->StatusesByTags(TagList(*tags), TagQueryOf(p));
    return MergePages({std::move(ids), std::move(tagged)}, p.min_id.has_value(),
                      static_cast<size_t>(std::max(p.limit, 1)));
  };
  auto fetch = [&](const Page& p) { return ReadFeedsThenStore(sources, floor, p, from_store); };
  std::vector<Id> dead;
  auto prepare = [&](const std::vector<Id>& ids, const std::vector<Item>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].status) dead.push_back(ids[i]);  // deleted since it was pushed
    }
    LoadReblogPreferences(viewer, *home, items);
  };
  std::vector<Id> shown_originals;  // a page's worth: a scan beats hashing
  auto keep = [&](const Item& item) {
    if (!ShowInHome(ctx, *tags, *home, item)) return false;
    // A celebrity's reblog merged at read time may repeat what the page already shows.
    Id original = item.status->reblog_of_id != 0 ? item.status->reblog_of_id : item.status->id;
    if (std::find(shown_originals.begin(), shown_originals.end(), original) !=
        shown_originals.end()) {
      return false;
    }
    shown_originals.push_back(original);
    return true;
  };
  TimelinePage out = FillPage(page, fetch, keep, prepare);
  if (!dead.empty()) {
    for (const auto& f : sources) f->Remove(dead);
  }
  return out;
}

// --- events ---

void TimelineService::PushToTagFollowers(const Status& s, const domain::IdSet& followers) {
  if (s.visibility != Visibility::kPublic || s.reblog_of_id != 0 || s.tags.empty()) return;
  std::unordered_set<Id> readers;
  for (const auto& t : s.tags) {
    const std::string key = text::NormalizeTag(t);
    if (key.empty()) continue;
    for (Id r : *graph_.TagFollowers(key)) readers.insert(r);
  }
  for (Id r : readers) {
    // Followers got it (or will merge it, for a celebrity) as followers.
    if (r == s.account_id || followers.count(r)) continue;
    auto feed = CachedHome(r);
    if (!feed || graph_.IsBlockedEitherWay(r, s.account_id)) continue;
    if (IsReplyToOther(s) && s.in_reply_to_account_id != r &&
        !graph_.IsFollowing(r, s.in_reply_to_account_id)) {
      continue;
    }
    PushToHome(*feed, s);
  }
}

void TimelineService::OnStatusCreated(const Status& s) {
  if (auto own = CachedHome(s.account_id)) PushToHome(*own, s);
  // Not in memory: the first read of the author's timeline builds it from the store, which has
  // this status already.
  if (auto authored = authors_.Find(s.account_id)) authored->Push({s.id, 0});
  domain::IdSetPtr followers = graph_.Followers(s.account_id);
  PushToTagFollowers(s, *followers);
  bool celebrity = IsCelebrity(s.account_id);
  if (!celebrity && static_cast<int64_t>(followers->size()) >= config_.celebrity_threshold) {
    std::unique_lock lock(celebrities_mu_);
    celebrities_.insert(s.account_id);
    celebrity = true;
  }
  if (celebrity) {
    std::shared_ptr<Feed> feed;
    {
      std::shared_lock lock(celebrities_mu_);
      auto it = celebrity_feeds_.find(s.account_id);
      if (it != celebrity_feeds_.end()) feed = it->second;
    }
    // Not built yet: the first read builds it from the store, which has this status already.
    if (feed) feed->Push({s.id, s.reblog_of_id});
    return;
  }
  if (s.visibility == Visibility::kDirect) {
    for (Id m : s.mentioned_account_ids) {
      if (m == s.account_id || !followers->count(m)) continue;
      if (auto feed = CachedHome(m)) PushToHome(*feed, s);
    }
    return;
  }
  homes_.ForEachCached(*followers, [&](Id reader, Feed& feed) {
    if (BelongsInHome(reader, s)) PushToHome(feed, s);
  });
}

void TimelineService::OnStatusDeleted(const Status& s, const std::vector<Id>& removed_reblog_ids) {
  std::vector<Id> ids{s.id};
  ids.insert(ids.end(), removed_reblog_ids.begin(), removed_reblog_ids.end());
  if (auto own = CachedHome(s.account_id)) own->Remove(ids);
  if (auto authored = authors_.Find(s.account_id)) authored->Remove(ids);
  {
    std::shared_lock lock(celebrities_mu_);
    auto it = celebrity_feeds_.find(s.account_id);
    if (it != celebrity_feeds_.end()) it->second->Remove(ids);
  }
  homes_.ForEachCached(*graph_.Followers(s.account_id), [&](Id, Feed& feed) { feed.Remove(ids); });
  for (Id m : s.mentioned_account_ids) {
    if (auto feed = CachedHome(m)) feed->Remove(ids);
  }
  // Reblogs of it sit in the rebloggers' followers' feeds; reads drop them (their snapshots are
  // gone), so they are not hunted down here.
}

void TimelineService::OnFollow(Id follower_id, Id followed_id) {
  auto feed = CachedHome(follower_id);
  if (!feed) return;
  feed->ForgetReblogPreference(followed_id);  // show_reblogs may have changed
  if (IsCelebrity(followed_id)) return;       // merged at read time
  ViewerContext ctx = statuses_.Viewer(follower_id);
  StatusQuery q;
  q.page.limit = static_cast<int>(config_.follow_merge_limit);
  std::vector<Id> ids = stores_.statuses->AccountStatuses(followed_id, q);
  std::vector<Item> items = Hydrate(ids);
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    if (!it->status) continue;
    if (!domain::CanViewReblog(ctx, *it->status, it->original.get())) continue;
    if (BelongsInHome(follower_id, *it->status)) PushToHome(*feed, *it->status);
  }
}

void TimelineService::PruneAuthor(Id reader, Id author, bool keep_tagged) {
  auto feed = CachedHome(reader);
  if (!feed) return;
  std::vector<Item> items = Hydrate(feed->All());
  ViewerContext ctx;
  domain::TagSetPtr tags;
  if (keep_tagged) {
    ctx = statuses_.Viewer(reader);
    tags = graph_.FollowedTags(reader);
  }
  std::vector<Id> drop;
  for (const auto& item : items) {
    if (!item.status) continue;
    if (item.status->account_id == author ||
        (item.original && item.original->account_id == author)) {
      // Still wanted for a followed hashtag (an unfollow does not undo that).
      if (keep_tagged && ViaFollowedTag(ctx, *tags, *item.status)) continue;
      drop.push_back(item.status->id);
    }
  }
  feed->Remove(drop);
}

void TimelineService::OnUnfollow(Id follower_id, Id followed_id) {
  PruneAuthor(follower_id, followed_id, /*keep_tagged=*/true);
}

void TimelineService::OnBlock(Id account_id, Id target_id) {
  PruneAuthor(account_id, target_id, /*keep_tagged=*/false);
  PruneAuthor(target_id, account_id, /*keep_tagged=*/false);
}

void TimelineService::OnFollowTag(Id account_id, const std::string& tag) {
  auto feed = CachedHome(account_id);
  if (!feed) return;
  ViewerContext ctx = statuses_.Viewer(account_id);
  domain::TagSetPtr tags = graph_.FollowedTags(account_id);
  Page page;
  page.limit = static_cast<int>(config_.follow_merge_limit);
  const std::string tag_list[] = {tag};
  std::vector<Item> items = Hydrate(stores_.statuses->StatusesByTags(tag_list, TagQueryOf(page)));
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    if (!it->status || !domain::CanView(ctx, *it->status)) continue;
    if (ViaFollowedTag(ctx, *tags, *it->status)) PushToHome(*feed, *it->status);
  }
}

void TimelineService::OnUnfollowTag(Id account_id, const std::string& tag) {
  (void)tag;
  auto feed = CachedHome(account_id);
  if (!feed) return;
  ViewerContext ctx = statuses_.Viewer(account_id);
  domain::TagSetPtr tags = graph_.FollowedTags(account_id);  // without `tag` by now
  std::vector<Id> drop;
  for (const auto& item : Hydrate(feed->All())) {
    if (!item.status) continue;
    const Status& s = *item.status;
    if (s.account_id == account_id || ctx.Follows(s.account_id)) continue;
    if (!ViaFollowedTag(ctx, *tags, s)) drop.push_back(s.id);
  }
  feed->Remove(drop);
}

// --- store-backed timelines ---

TimelinePage TimelineService::Public(Id viewer, const PublicQuery& query, const Page& page) {
  if (query.only_media) return {};
  ViewerContext ctx = statuses_.Viewer(viewer);
  auto fetch = [&](const Page& p) {
    StatusQuery q;
    q.page = p;
    q.visibilities = {Visibility::kPublic};
    q.exclude_replies = true;
    q.exclude_reblogs = true;
    q.local_only = query.local;
    q.remote_only = query.remote && !query.local;
    return stores_.statuses->PublicStatuses(q);
  };
  auto keep = [&](const Item& item) {
    return domain::CanViewReblog(ctx, *item.status, item.original.get()) &&
           !domain::IsHiddenByMutes(ctx, *item.status, item.original.get());
  };
  return FillPage(page, fetch, keep);
}

TimelinePage TimelineService::Tag(Id viewer, const TagQuery& query, const Page& page) {
  if (query.only_media) return {};
  std::vector<std::string> tags;
  auto add = [&](const std::string& name) {
    std::string n = text::NormalizeTag(name);
    if (!n.empty() && std::find(tags.begin(), tags.end(), n) == tags.end()) tags.push_back(n);
  };
  std::string main = text::NormalizeTag(query.tag);
  if (main.empty()) return {};
  add(query.tag);
  for (const auto& t : query.any) {
    if (tags.size() >= 5) break;
    add(t);
  }
  std::vector<std::unordered_set<std::string>> all;
  for (const auto& t : query.all) {
    std::string n = text::NormalizeTag(t);
    if (!n.empty()) all.push_back({n});
  }
  std::unordered_set<std::string> none;
  for (const auto& t : query.none) {
    std::string n = text::NormalizeTag(t);
    if (!n.empty()) none.insert(n);
  }
  ViewerContext ctx = statuses_.Viewer(viewer);
  auto fetch = [&](const Page& p) {
    StatusQuery q;
    q.page = p;
    q.visibilities = {Visibility::kPublic};
    q.exclude_reblogs = true;
    q.local_only = query.local;
    q.remote_only = query.remote && !query.local;
    if (tags.size() == 1) return stores_.statuses->TagStatuses(tags[0], q);
    std::vector<std::vector<Id>> lists;
    for (const auto& t : tags) lists.push_back(stores_.statuses->TagStatuses(t, q));
    return MergePages(std::move(lists), p.min_id.has_value(), static_cast<size_t>(p.limit));
  };
  auto keep = [&](const Item& item) {
    const Status& s = *item.status;
    if (!domain::CanViewReblog(ctx, s, item.original.get()) ||
        domain::IsHiddenByMutes(ctx, s, item.original.get())) {
      return false;
    }
    for (const auto& required : all) {
      if (!HasTag(s, required)) return false;
    }
    return none.empty() || !HasTag(s, none);
  };
  return FillPage(page, fetch, keep);
}

Result<TimelinePage> TimelineService::List(Id owner, Id list_id, const Page& page) {
  if (stores_.lists == nullptr) return core::Error::NotFound();
  MAGPIE_ASSIGN_OR_RETURN(domain::List list, stores_.lists->Get(owner, list_id));
  std::vector<Id> members = stores_.lists->MemberIds(list_id);
  if (members.empty()) return TimelinePage{};
  std::unordered_set<Id> member_set(members.begin(), members.end());
  ViewerContext ctx = statuses_.Viewer(owner);
  auto fetch = [&](const Page& p) {
    StatusQuery q;
    q.page = p;
    return stores_.statuses->StatusesByAuthors(members, q);
  };
  auto keep = [&](const Item& item) {
    const Status& s = *item.status;
    if (!domain::CanViewReblog(ctx, s, item.original.get()) ||
        domain::IsHiddenByMutes(ctx, s, item.original.get())) {
      return false;
    }
    if (s.visibility == Visibility::kDirect && s.account_id != owner) return false;
    if (IsReplyToOther(s) && s.in_reply_to_account_id != owner) {
      switch (list.replies_policy) {
        case domain::RepliesPolicy::kFollowed:
          return ctx.Follows(s.in_reply_to_account_id);
        case domain::RepliesPolicy::kList:
          return member_set.count(s.in_reply_to_account_id) > 0;
        case domain::RepliesPolicy::kNone:
          return false;
      }
    }
    return true;
  };
  return FillPage(page, fetch, keep);
}

Result<TimelinePage> TimelineService::Account(Id viewer, Id account_id, const AccountQuery& query,
                                              const Page& page) {
  MAGPIE_ASSIGN_OR_RETURN(domain::Account account, statuses_.FindAccount(account_id));
  if (account.suspended) return core::Error::NotFound();
  ViewerContext ctx = statuses_.Viewer(viewer);
  if (viewer != account_id && ctx.Blocked(account_id)) return TimelinePage{};
  if (query.only_media) return TimelinePage{};
  std::vector<Visibility> visibilities;
  if (viewer == account_id) {
    // everything, direct included
  } else if (viewer != 0 && ctx.Follows(account_id)) {
    visibilities = {Visibility::kPublic, Visibility::kUnlisted, Visibility::kPrivate};
  } else {
    visibilities = {Visibility::kPublic, Visibility::kUnlisted};
  }
  auto visible = [&](const Item& item) {
    return domain::CanViewReblog(ctx, *item.status, item.original.get());
  };
  if (query.pinned) {
    // Pinned statuses are one short list; a cursor asks for more of it, and there is none.
    if (page.max_id || page.min_id || page.since_id) return TimelinePage{};
    TimelinePage out;
    for (auto& item : Hydrate(stores_.statuses->PinnedOf(account_id))) {
      if (out.statuses.size() >= static_cast<size_t>(page.limit)) break;
      if (!item.status || !visible(item)) continue;
      if (visibilities.empty() || std::find(visibilities.begin(), visibilities.end(),
                                            item.status->visibility) != visibilities.end()) {
        out.statuses.push_back(std::move(item.status));
        if (item.original) out.originals.push_back(std::move(item.original));
      }
    }
    return out;
  }
  std::unordered_set<std::string> tagged;
  if (!query.tagged.empty()) {
    std::string n = text::NormalizeTag(query.tagged);
    if (n.empty()) return TimelinePage{};
    tagged.insert(n);
  }
  const bool exclude_reblogs = query.exclude_reblogs || !tagged.empty();
  auto from_store = [&](const Page& p) {
    StatusQuery q;
    q.page = p;
    q.visibilities = visibilities;
    q.exclude_replies = query.exclude_replies;
    q.exclude_reblogs = exclude_reblogs;
    return stores_.statuses->AccountStatuses(account_id, q);
  };
  // The newest statuses come from memory (every visibility: `keep` applies the query's filters),
  // older ones from the store.
  std::shared_ptr<Feed> recent = AuthorFeed(account_id);
  const std::vector<std::shared_ptr<Feed>> sources{recent};
  const Id floor = recent->floor();
  auto fetch = [&](const Page& p) { return ReadFeedsThenStore(sources, floor, p, from_store); };
  std::vector<Id> dead;
  auto prepare = [&](const std::vector<Id>& ids, const std::vector<Item>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].status) dead.push_back(ids[i]);  // deleted while the feed was being built
    }
  };
  auto keep = [&](const Item& item) {
    const Status& s = *item.status;
    if (!visibilities.empty() &&
        std::find(visibilities.begin(), visibilities.end(), s.visibility) == visibilities.end()) {
      return false;
    }
    if (query.exclude_replies && s.in_reply_to_id != 0 &&
        s.in_reply_to_account_id != s.account_id) {
      return false;
    }
    if (exclude_reblogs && s.reblog_of_id != 0) return false;
    return visible(item) && (tagged.empty() || HasTag(s, tagged));
  };
  TimelinePage out = FillPage(page, fetch, keep, prepare);
  if (!dead.empty()) recent->Remove(dead);
  return out;
}

// --- housekeeping ---

TimelineService::Stats TimelineService::stats() const {
  Stats s;
  s.cached_homes = homes_.size();
  s.cached_authors = authors_.size();
  std::shared_lock lock(celebrities_mu_);
  s.celebrities = celebrities_.size();
  return s;
}

void TimelineService::Clear() {
  homes_.Clear();
  authors_.Clear();
  std::unique_lock lock(celebrities_mu_);
  celebrity_feeds_.clear();
}

}  // namespace magpie::timeline
