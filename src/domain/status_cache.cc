#include "domain/status_cache.h"

#include <algorithm>

namespace magpie::domain {

StatusCache::StatusCache(size_t capacity)
    : per_shard_(std::max<size_t>(16, capacity / kShards / 2)) {}

bool StatusCache::Lookup(Shard& shard, Id id, StatusPtr& out) {
  if (auto it = shard.young.find(id); it != shard.young.end()) {
    out = it->second.status;
    return true;
  }
  if (auto it = shard.old.find(id); it != shard.old.end()) {
    out = it->second.status;
    Entry e = std::move(it->second);
    shard.old.erase(it);
    Insert(shard, id, std::move(e.status));
    return true;
  }
  return false;
}

void StatusCache::Insert(Shard& shard, Id id, StatusPtr status) {
  if (shard.young.size() >= per_shard_ && shard.young.find(id) == shard.young.end()) {
    shard.old = std::move(shard.young);
    shard.young.clear();
  }
  shard.old.erase(id);
  shard.young[id] = Entry{std::move(status)};
}

std::vector<StatusPtr> StatusCache::GetMany(std::span<const Id> ids, const Loader& load) {
  std::vector<StatusPtr> out(ids.size());
  std::vector<size_t> missing;
  // Invalidation counts of the shards we miss in, taken before the store is read.
  std::array<uint64_t, kShards> seen{};
  for (size_t i = 0; i < ids.size(); ++i) {
    Shard& shard = ShardOf(ids[i]);
    std::lock_guard lock(shard.mu);
    if (Lookup(shard, ids[i], out[i])) {
      ++shard.hits;
    } else {
      ++shard.misses;
      seen[&shard - shards_.data()] = shard.invalidations;
      missing.push_back(i);
    }
  }
  if (missing.empty()) return out;

  std::vector<Id> to_load;
  to_load.reserve(missing.size());
  for (size_t i : missing) to_load.push_back(ids[i]);
  std::sort(to_load.begin(), to_load.end());
  to_load.erase(std::unique(to_load.begin(), to_load.end()), to_load.end());
  std::vector<Status> loaded = load(to_load);

  std::unordered_map<Id, StatusPtr> by_id;
  by_id.reserve(loaded.size());
  for (auto& s : loaded) {
    // The store leaves deleted statuses out; a deleted flag here is treated the same way.
    if (s.deleted) continue;
    Id id = s.id;
    by_id.emplace(id, std::make_shared<const Status>(std::move(s)));
  }
  for (Id id : to_load) {
    auto it = by_id.find(id);
    StatusPtr value = it == by_id.end() ? nullptr : it->second;
    Shard& shard = ShardOf(id);
    std::lock_guard lock(shard.mu);
    if (shard.invalidations == seen[&shard - shards_.data()]) Insert(shard, id, value);
  }
  for (size_t i : missing) {
    auto it = by_id.find(ids[i]);
    if (it != by_id.end()) out[i] = it->second;
  }
  return out;
}

StatusPtr StatusCache::Get(Id id, const Loader& load) {
  Id ids[1] = {id};
  return GetMany(ids, load)[0];
}

void StatusCache::Put(StatusPtr status) {
  if (!status) return;
  Shard& shard = ShardOf(status->id);
  std::lock_guard lock(shard.mu);
  ++shard.invalidations;  // a load in flight may have read the store before this write
  Id id = status->id;
  Insert(shard, id, std::move(status));
}

void StatusCache::Invalidate(Id id) {
  Shard& shard = ShardOf(id);
  std::lock_guard lock(shard.mu);
  ++shard.invalidations;
  shard.young.erase(id);
  shard.old.erase(id);
}

void StatusCache::Clear() {
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    ++shard.invalidations;
    shard.young.clear();
    shard.old.clear();
  }
}

StatusCache::Stats StatusCache::stats() const {
  Stats s;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    s.hits += shard.hits;
    s.misses += shard.misses;
    s.size += shard.young.size() + shard.old.size();
  }
  return s;
}

}  // namespace magpie::domain
