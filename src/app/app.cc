#include "app/app.h"

#include <unistd.h>

#include <filesystem>
#include <optional>

#include "app/parts.h"
#include "web/static_files.h"

namespace magpie::app {

namespace sqlite = storage::sqlite;

namespace {

core::Result<std::unique_ptr<sqlite::Database>> OpenDatabase(const Config& config, bool migrate,
                                                             core::metrics::Registry* metrics) {
  sqlite::DatabaseOptions options;
  options.path = (std::filesystem::path(config.data_dir) / "magpie.db").string();
  options.synchronous_full = config.sync_writes;
  options.writer_nice = config.writer_nice;
  return sqlite::Database::Open(options, migrate, metrics);
}

// Where the built web app is: configured, beside the binary's source tree, or ./web/dist.
std::optional<std::string> FindWebDist(const Config& config) {
  std::vector<std::filesystem::path> candidates;
  if (!config.web_dist.empty()) candidates.emplace_back(config.web_dist);
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // build/src/app/magpie -> the repository's web/dist
    candidates.push_back(exe.parent_path() / "../../../web/dist");
    candidates.push_back(exe.parent_path() / "../share/magpie/web");
  }
  candidates.emplace_back("web/dist");
  for (const auto& c : candidates) {
    if (std::filesystem::exists(c / "index.html", ec)) {
      return std::filesystem::weakly_canonical(c, ec).string();
    }
  }
  return std::nullopt;
}

}  // namespace

