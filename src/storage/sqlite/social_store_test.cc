// The per-user collection stores (notifications, lists, filters, markers, conversations,
// featured tags) against a real migrated database, plus the JSON list codec they rely on.
#include "storage/sqlite/social_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "storage/sqlite/json_lists.h"
#include "storage/sqlite/test_db.h"

namespace magpie::storage::sqlite {
namespace {

using core::ErrorCode;
using domain::Id;
using domain::NotificationType;
using domain::Page;

constexpr int64_t kNow = 1'700'000'000'000;

class SocialStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { AddAccounts({1, 2, 3, 4, 5, 6}); }

  void AddAccounts(const std::vector<Id>& ids) {
    core::Status s = db().Write([&](Connection& c) -> core::Status {
      for (Id id : ids) {
        MAGPIE_RETURN_IF_ERROR(
            c.Prepare("INSERT INTO accounts (id, username, created_at) VALUES (?1, ?2, ?3)")
                .BindAll(id, "user" + std::to_string(id), kNow)
                .Run());
      }
      return core::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  int64_t CountRows(const std::string& table) {
    Statement st = db().Reader().Prepare("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(st.Step());
    return st.Int(0);
  }

  Database& db() { return tdb_.db(); }

  TestDatabase tdb_;
};

// ---------------------------------------------------------------------------------------------
// Notifications

class NotificationStoreTest : public SocialStoreTest {
 protected:
  void Notify(Id id, Id to, Id from, NotificationType type, Id status_id = 0) {
    core::Status s = store_.Create({id, to, from, type, status_id, kNow + id});
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  static std::vector<Id> IdsOf(const std::vector<domain::Notification>& ns) {
    std::vector<Id> out;
    for (const auto& n : ns) out.push_back(n.id);
    return out;
  }

  SqliteNotificationStore store_{tdb_.db()};
};

TEST_F(NotificationStoreTest, ListFiltersByTypeAndSender) {
  Notify(101, 1, 2, NotificationType::kMention, 900);
  Notify(102, 1, 3, NotificationType::kFavourite, 900);
  Notify(103, 1, 2, NotificationType::kFollow);
  Notify(104, 1, 4, NotificationType::kReblog, 901);
  Notify(105, 1, 3, NotificationType::kMention, 902);
  Notify(106, 2, 1, NotificationType::kMention, 903);  // someone else's

  domain::NotificationQuery all;
  auto everything = store_.List(1, all);
  EXPECT_EQ(IdsOf(everything), (std::vector<Id>{105, 104, 103, 102, 101}));
  EXPECT_EQ(everything[1].type, NotificationType::kReblog);
  EXPECT_EQ(everything[1].from_account_id, 4);
  EXPECT_EQ(everything[1].status_id, 901);
  EXPECT_EQ(everything[1].created_at, kNow + 104);

  domain::NotificationQuery mentions;
  mentions.types = {NotificationType::kMention};
  EXPECT_EQ(IdsOf(store_.List(1, mentions)), (std::vector<Id>{105, 101}));

  domain::NotificationQuery no_favs;
  no_favs.exclude_types = {NotificationType::kFavourite, NotificationType::kReblog};
  EXPECT_EQ(IdsOf(store_.List(1, no_favs)), (std::vector<Id>{105, 103, 101}));

  domain::NotificationQuery from2;
  from2.from_account_id = 2;
  EXPECT_EQ(IdsOf(store_.List(1, from2)), (std::vector<Id>{103, 101}));

  domain::NotificationQuery combined;
  combined.types = {NotificationType::kMention, NotificationType::kFollow};
  combined.exclude_types = {NotificationType::kFollow};
  combined.from_account_id = 2;
  EXPECT_EQ(IdsOf(store_.List(1, combined)), (std::vector<Id>{101}));
}

TEST_F(NotificationStoreTest, Paging) {
  for (Id id = 201; id <= 210; ++id) Notify(id, 1, 2, NotificationType::kFavourite, 900);
  domain::NotificationQuery q;
  q.page.limit = 3;
  EXPECT_EQ(IdsOf(store_.List(1, q)), (std::vector<Id>{210, 209, 208}));
  q.page.max_id = 208;
  EXPECT_EQ(IdsOf(store_.List(1, q)), (std::vector<Id>{207, 206, 205}));
  q.page.max_id.reset();
  q.page.min_id = 203;
  EXPECT_EQ(IdsOf(store_.List(1, q)), (std::vector<Id>{206, 205, 204}));
  q.page.min_id.reset();
  q.page.since_id = 203;
  EXPECT_EQ(IdsOf(store_.List(1, q)), (std::vector<Id>{210, 209, 208}));
}

TEST_F(NotificationStoreTest, CreateManyStoresABatchAndSkipsMissingAccounts) {
  std::vector<domain::Notification> batch = {
      {401, 2, 1, NotificationType::kStatus, 950, kNow},
      {402, 3, 1, NotificationType::kStatus, 950, kNow},
      {403, 42, 1, NotificationType::kStatus, 950, kNow},  // no such account: skipped
      {404, 4, 1, NotificationType::kStatus, 950, kNow},
  };
  ASSERT_TRUE(store_.CreateMany(batch).ok());
  EXPECT_EQ(CountRows("notifications"), 3);
  auto got = store_.Get(3, 402);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->type, NotificationType::kStatus);
  EXPECT_EQ(got->status_id, 950);
  EXPECT_EQ(got->from_account_id, 1);
  EXPECT_TRUE(store_.CreateMany({}).ok());
  // A repeated id fails the whole batch: nothing of it is kept.
  std::vector<domain::Notification> clash = {{405, 2, 1, NotificationType::kStatus, 951, kNow},
                                             {401, 2, 1, NotificationType::kStatus, 951, kNow}};
  EXPECT_FALSE(store_.CreateMany(clash).ok());
  EXPECT_EQ(CountRows("notifications"), 3);
}

TEST_F(NotificationStoreTest, OwnerScopingDismissClearAndCounts) {
  Notify(301, 1, 2, NotificationType::kMention, 900);
  Notify(302, 1, 2, NotificationType::kFavourite, 901);
  Notify(303, 1, 3, NotificationType::kReblog, 901);
  Notify(304, 2, 1, NotificationType::kFollow);

  auto mine = store_.Get(1, 301);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->from_account_id, 2);
  EXPECT_EQ(mine->type, NotificationType::kMention);
  auto theirs = store_.Get(1, 304);
  ASSERT_FALSE(theirs.ok());
  EXPECT_EQ(theirs.error().code, ErrorCode::kNotFound);

  EXPECT_EQ(store_.CountUnread(1, 0), 3);
  EXPECT_EQ(store_.CountUnread(1, 301), 2);
  EXPECT_EQ(store_.CountUnread(1, 303), 0);

  // Someone else's notification cannot be dismissed, and stays.
  auto foreign = store_.Dismiss(1, 304);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_.Get(2, 304).ok());

  auto dismissed = store_.Dismiss(1, 301);
  ASSERT_TRUE(dismissed.ok());
  EXPECT_TRUE(*dismissed);
  auto twice = store_.Dismiss(1, 301);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kNotFound);

  // The deleted status takes its notifications, whoever received them.
  ASSERT_TRUE(store_.RemoveForStatus(901).ok());
  EXPECT_TRUE(store_.List(1, {}).empty());
  EXPECT_EQ(CountRows("notifications"), 1);
  // Status 0 means "no status": follow notifications are not swept by it.
  ASSERT_TRUE(store_.RemoveForStatus(0).ok());
  EXPECT_EQ(CountRows("notifications"), 1);

  Notify(305, 1, 2, NotificationType::kFollow);
  ASSERT_TRUE(store_.Clear(1).ok());
  EXPECT_TRUE(store_.List(1, {}).empty());
  EXPECT_EQ(store_.List(2, {}).size(), 1u);
}

TEST_F(NotificationStoreTest, DuplicateIdIsAConflictAndUnknownAccountNotFound) {
  Notify(401, 1, 2, NotificationType::kMention, 900);
  core::Status dup = store_.Create({401, 1, 3, NotificationType::kFollow, 0, kNow});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  core::Status unknown = store_.Create({402, 1, 77, NotificationType::kFollow, 0, kNow});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(CountRows("notifications"), 1);
}

// ---------------------------------------------------------------------------------------------
// Lists

class ListStoreTest : public SocialStoreTest {
 protected:
  domain::List MakeList(Id id, Id owner, std::string title) {
    domain::List l;
    l.id = id;
    l.account_id = owner;
    l.title = std::move(title);
    return l;
  }

