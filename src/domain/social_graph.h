// The social graph as the hot path reads it: who follows whom, who blocks or mutes whom, kept in
// memory over GraphStore (storage is the truth; this is a cache that can be rebuilt).
//
// Every write goes to the store first (durable), then updates the cache, then publishes the
// event. Reads take a shared lock and return immutable snapshots (shared_ptr<const ...>) so a
// timeline read can filter hundreds of statuses without a query or a lock per status.
// Per-account sets are loaded on first use and kept; a write replaces the affected snapshot.
#pragma once

#include <memory>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/thread_annotations.h"
#include "domain/events.h"
#include "domain/social_store.h"

namespace magpie::domain {

using IdSet = std::unordered_set<Id>;
using IdSetPtr = std::shared_ptr<const IdSet>;

class SocialGraph {
 public:
  SocialGraph(GraphStore& store, const core::Clock& clock, EventListener& events);

  // Writes. Follow requests are not here (AccountService decides between follow and request).
  Result<domain::Follow> Follow(const domain::Follow& follow);
  Result<bool> Unfollow(Id account_id, Id target_id);
  Result<bool> Block(Id account_id, Id target_id);
  Result<bool> Unblock(Id account_id, Id target_id);
  Result<bool> Mute(const domain::Mute& mute);
  Result<bool> Unmute(Id account_id, Id target_id);

  // Reads (snapshots; never null).
  IdSetPtr Following(Id account_id);
  IdSetPtr Followers(Id account_id);
  IdSetPtr BlockedEitherWay(Id account_id);
  IdSetPtr Muted(Id account_id);

  bool IsFollowing(Id account_id, Id target_id) { return Following(account_id)->count(target_id); }
  bool IsBlockedEitherWay(Id a, Id b) { return BlockedEitherWay(a)->count(b) > 0; }

  // Drops every cached set (tests; after bulk loads).
  void Clear();

 private:
  enum class Kind { kFollowing, kFollowers, kBlocks, kMutes };
  IdSetPtr Load(Kind kind, Id account_id);
  IdSetPtr Get(Kind kind, Id account_id);
  // Applies `change` to a copy of the cached set (if cached) and swaps it in.
  template <typename F>
  void Modify(Kind kind, Id account_id, F change);
  std::unordered_map<Id, IdSetPtr>& MapOf(Kind kind) REQUIRES(mu_);

  GraphStore& store_;
  const core::Clock& clock_;
  EventListener& events_;
  std::shared_mutex mu_;
  std::unordered_map<Id, IdSetPtr> following_ GUARDED_BY(mu_);
  std::unordered_map<Id, IdSetPtr> followers_ GUARDED_BY(mu_);
  std::unordered_map<Id, IdSetPtr> blocks_ GUARDED_BY(mu_);
  std::unordered_map<Id, IdSetPtr> mutes_ GUARDED_BY(mu_);
  // The earliest expiry among an account's timed mutes: its cached set is reloaded after it.
  std::unordered_map<Id, int64_t> mute_expiry_ GUARDED_BY(mu_);
};

}  // namespace magpie::domain
