#include "storage/sqlite/viewer_interactions.h"

#include <algorithm>
#include <string_view>

namespace magpie::storage::sqlite {

using domain::Id;

domain::InteractionFlags ViewerInteractions::FlagsFor(Id status_id) const {
  auto has = [&](const std::vector<Id>& ids) {
    return std::binary_search(ids.begin(), ids.end(), status_id);
  };
  domain::InteractionFlags f;
  f.favourited = has(favourited);
  f.bookmarked = has(bookmarked);
  f.pinned = has(pinned);
  f.reblogged = has(reblogged);
  return f;
}

core::Result<std::unique_ptr<ViewerInteractionCache>> ViewerInteractionCache::Create(
    Database& db, size_t max_viewers, size_t max_per_kind) {
  std::unique_ptr<ViewerInteractionCache> cache(
      new ViewerInteractionCache(db, max_viewers, max_per_kind));
  const RowWatch watches[] = {
      {.table = "favourites", .key_column = "account_id", .only_if_set = ""},
      {.table = "bookmarks", .key_column = "account_id", .only_if_set = ""},
      {.table = "pins", .key_column = "account_id", .only_if_set = ""},
      {.table = "conversation_mutes", .key_column = "account_id", .only_if_set = ""},
      // Reblogs are status rows; only those count (a counter moving on an original does not).
      {.table = "statuses", .key_column = "account_id", .only_if_set = "reblog_of_id"},
  };
  for (const RowWatch& w : watches) {
    auto handle = db.Watch(w, [raw = cache.get()](std::span<const int64_t> viewers) {
      for (int64_t viewer : viewers) raw->cache_.Invalidate(viewer);
    });
    if (!handle.ok()) return std::move(handle).error();
    cache->watches_.push_back(std::move(handle).value());
  }
  return cache;
}

std::shared_ptr<const ViewerInteractions> ViewerInteractionCache::Get(Id viewer) {
  core::SnapshotCache<ViewerInteractions>::Ptr hit;
  core::SnapshotCache<ViewerInteractions>::Ticket ticket;
  if (cache_.Find(viewer, hit, ticket) && hit) return hit;
  auto loaded = std::make_shared<const ViewerInteractions>(Load(viewer));
  cache_.Fill(viewer, loaded, ticket);
  return loaded;
}

ViewerInteractions ViewerInteractionCache::Load(Id viewer) {
  ViewerInteractions out;
  Connection& reader = db_.Reader();
  // Five separate reads: a write landing between them invalidates the viewer after its commit,
  // which makes Get's Fill drop this result (core/snapshot_cache.h).
  const int64_t limit = static_cast<int64_t>(max_per_kind_) + 1;
  auto read = [&](std::string_view sql, std::vector<Id>& into) {
    Statement st = reader.Prepare(sql);
    st.BindAll(viewer, limit);
    while (st.Step()) into.push_back(st.Int(0));
    if (into.size() > max_per_kind_ || !st.status().ok()) out.complete = false;
    std::sort(into.begin(), into.end());
  };
  read("SELECT status_id FROM favourites WHERE account_id = ?1 LIMIT ?2", out.favourited);
  read("SELECT status_id FROM bookmarks WHERE account_id = ?1 LIMIT ?2", out.bookmarked);
  read("SELECT status_id FROM pins WHERE account_id = ?1 LIMIT ?2", out.pinned);
  read(
      "SELECT reblog_of_id FROM statuses WHERE account_id = ?1 AND reblog_of_id IS NOT NULL AND "
      "deleted = 0 LIMIT ?2",
      out.reblogged);
  {
    Statement st =
        reader.Prepare("SELECT EXISTS (SELECT 1 FROM conversation_mutes WHERE account_id = ?1)");
    st.Bind(1, viewer);
    out.mutes_conversations = st.Step() && st.Bool(0);
    if (!st.status().ok()) out.complete = false;
  }
  if (!out.complete) {
    out.favourited.clear();
    out.bookmarked.clear();
    out.pinned.clear();
    out.reblogged.clear();
  }
  return out;
}

}  // namespace magpie::storage::sqlite
