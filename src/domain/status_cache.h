// The status cache: id -> immutable Status snapshot, so that a hot timeline read hydrates a page
// from memory (DESIGN.md §3, "hydrate statuses from a status cache in one batch").
//
// Ownership: entries are shared_ptr<const Status>; a reader keeps its snapshot however the cache
// changes afterwards. A change to a status (edit, delete, a counter moving) never edits a
// snapshot: the writer commits to the store, then calls Invalidate(id) and the next read loads
// the truth. Loads racing an invalidation do not put stale data back: each shard counts its
// invalidations, and a load inserts only if no invalidation hit its shard while it was reading
// the store.
//
// Missing ids are remembered as tombstones (nullptr), so a deleted status still listed in some
// cached timeline costs no query per read. Ids only come into existence through Create, which
// Put()s the new status and so replaces any tombstone.
//
// Eviction is approximate LRU with two generations per shard: lookups hit `young` or promote from
// `old`; when `young` reaches its share of the capacity, `old` is dropped and `young` becomes
// `old`. O(1) per operation with no list to maintain.
//
// Thread-safe: 64 shards, each behind its own mutex.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/thread_annotations.h"
#include "domain/model.h"

namespace magpie::domain {

using StatusPtr = std::shared_ptr<const Status>;

class StatusCache {
 public:
  // Loads the statuses that exist among `ids` (one store call for all of them).
  using Loader = std::function<std::vector<Status>(std::span<const Id>)>;

  explicit StatusCache(size_t capacity = 200'000);

  // One entry per id, in the order given: the snapshot, or nullptr for a missing or deleted
  // status. Misses are loaded with one call to `load`.
  std::vector<StatusPtr> GetMany(std::span<const Id> ids, const Loader& load);
  StatusPtr Get(Id id, const Loader& load);

  // Stores a snapshot just written (a new status), replacing whatever was cached for its id.
  void Put(StatusPtr status);
  // Forgets an id after its status changed in the store.
  void Invalidate(Id id);
  void Clear();

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    size_t size = 0;
  };
  Stats stats() const;

 private:
  static constexpr size_t kShards = 64;
  struct Entry {
    StatusPtr status;  // nullptr: known not to exist (tombstone)
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<Id, Entry> young GUARDED_BY(mu);
    std::unordered_map<Id, Entry> old GUARDED_BY(mu);
    uint64_t invalidations GUARDED_BY(mu) = 0;
    uint64_t hits GUARDED_BY(mu) = 0;
    uint64_t misses GUARDED_BY(mu) = 0;
  };
  Shard& ShardOf(Id id) { return shards_[static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ull >> 58]; }
  // Looks up under the shard's lock; true when found (tombstones included).
  bool Lookup(Shard& shard, Id id, StatusPtr& out) REQUIRES(shard.mu);
  void Insert(Shard& shard, Id id, StatusPtr status) REQUIRES(shard.mu);

  size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace magpie::domain
