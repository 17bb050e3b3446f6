#include "domain/social_graph.h"

#include <mutex>

namespace magpie::domain {

SocialGraph::SocialGraph(GraphStore& store, const core::Clock& clock, EventListener& events)
    : store_(store), clock_(clock), events_(events) {}

std::unordered_map<Id, IdSetPtr>& SocialGraph::MapOf(Kind kind) {
  switch (kind) {
    case Kind::kFollowing:
      return following_;
    case Kind::kFollowers:
      return followers_;
    case Kind::kBlocks:
      return blocks_;
    case Kind::kMutes:
      return mutes_;
  }
  return following_;
}

IdSetPtr SocialGraph::Load(Kind kind, Id account_id) {
  std::vector<Id> ids;
  switch (kind) {
    case Kind::kFollowing:
      ids = store_.FollowingIds(account_id);
      break;
    case Kind::kFollowers:
      ids = store_.FollowerIds(account_id);
      break;
    case Kind::kBlocks:
      ids = store_.BlockIdsEitherWay(account_id);
      break;
    case Kind::kMutes: {
      // Remember the earliest expiry so Get() reloads the set once that mute has run out.
      int64_t earliest = 0;
      for (const domain::Mute& m : store_.ActiveMutes(account_id, clock_.NowMillis())) {
        ids.push_back(m.target_account_id);
        if (m.expires_at > 0 && (earliest == 0 || m.expires_at < earliest)) {
          earliest = m.expires_at;
        }
      }
      std::unique_lock lock(mu_);
      if (earliest > 0) {
        mute_expiry_[account_id] = earliest;
      } else {
        mute_expiry_.erase(account_id);
      }
      break;
    }
  }
  return std::make_shared<const IdSet>(ids.begin(), ids.end());
}

IdSetPtr SocialGraph::Get(Kind kind, Id account_id) {
  uint64_t generation = 0;
  {
    std::shared_lock lock(mu_);
    auto& map = MapOf(kind);
    auto it = map.find(account_id);
    if (it != map.end()) {
      bool expired = false;
      if (kind == Kind::kMutes) {
        auto exp = mute_expiry_.find(account_id);
        expired = exp != mute_expiry_.end() && exp->second <= clock_.NowMillis();
      }
      if (!expired) return it->second;
    }
    generation = generation_;
  }
  // Load outside the lock. A write that lands meanwhile may be missing from what was read, and
  // it found nothing cached to update; so the set is kept only if no write happened since the
  // load began (else the next read loads again). Caching it anyway would keep a stale set for
  // good: a follower missing from Followers() would miss every later push.
  IdSetPtr loaded = Load(kind, account_id);
  std::unique_lock lock(mu_);
  if (generation_ == generation) MapOf(kind)[account_id] = loaded;
  return loaded;
}

template <typename F>
void SocialGraph::Modify(Kind kind, Id account_id, F change) {
  std::unique_lock lock(mu_);
  ++generation_;
  auto& map = MapOf(kind);
  auto it = map.find(account_id);
  if (it == map.end()) return;  // not cached: the next read loads the truth
  auto copy = std::make_shared<IdSet>(*it->second);
  change(*copy);
  it->second = std::move(copy);
}

Result<domain::Follow> SocialGraph::Follow(const domain::Follow& follow) {
  MAGPIE_ASSIGN_OR_RETURN(domain::Follow stored, store_.AddFollow(follow));
  Modify(Kind::kFollowing, follow.account_id,
         [&](IdSet& s) { s.insert(follow.target_account_id); });
  Modify(Kind::kFollowers, follow.target_account_id,
         [&](IdSet& s) { s.insert(follow.account_id); });
  events_.OnFollow(follow.account_id, follow.target_account_id);
  return stored;
}

Result<bool> SocialGraph::Unfollow(Id account_id, Id target_id) {
  MAGPIE_ASSIGN_OR_RETURN(bool removed, store_.RemoveFollow(account_id, target_id));
  if (removed) {
    Modify(Kind::kFollowing, account_id, [&](IdSet& s) { s.erase(target_id); });
    Modify(Kind::kFollowers, target_id, [&](IdSet& s) { s.erase(account_id); });
    events_.OnUnfollow(account_id, target_id);
  }
  return removed;
}

Result<bool> SocialGraph::Block(Id account_id, Id target_id) {
  MAGPIE_ASSIGN_OR_RETURN(bool added, store_.AddBlock(account_id, target_id, clock_.NowMillis()));
  // The store removed follows both ways in the same transaction; mirror that here.
  Modify(Kind::kFollowing, account_id, [&](IdSet& s) { s.erase(target_id); });
  Modify(Kind::kFollowing, target_id, [&](IdSet& s) { s.erase(account_id); });
  Modify(Kind::kFollowers, account_id, [&](IdSet& s) { s.erase(target_id); });
  Modify(Kind::kFollowers, target_id, [&](IdSet& s) { s.erase(account_id); });
  Modify(Kind::kBlocks, account_id, [&](IdSet& s) { s.insert(target_id); });
  Modify(Kind::kBlocks, target_id, [&](IdSet& s) { s.insert(account_id); });
  if (added) events_.OnBlock(account_id, target_id);
  return added;
}

Result<bool> SocialGraph::Unblock(Id account_id, Id target_id) {
  MAGPIE_ASSIGN_OR_RETURN(bool removed, store_.RemoveBlock(account_id, target_id));
  if (removed) {
    // The target may still block us, so the either-way sets are reloaded rather than edited.
    std::unique_lock lock(mu_);
    ++generation_;
    blocks_.erase(account_id);
    blocks_.erase(target_id);
  }
  return removed;
}

Result<bool> SocialGraph::Mute(const domain::Mute& mute) {
  MAGPIE_ASSIGN_OR_RETURN(bool added, store_.AddMute(mute, clock_.NowMillis()));
  {
    std::unique_lock lock(mu_);
    ++generation_;
    mutes_.erase(mute.account_id);  // the next read reloads the set with its expiries
  }
  if (added) events_.OnMute(mute.account_id, mute.target_account_id);
  return added;
}

Result<bool> SocialGraph::Unmute(Id account_id, Id target_id) {
  MAGPIE_ASSIGN_OR_RETURN(bool removed, store_.RemoveMute(account_id, target_id));
  if (removed) Modify(Kind::kMutes, account_id, [&](IdSet& s) { s.erase(target_id); });
  return removed;
}

namespace {
// Tags whose followers are kept in memory; beyond this the map starts over (it refills as posts
// arrive, one indexed query per tag).
constexpr size_t kMaxCachedTags = 100'000;
}  // namespace

Result<FollowedTag> SocialGraph::FollowTag(Id account_id, const std::string& normalized,
                                           std::string_view display_name) {
  MAGPIE_ASSIGN_OR_RETURN(FollowedTag stored, store_.FollowTag(account_id, normalized, display_name,
                                                               clock_.NowMillis()));
  {
    std::unique_lock lock(mu_);
    ++generation_;
    if (auto it = followed_tags_.find(account_id); it != followed_tags_.end()) {
      auto copy = std::make_shared<TagSet>(*it->second);
      copy->insert(normalized);
      it->second = std::move(copy);
    }
    if (auto it = tag_followers_.find(normalized); it != tag_followers_.end()) {
      auto copy = std::make_shared<IdSet>(*it->second);
      copy->insert(account_id);
      it->second = std::move(copy);
    }
  }
  events_.OnFollowTag(account_id, normalized);
  return stored;
}

Result<bool> SocialGraph::UnfollowTag(Id account_id, const std::string& normalized) {
  MAGPIE_ASSIGN_OR_RETURN(bool removed, store_.UnfollowTag(account_id, normalized));
  if (!removed) return false;
  {
    std::unique_lock lock(mu_);
    ++generation_;
    if (auto it = followed_tags_.find(account_id); it != followed_tags_.end()) {
      auto copy = std::make_shared<TagSet>(*it->second);
      copy->erase(normalized);
      it->second = std::move(copy);
    }
    if (auto it = tag_followers_.find(normalized); it != tag_followers_.end()) {
      auto copy = std::make_shared<IdSet>(*it->second);
      copy->erase(account_id);
      it->second = std::move(copy);
    }
  }
  events_.OnUnfollowTag(account_id, normalized);
  return true;
}

TagSetPtr SocialGraph::FollowedTags(Id account_id) {
  {
    std::shared_lock lock(mu_);
    if (auto it = followed_tags_.find(account_id); it != followed_tags_.end()) return it->second;
  }
  uint64_t generation = 0;
  {
    std::shared_lock lock(mu_);
    generation = generation_;
  }
  std::vector<std::string> names = store_.FollowedTagNames(account_id);
  auto loaded = std::make_shared<const TagSet>(names.begin(), names.end());
  std::unique_lock lock(mu_);
  if (generation_ == generation) followed_tags_[account_id] = loaded;  // as in Get()
  return loaded;
}

IdSetPtr SocialGraph::TagFollowers(const std::string& normalized) {
  {
    std::shared_lock lock(mu_);
    if (auto it = tag_followers_.find(normalized); it != tag_followers_.end()) return it->second;
  }
  uint64_t generation = 0;
  {
    std::shared_lock lock(mu_);
    generation = generation_;
  }
  std::vector<Id> ids = store_.TagFollowerIds(normalized);
  auto loaded = std::make_shared<const IdSet>(ids.begin(), ids.end());
  std::unique_lock lock(mu_);
  if (generation_ != generation) return loaded;  // as in Get()
  if (tag_followers_.size() >= kMaxCachedTags) tag_followers_.clear();
  tag_followers_[normalized] = loaded;
  return loaded;
}

IdSetPtr SocialGraph::Following(Id account_id) { return Get(Kind::kFollowing, account_id); }
IdSetPtr SocialGraph::Followers(Id account_id) { return Get(Kind::kFollowers, account_id); }
IdSetPtr SocialGraph::BlockedEitherWay(Id account_id) { return Get(Kind::kBlocks, account_id); }
IdSetPtr SocialGraph::Muted(Id account_id) { return Get(Kind::kMutes, account_id); }

void SocialGraph::Clear() {
  std::unique_lock lock(mu_);
  ++generation_;
  following_.clear();
  followers_.clear();
  blocks_.clear();
  mutes_.clear();
  mute_expiry_.clear();
  followed_tags_.clear();
  tag_followers_.clear();
}

}  // namespace magpie::domain
