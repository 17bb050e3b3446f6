#include "timeline/timeline_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "domain/status_test_world.h"

namespace magpie::timeline {
namespace {

using domain::StatusPtr;
using domain::Visibility;

TimelineConfig SmallConfig() {
  TimelineConfig c;
  c.celebrity_threshold = 3;
  return c;
}

class TimelineTest : public ::testing::Test {
 protected:
  explicit TimelineTest(TimelineConfig config = SmallConfig())
      : timelines(w.stores, w.statuses, w.clock, config) {
    w.bus.Subscribe(&timelines);
    alice = w.MakeAccount("alice");
    bob = w.MakeAccount("bob");
    carol = w.MakeAccount("carol");
  }

  std::vector<Id> Home(Id viewer, int limit = 40) {
    Page p;
    p.limit = limit;
    return timelines.Home(viewer, p).ids();
  }
  static bool Has(const std::vector<Id>& ids, Id id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }
  // A status written straight to the store: no event, so no fan-out.
  Id PostBehindTheBack(Id author, const std::string& text) {
    domain::Status s;
    w.clock.Advance(std::chrono::milliseconds(10));
    s.id = w.ids.Next();
    s.account_id = author;
    s.text = text;
    s.conversation_id = s.id;
    s.created_at = w.clock.NowMillis();
    EXPECT_TRUE(w.status_store.Create(s, {}, "").ok());
    return s.id;
  }

