// The social graph as the hot path reads it: who follows whom, who blocks or mutes whom, and who
// follows which hashtags, kept in memory over GraphStore (storage is the truth; this is a cache
// that can be rebuilt).
//
// Every write goes to the store first (durable), then updates the cache, then publishes the
// event. Reads take a shared lock and return immutable snapshots (shared_ptr<const ...>) so a
// timeline read can filter hundreds of statuses without a query or a lock per status.
// Per-account sets are loaded on first use and kept; a write replaces the affected snapshot (a
// load that raced a write is used once but not kept, so no stale set outlives the write). The
// followers of each hashtag are loaded the first time a post carries it (an empty set is kept
// too, so a tag nobody follows costs one query, once); that map is bounded and simply dropped
// when it grows past its bound.
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
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
using TagSet = std::unordered_set<std::string>;  // normalized tag names
using TagSetPtr = std::shared_ptr<const TagSet>;

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
  // Hashtag follows, by normalized name (text::NormalizeTag); publish OnFollowTag/OnUnfollowTag.
  Result<FollowedTag> FollowTag(Id account_id, const std::string& normalized,
                                std::string_view display_name);
  Result<bool> UnfollowTag(Id account_id, const std::string& normalized);

  // Reads (snapshots; never null).
  IdSetPtr Following(Id account_id);
  IdSetPtr Followers(Id account_id);
  IdSetPtr BlockedEitherWay(Id account_id);
  IdSetPtr Muted(Id account_id);
  TagSetPtr FollowedTags(Id account_id);
  IdSetPtr TagFollowers(const std::string& normalized);

  bool IsFollowing(Id account_id, Id target_id) { return Following(account_id)->count(target_id); }
  bool IsBlockedEitherWay(Id a, Id b) { return BlockedEitherWay(a)->count(b) > 0; }
  bool FollowsTag(Id account_id, const std::string& normalized) {
    return FollowedTags(account_id)->count(normalized) > 0;
  }

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
  std::unordered_map<Id, TagSetPtr> followed_tags_ GUARDED_BY(mu_);
  // Bumped by every write to the cache; a load that saw another value is not cached (Get()).
  uint64_t generation_ GUARDED_BY(mu_) = 0;
  std::unordered_map<std::string, IdSetPtr> tag_followers_ GUARDED_BY(mu_);
};

}  // namespace magpie::domain
