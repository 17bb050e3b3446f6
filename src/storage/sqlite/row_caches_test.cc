// The caches in front of SQLite and what keeps them exact: Database::Watch (row watches through
// the pre-update hook), the account-row cache of SqliteAccountStore and the viewer-interaction
// cache of SqliteStatusStore. Each cache test keeps one long-lived store (so reads hit its cache)
// and changes rows through other stores or raw SQL, the way the server's write paths do.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

#include "core/snapshot_cache.h"
#include "storage/sqlite/account_store.h"
#include "storage/sqlite/graph_store.h"
#include "storage/sqlite/status_store.h"
#include "storage/sqlite/test_db.h"
#include "storage/sqlite/viewer_interactions.h"

namespace magpie::storage::sqlite {
namespace {

using core::Status;
using domain::Id;

Status Exec(Database& db, std::string sql) {
  return db.Write([&](Connection& c) { return c.Exec(sql); });
}

// --- Database::Watch -----------------------------------------------------------------------

class WatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Exec(db(),
                     "CREATE TABLE things (id INTEGER PRIMARY KEY, owner INTEGER NOT NULL, "
                     "tag INTEGER)")
                    .ok());
  }
  Database& db() { return tdb_.db(); }
  // Watches things.owner; every batch of keys reported is appended to `seen`.
  Database::WatchHandle WatchOwners(std::vector<std::vector<int64_t>>& seen,
                                    std::string only_if_set = "") {
    auto handle = db().Watch(
        {.table = "things", .key_column = "owner", .only_if_set = only_if_set},
        [&seen](std::span<const int64_t> keys) { seen.emplace_back(keys.begin(), keys.end()); });
    EXPECT_TRUE(handle.ok());
    return handle.ok() ? std::move(handle).value() : Database::WatchHandle();
  }

  TestDatabase tdb_;
};

TEST_F(WatchTest, ReportsKeysOfInsertedUpdatedAndDeletedRowsAfterCommit) {
  std::vector<std::vector<int64_t>> seen;
  auto handle = WatchOwners(seen);
  ASSERT_TRUE(Exec(db(), "INSERT INTO things (id, owner) VALUES (1, 10), (2, 20), (3, 10)").ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], (std::vector<int64_t>{10, 20}));  // distinct, sorted
  // An update reports the value before and after.
  ASSERT_TRUE(Exec(db(), "UPDATE things SET owner = 30 WHERE id = 2").ok());
  EXPECT_EQ(seen.back(), (std::vector<int64_t>{20, 30}));
  ASSERT_TRUE(Exec(db(), "DELETE FROM things WHERE id = 1").ok());
  EXPECT_EQ(seen.back(), (std::vector<int64_t>{10}));
  // Other tables are not reported.
  ASSERT_TRUE(Exec(db(), "CREATE TABLE other (owner INTEGER); INSERT INTO other VALUES (5)").ok());
  EXPECT_EQ(seen.size(), 3u);
}

TEST_F(WatchTest, OnlyIfSetSkipsRowsWhereTheColumnIsNull) {
  std::vector<std::vector<int64_t>> seen;
  auto handle = WatchOwners(seen, "tag");
  ASSERT_TRUE(
      Exec(db(), "INSERT INTO things (id, owner, tag) VALUES (1, 10, NULL), (2, 20, 1)").ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0], (std::vector<int64_t>{20}));
}

TEST_F(WatchTest, ARolledBackJobIsReportedAndAnEndedWatchIsNot) {
  std::vector<std::vector<int64_t>> seen;
  {
    auto handle = WatchOwners(seen);
    Status failed = db().Write([](Connection& c) -> Status {
      MAGPIE_RETURN_IF_ERROR(c.Exec("INSERT INTO things (id, owner) VALUES (1, 10)"));
      return core::Error::Internal("changed my mind");
    });
    EXPECT_FALSE(failed.ok());
    ASSERT_EQ(seen.size(), 1u);  // an extra invalidation is harmless; a missed one is not
    EXPECT_EQ(seen[0], (std::vector<int64_t>{10}));
  }
  ASSERT_TRUE(Exec(db(), "INSERT INTO things (id, owner) VALUES (2, 20)").ok());
  EXPECT_EQ(seen.size(), 1u);
}

