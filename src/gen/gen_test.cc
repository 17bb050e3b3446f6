// gen_test: the generator's pieces (distributions, base64url, post assembly) and a small generated
// network read back through the real SQLite stores: counters equal row counts, denormalized
// columns equal their index tables and the text they came from, tokens in the file match their
// stored hashes, and the same seed gives the same rows.
#include "gen/gen.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/crypto.h"
#include "gen/corpus.h"
#include "gen/random.h"
#include "storage/sqlite/account_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/graph_store.h"
#include "storage/sqlite/status_store.h"
#include "text/text.h"

namespace magpie::gen {
namespace {

namespace sqlite = storage::sqlite;

constexpr int64_t kEnd = 1'750'000'000'000;  // a fixed end time keeps runs identical

class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "magpie-gen-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) std::abort();
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

GenOptions SmallOptions(const std::string& dir, uint64_t seed) {
  GenOptions o;
  o.db_path = dir + "/magpie.db";
  o.tokens_path = dir + "/tokens.tsv";
  o.manifest_path = dir + "/gen.json";
  o.accounts = 400;
  o.posts_per_account = 6;
  o.celebrities = 2;
  o.seed = seed;
  o.end_time_ms = kEnd;
  o.cache_mb = 16;
  return o;
}

// One integer from a query on a raw connection.
int64_t QueryInt(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
  int64_t v = -1;
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

// Every row of `sql` as text, one line per row.
std::string Dump(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
  std::string out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
      out += p ? p : "NULL";
      out += '|';
    }
    out += '\n';
  }
  sqlite3_finalize(st);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --- pieces ------------------------------------------------------------------------------------

TEST(RandomTest, EngineAndDistributionsAreFixed) {
  Rng a(42);
  Rng b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.Next(), b.Next());
  // mt19937_64's 10000th output for the default seed is fixed by the C++ standard.
  Rng d(5489);
  uint64_t v = 0;
  for (int i = 0; i < 10000; ++i) v = d.Next();
  EXPECT_EQ(v, 9981545732273789042ULL);
  Rng r(7);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_LT(r.Below(13), 13u);
    const double u = r.Unit();
    EXPECT_GE(u, 0.0);
    EXPECT_LT(u, 1.0);
  }
}

TEST(RandomTest, AliasTableFollowsWeights) {
  const std::vector<double> w = {1, 0, 3, 6};
  AliasTable t(w);
  Rng rng(1);
  std::vector<int> counts(4);
  const int n = 200'000;
  for (int i = 0; i < n; ++i) ++counts[t.Sample(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0] / double(n), 0.1, 0.01);
  EXPECT_NEAR(counts[2] / double(n), 0.3, 0.01);
  EXPECT_NEAR(counts[3] / double(n), 0.6, 0.01);
}