  static std::vector<Id> ListIds(const std::vector<domain::List>& lists) {
    std::vector<Id> out;
    for (const auto& l : lists) out.push_back(l.id);
    return out;
  }

  static std::vector<Id> MemberIdsOf(const std::vector<domain::Cursored>& rows) {
    std::vector<Id> out;
    for (const auto& r : rows) out.push_back(r.id);
    return out;
  }

  SqliteListStore store_{tdb_.db()};
};

TEST_F(ListStoreTest, CrudIsScopedToTheOwner) {
  ASSERT_TRUE(store_.Create(MakeList(10, 1, "Friends")).ok());
  ASSERT_TRUE(store_.Create(MakeList(11, 1, "Work")).ok());
  ASSERT_TRUE(store_.Create(MakeList(12, 2, "Theirs")).ok());
  core::Status dup = store_.Create(MakeList(10, 1, "Again"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  auto got = store_.Get(1, 10);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, "Friends");
  EXPECT_EQ(got->replies_policy, domain::RepliesPolicy::kList);
  EXPECT_FALSE(got->exclusive);
  auto foreign = store_.Get(1, 12);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ListIds(store_.ListsOf(1)), (std::vector<Id>{10, 11}));

  domain::List changed = MakeList(10, 1, "Close friends");
  changed.replies_policy = domain::RepliesPolicy::kNone;
  changed.exclusive = true;
  ASSERT_TRUE(store_.Update(changed).ok());
  got = store_.Get(1, 10);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, "Close friends");
  EXPECT_EQ(got->replies_policy, domain::RepliesPolicy::kNone);
  EXPECT_TRUE(got->exclusive);

