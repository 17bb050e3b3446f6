#include "timeline/feed_map.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace magpie::timeline {

FeedMap::FeedMap(size_t feed_capacity, size_t max_feeds)
    : feed_capacity_(feed_capacity), per_shard_(std::max<size_t>(1, max_feeds / kShards)) {}

std::shared_ptr<Feed> FeedMap::Find(Id id) const {
  const Shard& shard = shards_[IndexOf(id)];
  std::lock_guard lock(shard.mu);
  auto it = shard.feeds.find(id);
  return it == shard.feeds.end() ? nullptr : it->second;
}

std::shared_ptr<Feed> FeedMap::Use(Id id, int64_t now_ms) {
  Shard& shard = shards_[IndexOf(id)];
  std::shared_ptr<Feed> feed;
  {
    std::lock_guard lock(shard.mu);
    auto& slot = shard.feeds[id];
    if (!slot) {
      slot = std::make_shared<Feed>(feed_capacity_);
      feed = slot;
      feed->last_read = now_ms;
      MaybeEvict(shard);
      return feed;
    }
    feed = slot;
  }
  feed->last_read = now_ms;
  return feed;
}

void FeedMap::MaybeEvict(Shard& shard) {
  if (shard.feeds.size() <= per_shard_) return;
  // Drop an eighth of the shard at once, the least recently read, so eviction is amortized.
  std::vector<std::pair<int64_t, Id>> by_age;
  by_age.reserve(shard.feeds.size());
  for (const auto& [id, feed] : shard.feeds) by_age.emplace_back(feed->last_read.load(), id);
  size_t drop = std::max<size_t>(1, shard.feeds.size() - per_shard_ + per_shard_ / 8);
  drop = std::min(drop, by_age.size() - 1);
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<ptrdiff_t>(drop), by_age.end());
  for (size_t i = 0; i < drop; ++i) shard.feeds.erase(by_age[i].second);
}

size_t FeedMap::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.feeds.size();
  }
  return n;
}

void FeedMap::Clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    shard.feeds.clear();
  }
}

}  // namespace magpie::timeline
