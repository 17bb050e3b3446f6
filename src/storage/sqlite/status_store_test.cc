// SqliteStatusStore against a real database in a temporary directory: counters, soft deletion,
// every timeline filter and paging mode, interactions, idempotency, and concurrent writers
// through the group commit.
#include "storage/sqlite/status_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "storage/sqlite/account_store.h"
#include "storage/sqlite/test_db.h"

namespace magpie::storage::sqlite {
namespace {

using core::ErrorCode;
using domain::Cursored;
using domain::Id;
using domain::Page;
using domain::StatusQuery;
using domain::Visibility;

constexpr Id kAlice = 1;
constexpr Id kBob = 2;
constexpr Id kCarol = 3;  // remote

domain::Status MakeStatus(Id id, Id account_id, std::string text = "hello") {
  domain::Status s;
  s.id = id;
  s.account_id = account_id;
  s.text = std::move(text);
  s.created_at = 1'700'000'000'000 + id;
  s.conversation_id = id;
  return s;
}

std::vector<Id> Sorted(std::vector<Id> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class StatusStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteAccountStore accounts(tdb_.db());
    for (auto [id, name] : {std::pair<Id, const char*>{kAlice, "alice"}, {kBob, "bob"}}) {
      domain::Account a;
      a.id = id;
      a.username = name;
      ASSERT_TRUE(accounts.CreateLocal(a, domain::User{}).ok());
    }
    ASSERT_TRUE(tdb_.db()
                    .Write([](Connection& c) {
                      return c
                          .Prepare(
                              "INSERT INTO accounts (id, username, domain, created_at) "
                              "VALUES (?1, 'carol', 'remote.example', 0)")
                          .Bind(1, kCarol)
                          .Run();
                    })
                    .ok());
  }

