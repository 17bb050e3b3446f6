// SqliteAccountStore and SqliteOAuthStore against a real database in a temporary directory.
#include "storage/sqlite/account_store.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "storage/sqlite/test_db.h"

namespace magpie::storage::sqlite {
namespace {

using core::ErrorCode;
using domain::Account;
using domain::Id;
using domain::User;

Account MakeAccount(Id id, std::string username, std::string display_name = "") {
  Account a;
  a.id = id;
  a.username = std::move(username);
  a.display_name = std::move(display_name);
  a.created_at = 1'700'000'000'000 + id;
  return a;
}

User MakeUser(std::string email) {
  User u;
  u.email = std::move(email);
  u.password_hash = "$argon2id$hash";
  return u;
}

class AccountStoreTest : public ::testing::Test {
 protected:
  // Remote accounts arrive through federation, which this store has no method for yet.
  void InsertRemote(Id id, const std::string& username, const std::string& domain) {
    ASSERT_TRUE(tdb_.db()
                    .Write([&](Connection& c) {
                      return c
                          .Prepare(
                              "INSERT INTO accounts (id, username, domain, created_at) "
                              "VALUES (?1, ?2, ?3, 0)")
                          .BindAll(id, username, domain)
                          .Run();
                    })
                    .ok());
  }
  void SetFollowers(Id id, int64_t n) {
    ASSERT_TRUE(tdb_.db()
                    .Write([&](Connection& c) {
                      return c.Prepare("UPDATE accounts SET followers_count = ?2 WHERE id = ?1")
                          .BindAll(id, n)
                          .Run();
                    })
                    .ok());
  }

  TestDatabase tdb_;
  SqliteAccountStore accounts_{tdb_.db()};
  SqliteOAuthStore oauth_{tdb_.db()};
};

TEST_F(AccountStoreTest, CreateLocalRoundTripsEveryField) {
  Account a = MakeAccount(1, "Alice", "Alice A.");
  a.domain = "ignored.example";  // local accounts always get domain ""
  a.note = "hello";
  a.fields = {{"Site", "https://a.example", 1234}, {"Pronouns", "she/her", 0}};
  a.avatar_path = "avatars/1.png";
  a.header_path = "headers/1.png";
  a.locked = true;
  a.bot = true;
  a.discoverable = false;
  a.indexable = false;
  User u = MakeUser("alice@example.com");
  u.locale = "fr";
  u.admin = true;
  u.default_visibility = domain::Visibility::kUnlisted;
  u.default_quote_policy = domain::QuotePolicy::kNobody;
  u.default_language = "fr";
  u.expand_spoilers = true;

  auto created = accounts_.CreateLocal(a, u);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->domain, "");

  auto got = accounts_.Get(1);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->username, "Alice");
  EXPECT_EQ(got->domain, "");
  EXPECT_EQ(got->display_name, "Alice A.");
  EXPECT_EQ(got->note, "hello");
  ASSERT_EQ(got->fields.size(), 2u);
  EXPECT_EQ(got->fields[0].name, "Site");
  EXPECT_EQ(got->fields[0].value, "https://a.example");
  EXPECT_EQ(got->fields[0].verified_at, 1234);
  EXPECT_EQ(got->fields[1].name, "Pronouns");
  EXPECT_EQ(got->avatar_path, "avatars/1.png");
  EXPECT_EQ(got->header_path, "headers/1.png");
  EXPECT_TRUE(got->locked);
  EXPECT_TRUE(got->bot);
  EXPECT_FALSE(got->discoverable);
  EXPECT_FALSE(got->indexable);
  EXPECT_FALSE(got->suspended);
  EXPECT_EQ(got->created_at, a.created_at);

