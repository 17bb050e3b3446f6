// Internal to api/: the table behind StatusRenderCache and AccountRenderCache. A fixed array of
// sets of four entries, an id choosing its set by Fibonacci hashing; a set replaces its least
// recently used entry. Compared with node-based hash maps in generations, a lookup touches one
// set (a few cache lines, no allocation) and a fill never rehashes or promotes, which matters
// because every status and author of every page read goes through here.
//
// Each entry keeps the source value it was rendered from; the caller's `matches` decides whether
// that source is the one it holds (a snapshot's identity, an equal value). Thread-safe: sets are
// guarded by striped mutexes; entries evicted are destroyed outside the lock.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/id.h"

namespace magpie::api::internal {

template <class Source>
class RenderSlots {
 public:
  using SourcePtr = std::shared_ptr<const Source>;
  using JsonPtr = std::shared_ptr<const std::string>;

  explicit RenderSlots(size_t capacity)
      : set_bits_(
            std::max(4, std::countr_zero(std::bit_ceil(std::max<size_t>(capacity / kWays, 1))))),
        sets_(size_t{1} << set_bits_) {}

  // The bytes of the entry for `id` when `matches(source)` holds for the source it was built
  // from; nullptr otherwise. `matches` runs under the set's lock: keep it short.
  template <class Match>
  JsonPtr Get(core::Id id, const Match& matches) {
    const size_t index = IndexOf(id);
    Set& set = sets_[index];
    std::lock_guard lock(StripeOf(index));
    for (Way& way : set.ways) {
      if (way.source && way.id == id) {
        if (!matches(*way.source)) return nullptr;
        way.used = ++set.clock;
        return way.json;
      }
    }
    return nullptr;
  }

  // Starts fetching the set `id` belongs to, so that a page can ask memory for all of its
  // entries before it reads the first (see core::SnapshotCache::FindMany).
  void Prefetch(core::Id id) const {
    const char* set = reinterpret_cast<const char*>(&sets_[IndexOf(id)]);
    for (size_t line = 0; line < sizeof(Set); line += 64) __builtin_prefetch(set + line);
  }

  void Put(core::Id id, SourcePtr source, JsonPtr json) {
    const size_t index = IndexOf(id);
    Set& set = sets_[index];
    // Swapped out under the lock, freed after it (the bytes may be kilobytes).
    SourcePtr old_source = std::move(source);
    JsonPtr old_json = std::move(json);
    std::lock_guard lock(StripeOf(index));
    Way* victim = nullptr;
    for (Way& way : set.ways) {
      if (way.source && way.id == id) {
        victim = &way;
        break;
      }
    }
    if (victim == nullptr) {
      victim = &set.ways[0];
      for (Way& way : set.ways) {
        if (!way.source) {
          victim = &way;
          break;
        }
        if (way.used < victim->used) victim = &way;
      }
    }
    victim->id = id;
    victim->used = ++set.clock;
    std::swap(victim->source, old_source);
    std::swap(victim->json, old_json);
  }

 private:
  static constexpr size_t kWays = 4;
  static constexpr size_t kStripes = 1024;
  struct Way {
    core::Id id = 0;
    uint32_t used = 0;
    SourcePtr source;
    JsonPtr json;
  };
  struct Set {
    uint32_t clock = 0;
    std::array<Way, kWays> ways;
  };

  size_t IndexOf(core::Id id) const {
    return static_cast<size_t>(static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ull >>
                               (64 - set_bits_));
  }
  std::mutex& StripeOf(size_t index) { return stripes_[index % kStripes]; }

  int set_bits_;
  std::vector<Set> sets_;
  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace magpie::api::internal
