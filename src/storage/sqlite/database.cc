#include "storage/sqlite/database.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <future>

#include "core/blocking.h"
#include "core/log.h"

namespace magpie::storage::sqlite {

using core::Error;
using core::Result;
using core::Status;

// ---------------------------------------------------------------------------------------------
// Statement

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  if (stmt_ != nullptr) sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  if (stmt_ != nullptr) sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  if (stmt_ != nullptr) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  return *this;
}

Statement& Statement::BindNull(int index) {
  if (stmt_ != nullptr) sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::Step() {
  if (stmt_ == nullptr) {
    if (!error_) error_ = Error::Internal("statement failed to prepare");
    return false;
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const int extended = sqlite3_extended_errcode(conn_->raw());
  constraint_ = extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY;
  if (constraint_) {
    error_ = Error::Conflict(conn_->LastError());
  } else {
    error_ = Error::Internal("database error: " + conn_->LastError());
    core::log::Error("sqlite step failed", {core::log::Str("error", conn_->LastError()),
                                            core::log::Str("sql", sqlite3_sql(stmt_))});
  }
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  return status();
}

std::string Statement::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (p == nullptr) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

// ---------------------------------------------------------------------------------------------
// Connection

namespace {
// How long a connection waits for a lock another connection holds (the checkpointer's, mostly).
constexpr int kBusyTimeoutMs = 10'000;
}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error::Unavailable("cannot open database " + path + ": " + msg +
                              " (check that the data directory exists and is writable)");
  }
  auto conn = std::unique_ptr<Connection>(new Connection(db));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db, 1);
  MAGPIE_RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Statement Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);  // no std::string built on the hot path
  if (it != cache_.end()) return Statement(it->second, this);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    core::log::Error("sqlite prepare failed", {core::log::Str("error", LastError()),
                                               core::log::Str("sql", std::string(sql))});
    return Statement(nullptr, this);
  }
  cache_.emplace(std::string(sql), stmt);
  return Statement(stmt, this);
}

Status Connection::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Error::Internal("database error: " + msg);
  }
  return core::Ok();
}

// ---------------------------------------------------------------------------------------------
// Database

namespace {

std::atomic<uint64_t> g_next_generation{1};

// Reader connections of every Database this thread has used, by the database's generation.
// Generations are never reused, so a stale entry of a closed Database is never looked up again.
struct ReaderSlot {
  uint64_t generation = 0;
  Connection* conn = nullptr;  // owned by the Database's readers_
};
thread_local std::vector<ReaderSlot> t_readers;

}  // namespace

struct Database::Job {
  std::function<Status(Connection&)> fn;
  Status result;
  std::promise<void> done;  // a waiting Write
  WriteDone on_done;        // a WriteAsync (then the job is owned by the queue)
};

Result<int> Database::PendingMigrations(Connection& conn) {
  MAGPIE_RETURN_IF_ERROR(conn.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at INTEGER NOT NULL)"));
  int applied = 0;
  {
    Statement st = conn.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (st.Step()) applied = static_cast<int>(st.Int(0));
    MAGPIE_RETURN_IF_ERROR(st.status());
  }
  int pending = 0;
  for (const Migration& m : AllMigrations()) {
    if (m.version > applied) ++pending;
  }
  return pending;
}

Result<int> Database::Migrate(Connection& conn) {
  MAGPIE_RETURN_IF_ERROR(PendingMigrations(conn));
  int applied = 0;
  {
    Statement st = conn.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (st.Step()) applied = static_cast<int>(st.Int(0));
  }
  int ran = 0;
  for (const Migration& m : AllMigrations()) {
    if (m.version <= applied) continue;
    MAGPIE_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
    Status s = conn.Exec(m.sql);
    if (s.ok()) {
      s = conn.Prepare(
                  "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, "
                  "CAST(strftime('%s','now') AS INTEGER) * 1000)")
              .BindAll(static_cast<int64_t>(m.version), m.name)
              .Run();
    }
    if (!s.ok()) {
      (void)conn.Exec("ROLLBACK");
      return Error::Internal("migration " + std::to_string(m.version) + " (" + m.name +
                             ") failed: " + s.error().message);
    }
    MAGPIE_RETURN_IF_ERROR(conn.Exec("COMMIT"));
    core::log::Info("applied migration",
                    {core::log::Num("version", m.version), core::log::Str("name", m.name)});
    ++ran;
  }
  return ran;
}

