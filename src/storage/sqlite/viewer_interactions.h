// Each viewer's own interactions -- the statuses they favourited, bookmarked, pinned or
// reblogged, and whether they mute any conversation -- held in memory, so the flags on every
// status of a timeline page (StatusStore::Interactions) cost binary searches instead of a query.
//
// A viewer's sets are loaded on their first page and dropped whenever one of their rows changes:
// row watches (Database::Watch) on favourites, bookmarks, pins, conversation_mutes and reblog
// rows of statuses invalidate by account id after each commit, whichever write path, trigger or
// cascade made the change. A viewer with more than `max_per_kind` of any kind is remembered as
// "too many" and answered by the store's query, so memory stays bounded per viewer.
//
// Thread-safe; bounded in viewers (core::SnapshotCache).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/snapshot_cache.h"
#include "domain/status_store.h"
#include "storage/sqlite/database.h"

namespace magpie::storage::sqlite {

struct ViewerInteractions {
  bool complete = true;                // false: too many to hold, ask the store
  std::vector<domain::Id> favourited;  // status ids, sorted
  std::vector<domain::Id> bookmarked;
  std::vector<domain::Id> pinned;
  std::vector<domain::Id> reblogged;  // ids of the statuses the viewer reblogged
  bool mutes_conversations = false;   // muted flags still need the store when true

  // The flags for one status (muted left false).
  domain::InteractionFlags FlagsFor(domain::Id status_id) const;
};

class ViewerInteractionCache {
 public:
  // Fails when the row watches cannot be set up (a schema without the tables).
  static core::Result<std::unique_ptr<ViewerInteractionCache>> Create(Database& db,
                                                                      size_t max_viewers,
                                                                      size_t max_per_kind);

  // The viewer's interactions, loaded on a miss.
  std::shared_ptr<const ViewerInteractions> Get(domain::Id viewer);

  core::SnapshotCache<ViewerInteractions>::Stats stats() const { return cache_.stats(); }

 private:
  ViewerInteractionCache(Database& db, size_t max_viewers, size_t max_per_kind)
      : db_(db), max_per_kind_(max_per_kind), cache_(max_viewers) {}
  ViewerInteractions Load(domain::Id viewer);

  Database& db_;
  size_t max_per_kind_;
  core::SnapshotCache<ViewerInteractions> cache_;
  std::vector<Database::WatchHandle> watches_;  // last: unwatched before the cache goes
};

}  // namespace magpie::storage::sqlite
