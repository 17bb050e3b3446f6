// A bounded, thread-safe cache of immutable snapshots keyed by a 64-bit id, for data whose truth
// lives in a store: id -> shared_ptr<const V>. The status cache (domain/status_cache.h), the
// account-row and viewer-interaction caches (storage/sqlite) are built on it.
//
// Snapshots are never edited: a change commits to the store, then Invalidate(id) drops the entry
// and the next read loads the truth. A load racing an invalidation must not put stale data back,
// so each set counts its invalidations: a reader takes a Ticket (the count) when it misses,
// reads the store, and its Fill is kept only if no invalidation hit the set in between.
//
// Layout: a fixed array of sets of eight entries, an id choosing its set by Fibonacci hashing; a
// full set replaces its least recently used entry. Each set is four cache lines holding its own
// lock, its ids and their snapshots, so a lookup touches those lines and nothing else -- no
// bucket array, no node, no separate mutex -- and a batch lookup (FindMany) asks memory for all
// of its sets at once before reading any. Eight ways rather than four: at two thirds full, four
// would evict about one entry in twelve early because its set overflowed, eight one in thirty.
// Every page read goes through here for each status and author it shows; with node-based maps those
// lookups were a tenth of a home read's CPU, almost all of it waiting on memory
// (docs/BENCHMARKS.md).
//
// A null snapshot may be stored (a tombstone: "known not to exist") when the owner wants misses
// of absent ids cached too.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <thread>
#include <utility>
#include <vector>

namespace magpie::core {

template <typename V>
class SnapshotCache {
 public:
  using Ptr = std::shared_ptr<const V>;

  // What a reader holds between missing and filling: its set's invalidation count.
  struct Ticket {
    uint32_t invalidations = 0;
  };

  // Room for about `capacity` entries (rounded up to a whole set).
  explicit SnapshotCache(size_t capacity)
      : sets_((std::max<size_t>(capacity, 1) + kWays - 1) / kWays) {}

  SnapshotCache(const SnapshotCache&) = delete;
  SnapshotCache& operator=(const SnapshotCache&) = delete;

  size_t capacity() const { return sets_.size() * kWays; }

