#include "domain/notification_service.h"

#include <gtest/gtest.h>

#include "domain/service_test_env.h"

namespace magpie::domain {
namespace {

using testing::ServiceEnv;

class NotificationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    alice_ = env_.CreateUser("alice");
    bob_ = env_.CreateUser("bob");
  }
  size_t CountFor(Id id) {
    NotificationQuery q;
    return env_.notifications->List(id, q).size();
  }

  ServiceEnv env_;
  Id alice_ = 0, bob_ = 0;
};

TEST_F(NotificationServiceTest, StoresAndPublishes) {
  env_.notifications->Notify(NotificationType::kMention, alice_, bob_, 42);
  NotificationQuery q;
  auto items = env_.notifications->List(alice_, q);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].type, NotificationType::kMention);
  EXPECT_EQ(items[0].from_account_id, bob_);
  EXPECT_EQ(items[0].status_id, 42);
  ASSERT_EQ(env_.recorder.notifications.size(), 1u);
  EXPECT_EQ(env_.recorder.notifications[0].id, items[0].id);
  EXPECT_TRUE(env_.notifications->Get(alice_, items[0].id).ok());
  EXPECT_FALSE(env_.notifications->Get(bob_, items[0].id).ok());  // not bob's
}

TEST_F(NotificationServiceTest, NobodyIsNotifiedOfTheirOwnActions) {
  env_.notifications->Notify(NotificationType::kFavourite, alice_, alice_, 1);
  EXPECT_EQ(CountFor(alice_), 0u);
  EXPECT_TRUE(env_.recorder.notifications.empty());
}

TEST_F(NotificationServiceTest, BlocksSuppressBothWays) {
  ASSERT_TRUE(env_.graph->Block(alice_, bob_).ok());
  env_.notifications->Notify(NotificationType::kMention, alice_, bob_, 1);
  env_.notifications->Notify(NotificationType::kMention, bob_, alice_, 1);
  EXPECT_EQ(CountFor(alice_), 0u);
  EXPECT_EQ(CountFor(bob_), 0u);
}

TEST_F(NotificationServiceTest, MutesSuppressOnlyWithHideNotifications) {
  Mute soft{alice_, bob_, /*hide_notifications=*/false, 0};
  ASSERT_TRUE(env_.graph->Mute(soft).ok());
  env_.notifications->Notify(NotificationType::kFollow, alice_, bob_, 0);
  EXPECT_EQ(CountFor(alice_), 1u);

  Mute hard{alice_, bob_, /*hide_notifications=*/true, 0};
  ASSERT_TRUE(env_.graph->Mute(hard).ok());
  env_.notifications->Notify(NotificationType::kReblog, alice_, bob_, 7);
  EXPECT_EQ(CountFor(alice_), 1u);

  // Bob did not mute alice: he still hears from her.
  env_.notifications->Notify(NotificationType::kFavourite, bob_, alice_, 8);
  EXPECT_EQ(CountFor(bob_), 1u);
}

TEST_F(NotificationServiceTest, BlockingLaterHidesOldNotifications) {
  env_.notifications->Notify(NotificationType::kMention, alice_, bob_, 1);
  ASSERT_EQ(CountFor(alice_), 1u);
  ASSERT_TRUE(env_.graph->Block(alice_, bob_).ok());
  EXPECT_EQ(CountFor(alice_), 0u);
}

TEST_F(NotificationServiceTest, FiltersDismissAndClear) {
  env_.notifications->Notify(NotificationType::kMention, alice_, bob_, 1);
  env_.notifications->Notify(NotificationType::kFavourite, alice_, bob_, 1);
  env_.notifications->Notify(NotificationType::kFollow, alice_, bob_, 0);
  NotificationQuery only;
  only.types = {NotificationType::kFavourite, NotificationType::kFollow};
  EXPECT_EQ(env_.notifications->List(alice_, only).size(), 2u);
  NotificationQuery except;
  except.exclude_types = {NotificationType::kMention};
  auto rest = env_.notifications->List(alice_, except);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(env_.notifications->UnreadCount(alice_, 0), 3);
  EXPECT_EQ(env_.notifications->UnreadCount(alice_, rest[0].id), 0);

  auto dismissed = env_.notifications->Dismiss(alice_, rest[0].id);
  ASSERT_TRUE(dismissed.ok());
  EXPECT_TRUE(*dismissed);
  auto foreign = env_.notifications->Dismiss(bob_, rest[1].id);
  ASSERT_TRUE(!foreign.ok() || !*foreign);
  EXPECT_EQ(CountFor(alice_), 2u);
  ASSERT_TRUE(env_.notifications->Clear(alice_).ok());
  EXPECT_EQ(CountFor(alice_), 0u);
}

}  // namespace
}  // namespace magpie::domain
