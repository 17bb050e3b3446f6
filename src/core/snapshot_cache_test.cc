#include "core/snapshot_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

namespace magpie::core {
namespace {

using Cache = SnapshotCache<int>;

Cache::Ptr Value(int v) { return std::make_shared<const int>(v); }

bool Has(Cache& cache, int64_t id, Cache::Ptr* out = nullptr) {
  Cache::Ptr found;
  Cache::Ticket ticket;
  const bool hit = cache.Find(id, found, ticket);
  if (out != nullptr) *out = found;
  return hit;
}

TEST(SnapshotCacheTest, AFillStartedBeforeAnInvalidationIsDropped) {
  Cache cache(1000);
  Cache::Ptr out;
  Cache::Ticket ticket;
  ASSERT_FALSE(cache.Find(7, out, ticket));
  cache.Invalidate(7);  // a write committed while the reader was reading the store
  EXPECT_FALSE(cache.Fill(7, Value(1), ticket));
  EXPECT_FALSE(cache.Find(7, out, ticket));
  EXPECT_TRUE(cache.Fill(7, Value(2), ticket));
  ASSERT_TRUE(Has(cache, 7, &out));
  EXPECT_EQ(*out, 2);
}

TEST(SnapshotCacheTest, APutOrUpdateAlsoVoidsTicketsTakenBeforeIt) {
  Cache cache(1000);
  Cache::Ptr out;
  Cache::Ticket ticket;
  ASSERT_FALSE(cache.Find(7, out, ticket));
  cache.Put(7, Value(3));
  EXPECT_FALSE(cache.Fill(7, Value(1), ticket));  // would have replaced the newer snapshot
  ASSERT_TRUE(Has(cache, 7, &out));
  EXPECT_EQ(*out, 3);

  cache.Invalidate(8);
  ASSERT_FALSE(cache.Find(8, out, ticket));
  cache.Update(8, [](int v) { return v + 1; });  // not cached: nothing to patch, still counts
  EXPECT_FALSE(cache.Fill(8, Value(1), ticket));
}

TEST(SnapshotCacheTest, UpdatePatchesACopyAndLeavesTheOldSnapshotAlone) {
  Cache cache(100);
  cache.Put(5, Value(10));
  Cache::Ptr before;
  ASSERT_TRUE(Has(cache, 5, &before));
  cache.Update(5, [](int v) { return v + 1; });
  Cache::Ptr after;
  ASSERT_TRUE(Has(cache, 5, &after));
  EXPECT_EQ(*before, 10);
  EXPECT_EQ(*after, 11);
}

TEST(SnapshotCacheTest, RemembersTombstones) {
  Cache cache(100);
  Cache::Ptr out = Value(1);
  Cache::Ticket ticket;
  ASSERT_FALSE(cache.Find(9, out, ticket));
  ASSERT_TRUE(cache.Fill(9, nullptr, ticket));
  ASSERT_TRUE(Has(cache, 9, &out));
  EXPECT_EQ(out, nullptr);
  cache.Update(9, [](int v) { return v + 1; });  // a tombstone has nothing to patch
  ASSERT_TRUE(Has(cache, 9, &out));
  EXPECT_EQ(out, nullptr);
}

TEST(SnapshotCacheTest, StaysWithinItsCapacityAndKeepsTheNewest) {
  Cache cache(64);
  EXPECT_EQ(cache.capacity(), 64u);
  for (int i = 0; i < 1000; ++i) cache.Put(i, Value(i));
  EXPECT_EQ(cache.stats().size, 64u);  // eight sets, every one filled
  Cache::Ptr out;
  EXPECT_TRUE(Has(cache, 999, &out));
  EXPECT_EQ(*out, 999);
  EXPECT_FALSE(Has(cache, 0));
}

constexpr int kWays = 8;  // entries per set

TEST(SnapshotCacheTest, AFullSetReplacesItsLeastRecentlyUsedEntry) {
  Cache cache(kWays);  // one set
  ASSERT_EQ(cache.capacity(), static_cast<size_t>(kWays));
  for (int i = 1; i <= kWays; ++i) cache.Put(i, Value(i));
  EXPECT_TRUE(Has(cache, 1));  // 1 is now the most recently used; 2 the least
  cache.Put(kWays + 1, Value(kWays + 1));
  EXPECT_TRUE(Has(cache, 1));
  EXPECT_FALSE(Has(cache, 2));
  EXPECT_TRUE(Has(cache, 3));
  EXPECT_TRUE(Has(cache, kWays + 1));
  // Replacing a cached id reuses its way: nothing else is evicted.
  cache.Put(3, Value(30));
  EXPECT_TRUE(Has(cache, 4));
  EXPECT_EQ(cache.stats().size, static_cast<size_t>(kWays));
}

TEST(SnapshotCacheTest, LeastRecentlyUsedSurvivesTheClockWrapping) {
  Cache cache(kWays);
  for (int i = 1; i <= kWays; ++i) cache.Put(i, Value(i));
  // Bring the set's 16-bit clock close to wrapping, use 2 once more (its stamp is then near the
  // top of the range), and use every other id past the wrap (their stamps are small numbers).
  for (int round = 0; round < 64'000 / kWays; ++round) {
    for (int i = 1; i <= kWays; ++i) Has(cache, i);
  }
  Has(cache, 2);
  for (int round = 0; round < 4'000 / (kWays - 1); ++round) {
    for (int i = 1; i <= kWays; ++i) {
      if (i != 2) Has(cache, i);
    }
  }
  // By stamp 2 looks the newest; by age it is the oldest, and it is the one replaced.
  cache.Put(kWays + 1, Value(kWays + 1));
  EXPECT_FALSE(Has(cache, 2));
  EXPECT_TRUE(Has(cache, 1));
}

TEST(SnapshotCacheTest, InvalidateAndClearForgetAndCountSize) {
  Cache cache(100);
  for (int i = 1; i <= 10; ++i) cache.Put(i, Value(i));
  EXPECT_EQ(cache.stats().size, 10u);
  cache.Invalidate(3);
  cache.Invalidate(3);  // twice: the size moves once
  cache.Invalidate(42);
  EXPECT_FALSE(Has(cache, 3));
  EXPECT_EQ(cache.stats().size, 9u);
  Cache::Ptr out;
  Cache::Ticket ticket;
  ASSERT_FALSE(cache.Find(3, out, ticket));
  cache.Clear();
  EXPECT_EQ(cache.stats().size, 0u);
  EXPECT_FALSE(Has(cache, 1));
  EXPECT_FALSE(cache.Fill(3, Value(3), ticket));  // Clear is an invalidation of every set
}

TEST(SnapshotCacheTest, FindManyAnswersLikeFindAndCountsHitsAndMisses) {
  Cache cache(1000);
  for (int i = 0; i < 100; i += 2) cache.Put(i, Value(i));
  const std::vector<int64_t> ids{0, 1, 2, 3, 98, 99, 500};
  std::vector<Cache::Ptr> out(ids.size());
  const auto misses = cache.FindMany(ids, out);
  std::vector<size_t> missed;
  for (const auto& miss : misses) missed.push_back(miss.index);
  EXPECT_EQ(missed, (std::vector<size_t>{1, 3, 5, 6}));  // 1, 3, 99, 500
  for (size_t i = 0; i < ids.size(); ++i) {
    const bool cached = ids[i] < 100 && ids[i] % 2 == 0;
    if (cached) {
      ASSERT_NE(out[i], nullptr) << ids[i];
      EXPECT_EQ(*out[i], ids[i]);
    }
  }
  EXPECT_TRUE(cache.Fill(1, Value(1), misses[0].ticket));
  EXPECT_TRUE(Has(cache, 1));
  const auto stats = cache.stats();
  EXPECT_EQ(stats.hits, 4u);  // three in FindMany, one in Has
  EXPECT_EQ(stats.misses, 4u);
}

TEST(SnapshotCacheTest, ConcurrentReadersAndWritersSeeOnlyWholeSnapshots) {
  Cache cache(256);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 20'000; ++i) {
        const int64_t id = (i * 7 + t) % 1000;
        Cache::Ptr out;
        Cache::Ticket ticket;
        if (cache.Find(id, out, ticket)) {
          if (out) {
            EXPECT_EQ(*out, id);
          }
        } else if (i % 3 == 0) {
          cache.Fill(id, Value(static_cast<int>(id)), ticket);
        } else if (i % 3 == 1) {
          cache.Put(id, Value(static_cast<int>(id)));
        } else {
          cache.Invalidate(id);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.stats().size, cache.capacity());
}

}  // namespace
}  // namespace magpie::core