  void Post(const domain::Status& s, std::vector<std::string> normalized = {}) {
    if (normalized.empty()) {
      for (const std::string& t : s.tags) {
        std::string n = t;
        std::transform(n.begin(), n.end(), n.begin(), ::tolower);
        normalized.push_back(n);
      }
    }
    auto r = store_.Create(s, normalized, "");
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  domain::Status Reply(Id id, Id account_id, const domain::Status& parent) {
    domain::Status s = MakeStatus(id, account_id);
    s.in_reply_to_id = parent.id;
    s.in_reply_to_account_id = parent.account_id;
    s.conversation_id = parent.conversation_id;
    return s;
  }
  domain::Status Reblog(Id id, Id account_id, Id of) {
    domain::Status s = MakeStatus(id, account_id, "");
    s.reblog_of_id = of;
    return s;
  }
  domain::Account Account(Id id) {
    auto a = SqliteAccountStore(tdb_.db()).Get(id);
    EXPECT_TRUE(a.ok());
    return a.ok() ? *a : domain::Account{};
  }
  domain::Status Get(Id id) {
    auto s = store_.Get(id);
    EXPECT_TRUE(s.ok()) << "status " << id;
    return s.ok() ? *s : domain::Status{};
  }
  void ZeroCounters(Id status_id) {
    ASSERT_TRUE(tdb_.db()
                    .Write([&](Connection& c) {
                      return c
                          .Prepare(
                              "UPDATE statuses SET replies_count = 0, reblogs_count = 0, "
                              "quotes_count = 0 WHERE id = ?1")
                          .Bind(1, status_id)
                          .Run();
                    })
                    .ok());
  }

  TestDatabase tdb_;
  SqliteStatusStore store_{tdb_.db()};
};

TEST_F(StatusStoreTest, CreateRoundTripsAndMovesAuthorCounters) {
  domain::Status s = MakeStatus(100, kAlice, "Hi @bob #Cats #Dogs");
  s.spoiler_text = "cw";
  s.visibility = Visibility::kUnlisted;
  s.sensitive = true;
  s.language = "en";
  s.quote_policy = domain::QuotePolicy::kFollowers;
  s.application_id = 9;
  s.mentioned_account_ids = {kBob};
  s.tags = {"Cats", "Dogs"};
  Post(s);

  domain::Status got = Get(100);
  EXPECT_EQ(got.account_id, kAlice);
  EXPECT_EQ(got.text, "Hi @bob #Cats #Dogs");
  EXPECT_EQ(got.spoiler_text, "cw");
  EXPECT_EQ(got.visibility, Visibility::kUnlisted);
  EXPECT_TRUE(got.sensitive);
  EXPECT_EQ(got.language, "en");
  EXPECT_EQ(got.quote_policy, domain::QuotePolicy::kFollowers);
  EXPECT_EQ(got.application_id, 9);
  EXPECT_EQ(got.conversation_id, 100);
  EXPECT_EQ(got.created_at, s.created_at);
  EXPECT_EQ(got.in_reply_to_id, 0);
  EXPECT_EQ(got.reblog_of_id, 0);
  EXPECT_EQ(got.quote_of_id, 0);
  EXPECT_EQ(got.edited_at, 0);
  EXPECT_FALSE(got.deleted);
  EXPECT_EQ(got.mentioned_account_ids, (std::vector<Id>{kBob}));
  EXPECT_EQ(got.tags, (std::vector<std::string>{"Cats", "Dogs"}));

  domain::Account alice = Account(kAlice);
  EXPECT_EQ(alice.statuses_count, 1);
  EXPECT_EQ(alice.last_status_at, s.created_at);
  EXPECT_EQ(store_.Get(101).error().code, ErrorCode::kNotFound);
}

TEST_F(StatusStoreTest, CreateMovesReplyReblogAndQuoteCounters) {
  domain::Status root = MakeStatus(100, kAlice);
  Post(root);
  Post(Reply(101, kBob, root));
  Post(Reply(102, kAlice, root));
  Post(Reblog(103, kBob, 100));
  domain::Status quote = MakeStatus(104, kCarol, "so true");
  quote.quote_of_id = 100;
  Post(quote);

  domain::Status got = Get(100);
  EXPECT_EQ(got.replies_count, 2);
  EXPECT_EQ(got.reblogs_count, 1);
  EXPECT_EQ(got.quotes_count, 1);
  EXPECT_EQ(got.favourites_count, 0);
  EXPECT_EQ(Account(kAlice).statuses_count, 2);
  EXPECT_EQ(Account(kBob).statuses_count, 2);
  EXPECT_EQ(Account(kCarol).statuses_count, 1);
  EXPECT_EQ(Get(103).reblog_of_id, 100);
  EXPECT_EQ(Get(101).in_reply_to_account_id, kAlice);
}

TEST_F(StatusStoreTest, CreateRejectsBadInput) {
  EXPECT_EQ(store_.Create(MakeStatus(100, 99), {}, "").error().code, ErrorCode::kNotFound);
  Post(MakeStatus(100, kAlice));
  EXPECT_EQ(store_.Create(MakeStatus(100, kAlice), {}, "").error().code, ErrorCode::kConflict);
  domain::Status s = MakeStatus(101, kAlice);
  s.tags = {"A"};
  EXPECT_EQ(store_.Create(s, {}, "").error().code, ErrorCode::kInvalid);
  // The failed creates moved no counters.
  EXPECT_EQ(Account(kAlice).statuses_count, 1);
}

// Timelines by author read the index alone (migration 0004): no table lookup per candidate.
TEST_F(StatusStoreTest, TimelinesByAuthorAreAnsweredFromTheIndex) {
  auto plan = [&](const std::string& sql) {
    Statement st = tdb_.db().Reader().Prepare("EXPLAIN QUERY PLAN " + sql);
    std::string detail;
    while (st.Step()) detail += st.Text(3) + "\n";
    return detail;
  };
  const std::string by_author =
      "SELECT s.id FROM statuses s WHERE s.account_id = 1 AND s.deleted = 0 AND s.id < 99 AND "
      "s.id > 0";
  for (const std::string& sql :
       {by_author + " ORDER BY s.id DESC LIMIT 20",
        by_author + " AND ((3 >> s.visibility) & 1) = 1 ORDER BY s.id DESC LIMIT 20",
        by_author + " AND +s.visibility = 0 ORDER BY s.id DESC LIMIT 20"}) {
    EXPECT_NE(plan(sql).find("COVERING INDEX statuses_account"), std::string::npos) << sql << "\n"
                                                                                    << plan(sql);
  }
}

TEST_F(StatusStoreTest, GetManySkipsMissingAndDeleted) {
  Post(MakeStatus(100, kAlice));
  Post(MakeStatus(101, kAlice));
  Post(MakeStatus(102, kBob));
  ASSERT_TRUE(store_.Delete(101).ok());
  std::vector<Id> ids = {102, 101, 100, 555};
  std::vector<Id> got;
  for (const domain::Status& s : store_.GetMany(ids)) got.push_back(s.id);
  EXPECT_EQ(Sorted(got), (std::vector<Id>{100, 102}));
  EXPECT_TRUE(store_.GetMany({}).empty());
}

TEST_F(StatusStoreTest, UpdateReplacesContentIndexesAndKeepsHistory) {
  domain::Status s = MakeStatus(100, kAlice, "v1 #old @bob");
  s.tags = {"old"};
  s.mentioned_account_ids = {kBob};
  Post(s);

  domain::StatusEdit prev1;
  prev1.id = 500;
  prev1.status_id = 100;
  prev1.text = s.text;
  prev1.created_at = s.created_at;
  domain::Status v2 = s;
  v2.text = "v2 #New @carol";
  v2.spoiler_text = "cw";
  v2.sensitive = true;
  v2.language = "de";
  v2.tags = {"New"};
  v2.mentioned_account_ids = {kCarol};
  v2.edited_at = s.created_at + 10;
  ASSERT_TRUE(store_.Update(v2, {"new"}, prev1).ok());

  domain::StatusEdit prev2;
  prev2.id = 501;
  prev2.text = v2.text;
  prev2.spoiler_text = "cw";
  prev2.sensitive = true;
  prev2.created_at = v2.edited_at;
  domain::Status v3 = v2;
  v3.text = "v3";
  v3.edited_at = s.created_at + 20;
  v3.tags = {};
  v3.mentioned_account_ids = {};
  ASSERT_TRUE(store_.Update(v3, {}, prev2).ok());

  domain::Status got = Get(100);
  EXPECT_EQ(got.text, "v3");
  EXPECT_EQ(got.spoiler_text, "cw");
  EXPECT_TRUE(got.sensitive);
  EXPECT_EQ(got.language, "de");
  EXPECT_EQ(got.edited_at, s.created_at + 20);
  EXPECT_TRUE(got.tags.empty());
  EXPECT_TRUE(got.mentioned_account_ids.empty());
  EXPECT_EQ(Account(kAlice).statuses_count, 1);  // edits are not new statuses

  std::vector<domain::StatusEdit> history = store_.History(100);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].id, 500);
  EXPECT_EQ(history[0].text, "v1 #old @bob");
  EXPECT_EQ(history[0].account_id, kAlice);  // filled in from the status
  EXPECT_EQ(history[0].status_id, 100);
  EXPECT_EQ(history[1].text, "v2 #New @carol");
  EXPECT_TRUE(history[1].sensitive);
  EXPECT_EQ(history[1].spoiler_text, "cw");
  EXPECT_TRUE(store_.History(999).empty());

