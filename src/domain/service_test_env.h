// Test helper: the account-side services (AuthService, SocialGraph, NotificationService,
// AccountService) wired over a fresh migrated SQLite database, with a ManualClock so tests can
// move time (code expiry, mute expiry, cache lifetimes). Used by the domain and api tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/id.h"
#include "domain/account_service.h"
#include "domain/auth_service.h"
#include "domain/events.h"
#include "domain/notification_service.h"
#include "domain/social_graph.h"
#include "domain/stores.h"
#include "storage/sqlite/account_store.h"
#include "storage/sqlite/graph_store.h"
#include "storage/sqlite/social_store.h"
#include "storage/sqlite/status_store.h"
#include "storage/sqlite/test_db.h"

namespace magpie::domain::testing {

// Remembers the notifications published on the bus.
class RecordingListener final : public EventListener {
 public:
  void OnNotification(const Notification& n) override { notifications.push_back(n); }
  void OnFollow(Id a, Id b) override { follows.emplace_back(a, b); }
  std::vector<Notification> notifications;
  std::vector<std::pair<Id, Id>> follows;
};

class ServiceEnv {
 public:
  explicit ServiceEnv(AuthConfig auth_config = TestAuthConfig())
      : accounts_store(db.db()),
        oauth_store(db.db()),
        status_store(db.db()),
        graph_store(db.db(), clock),
        notification_store(db.db()),
        list_store(db.db()),
        filter_store(db.db()),
        marker_store(db.db()),
        conversation_store(db.db()),
        featured_tag_store(db.db()),
        ids(clock, 1) {
    core::InitCrypto();
    stores.accounts = &accounts_store;
    stores.oauth = &oauth_store;
    stores.statuses = &status_store;
    stores.graph = &graph_store;
    stores.notifications = &notification_store;
    stores.lists = &list_store;
    stores.filters = &filter_store;
    stores.markers = &marker_store;
    stores.conversations = &conversation_store;
    stores.featured_tags = &featured_tag_store;
    bus.Subscribe(&recorder);
    graph = std::make_unique<SocialGraph>(graph_store, clock, bus);
    auth = std::make_unique<AuthService>(stores, clock, ids, std::move(auth_config));
    notifications = std::make_unique<NotificationService>(stores, *graph, clock, ids, bus);
    AccountServiceConfig config;
    config.local_domain = "magpie.test";
    accounts = std::make_unique<AccountService>(stores, *graph, *notifications, clock, ids, config);
  }

  static AuthConfig TestAuthConfig() {
    AuthConfig c;
    c.password_cost = core::MinimalCost();
    return c;
  }

  // Creates a local account directly (no app, no token); password "password123".
  Id CreateUser(const std::string& username, bool admin = false) {
    SignUpRequest r;
    r.username = username;
    r.email = username + "@example.com";
    r.password = "password123";
    r.agreement = true;
    auto id = auth->CreateAccount(r, admin);
    if (!id.ok()) {
      ADD_FAILURE() << "CreateAccount(" << username << "): " << id.error().message;
      return 0;
    }
    return *id;
  }

  storage::sqlite::TestDatabase db;
  core::ManualClock clock;
  storage::sqlite::SqliteAccountStore accounts_store;
  storage::sqlite::SqliteOAuthStore oauth_store;
  storage::sqlite::SqliteStatusStore status_store;
  storage::sqlite::SqliteGraphStore graph_store;
  storage::sqlite::SqliteNotificationStore notification_store;
  storage::sqlite::SqliteListStore list_store;
  storage::sqlite::SqliteFilterStore filter_store;
  storage::sqlite::SqliteMarkerStore marker_store;
  storage::sqlite::SqliteConversationStore conversation_store;
  storage::sqlite::SqliteFeaturedTagStore featured_tag_store;
  core::IdGenerator ids;
  Stores stores;
  EventBus bus;
  RecordingListener recorder;
  std::unique_ptr<SocialGraph> graph;
  std::unique_ptr<AuthService> auth;
  std::unique_ptr<NotificationService> notifications;
  std::unique_ptr<AccountService> accounts;
};

}  // namespace magpie::domain::testing
