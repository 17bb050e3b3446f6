#include "timeline/feed_map.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace magpie::timeline {

namespace {
constexpr size_t kFirstSlots = 16;
}  // namespace

FeedMap::FeedMap(size_t feed_capacity, size_t max_feeds)
    : feed_capacity_(feed_capacity), per_shard_(std::max<size_t>(1, max_feeds / kShards)) {}

void FeedMap::Prefetch(Id id) const {
  const uint64_t hash = Hash(id);
  const Shard& shard = shards_[ShardOf(hash)];
  // Grow publishes the table before its mask, so a mask read first never exceeds the table read
  // after it. That table may have been replaced (and freed) since: a prefetch of it is wasted,
  // not wrong -- prefetching never faults.
  const size_t mask = shard.prefetch_mask.load(std::memory_order_acquire);
  const Slot* slots = shard.prefetch_slots.load(std::memory_order_acquire);
  if (slots != nullptr) __builtin_prefetch(slots + HomeSlot(hash, mask));
}

size_t FeedMap::Probe(const Shard& shard, Id id) {
  for (size_t i = HomeSlot(Hash(id), shard.mask);; i = (i + 1) & shard.mask) {
    const Id held = shard.slots[i].id;
    if (held == id || held == 0) return i;
  }
}

std::shared_ptr<Feed> FeedMap::Find(Id id) const {
  const Shard& shard = shards_[ShardOf(Hash(id))];
  std::lock_guard lock(shard.mu);
  if (shard.count == 0) return nullptr;
  const Slot& slot = shard.slots[Probe(shard, id)];
  return slot.id == id ? slot.feed : nullptr;
}

std::shared_ptr<Feed> FeedMap::Use(Id id, int64_t now_ms) {
  Shard& shard = shards_[ShardOf(Hash(id))];
  std::shared_ptr<Feed> feed;
  {
    std::lock_guard lock(shard.mu);
    if (shard.count > 0) {
      const Slot& slot = shard.slots[Probe(shard, id)];
      if (slot.id == id) feed = slot.feed;
    }
    if (!feed) {
      feed = std::make_shared<Feed>(feed_capacity_);
      feed->last_read = now_ms;
      Insert(shard, id, feed);
      MaybeEvict(shard);
      return feed;
    }
  }
  feed->last_read = now_ms;
  return feed;
}

void FeedMap::Insert(Shard& shard, Id id, std::shared_ptr<Feed> feed) {
  // At most half full, so every probe run ends at an empty slot soon.
  if (!shard.slots || (shard.count + 1) * 2 > shard.mask + 1) Grow(shard);
  Slot& slot = shard.slots[Probe(shard, id)];
  slot.id = id;
  slot.feed = std::move(feed);
  ++shard.count;
}

void FeedMap::Grow(Shard& shard) {
  const size_t size = shard.slots ? (shard.mask + 1) * 2 : kFirstSlots;
  std::unique_ptr<Slot[]> old = std::exchange(shard.slots, std::make_unique<Slot[]>(size));
  const size_t old_size = old ? shard.mask + 1 : 0;
  shard.mask = size - 1;
  for (size_t i = 0; i < old_size; ++i) {
    if (old[i].id == 0) continue;
    Slot& slot = shard.slots[Probe(shard, old[i].id)];
    slot = std::move(old[i]);
  }
  shard.prefetch_slots.store(shard.slots.get(), std::memory_order_release);
  shard.prefetch_mask.store(shard.mask, std::memory_order_release);
}

void FeedMap::EraseAt(Shard& shard, size_t at) {
  // Backward-shift deletion: a later slot of the run moves into the hole unless its home slot
  // lies cyclically in (hole, slot], where it would no longer be found.
  size_t hole = at;
  for (size_t i = (at + 1) & shard.mask; shard.slots[i].id != 0; i = (i + 1) & shard.mask) {
    const size_t home = HomeSlot(Hash(shard.slots[i].id), shard.mask);
    const bool stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
    if (stays) continue;
    shard.slots[hole] = std::move(shard.slots[i]);
    hole = i;
  }
  shard.slots[hole] = Slot{};
  --shard.count;
}

void FeedMap::MaybeEvict(Shard& shard) {
  if (shard.count <= per_shard_) return;
  // Drop an eighth of the shard at once, the least recently read, so eviction is amortized.
  std::vector<std::pair<int64_t, Id>> by_age;
  by_age.reserve(shard.count);
  for (size_t i = 0; i <= shard.mask; ++i) {
    const Slot& slot = shard.slots[i];
    if (slot.id != 0) by_age.emplace_back(slot.feed->last_read.load(), slot.id);
  }
  size_t drop = std::max<size_t>(1, shard.count - per_shard_ + per_shard_ / 8);
  drop = std::min(drop, by_age.size() - 1);
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<ptrdiff_t>(drop), by_age.end());
  for (size_t i = 0; i < drop; ++i) EraseAt(shard, Probe(shard, by_age[i].second));
}

size_t FeedMap::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    n += shard.count;
  }
  return n;
}

void FeedMap::Clear() {
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mu);
    for (size_t i = 0; shard.slots && i <= shard.mask; ++i) shard.slots[i] = Slot{};
    shard.count = 0;
  }
}

}  // namespace magpie::timeline