  // The index tables follow the edits: after v2, #new and @carol; after v3, nothing.
  StatusQuery q;
  EXPECT_TRUE(store_.TagStatuses("old", q).empty());
  EXPECT_TRUE(store_.TagStatuses("new", q).empty());
  EXPECT_TRUE(store_.MentioningStatuses(kBob, q).empty());
  EXPECT_TRUE(store_.MentioningStatuses(kCarol, q).empty());
  domain::StatusEdit prev3;
  prev3.id = 502;
  prev3.text = v3.text;
  prev3.created_at = v3.edited_at;
  v3.tags = {"New"};
  v3.mentioned_account_ids = {kCarol};
  v3.edited_at += 10;
  ASSERT_TRUE(store_.Update(v3, {"new"}, prev3).ok());
  EXPECT_EQ(store_.History(100).size(), 3u);
  EXPECT_EQ(store_.TagStatuses("new", q), (std::vector<Id>{100}));
  EXPECT_EQ(store_.MentioningStatuses(kCarol, q), (std::vector<Id>{100}));

  EXPECT_EQ(store_.Update(MakeStatus(999, kAlice), {}, prev1).error().code, ErrorCode::kNotFound);
}

TEST_F(StatusStoreTest, DeleteRevertsCountersAndTakesReblogsAlong) {
  domain::Status root = MakeStatus(100, kAlice);
  Post(root);
  domain::Status target = MakeStatus(90, kCarol);
  Post(target);
  domain::Status reply = Reply(101, kAlice, target);  // alice replies to carol...
  reply.quote_of_id = 90;                             // ...quoting her too
  Post(reply);
  Post(Reblog(102, kBob, 101));
  Post(Reblog(103, kCarol, 101));
  Post(Reblog(104, kBob, 100));  // an unrelated reblog stays
  ASSERT_EQ(Get(90).replies_count, 1);
  ASSERT_EQ(Get(90).quotes_count, 1);
  ASSERT_EQ(Account(kAlice).statuses_count, 2);
  ASSERT_EQ(Account(kBob).statuses_count, 2);
  ASSERT_EQ(Account(kCarol).statuses_count, 2);

  auto removed = store_.Delete(101);
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_EQ(Sorted(*removed), (std::vector<Id>{102, 103}));
  EXPECT_EQ(store_.Get(101).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.Get(102).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.Get(103).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_.Get(104).ok());
  EXPECT_EQ(Get(90).replies_count, 0);
  EXPECT_EQ(Get(90).quotes_count, 0);
  EXPECT_EQ(Account(kAlice).statuses_count, 1);
  EXPECT_EQ(Account(kBob).statuses_count, 1);
  EXPECT_EQ(Account(kCarol).statuses_count, 1);
  EXPECT_EQ(store_.Delete(101).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.Delete(555).error().code, ErrorCode::kNotFound);

  // Deleting a reblog (un-reblogging) takes one off the original's reblogs_count.
  ASSERT_EQ(Get(100).reblogs_count, 1);
  auto unreblog = store_.Delete(104);
  ASSERT_TRUE(unreblog.ok());
  EXPECT_TRUE(unreblog->empty());
  EXPECT_EQ(Get(100).reblogs_count, 0);
  EXPECT_EQ(Account(kBob).statuses_count, 0);
  EXPECT_FALSE(store_.FindReblog(kBob, 100).has_value());

  // Counters never go below zero, even when they drifted.
  Post(Reply(105, kBob, root));
  ZeroCounters(100);
  ASSERT_TRUE(store_.Delete(105).ok());
  EXPECT_EQ(Get(100).replies_count, 0);
}

TEST_F(StatusStoreTest, DeletedStatusesLeaveEveryRead) {
  domain::Status s = MakeStatus(100, kAlice);
  s.tags = {"gone"};
  s.mentioned_account_ids = {kBob};
  Post(s);
  domain::Status quote = MakeStatus(101, kBob);
  quote.quote_of_id = 100;
  Post(quote);
  ASSERT_TRUE(store_.AddFavourite(kBob, 100, 1).ok());
  ASSERT_TRUE(store_.AddBookmark(kBob, 100, 1).ok());
  ASSERT_TRUE(store_.Pin(kAlice, 100, 1).ok());
  ASSERT_TRUE(store_.Delete(100).ok());
  ASSERT_TRUE(store_.Delete(101).ok());

  StatusQuery q;
  EXPECT_TRUE(store_.AccountStatuses(kAlice, q).empty());
  std::vector<Id> authors = {kAlice};
  EXPECT_TRUE(store_.StatusesByAuthors(authors, q).empty());
  EXPECT_TRUE(store_.PublicStatuses(q).empty());
  EXPECT_TRUE(store_.TagStatuses("gone", q).empty());
  EXPECT_TRUE(store_.MentioningStatuses(kBob, q).empty());
  EXPECT_TRUE(store_.Quotes(100, Page{}).empty());
  EXPECT_TRUE(store_.FavouritesOf(kBob, Page{}).empty());
  EXPECT_TRUE(store_.BookmarksOf(kBob, Page{}).empty());
  EXPECT_TRUE(store_.PinnedOf(kAlice).empty());
  EXPECT_EQ(store_.AddFavourite(kAlice, 100, 2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.AddBookmark(kAlice, 100, 2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.Pin(kAlice, 100, 2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.CountLocalStatuses(), 0);
}

// Posts a mix for the filter tests: ids 10.. in time order.
class StatusQueryTest : public StatusStoreTest {
 protected:
  void SetUp() override {
    StatusStoreTest::SetUp();
    if (HasFatalFailure()) return;
    domain::Status pub = MakeStatus(10, kAlice);  // public
    Post(pub);
    domain::Status unlisted = MakeStatus(11, kAlice);
    unlisted.visibility = Visibility::kUnlisted;
    Post(unlisted);
    domain::Status priv = MakeStatus(12, kAlice);
    priv.visibility = Visibility::kPrivate;
    Post(priv);
    domain::Status direct = MakeStatus(13, kAlice);
    direct.visibility = Visibility::kDirect;
    direct.mentioned_account_ids = {kBob};
    Post(direct);
    Post(Reply(14, kAlice, pub));  // self-reply: kept by exclude_replies
    domain::Status bob = MakeStatus(15, kBob);
    Post(bob);
    Post(Reply(16, kAlice, bob));  // reply to someone else: dropped by exclude_replies
    Post(Reblog(17, kAlice, 15));
    Post(MakeStatus(18, kCarol));  // remote
    Post(Reblog(19, kCarol, 10));  // remote reblog
  }
};

TEST_F(StatusQueryTest, AccountStatusesHonoursEveryFilter) {
  StatusQuery q;
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{17, 16, 14, 13, 12, 11, 10}));
  q.visibilities = {Visibility::kPublic};
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{17, 16, 14, 10}));
  q.visibilities = {Visibility::kPublic, Visibility::kUnlisted};
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{17, 16, 14, 11, 10}));
  q.visibilities = {Visibility::kDirect, Visibility::kPrivate};
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{13, 12}));

  q = StatusQuery{};
  q.exclude_replies = true;
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{17, 14, 13, 12, 11, 10}));
  q.exclude_reblogs = true;
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{14, 13, 12, 11, 10}));
  q = StatusQuery{};
  q.exclude_reblogs = true;
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{16, 14, 13, 12, 11, 10}));

  q = StatusQuery{};
  q.local_only = true;
  EXPECT_EQ(store_.AccountStatuses(kCarol, q), (std::vector<Id>{}));
  q.local_only = false;
  q.remote_only = true;
  EXPECT_EQ(store_.AccountStatuses(kCarol, q), (std::vector<Id>{19, 18}));
  EXPECT_TRUE(store_.AccountStatuses(kAlice, q).empty());
  q.local_only = true;  // both: nothing can match
  EXPECT_TRUE(store_.AccountStatuses(kCarol, q).empty());
}