Result<std::unique_ptr<Database>> Database::Open(DatabaseOptions options, bool migrate,
                                                 core::metrics::Registry* metrics) {
  auto db = std::unique_ptr<Database>(new Database(std::move(options)));
  db->generation_ = g_next_generation.fetch_add(1);
  MAGPIE_ASSIGN_OR_RETURN(db->writer_conn_, Connection::Open(db->options_.path, false));
  Connection& w = *db->writer_conn_;
  {
    // journal_mode answers with a row; a file that cannot switch to WAL must not be used.
    Statement st = w.Prepare("PRAGMA journal_mode=WAL");
    std::string mode = st.Step() ? st.Text(0) : "";
    if (mode != "wal") {
      return Error::Unavailable("cannot put " + db->options_.path + " in WAL mode (got '" + mode +
                                "')");
    }
  }
  MAGPIE_RETURN_IF_ERROR(
      w.Exec(db->options_.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=OFF"));
  // When the WAL starts again from its beginning, a file grown past four checkpoints' worth (a
  // burst the checkpointer could not keep up with) is cut back to that.
  MAGPIE_RETURN_IF_ERROR(w.Exec("PRAGMA journal_size_limit=" +
                                std::to_string(int64_t{4} * db->options_.checkpoint_pages * 4096)));
  MAGPIE_RETURN_IF_ERROR(
      w.Exec("PRAGMA cache_size=-" + std::to_string(std::max(db->options_.writer_cache_kib, 64))));
  if (migrate) {
    MAGPIE_RETURN_IF_ERROR(Migrate(w));
  } else {
    MAGPIE_ASSIGN_OR_RETURN(int pending, PendingMigrations(w));
    if (pending > 0) {
      return Error::Unavailable(std::to_string(pending) +
                                " schema migration(s) pending: run `magpie migrate` first");
    }
  }
  // Row watches see every change the writer makes (Database::Watch); Debian's SQLite is built
  // with the pre-update hook, and a library without it must not silently serve stale caches.
  if (sqlite3_compileoption_used("ENABLE_PREUPDATE_HOOK") == 0) {
    return Error::Unavailable(
        "this SQLite library lacks SQLITE_ENABLE_PREUPDATE_HOOK, which magpie needs");
  }
  sqlite3_preupdate_hook(w.raw(), &Database::OnPreUpdate, db.get());
  if (metrics != nullptr) {
    db->commits_ = &metrics->GetCounter("magpie_db_commits_total", "Group commits to SQLite");
    db->jobs_ = &metrics->GetCounter("magpie_db_write_jobs_total", "Write jobs committed");
    db->checkpoints_ = &metrics->GetCounter("magpie_db_checkpoints_total",
                                            "WAL checkpoints run beside the writer");
    db->wal_restarts_ = &metrics->GetCounter(
        "magpie_db_wal_restarts_total",
        "Checkpoints the writer finished so that the WAL starts again from its beginning");
    db->wal_restart_pause_ = &metrics->GetHistogram(
        "magpie_db_wal_restart_seconds",
        "How long the writer paused to finish a checkpoint (writes wait meanwhile)");
    db->queued_ = &metrics->GetGauge("magpie_db_write_queue",
                                     "Write jobs waiting for the next group commit (a backlog)");
  }
  // Installing a WAL hook turns SQLite's automatic checkpoints off on this connection; the
  // checkpointer thread takes them over.
  MAGPIE_ASSIGN_OR_RETURN(db->checkpoint_conn_, Connection::Open(db->options_.path, false));
  // A connection learns that the file is in WAL mode only when it first reads it; until then
  // sqlite3_wal_checkpoint_v2 on it answers OK, copies nothing and reports -1 frames. (That is
  // how the log once grew without bound: every checkpoint was such a no-op.)
  MAGPIE_RETURN_IF_ERROR(db->checkpoint_conn_->Exec("SELECT count(*) FROM sqlite_schema"));
  sqlite3_wal_hook(w.raw(), &Database::OnWalCommit, db.get());
  db->checkpointer_ = std::thread([raw = db.get()] { raw->CheckpointLoop(); });
  db->writer_ = std::thread([raw = db.get()] { raw->WriterLoop(); });
  return db;
}

Database::~Database() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  {
    std::lock_guard lock(checkpoint_mu_);
    checkpoint_stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  checkpoint_conn_.reset();
  std::lock_guard lock(readers_mu_);
  readers_.clear();
}

bool Database::Enqueue(Job* job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    queue_.push_back(job);
    if (queued_ != nullptr) queued_->Set(static_cast<int64_t>(queue_.size()));
  }
  cv_.notify_one();
  return true;
}

void Database::Complete(Job* job, Status result) {
  if (!job->on_done) {
    job->result = std::move(result);
    job->done.set_value();
    return;
  }
  std::unique_ptr<Job> owned(job);
  owned->on_done(std::move(result));
}

Status Database::Write(std::function<Status(Connection&)> job_fn) {
  core::MayBlock();  // waits for a group commit: never on an event-loop thread
  Job job;
  job.fn = std::move(job_fn);
  std::future<void> done = job.done.get_future();
  if (!Enqueue(&job)) return Error::Unavailable("the database is shutting down");
  done.wait();
  return std::move(job.result);
}

void Database::WriteAsync(std::function<Status(Connection&)> job_fn, WriteDone done) {
  auto job = std::make_unique<Job>();
  job->fn = std::move(job_fn);
  job->on_done = std::move(done);
  if (Enqueue(job.get())) {
    (void)job.release();  // the writer frees it (Complete)
    return;
  }
  job->on_done(Error::Unavailable("the database is shutting down"));
}

void Database::WriterLoop() {
  // Named for top -H, perf and gdb: the one thread every write waits for.
  pthread_setname_np(pthread_self(), "magpie-writer");
  if (options_.writer_nice != 0 &&
      setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), options_.writer_nice) != 0) {
    core::log::Info("database writer keeps the default priority",
                    {core::log::Num("wanted_nice", options_.writer_nice),
                     core::log::Str("error", std::strerror(errno)),
                     core::log::Str("fix",
                                    "allow it with CAP_SYS_NICE or a nice limit "
                                    "(ulimit -e 30; systemd LimitNICE=30), or set "
                                    "storage.writer_nice = 0 to silence this")});
  }
  std::vector<Job*> batch;
  while (true) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      if (queued_ != nullptr) queued_->Set(static_cast<int64_t>(queue_.size()));
    }
    CommitBatch(batch);
    batch.clear();
    if (finish_checkpoint_.exchange(false, std::memory_order_acq_rel)) FinishCheckpoint();
  }
}

