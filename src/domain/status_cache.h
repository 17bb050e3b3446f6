// The status cache: id -> immutable Status snapshot, so that a hot timeline read hydrates a page
// from memory (DESIGN.md §3, "hydrate statuses from a status cache in one batch").
//
// Ownership: entries are shared_ptr<const Status>; a reader keeps its snapshot however the cache
// changes afterwards. A change to a status (edit, delete, a counter moving) never edits a
// snapshot: the writer commits to the store, then calls Invalidate(id) and the next read loads
// the truth; loads racing an invalidation do not put stale data back (core/snapshot_cache.h).
//
// Missing ids are remembered as tombstones (nullptr), so a deleted status still listed in some
// cached timeline costs no query per read. Ids only come into existence through Create, which
// Put()s the new status and so replaces any tombstone.
//
// Thread-safe: 64 shards, each behind its own mutex; approximate LRU.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/snapshot_cache.h"
#include "domain/model.h"

namespace magpie::domain {

using StatusPtr = std::shared_ptr<const Status>;

class StatusCache {
 public:
  // Loads the statuses that exist among `ids` (one store call for all of them).
  using Loader = std::function<std::vector<Status>(std::span<const Id>)>;

  explicit StatusCache(size_t capacity = 200'000) : cache_(capacity) {}

  // One entry per id, in the order given: the snapshot, or nullptr for a missing or deleted
  // status. Misses are loaded with one call to `load`.
  std::vector<StatusPtr> GetMany(std::span<const Id> ids, const Loader& load);
  StatusPtr Get(Id id, const Loader& load);

  // Stores a snapshot just written (a new status), replacing whatever was cached for its id.
  void Put(StatusPtr status);
  // Forgets an id after its status changed in the store.
  void Invalidate(Id id) { cache_.Invalidate(id); }
  void Clear() { cache_.Clear(); }

  using Stats = core::SnapshotCache<Status>::Stats;
  Stats stats() const { return cache_.stats(); }

 private:
  core::SnapshotCache<Status> cache_;
};

}  // namespace magpie::domain
