// `magpie`: the server binary and its administration commands.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/cli.h"
#include "app/config.h"
#include "core/crypto.h"
#include "core/log.h"
#include "gen/gen.h"

extern char** environ;

namespace magpie::app {
namespace {

constexpr const char* kVersion = "0.1.0";

const std::vector<FlagSpec> kCommonFlags = {
    {"config", true, "TOML configuration file (default: DATA_DIR/magpie.toml if present)"},
    {"data-dir", true, "directory for the database and media (default ./data)"},
    {"set", true, "SECTION.KEY=VALUE: set any configuration key (repeatable; see serve --help)"},
};

std::vector<FlagSpec> With(std::vector<FlagSpec> extra) {
  extra.insert(extra.begin(), kCommonFlags.begin(), kCommonFlags.end());
  return extra;
}

const std::vector<FlagSpec> kServeFlags = With({
    {"listen", true, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0 picks a free one)"},
    {"public-url", true, "URL people reach the server at (default http://HOST:PORT)"},
    {"demo", false, "add demo accounts and posts when the database is empty"},
});
const std::vector<FlagSpec> kMigrateFlags = With({});
const std::vector<FlagSpec> kCreateAccountFlags = With({
    {"username", true, "the new account's username (letters, digits, underscore)"},
    {"email", true, "its e-mail address"},
    {"password", true, "its password (8 characters or more); omit to read it from stdin"},
    {"admin", false, "make it an administrator"},
});
const std::vector<FlagSpec> kResetPasswordFlags = With({
    {"username", true, "the account whose password to set"},
    {"password", true, "the new password; omit to read it from stdin"},
});

const std::vector<FlagSpec> kGenFlags = {
    {"data-dir", true, "directory of the new database (default ./data)"},
    {"accounts", true, "number of accounts (default 100000)"},
    {"posts-per-account", true, "mean posts per account, reposts included (default 20)"},
    {"celebrities", true, "accounts each followed by ~10% of everyone (default 5)"},
    {"seed", true, "random seed: the same seed and end time give the same rows (default 1)"},
    {"tokens-file", true,
     "where to write account_id<TAB>token lines (default DATA_DIR/tokens.tsv)"},
    {"days", true, "posts are spread over this many days before the end time (default 30)"},
    {"end-time", true,
     "end of the posting window, ms since the epoch (default: now, to the minute)"},
    {"cache-mb", true, "SQLite page cache for the load, MiB (default 512)"},
    {"force", false, "replace an existing database in the data directory"},
};

void PrintUsage() {
  std::cout
      << "magpie " << kVersion
      << " — a microblogging server that speaks the Mastodon client API\n\n"
         "Usage: magpie <command> [flags]\n\n"
         "Commands:\n"
         "  serve                   run the server (API and web app)\n"
         "  migrate                 apply pending database migrations and exit\n"
         "  admin create-account    create a local account\n"
         "  admin reset-password    set a local account's password (signs it out everywhere)\n"
         "  gen                     build a synthetic network for benchmarks and demos\n"
         "  version                 print the version\n\n"
         "Run `magpie <command> --help` for a command's flags.\n"
         "Quick start: magpie serve --listen 127.0.0.1:8080 --data-dir ./data --demo\n";
}

void PrintServeHelp() {
  std::cout << "Usage: magpie serve [flags]\n\n"
               "Runs Magpie: the Mastodon client API, the web app and /metrics, on one port.\n"
               "Stops cleanly on SIGINT or SIGTERM: requests in flight finish first.\n\nFlags:\n"
            << FlagHelp(kServeFlags)
            << "\nConfiguration keys (set them in the TOML file as [section] key = value, as\n"
               "environment variables MAGPIE_SECTION_KEY, or with --set section.key=value):\n";
  for (const auto& k : ConfigKeys()) {
    std::string left = "  " + k.name;
    if (left.size() < 34) left.resize(34, ' ');
    std::cout << left << " " << k.help << "\n";
  }
  std::cout << "\nPrecedence: defaults < file < environment < flags.\n";
}

// Loads configuration from every source for a command.
core::Result<Config> LoadConfig(const ParsedArgs& args) {
  Config config;
  // The data directory decides where the default config file is, so read it first from the
  // environment and flags.
  MAGPIE_RETURN_IF_ERROR(LoadConfigEnv(config, environ));
  if (auto d = args.Get("data-dir")) config.data_dir = *d;
  std::string file;
  if (auto c = args.Get("config")) {
    file = *c;
    if (!std::filesystem::exists(file)) {
      return core::Error::Invalid("config file " + file + " does not exist");
    }
  } else if (std::filesystem::exists(config.data_dir + "/magpie.toml")) {
    file = config.data_dir + "/magpie.toml";
  }
  if (!file.empty()) {
    Config from_file;
    MAGPIE_RETURN_IF_ERROR(LoadConfigFile(from_file, file));
    config = from_file;
    MAGPIE_RETURN_IF_ERROR(LoadConfigEnv(config, environ));  // environment wins over the file
  }
  if (auto d = args.Get("data-dir")) config.data_dir = *d;
  if (auto l = args.Get("listen"))
    MAGPIE_RETURN_IF_ERROR(SetConfigValue(config, "server.listen", *l));
  if (auto u = args.Get("public-url")) config.public_url = *u;
  for (const std::string& s : args.All("set")) {
    auto eq = s.find('=');
    if (eq == std::string::npos) return core::Error::Invalid("--set needs SECTION.KEY=VALUE");
    MAGPIE_RETURN_IF_ERROR(SetConfigValue(config, s.substr(0, eq), s.substr(eq + 1)));
  }
  MAGPIE_RETURN_IF_ERROR(ValidateConfig(config));
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return core::Error::Invalid("cannot create the data directory " + config.data_dir + ": " +
                                ec.message());
  }
  core::log::Level level = core::log::Level::kInfo;
  if (config.log_level == "debug") level = core::log::Level::kDebug;
  if (config.log_level == "warn") level = core::log::Level::kWarn;
  if (config.log_level == "error") level = core::log::Level::kError;
  core::log::Format format = core::log::Format::kAuto;
  if (config.log_format == "json") format = core::log::Format::kJson;
  if (config.log_format == "human") format = core::log::Format::kHuman;
  core::log::Configure(level, format);
  return config;
}

std::string ReadPassword(const ParsedArgs& args) {
  if (auto p = args.Get("password")) return *p;
  if (isatty(STDIN_FILENO)) std::cerr << "Password: " << std::flush;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

int Fail(const core::Error& e) {
  std::cerr << "magpie: " << e.message << "\n";
  return e.code == core::ErrorCode::kInvalid || e.code == core::ErrorCode::kConflict ? 2 : 1;
}

// `magpie gen`: the synthetic network for benchmarks and demos (gen/gen.h).
int RunGen(const std::vector<std::string>& argv) {
  auto args = ParseArgs(argv, 2, kGenFlags);
  if (!args.ok()) {
    std::cerr << "magpie: " << args.error().message << "\n";
    return 2;
  }
  if (args->help) {
    std::cout << "Usage: magpie gen --data-dir DIR [flags]\n\nBuilds a synthetic network straight "
                 "into a fresh database for benchmarks and demos:\npower-law follower counts, "
                 "multilingual posts with hashtags, mentions, replies and\nreposts, and one access "
                 "token per account written to the tokens file. Every account's\npassword is \""
              << gen::kPassword
              << "\". The tokens derive from the seed: never serve real\nusers from a generated "
                 "database. Writes DATA_DIR/gen.json (counts, celebrities).\n\nFlags:\n"
              << FlagHelp(kGenFlags);
    return 0;
  }
  gen::GenOptions o;
  const std::string dir = args->Get("data-dir").value_or("data");
  o.db_path = (std::filesystem::path(dir) / "magpie.db").string();
  o.manifest_path = (std::filesystem::path(dir) / "gen.json").string();
  // Absolute, because gen.json records it for the benchmark scripts.
  o.tokens_path =
      std::filesystem::absolute(
          args->Get("tokens-file").value_or((std::filesystem::path(dir) / "tokens.tsv").string()))
          .string();
  o.overwrite = args->Has("force");
  struct Number {
    const char* flag;
    int64_t min;
    int64_t max;
    int64_t* out;
  };
  int64_t accounts = o.accounts, celebrities = o.celebrities, seed = 1, days = o.days;
  int64_t end_time = 0, cache_mb = o.cache_mb;
  for (const Number& n :
       {Number{"accounts", 2, 100'000'000, &accounts}, Number{"celebrities", 0, 1000, &celebrities},
        Number{"seed", 0, INT64_MAX, &seed}, Number{"days", 1, 3650, &days},
        Number{"end-time", 0, INT64_MAX, &end_time}, Number{"cache-mb", 16, 1 << 20, &cache_mb}}) {
    auto v = args->Get(n.flag);
    if (!v) continue;
    try {
      size_t used = 0;
      const long long x = std::stoll(*v, &used);
      if (used != v->size() || x < n.min || x > n.max) throw std::out_of_range(*v);
      *n.out = x;
    } catch (const std::exception&) {
      std::cerr << "magpie: --" << n.flag << " must be a whole number from " << n.min << " to "
                << n.max << "\n";
      return 2;
    }
  }
  if (auto v = args->Get("posts-per-account")) {
    char* end = nullptr;
    o.posts_per_account = std::strtod(v->c_str(), &end);
    if (end == v->c_str() || *end != '\0' || o.posts_per_account < 0) {
      std::cerr << "magpie: --posts-per-account must be a number >= 0\n";
      return 2;
    }
  }
  o.accounts = static_cast<uint32_t>(accounts);
  o.celebrities = static_cast<uint32_t>(celebrities);
  o.seed = static_cast<uint64_t>(seed);
  o.days = static_cast<int>(days);
  o.end_time_ms = end_time;
  o.cache_mb = cache_mb;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "magpie: cannot create the data directory " << dir << ": " << ec.message() << "\n";
    return 1;
  }
  core::log::Configure(core::log::Level::kWarn, core::log::Format::kAuto);
  const bool tty = isatty(STDERR_FILENO);
  // On a terminal one line is redrawn; in a log, a line every five seconds.
  double last_line = -5;
  auto progress = [tty, &last_line](const std::string& what, uint64_t rows, double secs) {
    if (!tty && secs - last_line < 5 && what != "done") return;
    last_line = secs;
    char line[200];
    std::snprintf(line, sizeof line, "gen: %6.1f s %12llu rows %9.0f rows/s  %s", secs,
                  static_cast<unsigned long long>(rows), secs > 0 ? rows / secs : 0.0,
                  what.c_str());
    std::cerr << (tty ? "\r\033[K" : "") << line << (tty && what != "done" ? "" : "\n")
              << std::flush;
  };
  auto stats = gen::Generate(o, progress);
  if (!stats.ok()) return Fail(stats.error());
  std::printf(
      "Generated %llu accounts, %llu follows, %llu statuses (%llu replies, %llu reblogs, %llu "
      "quotes), %llu mentions, %llu hashtag uses in %.1f s:\n%llu rows, %.0f rows/s (%.0f rows per "
      "CPU second), peak memory %.0f MiB.\n",
      static_cast<unsigned long long>(stats->accounts),
      static_cast<unsigned long long>(stats->follows),
      static_cast<unsigned long long>(stats->statuses),
      static_cast<unsigned long long>(stats->replies),
      static_cast<unsigned long long>(stats->reblogs),
      static_cast<unsigned long long>(stats->quotes),
      static_cast<unsigned long long>(stats->mentions),
      static_cast<unsigned long long>(stats->status_tags), stats->seconds,
      static_cast<unsigned long long>(stats->rows), stats->rows / std::max(stats->seconds, 1e-9),
      stats->rows / std::max(stats->cpu_seconds, 1e-9), stats->peak_rss_kb / 1024.0);
  for (const auto& p : stats->phases) {
    std::printf("  %-28s %10llu rows %7.1f s (CPU %6.1f s) %10.0f rows/s\n", p.name.c_str(),
                static_cast<unsigned long long>(p.rows), p.seconds, p.cpu_seconds,
                p.rows / std::max(p.seconds, 1e-9));
  }
  std::printf("Database: %s\nTokens: %s (account_id<TAB>token)\nPassword of every account: %s\n",
              o.db_path.c_str(), o.tokens_path.c_str(), gen::kPassword);
  return 0;
}

int Run(const std::vector<std::string>& argv) {
  if (argv.size() < 2 || argv[1] == "-h" || argv[1] == "--help" || argv[1] == "help") {
    PrintUsage();
    return argv.size() < 2 ? 2 : 0;
  }
  const std::string& command = argv[1];
  if (command == "version" || command == "--version") {
    std::cout << "magpie " << kVersion << "\n";
    return 0;
  }
  core::InitCrypto();

  if (command == "serve") {
    auto args = ParseArgs(argv, 2, kServeFlags);
    if (!args.ok()) return Fail(args.error());
    if (args->help) {
      PrintServeHelp();
      return 0;
    }
    auto config = LoadConfig(*args);
    if (!config.ok()) return Fail(config.error());
    auto app = App::Open(*config);
    if (!app.ok()) return Fail(app.error());
    if (args->Has("demo")) {
      core::Status s = (*app)->SeedDemoContent();
      if (!s.ok()) return Fail(s.error());
    }
    core::Status s = (*app)->Serve();
    if (!s.ok()) return Fail(s.error());
    return 0;
  }

  if (command == "gen") return RunGen(argv);

  if (command == "migrate") {
    auto args = ParseArgs(argv, 2, kMigrateFlags);
    if (!args.ok()) return Fail(args.error());
    if (args->help) {
      std::cout << "Usage: magpie migrate [flags]\n\nApplies pending schema migrations to the "
                   "database in the data directory, then exits.\n`magpie serve` also applies "
                   "them at start-up.\n\nFlags:\n"
                << FlagHelp(kMigrateFlags);
      return 0;
    }
    auto config = LoadConfig(*args);
    if (!config.ok()) return Fail(config.error());
    auto ran = MigrateDatabase(*config);
    if (!ran.ok()) return Fail(ran.error());
    std::cout << (*ran == 0 ? "The database is up to date.\n"
                            : "Applied " + std::to_string(*ran) + " migration(s).\n");
    return 0;
  }

  if (command == "admin") {
    const std::string sub = argv.size() > 2 ? argv[2] : "";
    if (sub == "create-account") {
      auto args = ParseArgs(argv, 3, kCreateAccountFlags);
      if (!args.ok()) return Fail(args.error());
      if (args->help || !args->Has("username")) {
        std::cout << "Usage: magpie admin create-account --username NAME --email ADDRESS "
                     "[--password PASSWORD] [--admin]\n\nCreates a local account that can sign "
                     "in at once.\n\nFlags:\n"
                  << FlagHelp(kCreateAccountFlags);
        return args->help ? 0 : 2;
      }
      auto config = LoadConfig(*args);
      if (!config.ok()) return Fail(config.error());
      auto app = App::Open(*config);
      if (!app.ok()) return Fail(app.error());
      const std::string password = ReadPassword(*args);
      core::Status s = (*app)->CreateAccount(
          *args->Get("username"), args->Get("email").value_or(""), password, args->Has("admin"));
      if (!s.ok()) return Fail(s.error());
      std::cout << "Created @" << *args->Get("username") << ".\n";
      return 0;
    }
    if (sub == "reset-password") {
      auto args = ParseArgs(argv, 3, kResetPasswordFlags);
      if (!args.ok()) return Fail(args.error());
      if (args->help || !args->Has("username")) {
        std::cout << "Usage: magpie admin reset-password --username NAME [--password PASSWORD]\n\n"
                     "Sets a new password and revokes every access token of the account.\n\n"
                     "Flags:\n"
                  << FlagHelp(kResetPasswordFlags);
        return args->help ? 0 : 2;
      }
      auto config = LoadConfig(*args);
      if (!config.ok()) return Fail(config.error());
      auto app = App::Open(*config);
      if (!app.ok()) return Fail(app.error());
      core::Status s = (*app)->ResetPassword(*args->Get("username"), ReadPassword(*args));
      if (!s.ok()) return Fail(s.error());
      std::cout << "Password updated; the account was signed out everywhere.\n";
      return 0;
    }
    std::cerr << "Usage: magpie admin create-account|reset-password [flags] (see --help)\n";
    return 2;
  }

  std::cerr << "magpie: unknown command '" << command << "'\n\n";
  PrintUsage();
  return 2;
}

}  // namespace
}  // namespace magpie::app

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return magpie::app::Run(args);
}
