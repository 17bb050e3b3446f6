#include "api/status_render_cache.h"

#include <algorithm>

namespace magpie::api {

StatusRenderCache::StatusRenderCache(size_t capacity)
    : per_shard_(std::max<size_t>(16, capacity / kShards / 2)) {}

StatusRenderCache::JsonPtr StatusRenderCache::Get(const domain::StatusPtr& status) {
  if (!status) return nullptr;
  Shard& shard = ShardOf(status->id);
  std::lock_guard lock(shard.mu);
  if (auto it = shard.young.find(status->id); it != shard.young.end()) {
    return it->second.source == status ? it->second.json : nullptr;
  }
  if (auto it = shard.old.find(status->id); it != shard.old.end()) {
    if (it->second.source != status) return nullptr;
    Entry e = std::move(it->second);
    shard.old.erase(it);
    JsonPtr json = e.json;
    if (shard.young.size() >= per_shard_) shard.old = std::move(shard.young), shard.young.clear();
    shard.young.emplace(status->id, std::move(e));
    return json;
  }
  return nullptr;
}

void StatusRenderCache::Put(const domain::StatusPtr& status, JsonPtr json) {
  if (!status) return;
  Shard& shard = ShardOf(status->id);
  std::lock_guard lock(shard.mu);
  if (shard.young.size() >= per_shard_ && !shard.young.count(status->id)) {
    shard.old = std::move(shard.young);
    shard.young.clear();
  }
  shard.old.erase(status->id);
  shard.young[status->id] = Entry{status, std::move(json)};
}

}  // namespace magpie::api
