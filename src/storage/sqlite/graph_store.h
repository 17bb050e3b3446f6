// SQLite implementation of domain::GraphStore (tables of migration 0002: follows,
// follow_requests, blocks, mutes, account_domain_blocks; of 0003: account_notes,
// account_endorsements, tag_follows).
//
// Every write is one Database::Write job, so a change and the counters it moves
// (accounts.following_count / followers_count) commit together or not at all; the writer
// thread serializes jobs, so "is this follow new?" read inside a job cannot race. Reads use
// the calling thread's read connection. Thread-safe: no state besides the Database.
//
// Errors: adding an edge between accounts that do not exist is kNotFound (checked in the job,
// rather than left to the foreign keys, which would report it as an internal error).
//
// Ordering: paged lists (Followers, Following, Blocks, Mutes, FollowRequestsFor) are newest
// first by row id; Relationships answers in the order of its targets with a single query.
// Mute expiry needs "now" where the port passes none (Relationships, Mutes): it comes from
// the injected clock.
//
// NotifyingFollowerIds runs on every post, so its answers are cached per account, kept exact by
// a row watch on `follows` (any change to a follow of an account drops that account's entry).
#pragma once

#include <vector>

#include "core/clock.h"
#include "core/snapshot_cache.h"
#include "domain/social_store.h"
#include "storage/sqlite/database.h"

namespace magpie::storage::sqlite {

class SqliteGraphStore final : public domain::GraphStore {
 public:
  // Uses the system clock for mute expiry.
  explicit SqliteGraphStore(Database& db);
  SqliteGraphStore(Database& db, const core::Clock& clock);

  core::Result<domain::Follow> AddFollow(const domain::Follow& follow) override;
  core::Result<bool> RemoveFollow(domain::Id account_id, domain::Id target_id) override;
  std::optional<domain::Follow> GetFollow(domain::Id account_id, domain::Id target_id) override;
  std::vector<domain::Id> NotifyingFollowerIds(domain::Id account_id) override;

  core::Result<bool> AddFollowRequest(const domain::Follow& request) override;
  std::optional<domain::Follow> GetFollowRequest(domain::Id account_id,
                                                 domain::Id target_id) override;
  core::Result<bool> RemoveFollowRequest(domain::Id account_id, domain::Id target_id) override;
  std::vector<domain::Cursored> FollowRequestsFor(domain::Id target_id,
                                                  const domain::Page& page) override;

  core::Result<bool> AddBlock(domain::Id account_id, domain::Id target_id, int64_t now) override;
  core::Result<bool> RemoveBlock(domain::Id account_id, domain::Id target_id) override;
  core::Result<bool> AddMute(const domain::Mute& mute, int64_t now) override;
  core::Result<bool> RemoveMute(domain::Id account_id, domain::Id target_id) override;

  std::vector<domain::Relationship> Relationships(domain::Id account_id,
                                                  std::span<const domain::Id> target_ids) override;

  core::Status SetNote(domain::Id account_id, domain::Id target_id, std::string_view comment,
                       int64_t now) override;
  core::Result<bool> AddEndorsement(domain::Id account_id, domain::Id target_id,
                                    int64_t now) override;
  core::Result<bool> RemoveEndorsement(domain::Id account_id, domain::Id target_id) override;
  std::vector<domain::Cursored> Endorsements(domain::Id account_id,
                                             const domain::Page& page) override;

  core::Result<domain::FollowedTag> FollowTag(domain::Id account_id, std::string_view normalized,
                                              std::string_view display_name, int64_t now) override;
  core::Result<bool> UnfollowTag(domain::Id account_id, std::string_view normalized) override;
  std::vector<domain::FollowedTag> FollowedTags(domain::Id account_id,
                                                const domain::Page& page) override;
  std::vector<std::string> FollowedTagNames(domain::Id account_id) override;
  std::vector<domain::Id> TagFollowerIds(std::string_view normalized) override;

  std::vector<domain::Cursored> Followers(domain::Id account_id, const domain::Page& page) override;
  std::vector<domain::Cursored> Following(domain::Id account_id, const domain::Page& page) override;
  std::vector<domain::Cursored> Blocks(domain::Id account_id, const domain::Page& page) override;
  std::vector<domain::Cursored> Mutes(domain::Id account_id, const domain::Page& page) override;

  std::vector<domain::Id> FollowerIds(domain::Id account_id) override;
  std::vector<domain::Id> FollowingIds(domain::Id account_id) override;
  std::vector<domain::Id> BlockIdsEitherWay(domain::Id account_id) override;
  std::vector<domain::Mute> ActiveMutes(domain::Id account_id, int64_t now) override;

  core::Result<bool> AddDomainBlock(domain::Id account_id, std::string_view domain) override;
  core::Result<bool> RemoveDomainBlock(domain::Id account_id, std::string_view domain) override;
  std::vector<std::string> DomainBlocks(domain::Id account_id) override;

 private:
  Database& db_;
  const core::Clock& clock_;
  core::SnapshotCache<std::vector<domain::Id>> notifying_{100'000};
  bool notifying_cached_ = false;
  // Declared last: unwatched before the cache goes.
  Database::WatchHandle follows_watch_;
};

}  // namespace magpie::storage::sqlite