TEST(RandomTest, FlatSetAndBase64Url) {
  FlatSet64 s(2);
  for (uint64_t k = 1; k <= 1000; ++k) EXPECT_TRUE(s.Insert(k * 7919));
  for (uint64_t k = 1; k <= 1000; ++k) EXPECT_FALSE(s.Insert(k * 7919));
  EXPECT_EQ(s.size(), 1000u);
  auto b64 = [](std::string_view s) {
    return Base64Url(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  };
  EXPECT_EQ(b64(""), "");
  EXPECT_EQ(b64("f"), "Zg");
  EXPECT_EQ(b64("fo"), "Zm8");
  EXPECT_EQ(b64("foo"), "Zm9v");
  EXPECT_EQ(b64("\xfb\xff"), "-_8");
}

// Whatever the plan, text::Parse finds exactly the planned mentions and tags, in order.
TEST(CorpusTest, ComposedPostsParseBackToThePlan) {
  Corpus corpus;
  Rng rng(3);
  std::vector<std::string> names = {"wei_wang12", "emma_smith3", "star0_zh", "taro_sato99"};
  for (int i = 0; i < 5000; ++i) {
    PostPlan plan;
    plan.lang = static_cast<Lang>(rng.Below(kLangCount));
    std::vector<std::string> want_mentions;
    if (rng.Chance(0.3)) {
      plan.reply_to_username = names[rng.Below(names.size())];
      want_mentions.emplace_back(plan.reply_to_username);
    }
    const auto& topics = corpus.WeiboTopics(plan.lang);
    if (!topics.empty() && rng.Chance(0.5)) plan.weibo_topic = topics[rng.Below(topics.size())];
    for (const auto& n : names) {
      if (rng.Chance(0.2) &&
          std::find(want_mentions.begin(), want_mentions.end(), n) == want_mentions.end()) {
        plan.mention_usernames.push_back(n);
        want_mentions.push_back(n);
      }
    }
    const auto& tags = corpus.TwitterTags(rng.Chance(0.8) ? plan.lang : Lang::kEn);
    for (int t = 0; t < 2; ++t) {
      const int tag = tags[rng.Below(tags.size())];
      if (rng.Chance(0.5) &&
          std::find(plan.tags.begin(), plan.tags.end(), tag) == plan.tags.end()) {
        plan.tags.push_back(tag);
      }
    }
    plan.sentences = 1 + static_cast<int>(rng.Below(2));
    plan.emoji = rng.Chance(0.5);
    plan.link = rng.Chance(0.3);
    std::string text;
    corpus.Compose(plan, rng, text);

    const text::ParsedText parsed = text::Parse(text);
    std::vector<std::string> got_mentions;
    for (const auto& m : parsed.mentions) got_mentions.push_back(m.username);
    EXPECT_EQ(got_mentions, want_mentions) << text;
    std::vector<std::string> want_tags;
    if (plan.weibo_topic >= 0) want_tags.push_back(corpus.tags()[plan.weibo_topic].name);
    for (int t : plan.tags) want_tags.push_back(corpus.tags()[t].name);
    std::vector<std::string> got_tags;
    for (const auto& t : parsed.tags) got_tags.push_back(t.name);
    EXPECT_EQ(got_tags, want_tags) << text;
    EXPECT_EQ(parsed.links.size(), plan.link ? 1u : 0u) << text;
  }
}

TEST(CorpusTest, UsernamesAreValidAndTagsNormalized) {
  Corpus corpus;
  for (int l = 0; l < kLangCount; ++l) {
    for (uint32_t i = 0; i < 200; ++i) {
      const std::string u = corpus.Username(static_cast<Lang>(l), Mix64(i), i * 4999);
      EXPECT_LE(u.size(), 30u);
      EXPECT_TRUE(std::all_of(u.begin(), u.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      })) << u;
    }
  }
  for (const TagWord& t : corpus.tags()) EXPECT_EQ(text::NormalizeTag(t.name), t.normalized);
}

// --- a generated network -----------------------------------------------------------------------

// One small network, generated on first use and shared by the tests below (read-only).
struct Network {
  TempDir dir;
  std::optional<GenStats> stats;
  std::string error;
};

const Network& SmallNetwork() {
  static Network network;
  static const bool generated = [] {
    core::InitCrypto();
    auto stats = Generate(SmallOptions(network.dir.path(), 11));
    if (stats.ok()) {
      network.stats = *stats;
    } else {
      network.error = stats.error().message;
    }
    return true;
  }();
  (void)generated;
  return network;
}

class GeneratedNetworkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Network& network = SmallNetwork();
    ASSERT_TRUE(network.stats) << network.error;
    stats_ = &*network.stats;
    dir_ = network.dir.path();
    ASSERT_EQ(sqlite3_open_v2((dir_ + "/magpie.db").c_str(), &raw_, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
  }
  void TearDown() override { sqlite3_close(raw_); }

  const GenStats* stats_ = nullptr;
  std::string dir_;
  sqlite3* raw_ = nullptr;
};