  core::Status hijack = store_.Update(MakeList(12, 1, "Mine now"));
  ASSERT_FALSE(hijack.ok());
  EXPECT_EQ(hijack.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.Get(2, 12)->title, "Theirs");

  auto foreign_delete = store_.Delete(1, 12);
  ASSERT_FALSE(foreign_delete.ok());
  EXPECT_EQ(foreign_delete.error().code, ErrorCode::kNotFound);
  auto deleted = store_.Delete(1, 11);
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE(*deleted);
  EXPECT_EQ(ListIds(store_.ListsOf(1)), (std::vector<Id>{10}));
  auto deleted_again = store_.Delete(1, 11);
  ASSERT_FALSE(deleted_again.ok());
  EXPECT_EQ(deleted_again.error().code, ErrorCode::kNotFound);
}

TEST_F(ListStoreTest, Members) {
  ASSERT_TRUE(store_.Create(MakeList(10, 1, "Friends")).ok());
  ASSERT_TRUE(store_.Create(MakeList(11, 1, "Work")).ok());
  ASSERT_TRUE(store_.Create(MakeList(12, 2, "Theirs")).ok());

  const std::vector<Id> first = {3, 4, 3, 5};
  ASSERT_TRUE(store_.AddMembers(10, first).ok());
  const std::vector<Id> second = {4, 6};  // 4 is already there
  ASSERT_TRUE(store_.AddMembers(10, second).ok());
  const std::vector<Id> work = {4};
  ASSERT_TRUE(store_.AddMembers(11, work).ok());
  ASSERT_TRUE(store_.AddMembers(12, work).ok());

  std::vector<Id> members = store_.MemberIds(10);
  std::sort(members.begin(), members.end());
  EXPECT_EQ(members, (std::vector<Id>{3, 4, 5, 6}));
  // Newest membership first; paged by membership row.
  auto page = store_.Members(10, Page{});
  EXPECT_EQ(MemberIdsOf(page), (std::vector<Id>{6, 5, 4, 3}));
  Page older;
  older.limit = 2;
  older.max_id = page[1].cursor;
  EXPECT_EQ(MemberIdsOf(store_.Members(10, older)), (std::vector<Id>{4, 3}));
  Page after;
  after.min_id = page[3].cursor;
  after.limit = 2;
  EXPECT_EQ(MemberIdsOf(store_.Members(10, after)), (std::vector<Id>{5, 4}));

  // Only the owner's lists.
  EXPECT_EQ(ListIds(store_.ListsContaining(1, 4)), (std::vector<Id>{10, 11}));
  EXPECT_EQ(ListIds(store_.ListsContaining(2, 4)), (std::vector<Id>{12}));
  EXPECT_TRUE(store_.ListsContaining(1, 2).empty());

  const std::vector<Id> gone = {4, 5, 2};  // 2 was never a member
  ASSERT_TRUE(store_.RemoveMembers(10, gone).ok());
  members = store_.MemberIds(10);
  std::sort(members.begin(), members.end());
  EXPECT_EQ(members, (std::vector<Id>{3, 6}));
  EXPECT_EQ(ListIds(store_.ListsContaining(1, 4)), (std::vector<Id>{11}));

  // A missing list or account adds nothing.
  core::Status no_list = store_.AddMembers(99, work);
  ASSERT_FALSE(no_list.ok());
  EXPECT_EQ(no_list.error().code, ErrorCode::kNotFound);
  const std::vector<Id> with_unknown = {5, 77};
  core::Status no_account = store_.AddMembers(10, with_unknown);
  ASSERT_FALSE(no_account.ok());
  EXPECT_EQ(no_account.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.MemberIds(10).size(), 2u);

  // Deleting a list deletes its memberships.
  ASSERT_TRUE(store_.Delete(1, 10).ok());
  EXPECT_TRUE(store_.MemberIds(10).empty());
  EXPECT_EQ(CountRows("list_accounts"), 2);
}

// ---------------------------------------------------------------------------------------------
// Filters

class FilterStoreTest : public SocialStoreTest {
 protected:
  static domain::Filter MakeFilter(Id id, Id owner) {
    domain::Filter f;
    f.id = id;
    f.account_id = owner;
    f.title = "Spoilers";
    f.contexts = {"home", "public"};
    f.action = domain::FilterAction::kHide;
    f.expires_at = kNow + 3'600'000;
    f.keywords = {{id * 10 + 1, "dragon", true}, {id * 10 + 2, "finale", false}};
    f.statuses = {{id * 10 + 5, 9001}};
    return f;
  }