TEST_F(StatusQueryTest, PublicStatusesHonoursEveryFilter) {
  StatusQuery q;
  q.visibilities = {Visibility::kPublic};
  EXPECT_EQ(store_.PublicStatuses(q), (std::vector<Id>{19, 18, 17, 16, 15, 14, 10}));
  q.local_only = true;
  EXPECT_EQ(store_.PublicStatuses(q), (std::vector<Id>{17, 16, 15, 14, 10}));
  q.local_only = false;
  q.remote_only = true;
  EXPECT_EQ(store_.PublicStatuses(q), (std::vector<Id>{19, 18}));
  q.remote_only = false;
  q.exclude_reblogs = true;
  EXPECT_EQ(store_.PublicStatuses(q), (std::vector<Id>{18, 16, 15, 14, 10}));
  q.exclude_replies = true;
  EXPECT_EQ(store_.PublicStatuses(q), (std::vector<Id>{18, 15, 14, 10}));
  q = StatusQuery{};
  EXPECT_EQ(store_.PublicStatuses(q).size(), 10u);
  q.visibilities = {Visibility::kPublic, Visibility::kUnlisted};
  q.page.limit = 3;
  q.page.max_id = 15;
  EXPECT_EQ(store_.PublicStatuses(q), (std::vector<Id>{14, 11, 10}));
}

TEST_F(StatusQueryTest, StatusesByAuthorsMergesAndFilters) {
  std::vector<Id> authors = {kBob, kCarol};
  StatusQuery q;
  EXPECT_EQ(store_.StatusesByAuthors(authors, q), (std::vector<Id>{19, 18, 15}));
  q.exclude_reblogs = true;
  EXPECT_EQ(store_.StatusesByAuthors(authors, q), (std::vector<Id>{18, 15}));
  q.local_only = true;
  EXPECT_EQ(store_.StatusesByAuthors(authors, q), (std::vector<Id>{15}));

  authors = {kAlice, kBob};
  q = StatusQuery{};
  q.exclude_replies = true;
  q.visibilities = {Visibility::kPublic, Visibility::kUnlisted, Visibility::kPrivate};
  q.page.limit = 4;
  EXPECT_EQ(store_.StatusesByAuthors(authors, q), (std::vector<Id>{17, 15, 14, 12}));
  q.page.max_id = 14;
  EXPECT_EQ(store_.StatusesByAuthors(authors, q), (std::vector<Id>{12, 11, 10}));
  q.page = Page{};
  q.page.limit = 2;
  q.page.min_id = 11;
  EXPECT_EQ(store_.StatusesByAuthors(authors, q), (std::vector<Id>{14, 12}));

  EXPECT_TRUE(store_.StatusesByAuthors({}, StatusQuery{}).empty());
  // Many authors, most of them unknown, still one statement.
  std::vector<Id> many;
  for (Id id = 1000; id < 4000; ++id) many.push_back(id);
  many.push_back(kBob);
  EXPECT_EQ(store_.StatusesByAuthors(many, StatusQuery{}), (std::vector<Id>{15}));
}

TEST_F(StatusStoreTest, PaginationModes) {
  for (Id id = 1; id <= 10; ++id) Post(MakeStatus(id, kAlice));
  StatusQuery q;
  q.page.limit = 3;
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{10, 9, 8}));
  q.page.max_id = 8;  // older than 8
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{7, 6, 5}));
  q.page.max_id = 2;
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{1}));
  q.page = Page{};
  q.page.limit = 3;
  q.page.since_id = 5;  // the newest page above 5
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{10, 9, 8}));
  q.page.since_id.reset();
  q.page.min_id = 5;  // the page right after 5, still newest first
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{8, 7, 6}));
  q.page.max_id = 7;  // both bounds
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{6}));
  q.page = Page{};
  q.page.limit = 3;
  q.page.since_id = 3;
  q.page.max_id = 6;
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{5, 4}));
  q.page = Page{};
  q.page.min_id = 10;
  EXPECT_TRUE(store_.AccountStatuses(kAlice, q).empty());
  q.page = Page{};
  q.page.limit = 0;  // clamped to 1
  EXPECT_EQ(store_.AccountStatuses(kAlice, q), (std::vector<Id>{10}));
}