TEST_F(GeneratedNetworkTest, ShapeOfTheNetwork) {
  EXPECT_EQ(stats_->accounts, 400u);
  // Only the database, the tokens and the manifest are left (the statuses file is merged in).
  std::set<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) {
    files.insert(e.path().filename().string());
  }
  EXPECT_EQ(files, (std::set<std::string>{"gen.json", "magpie.db", "tokens.tsv"}));
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM accounts"), 400);
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM users"), 400);
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM access_tokens"), 400);
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM statuses"), 2400);
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM follows"), static_cast<int64_t>(stats_->follows));
  EXPECT_GT(stats_->follows, 400u * 20);
  EXPECT_GT(stats_->replies, 0u);
  EXPECT_GT(stats_->reblogs, 0u);
  EXPECT_GT(stats_->quotes, 0u);
  EXPECT_GT(stats_->mentions, 0u);
  EXPECT_GT(stats_->status_tags, 0u);
  // Celebrities are followed by roughly 10% of everyone.
  ASSERT_EQ(stats_->celebrity_ids.size(), 2u);
  for (int64_t c : stats_->celebrity_ids) {
    const int64_t followers =
        QueryInt(raw_, "SELECT followers_count FROM accounts WHERE id = " + std::to_string(c));
    EXPECT_GT(followers, 15);
    EXPECT_LT(followers, 80);
  }
  // Five languages, and every post's language is its author's.
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(DISTINCT locale) FROM users"), 5);
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM statuses s JOIN users u ON u.account_id = s.account_id "
                     "WHERE s.reblog_of_id IS NULL AND s.language <> u.locale"),
            0);
  // Ids are time-ordered: created_at is the id's millisecond part, and all lie before the end.
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM statuses WHERE (id >> 16) <> created_at"), 0);
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM accounts WHERE (id >> 16) <> created_at"), 0);
  EXPECT_EQ(QueryInt(raw_, "SELECT MAX(created_at) < " + std::to_string(kEnd) + " FROM statuses"),
            1);
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM statuses s JOIN accounts a ON a.id = s.account_id "
                     "WHERE s.created_at <= a.created_at"),
            0);
}

TEST_F(GeneratedNetworkTest, CountersEqualRowCounts) {
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM accounts a WHERE followers_count <> (SELECT COUNT(*) "
                     "FROM follows f WHERE f.target_account_id = a.id)"),
            0);
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM accounts a WHERE following_count <> (SELECT COUNT(*) "
                     "FROM follows f WHERE f.account_id = a.id)"),
            0);
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM accounts a WHERE statuses_count <> (SELECT COUNT(*) "
                     "FROM statuses s WHERE s.account_id = a.id) OR last_status_at <> (SELECT "
                     "COALESCE(MAX(created_at), 0) FROM statuses s WHERE s.account_id = a.id)"),
            0);
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM statuses s WHERE replies_count <> (SELECT COUNT(*) FROM "
                     "statuses r WHERE r.in_reply_to_id = s.id) OR reblogs_count <> (SELECT "
                     "COUNT(*) FROM statuses r WHERE r.reblog_of_id = s.id) OR quotes_count <> "
                     "(SELECT COUNT(*) FROM statuses r WHERE r.quote_of_id = s.id)"),
            0);
  EXPECT_GT(QueryInt(raw_, "SELECT MAX(reblogs_count) FROM statuses"), 0);
}

TEST_F(GeneratedNetworkTest, RowsAreConsistent) {
  EXPECT_EQ(Dump(raw_, "PRAGMA integrity_check"), "ok|\n");
  EXPECT_EQ(Dump(raw_, "PRAGMA foreign_key_check"), "");
  EXPECT_EQ(Dump(raw_, "PRAGMA journal_mode"), "wal|\n");
  // Every index of the schema is back.
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'follows_by_target'"),
            1);
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'statuses_account'"),
            1);
  // References point at existing rows; reblogs are never of reblogs, nor twice by one account.
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM statuses s WHERE (in_reply_to_id IS NOT NULL AND NOT "
                     "EXISTS (SELECT 1 FROM statuses p WHERE p.id = s.in_reply_to_id AND "
                     "p.account_id = s.in_reply_to_account_id AND p.id < s.id)) OR (reblog_of_id "
                     "IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statuses p WHERE p.id = "
                     "s.reblog_of_id AND p.reblog_of_id IS NULL AND p.visibility = 0))"),
            0);
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM (SELECT account_id, reblog_of_id FROM statuses WHERE "
                     "reblog_of_id IS NOT NULL GROUP BY 1, 2 HAVING COUNT(*) > 1)"),
            0);
  EXPECT_EQ(QueryInt(raw_, "SELECT COUNT(*) FROM follows WHERE account_id = target_account_id"), 0);
  // The denormalized columns and their index tables agree.
  EXPECT_EQ(QueryInt(raw_, "SELECT SUM(json_array_length(mentioned_account_ids)) FROM statuses"),
            QueryInt(raw_, "SELECT COUNT(*) FROM status_mentions"));
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM statuses s, json_each(s.mentioned_account_ids) j WHERE "
                     "NOT EXISTS (SELECT 1 FROM status_mentions m WHERE m.status_id = s.id AND "
                     "m.account_id = j.value) OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id "
                     "= j.value)"),
            0);
  EXPECT_EQ(QueryInt(raw_, "SELECT SUM(json_array_length(tags)) FROM statuses"),
            QueryInt(raw_, "SELECT COUNT(*) FROM status_tags"));
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM status_tags st WHERE NOT EXISTS (SELECT 1 FROM "
                     "tags t WHERE t.id = st.tag_id)"),
            0);
  EXPECT_EQ(QueryInt(raw_,
                     "SELECT COUNT(*) FROM tags t WHERE NOT EXISTS (SELECT 1 FROM "
                     "status_tags st WHERE st.tag_id = t.id)"),
            0);
}