  SqliteFilterStore store_{tdb_.db()};
};

TEST_F(FilterStoreTest, SaveGetReplaceDelete) {
  ASSERT_TRUE(store_.Save(MakeFilter(50, 1)).ok());
  auto got = store_.Get(1, 50);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, "Spoilers");
  EXPECT_EQ(got->contexts, (std::vector<std::string>{"home", "public"}));
  EXPECT_EQ(got->action, domain::FilterAction::kHide);
  EXPECT_EQ(got->expires_at, kNow + 3'600'000);
  ASSERT_EQ(got->keywords.size(), 2u);
  EXPECT_EQ(got->keywords[0].id, 501);
  EXPECT_EQ(got->keywords[0].keyword, "dragon");
  EXPECT_TRUE(got->keywords[0].whole_word);
  EXPECT_EQ(got->keywords[1].keyword, "finale");
  EXPECT_FALSE(got->keywords[1].whole_word);
  ASSERT_EQ(got->statuses.size(), 1u);
  EXPECT_EQ(got->statuses[0].id, 505);
  EXPECT_EQ(got->statuses[0].status_id, 9001);

  // Replacing: the stored keywords and statuses become exactly the new ones.
  domain::Filter replaced = MakeFilter(50, 1);
  replaced.title = "Quote \"this\" \\ that\n";
  replaced.contexts = {"thread"};
  replaced.action = domain::FilterAction::kWarn;
  replaced.keywords = {{503, "winter", true}};
  replaced.statuses = {};
  ASSERT_TRUE(store_.Save(replaced).ok());
  got = store_.Get(1, 50);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->title, "Quote \"this\" \\ that\n");
  EXPECT_EQ(got->contexts, (std::vector<std::string>{"thread"}));
  EXPECT_EQ(got->action, domain::FilterAction::kWarn);
  ASSERT_EQ(got->keywords.size(), 1u);
  EXPECT_EQ(got->keywords[0].keyword, "winter");
  EXPECT_TRUE(got->statuses.empty());
  EXPECT_EQ(CountRows("filter_keywords"), 1);
  EXPECT_EQ(CountRows("filter_statuses"), 0);

  auto foreign = store_.Get(2, 50);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  // Another account cannot take the filter over by saving under its id.
  core::Status hijack = store_.Save(MakeFilter(50, 2));
  ASSERT_FALSE(hijack.ok());
  EXPECT_EQ(hijack.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.Get(1, 50)->title, "Quote \"this\" \\ that\n");

  auto foreign_delete = store_.Delete(2, 50);
  ASSERT_FALSE(foreign_delete.ok());
  EXPECT_EQ(foreign_delete.error().code, ErrorCode::kNotFound);
  auto deleted = store_.Delete(1, 50);
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE(*deleted);
  EXPECT_FALSE(store_.Get(1, 50).ok());
  EXPECT_EQ(CountRows("filter_keywords"), 0);
}

