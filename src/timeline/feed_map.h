// A bounded, sharded table of Feeds keyed by account id: the cached home timelines and the
// cached recent posts of authors (timeline_service.h). A feed is created empty on first use and
// built by its first reader (Feed::ready under Feed::build_mu); beyond `max_feeds` the least
// recently read feeds are dropped, to be rebuilt from the store when read again.
//
// Thread-safe: one mutex per shard, held only to find, insert or evict.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

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

  size_t size() const;
  void Clear();

 private:
  static constexpr size_t kShards = 64;  // IndexOf keeps the top 6 bits
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<Id, std::shared_ptr<Feed>> feeds GUARDED_BY(mu);
  };
  // Fibonacci hashing: ids are time-ordered, so their low bits alone would crowd few shards.
  static size_t IndexOf(Id id) { return static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ull >> 58; }
  void MaybeEvict(Shard& shard) REQUIRES(shard.mu);

  const size_t feed_capacity_;
  const size_t per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace magpie::timeline
