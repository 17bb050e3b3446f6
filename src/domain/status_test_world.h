// Test-only (included by *_test.cc of domain/, timeline/ and api/, never by library code): a
// small world of real SQLite stores in a temporary database, the social graph, notifications and
// the StatusService wired as app/ wires them, with helpers to make accounts, follows and posts.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/id.h"
#include "domain/events.h"
#include "domain/notification_service.h"
#include "domain/social_graph.h"
#include "domain/status_service.h"
#include "domain/stores.h"
#include "storage/sqlite/account_store.h"
#include "storage/sqlite/graph_store.h"
#include "storage/sqlite/social_store.h"
#include "storage/sqlite/status_store.h"
#include "storage/sqlite/test_db.h"

namespace magpie::domain::testing {

class StatusWorld {
 public:
  explicit StatusWorld(StatusServiceConfig config = DefaultConfig())
      : ids(clock, 1),
        accounts(tdb.db()),
        oauth(tdb.db()),
        status_store(tdb.db()),
        graph_store(tdb.db(), clock),
        notification_store(tdb.db()),
        list_store(tdb.db()),
        filter_store(tdb.db()),
        marker_store(tdb.db()),
        conversation_store(tdb.db()),
        featured_store(tdb.db()),
        stores{&accounts,   &oauth,        &status_store, &graph_store,        &notification_store,
               &list_store, &filter_store, &marker_store, &conversation_store, &featured_store},
        graph(graph_store, clock, bus),
        notifications(stores, graph, clock, ids, bus),
        statuses(stores, graph, notifications, bus, clock, ids, std::move(config)) {}

  static StatusServiceConfig DefaultConfig() {
    StatusServiceConfig c;
    c.local_domain = "magpie.test";
    return c;
  }

  Id MakeAccount(const std::string& username, bool locked = false) {
    Account a;
    a.id = ids.Next();
    a.username = username;
    a.locked = locked;
    a.created_at = clock.NowMillis();
    User u;
    u.account_id = a.id;
    u.email = username + "@example.com";
    u.created_at = a.created_at;
    auto created = accounts.CreateLocal(a, u);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return a.id;
  }

  void Follow(Id follower, Id followed, bool show_reblogs = true, bool notify = false) {
    domain::Follow f;
    f.id = ids.Next();
    f.account_id = follower;
    f.target_account_id = followed;
    f.show_reblogs = show_reblogs;
    f.notify = notify;
    f.created_at = clock.NowMillis();
    auto r = graph.Follow(f);
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  void Unfollow(Id follower, Id followed) { ASSERT_TRUE(graph.Unfollow(follower, followed).ok()); }
  void Block(Id a, Id b) { ASSERT_TRUE(graph.Block(a, b).ok()); }
  void Mute(Id a, Id b) {
    domain::Mute m;
    m.account_id = a;
    m.target_account_id = b;
    ASSERT_TRUE(graph.Mute(m).ok());
  }

  // Posts and returns the new status (fails the test on error). Advances the clock so ids and
  // times of consecutive posts differ.
  StatusPtr Post(Id author, const std::string& text, Visibility visibility = Visibility::kPublic,
                 Id in_reply_to = 0, Id quote = 0) {
    clock.Advance(std::chrono::milliseconds(10));
    PostRequest r;
    r.text = text;
    r.visibility = visibility;
    r.in_reply_to_id = in_reply_to;
    r.quoted_status_id = quote;
    auto s = statuses.Create(author, r);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? *s : nullptr;
  }

  std::vector<Notification> NotificationsOf(Id account) {
    NotificationQuery q;
    q.page.limit = 100;
    return notification_store.List(account, q);
  }

  storage::sqlite::TestDatabase tdb;
  core::ManualClock clock;
  core::IdGenerator ids;
  storage::sqlite::SqliteAccountStore accounts;
  storage::sqlite::SqliteOAuthStore oauth;
  storage::sqlite::SqliteStatusStore status_store;
  storage::sqlite::SqliteGraphStore graph_store;
  storage::sqlite::SqliteNotificationStore notification_store;
  storage::sqlite::SqliteListStore list_store;
  storage::sqlite::SqliteFilterStore filter_store;
  storage::sqlite::SqliteMarkerStore marker_store;
  storage::sqlite::SqliteConversationStore conversation_store;
  storage::sqlite::SqliteFeaturedTagStore featured_store;
  Stores stores;
  EventBus bus;
  SocialGraph graph;
  NotificationService notifications;
  StatusService statuses;
};

}  // namespace magpie::domain::testing
