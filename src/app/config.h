// Magpie's configuration: one struct, filled in order from defaults, a TOML file, environment
// variables and command-line flags (each later source wins). Every key has a TOML name
// ("server.listen"), an environment name (MAGPIE_SERVER_LISTEN) and, for the common ones, a flag.
// Invalid values stop start-up with a message that names the key and says what is expected.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace magpie::app {

struct Config {
  // [server]
  std::string listen_host = "127.0.0.1";
  uint16_t listen_port = 8080;
  std::string public_url;  // empty: http://HOST:PORT
  int io_threads = 0;      // 0: one per core
  int worker_threads = 64;
  int64_t max_body_bytes = 16 * 1024 * 1024;
  bool access_log = true;
  // Answer reads whose data is in memory on the event loop (http inline_first): the store calls
  // core::MayBlock() before it blocks, which sends a read that needs the disk to the worker pool.
  bool inline_reads = true;
  // [storage]
  std::string data_dir = "data";
  bool sync_writes = true;  // fsync every group commit; off only for throw-away data
  int writer_nice = -10;    // the database writer thread's priority (sqlite::DatabaseOptions)
  // [instance]
  std::string title = "Magpie";
  std::string description = "A microblogging server for everyone, in every language.";
  std::string contact_email;
  std::string domain;  // empty: the host[:port] of public_url
  int64_t max_status_chars = 2000;
  bool registrations_open = true;
  bool approval_required = false;
  // [timeline]
  int64_t celebrity_threshold = 10'000;
  int64_t home_timeline_size = 800;
  // [cache]: entries kept in memory (docs/ARCHITECTURE.md, "Caches on the hot path")
  int64_t cached_statuses = 1'000'000;  // status snapshots; their rendered JSON: half as many
  int64_t cached_accounts = 200'000;    // account rows; their rendered JSON: half as many
  int64_t cached_viewers = 100'000;     // viewers whose favourites, reblogs... are in memory
  // [rate_limits] (0 disables a limit)
  int64_t sign_up_per_ip = 25;
  int64_t sign_in_per_ip = 100;
  int64_t posts_per_account = 300;
  // [log]
  std::string log_level = "info";   // debug, info, warn, error
  std::string log_format = "auto";  // auto, json, human
  // [web]
  std::string web_dist;  // the built web app; empty: look beside the binary and in ./web/dist
  // [security]
  bool fast_password_hashing = false;  // tests and benchmarks only: argon2id at minimal cost

  std::string BaseUrl() const;
  std::string Domain() const;
};

// One configurable key, for --help and the loaders.
struct ConfigKey {
  std::string name;  // "server.listen"
  std::string help;
};
const std::vector<ConfigKey>& ConfigKeys();

// Sets one key from its text form (TOML values are turned into text first).
core::Status SetConfigValue(Config& config, const std::string& key, const std::string& value);
// Loads a TOML file; unknown keys are an error (a typo must not pass silently).
core::Status LoadConfigFile(Config& config, const std::string& path);
// Applies MAGPIE_* environment variables (MAGPIE_SERVER_LISTEN, and the shortcuts
// MAGPIE_LISTEN and MAGPIE_DATA_DIR).
core::Status LoadConfigEnv(Config& config, char** environ_ptr);
// Checks relations between values (e.g. the data directory can be created).
core::Status ValidateConfig(const Config& config);

}  // namespace magpie::app
