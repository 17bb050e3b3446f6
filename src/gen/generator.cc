// The bulk loader behind `magpie gen` (contract in gen.h).
//
// Two threads, two SQLite files, because one SQLite writer is the bottleneck (B-tree work and
// page writes are ~85% of the time) and the machine has two cores:
//   main thread, the database file:    follows (in follower order, so the table and its
//       UNIQUE(account_id, target) and by-account indexes grow by appends; in/out degrees counted)
//       -> the follows indexes whose keys arrive at random (follows_by_target) rebuilt by sorting;
//   aux thread, DB.gen-statuses:       statuses in time (= id) order with their mention and tag
//       index rows; replies, reblogs and quotes aim at recent originals held in small
//       per-language rings, and a ring entry's replies/reblogs/quotes counts are final once it
//       leaves the ring, when its row gets one point UPDATE (a page still in cache)
//       -> statuses_account rebuilt by sorting;
//   then, on the main thread: accounts, users and tokens with their final counters (the token
//       file is written here), the tags actually used, the accounts/users indexes, and the
//       statuses tables copied over with INSERT ... SELECT * (SQLite's transfer optimization
//       copies the table and every index in order, without re-sorting), and WAL switched on.
// Everything random comes from one mt19937_64 stream per phase or from Hash64(seed, stream,
// index), and each thread only reads what was computed before it started, so the rows do not
// depend on how the threads interleave. Foreign keys are off during the load (accounts are
// written after the follows that reference them); gen_test runs PRAGMA foreign_key_check.
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/crypto.h"
#include "core/id.h"
#include "gen/corpus.h"
#include "gen/gen.h"
#include "gen/random.h"
#include "storage/sqlite/database.h"

namespace magpie::gen {
namespace {

using core::Error;
using core::Result;
using core::Status;
using storage::sqlite::Connection;
using storage::sqlite::Database;

constexpr int64_t kDayMs = 86'400'000;
// Generated ids carry node 15 in their node bits; a server uses node 0, so an id it makes can
// never equal a generated one even when their milliseconds meet.
constexpr int64_t kNodeBits = int64_t{15} << core::kIdSequenceBits;
constexpr std::string_view kScopes = "read write follow push";
constexpr uint64_t kRowsPerCommit = 1'000'000;
// Rows per multi-row INSERT of statuses, and the smallest ring of reply/reblog targets (see
// Statuses: a target leaving its ring must already be in the table).
constexpr int kStatusBatch = 32;
constexpr size_t kMinRing = 1024;
static_assert(kStatusBatch < kMinRing);

// Progress slots: the two loading threads.
constexpr int kMain = 0;
constexpr int kAux = 1;

// The tables each file fills, and their indexes kept during the load because their keys arrive
// in order (or at a few hot spots): appending costs less than sorting afterwards. Every other
// explicit index of these tables is dropped first and rebuilt from its own SQL after the load
// (autoindexes of UNIQUE/PRIMARY KEY constraints cannot be dropped and stay), so an index added
// to the schema later is handled, just perhaps not optimally.
constexpr const char* kMainTables = "'accounts', 'users', 'access_tokens', 'follows', 'tags'";
constexpr const char* kMainKept =
    "'follows_by_account', 'access_tokens_account', 'access_tokens_refresh'";
constexpr const char* kAuxTables = "'statuses', 'status_mentions', 'status_tags'";
constexpr const char* kAuxKept =
    "'statuses_visibility', 'statuses_in_reply_to', 'statuses_quote_of', 'statuses_reblog_of', "
    "'statuses_reblogger', 'status_mentions_status', 'status_tags_status'";
// Copied from the aux file into the main one at the end.
constexpr std::array<const char*, 3> kAuxCopied = {"statuses", "status_mentions", "status_tags"};

// Streams for Hash64 (per-entity values) and seeds for the phase engines.
enum Stream : uint64_t {
  kStreamLang = 1,
  kStreamName,
  kStreamFame,
  kStreamActivity,
  kStreamCreated,
  kStreamFollows,
  kStreamStatuses,
  kStreamTokens,
  kStreamApp,
};

// ---------------------------------------------------------------------------------------------
// Multi-row INSERT with staged values: rows are staged, and every `batch` rows one prepared
// "INSERT ... VALUES (...),(...)..." runs; the tail runs through a statement of its exact size.

class BulkInsert {
 public:
  BulkInsert(sqlite3* db, std::string table, std::string columns, int ncols, int batch)
      : db_(db),
        table_(std::move(table)),
        columns_(std::move(columns)),
        ncols_(ncols),
        batch_(batch),
        staged_(static_cast<size_t>(ncols) * batch) {}
  ~BulkInsert() {
    for (auto& [rows, stmt] : stmts_) sqlite3_finalize(stmt);
  }
  BulkInsert(const BulkInsert&) = delete;
  BulkInsert& operator=(const BulkInsert&) = delete;

  BulkInsert& Int(int64_t v) {
    Value& x = staged_[used_++];
    x.kind = Value::kInt;
    x.i = v;
    return *this;
  }
  BulkInsert& Text(std::string_view v) {
    Value& x = staged_[used_++];
    x.kind = Value::kText;
    x.s.assign(v);
    return *this;
  }
  BulkInsert& Null() {
    staged_[used_++].kind = Value::kNull;
    return *this;
  }
  // Null when v == 0 (optional references are NULL when absent).
  BulkInsert& IntOrNull(int64_t v) { return v == 0 ? Null() : Int(v); }

  Status EndRow() {
    ++rows_;
    if (rows_ == batch_) return Flush();
    return core::Ok();
  }

  Status Flush() {
    if (rows_ == 0) return core::Ok();
    sqlite3_stmt* st = Statement(rows_);
    if (st == nullptr)
      return Error::Internal("prepare failed: " + std::string(sqlite3_errmsg(db_)));
    const int n = rows_ * ncols_;
    for (int i = 0; i < n; ++i) {
      const Value& v = staged_[i];
      switch (v.kind) {
        case Value::kInt:
          sqlite3_bind_int64(st, i + 1, v.i);
          break;
        case Value::kText:
          sqlite3_bind_text(st, i + 1, v.s.data(), static_cast<int>(v.s.size()), SQLITE_STATIC);
          break;
        case Value::kNull:
          sqlite3_bind_null(st, i + 1);
          break;
      }
    }
    const int rc = sqlite3_step(st);
    sqlite3_reset(st);
    rows_ = 0;
    used_ = 0;
    if (rc != SQLITE_DONE) {
      return Error::Internal("insert into " + table_ + " failed: " + sqlite3_errmsg(db_));
    }
    return core::Ok();
  }

