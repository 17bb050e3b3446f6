#include "domain/filter_service.h"

#include <gtest/gtest.h>

#include "domain/status_test_world.h"

namespace magpie::domain {
namespace {

TEST(KeywordMatchTest, CaseInsensitiveSubstring) {
  EXPECT_TRUE(KeywordMatches("I love MAGPIES", "magpie", false));
  EXPECT_TRUE(KeywordMatches("Ärger im Büro", "ärger", false));
  EXPECT_TRUE(KeywordMatches("ПРИВЕТ мир", "привет", true));
  EXPECT_TRUE(KeywordMatches("ΚΑΛΗΜΕΡΑ", "καλημερα", true));
  EXPECT_FALSE(KeywordMatches("hello", "world", false));
  EXPECT_FALSE(KeywordMatches("anything", "", false));
}

TEST(KeywordMatchTest, WholeWordRespectsBoundaries) {
  EXPECT_TRUE(KeywordMatches("a magpie here", "magpie", true));
  EXPECT_TRUE(KeywordMatches("magpie!", "magpie", true));
  EXPECT_TRUE(KeywordMatches("(Magpie)", "magpie", true));
  EXPECT_FALSE(KeywordMatches("magpies", "magpie", true));
  EXPECT_FALSE(KeywordMatches("the_magpie", "magpie", true));
  EXPECT_FALSE(KeywordMatches("café", "caf", true));                   // é glues to the word
  EXPECT_TRUE(KeywordMatches("magpies then magpie", "magpie", true));  // a later hit counts
  // A keyword edge that is not a word character needs no boundary (as Mastodon).
  EXPECT_FALSE(KeywordMatches("see #tagline", "#tag", true));
  EXPECT_TRUE(KeywordMatches("see #tag now", "#tag", true));
}

TEST(KeywordMatchTest, CjkWholeWordMatchesInsideRunningText) {
  // No spaces between words in Chinese or Japanese: whole-word CJK keywords still match.
  EXPECT_TRUE(KeywordMatches("祝大家春节快乐", "春节", true));
  EXPECT_TRUE(KeywordMatches("今日はいい天気ですね", "天気", true));
  // A Latin keyword next to CJK text: the CJK neighbour is a boundary.
  EXPECT_TRUE(KeywordMatches("喜鹊magpie很好", "magpie", true));
  EXPECT_FALSE(KeywordMatches("喜鹊magpies很好", "magpie", true));
}

Filter MakeFilter(std::vector<std::string> contexts, FilterAction action,
                  std::vector<FilterKeyword> keywords, int64_t expires_at = 0) {
  Filter f;
  f.id = 1;
  f.title = "t";
  f.contexts = std::move(contexts);
  f.action = action;
  f.keywords = std::move(keywords);
  f.expires_at = expires_at;
  return f;
}

TEST(FilterSetTest, ContextsExpiryAndStatuses) {
  Status s;
  s.id = 42;
  s.text = "Spoilers for the finale";
  std::vector<Filter> filters;
  filters.push_back(MakeFilter({"home"}, FilterAction::kWarn, {{1, "finale", true}}));
  filters.push_back(MakeFilter({"public"}, FilterAction::kHide, {{2, "spoilers", false}}));
  filters.push_back(MakeFilter({"home"}, FilterAction::kHide, {{3, "spoilers", true}}, 1000));
  Filter by_status = MakeFilter({"thread"}, FilterAction::kWarn, {});
  by_status.statuses.push_back({7, 42});
  filters.push_back(by_status);
  FilterSet set(filters, 0);

  auto home = set.Match(s, "home", 500);  // the hide filter has not expired yet
  ASSERT_EQ(home.size(), 2u);
  EXPECT_EQ(home[0].keyword_matches, std::vector<std::string>{"finale"});
  EXPECT_EQ(home[1].filter->action, FilterAction::kHide);
  home = set.Match(s, "home", 2000);  // now it has
  ASSERT_EQ(home.size(), 1u);
  auto pub = set.Match(s, "public", 0);
  ASSERT_EQ(pub.size(), 1u);
  EXPECT_EQ(pub[0].filter->action, FilterAction::kHide);
  auto thread = set.Match(s, "thread", 0);
  ASSERT_EQ(thread.size(), 1u);
  EXPECT_EQ(thread[0].status_matches, std::vector<Id>{42});
  EXPECT_TRUE(set.Match(s, "notifications", 0).empty());
  s.spoiler_text = "FINALE";
  s.text = "nothing";
  EXPECT_EQ(set.Match(s, "home", 2000).size(), 1u);  // the content warning is matched too
}

class FilterServiceTest : public ::testing::Test {
 protected:
  FilterServiceTest() : filters(w.filter_store, w.clock, w.ids) { alice = w.MakeAccount("alice"); }
  testing::StatusWorld w;
  FilterService filters;
  Id alice = 0;
};

TEST_F(FilterServiceTest, CreateValidateUpdateDelete) {
  FilterChange c;
  c.title = "";
  c.contexts = std::vector<std::string>{"home"};
  EXPECT_EQ(filters.Create(alice, c).error().code, core::ErrorCode::kInvalid);
  c.title = "no spoilers";
  c.contexts = std::vector<std::string>{"nowhere"};
  EXPECT_EQ(filters.Create(alice, c).error().code, core::ErrorCode::kInvalid);
  c.contexts = std::vector<std::string>{"home", "public"};
  c.expires_in = 3600;
  KeywordChange k;
  k.keyword = "finale";
  c.keywords.push_back(k);
  auto f = filters.Create(alice, c);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->keywords.size(), 1u);
  EXPECT_TRUE(f->keywords[0].whole_word);
  EXPECT_EQ(f->expires_at, w.clock.NowMillis() + 3600 * 1000);

