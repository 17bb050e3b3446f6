// A compact in-memory timeline: status ids kept sorted, capped at a capacity -- 8 bytes per entry,
// plus 16 for each entry that is a reblog (what it reblogs, for reblog de-duplication), so 100,000
// home feeds of 400 entries take about 350 MB. Home timelines and the recent posts of celebrities
// are Feeds (timeline_service.h).
//
// Completeness: a Feed holds every status that belongs in it with an id at or above floor();
// floor() is 0 while nothing was ever dropped for capacity (the whole timeline is here), and the
// oldest id kept once something was. Readers page from memory above the floor and go to the
// store below it.
//
// Thread-safe: one mutex per feed; pushes are O(1) amortized (ids arrive nearly in order, so the
// insertion point is found from the back), reads copy only the window they need.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/id.h"
#include "core/thread_annotations.h"

namespace magpie::timeline {

using core::Id;

struct FeedEntry {
  Id id = 0;
  Id reblog_of = 0;  // 0 unless the status is a plain reblog
};

// Which part of a feed a page asks for; bounds are exclusive, 0 = none.
struct FeedRange {
  Id below = 0;            // ids < below (max_id), 0: no upper bound
  Id above = 0;            // ids > above (since_id / min_id), 0: no lower bound
  bool ascending = false;  // min_id pages: the `limit` ids right above `above`
  size_t limit = 20;
};

class Feed {
 public:
  explicit Feed(size_t capacity) : capacity_(capacity) {}

  // Replaces the contents with a store read (newest first, as the store returns them; entries the
  // caller filtered out may be missing). `floor` is the oldest id the read covered when the store
  // had more below it, 0 when the read was complete.
  void Reset(std::vector<FeedEntry> newest_first, Id floor);
  // Adds one entry; false if present already. Entries below the floor are not added (the feed
  // would not be complete there anyway).
  bool Push(FeedEntry entry);
  // True when `original` or a reblog of it is among the newest `window` entries.
  bool HasRecent(Id original, size_t window) const;
  void Remove(std::span<const Id> ids);
  // Ids in `range`, newest first (ascending ranges are read upwards, then reversed), only from
  // the complete part (>= floor).
  std::vector<Id> Read(const FeedRange& range) const;
  std::vector<Id> All() const;

  Id floor() const;
  size_t size() const;

  // Whether the owner wants reblogs by `author` (Follow.show_reblogs); nullopt when unknown.
  std::optional<bool> ShowsReblogsOf(Id author) const;
  void SetShowsReblogsOf(Id author, bool show);
  void ForgetReblogPreference(Id author);

  // Build coordination: the first reader builds, later ones wait on build_mu and find it ready.
  std::mutex build_mu;
  bool ready GUARDED_BY(build_mu) = false;
  // Milliseconds of the last read (eviction of idle home feeds).
  std::atomic<int64_t> last_read{0};

 private:
  // Drops the oldest entries beyond capacity and moves the floor.
  void Trim(size_t keep) REQUIRES(mu_);
  // Grows the vector towards its bound without doubling past it.
  void Reserve() REQUIRES(mu_);

  const size_t capacity_;
  mutable std::mutex mu_;
  std::vector<Id> ids_ GUARDED_BY(mu_);             // ascending
  std::vector<FeedEntry> reblogs_ GUARDED_BY(mu_);  // the reblogs among ids_, ascending
  Id floor_ GUARDED_BY(mu_) = 0;
  std::unordered_map<Id, bool> shows_reblogs_ GUARDED_BY(mu_);
};

}  // namespace magpie::timeline