// The stored mentions and tags are what the text pipeline finds in each post's text.
TEST_F(GeneratedNetworkTest, DenormalizedColumnsMatchTheText) {
  sqlite::DatabaseOptions options;
  options.path = dir_ + "/magpie.db";
  options.synchronous_full = false;
  auto db = sqlite::Database::Open(options, /*migrate=*/false, nullptr);
  ASSERT_TRUE(db.ok()) << db.error().message;
  sqlite::SqliteStatusStore statuses(**db);
  sqlite::SqliteAccountStore accounts(**db);
  std::vector<domain::Id> ids;
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw_, "SELECT id FROM statuses ORDER BY id", -1, &st, nullptr),
            SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  ASSERT_EQ(ids.size(), 2400u);
  std::map<std::string, std::string> tag_names;  // normalized -> display
  for (const auto& s : statuses.GetMany(ids)) {
    const text::ParsedText parsed = text::Parse(s.text);
    std::vector<domain::Id> mentioned;
    for (const auto& m : parsed.mentions) {
      auto a = accounts.FindByUsername(m.username, "");
      ASSERT_TRUE(a.ok()) << m.username;
      mentioned.push_back(a->id);
    }
    EXPECT_EQ(mentioned, s.mentioned_account_ids) << s.text;
    std::vector<std::string> tags;
    for (const auto& t : parsed.tags) tags.push_back(t.name);
    EXPECT_EQ(tags, s.tags) << s.text;
    if (s.reblog_of_id != 0) {
      EXPECT_TRUE(s.text.empty());
      EXPECT_EQ(s.language, "");
    } else {
      EXPECT_FALSE(s.text.empty());
    }
    if (s.in_reply_to_id != 0) {
      auto parent = statuses.Get(s.in_reply_to_id);
      ASSERT_TRUE(parent.ok());
      EXPECT_EQ(s.conversation_id, parent->conversation_id);
    }
  }
  // Tag rows hold the normalized name; a tag timeline finds its statuses.
  sqlite3_stmt* t = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw_,
                               "SELECT name, (SELECT COUNT(*) FROM status_tags st WHERE "
                               "st.tag_id = tags.id) FROM tags",
                               -1, &t, nullptr),
            SQLITE_OK);
  int checked = 0;
  while (sqlite3_step(t) == SQLITE_ROW) {
    const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(t, 0));
    EXPECT_EQ(text::NormalizeTag(name), name);
    domain::StatusQuery q;
    q.page.limit = 40;
    const auto found = statuses.TagStatuses(name, q);
    EXPECT_EQ(static_cast<int64_t>(found.size()), std::min<int64_t>(40, sqlite3_column_int64(t, 1)))
        << name;
    ++checked;
  }
  sqlite3_finalize(t);
  EXPECT_GT(checked, 10);
}