  auto user = accounts_.GetUser(1);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->account_id, 1);
  EXPECT_EQ(user->email, "alice@example.com");
  EXPECT_EQ(user->password_hash, "$argon2id$hash");
  EXPECT_EQ(user->locale, "fr");
  EXPECT_TRUE(user->admin);
  EXPECT_EQ(user->created_at, a.created_at);  // defaults to the account's
  EXPECT_EQ(user->default_visibility, domain::Visibility::kUnlisted);
  EXPECT_EQ(user->default_quote_policy, domain::QuotePolicy::kNobody);
  EXPECT_EQ(user->default_language, "fr");
  EXPECT_TRUE(user->expand_spoilers);
  EXPECT_EQ(user->expand_media, "default");

  EXPECT_EQ(accounts_.Get(2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_.GetUser(2).error().code, ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, FindByUsernameIsCaseInsensitiveAndPerDomain) {
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(1, "Alice"), MakeUser("")).ok());
  InsertRemote(2, "alice", "Remote.Example");

  auto local = accounts_.FindByUsername("aLiCe", "");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->id, 1);
  auto remote = accounts_.FindByUsername("ALICE", "remote.example");
  ASSERT_TRUE(remote.ok());
  EXPECT_EQ(remote->id, 2);
  EXPECT_EQ(accounts_.FindByUsername("alice", "other.example").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_.FindByUsername("bob", "").error().code, ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, CreateLocalReportsTakenUsernameAndEmail) {
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(1, "alice"), MakeUser("a@example.com")).ok());

  auto name_taken = accounts_.CreateLocal(MakeAccount(2, "ALICE"), MakeUser("b@example.com"));
  ASSERT_FALSE(name_taken.ok());
  EXPECT_EQ(name_taken.error().code, ErrorCode::kConflict);
  EXPECT_EQ(name_taken.error().message, "Username has already been taken");
  ASSERT_EQ(name_taken.error().details.size(), 1u);
  EXPECT_EQ(name_taken.error().details[0].field, "username");
  EXPECT_EQ(name_taken.error().details[0].error, "ERR_TAKEN");

  auto email_taken = accounts_.CreateLocal(MakeAccount(3, "bob"), MakeUser("A@Example.COM"));
  ASSERT_FALSE(email_taken.ok());
  EXPECT_EQ(email_taken.error().code, ErrorCode::kConflict);
  EXPECT_EQ(email_taken.error().message, "Email has already been taken");
  ASSERT_EQ(email_taken.error().details.size(), 1u);
  EXPECT_EQ(email_taken.error().details[0].field, "email");
  EXPECT_EQ(email_taken.error().details[0].error, "ERR_TAKEN");

  auto both = accounts_.CreateLocal(MakeAccount(4, "Alice"), MakeUser("a@example.com"));
  ASSERT_FALSE(both.ok());
  ASSERT_EQ(both.error().details.size(), 2u);
  EXPECT_EQ(both.error().details[0].field, "username");
  EXPECT_EQ(both.error().details[1].field, "email");

  // Nothing of the failed attempts was written.
  EXPECT_EQ(accounts_.Get(2).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_.GetUser(3).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_.CountLocalUsers(), 1);

  // Empty e-mails never collide with each other.
  EXPECT_TRUE(accounts_.CreateLocal(MakeAccount(5, "carol"), MakeUser("")).ok());
  EXPECT_TRUE(accounts_.CreateLocal(MakeAccount(6, "dave"), MakeUser("")).ok());

  // A remote account of the same name does not block a local one.
  InsertRemote(7, "erin", "remote.example");
  EXPECT_TRUE(accounts_.CreateLocal(MakeAccount(8, "Erin"), MakeUser("")).ok());

  // A reused id is a conflict too (the unique index, not the explicit checks, catches it).
  auto id_taken = accounts_.CreateLocal(MakeAccount(1, "frank"), MakeUser(""));
  ASSERT_FALSE(id_taken.ok());
  EXPECT_EQ(id_taken.error().code, ErrorCode::kConflict);
}

TEST_F(AccountStoreTest, GetManyReturnsThoseThatExist) {
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(1, "a"), MakeUser("")).ok());
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(2, "b"), MakeUser("")).ok());
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(3, "c"), MakeUser("")).ok());
  std::vector<Id> ids = {3, 99, 1, 1};
  std::vector<Account> got = accounts_.GetMany(ids);
  std::vector<Id> got_ids;
  for (const Account& a : got) got_ids.push_back(a.id);
  std::sort(got_ids.begin(), got_ids.end());
  EXPECT_EQ(got_ids, (std::vector<Id>{1, 3}));
  EXPECT_TRUE(accounts_.GetMany({}).empty());
}

