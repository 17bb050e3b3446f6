#include "domain/status_cache.h"

#include <algorithm>
#include <unordered_map>

namespace magpie::domain {

std::vector<StatusPtr> StatusCache::GetMany(std::span<const Id> ids, const Loader& load) {
  using Ticket = core::SnapshotCache<Status>::Ticket;
  std::vector<StatusPtr> out(ids.size());
  const auto misses = cache_.FindMany(ids, out);
  // The caller reads every status it asked for next: start fetching them all now.
  for (const auto& s : out) __builtin_prefetch(s.get());
  std::vector<size_t> missing;
  std::unordered_map<Id, Ticket> tickets;  // taken before the store is read
  for (const auto& miss : misses) {
    missing.push_back(miss.index);
    tickets.emplace(ids[miss.index], miss.ticket);
  }
  if (missing.empty()) return out;

  std::vector<Id> to_load;
  to_load.reserve(tickets.size());
  for (const auto& [id, ticket] : tickets) to_load.push_back(id);
  std::sort(to_load.begin(), to_load.end());
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
    cache_.Fill(id, it == by_id.end() ? nullptr : it->second, tickets[id]);
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
  Id id = status->id;
  cache_.Put(id, std::move(status));
}

}  // namespace magpie::domain