TEST_F(FilterStoreTest, FiltersOfLoadsChildrenOfEveryFilter) {
  ASSERT_TRUE(store_.Save(MakeFilter(60, 1)).ok());
  domain::Filter second = MakeFilter(61, 1);
  second.title = "Politics";
  second.statuses.push_back({617, 9002});
  ASSERT_TRUE(store_.Save(second).ok());
  ASSERT_TRUE(store_.Save(MakeFilter(62, 2)).ok());

  auto filters = store_.FiltersOf(1);
  ASSERT_EQ(filters.size(), 2u);
  EXPECT_EQ(filters[0].id, 60);
  EXPECT_EQ(filters[1].id, 61);
  EXPECT_EQ(filters[1].title, "Politics");
  ASSERT_EQ(filters[0].keywords.size(), 2u);
  EXPECT_EQ(filters[0].keywords[1].id, 602);
  ASSERT_EQ(filters[1].keywords.size(), 2u);
  EXPECT_EQ(filters[1].keywords[0].id, 611);
  ASSERT_EQ(filters[1].statuses.size(), 2u);
  EXPECT_EQ(filters[1].statuses[1].status_id, 9002);
  EXPECT_EQ(store_.FiltersOf(2).size(), 1u);
  EXPECT_TRUE(store_.FiltersOf(3).empty());
}

TEST_F(FilterStoreTest, AFailedSaveChangesNothing) {
  ASSERT_TRUE(store_.Save(MakeFilter(70, 1)).ok());
  // Keyword id 701 belongs to filter 70: saving filter 71 with it conflicts, and the whole
  // save (filter row included) is rolled back.
  domain::Filter clash = MakeFilter(71, 1);
  clash.keywords = {{712, "ok", true}, {701, "taken", true}};
  core::Status s = store_.Save(clash);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store_.Get(1, 71).ok());
  EXPECT_EQ(CountRows("filter_keywords"), 2);
  EXPECT_EQ(store_.Get(1, 70)->keywords.size(), 2u);
}

// ---------------------------------------------------------------------------------------------
// Markers

