#include "timeline/feed.h"

#include <gtest/gtest.h>

namespace magpie::timeline {
namespace {

TEST(FeedTest, PushKeepsOrderAndTrimsMovingTheFloor) {
  Feed f(4);
  EXPECT_TRUE(f.Push({10, 0}));
  EXPECT_TRUE(f.Push({30, 0}));
  EXPECT_TRUE(f.Push({20, 0}));   // out of order
  EXPECT_FALSE(f.Push({20, 0}));  // duplicate
  EXPECT_EQ(f.All(), (std::vector<Id>{30, 20, 10}));
  EXPECT_EQ(f.floor(), 0);
  for (Id id = 40; id <= 70; id += 10) f.Push({id, 0});
  // 7 entries > 4 + 1 + 1: trimmed to the newest 4.
  EXPECT_EQ(f.All(), (std::vector<Id>{70, 60, 50, 40}));
  EXPECT_EQ(f.floor(), 40);
  EXPECT_FALSE(f.Push({35, 0}));  // below the floor: the feed is not complete there
}

TEST(FeedTest, ReadRanges) {
  Feed f(100);
  std::vector<FeedEntry> entries;
  for (Id id = 10; id >= 1; --id) entries.push_back({id, 0});
  f.Reset(entries, /*floor=*/1);  // ids 1..10, more exist below 1
  EXPECT_EQ(f.floor(), 1);
  FeedRange r;
  r.limit = 3;
  EXPECT_EQ(f.Read(r), (std::vector<Id>{10, 9, 8}));
  r.below = 8;
  EXPECT_EQ(f.Read(r), (std::vector<Id>{7, 6, 5}));
  r.below = 0;
  r.above = 4;
  r.ascending = true;
  EXPECT_EQ(f.Read(r), (std::vector<Id>{7, 6, 5}));
  r.ascending = false;
  r.limit = 100;
  EXPECT_EQ(f.Read(r), (std::vector<Id>{10, 9, 8, 7, 6, 5}));
  r.above = 0;
  r.below = 3;
  EXPECT_EQ(f.Read(r), (std::vector<Id>{2, 1}));
}

TEST(FeedTest, ResetMergesConcurrentPushes) {
  Feed f(10);
  f.Push({50, 0});  // arrived while the store was being read
  f.Reset({{40, 0}, {30, 0}}, /*floor=*/0);
  EXPECT_EQ(f.All(), (std::vector<Id>{50, 40, 30}));
  EXPECT_EQ(f.floor(), 0);
}

TEST(FeedTest, FloorComesFromWhatWasReadNotWhatWasKept) {
  Feed f(10);
  f.Reset({}, /*floor=*/500);  // a full store page, every entry filtered out
  EXPECT_EQ(f.floor(), 500);
  FeedRange r;
  EXPECT_TRUE(f.Read(r).empty());
  EXPECT_FALSE(f.Push({400, 0}));
  EXPECT_TRUE(f.Push({600, 0}));
}

TEST(FeedTest, HasRecentSeesOriginalsAndReblogsInTheWindow) {
  Feed f(100);
  f.Push({5, 0});
  f.Push({6, 100});  // a reblog of 100
  for (Id id = 7; id < 12; ++id) f.Push({id, 0});
  EXPECT_TRUE(f.HasRecent(5, 10));
  EXPECT_TRUE(f.HasRecent(100, 10));
  EXPECT_FALSE(f.HasRecent(100, 3));  // the reblog is older than the newest three
  EXPECT_FALSE(f.HasRecent(5, 3));
  f.Remove(std::vector<Id>{6});
  EXPECT_FALSE(f.HasRecent(100, 10));
}

TEST(FeedTest, ReblogPreferences) {
  Feed f(10);
  EXPECT_FALSE(f.ShowsReblogsOf(7).has_value());
  f.SetShowsReblogsOf(7, false);
  EXPECT_EQ(f.ShowsReblogsOf(7), false);
  f.ForgetReblogPreference(7);
  EXPECT_FALSE(f.ShowsReblogsOf(7).has_value());
}

}  // namespace
}  // namespace magpie::timeline
