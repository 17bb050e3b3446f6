// App::Parts: every long-lived object of a running server, in construction order. Private to
// app/ (app.cc builds it; demo.cc uses the services).
#pragma once

#include "api/account_render_cache.h"
#include "api/context.h"
#include "api/routes.h"
#include "api/status_render_cache.h"
#include "app/app.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/id.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/rate_limiter.h"
#include "domain/account_service.h"
#include "domain/auth_service.h"
#include "domain/events.h"
#include "domain/filter_service.h"
#include "domain/notification_service.h"
#include "domain/social_graph.h"
#include "domain/status_service.h"
#include "http/router.h"
#include "http/server.h"
#include "storage/sqlite/account_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/graph_store.h"
#include "storage/sqlite/social_store.h"
#include "storage/sqlite/status_store.h"
#include "timeline/timeline_service.h"

namespace magpie::app {

namespace sqlite = storage::sqlite;

// Declaration order is construction order; destruction runs backwards, so the HTTP server goes
// first and the database (which commits its last group on close) goes last.
struct App::Parts {
  Config config;
  core::SystemClock clock;
  core::metrics::Registry metrics;
  std::unique_ptr<core::IdGenerator> ids;
  std::unique_ptr<core::RateLimiter> limiter;

  std::unique_ptr<sqlite::Database> db;
  std::unique_ptr<sqlite::SqliteAccountStore> account_store;
  std::unique_ptr<sqlite::SqliteOAuthStore> oauth_store;
  std::unique_ptr<sqlite::SqliteStatusStore> status_store;
  std::unique_ptr<sqlite::SqliteGraphStore> graph_store;
  std::unique_ptr<sqlite::SqliteNotificationStore> notification_store;
  std::unique_ptr<sqlite::SqliteListStore> list_store;
  std::unique_ptr<sqlite::SqliteFilterStore> filter_store;
  std::unique_ptr<sqlite::SqliteMarkerStore> marker_store;
  std::unique_ptr<sqlite::SqliteConversationStore> conversation_store;
  std::unique_ptr<sqlite::SqliteFeaturedTagStore> featured_tag_store;
  domain::Stores stores;

  domain::EventBus bus;
  std::unique_ptr<domain::SocialGraph> graph;
  std::unique_ptr<domain::AuthService> auth;
  std::unique_ptr<domain::NotificationService> notifications;
  std::unique_ptr<domain::AccountService> accounts;
  std::unique_ptr<domain::StatusService> statuses;
  std::unique_ptr<domain::FilterService> filters;
  std::unique_ptr<timeline::TimelineService> timelines;
  std::unique_ptr<api::StatusRenderCache> render_cache;
  std::unique_ptr<api::AccountRenderCache> account_render_cache;

  api::ApiContext api;
  http::Router router;
  std::unique_ptr<http::Server> server;
};

}  // namespace magpie::app