TEST_F(SocialStoreTest, MarkersVersionCountsSets) {
  SqliteMarkerStore store(db());
  const std::vector<std::string> both = {"home", "notifications", "nonsense"};
  EXPECT_TRUE(store.Get(1, both).empty());

  auto home = store.Set(1, "home", 1000, kNow);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->timeline, "home");
  EXPECT_EQ(home->last_read_id, 1000);
  EXPECT_EQ(home->version, 0);
  EXPECT_EQ(home->updated_at, kNow);
  home = store.Set(1, "home", 1200, kNow + 5);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->last_read_id, 1200);
  EXPECT_EQ(home->version, 1);
  EXPECT_EQ(home->updated_at, kNow + 5);
  home = store.Set(1, "home", 1300, kNow + 6);
  ASSERT_TRUE(home.ok());
  EXPECT_EQ(home->version, 2);
  ASSERT_TRUE(store.Set(1, "notifications", 77, kNow).ok());
  ASSERT_TRUE(store.Set(2, "home", 5, kNow).ok());

  auto markers = store.Get(1, both);
  ASSERT_EQ(markers.size(), 2u);
  EXPECT_EQ(markers[0].timeline, "home");
  EXPECT_EQ(markers[0].last_read_id, 1300);
  EXPECT_EQ(markers[0].version, 2);
  EXPECT_EQ(markers[1].timeline, "notifications");
  EXPECT_EQ(markers[1].version, 0);
  const std::vector<std::string> only_notifications = {"notifications"};
  ASSERT_EQ(store.Get(1, only_notifications).size(), 1u);
  EXPECT_EQ(store.Get(2, both).size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Conversations

TEST_F(SocialStoreTest, ConversationsTrackEveryParticipant) {
  SqliteConversationStore store(db());
  const std::vector<Id> people = {1, 2, 3};
  ASSERT_TRUE(store.RecordStatus(500, 5000, 1, people).ok());

  auto mine = store.Get(1, 500);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->id, 500);
  EXPECT_EQ(mine->account_id, 1);
  EXPECT_EQ(mine->participant_ids, (std::vector<Id>{2, 3}));
  EXPECT_EQ(mine->last_status_id, 5000);
  EXPECT_FALSE(mine->unread);
  auto theirs = store.Get(2, 500);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->participant_ids, (std::vector<Id>{1, 3}));
  EXPECT_TRUE(theirs->unread);

  ASSERT_TRUE(store.MarkRead(2, 500).ok());
  EXPECT_FALSE(store.Get(2, 500)->unread);

  // 2 replies: now 1 has something unread, 2 does not.
  ASSERT_TRUE(store.RecordStatus(500, 5010, 2, people).ok());
  EXPECT_TRUE(store.Get(1, 500)->unread);
  EXPECT_FALSE(store.Get(2, 500)->unread);
  EXPECT_EQ(store.Get(3, 500)->last_status_id, 5010);
  // A late, older status does not move last_status_id back.
  ASSERT_TRUE(store.RecordStatus(500, 5005, 3, people).ok());
  EXPECT_EQ(store.Get(1, 500)->last_status_id, 5010);
  EXPECT_FALSE(store.Get(3, 500)->unread);

  // Newest activity first, paged by last status id.
  const std::vector<Id> pair = {1, 4};
  ASSERT_TRUE(store.RecordStatus(600, 6000, 4, pair).ok());
  const std::vector<Id> other_pair = {1, 5};
  ASSERT_TRUE(store.RecordStatus(700, 4000, 1, other_pair).ok());
  auto list = store.List(1, Page{});
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].id, 600);
  EXPECT_EQ(list[1].id, 500);
  EXPECT_EQ(list[2].id, 700);
  EXPECT_EQ(list[0].participant_ids, (std::vector<Id>{4}));
  Page older;
  older.max_id = 6000;
  older.limit = 1;
  auto page = store.List(1, older);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, 500);
  Page newer;
  newer.min_id = 4000;
  newer.limit = 1;
  page = store.List(1, newer);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, 500);

  // Removing is per account.
  auto removed = store.Remove(2, 500);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  EXPECT_EQ(store.Get(2, 500).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store.Get(1, 500).ok());
  EXPECT_EQ(store.Remove(2, 500).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store.MarkRead(2, 500).error().code, ErrorCode::kNotFound);

  // The author is a participant even if the caller left them out; unknown accounts refuse.
  const std::vector<Id> without_author = {2};
  ASSERT_TRUE(store.RecordStatus(800, 8000, 6, without_author).ok());
  EXPECT_EQ(store.Get(6, 800)->participant_ids, (std::vector<Id>{2}));
  const std::vector<Id> unknown = {1, 77};
  EXPECT_EQ(store.RecordStatus(900, 9000, 1, unknown).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(store.Get(1, 900).ok());
}