TEST_F(WatchTest, UnknownTableOrColumnIsAnError) {
  auto cb = [](std::span<const int64_t>) {};
  EXPECT_FALSE(db().Watch({.table = "nope", .key_column = "id", .only_if_set = ""}, cb).ok());
  EXPECT_FALSE(db().Watch({.table = "things", .key_column = "nope", .only_if_set = ""}, cb).ok());
  EXPECT_FALSE(db().Watch({.table = "things", .key_column = "id", .only_if_set = "nope"}, cb).ok());
}

// Watches things by id with `tag` as a value column; each batch reported is appended to `seen`.
class ValueWatchTest : public WatchTest {
 protected:
  Database::WatchHandle WatchTags(std::vector<std::vector<RowChange>>& seen) {
    auto handle = db().WatchChanges({.table = "things", .key_column = "id", .only_if_set = ""},
                                    {"tag"}, [&seen](std::span<const RowChange> changes) {
                                      seen.emplace_back(changes.begin(), changes.end());
                                    });
    EXPECT_TRUE(handle.ok());
    return handle.ok() ? std::move(handle).value() : Database::WatchHandle();
  }
  static std::string Show(const std::vector<RowChange>& changes) {
    std::string out;
    for (const RowChange& c : changes) {
      out += std::to_string(c.key) + (c.has_values ? "=" + std::to_string(c.values[0]) : "!") + " ";
    }
    return out;
  }
};