  domain::testing::StatusWorld w;
  TimelineService timelines;
  Id alice = 0, bob = 0, carol = 0;
};

TEST_F(TimelineTest, HomeIsBuiltFromStoreThenFedByPushes) {
  w.Follow(alice, bob);
  auto before = w.Post(bob, "before alice ever read");
  auto own = w.Post(alice, "my own");
  auto home = Home(alice);
  EXPECT_EQ(home, (std::vector<Id>{own->id, before->id}));
  EXPECT_EQ(timelines.stats().cached_homes, 1u);

  // Cached now: statuses that bypass the events do not appear, pushed ones do.
  Id hidden = PostBehindTheBack(bob, "no event");
  auto pushed = w.Post(bob, "pushed");
  home = Home(alice);
  EXPECT_TRUE(Has(home, pushed->id));
  EXPECT_FALSE(Has(home, hidden));
  EXPECT_EQ(home.front(), pushed->id);
}

TEST_F(TimelineTest, StrangersAndAnonymousGetNothing) {
  auto s = w.Post(bob, "hello");
  EXPECT_FALSE(Has(Home(alice), s->id));
  EXPECT_TRUE(timelines.Home(0, Page{}).ids().empty());
}

TEST_F(TimelineTest, CelebritiesAreMergedAtReadTime) {
  Id celeb = w.MakeAccount("celeb");
  Id d = w.MakeAccount("dave");
  w.Follow(alice, celeb);
  w.Follow(bob, celeb);
  w.Follow(d, celeb);                // three followers: at the threshold
  EXPECT_TRUE(Home(alice).empty());  // alice's feed is cached now
  auto post = w.Post(celeb, "to my many fans");
  EXPECT_TRUE(timelines.IsCelebrity(celeb));
  // Nothing was pushed into alice's feed, yet her home shows it.
  Id hidden = PostBehindTheBack(celeb, "also found by the merge");
  auto home = Home(alice);
  EXPECT_TRUE(Has(home, post->id));
  EXPECT_TRUE(Has(home, hidden));  // the celebrity feed was built from the store on first read
  auto later = w.Post(celeb, "later");
  home = Home(alice);
  EXPECT_EQ(home.front(), later->id);
  EXPECT_TRUE(Has(Home(bob), later->id));
  EXPECT_FALSE(Has(Home(carol), later->id));  // not a follower
  // Merged posts are filtered like pushed ones: a private post reaches followers only.
  auto priv = w.Post(celeb, "fans only", Visibility::kPrivate);
  EXPECT_TRUE(Has(Home(alice), priv->id));
  w.Unfollow(alice, celeb);
  EXPECT_FALSE(Has(Home(alice), later->id));
}

TEST_F(TimelineTest, RepliesShowOnlyWhenTheReaderFollowsBothSides) {
  w.Follow(alice, bob);
  Home(alice);
  auto carol_post = w.Post(carol, "carol says");
  auto to_carol = w.Post(bob, "@carol replying", Visibility::kPublic, carol_post->id);
  auto alice_post = w.Post(alice, "alice says");
  auto to_alice = w.Post(bob, "replying to alice", Visibility::kPublic, alice_post->id);
  auto bob_post = w.Post(bob, "thread start");
  auto self_reply = w.Post(bob, "thread continues", Visibility::kPublic, bob_post->id);
  auto home = Home(alice);
  EXPECT_FALSE(Has(home, to_carol->id));
  EXPECT_TRUE(Has(home, to_alice->id));
  EXPECT_TRUE(Has(home, self_reply->id));
  // Following carol too makes the reply to her appear (on a rebuilt feed and on new pushes).
  w.Follow(alice, carol);
  auto again = w.Post(bob, "@carol again", Visibility::kPublic, carol_post->id);
  home = Home(alice);
  EXPECT_TRUE(Has(home, again->id));
  timelines.Clear();
  EXPECT_TRUE(Has(Home(alice), to_carol->id));
}

TEST_F(TimelineTest, ReblogsAreDeduplicatedAndHonourShowReblogs) {
  Id dave = w.MakeAccount("dave");
  w.Follow(alice, bob);
  w.Follow(alice, carol);
  w.Follow(alice, dave, /*show_reblogs=*/false);
  Home(alice);
  auto original = w.Post(bob, "original");
  auto reblog = w.statuses.Reblog(carol, original->id, std::nullopt);
  ASSERT_TRUE(reblog.ok());
  auto home = Home(alice);
  EXPECT_TRUE(Has(home, original->id));
  EXPECT_FALSE(Has(home, (*reblog)->id));  // already showing the original

  Id elsewhere = w.MakeAccount("elsewhere");
  auto other = w.Post(elsewhere, "from someone alice does not follow");
  auto carol_reblog = w.statuses.Reblog(carol, other->id, std::nullopt);
  auto dave_reblog = w.statuses.Reblog(dave, other->id, std::nullopt);
  home = Home(alice);
  EXPECT_TRUE(Has(home, (*carol_reblog)->id));
  EXPECT_FALSE(Has(home, (*dave_reblog)->id));

  auto another = w.Post(elsewhere, "another");
  auto only_dave = w.statuses.Reblog(dave, another->id, std::nullopt);
  EXPECT_FALSE(Has(Home(alice), (*only_dave)->id));  // dave's reblogs are hidden
  // Turning his reblogs back on (a follow update) shows them.
  w.Follow(alice, dave, /*show_reblogs=*/true);
  EXPECT_TRUE(Has(Home(alice), (*only_dave)->id));
}

TEST_F(TimelineTest, UnfollowBlockMuteAndDeleteRemove) {
  Id dave = w.MakeAccount("dave");
  w.Follow(alice, bob);
  w.Follow(alice, carol);
  w.Follow(alice, dave);
  Home(alice);
  auto b = w.Post(bob, "bob");
  auto c = w.Post(carol, "carol");
  auto d = w.Post(dave, "dave");
  auto gone = w.Post(dave, "to be deleted");
  auto home = Home(alice);
  EXPECT_EQ(home.size(), 4u);
  w.Unfollow(alice, bob);
  EXPECT_FALSE(Has(Home(alice), b->id));
  w.Block(alice, carol);
  EXPECT_FALSE(Has(Home(alice), c->id));
  ASSERT_TRUE(w.statuses.Delete(dave, gone->id).ok());
  EXPECT_FALSE(Has(Home(alice), gone->id));
  w.Mute(alice, dave);
  EXPECT_FALSE(Has(Home(alice), d->id));
  // Blocked by the author works too (the block is the other way round).
  Id eve = w.MakeAccount("eve");
  w.Follow(alice, eve);
  auto e = w.Post(eve, "eve");
  EXPECT_TRUE(Has(Home(alice), e->id));
  w.Block(eve, alice);
  EXPECT_FALSE(Has(Home(alice), e->id));
}

TEST_F(TimelineTest, PrivateAndDirectStatusesReachTheRightReaders) {
  w.Follow(alice, bob);
  w.Follow(carol, bob);
  Home(alice);
  Home(carol);
  auto priv = w.Post(bob, "followers only", Visibility::kPrivate);
  auto dm = w.Post(bob, "@alice secret", Visibility::kDirect);
  EXPECT_TRUE(Has(Home(alice), priv->id));
  EXPECT_TRUE(Has(Home(carol), priv->id));
  EXPECT_TRUE(Has(Home(alice), dm->id));
  EXPECT_FALSE(Has(Home(carol), dm->id));
  // The same after a rebuild from the store.
  timelines.Clear();
  EXPECT_TRUE(Has(Home(alice), dm->id));
  EXPECT_FALSE(Has(Home(carol), dm->id));
  EXPECT_TRUE(Has(Home(carol), priv->id));
}

class PagingTest : public TimelineTest {
 protected:
  PagingTest() : TimelineTest(Capacity(8)) {}
  static TimelineConfig Capacity(size_t n) {
    TimelineConfig c = SmallConfig();
    c.home_capacity = n;
    c.home_build_size = n;
    return c;
  }
};

// Every id of `viewer`'s home timeline, walked down page by page with max_id.
std::vector<Id> WalkHomeDown(TimelineService& timelines, Id viewer, int page_size) {
  std::vector<Id> seen;
  Page p;
  p.limit = page_size;
  for (int guard = 0; guard < 100; ++guard) {
    auto page = timelines.Home(viewer, p).ids();
    if (page.empty()) break;
    seen.insert(seen.end(), page.begin(), page.end());
    p.max_id = page.back();
  }
  return seen;
}

class PartialBuildTest : public TimelineTest {
 protected:
  PartialBuildTest() : TimelineTest(Config()) {}
  static TimelineConfig Config() {
    TimelineConfig c = SmallConfig();
    c.home_capacity = 8;
    c.home_build_size = 3;
    return c;
  }
};

TEST_F(PartialBuildTest, AFeedBuiltSmallGrowsWithPushesAndPagesThroughTheStore) {
  w.Follow(alice, bob);
  std::vector<Id> ids;  // oldest first
  for (int i = 0; i < 6; ++i) ids.push_back(w.Post(bob, "old " + std::to_string(i))->id);
  Page first;
  first.limit = 2;
  EXPECT_EQ(timelines.Home(alice, first).ids(), (std::vector<Id>{ids[5], ids[4]}));  // built with 3
  for (int i = 0; i < 4; ++i) ids.push_back(w.Post(bob, "new " + std::to_string(i))->id);
  std::vector<Id> newest_first(ids.rbegin(), ids.rend());
  Page all;
  all.limit = 40;
  EXPECT_EQ(timelines.Home(alice, all).ids(), newest_first);  // memory, then the store below it
  EXPECT_EQ(WalkHomeDown(timelines, alice, 3), newest_first);
}

TEST_F(PagingTest, MaxSinceAndMinIdAcrossMemoryAndStore) {
  w.Follow(alice, bob);
  std::vector<Id> ids;  // oldest first
  for (int i = 0; i < 10; ++i) ids.push_back(w.Post(bob, "old " + std::to_string(i))->id);
  Home(alice);  // built with the newest 8 only
  for (int i = 0; i < 10; ++i) ids.push_back(w.Post(bob, "new " + std::to_string(i))->id);
  std::vector<Id> newest_first(ids.rbegin(), ids.rend());

  // Walking down with max_id reaches every status, from memory and then from the store.
  EXPECT_EQ(WalkHomeDown(timelines, alice, 3), newest_first);

  // since_id: the newest page above the cursor; min_id: the page right after it.
  Page since;
  since.since_id = ids[2];
  since.limit = 4;
  EXPECT_EQ(timelines.Home(alice, since).ids(),
            (std::vector<Id>{ids[19], ids[18], ids[17], ids[16]}));
  Page min;
  min.min_id = ids[2];
  min.limit = 4;
  EXPECT_EQ(timelines.Home(alice, min).ids(), (std::vector<Id>{ids[6], ids[5], ids[4], ids[3]}));
  min.min_id = ids[15];
  EXPECT_EQ(timelines.Home(alice, min).ids(),
            (std::vector<Id>{ids[19], ids[18], ids[17], ids[16]}));
  Page both;
  both.max_id = ids[10];
  both.since_id = ids[7];
  EXPECT_EQ(timelines.Home(alice, both).ids(), (std::vector<Id>{ids[9], ids[8]}));
}

TEST_F(PagingTest, OlderStatusesBelowAFullyFilteredBuildAreStillFound) {
  w.Follow(alice, bob);
  auto old = w.Post(bob, "an old post alice should see");
  auto other = w.Post(carol, "carol");
  // Eight newer replies to someone alice does not follow: the build reads them all, keeps none.
  for (int i = 0; i < 8; ++i) w.Post(bob, "@carol reply", Visibility::kPublic, other->id);
  EXPECT_EQ(Home(alice), std::vector<Id>{old->id});
}

// --- followed hashtags ---

class FollowedTagTest : public TimelineTest {
 protected:
  void FollowTag(Id account, const std::string& tag) {
    ASSERT_TRUE(w.graph.FollowTag(account, tag, tag).ok());
  }
  void UnfollowTag(Id account, const std::string& tag) {
    ASSERT_TRUE(w.graph.UnfollowTag(account, tag).ok());
  }
};

TEST_F(FollowedTagTest, PublicPostsWithAFollowedTagReachHome) {
  FollowTag(alice, "magpie");
  auto built = w.Post(carol, "before alice read #Magpie");
  auto home = Home(alice);
  EXPECT_TRUE(Has(home, built->id)) << "a build merges the followed tags' statuses";

  // Cached now: pushes reach it.
  auto pushed = w.Post(carol, "pushed #magpie");
  auto untagged = w.Post(carol, "no tag here");
  auto other_tag = w.Post(carol, "#otter");
  auto priv = w.Post(carol, "followers only #magpie", Visibility::kPrivate);
  auto unlisted = w.Post(carol, "unlisted #magpie", Visibility::kUnlisted);
  auto bobs = w.Post(bob, "bob's");
  auto reply_to_stranger = w.Post(carol, "@bob #magpie", Visibility::kPublic, bobs->id);
  auto reply_to_alice_root = w.Post(alice, "mine");
  auto reply_to_alice =
      w.Post(carol, "@alice #magpie", Visibility::kPublic, reply_to_alice_root->id);
  auto check = [&](const std::vector<Id>& h) {
    EXPECT_TRUE(Has(h, built->id));
    EXPECT_TRUE(Has(h, pushed->id));
    EXPECT_TRUE(Has(h, reply_to_alice->id));
    EXPECT_FALSE(Has(h, untagged->id));
    EXPECT_FALSE(Has(h, other_tag->id));
    EXPECT_FALSE(Has(h, priv->id));
    EXPECT_FALSE(Has(h, unlisted->id));
    EXPECT_FALSE(Has(h, reply_to_stranger->id));
    EXPECT_FALSE(Has(h, bobs->id));
  };
  check(Home(alice));
  timelines.Clear();  // the same from a fresh build
  check(Home(alice));

  // Mutes and blocks win over the tag.
  w.Mute(alice, carol);
  EXPECT_FALSE(Has(Home(alice), pushed->id));
  w.Block(carol, alice);
  auto after_block = w.Post(carol, "after the block #magpie");
  EXPECT_FALSE(Has(Home(alice), after_block->id));
}

TEST_F(FollowedTagTest, FollowingAndUnfollowingATagUpdatesACachedHome) {
  auto tagged = w.Post(carol, "#Weibo 话题 #春节 快乐#");
  auto home = Home(alice);  // cached, without the tag
  EXPECT_FALSE(Has(home, tagged->id));
  FollowTag(alice, "春节 快乐");
  EXPECT_TRUE(Has(Home(alice), tagged->id)) << "following merges the tag's recent statuses";
  UnfollowTag(alice, "春节 快乐");
  EXPECT_FALSE(Has(Home(alice), tagged->id));
  timelines.Clear();
  EXPECT_FALSE(Has(Home(alice), tagged->id));
}

TEST_F(FollowedTagTest, UnfollowingAnAuthorKeepsWhatATagStillBrings) {
  w.Follow(alice, bob);
  FollowTag(alice, "magpie");
  Home(alice);
  auto tagged = w.Post(bob, "#magpie news");
  auto plain = w.Post(bob, "plain news");
  EXPECT_TRUE(Has(Home(alice), tagged->id));
  EXPECT_TRUE(Has(Home(alice), plain->id));
  w.Unfollow(alice, bob);
  auto home = Home(alice);
  EXPECT_TRUE(Has(home, tagged->id));
  EXPECT_FALSE(Has(home, plain->id));
}

TEST_F(FollowedTagTest, TagPostsOfCelebritiesReachTagFollowers) {
  // carol has enough followers to be a celebrity (threshold 3): she is never pushed to her
  // followers, but a tag follower who does not follow her still gets her tagged posts.
  Id d = w.MakeAccount("dave"), e = w.MakeAccount("erin"), f = w.MakeAccount("frank");
  for (Id x : {d, e, f}) w.Follow(x, carol);
  FollowTag(alice, "magpie");
  Home(alice);
  auto post = w.Post(carol, "#magpie from a celebrity");
  EXPECT_TRUE(timelines.IsCelebrity(carol));
  EXPECT_TRUE(Has(Home(alice), post->id));
  EXPECT_TRUE(Has(Home(d), post->id));
}

TEST_F(PagingTest, FollowedTagStatusesPageBelowTheFloor) {
  ASSERT_TRUE(w.graph.FollowTag(alice, "magpie", "magpie").ok());
  std::vector<Id> ids;  // oldest first
  for (int i = 0; i < 12; ++i) ids.push_back(w.Post(carol, "#magpie " + std::to_string(i))->id);
  std::vector<Id> newest_first(ids.rbegin(), ids.rend());
  std::vector<Id> seen;
  Page p;
  p.limit = 5;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = timelines.Home(alice, p).ids();
    if (page.empty()) break;
    seen.insert(seen.end(), page.begin(), page.end());
    p.max_id = page.back();
  }
  EXPECT_EQ(seen, newest_first);
  Page min;
  min.min_id = ids[1];
  min.limit = 3;
  EXPECT_EQ(timelines.Home(alice, min).ids(), (std::vector<Id>{ids[4], ids[3], ids[2]}));
}

TEST_F(TimelineTest, PublicTimeline) {
  w.Follow(alice, bob);
  auto pub = w.Post(bob, "public");
  auto unlisted = w.Post(bob, "unlisted", Visibility::kUnlisted);
  auto priv = w.Post(bob, "private", Visibility::kPrivate);
  auto reply = w.Post(carol, "a reply", Visibility::kPublic, pub->id);
  auto reblog = w.statuses.Reblog(carol, pub->id, std::nullopt);
  auto ids = timelines.Public(alice, PublicQuery{}, Page{}).ids();
  EXPECT_EQ(ids, std::vector<Id>{pub->id});
  (void)unlisted;
  (void)priv;
  (void)reply;
  (void)reblog;
  PublicQuery remote;
  remote.remote = true;
  EXPECT_TRUE(timelines.Public(0, remote, Page{}).ids().empty());
  PublicQuery local;
  local.local = true;
  EXPECT_EQ(timelines.Public(0, local, Page{}).ids(), std::vector<Id>{pub->id});
  PublicQuery media;
  media.only_media = true;
  EXPECT_TRUE(timelines.Public(0, media, Page{}).ids().empty());
  w.Block(alice, bob);
  EXPECT_TRUE(timelines.Public(alice, PublicQuery{}, Page{}).ids().empty());
}

TEST_F(TimelineTest, TagTimeline) {
  auto a = w.Post(bob, "#Magpie news");
  auto b = w.Post(carol, "more #magpie and #birds");
  auto c = w.Post(carol, "only #birds");
  auto weibo = w.Post(bob, "#春节 快乐# 大家好");
  auto hidden = w.Post(bob, "#magpie secret", Visibility::kPrivate);
  (void)hidden;
  TagQuery q;
  q.tag = "MAGPIE";
  EXPECT_EQ(timelines.Tag(0, q, Page{}).ids(), (std::vector<Id>{b->id, a->id}));
  q.any = {"birds"};
  EXPECT_EQ(timelines.Tag(0, q, Page{}).ids(), (std::vector<Id>{c->id, b->id, a->id}));
  q.any.clear();
  q.all = {"birds"};
  EXPECT_EQ(timelines.Tag(0, q, Page{}).ids(), std::vector<Id>{b->id});
  q.all.clear();
  q.none = {"birds"};
  EXPECT_EQ(timelines.Tag(0, q, Page{}).ids(), std::vector<Id>{a->id});
  TagQuery w_tag;
  w_tag.tag = "春节 快乐";
  EXPECT_EQ(timelines.Tag(0, w_tag, Page{}).ids(), std::vector<Id>{weibo->id});
  TagQuery empty;
  empty.tag = "!!!";
  EXPECT_TRUE(timelines.Tag(0, empty, Page{}).ids().empty());
}

TEST_F(TimelineTest, AccountTimelineByViewer) {
  w.Follow(carol, alice);
  auto pub = w.Post(alice, "public #news");
  auto unlisted = w.Post(alice, "unlisted", Visibility::kUnlisted);
  auto priv = w.Post(alice, "private", Visibility::kPrivate);
  auto dm = w.Post(alice, "@bob dm", Visibility::kDirect);
  auto reply = w.Post(alice, "reply", Visibility::kPublic, w.Post(bob, "bob")->id);
  auto reblog = *w.statuses.Reblog(alice, w.Post(bob, "bob 2")->id, std::nullopt);

  auto get = [&](Id viewer, AccountQuery q = {}) {
    auto r = timelines.Account(viewer, alice, q, Page{});
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->ids() : std::vector<Id>{};
  };
  auto anon = get(0);
  EXPECT_EQ(anon, (std::vector<Id>{reblog->id, reply->id, unlisted->id, pub->id}));
  EXPECT_EQ(get(bob), anon);  // mentioned in the DM, but DMs stay out of profiles
  auto follower = get(carol);
  EXPECT_TRUE(Has(follower, priv->id));
  EXPECT_FALSE(Has(follower, dm->id));
  auto own = get(alice);
  EXPECT_TRUE(Has(own, dm->id));
  EXPECT_TRUE(Has(own, priv->id));

  AccountQuery no_replies;
  no_replies.exclude_replies = true;
  EXPECT_FALSE(Has(get(0, no_replies), reply->id));
  AccountQuery no_reblogs;
  no_reblogs.exclude_reblogs = true;
  EXPECT_FALSE(Has(get(0, no_reblogs), reblog->id));
  AccountQuery tagged;
  tagged.tagged = "NEWS";
  EXPECT_EQ(get(0, tagged), std::vector<Id>{pub->id});

  ASSERT_TRUE(w.statuses.Pin(alice, pub->id).ok());
  ASSERT_TRUE(w.statuses.Pin(alice, priv->id).ok());
  AccountQuery pinned;
  pinned.pinned = true;
  EXPECT_EQ(get(0, pinned), std::vector<Id>{pub->id});
  EXPECT_EQ(get(carol, pinned).size(), 2u);

  w.Block(alice, bob);
  EXPECT_TRUE(get(bob).empty());
  EXPECT_EQ(timelines.Account(0, 987654321, {}, Page{}).error().code, core::ErrorCode::kNotFound);
}

class AuthorFeedTest : public TimelineTest {
 protected:
  AuthorFeedTest() : TimelineTest(Config()) {}
  static TimelineConfig Config() {
    TimelineConfig c = SmallConfig();
    c.celebrity_threshold = 1'000;
    c.author_capacity = 4;
    return c;
  }
  std::vector<Id> Profile(Id viewer, Page page = {}, AccountQuery q = {}) {
    auto r = timelines.Account(viewer, alice, q, page);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r->ids() : std::vector<Id>{};
  }
};

TEST_F(AuthorFeedTest, RecentStatusesAreKeptInMemoryAndFollowPostsAndDeletes) {
  auto first = w.Post(alice, "first");
  EXPECT_EQ(Profile(0), std::vector<Id>{first->id});
  EXPECT_EQ(timelines.stats().cached_authors, 1u);

  // In memory now: statuses that bypass the events do not appear, posted ones do.
  Id hidden = PostBehindTheBack(alice, "no event");
  auto second = w.Post(alice, "second");
  auto priv = w.Post(alice, "followers only", Visibility::kPrivate);
  EXPECT_EQ(Profile(0), (std::vector<Id>{second->id, first->id}));
  EXPECT_EQ(Profile(alice), (std::vector<Id>{priv->id, second->id, first->id}));
  EXPECT_FALSE(Has(Profile(alice), hidden));

  ASSERT_TRUE(w.statuses.Delete(alice, second->id).ok());
  EXPECT_EQ(Profile(0), std::vector<Id>{first->id});
}

TEST_F(AuthorFeedTest, PagesBelowWhatMemoryHoldsComeFromTheStore) {
  w.Follow(carol, alice);
  std::vector<Id> everything;  // newest first, as alice sees it
  std::vector<Id> public_only;
  for (int i = 0; i < 11; ++i) {
    const Visibility v = i % 3 == 0 ? Visibility::kPrivate : Visibility::kPublic;
    Id id = w.Post(alice, "post " + std::to_string(i), v)->id;
    everything.insert(everything.begin(), id);
    if (v == Visibility::kPublic) public_only.insert(public_only.begin(), id);
  }
  Page all;
  all.limit = 40;
  EXPECT_EQ(Profile(alice, all), everything);  // 4 from memory, 7 from the store
  EXPECT_EQ(Profile(0, all), public_only);
  EXPECT_EQ(Profile(carol, all), everything);
  for (int i = 0; i < 3; ++i) {
    Id id = w.Post(alice, "later " + std::to_string(i))->id;
    everything.insert(everything.begin(), id);
    public_only.insert(public_only.begin(), id);
  }
  // Walking down three at a time, and back up with min_id.
  std::vector<Id> walked;
  Page p;
  p.limit = 3;
  while (true) {
    std::vector<Id> page = Profile(0, p);
    if (page.empty()) break;
    walked.insert(walked.end(), page.begin(), page.end());
    p.max_id = page.back();
  }
  EXPECT_EQ(walked, public_only);
  Page up;
  up.limit = 3;
  up.min_id = public_only.back();
  // The three right above min_id, newest first as every page is.
  EXPECT_EQ(Profile(0, up), (std::vector<Id>{public_only[public_only.size() - 4],
                                             public_only[public_only.size() - 3],
                                             public_only[public_only.size() - 2]}));
  Page since;
  since.limit = 40;
  since.since_id = public_only[5];
  EXPECT_EQ(Profile(0, since), std::vector<Id>(public_only.begin(), public_only.begin() + 5));
}

TEST_F(TimelineTest, ListTimeline) {
  Id dave = w.MakeAccount("dave");
  w.Follow(alice, bob);
  w.Follow(alice, carol);
  domain::List list;
  list.id = w.ids.Next();
  list.account_id = alice;
  list.title = "friends";
  list.replies_policy = domain::RepliesPolicy::kList;
  ASSERT_TRUE(w.list_store.Create(list).ok());
  Id members[] = {bob};
  ASSERT_TRUE(w.list_store.AddMembers(list.id, members).ok());
  auto b = w.Post(bob, "bob in list");
  auto c = w.Post(carol, "carol not in list");
  auto to_dave = w.Post(bob, "@dave hi", Visibility::kPublic, w.Post(dave, "dave")->id);
  auto to_bob = w.Post(bob, "self", Visibility::kPublic, b->id);
  auto ids = timelines.List(alice, list.id, Page{});
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(ids->ids(), (std::vector<Id>{to_bob->id, b->id}));
  (void)c;
  (void)to_dave;
  EXPECT_EQ(timelines.List(bob, list.id, Page{}).error().code, core::ErrorCode::kNotFound);
}

TEST_F(TimelineTest, EvictsIdleHomeFeeds) {
  TimelineConfig c = SmallConfig();
  c.max_cached_homes = 64;  // one per shard
  TimelineService small(w.stores, w.statuses, w.clock, c);
  for (int i = 0; i < 300; ++i) {
    Id a = w.MakeAccount("user" + std::to_string(i));
    small.Home(a, Page{}).ids();
  }
  EXPECT_LE(small.stats().cached_homes, 64u * 2);
}

}  // namespace
}  // namespace magpie::timeline