 private:
  struct Value {
    enum Kind { kInt, kText, kNull } kind = kNull;
    int64_t i = 0;
    std::string s;
  };

  sqlite3_stmt* Statement(int rows) {
    for (auto& [r, stmt] : stmts_) {
      if (r == rows) return stmt;
    }
    std::string one = "(";
    for (int c = 0; c < ncols_; ++c) one += c == 0 ? "?" : ",?";
    one += ")";
    std::string sql = "INSERT INTO " + table_ + " (" + columns_ + ") VALUES ";
    for (int r = 0; r < rows; ++r) {
      if (r > 0) sql += ',';
      sql += one;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return nullptr;
    }
    stmts_.emplace_back(rows, stmt);
    return stmt;
  }

  sqlite3* db_;
  std::string table_;
  std::string columns_;
  int ncols_;
  int batch_;
  std::vector<Value> staged_;
  size_t used_ = 0;
  int rows_ = 0;
  std::vector<std::pair<int, sqlite3_stmt*>> stmts_;
};

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

// CPU time (user + system) of the calling thread, or of the whole process.
double CpuSeconds(bool whole_process = false) {
  struct rusage u {};
  getrusage(whole_process ? RUSAGE_SELF : RUSAGE_THREAD, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// ---------------------------------------------------------------------------------------------
// A database file being bulk-loaded by one thread.

struct Sink {
  std::unique_ptr<Connection> conn;
  std::atomic<uint64_t> rows{0};
  uint64_t rows_at_commit = 0;
  std::vector<std::pair<std::string, std::string>> dropped;  // index name, CREATE sql

  sqlite3* raw() const { return conn->raw(); }
  Status Exec(std::string_view sql) { return conn->Exec(sql); }
  void Add(uint64_t n) { rows.fetch_add(n, std::memory_order_relaxed); }
  // Commits and begins a new transaction every kRowsPerCommit rows.
  Status MaybeCommit() {
    const uint64_t now = rows.load(std::memory_order_relaxed);
    if (now - rows_at_commit < kRowsPerCommit) return core::Ok();
    rows_at_commit = now;
    return Exec("COMMIT; BEGIN");
  }
};

// Creates `path` afresh with the schema, in bulk-load settings.
Status OpenSink(Sink& sink, const std::string& path, int64_t cache_mb) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path + suffix, ec);
  }
  MAGPIE_ASSIGN_OR_RETURN(sink.conn, Connection::Open(path, false));
  {
    auto migrated = Database::Migrate(*sink.conn);
    if (!migrated.ok()) return migrated.error();
  }
  // Nothing here needs to survive a crash (a failed load is rerun). temp_store=FILE lets the
  // index sorts of a large load spill to disk instead of memory.
  return sink.Exec(
      "PRAGMA foreign_keys=OFF; PRAGMA synchronous=OFF; PRAGMA journal_mode=OFF; "
      "PRAGMA locking_mode=EXCLUSIVE; PRAGMA temp_store=FILE; PRAGMA threads=2; "
      "PRAGMA cache_size=-" +
      std::to_string(std::max<int64_t>(cache_mb, 8) * 1024));
}

// Drops the explicit indexes of `tables` except `kept`, remembering their SQL.
Status DropIndexes(Sink& sink, const char* tables, const char* kept) {
  const std::string sql = std::string(
                              "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql "
                              "IS NOT NULL AND tbl_name IN (") +
                          tables + ") AND name NOT IN (" + kept + ") ORDER BY name";
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(sink.raw(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    return Error::Internal(sink.conn->LastError());
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    sink.dropped.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                              reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
  }
  sqlite3_finalize(st);
  for (const auto& [name, create] : sink.dropped) {
    MAGPIE_RETURN_IF_ERROR(sink.Exec("DROP INDEX \"" + name + "\""));
  }
  return core::Ok();
}

// ---------------------------------------------------------------------------------------------
// Progress: each loading thread posts its phase and fraction; a reporter thread calls the
// callback twice a second with both, so a long CREATE INDEX does not silence it.

class Progress {
 public:
  Progress(const ProgressFn& fn, const std::array<const Sink*, 2>& sinks)
      : fn_(fn), sinks_(sinks), start_(std::chrono::steady_clock::now()) {}
  ~Progress() { Stop(); }

  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  void Start() {
    if (!fn_) return;
    started_ = true;
    reporter_ = std::thread([this] {
      std::unique_lock lock(mu_);
      while (!stop_) {
        cv_.wait_for(lock, std::chrono::milliseconds(500));
        if (!stop_) ReportLocked();
      }
    });
  }
  void Stop() {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
      stop_ = true;
    }
    cv_.notify_all();
    if (reporter_.joinable()) reporter_.join();
    std::lock_guard lock(mu_);
    if (started_) ReportLocked();
  }
  void Phase(int slot, std::string name) {
    std::lock_guard lock(mu_);
    phase_[slot] = std::move(name);
    permille_[slot].store(0, std::memory_order_relaxed);
  }
  void Fraction(int slot, uint64_t done, uint64_t total) {
    permille_[slot].store(total == 0 ? 1000 : static_cast<int>(done * 1000 / total),
                          std::memory_order_relaxed);
  }

 private:
  void ReportLocked() {
    std::string what;
    for (int slot : {kMain, kAux}) {
      if (phase_[slot].empty()) continue;
      if (!what.empty()) what += " | ";
      char pct[16];
      std::snprintf(pct, sizeof pct, " %3d%%", permille_[slot].load() / 10);
      what += phase_[slot] + pct;
    }
    uint64_t rows = 0;
    for (const Sink* s : sinks_) rows += s->rows.load(std::memory_order_relaxed);
    fn_(what.empty() ? std::string("done") : what, rows, Seconds());
  }

  const ProgressFn& fn_;
  std::array<const Sink*, 2> sinks_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool started_ = false;
  std::thread reporter_;
  std::array<std::string, 2> phase_;
  std::array<std::atomic<int>, 2> permille_{};
};

// ---------------------------------------------------------------------------------------------
// The network's per-account properties.

// A recent original that replies, reblogs and quotes may aim at.
struct Target {
  int64_t id = 0;
  int64_t conversation_id = 0;
  uint32_t author = 0;
  uint32_t serial = 0;  // the status's position in generation order (reblog dedupe key)
  uint32_t replies = 0;
  uint32_t reblogs = 0;
  uint32_t quotes = 0;
};

class Ring {
 public:
  explicit Ring(size_t capacity) : capacity_(capacity) { items_.reserve(capacity); }
  bool empty() const { return items_.empty(); }
  Target& Pick(Rng& rng) {
    // Newer entries are likelier: square a uniform to lean towards the recent end.
    const double u = rng.Unit();
    const size_t back = static_cast<size_t>(u * u * static_cast<double>(items_.size()));
    const size_t newest = (next_ + items_.size() - 1) % items_.size();
    return items_[(newest + items_.size() - std::min(back, items_.size() - 1)) % items_.size()];
  }
  // Adds `t`; returns the evicted entry when the ring was full.
  std::optional<Target> Push(const Target& t) {
    if (items_.size() < capacity_) {
      items_.push_back(t);
      next_ = items_.size() % capacity_;
      return std::nullopt;
    }
    Target old = items_[next_];
    items_[next_] = t;
    next_ = (next_ + 1) % capacity_;
    return old;
  }
  std::vector<Target>& items() { return items_; }

