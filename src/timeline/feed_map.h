// A bounded, sharded table of Feeds keyed by account id: the cached home timelines and the
// cached recent posts of authors (timeline_service.h). A feed is created empty on first use and
// built by its first reader (Feed::ready under Feed::build_mu); beyond `max_feeds` the least
// recently read feeds are dropped, to be rebuilt from the store when read again.
//
// Layout: each shard is an open-addressing table (linear probing, at most half full) of
// {id, feed} slots, so a lookup reads one or two adjacent slots instead of walking a bucket
// array into scattered nodes. A post's fan-out looks up every follower here, most of them
// absent or cold in the CPU cache; with node-based maps those lookups were an eighth of the
// create-post CPU, nearly all of it waiting on memory (docs/BENCHMARKS.md). ForEachCached asks
// memory for the slots of a few ids ahead of the one it is looking up.
//
// Thread-safe: one mutex per shard, held only to find, insert or evict.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <mutex>

#include "core/thread_annotations.h"
#include "timeline/feed.h"

namespace magpie::timeline {

class FeedMap {
 public:
  // `feed_capacity`: ids per feed; `max_feeds`: feeds kept (at least one per shard).
  FeedMap(size_t feed_capacity, size_t max_feeds);

  // The feed of `id` if it is in memory (ready or still being built), else nullptr.
  std::shared_ptr<Feed> Find(Id id) const;
  // The feed of `id`, created empty (not ready) when absent; marks it read at `now_ms`.
  std::shared_ptr<Feed> Use(Id id, int64_t now_ms);
  // Calls fn(id, feed) for each of `ids` (any range of ids, walked twice: once a few ahead to
  // prefetch) whose feed is in memory, in order.
  template <typename Ids, typename Fn>
  void ForEachCached(const Ids& ids, Fn&& fn) const {
    constexpr size_t kAhead = 8;  // about the lookups that fit in one memory latency
    auto ahead = std::begin(ids);
    const auto end = std::end(ids);
    for (size_t i = 0; i < kAhead && ahead != end; ++i, ++ahead) Prefetch(*ahead);
    for (auto it = std::begin(ids); it != end; ++it) {
      if (ahead != end) Prefetch(*ahead++);
      if (std::shared_ptr<Feed> feed = Find(*it)) fn(*it, *feed);
    }
  }

  size_t size() const;
  void Clear();

 private:
  static constexpr size_t kShards = 64;  // ShardOf keeps the top 6 bits of the hash
  struct Slot {
    Id id = 0;  // 0: empty (account ids start at 1)
    std::shared_ptr<Feed> feed;
  };
  struct alignas(64) Shard {
    mutable std::mutex mu;
    std::unique_ptr<Slot[]> slots GUARDED_BY(mu);
    size_t mask GUARDED_BY(mu) = 0;  // slots - 1 (a power of two less one); 0 before the first
    size_t count GUARDED_BY(mu) = 0;
    // Copies of slots.get() and mask for Prefetch, which takes no lock.
    std::atomic<const Slot*> prefetch_slots{nullptr};
    std::atomic<size_t> prefetch_mask{0};
  };
  // Fibonacci hashing: ids are time-ordered, so their low bits alone would crowd few shards and
  // slots. The top bits choose the shard; bits from 20 up the slot.
  static uint64_t Hash(Id id) { return static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ull; }
  static size_t ShardOf(uint64_t hash) { return hash >> 58; }
  static size_t HomeSlot(uint64_t hash, size_t mask) { return (hash >> 20) & mask; }

  void Prefetch(Id id) const;
  // The slot holding `id`, or the empty slot where it would go.
  static size_t Probe(const Shard& shard, Id id) REQUIRES(shard.mu);
  void Insert(Shard& shard, Id id, std::shared_ptr<Feed> feed) REQUIRES(shard.mu);
  // Empties slot `at` and shifts later slots of its probe run back (no tombstones).
  static void EraseAt(Shard& shard, size_t at) REQUIRES(shard.mu);
  static void Grow(Shard& shard) REQUIRES(shard.mu);
  void MaybeEvict(Shard& shard) REQUIRES(shard.mu);

  const size_t feed_capacity_;
  const size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace magpie::timeline
