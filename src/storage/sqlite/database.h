// SQLite access for the embedded store (DESIGN.md §4).
//
// One database file in WAL mode. Writes go through a single writer thread that takes jobs from a
// queue and commits them in groups (leveldb's DBImpl::Write): every waiting job joins the next
// transaction, each job runs inside its own SAVEPOINT so one failing job rolls back alone, and
// every caller is woken only after the COMMIT is durable (synchronous=FULL: the WAL is fsync'd).
// Readers use one connection per thread (opened lazily, thread_local), so reads never wait for
// the writer.
//
// Statements are prepared once per connection and cached by SQL text; values are always bound,
// never spliced into SQL.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/metrics.h"
#include "core/result.h"
#include "core/thread_annotations.h"

namespace magpie::storage::sqlite {

class Connection;

// A prepared statement borrowed from a connection's cache; reset and unbound on destruction.
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, Connection* conn) : stmt_(stmt), conn_(conn) {}
  ~Statement();
  Statement(Statement&& other) noexcept : stmt_(other.stmt_), conn_(other.conn_) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  // Bind by 1-based index.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);  // copied by SQLite (SQLITE_TRANSIENT)
  Statement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& BindNull(int index);
  // Binds values to ?1, ?2, ... in order.
  template <typename... Args>
  Statement& BindAll(const Args&... args) {
    int i = 0;
    (Bind(++i, args), ...);
    return *this;
  }

  // Advances to the next row: true if there is one. A failure is recorded and reported by
  // status() (and makes Step return false), so loops stay simple.
  bool Step();
  // Runs a statement that returns no rows (or ignores them).
  core::Status Run();
  core::Status status() const { return error_ ? core::Status(*error_) : core::Ok(); }
  // True when the last Step/Run failed on a UNIQUE or PRIMARY KEY constraint.
  bool constraint_violation() const { return constraint_; }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool Bool(int col) const { return sqlite3_column_int64(stmt_, col) != 0; }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_;
  Connection* conn_;
  std::optional<core::Error> error_;
  bool constraint_ = false;
};

class Connection {
 public:
  // Opens (creating if needed) the database at `path` (":memory:" not supported: readers and the
  // writer must share a file).
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement. SQL errors are programming errors: they are logged and the
  // returned statement reports them through status().
  Statement Prepare(std::string_view sql);
  // Runs one or more statements without results (schema, pragmas).
  core::Status Exec(std::string_view sql);
  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() const { return db_; }
  std::string LastError() const { return sqlite3_errmsg(db_); }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// A numbered schema migration. Applied in order, each in its own transaction, recorded in the
// schema_migrations table.
struct Migration {
  int version;
  std::string name;
  std::string sql;
};
// The migrations compiled into the binary (storage/sqlite/migrations/*.sql), in order.
const std::vector<Migration>& AllMigrations();

struct DatabaseOptions {
  std::string path;              // the database file
  size_t max_batch = 512;        // most jobs per group commit
  bool synchronous_full = true;  // false only for bulk loads and throw-away test data
};

class Database {
 public:
  // Opens the file, sets WAL and synchronous mode, applies pending migrations when
  // `migrate` is true (otherwise fails if any are pending), and starts the writer thread.
  static core::Result<std::unique_ptr<Database>> Open(DatabaseOptions options, bool migrate,
                                                      core::metrics::Registry* metrics);
  ~Database();  // drains the queue, commits, stops the writer
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs `job` on the writer connection inside the next group commit and returns its result
  // once that commit is durable. If the job fails, only its own changes are rolled back.
  // Blocks the calling thread: call from the worker pool, never from an event loop.
  core::Status Write(std::function<core::Status(Connection&)> job);
  template <typename T>
  core::Result<T> WriteReturning(std::function<core::Result<T>(Connection&)> job) {
    std::optional<core::Result<T>> out;
    core::Status s = Write([&](Connection& c) -> core::Status {
      out.emplace(job(c));
      if (!out->ok()) return out->error();
      return core::Ok();
    });
    if (!s.ok()) return std::move(s).error();
    return std::move(*out);
  }

  // This thread's read connection (opened on first use; sees every committed write).
  Connection& Reader();

  // Applies pending migrations; returns how many ran.
  static core::Result<int> Migrate(Connection& conn);
  static core::Result<int> PendingMigrations(Connection& conn);

  const std::string& path() const { return options_.path; }

 private:
  struct Job;
  explicit Database(DatabaseOptions options) : options_(std::move(options)) {}
  void WriterLoop();
  void CommitBatch(std::vector<Job*>& batch);

  DatabaseOptions options_;
  std::unique_ptr<Connection> writer_conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  std::thread writer_;
  // Every thread's read connection, owned here so they close with the Database.
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> readers_ GUARDED_BY(readers_mu_);
  uint64_t generation_;  // tells this Database's thread_local readers apart from an old one's
  core::metrics::Counter* commits_ = nullptr;
  core::metrics::Counter* jobs_ = nullptr;
};

}  // namespace magpie::storage::sqlite