 private:
  size_t capacity_;
  std::vector<Target> items_;
  size_t next_ = 0;
};

class Generator {
 public:
  Generator(const GenOptions& o, const ProgressFn& fn)
      : o_(o),
        n_(o.accounts),
        k_(std::min(o.celebrities, o.accounts / 2)),
        aux_path_(o.db_path + ".gen-statuses"),
        progress_(fn, {&main_, &aux_}) {}
  ~Generator() {
    aux_.conn.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(aux_path_ + suffix, ec);
    }
  }

  Result<GenStats> Run();

 private:
  // --- per-account values, recomputed on demand ---
  int64_t CreatedAt(uint32_t i) const {
    return accounts_start_ + static_cast<int64_t>(i) * account_step_ +
           static_cast<int64_t>(Hash64(o_.seed, kStreamCreated, i) %
                                static_cast<uint64_t>(account_step_));
  }
  int64_t AccountId(uint32_t i) const { return core::IdForTime(CreatedAt(i)) | kNodeBits; }
  uint64_t NameHash(uint32_t i) const { return Hash64(o_.seed, kStreamName, i); }
  std::string Username(uint32_t i) const {
    const Lang lang = static_cast<Lang>(lang_[i]);
    return i < k_ ? corpus_.CelebrityUsername(lang, i) : corpus_.Username(lang, NameHash(i), i);
  }

  void BuildPopularity();
  Status Application();
  Status Follows();
  Status StatusesThread();
  Status Statuses(Sink& sink);
  Status Accounts();
  Status Tags();
  Status RebuildIndexes(Sink& sink, int slot, const char* table);
  Status CopyStatuses();
  Status Finish();
  Status WriteManifest();

  struct PhaseMark {
    std::string name;
    const Sink* sink;
    uint64_t rows;
    double wall;
    double cpu;
  };
  PhaseMark BeginPhase(int slot, const Sink& sink, std::string name) {
    progress_.Phase(slot, name);
    return {std::move(name), &sink, sink.rows.load(), progress_.Seconds(), CpuSeconds()};
  }
  void EndPhase(int slot, const PhaseMark& mark) {
    progress_.Fraction(slot, 1, 1);
    std::lock_guard lock(stats_mu_);
    stats_.phases.push_back({mark.name, mark.sink->rows.load() - mark.rows,
                             progress_.Seconds() - mark.wall, CpuSeconds() - mark.cpu});
  }

  const GenOptions& o_;
  const uint32_t n_;
  const uint32_t k_;  // celebrities: accounts 0..k_-1
  const std::string aux_path_;
  Corpus corpus_;
  Sink main_;
  Sink aux_;
  Progress progress_;
  std::mutex stats_mu_;  // phases are appended by both threads
  GenStats stats_;

  int64_t end_ = 0;
  int64_t posts_start_ = 0;
  int64_t accounts_start_ = 0;
  int64_t account_step_ = 1;
  int64_t app_id_ = 0;

  // Computed before the threads start; read-only while they run.
  std::vector<uint8_t> lang_;
  std::vector<uint8_t> hot_;  // celebrities and the most famous 1%: replies and reblogs favour them
  std::vector<double> celebrity_p_;
  // Follow-target popularity: one table over everyone, one per language (indices into members).
  AliasTable popular_all_;
  std::array<AliasTable, kLangCount> popular_lang_;
  std::array<std::vector<uint32_t>, kLangCount> members_;
  // Written by the main thread (follows).
  std::vector<uint32_t> in_degree_;
  std::vector<uint32_t> out_degree_;
  // Written by the aux thread (statuses); read by the main thread after joining it.
  std::vector<uint32_t> statuses_count_;
  std::vector<int64_t> last_status_at_;
  std::vector<uint8_t> used_tags_;
  uint64_t statuses_ = 0, replies_ = 0, reblogs_ = 0, quotes_ = 0, mentions_ = 0, tagged_ = 0;
};