core::Result<int> MigrateDatabase(const Config& config) {
  sqlite::DatabaseOptions options;
  options.path = (std::filesystem::path(config.data_dir) / "magpie.db").string();
  MAGPIE_ASSIGN_OR_RETURN(auto conn, sqlite::Connection::Open(options.path, false));
  return sqlite::Database::Migrate(*conn);
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
App::~App() = default;

core::Result<std::unique_ptr<App>> App::Open(const Config& config) {
  auto p = std::make_unique<Parts>();
  p->config = config;
  p->ids = std::make_unique<core::IdGenerator>(p->clock, 0);
  p->limiter = std::make_unique<core::RateLimiter>(p->clock);

  MAGPIE_ASSIGN_OR_RETURN(p->db, OpenDatabase(config, /*migrate=*/true, &p->metrics));
  sqlite::Database& db = *p->db;
  p->account_store =
      std::make_unique<sqlite::SqliteAccountStore>(db, static_cast<size_t>(config.cached_accounts));
  p->oauth_store = std::make_unique<sqlite::SqliteOAuthStore>(db);
  p->status_store =
      std::make_unique<sqlite::SqliteStatusStore>(db, static_cast<size_t>(config.cached_viewers));
  p->graph_store = std::make_unique<sqlite::SqliteGraphStore>(db, p->clock);
  p->notification_store = std::make_unique<sqlite::SqliteNotificationStore>(db);
  p->list_store = std::make_unique<sqlite::SqliteListStore>(db);
  p->filter_store = std::make_unique<sqlite::SqliteFilterStore>(db);
  p->marker_store = std::make_unique<sqlite::SqliteMarkerStore>(db);
  p->conversation_store = std::make_unique<sqlite::SqliteConversationStore>(db);
  p->featured_tag_store = std::make_unique<sqlite::SqliteFeaturedTagStore>(db);
  p->stores = domain::Stores{
      .accounts = p->account_store.get(),
      .oauth = p->oauth_store.get(),
      .statuses = p->status_store.get(),
      .graph = p->graph_store.get(),
      .notifications = p->notification_store.get(),
      .lists = p->list_store.get(),
      .filters = p->filter_store.get(),
      .markers = p->marker_store.get(),
      .conversations = p->conversation_store.get(),
      .featured_tags = p->featured_tag_store.get(),
  };

  const std::string domain_name = config.Domain();
  p->graph = std::make_unique<domain::SocialGraph>(*p->graph_store, p->clock, p->bus);

  domain::AuthConfig auth_config;
  auth_config.registrations_open = config.registrations_open;
  auth_config.approval_required = config.approval_required;
  auth_config.password_cost =
      config.fast_password_hashing ? core::MinimalCost() : core::InteractiveCost();
  p->auth = std::make_unique<domain::AuthService>(p->stores, p->clock, *p->ids, auth_config);
  p->notifications = std::make_unique<domain::NotificationService>(p->stores, *p->graph, p->clock,
                                                                   *p->ids, p->bus);
  domain::AccountServiceConfig account_config;
  account_config.local_domain = domain_name;
  p->accounts = std::make_unique<domain::AccountService>(p->stores, *p->graph, *p->notifications,
                                                         p->clock, *p->ids, account_config);
  domain::StatusServiceConfig status_config;
  status_config.local_domain = domain_name;
  status_config.max_chars = static_cast<size_t>(config.max_status_chars);
  status_config.cache_capacity = static_cast<size_t>(config.cached_statuses);
  p->statuses = std::make_unique<domain::StatusService>(p->stores, *p->graph, *p->notifications,
                                                        p->bus, p->clock, *p->ids, status_config);
  p->filters = std::make_unique<domain::FilterService>(*p->filter_store, p->clock, *p->ids);
  timeline::TimelineConfig timeline_config;
  timeline_config.celebrity_threshold = config.celebrity_threshold;
  timeline_config.home_capacity = static_cast<size_t>(config.home_timeline_size);
  p->timelines = std::make_unique<timeline::TimelineService>(p->stores, *p->statuses, p->clock,
                                                             timeline_config);
  p->bus.Subscribe(p->timelines.get());
  // The two largest caches' fill and hit counts on /metrics: whether `cache.statuses` and
  // `cache.accounts` are large enough for the working set (OPERATIONS.md "Memory").
  auto export_cache = [&metrics = p->metrics](const std::string& cache, auto read_stats) {
    metrics.AddCallbackGauge("magpie_cache_" + cache + "_entries",
                             "Entries in the " + cache + " cache",
                             [read_stats] { return double(read_stats().size); });
    metrics.AddCallbackGauge("magpie_cache_" + cache + "_hits",
                             "Lookups the " + cache + " cache answered since start",
                             [read_stats] { return double(read_stats().hits); });
    metrics.AddCallbackGauge("magpie_cache_" + cache + "_misses",
                             "Lookups the " + cache + " cache sent to the database since start",
                             [read_stats] { return double(read_stats().misses); });
  };
  export_cache("statuses", [statuses = p->statuses.get()] { return statuses->cache().stats(); });
  export_cache("accounts", [store = p->account_store.get()] { return store->cache_stats(); });
  p->render_cache =
      std::make_unique<api::StatusRenderCache>(static_cast<size_t>(config.cached_statuses / 2));
  p->account_render_cache =
      std::make_unique<api::AccountRenderCache>(static_cast<size_t>(config.cached_accounts / 2));

  api::ApiConfig& ac = p->api.config;
  ac.base_url = config.BaseUrl();
  ac.domain = domain_name;
  ac.title = config.title;
  ac.description = config.description;
  ac.contact_email = config.contact_email;
  ac.max_status_chars = static_cast<size_t>(config.max_status_chars);
  ac.registrations_open = config.registrations_open;
  ac.approval_required = config.approval_required;
  ac.rate_limits.sign_up_per_ip = config.sign_up_per_ip;
  ac.rate_limits.sign_in_per_ip = config.sign_in_per_ip;
  ac.rate_limits.posts_per_account = config.posts_per_account;
  p->api.clock = &p->clock;
  p->api.limiter = p->limiter.get();
  p->api.metrics = &p->metrics;
  p->api.auth = p->auth.get();
  p->api.accounts = p->accounts.get();
  p->api.statuses = p->statuses.get();
  p->api.notifications = p->notifications.get();
  p->api.graph = p->graph.get();
  p->api.timelines = p->timelines.get();
  p->api.filters = p->filters.get();
  p->api.status_render_cache = p->render_cache.get();
  p->api.account_render_cache = p->account_render_cache.get();

  api::RegisterApiRoutes(p->router, p->api);
  core::metrics::Registry* metrics = &p->metrics;
  p->router.Add(http::Method::kGet, "/metrics",
                [metrics](http::Request&) {
                  return http::Response::Text(200, metrics->Render(),
                                              "text/plain; version=0.0.4; charset=utf-8");
                },
                {.run_inline = true});
  if (auto dist = FindWebDist(config)) {
    web::RegisterWebApp(p->router, *dist);
    core::log::Info("serving the web app", {core::log::Str("dir", *dist)});
  } else {
    core::log::Warn("the web app is not built; only the API is served",
                    {core::log::Str("hint", "run `make build`, or set web.dist")});
  }
  return std::unique_ptr<App>(new App(std::move(p)));
}

core::Status App::Serve() {
  Parts& p = *parts_;
  http::ServerOptions options;
  options.host = p.config.listen_host;
  options.port = p.config.listen_port;
  options.io_threads = p.config.io_threads;
  options.worker_threads = p.config.worker_threads;
  options.max_body_bytes = static_cast<size_t>(p.config.max_body_bytes);
  options.access_log = p.config.access_log;
  options.inline_first = p.config.inline_reads;
  p.server = std::make_unique<http::Server>(options, p.router, p.metrics);
  MAGPIE_RETURN_IF_ERROR(p.server->Listen());
  Config shown = p.config;
  shown.listen_port = p.server->port();
  const std::string url =
      "http://" +
      (p.config.listen_host.find(':') != std::string::npos ? "[" + p.config.listen_host + "]"
                                                           : p.config.listen_host) +
      ":" + std::to_string(p.server->port());
  if (p.config.listen_port == 0 && p.config.public_url.empty()) {
    // The port was picked by the OS: links in the API must use the real one.
    p.api.config.base_url = shown.BaseUrl();
    if (p.config.domain.empty()) p.api.config.domain = shown.Domain();
  }
  core::log::Info("listening",
                  {core::log::Str("url", url), core::log::Str("data_dir", p.config.data_dir),
                   core::log::Num("pid", getpid())});
  p.server->Run();
  core::log::Info("stopped");
  return core::Ok();
}

core::Status App::CreateAccount(const std::string& username, const std::string& email,
                                const std::string& password, bool admin) {
  domain::SignUpRequest request;
  request.username = username;
  request.email = email;
  request.password = password;
  request.agreement = true;
  auto id = parts_->auth->CreateAccount(request, admin);
  if (!id.ok()) {
    core::Error e = id.error();
    for (const auto& d : e.details) e.message += "\n  " + d.field + ": " + d.description;
    return e;
  }
  return core::Ok();
}

core::Status App::ResetPassword(const std::string& username, const std::string& password) {
  return parts_->auth->ResetPassword(username, password);
}

}  // namespace magpie::app