TEST_F(ValueWatchTest, UpdatesOfValueColumnsOnlyComeWithTheirNewValues) {
  ASSERT_TRUE(Exec(db(), "INSERT INTO things (id, owner, tag) VALUES (1, 10, 0), (2, 20, 0)").ok());
  std::vector<std::vector<RowChange>> seen;
  auto handle = WatchTags(seen);
  ASSERT_TRUE(Exec(db(), "UPDATE things SET tag = tag + 5 WHERE id = 1").ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(Show(seen[0]), "1=5 ");
  // Another column changed too: reload. Unchanged values written back count as unchanged.
  ASSERT_TRUE(Exec(db(), "UPDATE things SET tag = 7, owner = 11 WHERE id = 1").ok());
  EXPECT_EQ(Show(seen.back()), "1! ");
  ASSERT_TRUE(Exec(db(), "UPDATE things SET tag = 8, owner = 11 WHERE id = 1").ok());
  EXPECT_EQ(Show(seen.back()), "1=8 ");
  // Inserts and deletes: reload.
  ASSERT_TRUE(Exec(db(), "INSERT INTO things (id, owner, tag) VALUES (3, 30, 1)").ok());
  EXPECT_EQ(Show(seen.back()), "3! ");
  ASSERT_TRUE(Exec(db(), "DELETE FROM things WHERE id = 3").ok());
  EXPECT_EQ(Show(seen.back()), "3! ");
  // A NULL cannot be patched in.
  ASSERT_TRUE(Exec(db(), "UPDATE things SET tag = NULL WHERE id = 2").ok());
  EXPECT_EQ(Show(seen.back()), "2! ");
}

TEST_F(ValueWatchTest, OneEntryPerRowAndBatch) {
  ASSERT_TRUE(Exec(db(), "INSERT INTO things (id, owner, tag) VALUES (1, 10, 0), (2, 20, 0)").ok());
  std::vector<std::vector<RowChange>> seen;
  auto handle = WatchTags(seen);
  // Two patches of one row: the last values. A patch and a reload of one row: a reload.
  ASSERT_TRUE(
      Exec(db(),
           "UPDATE things SET tag = 1 WHERE id = 2; UPDATE things SET tag = 2 WHERE id = 2; "
           "UPDATE things SET tag = 3 WHERE id = 1; UPDATE things SET owner = 12 WHERE id "
           "= 1; UPDATE things SET tag = 4 WHERE id = 1")
          .ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(Show(seen[0]), "1! 2=2 ");
}

TEST_F(ValueWatchTest, ARolledBackJobOrAFailedCommitHandsOutNoValues) {
  ASSERT_TRUE(Exec(db(), "INSERT INTO things (id, owner, tag) VALUES (1, 10, 0), (2, 20, 0)").ok());
  std::vector<std::vector<RowChange>> seen;
  auto handle = WatchTags(seen);
  Status failed = db().Write([](Connection& c) -> Status {
    MAGPIE_RETURN_IF_ERROR(c.Exec("UPDATE things SET tag = 9 WHERE id = 1"));
    return core::Error::Internal("changed my mind");
  });
  EXPECT_FALSE(failed.ok());
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(Show(seen[0]), "1! ");  // the row still holds 0: a reload finds it
  // Jobs in one batch are independent: a good job's values survive a failing neighbour. Both
  // are queued before the writer can take either, from two threads.
  std::thread good([&] { EXPECT_TRUE(Exec(db(), "UPDATE things SET tag = 4 WHERE id = 2").ok()); });
  std::thread bad([&] {
    EXPECT_FALSE(db().Write([](Connection& c) -> Status {
                       MAGPIE_RETURN_IF_ERROR(c.Exec("UPDATE things SET tag = 5 WHERE id = 1"));
                       return core::Error::Internal("no");
                     })
                     .ok());
  });
  good.join();
  bad.join();
  std::string all;
  for (size_t i = 1; i < seen.size(); ++i) all += Show(seen[i]);
  EXPECT_NE(all.find("2=4 "), std::string::npos);
  EXPECT_NE(all.find("1! "), std::string::npos);
  EXPECT_EQ(all.find("1=5"), std::string::npos);
}

TEST_F(ValueWatchTest, ValueColumnsMustExist) {
  auto changes = [](std::span<const RowChange>) {};
  const RowWatch things{.table = "things", .key_column = "id", .only_if_set = ""};
  EXPECT_FALSE(db().WatchChanges(things, {"nope"}, changes).ok());
  EXPECT_FALSE(db().WatchChanges(things, {}, changes).ok());
  EXPECT_FALSE(
      db().WatchChanges(things, {"tag", "tag", "tag", "tag", "tag", "tag", "tag"}, changes).ok());
  EXPECT_TRUE(db().WatchChanges(things, {"tag", "owner"}, changes).ok());
}

// --- checkpoints beside the writer ----------------------------------------------------------

TEST(CheckpointTest, TheCheckpointerKeepsTheLogShortWhileTheWriterWrites) {
  TestDatabase scratch;  // only for its directory
  core::metrics::Registry metrics;
  DatabaseOptions options;
  options.path = scratch.dir() + "/checkpointed.db";
  options.checkpoint_pages = 20;
  auto db = Database::Open(options, /*migrate=*/true, &metrics);
  ASSERT_TRUE(db.ok()) << db.error().message;
  ASSERT_TRUE(Exec(**db, "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)").ok());
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(Exec(**db, "INSERT INTO blobs (data) VALUES (randomblob(16000))").ok());
  }
  auto& checkpoints = metrics.GetCounter("magpie_db_checkpoints_total", "");
  for (int i = 0; i < 500 && checkpoints.Value() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT(checkpoints.Value(), 0u);
  // Every row is still there, through the log and the database file alike.
  Statement st = (*db)->Reader().Prepare("SELECT COUNT(*) FROM blobs");
  ASSERT_TRUE(st.Step());
  EXPECT_EQ(st.Int(0), 50);
}

// --- the account-row cache -------------------------------------------------------------------

class AccountCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto [id, name] : {std::pair<Id, const char*>{1, "alice"}, {2, "bob"}}) {
      domain::Account a;
      a.id = id;
      a.username = name;
      ASSERT_TRUE(accounts_.CreateLocal(a, domain::User{}).ok());
    }
  }
  domain::Account Get(Id id) {
    auto a = accounts_.Get(id);
    EXPECT_TRUE(a.ok());
    return a.ok() ? *a : domain::Account{};
  }

  TestDatabase tdb_;
  SqliteAccountStore accounts_{tdb_.db()};
};