TEST_F(StatusStoreTest, TagTimelinesUseNormalizedNames) {
  domain::Status a = MakeStatus(100, kAlice);
  a.tags = {"Cats"};
  Post(a, {"cats"});
  domain::Status b = MakeStatus(101, kBob);
  b.tags = {"CATS", "dogs"};
  Post(b, {"cats", "dogs"});
  domain::Status c = MakeStatus(102, kCarol);
  c.tags = {"cats", "cats"};  // repeated in one status: indexed once
  c.visibility = Visibility::kUnlisted;
  Post(c, {"cats", "cats"});

  StatusQuery q;
  EXPECT_EQ(store_.TagStatuses("cats", q), (std::vector<Id>{102, 101, 100}));
  EXPECT_EQ(store_.TagStatuses("dogs", q), (std::vector<Id>{101}));
  EXPECT_TRUE(store_.TagStatuses("Cats", q).empty());  // lookups are by the normalized key
  EXPECT_TRUE(store_.TagStatuses("birds", q).empty());
  EXPECT_EQ(Get(101).tags, (std::vector<std::string>{"CATS", "dogs"}));  // as written

  q.visibilities = {Visibility::kPublic};
  EXPECT_EQ(store_.TagStatuses("cats", q), (std::vector<Id>{101, 100}));
  q.local_only = true;
  q.page.limit = 1;
  EXPECT_EQ(store_.TagStatuses("cats", q), (std::vector<Id>{101}));
  q.page.max_id = 101;
  EXPECT_EQ(store_.TagStatuses("cats", q), (std::vector<Id>{100}));
  q = StatusQuery{};
  q.page.min_id = 100;
  q.page.limit = 1;
  EXPECT_EQ(store_.TagStatuses("cats", q), (std::vector<Id>{101}));
}

TEST_F(StatusStoreTest, MentioningStatuses) {
  for (Id id = 100; id < 105; ++id) {
    domain::Status s = MakeStatus(id, kAlice);
    if (id != 102) s.mentioned_account_ids = {kBob, kCarol};
    if (id == 104) s.visibility = Visibility::kDirect;
    Post(s);
  }
  StatusQuery q;
  EXPECT_EQ(store_.MentioningStatuses(kBob, q), (std::vector<Id>{104, 103, 101, 100}));
  q.visibilities = {Visibility::kDirect};
  EXPECT_EQ(store_.MentioningStatuses(kCarol, q), (std::vector<Id>{104}));
  q = StatusQuery{};
  q.page.limit = 2;
  q.page.max_id = 104;
  EXPECT_EQ(store_.MentioningStatuses(kBob, q), (std::vector<Id>{103, 101}));
  q.page = Page{};
  q.page.min_id = 100;
  q.page.limit = 2;
  EXPECT_EQ(store_.MentioningStatuses(kBob, q), (std::vector<Id>{103, 101}));
  EXPECT_TRUE(store_.MentioningStatuses(kAlice, StatusQuery{}).empty());
}

TEST_F(StatusStoreTest, DescendantsWalkTheWholeTreeOldestFirst) {
  domain::Status root = MakeStatus(1, kAlice);
  Post(root);
  domain::Status r2 = Reply(2, kBob, root);
  Post(r2);
  domain::Status r3 = Reply(3, kAlice, r2);
  Post(r3);
  Post(Reply(4, kCarol, root));
  Post(Reply(5, kBob, r3));
  Post(MakeStatus(6, kAlice));  // unrelated
  domain::Status r7 = Reply(7, kBob, root);
  Post(r7);
  Post(Reply(8, kAlice, r7));
  Post(Reblog(9, kBob, 1));            // reblogs are not replies
  ASSERT_TRUE(store_.Delete(7).ok());  // a deleted reply hides its subtree

  EXPECT_EQ(store_.Descendants(1, 100), (std::vector<Id>{2, 3, 4, 5}));
  EXPECT_EQ(store_.Descendants(1, 2), (std::vector<Id>{2, 3}));
  EXPECT_EQ(store_.Descendants(2, 100), (std::vector<Id>{3, 5}));
  EXPECT_TRUE(store_.Descendants(5, 100).empty());
  EXPECT_TRUE(store_.Descendants(1, 0).empty());
}

TEST_F(StatusStoreTest, QuotesAndReblogs) {
  Post(MakeStatus(100, kAlice));
  for (Id id = 101; id <= 104; ++id) {
    domain::Status q = MakeStatus(id, id % 2 ? kBob : kCarol);
    q.quote_of_id = 100;
    Post(q);
  }
  Page page;
  EXPECT_EQ(store_.Quotes(100, page), (std::vector<Id>{104, 103, 102, 101}));
  page.limit = 2;
  page.max_id = 104;
  EXPECT_EQ(store_.Quotes(100, page), (std::vector<Id>{103, 102}));
  page = Page{};
  page.min_id = 101;
  page.limit = 2;
  EXPECT_EQ(store_.Quotes(100, page), (std::vector<Id>{103, 102}));
  EXPECT_EQ(Get(100).quotes_count, 4);

  Post(Reblog(110, kBob, 100));
  Post(Reblog(111, kCarol, 100));
  EXPECT_EQ(store_.FindReblog(kBob, 100), std::optional<Id>(110));
  EXPECT_EQ(store_.FindReblog(kCarol, 100), std::optional<Id>(111));
  EXPECT_FALSE(store_.FindReblog(kAlice, 100).has_value());
  EXPECT_FALSE(store_.FindReblog(kBob, 101).has_value());

  std::vector<Cursored> by = store_.RebloggedBy(100, Page{});
  ASSERT_EQ(by.size(), 2u);
  EXPECT_EQ(by[0].cursor, 111);
  EXPECT_EQ(by[0].id, kCarol);
  EXPECT_EQ(by[1].cursor, 110);
  EXPECT_EQ(by[1].id, kBob);
  page = Page{};
  page.max_id = 111;
  by = store_.RebloggedBy(100, page);
  ASSERT_EQ(by.size(), 1u);
  EXPECT_EQ(by[0].id, kBob);
}

