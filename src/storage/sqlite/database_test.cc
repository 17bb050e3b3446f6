// Database behaviour that no store test sees: the WAL's size under a writer that never pauses,
// and writes that do not wait for their commit (WriteAsync).
#include "storage/sqlite/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/sqlite/test_db.h"

namespace magpie::storage::sqlite {
namespace {

constexpr int kCheckpointPages = 64;

TEST(DatabaseTest, TheLogStartsOverUnderAWriterThatNeverPauses) {
  TestDatabase tdb([](DatabaseOptions& o) { o.checkpoint_pages = kCheckpointPages; });
  Database& db = tdb.db();
  ASSERT_TRUE(db.Write([](Connection& c) {
                  return c.Exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
                }).ok());
  // Four writers keep the queue full, so the checkpointer never finds the writer idle; each row
  // fills about a page, so 2,000 rows put 2,000 frames through the log. Two readers keep reading
  // snapshots of the log meanwhile.
  std::atomic<bool> writing{true};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&db, &writing] {
      while (writing.load()) {
        Statement st = db.Reader().Prepare("SELECT max(id) FROM blobs");
        EXPECT_TRUE(st.Step());
      }
    });
  }
  constexpr int kThreads = 4;
  constexpr int kRowsEach = 500;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&db] {
      for (int i = 0; i < kRowsEach; ++i) {
        EXPECT_TRUE(db.Write([](Connection& c) {
                        return c.Exec("INSERT INTO blobs (data) VALUES (randomblob(3500))");
                      }).ok());
      }
    });
  }
  for (auto& w : writers) w.join();
  writing = false;
  for (auto& r : readers) r.join();

  Connection& reader = db.Reader();
  Statement count = reader.Prepare("SELECT count(*) FROM blobs");
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), kThreads * kRowsEach);
  // A log that was never started over would hold every one of those frames (about 8 MB).
  const auto wal_bytes = std::filesystem::file_size(tdb.dir() + "/magpie.db-wal");
  const auto unbounded = static_cast<uintmax_t>(kThreads) * kRowsEach * 4096;
  EXPECT_LT(wal_bytes, unbounded / 3) << "the WAL grew to " << wal_bytes << " bytes";
}

TEST(DatabaseTest, WriteAsyncReportsEachJobsOwnResultAfterItsCommit) {
  TestDatabase tdb;
  Database& db = tdb.db();
  ASSERT_TRUE(db.Write([](Connection& c) {
                  return c.Exec("CREATE TABLE items (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
                }).ok());
  constexpr int kThreads = 4;
  constexpr int kJobsEach = 100;
  std::latch all_done(kThreads * kJobsEach);
  std::atomic<int> succeeded{0};
  std::atomic<int> failed{0};
  std::atomic<int> on_caller_thread{0};
  std::atomic<int> unseen_after_done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const auto caller = std::this_thread::get_id();
      for (int i = 0; i < kJobsEach; ++i) {
        const int n = t * kJobsEach + i;
        // Every tenth job inserts a row and then fails: only its own row may be rolled back.
        const bool fails = n % 10 == 0;
        db.WriteAsync(
            [n, fails](Connection& c) -> core::Status {
              MAGPIE_RETURN_IF_ERROR(
                  c.Prepare("INSERT INTO items (id, n) VALUES (?1, ?1)").BindAll(n + 1).Run());
              if (fails) return core::Error::Invalid("planned failure");
              return core::Ok();
            },
            [&, n, fails, caller](const core::Status& result) {
              if (std::this_thread::get_id() == caller) on_caller_thread.fetch_add(1);
              if (result.ok() != !fails) ADD_FAILURE() << "job " << n << " got the wrong result";
              (result.ok() ? succeeded : failed).fetch_add(1);
              if (result.ok()) {
                // Committed means readable by every reader from now on.
                std::thread check([&db, &unseen_after_done, n] {
                  Statement st = db.Reader().Prepare("SELECT count(*) FROM items WHERE id = ?1");
                  st.Bind(1, static_cast<int64_t>(n) + 1);
                  if (!st.Step() || st.Int(0) != 1) unseen_after_done.fetch_add(1);
                });
                check.join();
              }
              all_done.count_down();
            });
      }
    });
  }
  for (auto& t : threads) t.join();
  all_done.wait();
  EXPECT_EQ(failed.load(), kThreads * kJobsEach / 10);
  EXPECT_EQ(succeeded.load(), kThreads * kJobsEach * 9 / 10);
  EXPECT_EQ(on_caller_thread.load(), 0);
  EXPECT_EQ(unseen_after_done.load(), 0);
  Statement count = db.Reader().Prepare("SELECT count(*), sum(n % 10 = 1) FROM items");
  ASSERT_TRUE(count.Step());
  EXPECT_EQ(count.Int(0), succeeded.load());
  EXPECT_EQ(count.Int(1), 0);  // the rows of the failing jobs (n + 1 with n % 10 == 0) are gone
}

TEST(DatabaseTest, QueuedAsyncWritesCommitBeforeTheDatabaseCloses) {
  TestDatabase tdb;
  ASSERT_TRUE(tdb.db()
                  .Write([](Connection& c) {
                    return c.Exec("CREATE TABLE items (id INTEGER PRIMARY KEY)");
                  })
                  .ok());
  std::atomic<int> committed{0};
  for (int i = 0; i < 500; ++i) {
    tdb.db().WriteAsync([](Connection& c) { return c.Exec("INSERT INTO items DEFAULT VALUES"); },
                        [&committed](const core::Status& result) {
                          if (result.ok()) committed.fetch_add(1);
                        });
  }
  tdb.Close();  // drains the queue: every acknowledged job is written
  EXPECT_EQ(committed.load(), 500);
}

}  // namespace
}  // namespace magpie::storage::sqlite
