// `magpie gen`: builds a synthetic social network straight into a fresh SQLite database, for
// benchmarks and demos (DESIGN.md §2, issue 3). Not through HTTP and not through the stores'
// write paths: bulk-loading connections write every table the stores read, with the same
// invariants the stores keep (counters equal to row counts, denormalized mention/tag columns
// matching their index tables, SHA-256 token hashes, time-ordered ids).
//
// The network:
//  - accounts in five languages (zh 35%, en 25%, ja 15%, es 15%, ar 10%), created over three
//    years before the posting window;
//  - follows: each account's follow count is log-normal (median 50, mean ~100, at most 5,000);
//    targets are drawn 80% from the follower's own language; follower counts follow a truncated
//    power law (Pareto, tail index 1.5: median ~50, a few accounts with thousands), and
//    `celebrities` accounts are each followed by ~10% of everyone;
//  - posts spread over the last `days` days in time order, authors drawn by a skewed activity
//    (mean `posts_per_account`); ~72% originals (with Weibo #话题# topics, #tags, mentions,
//    emoji, links), 12% replies, 11% reposts (reblogs), 5% quotes, aimed at recent posts of
//    popular accounts, mostly in the author's language;
//  - one application, one user per account (one shared argon2id hash of kPassword), one access
//    token per account written to the tokens file as "account_id<TAB>token".
//
// Deterministic: the same options (seed and end time included) give the same rows, except
// users.password_hash (argon2id salts itself). Tokens derive from the seed, so a generated
// database must never hold real users.
//
// Bulk load (generator.cc): follows into the database and posts into a side file on two threads
// at once, the posts then copied over; synchronous=OFF, journal_mode=OFF, exclusive locking,
// multi-row prepared INSERTs in large transactions, indexes with randomly ordered keys dropped
// during the load and rebuilt after (a sort is far cheaper than random B-tree inserts), then
// journal_mode=WAL so `magpie serve` opens it as usual. Memory is O(accounts) (~50 bytes each)
// plus the page caches; follows and posts are streamed. Generate() blocks, using two threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"

namespace magpie::gen {

// The password of every generated account.
inline constexpr const char* kPassword = "magpie-bench-password";

struct GenOptions {
  std::string db_path;        // the database file to create (its directory must exist)
  std::string tokens_path;    // "account_id<TAB>token" lines; empty: none written
  std::string manifest_path;  // JSON summary (counts, celebrities); empty: none written
  uint32_t accounts = 100'000;
  double posts_per_account = 20;
  uint32_t celebrities = 5;
  uint64_t seed = 1;
  int64_t end_time_ms = 0;  // posts end before this instant; 0 = now, rounded down to the minute
  int days = 30;            // posts are spread over this many days before end_time_ms
  int64_t cache_mb = 512;   // SQLite page cache during the load
  bool overwrite = false;   // replace an existing database file
};

struct PhaseStats {
  std::string name;
  uint64_t rows = 0;
  double seconds = 0;      // wall time
  double cpu_seconds = 0;  // user + system time of the loading process
};

struct GenStats {
  uint64_t accounts = 0;
  uint64_t follows = 0;
  uint64_t statuses = 0;
  uint64_t replies = 0;
  uint64_t reblogs = 0;
  uint64_t quotes = 0;
  uint64_t mentions = 0;     // status_mentions rows
  uint64_t status_tags = 0;  // status_tags rows
  uint64_t tags = 0;         // tags rows
  uint64_t rows = 0;         // every row inserted, all tables
  double seconds = 0;        // wall time, index rebuild and WAL switch included
  double cpu_seconds = 0;    // user + system time of this process (the machine may be shared)
  int64_t peak_rss_kb = 0;   // of this process, at the end
  std::vector<PhaseStats> phases;
  std::vector<int64_t> celebrity_ids;
  int64_t application_id = 0;
};

// Called about twice a second from a reporting thread while loading, and once at the end:
// what each loading thread is doing ("follows  42% | statuses  67%"), rows inserted so far in all
// tables, seconds since the start.
using ProgressFn = std::function<void(const std::string& status, uint64_t rows, double seconds)>;

core::Result<GenStats> Generate(const GenOptions& options, const ProgressFn& progress = nullptr);

}  // namespace magpie::gen