TEST_F(AccountStoreTest, UpdateProfileLeavesCountersAlone) {
  Account a = MakeAccount(1, "alice");
  ASSERT_TRUE(accounts_.CreateLocal(a, MakeUser("")).ok());
  SetFollowers(1, 42);

  a.display_name = "New name";
  a.note = "new bio";
  a.fields = {{"k", "v", 0}};
  a.locked = true;
  a.suspended = true;
  a.followers_count = 0;   // ignored
  a.username = "renamed";  // ignored: usernames never change
  ASSERT_TRUE(accounts_.UpdateProfile(a).ok());

  auto got = accounts_.Get(1);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->display_name, "New name");
  EXPECT_EQ(got->note, "new bio");
  ASSERT_EQ(got->fields.size(), 1u);
  EXPECT_EQ(got->fields[0].value, "v");
  EXPECT_TRUE(got->locked);
  EXPECT_TRUE(got->suspended);
  EXPECT_EQ(got->followers_count, 42);
  EXPECT_EQ(got->username, "alice");

  EXPECT_EQ(accounts_.UpdateProfile(MakeAccount(9, "nobody")).error().code, ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, FindUserByLoginTakesEmailOrUsername) {
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(1, "Alice"), MakeUser("Alice@Example.com")).ok());
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(2, "bob"), MakeUser("")).ok());
  InsertRemote(3, "carol", "remote.example");

  auto by_email = accounts_.FindUserByLogin("alice@EXAMPLE.com");
  ASSERT_TRUE(by_email.ok());
  EXPECT_EQ(by_email->account_id, 1);
  auto by_name = accounts_.FindUserByLogin("ALICE");
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->account_id, 1);
  auto bob = accounts_.FindUserByLogin("bob");
  ASSERT_TRUE(bob.ok());
  EXPECT_EQ(bob->account_id, 2);
  EXPECT_EQ(accounts_.FindUserByLogin("carol").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_.FindUserByLogin("nobody@example.com").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(accounts_.FindUserByLogin("").error().code, ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, UpdateUserWritesEveryFieldAndChecksEmail) {
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(1, "alice"), MakeUser("a@example.com")).ok());
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(2, "bob"), MakeUser("b@example.com")).ok());

  auto u = accounts_.GetUser(1);
  ASSERT_TRUE(u.ok());
  User changed = *u;
  changed.email = "A2@example.com";
  changed.password_hash = "new";
  changed.locale = "de";
  changed.approved = false;
  changed.confirmed = false;
  changed.admin = true;
  changed.disabled = true;
  changed.default_visibility = domain::Visibility::kPrivate;
  changed.default_sensitive = true;
  changed.default_language = "de";
  changed.default_quote_policy = domain::QuotePolicy::kFollowers;
  changed.expand_media = "show_all";
  changed.expand_spoilers = true;
  changed.created_at = 5;  // ignored
  ASSERT_TRUE(accounts_.UpdateUser(changed).ok());

  auto got = accounts_.GetUser(1);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->email, "A2@example.com");
  EXPECT_EQ(got->password_hash, "new");
  EXPECT_EQ(got->locale, "de");
  EXPECT_FALSE(got->approved);
  EXPECT_FALSE(got->confirmed);
  EXPECT_TRUE(got->admin);
  EXPECT_TRUE(got->disabled);
  EXPECT_EQ(got->default_visibility, domain::Visibility::kPrivate);
  EXPECT_TRUE(got->default_sensitive);
  EXPECT_EQ(got->default_language, "de");
  EXPECT_EQ(got->default_quote_policy, domain::QuotePolicy::kFollowers);
  EXPECT_EQ(got->expand_media, "show_all");
  EXPECT_TRUE(got->expand_spoilers);
  EXPECT_EQ(got->created_at, u->created_at);
  EXPECT_TRUE(accounts_.FindUserByLogin("a2@example.com").ok());

  // Keeping one's own e-mail is fine; taking another user's is not.
  EXPECT_TRUE(accounts_.UpdateUser(changed).ok());
  changed.email = "B@EXAMPLE.COM";
  auto taken = accounts_.UpdateUser(changed);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  ASSERT_EQ(taken.error().details.size(), 1u);
  EXPECT_EQ(taken.error().details[0].field, "email");

  User missing = changed;
  missing.account_id = 99;
  missing.email = "";
  EXPECT_EQ(accounts_.UpdateUser(missing).error().code, ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, SearchByPrefixMatchesNamesMostFollowedFirst) {
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(1, "alice", "Wonderland"), MakeUser("")).ok());
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(2, "alfred", "Butler"), MakeUser("")).ok());
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(3, "bob", "Alpha Bob"), MakeUser("")).ok());
  ASSERT_TRUE(accounts_.CreateLocal(MakeAccount(4, "al_x", ""), MakeUser("")).ok());
  Account suspended = MakeAccount(5, "alsuspended");
  suspended.suspended = true;
  ASSERT_TRUE(accounts_.CreateLocal(suspended, MakeUser("")).ok());
  InsertRemote(6, "alremote", "remote.example");
  SetFollowers(1, 10);
  SetFollowers(2, 30);
  SetFollowers(3, 20);

  auto ids = [](const std::vector<Account>& v) {
    std::vector<Id> out;
    for (const Account& a : v) out.push_back(a.id);
    return out;
  };
  EXPECT_EQ(ids(accounts_.SearchByPrefix("AL", 10)), (std::vector<Id>{2, 3, 1, 4}));
  EXPECT_EQ(ids(accounts_.SearchByPrefix("al", 2)), (std::vector<Id>{2, 3}));
  EXPECT_EQ(ids(accounts_.SearchByPrefix("wonder", 10)), (std::vector<Id>{1}));
  // LIKE wildcards in the prefix are literal.
  EXPECT_EQ(ids(accounts_.SearchByPrefix("al_", 10)), (std::vector<Id>{4}));
  EXPECT_TRUE(accounts_.SearchByPrefix("%", 10).empty());
  EXPECT_TRUE(accounts_.SearchByPrefix("", 10).empty());
  EXPECT_TRUE(accounts_.SearchByPrefix("zzz", 10).empty());
}