TEST_F(StatusStoreTest, FavouritesCountAndPage) {
  Post(MakeStatus(100, kAlice));
  Post(MakeStatus(101, kAlice));
  EXPECT_EQ(store_.AddFavourite(kBob, 100, 1).value(), true);
  EXPECT_EQ(store_.AddFavourite(kBob, 100, 2).value(), false);
  EXPECT_EQ(store_.AddFavourite(kCarol, 100, 3).value(), true);
  EXPECT_EQ(store_.AddFavourite(kAlice, 100, 4).value(), true);
  EXPECT_EQ(store_.AddFavourite(kBob, 101, 5).value(), true);
  EXPECT_EQ(Get(100).favourites_count, 3);
  EXPECT_EQ(store_.AddFavourite(kBob, 999, 6).error().code, ErrorCode::kNotFound);

  std::vector<Cursored> by = store_.FavouritedBy(100, Page{});
  ASSERT_EQ(by.size(), 3u);
  EXPECT_EQ(by[0].id, kAlice);
  EXPECT_EQ(by[1].id, kCarol);
  EXPECT_EQ(by[2].id, kBob);
  EXPECT_GT(by[0].cursor, by[1].cursor);
  EXPECT_GT(by[1].cursor, by[2].cursor);
  Page page;
  page.max_id = by[0].cursor;
  page.limit = 1;
  std::vector<Cursored> older = store_.FavouritedBy(100, page);
  ASSERT_EQ(older.size(), 1u);
  EXPECT_EQ(older[0].id, kCarol);
  page = Page{};
  page.min_id = by[2].cursor;
  page.limit = 1;
  std::vector<Cursored> after = store_.FavouritedBy(100, page);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].id, kCarol);

  std::vector<Cursored> of = store_.FavouritesOf(kBob, Page{});
  ASSERT_EQ(of.size(), 2u);
  EXPECT_EQ(of[0].id, 101);
  EXPECT_EQ(of[1].id, 100);
  page = Page{};
  page.max_id = of[0].cursor;
  of = store_.FavouritesOf(kBob, page);
  ASSERT_EQ(of.size(), 1u);
  EXPECT_EQ(of[0].id, 100);

  EXPECT_EQ(store_.RemoveFavourite(kBob, 100).value(), true);
  EXPECT_EQ(store_.RemoveFavourite(kBob, 100).value(), false);
  EXPECT_EQ(Get(100).favourites_count, 2);
  // A new favourite after a removal gets a fresh, larger cursor.
  EXPECT_EQ(store_.AddFavourite(kBob, 100, 7).value(), true);
  by = store_.FavouritedBy(100, Page{});
  ASSERT_EQ(by.size(), 3u);
  EXPECT_EQ(by[0].id, kBob);
}

TEST_F(StatusStoreTest, BookmarksAndPins) {
  for (Id id = 100; id < 103; ++id) Post(MakeStatus(id, kAlice));
  EXPECT_EQ(store_.AddBookmark(kBob, 100, 1).value(), true);
  EXPECT_EQ(store_.AddBookmark(kBob, 100, 1).value(), false);
  EXPECT_EQ(store_.AddBookmark(kBob, 102, 2).value(), true);
  EXPECT_EQ(store_.AddBookmark(kBob, 101, 3).value(), true);
  std::vector<Cursored> marks = store_.BookmarksOf(kBob, Page{});
  ASSERT_EQ(marks.size(), 3u);
  EXPECT_EQ(marks[0].id, 101);  // most recently bookmarked first
  EXPECT_EQ(marks[1].id, 102);
  EXPECT_EQ(marks[2].id, 100);
  Page page;
  page.max_id = marks[1].cursor;
  marks = store_.BookmarksOf(kBob, page);
  ASSERT_EQ(marks.size(), 1u);
  EXPECT_EQ(marks[0].id, 100);
  EXPECT_EQ(store_.RemoveBookmark(kBob, 100).value(), true);
  EXPECT_EQ(store_.RemoveBookmark(kBob, 100).value(), false);
  EXPECT_EQ(store_.BookmarksOf(kBob, Page{}).size(), 2u);
  EXPECT_EQ(store_.AddBookmark(kBob, 999, 1).error().code, ErrorCode::kNotFound);

  EXPECT_EQ(store_.Pin(kAlice, 101, 1).value(), true);
  EXPECT_EQ(store_.Pin(kAlice, 101, 1).value(), false);
  EXPECT_EQ(store_.Pin(kAlice, 100, 2).value(), true);
  EXPECT_EQ(store_.PinnedOf(kAlice), (std::vector<Id>{100, 101}));
  EXPECT_EQ(store_.Unpin(kAlice, 100).value(), true);
  EXPECT_EQ(store_.Unpin(kAlice, 100).value(), false);
  EXPECT_EQ(store_.PinnedOf(kAlice), (std::vector<Id>{101}));
  EXPECT_TRUE(store_.PinnedOf(kBob).empty());
  EXPECT_EQ(Get(101).favourites_count, 0);  // bookmarks and pins move no counters
}

