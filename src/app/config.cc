#include "app/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <cstring>
#include <functional>

namespace magpie::app {

using core::Error;

namespace {

struct KeyDef {
  const char* name;
  const char* help;
  std::function<core::Status(Config&, const std::string&)> set;
};

core::Status ParseInt(const std::string& key, const std::string& v, int64_t min, int64_t max,
                      int64_t& out) {
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < min || n > max) {
    return Error::Invalid(key + " must be a whole number between " + std::to_string(min) + " and " +
                          std::to_string(max) + " (got '" + v + "')");
  }
  out = n;
  return core::Ok();
}

core::Status ParseBool(const std::string& key, const std::string& v, bool& out) {
  if (v == "true" || v == "1" || v == "yes" || v == "on") {
    out = true;
  } else if (v == "false" || v == "0" || v == "no" || v == "off") {
    out = false;
  } else {
    return Error::Invalid(key + " must be true or false (got '" + v + "')");
  }
  return core::Ok();
}

auto Int(int64_t Config::*field, int64_t min, int64_t max, const char* name) {
  return [=](Config& c, const std::string& v) -> core::Status {
    return ParseInt(name, v, min, max, c.*field);
  };
}
auto SmallInt(int Config::*field, int64_t min, int64_t max, const char* name) {
  return [=](Config& c, const std::string& v) -> core::Status {
    int64_t n = 0;
    MAGPIE_RETURN_IF_ERROR(ParseInt(name, v, min, max, n));
    c.*field = static_cast<int>(n);
    return core::Ok();
  };
}
auto Bool(bool Config::*field, const char* name) {
  return
      [=](Config& c, const std::string& v) -> core::Status { return ParseBool(name, v, c.*field); };
}
auto Str(std::string Config::*field) {
  return [=](Config& c, const std::string& v) -> core::Status {
    c.*field = v;
    return core::Ok();
  };
}
auto OneOf(std::string Config::*field, const std::vector<std::string>& allowed, const char* name) {
  return [=](Config& c, const std::string& v) -> core::Status {
    for (const auto& a : allowed) {
      if (a == v) {
        c.*field = v;
        return core::Ok();
      }
    }
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    return Error::Invalid(std::string(name) + " must be one of " + list + " (got '" + v + "')");
  };
}

core::Status SetListen(Config& c, const std::string& v) {
  // HOST:PORT, with [v6]:PORT allowed.
  auto colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == v.size()) {
    return Error::Invalid("server.listen must be HOST:PORT, e.g. 127.0.0.1:8080 (got '" + v + "')");
  }
  int64_t port = 0;
  MAGPIE_RETURN_IF_ERROR(
      ParseInt("the port in server.listen", v.substr(colon + 1), 0, 65535, port));
  std::string host = v.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  c.listen_host = host;
  c.listen_port = static_cast<uint16_t>(port);
  return core::Ok();
}