  // The snapshot follows changes.
  Status s;
  s.text = "the finale!";
  EXPECT_EQ(filters.ForAccount(alice)->Match(s, "home", w.clock.NowMillis()).size(), 1u);
  FilterChange u;
  KeywordChange destroy;
  destroy.id = f->keywords[0].id;
  destroy.destroy = true;
  u.keywords.push_back(destroy);
  KeywordChange add;
  add.keyword = "episode";
  add.whole_word = false;
  u.keywords.push_back(add);
  u.action = FilterAction::kHide;
  u.expires_in = 0;  // never
  auto updated = filters.Update(alice, f->id, u);
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  ASSERT_EQ(updated->keywords.size(), 1u);
  EXPECT_EQ(updated->keywords[0].keyword, "episode");
  EXPECT_EQ(updated->expires_at, 0);
  EXPECT_TRUE(filters.ForAccount(alice)->Match(s, "home", w.clock.NowMillis()).empty());
  s.text = "episodes";
  EXPECT_EQ(filters.ForAccount(alice)->Match(s, "home", w.clock.NowMillis()).size(), 1u);

  // Keywords and statuses by their own ids; other accounts see nothing.
  Id bob = w.MakeAccount("bob");
  auto kw = filters.AddKeyword(alice, f->id, "spoiler", true);
  ASSERT_TRUE(kw.ok());
  Id kw_id = kw->keywords.back().id;
  EXPECT_TRUE(filters.GetKeyword(alice, kw_id).ok());
  EXPECT_EQ(filters.GetKeyword(bob, kw_id).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(filters.UpdateKeyword(alice, kw_id, std::string("spoilers"), false).ok());
  EXPECT_TRUE(filters.DeleteKeyword(alice, kw_id).ok());
  auto fs = filters.AddStatus(alice, f->id, 12345);
  ASSERT_TRUE(fs.ok()) << fs.error().message;
  EXPECT_EQ(filters.AddStatus(alice, f->id, 12345).error().code, core::ErrorCode::kInvalid);
  EXPECT_TRUE(filters.GetStatus(alice, fs->id).ok());
  EXPECT_TRUE(filters.DeleteStatus(alice, fs->id).ok());
  EXPECT_EQ(filters.Get(bob, f->id).error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(filters.Delete(bob, f->id).ok() && *filters.Delete(bob, f->id));
  EXPECT_TRUE(filters.Delete(alice, f->id).ok());
  EXPECT_TRUE(filters.List(alice).empty());
  EXPECT_TRUE(filters.ForAccount(alice)->empty());
}

}  // namespace
}  // namespace magpie::domain