void Database::CommitBatch(std::vector<Job*>& batch) {
  Connection& w = *writer_conn_;
  // Transaction control through cached statements: sqlite3_exec would compile each one again,
  // and this thread is the one every write waits for.
  Status begin = w.Prepare("BEGIN IMMEDIATE").Run();
  if (!begin.ok()) {
    for (Job* job : batch) Complete(job, begin);
    return;
  }
  for (Job* job : batch) {
    // A savepoint per job: a failing job undoes only its own writes.
    (void)w.Prepare("SAVEPOINT job").Run();
    MarkJobStart();
    job->result = job->fn(w);
    if (!job->result.ok()) {
      (void)w.Prepare("ROLLBACK TO job").Run();
      DropJobValues();
    }
    (void)w.Prepare("RELEASE job").Run();
  }
  Status commit = w.Prepare("COMMIT").Run();
  if (!commit.ok()) {
    (void)w.Exec("ROLLBACK");
    DropAllValues();
    core::log::Error("group commit failed", {core::log::Str("error", commit.error().message)});
  }
  NotifyWatchers();
  if (commits_ != nullptr) {
    commits_->Add();
    jobs_->Add(batch.size());
  }
  for (Job* job : batch) {
    Complete(job, !commit.ok() && job->result.ok() ? commit : std::move(job->result));
  }
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

int Database::OnWalCommit(void* self, sqlite3* /*db*/, const char* /*schema*/, int pages) {
  auto* database = static_cast<Database*>(self);
  database->wal_frames_.store(pages, std::memory_order_relaxed);
  if (pages >= database->options_.checkpoint_pages) {
    {
      std::lock_guard lock(database->checkpoint_mu_);
      database->checkpoint_wanted_ = true;
    }
    database->checkpoint_cv_.notify_one();
  }
  return SQLITE_OK;
}

// SQLite starts the WAL again from its beginning only when a write transaction begins with every
// frame already copied into the database and no reader still on an older snapshot of the log. A
// checkpoint beside a busy writer never gets there -- the writer appends while it copies -- so
// the log would grow without bound, and every commit's pwrite would land on new file blocks that
// ext4 must allocate and zero. So the checkpointer copies in passes until only a few frames are
// left, then hands over: the writer, between two batches (nothing can append then), copies the
// rest and waits a moment for older readers to finish (SQLITE_CHECKPOINT_RESTART), and its next
// transaction starts the log over.
void Database::CheckpointLoop() {
  pthread_setname_np(pthread_self(), "magpie-ckpt");
  constexpr int kPassesPerRound = 4;
  constexpr int kFramesLeftForTheWriter = 256;
  constexpr int kForceHandOverCheckpoints = 4;
  // Between rounds: under steady writes every commit asks for one, and each pass syncs files.
  constexpr auto kPauseBetweenRounds = std::chrono::milliseconds(10);
  while (true) {
    {
      std::unique_lock lock(checkpoint_mu_);
      checkpoint_cv_.wait(lock, [this] { return checkpoint_stopping_ || checkpoint_wanted_; });
      if (checkpoint_stopping_) return;
      checkpoint_wanted_ = false;
    }
    for (int pass = 0; pass < kPassesPerRound; ++pass) {
      int wal_pages = 0;
      int copied = 0;
      const int rc = sqlite3_wal_checkpoint_v2(checkpoint_conn_->raw(), nullptr,
                                               SQLITE_CHECKPOINT_PASSIVE, &wal_pages, &copied);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
        core::log::Warn("WAL checkpoint failed",
                        {core::log::Str("error", checkpoint_conn_->LastError())});
        break;
      }
      if (checkpoints_ != nullptr) checkpoints_->Add();
      if (rc == SQLITE_BUSY) break;
      // The writer pauses for what is left, so it is handed few frames -- unless the log has
      // grown past four checkpoints' worth (a writer outpacing the passes, a slow disk): then a
      // longer pause is the price of keeping the log bounded.
      const int frames = wal_frames_.load(std::memory_order_relaxed);
      if (frames - copied <= kFramesLeftForTheWriter ||
          frames >= kForceHandOverCheckpoints * options_.checkpoint_pages) {
        finish_checkpoint_.store(true, std::memory_order_release);
        break;
      }
    }
    std::unique_lock lock(checkpoint_mu_);
    checkpoint_cv_.wait_for(lock, kPauseBetweenRounds, [this] { return checkpoint_stopping_; });
  }
}