TEST_F(GeneratedNetworkTest, StoresReadTheNetwork) {
  sqlite::DatabaseOptions options;
  options.path = dir_ + "/magpie.db";
  options.synchronous_full = false;
  auto db = sqlite::Database::Open(options, /*migrate=*/false, nullptr);
  ASSERT_TRUE(db.ok()) << db.error().message;
  sqlite::SqliteAccountStore accounts(**db);
  sqlite::SqliteOAuthStore oauth(**db);
  sqlite::SqliteGraphStore graph(**db);
  sqlite::SqliteStatusStore statuses(**db);

  // Every line of the tokens file authenticates its account.
  std::ifstream in(dir_ + "/tokens.tsv");
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos);
    const int64_t account_id = std::stoll(line.substr(0, tab));
    const std::string token = line.substr(tab + 1);
    EXPECT_EQ(token.size(), 43u);
    auto stored = oauth.FindTokenByHash(core::Sha256Hex(token));
    ASSERT_TRUE(stored.ok()) << line;
    EXPECT_EQ(stored->account_id, account_id);
    EXPECT_EQ(stored->scopes, "read write follow push");
    EXPECT_EQ(stored->revoked_at, 0);
    auto app = oauth.GetApplication(stored->application_id);
    ASSERT_TRUE(app.ok());
    EXPECT_EQ(app->name, "magpie-gen");
    if (++lines <= 25) {
      auto account = accounts.Get(account_id);
      ASSERT_TRUE(account.ok());
      EXPECT_EQ(static_cast<int64_t>(graph.FollowerIds(account_id).size()),
                account->followers_count);
      EXPECT_EQ(static_cast<int64_t>(graph.FollowingIds(account_id).size()),
                account->following_count);
      domain::StatusQuery q;
      q.page.limit = 40;
      EXPECT_EQ(static_cast<int64_t>(statuses.AccountStatuses(account_id, q).size()),
                std::min<int64_t>(40, account->statuses_count));
      auto user = accounts.GetUser(account_id);
      ASSERT_TRUE(user.ok());
      EXPECT_TRUE(user->approved && user->confirmed && !user->disabled);
      auto by_name = accounts.FindByUsername(account->username, "");
      ASSERT_TRUE(by_name.ok());
      EXPECT_EQ(by_name->id, account_id);
    }
  }
  EXPECT_EQ(lines, 400);
  // One password for all, and sign-in by e-mail finds the user.
  auto user = accounts.FindUserByLogin(accounts.Get(stats_->celebrity_ids[0])->username +
                                       "@bench.magpie.invalid");
  ASSERT_TRUE(user.ok());
  EXPECT_TRUE(core::VerifyPassword(user->password_hash, kPassword));
  EXPECT_FALSE(core::VerifyPassword(user->password_hash, "wrong"));
  // The manifest names the celebrities.
  const std::string manifest = ReadFile(dir_ + "/gen.json");
  EXPECT_NE(manifest.find(std::to_string(stats_->celebrity_ids[0])), std::string::npos);
}

TEST_F(GeneratedNetworkTest, SameSeedSameRows) {
  TempDir again;
  auto stats = Generate(SmallOptions(again.path(), 11));
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  TempDir other;
  auto other_stats = Generate(SmallOptions(other.path(), 12));
  ASSERT_TRUE(other_stats.ok()) << other_stats.error().message;

  const std::vector<std::string> queries = {
      "SELECT * FROM accounts ORDER BY id",
      "SELECT account_id, email, locale, created_at, default_language FROM users ORDER BY 1",
      "SELECT * FROM access_tokens ORDER BY id",
      "SELECT * FROM applications ORDER BY id",
      "SELECT * FROM follows ORDER BY id",
      "SELECT * FROM statuses ORDER BY id",
      "SELECT * FROM status_mentions ORDER BY 1, 2",
      "SELECT * FROM status_tags ORDER BY 1, 2",
      "SELECT * FROM tags ORDER BY id",
  };
  sqlite3* a = nullptr;
  sqlite3* b = nullptr;
  ASSERT_EQ(
      sqlite3_open_v2((again.path() + "/magpie.db").c_str(), &a, SQLITE_OPEN_READONLY, nullptr),
      SQLITE_OK);
  ASSERT_EQ(
      sqlite3_open_v2((other.path() + "/magpie.db").c_str(), &b, SQLITE_OPEN_READONLY, nullptr),
      SQLITE_OK);
  for (const auto& q : queries) {
    EXPECT_EQ(Dump(raw_, q), Dump(a, q)) << q;
    // (Small networks may use every tag with either seed.)
    if (q.find("FROM tags") == std::string::npos) {
      EXPECT_NE(Dump(raw_, q), Dump(b, q)) << q;
    }
  }
  sqlite3_close(a);
  sqlite3_close(b);
  EXPECT_EQ(ReadFile(dir_ + "/tokens.tsv"), ReadFile(again.path() + "/tokens.tsv"));
  EXPECT_NE(ReadFile(dir_ + "/tokens.tsv"), ReadFile(other.path() + "/tokens.tsv"));
}

TEST(GenerateTest, RefusesAnExistingDatabaseUnlessForced) {
  TempDir dir;
  GenOptions o = SmallOptions(dir.path(), 1);
  o.accounts = 20;
  o.posts_per_account = 1;
  ASSERT_TRUE(Generate(o).ok());
  auto again = Generate(o);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already exists"), std::string::npos);
  o.overwrite = true;
  EXPECT_TRUE(Generate(o).ok());
}

}  // namespace
}  // namespace magpie::gen