TEST_F(StatusStoreTest, InteractionsForManyStatusesAtOnce) {
  for (Id id = 100; id < 105; ++id) Post(MakeStatus(id, kAlice));
  ASSERT_TRUE(store_.AddFavourite(kBob, 100, 1).ok());
  ASSERT_TRUE(store_.AddFavourite(kBob, 101, 1).ok());
  ASSERT_TRUE(store_.AddBookmark(kBob, 101, 1).ok());
  ASSERT_TRUE(store_.Pin(kBob, 102, 1).ok());
  Post(Reblog(110, kBob, 103));
  Post(Reblog(111, kBob, 104));
  ASSERT_TRUE(store_.Delete(111).ok());                   // un-reblogged
  ASSERT_TRUE(store_.AddFavourite(kCarol, 104, 1).ok());  // someone else's

  std::vector<Id> ids = {100, 101, 102, 103, 104, 999};
  auto flags = store_.Interactions(kBob, ids);
  EXPECT_EQ(flags.size(), 4u);
  EXPECT_TRUE(flags[100].favourited);
  EXPECT_FALSE(flags[100].bookmarked);
  EXPECT_TRUE(flags[101].favourited);
  EXPECT_TRUE(flags[101].bookmarked);
  EXPECT_FALSE(flags[101].reblogged);
  EXPECT_TRUE(flags[102].pinned);
  EXPECT_TRUE(flags[103].reblogged);
  EXPECT_FALSE(flags[103].favourited);
  EXPECT_EQ(flags.count(104), 0u);
  EXPECT_TRUE(store_.Interactions(kBob, {}).empty());
  EXPECT_TRUE(store_.Interactions(kAlice, ids).empty());
}

TEST_F(StatusStoreTest, QuotePolicyCanBeChanged) {
  Post(MakeStatus(100, kAlice));
  EXPECT_EQ(Get(100).quote_policy, domain::QuotePolicy::kPublic);
  ASSERT_TRUE(store_.SetQuotePolicy(100, domain::QuotePolicy::kFollowers).ok());
  EXPECT_EQ(Get(100).quote_policy, domain::QuotePolicy::kFollowers);
  ASSERT_TRUE(store_.SetQuotePolicy(100, domain::QuotePolicy::kNobody).ok());
  EXPECT_EQ(Get(100).quote_policy, domain::QuotePolicy::kNobody);
  auto missing = store_.SetQuotePolicy(999, domain::QuotePolicy::kPublic);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_.Delete(100).ok());
  EXPECT_FALSE(store_.SetQuotePolicy(100, domain::QuotePolicy::kPublic).ok());
}

TEST_F(StatusStoreTest, RevokedQuotesLeaveQuotesAndTheirCount) {
  Post(MakeStatus(100, kAlice));
  for (Id id : {101, 102}) {
    domain::Status q = MakeStatus(id, kBob);
    q.quote_of_id = 100;
    Post(q);
  }
  EXPECT_EQ(Get(100).quotes_count, 2);
  EXPECT_EQ(Get(101).quote_state, domain::QuoteState::kAccepted);

  auto revoked = store_.RevokeQuote(101);
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  EXPECT_TRUE(*revoked);
  EXPECT_EQ(Get(101).quote_state, domain::QuoteState::kRevoked);
  EXPECT_EQ(Get(101).quote_of_id, 100);  // still says what it quoted
  EXPECT_EQ(Get(100).quotes_count, 1);
  EXPECT_EQ(store_.Quotes(100, Page{}), (std::vector<Id>{102}));
  // Revoking twice changes nothing.
  auto again = store_.RevokeQuote(101);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  EXPECT_EQ(Get(100).quotes_count, 1);
  // Deleting a revoked quote does not take it off the count a second time.
  ASSERT_TRUE(store_.Delete(101).ok());
  EXPECT_EQ(Get(100).quotes_count, 1);
  ASSERT_TRUE(store_.Delete(102).ok());
  EXPECT_EQ(Get(100).quotes_count, 0);
  // Not a quote, or gone: not found.
  EXPECT_EQ(store_.RevokeQuote(100).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.RevokeQuote(102).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_.RevokeQuote(999).error().code, ErrorCode::kNotFound);
}

TEST_F(StatusStoreTest, StatusesByTagsMergesTagsInOneQuery) {
  domain::Status a = MakeStatus(100, kAlice);
  a.tags = {"Cats"};
  Post(a, {"cats"});
  domain::Status b = MakeStatus(101, kBob);
  b.tags = {"dogs"};
  Post(b, {"dogs"});
  domain::Status c = MakeStatus(102, kBob);
  c.tags = {"birds"};
  Post(c, {"birds"});
  domain::Status d = MakeStatus(103, kAlice);
  d.tags = {"cats", "dogs"};
  d.visibility = Visibility::kPrivate;
  Post(d, {"cats", "dogs"});

  const std::vector<std::string> tags = {"cats", "dogs", "never-used"};
  StatusQuery q;
  std::vector<Id> all = store_.StatusesByTags(tags, q);
  // 103 carries both tags and may come twice; callers drop repeats.
  all.erase(std::unique(all.begin(), all.end()), all.end());
  EXPECT_EQ(all, (std::vector<Id>{103, 101, 100}));
  q.visibilities = {Visibility::kPublic};
  EXPECT_EQ(store_.StatusesByTags(tags, q), (std::vector<Id>{101, 100}));
  q.page.limit = 1;
  q.page.max_id = 101;
  EXPECT_EQ(store_.StatusesByTags(tags, q), (std::vector<Id>{100}));
  q = StatusQuery{};
  q.visibilities = {Visibility::kPublic};
  q.page.min_id = 100;
  q.page.limit = 1;
  EXPECT_EQ(store_.StatusesByTags(tags, q), (std::vector<Id>{101}));
  EXPECT_TRUE(store_.StatusesByTags({}, StatusQuery{}).empty());
}

