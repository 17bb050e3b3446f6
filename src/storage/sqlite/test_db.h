// Test helper: a migrated Database in a fresh temporary directory, removed afterwards.
//
// Each TestDatabase owns its own directory under /tmp, so tests never share state and can run
// in parallel. synchronous=OFF: the data is thrown away, durability is not under test here.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "storage/sqlite/database.h"

namespace magpie::storage::sqlite {

class TestDatabase {
 public:
  // `tweak` may change the options before the database opens.
  explicit TestDatabase(const std::function<void(DatabaseOptions&)>& tweak = nullptr) {
    std::string templ = (std::filesystem::temp_directory_path() / "magpie-test-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp failed for " << templ;
      std::abort();
    }
    dir_ = templ;
    DatabaseOptions options;
    options.path = dir_ + "/magpie.db";
    options.synchronous_full = false;
    if (tweak) tweak(options);
    auto db = Database::Open(std::move(options), /*migrate=*/true, nullptr);
    if (!db.ok()) {
      ADD_FAILURE() << "cannot open test database: " << db.error().message;
      std::abort();
    }
    db_ = std::move(db).value();
  }
  ~TestDatabase() {
    db_.reset();  // close every connection before the files go
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Database& db() { return *db_; }
  // Closes the database (drains its write queue) before the test ends.
  void Close() { db_.reset(); }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::unique_ptr<Database> db_;
};

}  // namespace magpie::storage::sqlite