namespace magpie::timeline {
namespace {

// Posting, reading and following from several threads at once; afterwards every reader's home
// holds exactly what a rebuild from the store holds.
TEST(TimelineConcurrencyTest, PushesReadsAndFollowsRace) {
  domain::testing::StatusWorld w;
  TimelineConfig config;
  config.celebrity_threshold = 6;  // some authors cross it during the run
  TimelineService timelines(w.stores, w.statuses, w.clock, config);
  w.bus.Subscribe(&timelines);
  std::vector<Id> authors, readers;
  for (int i = 0; i < 4; ++i) authors.push_back(w.MakeAccount("author" + std::to_string(i)));
  for (int i = 0; i < 8; ++i) readers.push_back(w.MakeAccount("reader" + std::to_string(i)));
  for (Id r : readers) w.Follow(r, authors[0]);

  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (size_t a = 0; a < authors.size(); ++a) {
    threads.emplace_back([&, a] {
      for (int i = 0; i < 40; ++i) {
        domain::PostRequest r;
        r.text = "post " + std::to_string(i);
        EXPECT_TRUE(w.statuses.Create(authors[a], r).ok());
      }
    });
  }
  for (size_t k = 0; k < readers.size(); ++k) {
    threads.emplace_back([&, k] {
      while (!stop.load()) {
        Page p;
        p.limit = 20;
        timelines.Home(readers[k], p).ids();
      }
    });
  }
  threads.emplace_back([&] {
    for (size_t k = 0; k < readers.size(); ++k) {
      for (size_t a = 1; a < authors.size(); ++a) {
        domain::Follow f;
        f.id = w.ids.Next();
        f.account_id = readers[k];
        f.target_account_id = authors[a];
        EXPECT_TRUE(w.graph.Follow(f).ok());
      }
    }
  });
  for (size_t i = 0; i < authors.size(); ++i) threads[i].join();
  threads.back().join();
  stop = true;
  for (size_t i = authors.size(); i + 1 < threads.size(); ++i) threads[i].join();

  for (Id r : readers) {
    Page p;
    p.limit = 40;
    std::vector<Id> live = timelines.Home(r, p).ids();
    TimelineService fresh(w.stores, w.statuses, w.clock, config);
    std::vector<Id> rebuilt = fresh.Home(r, p).ids();
    EXPECT_EQ(live, rebuilt) << "reader " << r;
    EXPECT_EQ(live.size(), 40u);
  }
}

}  // namespace
}  // namespace magpie::timeline