// ---------------------------------------------------------------------------------------------
// Featured tags

TEST_F(SocialStoreTest, FeaturedTags) {
  SqliteFeaturedTagStore store(db());
  ASSERT_TRUE(store.Add({80, 1, "Cats", 12, kNow}).ok());
  ASSERT_TRUE(store.Add({81, 1, "dogs", 0, 0}).ok());
  ASSERT_TRUE(store.Add({82, 2, "cats", 1, kNow}).ok());
  core::Status dup = store.Add({83, 1, "CATS", 0, 0});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);

  auto tags = store.Of(1);
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].id, 80);
  EXPECT_EQ(tags[0].account_id, 1);
  EXPECT_EQ(tags[0].name, "Cats");
  EXPECT_EQ(tags[0].statuses_count, 12);
  EXPECT_EQ(tags[0].last_status_at, kNow);
  EXPECT_EQ(tags[1].name, "dogs");

  EXPECT_EQ(store.Remove(2, 80).error().code, ErrorCode::kNotFound);
  auto removed = store.Remove(1, 80);
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  EXPECT_EQ(store.Of(1).size(), 1u);
  EXPECT_EQ(store.Of(2).size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// The JSON list codec

TEST(JsonListsTest, StringsRoundTrip) {
  const std::vector<std::string> items = {
      "", "plain", "quote \" backslash \\", "tab\tnl\n", std::string("nul\0x", 5), "中文 ✓ 😀"};
  const std::string json = jsonlist::FromStrings(items);
  EXPECT_EQ(jsonlist::ToStrings(json), items);
  EXPECT_EQ(jsonlist::FromStrings({}), "[]");
  EXPECT_EQ(jsonlist::FromStrings(std::vector<std::string>{"a\"b"}), "[\"a\\\"b\"]");
}

TEST(JsonListsTest, DecodesEscapesAndIsLenient) {
  EXPECT_EQ(jsonlist::ToStrings(R"([ "a\/b" , "\u00e9\ud83d\ude00" ])"),
            (std::vector<std::string>{"a/b", "\u00e9\U0001F600"}));
  EXPECT_TRUE(jsonlist::ToStrings("").empty());
  EXPECT_TRUE(jsonlist::ToStrings("[]").empty());
  EXPECT_TRUE(jsonlist::ToStrings("null").empty());
  EXPECT_TRUE(jsonlist::ToStrings("[\"unterminated").empty());
  EXPECT_EQ(jsonlist::ToStrings(R"(["ok", 5, null, "kept"])"),
            (std::vector<std::string>{"ok", "kept"}));
}

TEST(JsonListsTest, IdsRoundTrip) {
  const std::vector<Id> ids = {1, 0, 9'223'372'036'854'775'807, 42};
  EXPECT_EQ(jsonlist::FromIds(ids), "[1,0,9223372036854775807,42]");
  EXPECT_EQ(jsonlist::ToIds(jsonlist::FromIds(ids)), ids);
  EXPECT_EQ(jsonlist::ToIds("[ 3 , 4 ]"), (std::vector<Id>{3, 4}));
  EXPECT_TRUE(jsonlist::ToIds("[]").empty());
  EXPECT_TRUE(jsonlist::ToIds("").empty());
  EXPECT_EQ(jsonlist::ToIds(R"([1, "2", 3.5, 4])"), (std::vector<Id>{1, 4}));
}

}  // namespace
}  // namespace magpie::storage::sqlite
