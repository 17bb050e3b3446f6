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

#include <array>
#include <atomic>
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
#include <utility>
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
  // Looked up by string_view (transparent hash), so a cache hit allocates nothing.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
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

// A watch on the rows one table's writes touch, for caches of those rows (account rows, a viewer's
// favourites): after every group commit, the watcher gets the distinct values `key_column` had,
// before or after the change, in each row the batch inserted, updated or deleted -- whatever
// statement, trigger or foreign-key cascade made the change, so no write path can forget to
// invalidate. With `only_if_set` given, only rows where that column is not NULL (before or after)
// count. Rows of a job that was rolled back are reported too (a harmless extra invalidation).
struct RowWatch {
  std::string table;
  std::string key_column;
  std::string only_if_set;
};
inline constexpr size_t kMaxValueColumns = 6;

// What Database::WatchChanges reports per row. With `value_columns` (integer columns a cache can
// patch instead of reloading the row, such as counters), a row whose only changes in the batch
// were UPDATEs of those columns comes with their new values; any other change to it (another
// column, an insert or delete, a job rolled back, a failed commit) is a plain invalidation.
// The values are seen as statements make them: a statement that fails is undone by SQLite but was
// seen, so a job must fail when one of its statements does (every job returns such errors).
struct RowChange {
  int64_t key = 0;
  bool has_values = false;                         // false: reload the row
  std::array<int64_t, kMaxValueColumns> values{};  // the value columns' new values, in order
};

// Runs on the writer thread after the COMMIT and before any caller of that batch is woken, so a
// writer never reads a cache older than its own write. Must be quick and must not call
// Database::Write, Watch or Unwatch.
using RowWatchCallback = std::function<void(std::span<const int64_t> keys)>;
// The same for watches with value columns; one entry per key, in key order.
using RowChangeCallback = std::function<void(std::span<const RowChange> changes)>;

struct DatabaseOptions {
  std::string path;              // the database file
  size_t max_batch = 512;        // most jobs per group commit
  bool synchronous_full = true;  // false only for bulk loads and throw-away test data
  // The writer's page cache. Inserts land all over the secondary indexes (statuses by author,
  // follows by target), and each page missing here is a pread from the OS cache on the one
  // thread every write waits for.
  int writer_cache_kib = 65'536;
  // WAL pages after which the checkpointer thread copies the log back into the database file.
  // SQLite's own automatic checkpoint would run inside a commit, on the writer, with an fsync of
  // the database file; here the bulk of it runs beside it (PASSIVE: never blocks writers or
  // readers) and the writer copies only the last frames (see Database::CheckpointLoop). Each
  // hand-over pauses the writer for about one fsync of each file (20-40 ms on the development
  // machine): 16,000 pages (64 MB) make that once a second at full write load instead of four
  // times with 4,000, at the price of a larger log.
  int checkpoint_pages = 16'000;
  // The writer thread's scheduling priority as a nice value (0: the process's own). Every write
  // waits for this one thread, so when the cores are busy with reads, JSON and the network it
  // must not queue behind them: under the create-post benchmark on 2 cores, -10 gave 15-20% more
  // posts/s. Raising a priority needs CAP_SYS_NICE or RLIMIT_NICE; without either the writer
  // keeps the process's priority and the log says how to allow it.
  int writer_nice = 0;
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
  // Write without waiting: `done` gets the job's result once its commit is durable (or failed),
  // on the writer thread, so it must only hand the rest of the work to another thread. Never
  // blocks; for event-loop threads (an asynchronous request, http::Reply).
  using WriteDone = std::function<void(core::Status)>;
  void WriteAsync(std::function<core::Status(Connection&)> job, WriteDone done);
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

  // Starts watching a table (see RowWatch); the watch ends when the handle is destroyed, which
  // must happen before the Database is. Fails when the table or a column does not exist.
  class WatchHandle {
   public:
    WatchHandle() = default;
    WatchHandle(Database* db, uint64_t id) : db_(db), id_(id) {}
    WatchHandle(WatchHandle&& other) noexcept
        : db_(std::exchange(other.db_, nullptr)), id_(other.id_) {}
    WatchHandle& operator=(WatchHandle&& other) noexcept {
      if (this != &other) {
        Release();
        db_ = std::exchange(other.db_, nullptr);
        id_ = other.id_;
      }
      return *this;
    }
    WatchHandle(const WatchHandle&) = delete;
    WatchHandle& operator=(const WatchHandle&) = delete;
    ~WatchHandle() { Release(); }