void Generator::BuildPopularity() {
  lang_.resize(n_);
  for (uint32_t i = 0; i < n_; ++i) {
    lang_[i] = static_cast<uint8_t>(LangFromHash(Hash64(o_.seed, kStreamLang, i)));
  }
  // Fame: Pareto with tail index 1.5 (P(w > x) = x^-1.5), so follower counts have a power-law
  // tail with median ~0.53 of the mean. Truncated so that no ordinary account expects more than
  // max(3% of accounts, 50) followers; celebrities are drawn separately, weight 0 here.
  std::vector<double> fame(n_);
  double total = 0;
  for (uint32_t i = 0; i < n_; ++i) {
    const double u = UnitFromBits(Hash64(o_.seed, kStreamFame, i));
    fame[i] = i < k_ ? 0.0 : std::pow(1.0 - u, -1.0 / 1.5);
    total += fame[i];
  }
  const double mean_follows = std::min(100.0, static_cast<double>(n_) / 8.0);
  const double expected_follows = mean_follows * n_;
  const double cap_followers = std::max(0.03 * n_, 50.0);
  const double cap = cap_followers * total / expected_follows;
  for (double& w : fame) w = std::min(w, cap);
  popular_all_ = AliasTable(fame);
  for (uint32_t i = 0; i < n_; ++i) members_[lang_[i]].push_back(i);
  for (int l = 0; l < kLangCount; ++l) {
    std::vector<double> w;
    w.reserve(members_[l].size());
    for (uint32_t i : members_[l]) w.push_back(fame[i]);
    popular_lang_[l] = AliasTable(w);
  }
  // The famous 1% (by expected followers, so the statuses thread needs no follows).
  {
    std::vector<double> sorted = fame;
    const size_t at = sorted.size() - 1 - sorted.size() / 100;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(at),
                     sorted.end());
    const double threshold = sorted[at];
    hot_.resize(n_);
    for (uint32_t i = 0; i < n_; ++i) hot_[i] = i < k_ || (fame[i] >= threshold && fame[i] > 0);
  }
  // Celebrity k is followed by each account with probability 9%..11%.
  for (uint32_t c = 0; c < k_; ++c) {
    celebrity_p_.push_back(k_ == 1 ? 0.10 : 0.09 + 0.02 * c / (k_ - 1));
  }
}

Status Generator::Application() {
  // The application the tokens belong to ("magpie-gen").
  Rng r(Hash64(o_.seed, kStreamApp, 0));
  std::array<uint8_t, 24> bytes;
  for (auto& b : bytes) b = static_cast<uint8_t>(r.Next());
  app_id_ = core::IdForTime(accounts_start_) | kNodeBits;
  BulkInsert app(main_.raw(), "applications",
                 "id, name, website, redirect_uris, scopes, client_id, client_secret, created_at",
                 8, 1);
  app.Int(app_id_).Text("magpie-gen").Text("").Text("[\"urn:ietf:wg:oauth:2.0:oob\"]");
  app.Text(kScopes).Text(Base64Url(std::span(bytes).first(12)));
  app.Text(Base64Url(std::span(bytes).last(12))).Int(accounts_start_);
  MAGPIE_RETURN_IF_ERROR(app.EndRow());
  main_.Add(1);
  stats_.application_id = app_id_;
  return core::Ok();
}

// ---------------------------------------------------------------------------------------------

Status Generator::Follows() {
  const PhaseMark mark = BeginPhase(kMain, main_, "follows");
  in_degree_.assign(n_, 0);
  out_degree_.assign(n_, 0);
  BulkInsert ins(main_.raw(), "follows", "id, account_id, target_account_id, created_at", 4, 64);
  Rng rng(Hash64(o_.seed, kStreamFollows, 0));
  // Log-normal follow counts: median 50, sigma 1.18 (mean ~100); at most 5,000, and at most a
  // quarter of the network so small test networks stay sparse enough to sample.
  const double mu = std::log(50.0);
  const double sigma = 1.18;
  const uint32_t max_follows =
      static_cast<uint32_t>(std::max<int64_t>(1, std::min<int64_t>(5000, (n_ - k_) / 4)));
  std::vector<uint32_t> targets;
  int64_t follow_id = 0;
  for (uint32_t i = 0; i < n_; ++i) {
    targets.clear();
    for (uint32_t c = 0; c < k_; ++c) {
      if (c != i && rng.Chance(celebrity_p_[c])) targets.push_back(c);
    }
    const double d = std::exp(mu + sigma * rng.Normal());
    const uint32_t want =
        static_cast<uint32_t>(targets.size()) +
        std::clamp<uint32_t>(static_cast<uint32_t>(std::lround(std::min(d, 1e6))), 1, max_follows);
    const int lang = lang_[i];
    // Draw, dedupe, draw the shortfall; a few rounds always suffice in practice (the cap keeps
    // the wanted count far below what the popularity tables can offer).
    for (int round = 0; round < 8 && targets.size() < want; ++round) {
      const size_t sorted = round == 0 ? 0 : targets.size();
      for (size_t need = want - targets.size(); need > 0; --need) {
        uint32_t t;
        if (rng.Chance(0.8) && !members_[lang].empty()) {
          t = members_[lang][popular_lang_[lang].Sample(rng)];
        } else {
          t = popular_all_.Sample(rng);
        }
        if (t != i && t >= k_) targets.push_back(t);
      }
      // Later rounds sort only the few new draws and merge them in.
      std::sort(targets.begin() + static_cast<std::ptrdiff_t>(sorted), targets.end());
      std::inplace_merge(targets.begin(), targets.begin() + static_cast<std::ptrdiff_t>(sorted),
                         targets.end());
      targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    }
    const int64_t follower_id = AccountId(i);
    const int64_t follower_created = CreatedAt(i);
    for (uint32_t t : targets) {
      const int64_t lo = std::max(follower_created, CreatedAt(t));
      const int64_t created =
          lo + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(end_ - lo)));
      ins.Int(++follow_id).Int(follower_id).Int(AccountId(t)).Int(created);
      MAGPIE_RETURN_IF_ERROR(ins.EndRow());
      ++in_degree_[t];
    }
    out_degree_[i] = static_cast<uint32_t>(targets.size());
    main_.Add(targets.size());
    stats_.follows += targets.size();
    MAGPIE_RETURN_IF_ERROR(main_.MaybeCommit());
    if ((i & 255) == 0) progress_.Fraction(kMain, i, n_);
  }
  MAGPIE_RETURN_IF_ERROR(ins.Flush());
  EndPhase(kMain, mark);
  return core::Ok();
}

// ---------------------------------------------------------------------------------------------

Status Generator::StatusesThread() {
  MAGPIE_RETURN_IF_ERROR(OpenSink(aux_, aux_path_, std::max<int64_t>(o_.cache_mb / 2, 8)));
  MAGPIE_RETURN_IF_ERROR(DropIndexes(aux_, kAuxTables, kAuxKept));
  MAGPIE_RETURN_IF_ERROR(aux_.Exec("BEGIN"));
  MAGPIE_RETURN_IF_ERROR(Statuses(aux_));
  MAGPIE_RETURN_IF_ERROR(aux_.Exec("COMMIT"));
  MAGPIE_RETURN_IF_ERROR(RebuildIndexes(aux_, kAux, nullptr));
  aux_.conn.reset();
  progress_.Phase(kAux, "");
  return core::Ok();
}