void Database::FinishCheckpoint() {
  // Readers finish in microseconds; one that holds an old snapshot longer only costs this
  // restart, which the next round tries again.
  constexpr int kWaitForReadersMs = 20;
  const auto start = std::chrono::steady_clock::now();
  sqlite3* writer = writer_conn_->raw();
  sqlite3_busy_timeout(writer, kWaitForReadersMs);
  int wal_pages = 0;
  int copied = 0;
  const int rc =
      sqlite3_wal_checkpoint_v2(writer, nullptr, SQLITE_CHECKPOINT_RESTART, &wal_pages, &copied);
  sqlite3_busy_timeout(writer, kBusyTimeoutMs);
  if (wal_restart_pause_ != nullptr) {
    wal_restart_pause_->Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  if (rc == SQLITE_OK && wal_restarts_ != nullptr) wal_restarts_->Add();
}

// ---------------------------------------------------------------------------------------------
// Row watches

Result<Database::WatchHandle> Database::Watch(const RowWatch& watch, RowWatchCallback on_commit) {
  return AddWatcher(watch, {}, std::move(on_commit), nullptr);
}

Result<Database::WatchHandle> Database::WatchChanges(const RowWatch& watch,
                                                     const std::vector<std::string>& value_columns,
                                                     RowChangeCallback on_commit) {
  if (value_columns.empty() || value_columns.size() > kMaxValueColumns) {
    return Error::Internal("WatchChanges needs 1 to " + std::to_string(kMaxValueColumns) +
                           " value columns");
  }
  return AddWatcher(watch, value_columns, nullptr, std::move(on_commit));
}

Result<Database::WatchHandle> Database::AddWatcher(const RowWatch& watch,
                                                   const std::vector<std::string>& value_columns,
                                                   RowWatchCallback on_commit,
                                                   RowChangeCallback on_changes) {
  // Column positions as sqlite3_preupdate_old/new number them: the table's declared order.
  int key_index = -1;
  int only_if_index = -1;
  std::vector<int> value_indexes(value_columns.size(), -1);
  {
    Statement st = Reader().Prepare("SELECT cid, name FROM pragma_table_info(?1)");
    st.Bind(1, watch.table);
    while (st.Step()) {
      const std::string name = st.Text(1);
      const int cid = static_cast<int>(st.Int(0));
      if (name == watch.key_column) key_index = cid;
      if (!watch.only_if_set.empty() && name == watch.only_if_set) only_if_index = cid;
      for (size_t i = 0; i < value_columns.size(); ++i) {
        if (name == value_columns[i]) value_indexes[i] = cid;
      }
    }
    MAGPIE_RETURN_IF_ERROR(st.status());
  }
  const bool values_found =
      std::find(value_indexes.begin(), value_indexes.end(), -1) == value_indexes.end();
  if (key_index < 0 || (!watch.only_if_set.empty() && only_if_index < 0) || !values_found) {
    return Error::Internal("cannot watch " + watch.table + "." + watch.key_column +
                           ": no such table or column");
  }
  std::lock_guard lock(watchers_mu_);
  const uint64_t id = next_watch_id_++;
  Watcher& w = watchers_.emplace_back();
  w.id = id;
  w.table = watch.table;
  w.key_index = key_index;
  w.only_if_index = only_if_index;
  w.on_commit = std::move(on_commit);
  w.value_indexes = std::move(value_indexes);
  w.on_changes = std::move(on_changes);
  return WatchHandle(this, id);
}

void Database::MarkJobStart() {
  std::lock_guard lock(watchers_mu_);
  for (Watcher& w : watchers_) w.job_mark = w.pending_changes.size();
}

void Database::DropJobValues() {
  std::lock_guard lock(watchers_mu_);
  for (Watcher& w : watchers_) {
    for (size_t i = w.job_mark; i < w.pending_changes.size(); ++i) {
      w.pending_changes[i].has_values = false;
    }
  }
}

void Database::DropAllValues() {
  std::lock_guard lock(watchers_mu_);
  for (Watcher& w : watchers_) {
    for (RowChange& c : w.pending_changes) c.has_values = false;
  }
}

void Database::Unwatch(uint64_t id) {
  std::lock_guard lock(watchers_mu_);
  std::erase_if(watchers_, [&](const Watcher& w) { return w.id == id; });
}

namespace {

// Whether two column values are the same (type and content); NULLs are equal to each other.
bool SameValue(sqlite3_value* a, sqlite3_value* b) {
  if (a == nullptr || b == nullptr) return a == b;
  const int type = sqlite3_value_type(a);
  if (type != sqlite3_value_type(b)) return false;
  switch (type) {
    case SQLITE_NULL:
      return true;
    case SQLITE_INTEGER:
      return sqlite3_value_int64(a) == sqlite3_value_int64(b);
    case SQLITE_FLOAT:
      return sqlite3_value_double(a) == sqlite3_value_double(b);
    default: {
      const int n = sqlite3_value_bytes(a);
      if (n != sqlite3_value_bytes(b)) return false;
      const void* pa = sqlite3_value_blob(a);
      const void* pb = sqlite3_value_blob(b);
      return n == 0 || std::memcmp(pa, pb, static_cast<size_t>(n)) == 0;
    }
  }
}

}  // namespace

void Database::OnPreUpdate(void* self, sqlite3* db, int op, const char* /*schema*/,
                           const char* table, sqlite3_int64 /*old_rowid*/,
                           sqlite3_int64 /*new_rowid*/) {
  auto* database = static_cast<Database*>(self);
  std::lock_guard lock(database->watchers_mu_);
  for (Watcher& w : database->watchers_) {
    if (sqlite3_stricmp(table, w.table.c_str()) != 0) continue;
    auto value = [&](bool after, int column) -> sqlite3_value* {
      sqlite3_value* v = nullptr;
      const int rc =
          after ? sqlite3_preupdate_new(db, column, &v) : sqlite3_preupdate_old(db, column, &v);
      return rc == SQLITE_OK ? v : nullptr;
    };
    // The row as it was (UPDATE, DELETE) and as it will be (INSERT, UPDATE).
    std::array<int64_t, 2> keys{};
    size_t key_count = 0;
    for (const bool after : {false, true}) {
      if (after ? op == SQLITE_DELETE : op == SQLITE_INSERT) continue;
      if (w.only_if_index >= 0) {
        sqlite3_value* cond = value(after, w.only_if_index);
        if (cond == nullptr || sqlite3_value_type(cond) == SQLITE_NULL) continue;
      }
      sqlite3_value* key = value(after, w.key_index);
      if (key != nullptr && sqlite3_value_type(key) == SQLITE_INTEGER) {
        keys[key_count++] = sqlite3_value_int64(key);
      }
    }
    if (!w.on_changes) {
      w.pending.insert(w.pending.end(), keys.begin(), keys.begin() + key_count);
      continue;
    }
    // An UPDATE that keeps the key and every column but the value columns can be patched.
    RowChange patch;
    if (op == SQLITE_UPDATE && key_count == 2 && keys[0] == keys[1]) {
      patch.has_values = true;
      const int columns = sqlite3_preupdate_count(db);
      for (int c = 0; c < columns && patch.has_values; ++c) {
        if (std::find(w.value_indexes.begin(), w.value_indexes.end(), c) != w.value_indexes.end()) {
          continue;
        }
        patch.has_values = SameValue(value(false, c), value(true, c));
      }
      for (size_t i = 0; i < w.value_indexes.size() && patch.has_values; ++i) {
        sqlite3_value* v = value(true, w.value_indexes[i]);
        if (v == nullptr || sqlite3_value_type(v) != SQLITE_INTEGER) {
          patch.has_values = false;
        } else {
          patch.values[i] = sqlite3_value_int64(v);
        }
      }
    }
    if (patch.has_values) {
      patch.key = keys[0];
      w.pending_changes.push_back(patch);
      continue;
    }
    for (size_t i = 0; i < key_count; ++i) {
      w.pending_changes.push_back(RowChange{.key = keys[i], .has_values = false, .values = {}});
    }
  }
}

void Database::NotifyWatchers() {
  std::lock_guard lock(watchers_mu_);
  for (Watcher& w : watchers_) {
    if (w.on_changes) {
      if (w.pending_changes.empty()) continue;
      // One entry per key: the last values, unless any change to the row was not a patch.
      std::stable_sort(w.pending_changes.begin(), w.pending_changes.end(),
                       [](const RowChange& a, const RowChange& b) { return a.key < b.key; });
      std::vector<RowChange> merged;
      merged.reserve(w.pending_changes.size());
      for (const RowChange& c : w.pending_changes) {
        if (!merged.empty() && merged.back().key == c.key) {
          if (merged.back().has_values && c.has_values) {
            merged.back() = c;
          } else {
            merged.back().has_values = false;
          }
        } else {
          merged.push_back(c);
        }
      }
      w.on_changes(merged);
      w.pending_changes.clear();
      w.job_mark = 0;
      continue;
    }
    if (w.pending.empty()) continue;
    std::sort(w.pending.begin(), w.pending.end());
    w.pending.erase(std::unique(w.pending.begin(), w.pending.end()), w.pending.end());
    w.on_commit(w.pending);
    w.pending.clear();
  }
}

Connection& Database::Reader() {
  // Every read can touch the disk. On an event-loop thread trying a handler inline this throws
  // core::WouldBlock, and the server reruns the handler on its worker pool (core/blocking.h).
  core::MayBlock();
  for (ReaderSlot& slot : t_readers) {
    if (slot.generation == generation_) return *slot.conn;
  }
  auto conn = Connection::Open(options_.path, true);
  if (!conn.ok()) {
    // The writer opened the same file moments ago; failing here means the file vanished.
    core::log::Error("cannot open a read connection",
                     {core::log::Str("error", conn.error().message)});
    std::abort();
  }
  Connection* raw = conn->get();
  {
    std::lock_guard lock(readers_mu_);
    readers_.push_back(std::move(conn).value());
  }
  t_readers.push_back({generation_, raw});
  return *raw;
}

}  // namespace magpie::storage::sqlite