TEST_F(AccountCacheTest, CountersMovedByOtherStoresShowAtOnce) {
  EXPECT_EQ(Get(1).statuses_count, 0);
  EXPECT_EQ(Get(2).followers_count, 0);
  const auto hits_before = accounts_.cache_stats().hits;
  EXPECT_EQ(Get(1).statuses_count, 0);
  EXPECT_GT(accounts_.cache_stats().hits, hits_before);  // served from memory

  SqliteStatusStore statuses(tdb_.db());
  domain::Status s;
  s.id = 100;
  s.account_id = 1;
  s.text = "hi";
  s.created_at = 1'700'000'000'000;
  s.conversation_id = 100;
  ASSERT_TRUE(statuses.Create(s, {}, "").ok());
  // The counter is patched into the cached row: no reload.
  const auto misses_before = accounts_.cache_stats().misses;
  EXPECT_EQ(Get(1).statuses_count, 1);
  EXPECT_EQ(Get(1).last_status_at, s.created_at);
  EXPECT_EQ(accounts_.cache_stats().misses, misses_before);

  SqliteGraphStore graph(tdb_.db());
  domain::Follow f;
  f.account_id = 1;
  f.target_account_id = 2;
  ASSERT_TRUE(graph.AddFollow(f).ok());
  EXPECT_EQ(Get(2).followers_count, 1);
  EXPECT_EQ(Get(1).following_count, 1);
  std::vector<Id> both = {2, 1};
  auto many = accounts_.GetMany(both);
  ASSERT_EQ(many.size(), 2u);
  EXPECT_EQ(many[0].id, 1);  // ascending ids
  EXPECT_EQ(many[1].followers_count, 1);

  ASSERT_TRUE(statuses.Delete(100).ok());
  EXPECT_EQ(Get(1).statuses_count, 0);
}

TEST_F(AccountCacheTest, ProfileEditsAndRawWritesShowAtOnce) {
  domain::Account a = Get(1);
  a.display_name = "Alice A.";
  ASSERT_TRUE(accounts_.UpdateProfile(a).ok());
  EXPECT_EQ(Get(1).display_name, "Alice A.");
  ASSERT_TRUE(Exec(tdb_.db(), "UPDATE accounts SET suspended = 1 WHERE id = 1").ok());
  EXPECT_TRUE(Get(1).suspended);
  ASSERT_TRUE(Exec(tdb_.db(),
                   "INSERT INTO accounts (id, username, domain, created_at) VALUES (5, 'eve', "
                   "'remote.example', 0)")
                  .ok());
  EXPECT_EQ(Get(5).username, "eve");
  ASSERT_TRUE(Exec(tdb_.db(), "DELETE FROM accounts WHERE id = 5").ok());
  EXPECT_FALSE(accounts_.Get(5).ok());
}

TEST_F(AccountCacheTest, AProfileEditAndACounterInOneBatchAreBothSeen) {
  EXPECT_EQ(Get(1).statuses_count, 0);
  ASSERT_TRUE(Exec(tdb_.db(),
                   "UPDATE accounts SET statuses_count = 3 WHERE id = 1; UPDATE accounts SET "
                   "display_name = 'Renamed' WHERE id = 1; UPDATE accounts SET statuses_count = "
                   "4 WHERE id = 1")
                  .ok());
  EXPECT_EQ(Get(1).display_name, "Renamed");
  EXPECT_EQ(Get(1).statuses_count, 4);
}

TEST_F(AccountCacheTest, UserRowsAreCachedAndKeptCurrent) {
  auto user = accounts_.GetUser(1);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->default_language, "");
  user->default_language = "ja";
  ASSERT_TRUE(accounts_.UpdateUser(*user).ok());
  EXPECT_EQ(accounts_.GetUser(1)->default_language, "ja");
  ASSERT_TRUE(
      Exec(tdb_.db(), "UPDATE users SET default_language = 'es' WHERE account_id = 1").ok());
  EXPECT_EQ(accounts_.GetUser(1)->default_language, "es");
  EXPECT_FALSE(accounts_.GetUser(42).ok());
}