Status Generator::Statuses(Sink& sink) {
  const PhaseMark mark = BeginPhase(kAux, sink, "statuses");
  statuses_count_.assign(n_, 0);
  last_status_at_.assign(n_, 0);
  used_tags_.assign(corpus_.tags().size(), 0);

  const uint64_t total = static_cast<uint64_t>(std::llround(o_.posts_per_account * n_));
  if (total == 0) {
    EndPhase(kAux, mark);
    return core::Ok();
  }
  // Who posts: log-normal activity (sigma 1), celebrities three times as active.
  AliasTable authors;
  {
    std::vector<double> activity(n_);
    for (uint32_t i = 0; i < n_; ++i) {
      Rng r(Hash64(o_.seed, kStreamActivity, i));
      activity[i] = std::exp(1.0 * r.Normal()) * (i < k_ ? 3.0 : 1.0);
    }
    authors = AliasTable(activity);
  }
  // Hot authors feed their own rings, so replies and reblogs pile up on popular posts as they
  // do on a real service.
  std::vector<Ring> hot;
  std::vector<Ring> general;
  for (int l = 0; l < kLangCount; ++l) {
    hot.emplace_back(kMinRing);
    general.emplace_back(4 * kMinRing);
  }
  FlatSet64 reblogged(static_cast<size_t>(total / 8) + 16);

  BulkInsert ins(sink.raw(), "statuses",
                 "id, account_id, local, text, spoiler_text, visibility, sensitive, language, "
                 "in_reply_to_id, in_reply_to_account_id, reblog_of_id, quote_of_id, "
                 "quote_policy, application_id, conversation_id, created_at, "
                 "mentioned_account_ids, tags",
                 18, kStatusBatch);
  BulkInsert mentions(sink.raw(), "status_mentions", "account_id, status_id", 2, 128);
  BulkInsert status_tags(sink.raw(), "status_tags", "tag_id, status_id", 2, 128);
  sqlite3_stmt* update = nullptr;
  if (sqlite3_prepare_v2(sink.raw(),
                         "UPDATE statuses SET replies_count = ?2, reblogs_count = ?3, "
                         "quotes_count = ?4 WHERE id = ?1",
                         -1, &update, nullptr) != SQLITE_OK) {
    return Error::Internal(sink.conn->LastError());
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> update_guard(update, sqlite3_finalize);
  // Counts of a target are written when it leaves its ring. Its row is in the table by then: a
  // ring holds at least kMinRing originals and an INSERT batch fewer rows, so the batch that
  // carried it has run (the final settling flushes first).
  auto settle = [&](const Target& t) -> Status {
    if (t.replies == 0 && t.reblogs == 0 && t.quotes == 0) return core::Ok();
    sqlite3_bind_int64(update, 1, t.id);
    sqlite3_bind_int64(update, 2, t.replies);
    sqlite3_bind_int64(update, 3, t.reblogs);
    sqlite3_bind_int64(update, 4, t.quotes);
    const int rc = sqlite3_step(update);
    sqlite3_reset(update);
    if (rc != SQLITE_DONE) return Error::Internal("update failed: " + sink.conn->LastError());
    return core::Ok();
  };

  static constexpr std::string_view kSpoilers[kLangCount] = {"剧透", "Spoilers", "ネタバレ",
                                                             "Spoiler", "حرق أحداث"};
  Rng rng(Hash64(o_.seed, kStreamStatuses, 0));
  const int64_t span = end_ - posts_start_;
  int64_t last_ms = -1;
  int64_t seq = 0;
  std::string text;
  std::string mentions_json;
  std::string tags_json;
  std::vector<std::string> mention_names;
  std::vector<int64_t> mention_ids;
  PostPlan plan;

  for (uint64_t j = 0; j < total; ++j) {
    // Time slot j of `total` equal slots, jittered within the slot: ids grow with j.
    const int64_t slot_lo =
        posts_start_ + static_cast<int64_t>((static_cast<unsigned __int128>(span) * j / total));
    const int64_t slot_hi =
        posts_start_ +
        static_cast<int64_t>((static_cast<unsigned __int128>(span) * (j + 1) / total));
    const int64_t t =
        slot_lo + (slot_hi > slot_lo ? static_cast<int64_t>(rng.Below(slot_hi - slot_lo)) : 0);
    seq = t == last_ms ? seq + 1 : 0;
    last_ms = t;
    const int64_t id = core::IdForTime(t) | kNodeBits | seq;

    const uint32_t author = authors.Sample(rng);
    const Lang lang = static_cast<Lang>(lang_[author]);

    // What kind of post: reply 12%, reblog 11%, quote 5%, else original.
    const double kind = rng.Unit();
    Target* target = nullptr;
    if (kind < 0.28) {
      const int tl = rng.Chance(0.85) ? static_cast<int>(lang) : static_cast<int>(rng.Below(5));
      Ring* ring = rng.Chance(0.6) ? &hot[tl] : &general[tl];
      if (ring->empty()) ring = ring == &hot[tl] ? &general[tl] : &hot[tl];
      if (!ring->empty()) target = &ring->Pick(rng);
    }
    const bool is_reply = target != nullptr && kind < 0.12;
    bool is_reblog = target != nullptr && kind >= 0.12 && kind < 0.23;
    const bool is_quote = target != nullptr && kind >= 0.23;
    if (is_reblog) {
      const uint64_t key = ((static_cast<uint64_t>(author) << 32) | target->serial) + 1;
      if (target->author == author || !reblogged.Insert(key)) is_reblog = false;
    }

    int64_t in_reply_to = 0;
    int64_t in_reply_to_account = 0;
    int64_t reblog_of = 0;
    int64_t quote_of = 0;
    int64_t conversation = id;
    int visibility = 0;  // public
    int quote_policy = 0;
    bool sensitive = false;
    std::string_view spoiler;
    std::string_view language = LangCode(lang);
    text.clear();
    mention_names.clear();
    mention_ids.clear();
    plan = PostPlan{};
    plan.lang = lang;

    if (is_reblog) {
      reblog_of = target->id;
      conversation = target->conversation_id;
      quote_policy = 2;  // reblogs cannot be quoted
      language = "";
      ++target->reblogs;
      ++reblogs_;
    } else {
      // An original, a reply or a quote: text with mentions and tags.
      if (is_reply) {
        in_reply_to = target->id;
        in_reply_to_account = AccountId(target->author);
        conversation = target->conversation_id;
        ++target->replies;
        ++replies_;
        if (target->author != author) {
          mention_names.push_back(Username(target->author));
          mention_ids.push_back(in_reply_to_account);
        }
      } else if (is_quote) {
        quote_of = target->id;
        ++target->quotes;
        ++quotes_;
      }
      const bool original = !is_reply && !is_quote;
      if (original && rng.Chance(0.12)) {
        const int extra = rng.Chance(0.25) ? 2 : 1;
        for (int m = 0; m < extra; ++m) {
          const uint32_t who =
              members_[static_cast<int>(lang)][popular_lang_[static_cast<int>(lang)].Sample(rng)];
          const int64_t who_id = AccountId(who);
          if (who == author ||
              std::find(mention_ids.begin(), mention_ids.end(), who_id) != mention_ids.end()) {
            continue;
          }
          mention_names.push_back(Username(who));
          mention_ids.push_back(who_id);
        }
      }
      if (is_reply && !mention_names.empty()) {
        plan.reply_to_username = mention_names.front();
        for (size_t m = 1; m < mention_names.size(); ++m) {
          plan.mention_usernames.push_back(mention_names[m]);
        }
      } else {
        for (const auto& m : mention_names) plan.mention_usernames.push_back(m);
      }
      const auto& topics = corpus_.WeiboTopics(lang);
      if (!is_reply && !topics.empty() && rng.Chance(0.3)) {
        plan.weibo_topic = topics[rng.Below(topics.size())];
      }
      if (rng.Chance(is_reply ? 0.08 : 0.3)) {
        const int count = rng.Chance(0.3) ? 2 : 1;
        for (int c = 0; c < count; ++c) {
          // Mostly the author's language; sometimes an English tag (#Magpie travels).
          const auto& pool = corpus_.TwitterTags(rng.Chance(0.9) ? lang : Lang::kEn);
          const int tag = pool[rng.Below(pool.size())];
          if (std::find(plan.tags.begin(), plan.tags.end(), tag) == plan.tags.end()) {
            plan.tags.push_back(tag);
          }
        }
      }
      plan.sentences = !is_reply && rng.Chance(0.3) ? 2 : 1;
      plan.emoji = rng.Chance(0.35);
      plan.link = rng.Chance(0.05);
      corpus_.Compose(plan, rng, text);
      if (rng.Chance(0.01)) {
        spoiler = kSpoilers[static_cast<int>(lang)];
        sensitive = true;
      }
      if (original) {
        const double v = rng.Unit();
        visibility = v < 0.90 ? 0 : v < 0.96 ? 1 : 2;  // public, unlisted, private
        if (visibility == 2) quote_policy = 2;
      }
    }

    // Denormalized JSON columns, in order of appearance (as StatusService::ParseText).
    mentions_json = "[";
    for (size_t m = 0; m < mention_ids.size(); ++m) {
      if (m > 0) mentions_json += ',';
      mentions_json += std::to_string(mention_ids[m]);
    }
    mentions_json += ']';
    tags_json = "[";
    bool first_tag = true;
    auto add_tag = [&](int tag) -> Status {
      if (!first_tag) tags_json += ',';
      first_tag = false;
      AppendJsonString(tags_json, corpus_.tags()[tag].name);
      used_tags_[tag] = 1;
      status_tags.Int(tag + 1).Int(id);
      ++tagged_;
      sink.Add(1);
      return status_tags.EndRow();
    };
    if (!is_reblog) {
      if (plan.weibo_topic >= 0) MAGPIE_RETURN_IF_ERROR(add_tag(plan.weibo_topic));
      for (int tag : plan.tags) MAGPIE_RETURN_IF_ERROR(add_tag(tag));
    }
    tags_json += ']';
    if (is_reblog) mentions_json = "[]";

    ins.Int(id).Int(AccountId(author)).Int(1).Text(text).Text(spoiler).Int(visibility);
    ins.Int(sensitive).Text(language).IntOrNull(in_reply_to).IntOrNull(in_reply_to_account);
    ins.IntOrNull(reblog_of).IntOrNull(quote_of).Int(quote_policy).Int(app_id_);
    ins.Int(conversation).Int(t).Text(mentions_json).Text(tags_json);
    MAGPIE_RETURN_IF_ERROR(ins.EndRow());
    sink.Add(1);
    if (!is_reblog) {
      for (int64_t m : mention_ids) {
        mentions.Int(m).Int(id);
        MAGPIE_RETURN_IF_ERROR(mentions.EndRow());
        sink.Add(1);
        ++mentions_;
      }
    }
    ++statuses_count_[author];
    last_status_at_[author] = t;
    ++statuses_;

    // Public originals become targets for later replies, reblogs and quotes.
    if (!is_reblog && !is_reply && !is_quote && visibility == 0) {
      Target entry;
      entry.id = id;
      entry.conversation_id = id;
      entry.author = author;
      entry.serial = static_cast<uint32_t>(j);
      Ring& ring = hot_[author] ? hot[static_cast<int>(lang)] : general[static_cast<int>(lang)];
      if (auto evicted = ring.Push(entry)) MAGPIE_RETURN_IF_ERROR(settle(*evicted));
    }
    MAGPIE_RETURN_IF_ERROR(sink.MaybeCommit());
    if ((j & 4095) == 0) progress_.Fraction(kAux, j, total);
  }
  MAGPIE_RETURN_IF_ERROR(ins.Flush());
  MAGPIE_RETURN_IF_ERROR(mentions.Flush());
  MAGPIE_RETURN_IF_ERROR(status_tags.Flush());
  for (auto* rings : {&hot, &general}) {
    for (Ring& ring : *rings) {
      for (const Target& t : ring.items()) MAGPIE_RETURN_IF_ERROR(settle(t));
    }
  }
  EndPhase(kAux, mark);
  return core::Ok();
}

// ---------------------------------------------------------------------------------------------

Status Generator::Accounts() {
  const PhaseMark mark = BeginPhase(kMain, main_, "accounts");
  MAGPIE_ASSIGN_OR_RETURN(std::string password_hash,
                          core::HashPassword(kPassword, core::MinimalCost()));

  std::unique_ptr<std::ofstream> tokens;
  if (!o_.tokens_path.empty()) {
    tokens = std::make_unique<std::ofstream>(o_.tokens_path, std::ios::binary | std::ios::trunc);
    if (!*tokens) return Error::Invalid("cannot write the tokens file " + o_.tokens_path);
  }

  BulkInsert accounts(main_.raw(), "accounts",
                      "id, username, display_name, note, created_at, followers_count, "
                      "following_count, statuses_count, last_status_at",
                      9, 32);
  BulkInsert users(main_.raw(), "users",
                   "account_id, email, password_hash, locale, created_at, default_language", 6, 32);
  BulkInsert access(main_.raw(), "access_tokens",
                    "id, token_hash, application_id, account_id, scopes, created_at", 6, 32);
  Rng token_rng(Hash64(o_.seed, kStreamTokens, 0));
  std::string line;
  for (uint32_t i = 0; i < n_; ++i) {
    const Lang lang = static_cast<Lang>(lang_[i]);
    const int64_t id = AccountId(i);
    const int64_t created = CreatedAt(i);
    const uint64_t h = NameHash(i);
    const std::string username = Username(i);
    const std::string display =
        i < k_ ? corpus_.CelebrityDisplayName(lang, i) : corpus_.DisplayName(lang, h);
    accounts.Int(id).Text(username).Text(display).Text(corpus_.Note(lang, h)).Int(created);
    accounts.Int(in_degree_[i]).Int(out_degree_[i]).Int(statuses_count_[i]);
    accounts.Int(last_status_at_[i]);
    MAGPIE_RETURN_IF_ERROR(accounts.EndRow());

    users.Int(id).Text(username + "@bench.magpie.invalid").Text(password_hash);
    users.Text(LangCode(lang)).Int(created).Text(LangCode(lang));
    MAGPIE_RETURN_IF_ERROR(users.EndRow());

    std::array<uint8_t, 32> bytes;
    for (size_t b = 0; b < bytes.size(); b += 8) {
      const uint64_t v = token_rng.Next();
      for (size_t k = 0; k < 8; ++k) bytes[b + k] = static_cast<uint8_t>(v >> (8 * k));
    }
    const std::string token = Base64Url(bytes);
    access.Int(id).Text(core::Sha256Hex(token)).Int(app_id_).Int(id).Text(kScopes).Int(created);
    MAGPIE_RETURN_IF_ERROR(access.EndRow());
    if (tokens) {
      line = std::to_string(id);
      line += '\t';
      line += token;
      line += '\n';
      tokens->write(line.data(), static_cast<std::streamsize>(line.size()));
    }
    main_.Add(3);
    MAGPIE_RETURN_IF_ERROR(main_.MaybeCommit());
    if ((i & 1023) == 0) progress_.Fraction(kMain, i, n_);
  }
  MAGPIE_RETURN_IF_ERROR(accounts.Flush());
  MAGPIE_RETURN_IF_ERROR(users.Flush());
  MAGPIE_RETURN_IF_ERROR(access.Flush());
  if (tokens) {
    tokens->flush();
    if (!*tokens) return Error::Internal("writing the tokens file " + o_.tokens_path + " failed");
  }
  stats_.accounts = n_;
  for (uint32_t c = 0; c < k_; ++c) stats_.celebrity_ids.push_back(AccountId(c));
  EndPhase(kMain, mark);
  return core::Ok();
}

Status Generator::Tags() {
  const PhaseMark mark = BeginPhase(kMain, main_, "tags");
  BulkInsert ins(main_.raw(), "tags", "id, name, display_name", 3, 32);
  for (size_t t = 0; t < used_tags_.size(); ++t) {
    if (used_tags_[t] == 0) continue;
    const TagWord& tag = corpus_.tags()[t];
    ins.Int(static_cast<int64_t>(t) + 1).Text(tag.normalized).Text(tag.name);
    MAGPIE_RETURN_IF_ERROR(ins.EndRow());
    main_.Add(1);
    ++stats_.tags;
  }
  MAGPIE_RETURN_IF_ERROR(ins.Flush());
  EndPhase(kMain, mark);
  return core::Ok();
}

// Rebuilds the indexes dropped from `sink` (only those on `table` when it is not null).
Status Generator::RebuildIndexes(Sink& sink, int slot, const char* table) {
  // A small cache makes the sorter spill sorted runs early (merged afterwards, partly on a
  // helper thread): several times faster than sorting one huge run in memory, which thrashes
  // the CPU caches. The load's cache size is restored after.
  MAGPIE_RETURN_IF_ERROR(sink.Exec("PRAGMA cache_size=-16384"));
  auto it = sink.dropped.begin();
  while (it != sink.dropped.end()) {
    const std::string& create = it->second;
    if (table != nullptr && create.find(std::string(" ON ") + table + " ") == std::string::npos) {
      ++it;
      continue;
    }
    const PhaseMark mark = BeginPhase(slot, sink, "index " + it->first);
    MAGPIE_RETURN_IF_ERROR(sink.Exec(create));
    EndPhase(slot, mark);
    it = sink.dropped.erase(it);
  }
  return sink.Exec("PRAGMA cache_size=-" +
                   std::to_string(std::max<int64_t>(o_.cache_mb, 8) * 1024));
}

// Copies the statuses tables from the aux file: the main file's copies are empty and carry the
// same indexes, so SQLite's transfer optimization moves the rows and index entries in order.
Status Generator::CopyStatuses() {
  const PhaseMark mark = BeginPhase(kMain, main_, "copy statuses");
  MAGPIE_RETURN_IF_ERROR(main_.Exec("COMMIT"));
  {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(main_.raw(), "ATTACH ?1 AS gen_aux", -1, &st, nullptr) != SQLITE_OK) {
      return Error::Internal(main_.conn->LastError());
    }
    sqlite3_bind_text(st, 1, aux_path_.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return Error::Internal("attach failed: " + main_.conn->LastError());
  }
  MAGPIE_RETURN_IF_ERROR(main_.Exec("BEGIN"));
  for (const char* table : kAuxCopied) {
    MAGPIE_RETURN_IF_ERROR(
        main_.Exec(std::string("INSERT INTO main.") + table + " SELECT * FROM gen_aux." + table));
  }
  MAGPIE_RETURN_IF_ERROR(main_.Exec("COMMIT"));
  MAGPIE_RETURN_IF_ERROR(main_.Exec("DETACH gen_aux"));
  MAGPIE_RETURN_IF_ERROR(main_.Exec("BEGIN"));
  EndPhase(kMain, mark);
  std::error_code ec;
  std::filesystem::remove(aux_path_, ec);
  return core::Ok();
}

Status Generator::Finish() {
  MAGPIE_RETURN_IF_ERROR(main_.Exec("COMMIT"));
  // Back to the server's settings: WAL (persistent in the file) and normal locking.
  MAGPIE_RETURN_IF_ERROR(main_.Exec("PRAGMA locking_mode=NORMAL"));
  sqlite3_stmt* st = nullptr;
  std::string mode;
  if (sqlite3_prepare_v2(main_.raw(), "PRAGMA journal_mode=WAL", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    mode = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  if (mode != "wal") return Error::Internal("could not switch the database back to WAL");
  main_.conn.reset();
  return core::Ok();
}

Status Generator::WriteManifest() {
  if (o_.manifest_path.empty()) return core::Ok();
  std::ofstream out(o_.manifest_path, std::ios::trunc);
  if (!out) return Error::Invalid("cannot write " + o_.manifest_path);
  out << "{\n  \"seed\": " << o_.seed << ",\n  \"end_time_ms\": " << end_
      << ",\n  \"days\": " << o_.days << ",\n  \"password\": \"" << kPassword
      << "\",\n  \"tokens_file\": ";
  std::string tokens;
  AppendJsonString(tokens, o_.tokens_path);
  out << tokens << ",\n  \"accounts\": " << stats_.accounts
      << ",\n  \"follows\": " << stats_.follows << ",\n  \"statuses\": " << stats_.statuses
      << ",\n  \"replies\": " << stats_.replies << ",\n  \"reblogs\": " << stats_.reblogs
      << ",\n  \"quotes\": " << stats_.quotes << ",\n  \"rows\": " << stats_.rows
      << ",\n  \"seconds\": " << stats_.seconds << ",\n  \"celebrities\": [";
  for (uint32_t c = 0; c < k_; ++c) {
    out << (c ? ", " : "") << "{\"id\": \"" << AccountId(c) << "\", \"username\": \"" << Username(c)
        << "\", \"followers_count\": " << in_degree_[c] << "}";
  }
  out << "]\n}\n";
  if (!out) return Error::Internal("writing " + o_.manifest_path + " failed");
  return core::Ok();
}

Result<GenStats> Generator::Run() {
  if (n_ < 2) return Error::Invalid("--accounts must be at least 2");
  if (o_.posts_per_account < 0 || o_.posts_per_account > 100'000) {
    return Error::Invalid("--posts-per-account must be between 0 and 100000");
  }
  if (o_.days < 1) return Error::Invalid("--days must be at least 1");
  std::error_code ec;
  if (!o_.overwrite && std::filesystem::exists(o_.db_path, ec)) {
    return Error::Invalid(o_.db_path +
                          " already exists: `magpie gen` builds a fresh database (use --force to "
                          "replace it)");
  }
  end_ = o_.end_time_ms;
  if (end_ == 0) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    end_ = std::chrono::duration_cast<std::chrono::minutes>(now).count() * 60'000;
  }
  posts_start_ = end_ - o_.days * kDayMs;
  // Accounts were created over the three years before the posting window.
  const int64_t accounts_end = posts_start_ - 3'600'000;
  accounts_start_ = accounts_end - 3 * 365 * kDayMs;
  account_step_ = std::max<int64_t>(1, (accounts_end - accounts_start_) / n_);

  core::InitCrypto();
  // SQLite's allocation statistics cost a global mutex and bookkeeping on every malloc; the
  // loader does not need them. Only possible before SQLite is first used in this process (a
  // later call is refused, harmlessly).
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  MAGPIE_RETURN_IF_ERROR(OpenSink(main_, o_.db_path, std::max<int64_t>(o_.cache_mb / 2, 8)));
  MAGPIE_RETURN_IF_ERROR(DropIndexes(main_, kMainTables, kMainKept));
  MAGPIE_RETURN_IF_ERROR(main_.Exec("BEGIN"));
  MAGPIE_RETURN_IF_ERROR(Application());
  BuildPopularity();
  progress_.Start();

  // Statuses on their own thread and file while this one loads the follows.
  Status aux_status = core::Ok();
  std::thread aux([this, &aux_status] { aux_status = StatusesThread(); });
  Status main_status = Follows();
  if (main_status.ok()) main_status = main_.Exec("COMMIT; BEGIN");
  if (main_status.ok()) main_status = RebuildIndexes(main_, kMain, "follows");
  aux.join();
  MAGPIE_RETURN_IF_ERROR(main_status);
  MAGPIE_RETURN_IF_ERROR(aux_status);
  stats_.statuses = statuses_;
  stats_.replies = replies_;
  stats_.reblogs = reblogs_;
  stats_.quotes = quotes_;
  stats_.mentions = mentions_;
  stats_.status_tags = tagged_;

  MAGPIE_RETURN_IF_ERROR(Accounts());
  MAGPIE_RETURN_IF_ERROR(Tags());
  MAGPIE_RETURN_IF_ERROR(main_.Exec("COMMIT; BEGIN"));
  MAGPIE_RETURN_IF_ERROR(RebuildIndexes(main_, kMain, nullptr));
  MAGPIE_RETURN_IF_ERROR(CopyStatuses());
  MAGPIE_RETURN_IF_ERROR(Finish());
  progress_.Phase(kMain, "");
  progress_.Stop();
  stats_.rows = main_.rows.load() + aux_.rows.load();
  stats_.seconds = progress_.Seconds();
  stats_.cpu_seconds = CpuSeconds(/*whole_process=*/true);
  struct rusage usage {};
  if (getrusage(RUSAGE_SELF, &usage) == 0) stats_.peak_rss_kb = usage.ru_maxrss;
  MAGPIE_RETURN_IF_ERROR(WriteManifest());
  return stats_;
}

}  // namespace

Result<GenStats> Generate(const GenOptions& options, const ProgressFn& progress) {
  Generator g(options, progress);
  return g.Run();
}

}  // namespace magpie::gen
