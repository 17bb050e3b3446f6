// SqliteGraphStore against a real migrated database: counters, the follow request lifecycle,
// blocks and mutes, every Relationship flag, Mastodon paging, and FollowerIds at scale.
#include "storage/sqlite/graph_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "storage/sqlite/test_db.h"

namespace magpie::storage::sqlite {
namespace {

using core::ErrorCode;
using domain::Cursored;
using domain::Id;
using domain::Page;

constexpr int64_t kNow = 1'700'000'000'000;

std::vector<Id> IdsOf(const std::vector<Cursored>& rows) {
  std::vector<Id> out;
  for (const Cursored& r : rows) out.push_back(r.id);
  return out;
}

std::vector<Id> Sorted(std::vector<Id> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<Id> MutedTargets(const std::vector<domain::Mute>& mutes) {
  std::vector<Id> out;
  for (const auto& m : mutes) out.push_back(m.target_account_id);
  return out;
}

class GraphStoreTest : public ::testing::Test {
 protected:
  void AddAccounts(const std::vector<Id>& ids, std::string_view domain = "") {
    core::Status s = db().Write([&](Connection& c) -> core::Status {
      for (Id id : ids) {
        MAGPIE_RETURN_IF_ERROR(c.Prepare("INSERT INTO accounts (id, username, domain, created_at) "
                                         "VALUES (?1, ?2, ?3, ?4)")
                                   .BindAll(id, "user" + std::to_string(id), domain, kNow)
                                   .Run());
      }
      return core::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  // {followers_count, following_count}
  std::pair<int64_t, int64_t> Counters(Id id) {
    Statement st = db().Reader().Prepare(
        "SELECT followers_count, following_count FROM accounts WHERE id = ?1");
    st.Bind(1, id);
    EXPECT_TRUE(st.Step());
    return {st.Int(0), st.Int(1)};
  }

  int64_t CountRows(const std::string& table) {
    Statement st = db().Reader().Prepare("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(st.Step());
    return st.Int(0);
  }

  domain::Follow FollowOf(Id a, Id t) {
    domain::Follow f;
    f.account_id = a;
    f.target_account_id = t;
    f.created_at = kNow;
    return f;
  }

  void Follow(Id a, Id t) { ASSERT_TRUE(store_.AddFollow(FollowOf(a, t)).ok()); }

  // A follow request with the default options, made at `now`.
  core::Result<bool> AddRequest(Id a, Id t, int64_t now) {
    domain::Follow r = FollowOf(a, t);
    r.created_at = now;
    return store_.AddFollowRequest(r);
  }

  Database& db() { return tdb_.db(); }

  TestDatabase tdb_;
  core::ManualClock clock_{kNow};
  SqliteGraphStore store_{tdb_.db(), clock_};
};

TEST_F(GraphStoreTest, FollowMovesCountersOnceAndUpdatesInPlace) {
  AddAccounts({1, 2});
  auto first = store_.AddFollow(FollowOf(1, 2));
  ASSERT_TRUE(first.ok());
  EXPECT_GT(first->id, 0);
  EXPECT_EQ(Counters(1), std::make_pair(int64_t{0}, int64_t{1}));
  EXPECT_EQ(Counters(2), std::make_pair(int64_t{1}, int64_t{0}));

  // Following again updates the options, keeps the row (id, created_at) and the counters.
  domain::Follow again = FollowOf(1, 2);
  again.show_reblogs = false;
  again.notify = true;
  again.languages = {"en", "zh-Hant"};
  again.created_at = kNow + 5000;
  auto second = store_.AddFollow(again);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->created_at, kNow);
  EXPECT_EQ(Counters(1), std::make_pair(int64_t{0}, int64_t{1}));
  EXPECT_EQ(Counters(2), std::make_pair(int64_t{1}, int64_t{0}));
  auto stored = store_.GetFollow(1, 2);
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->show_reblogs);
  EXPECT_TRUE(stored->notify);
  EXPECT_EQ(stored->languages, (std::vector<std::string>{"en", "zh-Hant"}));
  EXPECT_FALSE(store_.GetFollow(2, 1).has_value());

  auto removed = store_.RemoveFollow(1, 2);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  EXPECT_EQ(Counters(1), std::make_pair(int64_t{0}, int64_t{0}));
  EXPECT_EQ(Counters(2), std::make_pair(int64_t{0}, int64_t{0}));
  auto removed_again = store_.RemoveFollow(1, 2);
  ASSERT_TRUE(removed_again.ok());
  EXPECT_FALSE(*removed_again);
  EXPECT_EQ(Counters(1), std::make_pair(int64_t{0}, int64_t{0}));
  EXPECT_EQ(Counters(2), std::make_pair(int64_t{0}, int64_t{0}));
}

TEST_F(GraphStoreTest, CountersNeverGoBelowZero) {
  AddAccounts({1, 2});
  Follow(1, 2);
  // Counters drifted (e.g. a bulk import): removing the follow must not make them negative.
  ASSERT_TRUE(
      db().Write([](Connection& c) {
            return c.Prepare("UPDATE accounts SET followers_count = 0, following_count = 0").Run();
          })
          .ok());
  ASSERT_TRUE(store_.RemoveFollow(1, 2).ok());
  EXPECT_EQ(Counters(1), std::make_pair(int64_t{0}, int64_t{0}));
  EXPECT_EQ(Counters(2), std::make_pair(int64_t{0}, int64_t{0}));
}

TEST_F(GraphStoreTest, ManyFollowersCountExactly) {
  AddAccounts({1, 2, 3, 4});
  Follow(2, 1);
  Follow(3, 1);
  Follow(4, 1);
  Follow(1, 2);
  Follow(3, 1);  // repeat: no change
  EXPECT_EQ(Counters(1), std::make_pair(int64_t{3}, int64_t{1}));
  EXPECT_EQ(Counters(2), std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(Counters(3), std::make_pair(int64_t{0}, int64_t{1}));
  EXPECT_EQ(Sorted(store_.FollowerIds(1)), (std::vector<Id>{2, 3, 4}));
  EXPECT_EQ(store_.FollowingIds(1), (std::vector<Id>{2}));
}

TEST_F(GraphStoreTest, MissingAccountsAreNotFound) {
  AddAccounts({1});
  auto follow = store_.AddFollow(FollowOf(1, 42));
  ASSERT_FALSE(follow.ok());
  EXPECT_EQ(follow.error().code, ErrorCode::kNotFound);
  auto request = AddRequest(42, 1, kNow);
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.error().code, ErrorCode::kNotFound);
  auto block = store_.AddBlock(1, 42, kNow);
  ASSERT_FALSE(block.ok());
  EXPECT_EQ(block.error().code, ErrorCode::kNotFound);
  auto mute = store_.AddMute({1, 42, true, 0}, kNow);
  ASSERT_FALSE(mute.ok());
  EXPECT_EQ(mute.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Counters(1), std::make_pair(int64_t{0}, int64_t{0}));
  EXPECT_EQ(CountRows("follows"), 0);
}

TEST_F(GraphStoreTest, FollowRequestLifecycle) {
  AddAccounts({1, 2, 3});
  auto added = AddRequest(2, 1, kNow);
  ASSERT_TRUE(added.ok());
  EXPECT_TRUE(*added);
  auto again = AddRequest(2, 1, kNow + 1);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  ASSERT_TRUE(AddRequest(3, 1, kNow).ok());

  EXPECT_EQ(IdsOf(store_.FollowRequestsFor(1, Page{})), (std::vector<Id>{3, 2}));
  EXPECT_TRUE(store_.FollowRequestsFor(2, Page{}).empty());

  const Id target = 1;
  auto rel = store_.Relationships(2, std::span<const Id>(&target, 1));
  ASSERT_EQ(rel.size(), 1u);
  EXPECT_TRUE(rel[0].requested);
  EXPECT_FALSE(rel[0].following);

  // Authorizing: the follow replaces the request.
  Follow(2, 1);
  EXPECT_EQ(IdsOf(store_.FollowRequestsFor(1, Page{})), (std::vector<Id>{3}));
  EXPECT_EQ(Counters(1).first, 1);

  // Rejecting: the request goes, nothing else moves.
  auto rejected = store_.RemoveFollowRequest(3, 1);
  ASSERT_TRUE(rejected.ok());
  EXPECT_TRUE(*rejected);
  auto rejected_again = store_.RemoveFollowRequest(3, 1);
  ASSERT_TRUE(rejected_again.ok());
  EXPECT_FALSE(*rejected_again);
  EXPECT_TRUE(store_.FollowRequestsFor(1, Page{}).empty());
  EXPECT_EQ(Counters(1).first, 1);
}

TEST_F(GraphStoreTest, BlockRemovesFollowsAndRequestsBothWays) {
  AddAccounts({1, 2, 3, 4});
  Follow(1, 2);
  Follow(2, 1);
  Follow(3, 1);  // unrelated follow, must survive
  ASSERT_TRUE(AddRequest(1, 4, kNow).ok());
  ASSERT_TRUE(AddRequest(4, 1, kNow).ok());
  EXPECT_EQ(Counters(1), std::make_pair(int64_t{2}, int64_t{1}));

  auto blocked = store_.AddBlock(1, 2, kNow);
  ASSERT_TRUE(blocked.ok());
  EXPECT_TRUE(*blocked);
  EXPECT_FALSE(store_.GetFollow(1, 2).has_value());
  EXPECT_FALSE(store_.GetFollow(2, 1).has_value());
  EXPECT_TRUE(store_.GetFollow(3, 1).has_value());
  EXPECT_EQ(Counters(1), std::make_pair(int64_t{1}, int64_t{0}));
  EXPECT_EQ(Counters(2), std::make_pair(int64_t{0}, int64_t{0}));

  // The blocked side blocks back; then a block on 4 drops the requests both ways.
  ASSERT_TRUE(store_.AddBlock(2, 1, kNow).ok());
  ASSERT_TRUE(store_.AddBlock(4, 1, kNow).ok());
  EXPECT_EQ(CountRows("follow_requests"), 0);
  auto blocked_again = store_.AddBlock(1, 2, kNow);
  ASSERT_TRUE(blocked_again.ok());
  EXPECT_FALSE(*blocked_again);

  EXPECT_EQ(Sorted(store_.BlockIdsEitherWay(1)), (std::vector<Id>{2, 4}));
  EXPECT_EQ(store_.BlockIdsEitherWay(2), (std::vector<Id>{1}));
  EXPECT_EQ(store_.BlockIdsEitherWay(3), std::vector<Id>{});
  EXPECT_EQ(IdsOf(store_.Blocks(1, Page{})), (std::vector<Id>{2}));

  auto unblocked = store_.RemoveBlock(1, 2);
  ASSERT_TRUE(unblocked.ok());
  EXPECT_TRUE(*unblocked);
  auto unblocked_again = store_.RemoveBlock(1, 2);
  ASSERT_TRUE(unblocked_again.ok());
  EXPECT_FALSE(*unblocked_again);
  // 2 still blocks 1.
  EXPECT_EQ(Sorted(store_.BlockIdsEitherWay(1)), (std::vector<Id>{2, 4}));
  EXPECT_TRUE(store_.Blocks(1, Page{}).empty());
}

TEST_F(GraphStoreTest, MutesExpire) {
  AddAccounts({1, 2, 3});
  auto forever = store_.AddMute({1, 2, true, 0}, kNow);
  ASSERT_TRUE(forever.ok());
  EXPECT_TRUE(*forever);
  auto timed = store_.AddMute({1, 3, false, kNow + 1000}, kNow);
  ASSERT_TRUE(timed.ok());
  EXPECT_TRUE(*timed);

  EXPECT_EQ(Sorted(MutedTargets(store_.ActiveMutes(1, kNow))), (std::vector<Id>{2, 3}));
  EXPECT_EQ(MutedTargets(store_.ActiveMutes(1, kNow + 1000)), (std::vector<Id>{2}));
  EXPECT_EQ(IdsOf(store_.Mutes(1, Page{})), (std::vector<Id>{3, 2}));

  // Changing a live mute is an update, not a new mute.
  auto changed = store_.AddMute({1, 2, false, 0}, kNow);
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(*changed);
  const Id two = 2;
  auto rel = store_.Relationships(1, std::span<const Id>(&two, 1));
  ASSERT_EQ(rel.size(), 1u);
  EXPECT_TRUE(rel[0].muting);
  EXPECT_FALSE(rel[0].muting_notifications);

  // Past the expiry the timed mute is gone everywhere; muting again makes a new one.
  clock_.Set(kNow + 2000);
  EXPECT_EQ(IdsOf(store_.Mutes(1, Page{})), (std::vector<Id>{2}));
  const Id three = 3;
  EXPECT_FALSE(store_.Relationships(1, std::span<const Id>(&three, 1))[0].muting);
  auto renewed = store_.AddMute({1, 3, true, 0}, kNow + 2000);
  ASSERT_TRUE(renewed.ok());
  EXPECT_TRUE(*renewed);
  EXPECT_EQ(Sorted(MutedTargets(store_.ActiveMutes(1, kNow + 2000))), (std::vector<Id>{2, 3}));
  EXPECT_EQ(IdsOf(store_.Mutes(1, Page{})), (std::vector<Id>{3, 2}));

  auto unmuted = store_.RemoveMute(1, 2);
  ASSERT_TRUE(unmuted.ok());
  EXPECT_TRUE(*unmuted);
  auto unmuted_again = store_.RemoveMute(1, 2);
  ASSERT_TRUE(unmuted_again.ok());
  EXPECT_FALSE(*unmuted_again);
  EXPECT_EQ(MutedTargets(store_.ActiveMutes(1, kNow + 2000)), (std::vector<Id>{3}));
}

TEST_F(GraphStoreTest, RelationshipsReportEveryFlagInOrder) {
  AddAccounts({1, 2, 3, 4, 6, 7});
  AddAccounts({5}, "Example.COM");
  // 2: followed with options, follows back, muted without hiding notifications.
  domain::Follow f = FollowOf(1, 2);
  f.show_reblogs = false;
  f.notify = true;
  f.languages = {"en", "zh"};
  ASSERT_TRUE(store_.AddFollow(f).ok());
  Follow(2, 1);
  ASSERT_TRUE(store_.AddMute({1, 2, false, 0}, kNow).ok());
  // 3: blocked, and blocks back.
  ASSERT_TRUE(store_.AddBlock(1, 3, kNow).ok());
  ASSERT_TRUE(store_.AddBlock(3, 1, kNow).ok());
  // 4: requested both ways, muted with notifications hidden.
  ASSERT_TRUE(AddRequest(1, 4, kNow).ok());
  ASSERT_TRUE(AddRequest(4, 1, kNow).ok());
  ASSERT_TRUE(store_.AddMute({1, 4, true, kNow + 60'000}, kNow).ok());
  // 5: on a domain 1 hides (stored lower-case, matched case-insensitively).
  ASSERT_TRUE(store_.AddDomainBlock(1, "example.com").ok());
  // 6: a mute that has expired.
  ASSERT_TRUE(store_.AddMute({1, 6, true, kNow - 1}, kNow - 10).ok());
  // 7: followed plainly (defaults).
  Follow(1, 7);

  const std::vector<Id> targets = {4, 99, 2, 5, 3, 6, 7, 2};
  auto rels = store_.Relationships(1, targets);
  ASSERT_EQ(rels.size(), targets.size());
  for (size_t i = 0; i < targets.size(); ++i) EXPECT_EQ(rels[i].target_id, targets[i]) << i;

  const domain::Relationship& r4 = rels[0];
  EXPECT_TRUE(r4.requested);
  EXPECT_TRUE(r4.requested_by);
  EXPECT_TRUE(r4.muting);
  EXPECT_TRUE(r4.muting_notifications);
  EXPECT_FALSE(r4.following);
  EXPECT_FALSE(r4.followed_by);
  EXPECT_FALSE(r4.blocking);
  EXPECT_FALSE(r4.blocked_by);
  EXPECT_FALSE(r4.domain_blocking);

  const domain::Relationship& r99 = rels[1];
  EXPECT_FALSE(r99.following || r99.followed_by || r99.blocking || r99.blocked_by || r99.muting ||
               r99.requested || r99.requested_by || r99.domain_blocking || r99.showing_reblogs ||
               r99.notifying);

  const domain::Relationship& r2 = rels[2];
  EXPECT_TRUE(r2.following);
  EXPECT_FALSE(r2.showing_reblogs);
  EXPECT_TRUE(r2.notifying);
  EXPECT_EQ(r2.languages, (std::vector<std::string>{"en", "zh"}));
  EXPECT_TRUE(r2.followed_by);
  EXPECT_TRUE(r2.muting);
  EXPECT_FALSE(r2.muting_notifications);
  EXPECT_FALSE(r2.blocking);
  EXPECT_FALSE(r2.requested);
  EXPECT_FALSE(r2.endorsed);
  EXPECT_EQ(r2.note, "");

  const domain::Relationship& r5 = rels[3];
  EXPECT_TRUE(r5.domain_blocking);
  EXPECT_FALSE(r5.following || r5.blocking || r5.muting);

  const domain::Relationship& r3 = rels[4];
  EXPECT_TRUE(r3.blocking);
  EXPECT_TRUE(r3.blocked_by);
  EXPECT_FALSE(r3.following || r3.followed_by || r3.muting);

  const domain::Relationship& r6 = rels[5];
  EXPECT_FALSE(r6.muting);
  EXPECT_FALSE(r6.muting_notifications);

  const domain::Relationship& r7 = rels[6];
  EXPECT_TRUE(r7.following);
  EXPECT_TRUE(r7.showing_reblogs);
  EXPECT_FALSE(r7.notifying);
  EXPECT_TRUE(r7.languages.empty());
  EXPECT_FALSE(r7.followed_by);

  // A repeated target is answered again, identically.
  EXPECT_TRUE(rels[7].following);
  EXPECT_TRUE(rels[7].followed_by);

  // Seen from the other side.
  const Id one = 1;
  auto back = store_.Relationships(3, std::span<const Id>(&one, 1));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(back[0].blocking);
  EXPECT_TRUE(back[0].blocked_by);

  EXPECT_TRUE(store_.Relationships(1, {}).empty());
}

TEST_F(GraphStoreTest, FollowersPageInAllThreeModes) {
  // Followers 10..29 follow 1 in that order, so cursors grow with the follower id.
  std::vector<Id> ids = {1};
  for (Id id = 10; id < 30; ++id) ids.push_back(id);
  AddAccounts(ids);
  std::vector<Id> cursors(30, 0);
  for (Id id = 10; id < 30; ++id) {
    auto f = store_.AddFollow(FollowOf(id, 1));
    ASSERT_TRUE(f.ok());
    cursors[id] = f->id;
  }

  Page newest;
  newest.limit = 5;
  auto page = store_.Followers(1, newest);
  EXPECT_EQ(IdsOf(page), (std::vector<Id>{29, 28, 27, 26, 25}));
  EXPECT_EQ(page.front().cursor, cursors[29]);
  EXPECT_EQ(page.back().cursor, cursors[25]);

  Page older;
  older.limit = 5;
  older.max_id = page.back().cursor;
  EXPECT_EQ(IdsOf(store_.Followers(1, older)), (std::vector<Id>{24, 23, 22, 21, 20}));

  // since_id: the newest page above the bound.
  Page since;
  since.limit = 5;
  since.since_id = cursors[12];
  EXPECT_EQ(IdsOf(store_.Followers(1, since)), (std::vector<Id>{29, 28, 27, 26, 25}));

  // min_id: the page right after the bound, still newest first.
  Page min;
  min.limit = 5;
  min.min_id = cursors[12];
  EXPECT_EQ(IdsOf(store_.Followers(1, min)), (std::vector<Id>{17, 16, 15, 14, 13}));

  // Both bounds.
  Page window;
  window.max_id = cursors[20];
  window.since_id = cursors[17];
  EXPECT_EQ(IdsOf(store_.Followers(1, window)), (std::vector<Id>{19, 18}));

  // The end of the list.
  Page oldest;
  oldest.max_id = cursors[12];
  EXPECT_EQ(IdsOf(store_.Followers(1, oldest)), (std::vector<Id>{11, 10}));

  // Following pages the same way from the other side.
  auto following = store_.Following(15, Page{});
  ASSERT_EQ(following.size(), 1u);
  EXPECT_EQ(following[0].id, 1);
  EXPECT_EQ(following[0].cursor, cursors[15]);
}

TEST_F(GraphStoreTest, FollowerIdsAtScale) {
  constexpr int kFollowers = 50'000;
  // Accounts 1 (the celebrity) and 1000..1000+kFollowers, all in one write job.
  core::Status s = db().Write([&](Connection& c) -> core::Status {
    MAGPIE_RETURN_IF_ERROR(
        c.Prepare("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
                  "INSERT INTO accounts (id, username, created_at) "
                  "SELECT CASE i WHEN 0 THEN 1 ELSE 999 + i END, 'u' || i, 0 FROM n")
            .Bind(1, kFollowers)
            .Run());
    return c
        .Prepare(
            "INSERT INTO follows (account_id, target_account_id, created_at) "
            "SELECT id, 1, 0 FROM accounts WHERE id >= 1000 ORDER BY id")
        .Run();
  });
  ASSERT_TRUE(s.ok()) << s.error().message;

  const auto start = std::chrono::steady_clock::now();
  std::vector<Id> followers = store_.FollowerIds(1);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(followers.size(), static_cast<size_t>(kFollowers));
  std::sort(followers.begin(), followers.end());
  EXPECT_EQ(followers.front(), 1000);
  EXPECT_EQ(followers.back(), 999 + kFollowers);
  std::printf("FollowerIds: %d ids in %.2f ms\n", kFollowers,
              std::chrono::duration<double, std::milli>(elapsed).count());

  // The set comes from the covering index alone, without visiting the table.
  Statement plan = db().Reader().Prepare(
      "EXPLAIN QUERY PLAN SELECT account_id FROM follows WHERE target_account_id = ?1");
  std::string detail;
  while (plan.Step()) detail += plan.Text(3) + "\n";
  EXPECT_NE(detail.find("COVERING INDEX follows_by_target"), std::string::npos) << detail;

  // A page is a range scan on the same index, bounded on both sides (paging.h).
  Statement page_plan = db().Reader().Prepare(
      "EXPLAIN QUERY PLAN SELECT id, account_id FROM follows WHERE target_account_id = ?1 "
      "AND id < ?2 AND id > ?3 ORDER BY id DESC LIMIT ?4");
  detail.clear();
  while (page_plan.Step()) detail += page_plan.Text(3) + "\n";
  EXPECT_NE(detail.find("follows_by_target (target_account_id=? AND id>? AND id<?)"),
            std::string::npos)
      << detail;
  EXPECT_EQ(detail.find("TEMP B-TREE"), std::string::npos) << detail;

  // A deep page is right.
  Page deep;
  deep.limit = 3;
  deep.max_id = 10;  // follow row ids run 1..kFollowers in follower order
  EXPECT_EQ(IdsOf(store_.Followers(1, deep)), (std::vector<Id>{1008, 1007, 1006}));
  EXPECT_EQ(store_.FollowingIds(1000), (std::vector<Id>{1}));
}

TEST_F(GraphStoreTest, DomainBlocks) {
  AddAccounts({1});
  auto added = store_.AddDomainBlock(1, "Spam.Example");
  ASSERT_TRUE(added.ok());
  EXPECT_TRUE(*added);
  auto again = store_.AddDomainBlock(1, "spam.example");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  ASSERT_TRUE(store_.AddDomainBlock(1, "other.example").ok());
  EXPECT_EQ(store_.DomainBlocks(1), (std::vector<std::string>{"other.example", "spam.example"}));

  auto empty = store_.AddDomainBlock(1, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalid);

  auto removed = store_.RemoveDomainBlock(1, "SPAM.example");
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  auto removed_again = store_.RemoveDomainBlock(1, "spam.example");
  ASSERT_TRUE(removed_again.ok());
  EXPECT_FALSE(*removed_again);
  EXPECT_EQ(store_.DomainBlocks(1), (std::vector<std::string>{"other.example"}));
}

TEST_F(GraphStoreTest, DeletingAnAccountTakesItsGraphRows) {
  AddAccounts({1, 2});
  Follow(1, 2);
  ASSERT_TRUE(store_.AddBlock(2, 1, kNow).ok());
  ASSERT_TRUE(store_.AddMute({1, 2, true, 0}, kNow).ok());
  ASSERT_TRUE(
      db().Write([](Connection& c) { return c.Prepare("DELETE FROM accounts WHERE id = 2").Run(); })
          .ok());
  EXPECT_EQ(CountRows("follows"), 0);
  EXPECT_EQ(CountRows("blocks"), 0);
  EXPECT_EQ(CountRows("mutes"), 0);
}

TEST_F(GraphStoreTest, FollowRequestsKeepTheirOptions) {
  AddAccounts({1, 2});
  domain::Follow request = FollowOf(2, 1);
  request.show_reblogs = false;
  request.notify = true;
  request.languages = {"zh", "ja"};
  auto added = store_.AddFollowRequest(request);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_TRUE(*added);
  auto stored = store_.GetFollowRequest(2, 1);
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->show_reblogs);
  EXPECT_TRUE(stored->notify);
  EXPECT_EQ(stored->languages, (std::vector<std::string>{"zh", "ja"}));
  EXPECT_FALSE(store_.GetFollowRequest(1, 2).has_value());

  // The relationship shows what the follow will be.
  const Id target = 1;
  auto rel = store_.Relationships(2, std::span<const Id>(&target, 1));
  ASSERT_EQ(rel.size(), 1u);
  EXPECT_TRUE(rel[0].requested);
  EXPECT_FALSE(rel[0].showing_reblogs);
  EXPECT_TRUE(rel[0].notifying);
  EXPECT_EQ(rel[0].languages, (std::vector<std::string>{"zh", "ja"}));

  // Asking again updates the options in place (same row, same place in the queue).
  const Id first_cursor = store_.FollowRequestsFor(1, Page{}).at(0).cursor;
  request.notify = false;
  request.languages.clear();
  auto again = store_.AddFollowRequest(request);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  stored = store_.GetFollowRequest(2, 1);
  ASSERT_TRUE(stored.has_value());
  EXPECT_FALSE(stored->notify);
  EXPECT_TRUE(stored->languages.empty());
  EXPECT_EQ(store_.FollowRequestsFor(1, Page{}).at(0).cursor, first_cursor);

  // The follow that authorizes it takes the request away.
  ASSERT_TRUE(store_.AddFollow(*stored).ok());
  EXPECT_FALSE(store_.GetFollowRequest(2, 1).has_value());
}

TEST_F(GraphStoreTest, NotifyingFollowerIdsAreOnlyThoseWhoAskedForIt) {
  AddAccounts({1, 2, 3, 4});
  domain::Follow loud = FollowOf(2, 1);
  loud.notify = true;
  ASSERT_TRUE(store_.AddFollow(loud).ok());
  Follow(3, 1);
  domain::Follow elsewhere = FollowOf(4, 2);
  elsewhere.notify = true;
  ASSERT_TRUE(store_.AddFollow(elsewhere).ok());
  EXPECT_EQ(store_.NotifyingFollowerIds(1), (std::vector<Id>{2}));
  // Turning notify on for an existing follow counts; turning it off stops counting.
  domain::Follow quiet_now = FollowOf(3, 1);
  quiet_now.notify = true;
  ASSERT_TRUE(store_.AddFollow(quiet_now).ok());
  EXPECT_EQ(Sorted(store_.NotifyingFollowerIds(1)), (std::vector<Id>{2, 3}));
  loud.notify = false;
  ASSERT_TRUE(store_.AddFollow(loud).ok());
  EXPECT_EQ(store_.NotifyingFollowerIds(1), (std::vector<Id>{3}));
  ASSERT_TRUE(store_.RemoveFollow(3, 1).ok());
  EXPECT_TRUE(store_.NotifyingFollowerIds(1).empty());
  // Answers are cached; a change by any path (here raw SQL) is seen at once.
  ASSERT_TRUE(db().Write([](Connection& c) {
                    return c.Exec("UPDATE follows SET notify = 1 WHERE target_account_id = 1");
                  })
                  .ok());
  EXPECT_EQ(store_.NotifyingFollowerIds(1), (std::vector<Id>{2}));

  // The partial index serves it.
  Statement plan = db().Reader().Prepare(
      "EXPLAIN QUERY PLAN SELECT account_id FROM follows WHERE target_account_id = ?1 AND "
      "notify = 1");
  plan.Bind(1, 1);
  std::string detail;
  while (plan.Step()) detail += plan.Text(3) + "\n";
  EXPECT_NE(detail.find("follows_notifying"), std::string::npos) << detail;
}

TEST_F(GraphStoreTest, NotesAreSetReplacedAndCleared) {
  AddAccounts({1, 2, 3});
  const Id targets[] = {2, 3};
  EXPECT_EQ(store_.Relationships(1, targets)[0].note, "");
  ASSERT_TRUE(store_.SetNote(1, 2, "met at 咖啡馆", kNow).ok());
  ASSERT_TRUE(store_.SetNote(1, 2, "met at the café ☕", kNow + 1).ok());
  auto rels = store_.Relationships(1, targets);
  ASSERT_EQ(rels.size(), 2u);
  EXPECT_EQ(rels[0].note, "met at the café ☕");
  EXPECT_EQ(rels[1].note, "");
  // Notes are private: the other side sees none.
  const Id me[] = {1};
  EXPECT_EQ(store_.Relationships(2, me)[0].note, "");
  ASSERT_TRUE(store_.SetNote(1, 2, "", kNow + 2).ok());
  EXPECT_EQ(store_.Relationships(1, targets)[0].note, "");
  EXPECT_EQ(CountRows("account_notes"), 0);
  auto missing = store_.SetNote(1, 42, "who?", kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(GraphStoreTest, EndorsementsPageAndEndWithTheFollow) {
  AddAccounts({1, 2, 3, 4, 5});
  for (Id t : {2, 3, 4}) {
    Follow(1, t);
    auto added = store_.AddEndorsement(1, t, kNow);
    ASSERT_TRUE(added.ok());
    EXPECT_TRUE(*added);
  }
  auto again = store_.AddEndorsement(1, 2, kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  EXPECT_EQ(IdsOf(store_.Endorsements(1, Page{})), (std::vector<Id>{4, 3, 2}));
  Page two;
  two.limit = 2;
  auto first = store_.Endorsements(1, two);
  EXPECT_EQ(IdsOf(first), (std::vector<Id>{4, 3}));
  Page next;
  next.max_id = first.back().cursor;
  EXPECT_EQ(IdsOf(store_.Endorsements(1, next)), (std::vector<Id>{2}));
  const Id targets[] = {2, 5};
  auto rels = store_.Relationships(1, targets);
  EXPECT_TRUE(rels[0].endorsed);
  EXPECT_FALSE(rels[1].endorsed);

  auto removed = store_.RemoveEndorsement(1, 3);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  // Unfollowing and blocking end endorsements in the same transaction.
  ASSERT_TRUE(store_.RemoveFollow(1, 2).ok());
  ASSERT_TRUE(store_.AddBlock(4, 1, kNow).ok());
  EXPECT_TRUE(store_.Endorsements(1, Page{}).empty());
  auto missing = store_.AddEndorsement(1, 42, kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(GraphStoreTest, TagFollowsCreateTagsAndPage) {
  AddAccounts({1, 2});
  auto followed = store_.FollowTag(1, "magpie", "Magpie", kNow);
  ASSERT_TRUE(followed.ok()) << followed.error().message;
  EXPECT_EQ(followed->name, "Magpie");
  EXPECT_EQ(followed->normalized, "magpie");
  // A second spelling of a known tag keeps the first one; following again is no new row.
  auto again = store_.FollowTag(1, "magpie", "MAGPIE", kNow + 1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->name, "Magpie");
  EXPECT_EQ(again->cursor, followed->cursor);
  ASSERT_TRUE(store_.FollowTag(1, "春节 快乐", "春节 快乐", kNow).ok());
  ASSERT_TRUE(store_.FollowTag(1, "rust", "Rust", kNow).ok());
  ASSERT_TRUE(store_.FollowTag(2, "rust", "rust", kNow).ok());

  auto all = store_.FollowedTags(1, Page{});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].name, "Rust");
  EXPECT_EQ(all[1].name, "春节 快乐");
  EXPECT_EQ(all[2].name, "Magpie");
  Page one;
  one.limit = 1;
  one.max_id = all[0].cursor;
  auto page = store_.FollowedTags(1, one);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].normalized, "春节 快乐");

  std::vector<std::string> names = store_.FollowedTagNames(1);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"magpie", "rust", "春节 快乐"}));
  EXPECT_EQ(Sorted(store_.TagFollowerIds("rust")), (std::vector<Id>{1, 2}));
  EXPECT_TRUE(store_.TagFollowerIds("nobody-uses-this").empty());

  auto removed = store_.UnfollowTag(1, "rust");
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  auto removed_again = store_.UnfollowTag(1, "rust");
  ASSERT_TRUE(removed_again.ok());
  EXPECT_FALSE(*removed_again);
  auto unknown = store_.UnfollowTag(1, "never-seen");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(*unknown);
  EXPECT_EQ(store_.TagFollowerIds("rust"), (std::vector<Id>{2}));
  auto missing = store_.FollowTag(42, "rust", "rust", kNow);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace magpie::storage::sqlite