TEST_F(AccountStoreTest, LocalAccountIdsPagesNewestFirst) {
  for (Id id = 1; id <= 5; ++id) {
    ASSERT_TRUE(
        accounts_.CreateLocal(MakeAccount(id, "user" + std::to_string(id)), MakeUser("")).ok());
  }
  InsertRemote(6, "remote", "remote.example");
  domain::Page page;
  page.limit = 2;
  EXPECT_EQ(accounts_.LocalAccountIds(page), (std::vector<Id>{5, 4}));
  page.max_id = 4;
  EXPECT_EQ(accounts_.LocalAccountIds(page), (std::vector<Id>{3, 2}));
  page.max_id.reset();
  page.min_id = 1;
  EXPECT_EQ(accounts_.LocalAccountIds(page), (std::vector<Id>{3, 2}));
  page.min_id.reset();
  page.since_id = 1;
  EXPECT_EQ(accounts_.LocalAccountIds(page), (std::vector<Id>{5, 4}));
  EXPECT_EQ(accounts_.CountLocalUsers(), 5);
}

TEST_F(AccountStoreTest, ApplicationsRoundTrip) {
  domain::Application app;
  app.id = 10;
  app.name = "Client";
  app.website = "https://client.example";
  app.redirect_uris = {"https://client.example/cb", "urn:ietf:wg:oauth:2.0:oob"};
  app.scopes = "read write";
  app.client_id = "cid";
  app.client_secret = "secret";
  app.owner_account_id = 0;
  app.created_at = 77;
  ASSERT_TRUE(oauth_.CreateApplication(app).ok());

  auto got = oauth_.GetApplication(10);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Client");
  EXPECT_EQ(got->website, "https://client.example");
  EXPECT_EQ(got->redirect_uris, app.redirect_uris);
  EXPECT_EQ(got->scopes, "read write");
  EXPECT_EQ(got->client_secret, "secret");
  EXPECT_EQ(got->created_at, 77);
  auto by_client = oauth_.FindApplicationByClientId("cid");
  ASSERT_TRUE(by_client.ok());
  EXPECT_EQ(by_client->id, 10);
  EXPECT_EQ(oauth_.FindApplicationByClientId("CID").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(oauth_.GetApplication(11).error().code, ErrorCode::kNotFound);

  app.id = 11;  // same client_id
  EXPECT_EQ(oauth_.CreateApplication(app).error().code, ErrorCode::kConflict);
}

TEST_F(AccountStoreTest, TokensAreFoundUntilRevoked) {
  auto token = [](Id id, Id account, std::string hash, std::string refresh) {
    domain::AccessToken t;
    t.id = id;
    t.token_hash = std::move(hash);
    t.refresh_token_hash = std::move(refresh);
    t.application_id = 10;
    t.account_id = account;
    t.scopes = "read";
    t.created_at = 100;
    return t;
  };
  ASSERT_TRUE(oauth_.CreateToken(token(1, 7, "h1", "r1")).ok());
  ASSERT_TRUE(oauth_.CreateToken(token(2, 7, "h2", "")).ok());
  ASSERT_TRUE(oauth_.CreateToken(token(3, 8, "h3", "")).ok());
  ASSERT_TRUE(oauth_.CreateToken(token(4, 0, "h4", "")).ok());  // app-only
  EXPECT_EQ(oauth_.CreateToken(token(5, 7, "h1", "")).error().code, ErrorCode::kConflict);

  auto t1 = oauth_.FindTokenByHash("h1");
  ASSERT_TRUE(t1.ok());
  EXPECT_EQ(t1->id, 1);
  EXPECT_EQ(t1->account_id, 7);
  EXPECT_EQ(t1->application_id, 10);
  EXPECT_EQ(t1->scopes, "read");
  EXPECT_EQ(t1->refresh_token_hash, "r1");
  auto by_refresh = oauth_.FindTokenByRefreshHash("r1");
  ASSERT_TRUE(by_refresh.ok());
  EXPECT_EQ(by_refresh->id, 1);
  // Tokens without a refresh token must not match an empty one.
  EXPECT_EQ(oauth_.FindTokenByRefreshHash("").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(oauth_.FindTokenByHash("nope").error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(oauth_.RevokeToken(1, 500).ok());
  EXPECT_EQ(oauth_.FindTokenByHash("h1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(oauth_.FindTokenByRefreshHash("r1").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(oauth_.RevokeToken(1, 600).ok());  // revoking twice is harmless
  EXPECT_EQ(oauth_.RevokeToken(99, 600).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(oauth_.RevokeTokensOfAccount(7, 700).ok());
  EXPECT_EQ(oauth_.FindTokenByHash("h2").error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(oauth_.FindTokenByHash("h3").ok());
  EXPECT_TRUE(oauth_.FindTokenByHash("h4").ok());
}

TEST_F(AccountStoreTest, AuthorizationCodesAreConsumedOnce) {
  domain::AuthorizationCode code;
  code.code_hash = "ch";
  code.application_id = 10;
  code.account_id = 7;
  code.redirect_uri = "https://client.example/cb";
  code.scopes = "read write";
  code.code_challenge = "challenge";
  code.code_challenge_method = "S256";
  code.expires_at = 1234;
  ASSERT_TRUE(oauth_.CreateAuthorizationCode(code).ok());
  EXPECT_EQ(oauth_.CreateAuthorizationCode(code).error().code, ErrorCode::kConflict);

  auto got = oauth_.ConsumeAuthorizationCode("ch");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->code_hash, "ch");
  EXPECT_EQ(got->application_id, 10);
  EXPECT_EQ(got->account_id, 7);
  EXPECT_EQ(got->redirect_uri, "https://client.example/cb");
  EXPECT_EQ(got->scopes, "read write");
  EXPECT_EQ(got->code_challenge, "challenge");
  EXPECT_EQ(got->code_challenge_method, "S256");
  EXPECT_EQ(got->expires_at, 1234);
  EXPECT_EQ(oauth_.ConsumeAuthorizationCode("ch").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(oauth_.ConsumeAuthorizationCode("other").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace magpie::storage::sqlite
