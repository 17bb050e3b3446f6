// A bounded, thread-safe cache of immutable snapshots keyed by a 64-bit id, for data whose truth
// lives in a store: id -> shared_ptr<const V>. The status cache (domain/status_cache.h), the
// account-row and viewer-interaction caches (storage/sqlite) are built on it.
//
// Snapshots are never edited: a change commits to the store, then Invalidate(id) drops the entry
// and the next read loads the truth. A load racing an invalidation must not put stale data back,
// so each shard counts its invalidations: a reader takes a Ticket (the count) when it misses,
// reads the store, and its Fill is kept only if no invalidation hit the shard in between.
//
// Eviction is approximate LRU with two generations per shard: lookups hit `young` or promote from
// `old`; when `young` reaches its share of the capacity, `old` is dropped and `young` becomes
// `old`. O(1) per operation with no list to maintain.
//
// A null snapshot may be stored (a tombstone: "known not to exist") when the owner wants misses
// of absent ids cached too.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/thread_annotations.h"

namespace magpie::core {

template <typename V, size_t kShards = 64>
class ShardedCache {
  static_assert((kShards & (kShards - 1)) == 0, "kShards must be a power of two");

 public:
  using Ptr = std::shared_ptr<const V>;

  // What a reader holds between missing and filling: the shard's invalidation count.
  struct Ticket {
    uint64_t invalidations = 0;
  };

  explicit ShardedCache(size_t capacity)
      : per_shard_(std::max<size_t>(16, capacity / kShards / 2)) {}

  // True when `id` is cached (tombstones included); `out` then holds its snapshot. On a miss,
  // `ticket` is set for a later Fill.
  bool Find(int64_t id, Ptr& out, Ticket& ticket) {
    Shard& shard = ShardOf(id);
    std::lock_guard lock(shard.mu);
    if (auto it = shard.young.find(id); it != shard.young.end()) {
      out = it->second;
      ++shard.hits;
      return true;
    }
    if (auto it = shard.old.find(id); it != shard.old.end()) {
      out = std::move(it->second);
      shard.old.erase(it);
      Insert(shard, id, out);
      ++shard.hits;
      return true;
    }
    ++shard.misses;
    ticket.invalidations = shard.invalidations;
    return false;
  }

  // Stores what a reader loaded after Find missed with `ticket`, unless the id's shard was
  // invalidated since (the value may already be stale). True when kept.
  bool Fill(int64_t id, Ptr value, Ticket ticket) {
    Shard& shard = ShardOf(id);
    std::lock_guard lock(shard.mu);
    if (shard.invalidations != ticket.invalidations) return false;
    Insert(shard, id, std::move(value));
    return true;
  }

  // Stores a snapshot just written, replacing whatever was cached. Counts as an invalidation, so
  // a load in flight that read the store before this write does not overwrite it.
  void Put(int64_t id, Ptr value) {
    Shard& shard = ShardOf(id);
    std::lock_guard lock(shard.mu);
    ++shard.invalidations;
    Insert(shard, id, std::move(value));
  }

  // Replaces the cached snapshot of `id`, if there is one, with `patch(*old)` (a new snapshot;
  // the old one is never edited), for a change the owner knows the exact effect of. Counts as an
  // invalidation like Put. `patch` runs under the shard's lock: keep it short.
  template <class Patch>
  void Update(int64_t id, const Patch& patch) {
    Shard& shard = ShardOf(id);
    std::lock_guard lock(shard.mu);
    ++shard.invalidations;
    for (auto* generation : {&shard.young, &shard.old}) {
      auto it = generation->find(id);
      if (it == generation->end()) continue;
      if (it->second) it->second = std::make_shared<const V>(patch(*it->second));
      return;
    }
  }

  void Invalidate(int64_t id) {
    Shard& shard = ShardOf(id);
    std::lock_guard lock(shard.mu);
    ++shard.invalidations;
    shard.young.erase(id);
    shard.old.erase(id);
  }

  void Clear() {
    for (Shard& shard : shards_) {
      std::lock_guard lock(shard.mu);
      ++shard.invalidations;
      shard.young.clear();
      shard.old.clear();
    }
  }

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    size_t size = 0;
  };
  Stats stats() const {
    Stats s;
    for (const Shard& shard : shards_) {
      std::lock_guard lock(shard.mu);
      s.hits += shard.hits;
      s.misses += shard.misses;
      s.size += shard.young.size() + shard.old.size();
    }
    return s;
  }

 private:
  static constexpr int kShardBits = std::countr_zero(kShards);
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<int64_t, Ptr> young GUARDED_BY(mu);
    std::unordered_map<int64_t, Ptr> old GUARDED_BY(mu);
    uint64_t invalidations GUARDED_BY(mu) = 0;
    uint64_t hits GUARDED_BY(mu) = 0;
    uint64_t misses GUARDED_BY(mu) = 0;
  };

  // Fibonacci hashing: ids are time-ordered, so their low bits alone would crowd few shards.
  Shard& ShardOf(int64_t id) {
    if constexpr (kShards == 1) {
      return shards_[0];
    } else {
      return shards_[static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ull >> (64 - kShardBits)];
    }
  }

  void Insert(Shard& shard, int64_t id, Ptr value) REQUIRES(shard.mu) {
    if (shard.young.size() >= per_shard_ && shard.young.find(id) == shard.young.end()) {
      shard.old = std::move(shard.young);
      shard.young.clear();
    }
    shard.old.erase(id);
    shard.young.insert_or_assign(id, std::move(value));
  }

  size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace magpie::core