  // True when `id` is cached (tombstones included); `out` then holds its snapshot. On a miss,
  // `ticket` is set for a later Fill.
  bool Find(int64_t id, Ptr& out, Ticket& ticket) {
    const size_t index = IndexOf(id);
    Set& set = sets_[index];
    Guard guard(set);
    if (const int way = set.WayOf(id); way >= 0) {
      out = set.values[way];
      set.Touch(way);
      Count(index).hits.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
    ticket.invalidations = set.invalidations;
    Count(index).misses.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  // A lookup of FindMany that missed: where in `ids`, and the ticket for its Fill.
  struct Miss {
    size_t index = 0;
    Ticket ticket;
  };

  // Find for each of `ids`, with every set requested from memory before the first is read, so a
  // page's lookups wait on memory about once instead of once each. Hits land in `out` (the size
  // of `ids`); the misses are returned in the order of `ids`.
  std::vector<Miss> FindMany(std::span<const int64_t> ids, std::span<Ptr> out) {
    for (int64_t id : ids) {
      const char* set = reinterpret_cast<const char*>(&sets_[IndexOf(id)]);
      for (size_t line = 0; line < sizeof(Set); line += 64) __builtin_prefetch(set + line);
    }
    std::vector<Miss> misses;
    for (size_t i = 0; i < ids.size(); ++i) {
      Ticket ticket;
      if (!Find(ids[i], out[i], ticket)) misses.push_back({i, ticket});
    }
    return misses;
  }

  // Stores what a reader loaded after Find missed with `ticket`, unless the id's set was
  // invalidated since (the value may already be stale). True when kept.
  bool Fill(int64_t id, Ptr value, Ticket ticket) {
    const size_t index = IndexOf(id);
    Set& set = sets_[index];
    Guard guard(set);
    if (set.invalidations != ticket.invalidations) return false;
    Insert(index, set, id, value);  // `value` now holds what was evicted, freed after the lock
    return true;
  }

  // Stores a snapshot just written, replacing whatever was cached. Counts as an invalidation, so
  // a load in flight that read the store before this write does not overwrite it.
  void Put(int64_t id, Ptr value) {
    const size_t index = IndexOf(id);
    Set& set = sets_[index];
    Guard guard(set);
    ++set.invalidations;
    Insert(index, set, id, value);
  }

  // Replaces the cached snapshot of `id`, if there is one, with `patch(*old)` (a new snapshot;
  // the old one is never edited), for a change the owner knows the exact effect of. Counts as an
  // invalidation like Put. `patch` runs under the set's lock: keep it short.
  template <class Patch>
  void Update(int64_t id, const Patch& patch) {
    Set& set = sets_[IndexOf(id)];
    Ptr replaced;
    Guard guard(set);
    ++set.invalidations;
    if (const int way = set.WayOf(id); way >= 0 && set.values[way]) {
      replaced = std::exchange(set.values[way], std::make_shared<const V>(patch(*set.values[way])));
    }
  }

  void Invalidate(int64_t id) {
    const size_t index = IndexOf(id);
    Set& set = sets_[index];
    Ptr dropped;
    Guard guard(set);
    ++set.invalidations;
    if (const int way = set.WayOf(id); way >= 0) {
      dropped = set.Erase(way);
      Count(index).size.fetch_sub(1, std::memory_order_relaxed);
    }
  }

  void Clear() {
    for (size_t index = 0; index < sets_.size(); ++index) {
      Set& set = sets_[index];
      std::array<Ptr, kWays> dropped;
      Guard guard(set);
      ++set.invalidations;
      for (int way = 0; way < kWays; ++way) {
        if (!set.Occupied(way)) continue;
        dropped[way] = set.Erase(way);
        Count(index).size.fetch_sub(1, std::memory_order_relaxed);
      }
    }
  }

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
    size_t size = 0;
  };
  Stats stats() const {
    Stats s;
    int64_t size = 0;
    for (const Counters& c : counters_) {
      s.hits += c.hits.load(std::memory_order_relaxed);
      s.misses += c.misses.load(std::memory_order_relaxed);
      size += c.size.load(std::memory_order_relaxed);
    }
    s.size = static_cast<size_t>(std::max<int64_t>(size, 0));
    return s;
  }

 private:
  static constexpr int kWays = 8;

  // Four cache lines: the lock, counts and ids first, the snapshots after them.
  struct alignas(64) Set {
    std::atomic<uint32_t> lock{0};
    uint32_t invalidations = 0;  // wraps; a Ticket compares for equality only
    uint16_t clock = 0;
    std::array<uint16_t, kWays> used{};  // the clock at each way's last use
    uint8_t occupied = 0;                // a bit per way
    std::array<int64_t, kWays> ids{};
    std::array<Ptr, kWays> values;

    bool Occupied(int way) const { return (occupied >> way) & 1u; }
    int WayOf(int64_t id) const {
      for (int way = 0; way < kWays; ++way) {
        if (ids[way] == id && Occupied(way)) return way;
      }
      return -1;
    }
    void Touch(int way) { used[way] = ++clock; }
    Ptr Erase(int way) {
      occupied &= static_cast<uint8_t>(~(1u << way));
      ids[way] = 0;
      return std::move(values[way]);
    }
    // The way for a new id: a free one, else the one unused longest (ages are taken modulo 2^16
    // so the clock may wrap).
    int Victim() const {
      int victim = 0;
      uint16_t oldest = 0;
      for (int way = 0; way < kWays; ++way) {
        if (!Occupied(way)) return way;
        const auto age = static_cast<uint16_t>(clock - used[way]);
        if (age >= oldest) {
          oldest = age;
          victim = way;
        }
      }
      return victim;
    }
  };
  static_assert(sizeof(Set) == 256, "a set is four cache lines");

  // A set's lock: held for a few dozen instructions, so spinning beats sleeping; a holder that
  // was preempted is waited for by yielding rather than burning the waiter's time slice.
  class Guard {
   public:
    explicit Guard(Set& set) : lock_(set.lock) {
      for (int spins = 0; lock_.exchange(1, std::memory_order_acquire) != 0; ++spins) {
        if (spins >= 64) std::this_thread::yield();
      }
    }
    ~Guard() { lock_.store(0, std::memory_order_release); }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;

   private:
    std::atomic<uint32_t>& lock_;
  };

  // Hit, miss and size counts, striped so that threads rarely share a counter's cache line.
  struct alignas(64) Counters {
    std::atomic<uint64_t> hits{0};
    std::atomic<uint64_t> misses{0};
    std::atomic<int64_t> size{0};
  };
  static constexpr size_t kCounterStripes = 16;

  // Fibonacci hashing spreads time-ordered ids over the sets; the multiply-shift maps the hash
  // onto any number of sets without a division.
  size_t IndexOf(int64_t id) const {
    const uint64_t hash = static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>((static_cast<unsigned __int128>(hash) * sets_.size()) >> 64);
  }
  Counters& Count(size_t index) { return counters_[index % kCounterStripes]; }

  // Puts `value` in the set under `id`; `value` is left holding whatever it displaced, for the
  // caller to free once the lock is released.
  void Insert(size_t index, Set& set, int64_t id, Ptr& value) {
    int way = set.WayOf(id);
    if (way < 0) {
      way = set.Victim();
      if (!set.Occupied(way)) Count(index).size.fetch_add(1, std::memory_order_relaxed);
      set.occupied |= static_cast<uint8_t>(1u << way);
      set.ids[way] = id;
    }
    std::swap(set.values[way], value);
    set.Touch(way);
  }

  std::vector<Set> sets_;
  std::array<Counters, kCounterStripes> counters_;
};

}  // namespace magpie::core