TEST_F(StatusStoreTest, MutedConversationsShowInInteractions) {
  domain::Status root = MakeStatus(100, kAlice);
  Post(root);
  Post(Reply(101, kBob, root));
  Post(MakeStatus(102, kAlice));  // another thread
  auto muted = store_.MuteConversation(kAlice, 100, 1);
  ASSERT_TRUE(muted.ok());
  EXPECT_TRUE(*muted);
  auto again = store_.MuteConversation(kAlice, 100, 2);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);

  std::vector<Id> ids = {100, 101, 102};
  auto flags = store_.Interactions(kAlice, ids);
  EXPECT_TRUE(flags[100].muted);
  EXPECT_TRUE(flags[101].muted);
  EXPECT_FALSE(flags[102].muted);
  EXPECT_FALSE(flags[100].favourited);
  EXPECT_TRUE(store_.Interactions(kBob, ids).empty());  // mutes are per account

  const Id everyone[] = {kAlice, kBob, kCarol};
  EXPECT_EQ(store_.ConversationMutedBy(100, everyone), (std::vector<Id>{kAlice}));
  EXPECT_TRUE(store_.ConversationMutedBy(102, everyone).empty());

  auto unmuted = store_.UnmuteConversation(kAlice, 100);
  ASSERT_TRUE(unmuted.ok());
  EXPECT_TRUE(*unmuted);
  EXPECT_TRUE(store_.ConversationMutedBy(100, everyone).empty());
  EXPECT_TRUE(store_.Interactions(kAlice, ids).empty());
}

TEST_F(StatusStoreTest, IdempotencyKeysLastADay) {
  constexpr int64_t kDay = 24 * 60 * 60 * 1000;
  domain::Status s = MakeStatus(100, kAlice);
  ASSERT_TRUE(store_.Create(s, {}, "key-1").ok());
  EXPECT_EQ(store_.FindByIdempotencyKey(kAlice, "key-1", s.created_at + 1000),
            std::optional<Id>(100));
  EXPECT_FALSE(store_.FindByIdempotencyKey(kBob, "key-1", s.created_at).has_value());
  EXPECT_FALSE(store_.FindByIdempotencyKey(kAlice, "key-2", s.created_at).has_value());
  EXPECT_FALSE(store_.FindByIdempotencyKey(kAlice, "key-1", s.created_at + kDay).has_value());

  // Reusing the key within the day is a conflict, and nothing of the second post is written.
  domain::Status again = MakeStatus(101, kAlice);
  EXPECT_EQ(store_.Create(again, {}, "key-1").error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_.Get(101).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Account(kAlice).statuses_count, 1);
  // Another account may use the same key.
  ASSERT_TRUE(store_.Create(MakeStatus(102, kBob), {}, "key-1").ok());

  // A day later the key is free again.
  domain::Status later = MakeStatus(103, kAlice);
  later.created_at = s.created_at + kDay;
  ASSERT_TRUE(store_.Create(later, {}, "key-1").ok());
  EXPECT_EQ(store_.FindByIdempotencyKey(kAlice, "key-1", later.created_at), std::optional<Id>(103));
}

TEST_F(StatusStoreTest, CountLocalStatuses) {
  Post(MakeStatus(100, kAlice));
  Post(MakeStatus(101, kBob));
  Post(MakeStatus(102, kCarol));
  Post(Reblog(103, kBob, 102));
  EXPECT_EQ(store_.CountLocalStatuses(), 3);
  ASSERT_TRUE(store_.Delete(101).ok());
  EXPECT_EQ(store_.CountLocalStatuses(), 2);
}

// Eight writers at once: every Create is its own job in the writer queue, so they are committed
// in groups; nothing may be lost and every counter must be exact.
TEST_F(StatusStoreTest, ConcurrentCreatesThroughGroupCommit) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  Post(MakeStatus(1, kAlice));  // everyone replies to this one
  {
    SqliteAccountStore accounts(tdb_.db());
    for (int t = 0; t < kThreads; ++t) {
      domain::Account a;
      a.id = 100 + t;
      a.username = "writer" + std::to_string(t);
      ASSERT_TRUE(accounts.CreateLocal(a, domain::User{}).ok());
    }
  }
  domain::Status root = Get(1);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        domain::Status s = Reply(1000 + t * kPerThread + i, 100 + t, root);
        s.tags = {"load"};
        if (!store_.Create(s, {"load"}, "k" + std::to_string(i)).ok()) ++failures;
        // Readers run alongside the writers.
        if (i % 50 == 0) (void)store_.AccountStatuses(100 + t, StatusQuery{});
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);

  EXPECT_EQ(Get(1).replies_count, kThreads * kPerThread);
  StatusQuery all;
  all.page.limit = 1000;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(Account(100 + t).statuses_count, kPerThread);
    EXPECT_EQ(store_.AccountStatuses(100 + t, all).size(), static_cast<size_t>(kPerThread));
  }
  size_t tagged = 0;
  Page page;
  page.limit = 1000;
  for (;;) {
    StatusQuery q;
    q.page = page;
    std::vector<Id> ids = store_.TagStatuses("load", q);
    if (ids.empty()) break;
    tagged += ids.size();
    page.max_id = ids.back();
  }
  EXPECT_EQ(tagged, static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(store_.Descendants(1, 10'000).size(), static_cast<size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace magpie::storage::sqlite