const std::vector<KeyDef>& Keys() {
  static const std::vector<KeyDef> kKeys = {
      {"server.listen",
       "address to listen on, HOST:PORT (default 127.0.0.1:8080; port 0 picks one)", SetListen},
      {"server.public_url", "the URL people reach this server at (default http://HOST:PORT)",
       Str(&Config::public_url)},
      {"server.io_threads", "network threads (default: one per core)",
       SmallInt(&Config::io_threads, 0, 256, "server.io_threads")},
      {"server.worker_threads", "request worker threads (default 64)",
       SmallInt(&Config::worker_threads, 1, 1024, "server.worker_threads")},
      {"server.max_body_bytes", "largest request body accepted (default 16 MiB)",
       Int(&Config::max_body_bytes, 1024, int64_t{1} << 31, "server.max_body_bytes")},
      {"server.access_log", "log one line per request (default true)",
       Bool(&Config::access_log, "server.access_log")},
      {"server.inline_reads",
       "answer reads whose data is in memory on the network threads, without a hop to a worker, "
       "and take posts there without a worker waiting for their commit (default true)",
       Bool(&Config::inline_reads, "server.inline_reads")},
      {"storage.data_dir", "directory for the database and media (default ./data)",
       Str(&Config::data_dir)},
      {"storage.sync_writes",
       "fsync each group commit so acknowledged writes survive power loss (default true)",
       Bool(&Config::sync_writes, "storage.sync_writes")},
      {"storage.writer_nice",
       "scheduling priority of the thread every write waits for, as a nice value; raising it "
       "needs CAP_SYS_NICE or a nice limit (systemd LimitNICE=) (default -10)",
       SmallInt(&Config::writer_nice, -20, 19, "storage.writer_nice")},
      {"instance.title", "the server's name", Str(&Config::title)},
      {"instance.description", "a one-line description", Str(&Config::description)},
      {"instance.contact_email", "the admin's contact address", Str(&Config::contact_email)},
      {"instance.domain", "domain of local accounts' handles (default: host of public_url)",
       Str(&Config::domain)},
      {"instance.max_status_chars", "longest post, in characters (default 2000)",
       Int(&Config::max_status_chars, 1, 100'000, "instance.max_status_chars")},
      {"instance.registrations_open", "anyone may sign up (default true)",
       Bool(&Config::registrations_open, "instance.registrations_open")},
      {"instance.approval_required", "new accounts wait for an admin (default false)",
       Bool(&Config::approval_required, "instance.approval_required")},
      {"timeline.celebrity_threshold",
       "followers above which posts are merged at read time instead of pushed (default 10000)",
       Int(&Config::celebrity_threshold, 1, int64_t{1} << 40, "timeline.celebrity_threshold")},
      {"timeline.home_size", "statuses kept per cached home timeline (default 800)",
       Int(&Config::home_timeline_size, 40, 100'000, "timeline.home_size")},
      {"cache.statuses",
       "statuses kept in memory; half as many keep their rendered JSON (default 1000000, ~0.9 GiB)",
       Int(&Config::cached_statuses, 1'000, int64_t{1} << 32, "cache.statuses")},
      {"cache.accounts",
       "account rows kept in memory; half as many keep their rendered JSON (default 200000)",
       Int(&Config::cached_accounts, 1'000, int64_t{1} << 32, "cache.accounts")},
      {"cache.viewers",
       "viewers whose favourites, bookmarks, pins and reblogs stay in memory (default 100000)",
       Int(&Config::cached_viewers, 1'000, int64_t{1} << 32, "cache.viewers")},
      {"rate_limits.sign_up_per_ip", "sign-ups per IP per 5 minutes (0: no limit; default 25)",
       Int(&Config::sign_up_per_ip, 0, int64_t{1} << 40, "rate_limits.sign_up_per_ip")},
      {"rate_limits.sign_in_per_ip", "sign-in attempts per IP per 5 minutes (default 100)",
       Int(&Config::sign_in_per_ip, 0, int64_t{1} << 40, "rate_limits.sign_in_per_ip")},
      {"rate_limits.posts_per_account", "posts per account per 3 hours (default 300)",
       Int(&Config::posts_per_account, 0, int64_t{1} << 40, "rate_limits.posts_per_account")},
      {"log.level", "debug, info, warn or error (default info)",
       OneOf(&Config::log_level, {"debug", "info", "warn", "error"}, "log.level")},
      {"log.format", "auto (human on a terminal, else JSON), json or human",
       OneOf(&Config::log_format, {"auto", "json", "human"}, "log.format")},
      {"web.dist", "directory of the built web app (default: found automatically)",
       Str(&Config::web_dist)},
      {"security.fast_password_hashing",
       "cheapest argon2id cost: ONLY for tests and benchmarks (default false)",
       Bool(&Config::fast_password_hashing, "security.fast_password_hashing")},
  };
  return kKeys;
}

std::string EnvName(const std::string& key) {
  std::string out = "MAGPIE_";
  for (char c : key) out += c == '.' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

}  // namespace

const std::vector<ConfigKey>& ConfigKeys() {
  static const std::vector<ConfigKey> kList = [] {
    std::vector<ConfigKey> out;
    for (const auto& k : Keys()) out.push_back({k.name, k.help});
    return out;
  }();
  return kList;
}

core::Status SetConfigValue(Config& config, const std::string& key, const std::string& value) {
  for (const auto& k : Keys()) {
    if (key == k.name) return k.set(config, value);
  }
  return Error::Invalid("unknown configuration key '" + key +
                        "' (run `magpie serve --help` for the list)");
}

core::Status LoadConfigFile(Config& config, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::string where;
    if (e.source().begin) {
      where = ":" + std::to_string(e.source().begin.line) + ":" +
              std::to_string(e.source().begin.column);
    }
    return Error::Invalid("cannot read config file " + path + where + ": " +
                          std::string(e.description()));
  }
  for (const auto& [section, node] : table) {
    const toml::table* inner = node.as_table();
    if (inner == nullptr) {
      return Error::Invalid(path + ": '" + std::string(section.str()) +
                            "' must be a [section]; keys live in sections like [server]");
    }
    for (const auto& [key, value] : *inner) {
      const std::string name = std::string(section.str()) + "." + std::string(key.str());
      std::string text;
      if (auto s = value.value<std::string>(); s && value.is_string()) {
        text = *s;
      } else if (value.is_integer()) {
        text = std::to_string(*value.value<int64_t>());
      } else if (value.is_boolean()) {
        text = *value.value<bool>() ? "true" : "false";
      } else {
        return Error::Invalid(path + ": " + name + " must be a string, number or boolean");
      }
      core::Status s = SetConfigValue(config, name, text);
      if (!s.ok()) return Error::Invalid(path + ": " + s.error().message);
    }
  }
  return core::Ok();
}

core::Status LoadConfigEnv(Config& config, char** environ_ptr) {
  if (environ_ptr == nullptr) return core::Ok();
  for (char** e = environ_ptr; *e != nullptr; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string::npos || entry.rfind("MAGPIE_", 0) != 0) continue;
    std::string name = entry.substr(0, eq), value = entry.substr(eq + 1);
    std::string key;
    if (name == "MAGPIE_LISTEN") key = "server.listen";
    if (name == "MAGPIE_DATA_DIR") key = "storage.data_dir";
    if (name == "MAGPIE_WEB_DIST") key = "web.dist";
    if (key.empty()) {
      for (const auto& k : Keys()) {
        if (EnvName(k.name) == name) key = k.name;
      }
    }
    if (key.empty()) continue;  // MAGPIE_BIN and friends belong to scripts, not to us
    core::Status s = SetConfigValue(config, key, value);
    if (!s.ok()) return Error::Invalid("environment variable " + name + ": " + s.error().message);
  }
  return core::Ok();
}

core::Status ValidateConfig(const Config& config) {
  if (config.data_dir.empty()) return Error::Invalid("storage.data_dir must not be empty");
  if (!config.public_url.empty() && config.public_url.rfind("http://", 0) != 0 &&
      config.public_url.rfind("https://", 0) != 0) {
    return Error::Invalid("server.public_url must start with http:// or https:// (got '" +
                          config.public_url + "')");
  }
  return core::Ok();
}

std::string Config::BaseUrl() const {
  if (!public_url.empty()) {
    std::string url = public_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  std::string host = listen_host;
  if (host == "0.0.0.0" || host == "::") host = "localhost";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(listen_port);
}

std::string Config::Domain() const {
  if (!domain.empty()) return domain;
  std::string url = BaseUrl();
  auto start = url.find("://");
  std::string rest = start == std::string::npos ? url : url.substr(start + 3);
  return rest.substr(0, rest.find('/'));
}

}  // namespace magpie::app