   private:
    void Release() {
      if (db_ != nullptr) db_->Unwatch(id_);
      db_ = nullptr;
    }
    Database* db_ = nullptr;
    uint64_t id_ = 0;
  };
  core::Result<WatchHandle> Watch(const RowWatch& watch, RowWatchCallback on_commit);
  // A watch whose changes to `value_columns` (1 to kMaxValueColumns) come with values (RowChange).
  core::Result<WatchHandle> WatchChanges(const RowWatch& watch,
                                         const std::vector<std::string>& value_columns,
                                         RowChangeCallback on_commit);

  // Applies pending migrations; returns how many ran.
  static core::Result<int> Migrate(Connection& conn);
  static core::Result<int> PendingMigrations(Connection& conn);

  const std::string& path() const { return options_.path; }

 private:
  struct Job;
  explicit Database(DatabaseOptions options) : options_(std::move(options)) {}
  struct Watcher {
    uint64_t id = 0;
    std::string table;
    int key_index = -1;
    int only_if_index = -1;  // -1: every row
    RowWatchCallback on_commit;
    std::vector<int64_t> pending;  // keys seen since the last commit
    // Watches with value columns:
    std::vector<int> value_indexes;
    RowChangeCallback on_changes;
    std::vector<RowChange> pending_changes;  // in the order the writer made them
    size_t job_mark = 0;                     // pending_changes.size() when the current job began
  };
  core::Result<WatchHandle> AddWatcher(const RowWatch& watch,
                                       const std::vector<std::string>& value_columns,
                                       RowWatchCallback on_commit, RowChangeCallback on_changes);
  // Around each job of a batch: a job rolled back (or a failed commit) must not hand its values
  // to caches.
  void MarkJobStart();
  void DropJobValues();
  void DropAllValues();
  // Queues a job; false when the database is shutting down.
  bool Enqueue(Job* job);
  // Hands a job its result: wakes its waiting writer, or calls its `done` and frees it.
  static void Complete(Job* job, core::Status result);
  void WriterLoop();
  void CommitBatch(std::vector<Job*>& batch);
  void CheckpointLoop();
  void FinishCheckpoint();
  // sqlite3_wal_hook on the writer connection: after each commit, the WAL's size in pages.
  static int OnWalCommit(void* self, sqlite3* db, const char* schema, int pages);
  void Unwatch(uint64_t id);
  // sqlite3_preupdate_hook on the writer connection.
  static void OnPreUpdate(void* self, sqlite3* db, int op, const char* schema, const char* table,
                          sqlite3_int64 old_rowid, sqlite3_int64 new_rowid);
  void NotifyWatchers();

  DatabaseOptions options_;
  std::unique_ptr<Connection> writer_conn_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  std::thread writer_;
  std::unique_ptr<Connection> checkpoint_conn_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ GUARDED_BY(checkpoint_mu_) = false;
  bool checkpoint_stopping_ GUARDED_BY(checkpoint_mu_) = false;
  std::thread checkpointer_;
  // The WAL's size in frames after the last commit (OnWalCommit).
  std::atomic<int> wal_frames_{0};
  // Set by the checkpointer when it has copied all but the last few frames: the writer then
  // copies those itself, between two batches (FinishCheckpoint).
  std::atomic<bool> finish_checkpoint_{false};
  core::metrics::Counter* checkpoints_ = nullptr;
  core::metrics::Counter* wal_restarts_ = nullptr;
  core::metrics::Histogram* wal_restart_pause_ = nullptr;
  core::metrics::Gauge* queued_ = nullptr;  // write jobs waiting for the next group commit
  // Every thread's read connection, owned here so they close with the Database.
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> readers_ GUARDED_BY(readers_mu_);
  std::mutex watchers_mu_;
  std::vector<Watcher> watchers_ GUARDED_BY(watchers_mu_);
  uint64_t next_watch_id_ GUARDED_BY(watchers_mu_) = 1;
  uint64_t generation_;  // tells this Database's thread_local readers apart from an old one's
  core::metrics::Counter* commits_ = nullptr;
  core::metrics::Counter* jobs_ = nullptr;
};

}  // namespace magpie::storage::sqlite
