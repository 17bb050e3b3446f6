#include "timeline/feed_map.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <vector>

namespace magpie::timeline {
namespace {

TEST(FeedMapTest, UseCreatesOnceAndFindSeesIt) {
  FeedMap map(10, 1000);
  EXPECT_EQ(map.Find(42), nullptr);
  std::shared_ptr<Feed> feed = map.Use(42, 1);
  ASSERT_NE(feed, nullptr);
  EXPECT_EQ(map.Use(42, 2), feed);
  EXPECT_EQ(map.Find(42), feed);
  EXPECT_EQ(feed->last_read.load(), 2);
  EXPECT_EQ(map.Find(43), nullptr);
  EXPECT_EQ(map.size(), 1u);
  map.Clear();
  EXPECT_EQ(map.Find(42), nullptr);
  EXPECT_EQ(map.size(), 0u);
  EXPECT_NE(map.Use(42, 3), feed);  // a new, empty feed
}

// Many ids through growth and eviction, checked against a std::map model: whatever is kept is
// found with the feed it was given, and what was evicted is gone. Backward-shift deletion that
// left a hole in a probe run would lose ids still held here.
TEST(FeedMapTest, MatchesAModelThroughGrowthAndEviction) {
  constexpr size_t kMax = 64 * 40;
  FeedMap map(4, kMax);
  std::map<Id, std::weak_ptr<Feed>> given;
  std::mt19937_64 rng(7);
  int64_t now = 0;
  for (int round = 0; round < 20'000; ++round) {
    // Time-ordered ids like the real ones, plus a few reused to exercise hits.
    Id id = round % 5 == 0 && !given.empty()
                ? std::next(given.begin(), static_cast<long>(rng() % given.size()))->first
                : (static_cast<Id>(round) << 22) + static_cast<Id>(rng() % 4096) + 1;
    std::shared_ptr<Feed> feed = map.Use(id, ++now);
    if (auto it = given.find(id); it != given.end()) {
      if (auto old = it->second.lock()) {
        EXPECT_EQ(old, feed);
      }
    }
    given[id] = feed;
  }
  EXPECT_LE(map.size(), kMax + 64);
  EXPECT_GE(map.size(), kMax * 7 / 8 - 64);
  size_t found = 0;
  for (const auto& [id, weak] : given) {
    std::shared_ptr<Feed> in_map = map.Find(id);
    std::shared_ptr<Feed> held = weak.lock();
    if (in_map) {
      ++found;
      EXPECT_EQ(in_map, held) << id;
    } else {
      EXPECT_EQ(held, nullptr) << id << " evicted but still alive";
    }
  }
  EXPECT_EQ(found, map.size());
}

TEST(FeedMapTest, EvictsTheLeastRecentlyRead) {
  FeedMap map(4, 64 * 8);  // eight per shard
  std::vector<Id> ids;
  for (Id id = 1; id <= 64 * 8; ++id) {
    map.Use(id, id);
    ids.push_back(id);
  }
  // Read the first half again, so the second half is now the least recently read, then add
  // half as many new feeds again: evictions must take the second half first.
  int64_t now = 10'000;
  for (size_t i = 0; i < ids.size() / 2; ++i) map.Use(ids[i], ++now);
  for (Id id = 1'000; id < 1'000 + 64 * 4; ++id) map.Use(id, ++now);
  size_t stale_kept = 0;
  size_t recent_kept = 0;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (map.Find(ids[i]) == nullptr) continue;
    (i < ids.size() / 2 ? recent_kept : stale_kept) += 1;
  }
  // Shards are filled unevenly, so a few stale feeds survive in shards that never overflowed.
  EXPECT_GT(recent_kept, ids.size() / 4);
  EXPECT_LT(stale_kept * 4, recent_kept);
}

TEST(FeedMapTest, ForEachCachedVisitsOnlyFeedsInMemoryInOrder) {
  FeedMap map(4, 1000);
  for (Id id : {5, 9, 100, 7}) map.Use(id, 1);
  std::vector<Id> wanted{1, 5, 2, 100, 7, 3, 9, 9};
  std::vector<Id> seen;
  map.ForEachCached(wanted, [&](Id id, Feed& feed) {
    EXPECT_EQ(&feed, map.Find(id).get());
    seen.push_back(id);
  });
  EXPECT_EQ(seen, (std::vector<Id>{5, 100, 7, 9, 9}));
  map.ForEachCached(std::vector<Id>{}, [&](Id, Feed&) { ADD_FAILURE(); });
  // Longer than the prefetch distance, and from a set (the followers' type) rather than a vector.
  std::set<Id> many;
  for (Id id = 1; id <= 100; ++id) many.insert(id * 7);
  for (Id id : many) {
    if (id % 3 == 0) map.Use(id, 1);
  }
  std::vector<Id> cached;
  map.ForEachCached(many, [&](Id id, Feed&) { cached.push_back(id); });
  std::vector<Id> expected;
  for (Id id : many) {
    if (map.Find(id) != nullptr) expected.push_back(id);
  }
  EXPECT_EQ(cached, expected);
  EXPECT_EQ(cached.size(), 34u);  // 33 multiples of 21, and 7 from above
}

// Run under TSan (scripts/sanitize): lookups, creation, eviction and fan-out at once.
TEST(FeedMapTest, ConcurrentUseFindAndEviction) {
  FeedMap map(4, 64 * 16);
  std::atomic<size_t> wrong_ids{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<uint64_t>(t));
      for (int i = 0; i < 20'000; ++i) {
        const Id id = static_cast<Id>(rng() % 4000) + 1;
        std::shared_ptr<Feed> feed = map.Use(id, i);
        feed->Push({static_cast<Id>(i) + 1, 0});
        std::vector<Id> some{id, id + 1, id + 2};
        map.ForEachCached(some, [&](Id seen, Feed& found) {
          if (seen != id && seen != id + 1 && seen != id + 2) wrong_ids.fetch_add(1);
          found.Push({static_cast<Id>(i) + 1, 0});
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong_ids.load(), 0u);
  EXPECT_LE(map.size(), 64u * 16 + 64);
  EXPECT_GT(map.size(), 64u * 8);
}

}  // namespace
}  // namespace magpie::timeline