TEST_F(AccountCacheTest, AnAccountCreatedAfterAMissIsFound) {
  EXPECT_FALSE(accounts_.Get(3).ok());
  domain::Account c;
  c.id = 3;
  c.username = "carol";
  ASSERT_TRUE(accounts_.CreateLocal(c, domain::User{}).ok());
  EXPECT_TRUE(accounts_.Get(3).ok());
}

// --- the viewer-interaction cache -----------------------------------------------------------

class InteractionCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteAccountStore accounts(tdb_.db());
    for (auto [id, name] : {std::pair<Id, const char*>{1, "alice"}, {2, "bob"}}) {
      domain::Account a;
      a.id = id;
      a.username = name;
      ASSERT_TRUE(accounts.CreateLocal(a, domain::User{}).ok());
    }
    for (Id id : {100, 101, 102}) Post(id, 1, 0);
  }
  void Post(Id id, Id author, Id reblog_of) {
    domain::Status s;
    s.id = id;
    s.account_id = author;
    s.text = reblog_of != 0 ? "" : "hello";
    s.reblog_of_id = reblog_of;
    s.created_at = 1'700'000'000'000 + id;
    s.conversation_id = id;
    ASSERT_TRUE(statuses_.Create(s, {}, "").ok());
  }
  domain::InteractionFlags Flags(Id viewer, Id status) {
    std::vector<Id> ids = {100, 101, 102};
    auto all = statuses_.Interactions(viewer, ids);
    auto it = all.find(status);
    return it == all.end() ? domain::InteractionFlags{} : it->second;
  }

  TestDatabase tdb_;
  SqliteStatusStore statuses_{tdb_.db()};
};

TEST_F(InteractionCacheTest, EveryKindOfWriteShowsAtOnce) {
  EXPECT_FALSE(Flags(2, 100).favourited);  // loads bob's (empty) sets
  ASSERT_TRUE(statuses_.AddFavourite(2, 100, 1).ok());
  EXPECT_TRUE(Flags(2, 100).favourited);
  EXPECT_FALSE(Flags(2, 101).favourited);
  EXPECT_FALSE(Flags(1, 100).favourited);  // per viewer
  ASSERT_TRUE(statuses_.AddBookmark(2, 101, 1).ok());
  EXPECT_TRUE(Flags(2, 101).bookmarked);
  ASSERT_TRUE(statuses_.Pin(1, 102, 1).ok());
  EXPECT_TRUE(Flags(1, 102).pinned);
  Post(200, 2, 102);  // bob reblogs 102
  EXPECT_TRUE(Flags(2, 102).reblogged);
  ASSERT_TRUE(statuses_.Delete(200).ok());
  EXPECT_FALSE(Flags(2, 102).reblogged);
  ASSERT_TRUE(statuses_.RemoveFavourite(2, 100).ok());
  EXPECT_FALSE(Flags(2, 100).favourited);
  ASSERT_TRUE(statuses_.MuteConversation(2, 101, 1).ok());
  EXPECT_TRUE(Flags(2, 101).muted);
  EXPECT_TRUE(Flags(2, 101).bookmarked);
  EXPECT_FALSE(Flags(2, 100).muted);
  ASSERT_TRUE(statuses_.UnmuteConversation(2, 101).ok());
  EXPECT_FALSE(Flags(2, 101).muted);
}

TEST_F(InteractionCacheTest, AViewerWithTooManyIsAnsweredByTheStore) {
  auto cache = ViewerInteractionCache::Create(tdb_.db(), 100, /*max_per_kind=*/2);
  ASSERT_TRUE(cache.ok());
  for (Id id : {100, 101}) ASSERT_TRUE(statuses_.AddFavourite(2, id, 1).ok());
  auto two = (*cache)->Get(2);
  EXPECT_TRUE(two->complete);
  EXPECT_TRUE(two->FlagsFor(101).favourited);
  ASSERT_TRUE(statuses_.AddFavourite(2, 102, 1).ok());
  EXPECT_FALSE((*cache)->Get(2)->complete);
  // The store still answers exactly for such a viewer.
  EXPECT_TRUE(Flags(2, 102).favourited);
}

}  // namespace
}  // namespace magpie::storage::sqlite
