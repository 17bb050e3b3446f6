// Database behaviour that no store test sees: the WAL's size under a writer that never pauses.
#include "storage/sqlite/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
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

}  // namespace
}  // namespace magpie::storage::sqlite
