// Tests for the text pipeline: parsing (mentions, both hashtag styles, links) across scripts,
// length counting, tag normalization and the exact Mastodon HTML.
#include "text/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace magpie::text {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> MentionsOf(std::string_view text) {
  std::vector<std::string> out;
  for (const Mention& m : Parse(text).mentions) {
    out.push_back(m.domain.empty() ? m.username : m.username + "@" + m.domain);
  }
  return out;
}

// Twitter tags as "name", Weibo topics as "#name#".
std::vector<std::string> TagsOf(std::string_view text) {
  std::vector<std::string> out;
  for (const Hashtag& t : Parse(text).tags)
    out.push_back(t.weibo_style ? "#" + t.name + "#" : t.name);
  return out;
}

std::vector<std::string> LinksOf(std::string_view text) {
  std::vector<std::string> out;
  for (const Link& l : Parse(text).links) out.push_back(l.url);
  return out;
}

std::string_view Slice(std::string_view text, size_t begin, size_t end) {
  return text.substr(begin, end - begin);
}

RenderOptions Options() {
  RenderOptions options;
  options.base_url = "https://magpie.example";
  options.resolve_mention = [](const Mention& m) -> std::optional<MentionTarget> {
    if (m.username == "nobody") return std::nullopt;
    if (m.domain.empty()) return MentionTarget{"https://magpie.example/@" + m.username, m.username};
    return MentionTarget{"https://" + m.domain + "/@" + m.username, m.username};
  };
  return options;
}

std::string Render(std::string_view text) { return RenderHtml(text, Parse(text), Options()); }

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mentions

TEST(MentionTest, LocalMentionAtStart) {
  const std::string text = "@alice hello";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.mentions.size(), 1u);
  EXPECT_EQ(p.mentions[0].username, "alice");
  EXPECT_EQ(p.mentions[0].domain, "");
  EXPECT_EQ(p.mentions[0].begin, 0u);
  EXPECT_EQ(p.mentions[0].end, 6u);
}

TEST(MentionTest, RemoteMention) {
  const std::string text = "hi @alice@example.com!";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.mentions.size(), 1u);
  EXPECT_EQ(p.mentions[0].username, "alice");
  EXPECT_EQ(p.mentions[0].domain, "example.com");
  EXPECT_EQ(Slice(text, p.mentions[0].begin, p.mentions[0].end), "@alice@example.com");
}

TEST(MentionTest, RemoteMentionDropsTrailingDot) {
  const std::string text = "cc @bob@social.example.org.";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.mentions.size(), 1u);
  EXPECT_EQ(p.mentions[0].domain, "social.example.org");
  EXPECT_EQ(Slice(text, p.mentions[0].begin, p.mentions[0].end), "@bob@social.example.org");
}

TEST(MentionTest, IdnDomain) {
  EXPECT_THAT(MentionsOf("@taro@例え.jp さん"), ElementsAre("taro@例え.jp"));
  EXPECT_THAT(MentionsOf("@anna@münchen.de"), ElementsAre("anna@münchen.de"));
}

TEST(MentionTest, EmailIsNotMention) {
  EXPECT_THAT(MentionsOf("me@example.com"), IsEmpty());
  EXPECT_THAT(MentionsOf("write to first.last@example.co.uk today"), IsEmpty());
  EXPECT_THAT(MentionsOf("user+tag@example.com"), IsEmpty());
  EXPECT_THAT(MentionsOf("user_1@example.com"), IsEmpty());
}

TEST(MentionTest, CjkBeforeAtIsAllowed) {
  const std::string text = "你好@alice 吃饭了吗";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.mentions.size(), 1u);
  EXPECT_EQ(p.mentions[0].username, "alice");
  EXPECT_EQ(p.mentions[0].begin, 6u);  // two 3-byte characters
  EXPECT_EQ(Slice(text, p.mentions[0].begin, p.mentions[0].end), "@alice");
  EXPECT_THAT(MentionsOf("こんにちは@taro さん"), ElementsAre("taro"));
  EXPECT_THAT(MentionsOf("ありがとう@hanako"), ElementsAre("hanako"));
}

TEST(MentionTest, CjkAfterMentionEndsIt) {
  EXPECT_THAT(MentionsOf("@alice吃饭了吗"), ElementsAre("alice"));
  EXPECT_THAT(MentionsOf("@alice@example.com你好"), ElementsAre("alice@example.com"));
  EXPECT_THAT(MentionsOf("@alice，你好"), ElementsAre("alice"));
}

TEST(MentionTest, NonCjkLetterAroundBlocks) {
  // An Arabic or accented letter glued to '@' makes it part of a word.
  EXPECT_THAT(MentionsOf("مرحبا@ali"), IsEmpty());
  EXPECT_THAT(MentionsOf("@aliceé"), IsEmpty());
  EXPECT_THAT(MentionsOf("مرحبا @ali كيف حالك"), ElementsAre("ali"));
}

TEST(MentionTest, BlockedPrefixes) {
  EXPECT_THAT(MentionsOf("@@alice"), IsEmpty());
  EXPECT_THAT(MentionsOf("a=@alice"), IsEmpty());
  EXPECT_THAT(MentionsOf("path/@alice"), IsEmpty());
  EXPECT_THAT(MentionsOf("!@alice"), IsEmpty());
  EXPECT_THAT(MentionsOf("#@alice"), IsEmpty());
}

TEST(MentionTest, AllowedPrefixes) {
  EXPECT_THAT(MentionsOf(".@alice"), ElementsAre("alice"));
  EXPECT_THAT(MentionsOf("(@alice)"), ElementsAre("alice"));
  EXPECT_THAT(MentionsOf("\"@alice\""), ElementsAre("alice"));
  EXPECT_THAT(MentionsOf("line\n@alice"), ElementsAre("alice"));
  EXPECT_THAT(MentionsOf("「@alice」"), ElementsAre("alice"));
}

TEST(MentionTest, UsernameLengthLimit) {
  const std::string thirty(30, 'a');
  EXPECT_THAT(MentionsOf("@" + thirty), ElementsAre(thirty));
  EXPECT_THAT(MentionsOf("@" + thirty + "a"), IsEmpty());
}

TEST(MentionTest, PunctuationEndsUsername) {
  EXPECT_THAT(MentionsOf("@alice_bob."), ElementsAre("alice_bob"));
  EXPECT_THAT(MentionsOf("@alice, @bob: hi"), ElementsAre("alice", "bob"));
  EXPECT_THAT(MentionsOf("@alice.bob"), ElementsAre("alice"));
}

TEST(MentionTest, BrokenRemoteIsNothing) {
  EXPECT_THAT(MentionsOf("@alice@"), IsEmpty());
  EXPECT_THAT(MentionsOf("@alice@ hi"), IsEmpty());
  EXPECT_THAT(MentionsOf("@alice@.com"), IsEmpty());
  EXPECT_THAT(MentionsOf("@"), IsEmpty());
  EXPECT_THAT(MentionsOf("@ alice"), IsEmpty());
}

TEST(MentionTest, InsideUrlIsNotMention) {
  const ParsedText p = Parse("see https://x.com/@bob now");
  EXPECT_THAT(p.mentions, IsEmpty());
  ASSERT_EQ(p.links.size(), 1u);
  EXPECT_EQ(p.links[0].url, "https://x.com/@bob");
}

TEST(MentionTest, DuplicatesKept) {
  EXPECT_THAT(MentionsOf("@a @a @A"), ElementsAre("a", "a", "A"));
}

// ---------------------------------------------------------------------------------------------
// Hashtags

TEST(HashtagTest, TwitterStyle) {
  const std::string text = "I like #Magpie rocks";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.tags.size(), 1u);
  EXPECT_EQ(p.tags[0].name, "Magpie");
  EXPECT_FALSE(p.tags[0].weibo_style);
  EXPECT_EQ(Slice(text, p.tags[0].begin, p.tags[0].end), "#Magpie");
}

TEST(HashtagTest, CjkTwitterStyleWhenNotClosed) {
  const ParsedText p = Parse("#春节");
  ASSERT_EQ(p.tags.size(), 1u);
  EXPECT_EQ(p.tags[0].name, "春节");
  EXPECT_FALSE(p.tags[0].weibo_style);
  EXPECT_EQ(p.tags[0].end, 7u);
}

TEST(HashtagTest, WeiboTopic) {
  const std::string text = "#春节# 快乐";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.tags.size(), 1u);
  EXPECT_EQ(p.tags[0].name, "春节");
  EXPECT_TRUE(p.tags[0].weibo_style);
  EXPECT_EQ(p.tags[0].begin, 0u);
  EXPECT_EQ(p.tags[0].end, 8u);
  EXPECT_EQ(Slice(text, p.tags[0].begin, p.tags[0].end), "#春节#");
}

TEST(HashtagTest, WeiboTopicWithSpaces) {
  EXPECT_THAT(TagsOf("#春节 快乐#"), ElementsAre("#春节 快乐#"));
  EXPECT_THAT(TagsOf("#Hello World#"), ElementsAre("#Hello World#"));
  EXPECT_THAT(TagsOf("今天是#春节 快乐#大家好"), ElementsAre("#春节 快乐#"));
  EXPECT_THAT(TagsOf("#a, b#"), ElementsAre("#a, b#"));
}

TEST(HashtagTest, WeiboTopicTrimsInnerEdges) {
  EXPECT_THAT(TagsOf("# 春节 #"), ElementsAre("#春节#"));
  EXPECT_THAT(TagsOf("#\u3000春节\u3000#"), ElementsAre("#春节#"));
  const std::string text = "看 #  Hello World  # 吧";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.tags.size(), 1u);
  EXPECT_EQ(p.tags[0].name, "Hello World");
  EXPECT_EQ(Slice(text, p.tags[0].begin, p.tags[0].end), "#  Hello World  #");
}

TEST(HashtagTest, WeiboTopicGluedToCjk) {
  EXPECT_THAT(TagsOf("今天#春节#快乐"), ElementsAre("#春节#"));
  EXPECT_THAT(TagsOf("#话题一##话题二#"), ElementsAre("#话题一#", "#话题二#"));
}

TEST(HashtagTest, TwoTwitterTagsRule) {
  EXPECT_THAT(TagsOf("#tag1 #tag2"), ElementsAre("tag1", "tag2"));
  EXPECT_THAT(TagsOf("#cats, and #dogs"), ElementsAre("cats", "dogs"));
  EXPECT_THAT(TagsOf("Check #this. Also #that!"), ElementsAre("this", "that"));
  EXPECT_THAT(TagsOf("#日本語 と #English"), ElementsAre("日本語", "English"));
  EXPECT_THAT(TagsOf("#春节 快乐 #大家好"), ElementsAre("春节", "大家好"));
  // After the first '#' is taken as a Twitter tag, the second may still open a topic.
  EXPECT_THAT(TagsOf("#tag1 is #tag2#"), ElementsAre("tag1", "#tag2#"));
  EXPECT_THAT(TagsOf("#a #b c#"), ElementsAre("a", "#b c#"));
}

TEST(HashtagTest, TwoTwitterTagsOffsets) {
  const std::string text = "#tag1 #tag2";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.tags.size(), 2u);
  EXPECT_EQ(p.tags[0].begin, 0u);
  EXPECT_EQ(p.tags[0].end, 5u);
  EXPECT_EQ(p.tags[1].begin, 6u);
  EXPECT_EQ(p.tags[1].end, 11u);
}

TEST(HashtagTest, ClosingHashWithoutNameAfterKeepsTopic) {
  // Whitespace before the closing '#' but no tag name after it: still a topic.
  EXPECT_THAT(TagsOf("#Hello World # and more"), ElementsAre("#Hello World#"));
  EXPECT_THAT(TagsOf("#Hello World #"), ElementsAre("#Hello World#"));
}

TEST(HashtagTest, NoWhitespaceIsAlwaysTopic) {
  EXPECT_THAT(TagsOf("#tag1#tag2"), ElementsAre("#tag1#"));
  EXPECT_THAT(TagsOf("#tag#"), ElementsAre("#tag#"));
}

TEST(HashtagTest, EmptyAndSymbolOnly) {
  EXPECT_THAT(TagsOf("##"), IsEmpty());
  EXPECT_THAT(TagsOf("# #"), IsEmpty());
  EXPECT_THAT(TagsOf("#!!#"), IsEmpty());
  EXPECT_THAT(TagsOf("#"), IsEmpty());
  EXPECT_THAT(TagsOf("# heading"), IsEmpty());
}

TEST(HashtagTest, DigitsOnlyIsNotTag) {
  EXPECT_THAT(TagsOf("#123"), IsEmpty());
  EXPECT_THAT(TagsOf("#1st place"), ElementsAre("1st"));
  EXPECT_THAT(TagsOf("#_1"), IsEmpty());
  EXPECT_THAT(TagsOf("#2024_goals"), ElementsAre("2024_goals"));
  EXPECT_THAT(TagsOf("I'm #1 and you're #2"), IsEmpty());
}

TEST(HashtagTest, NotPrecededByWordOrAmpersand) {
  EXPECT_THAT(TagsOf("&#39;quoted&#39;"), IsEmpty());
  EXPECT_THAT(TagsOf("C# and F# are languages"), IsEmpty());
  EXPECT_THAT(TagsOf("abc#tag"), IsEmpty());
  EXPECT_THAT(TagsOf("(#tag)"), ElementsAre("tag"));
  EXPECT_THAT(TagsOf("##tag"), ElementsAre("tag"));
}

TEST(HashtagTest, ScriptsAndSpecialCharacters) {
  EXPECT_THAT(TagsOf("#مرحبا بكم"), ElementsAre("مرحبا"));
  EXPECT_THAT(TagsOf("#fußball!"), ElementsAre("fußball"));
  EXPECT_THAT(TagsOf("#l·lengua"), ElementsAre("l·lengua"));
  EXPECT_THAT(TagsOf("#ｍａｇｐｉｅ"), ElementsAre("ｍａｇｐｉｅ"));
  EXPECT_THAT(TagsOf("#東京・大阪 旅行"), ElementsAre("東京・大阪"));
  EXPECT_THAT(TagsOf("#नमस्ते"), ElementsAre("नमस्ते"));
  EXPECT_THAT(TagsOf("#日本語"), ElementsAre("日本語"));
}

TEST(HashtagTest, KeycapEmojiIsNotTag) {
  EXPECT_THAT(TagsOf("#\uFE0F\u20E3 one"), IsEmpty());
  EXPECT_THAT(TagsOf("#tag 🎉"), ElementsAre("tag"));
  EXPECT_THAT(TagsOf("#🎉"), IsEmpty());
}

TEST(HashtagTest, TopicLengthLimit) {
  const std::string sixty_four = Repeat("话", 64);
  EXPECT_THAT(TagsOf("#" + sixty_four + "#"), ElementsAre("#" + sixty_four + "#"));
  const std::string sixty_five = Repeat("话", 65);
  // Too long for a topic: the first '#' starts a Twitter tag instead.
  EXPECT_THAT(TagsOf("#" + sixty_five + "#"), ElementsAre(sixty_five));
}

TEST(HashtagTest, TopicDoesNotCrossNewline) {
  EXPECT_THAT(TagsOf("#a b\nc#"), ElementsAre("a"));
  EXPECT_THAT(TagsOf("#春节\r\n快乐#"), ElementsAre("春节"));
}

TEST(HashtagTest, TopicDoesNotSwallowUrl) {
  const ParsedText p = Parse("#see https://x.com/#a");
  ASSERT_EQ(p.tags.size(), 1u);
  EXPECT_EQ(p.tags[0].name, "see");
  EXPECT_FALSE(p.tags[0].weibo_style);
  EXPECT_THAT(LinksOf("#see https://x.com/#a"), ElementsAre("https://x.com/#a"));
}

TEST(HashtagTest, AnchorInUrlIsNotTag) {
  const ParsedText p = Parse("https://example.com/#anchor");
  EXPECT_THAT(p.tags, IsEmpty());
  EXPECT_THAT(LinksOf("https://example.com/#anchor"), ElementsAre("https://example.com/#anchor"));
}

TEST(HashtagTest, TopicMayHoldAMentionLikeText) {
  const ParsedText p = Parse("#hi @bob#");
  ASSERT_EQ(p.tags.size(), 1u);
  EXPECT_EQ(p.tags[0].name, "hi @bob");
  EXPECT_THAT(p.mentions, IsEmpty());
}

// ---------------------------------------------------------------------------------------------
// Links

TEST(LinkTest, Basic) {
  const std::string text = "see https://example.com/path?q=1 now";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.links.size(), 1u);
  EXPECT_EQ(p.links[0].url, "https://example.com/path?q=1");
  EXPECT_EQ(p.links[0].begin, 4u);
  EXPECT_EQ(Slice(text, p.links[0].begin, p.links[0].end), p.links[0].url);
}

TEST(LinkTest, TrailingPunctuationIsNotPartOfUrl) {
  EXPECT_THAT(LinksOf("see https://example.com."), ElementsAre("https://example.com"));
  EXPECT_THAT(LinksOf("https://example.com/a, b"), ElementsAre("https://example.com/a"));
  EXPECT_THAT(LinksOf("https://example.com/a?!"), ElementsAre("https://example.com/a"));
  EXPECT_THAT(LinksOf("at https://example.com/a: yes"), ElementsAre("https://example.com/a"));
  EXPECT_THAT(LinksOf("'https://example.com/a';"), ElementsAre("https://example.com/a"));
  EXPECT_THAT(LinksOf("\"https://example.com\""), ElementsAre("https://example.com"));
  EXPECT_THAT(LinksOf("[https://example.com/x]"), ElementsAre("https://example.com/x"));
  EXPECT_THAT(LinksOf("<https://example.com/x>"), ElementsAre("https://example.com/x"));
}

TEST(LinkTest, BalancedParens) {
  EXPECT_THAT(LinksOf("(https://en.wikipedia.org/wiki/Magpie_(bird))"),
              ElementsAre("https://en.wikipedia.org/wiki/Magpie_(bird)"));
  EXPECT_THAT(LinksOf("(see https://example.com/x)"), ElementsAre("https://example.com/x"));
  EXPECT_THAT(LinksOf("https://example.com/a[1]"), ElementsAre("https://example.com/a[1]"));
}

TEST(LinkTest, CjkPunctuationAndTextEndUrl) {
  EXPECT_THAT(LinksOf("看这个https://t.cn/abc，很好"), ElementsAre("https://t.cn/abc"));
  EXPECT_THAT(LinksOf("链接https://t.cn/abc。"), ElementsAre("https://t.cn/abc"));
  EXPECT_THAT(LinksOf("https://t.cn/abc你好"), ElementsAre("https://t.cn/abc"));
  EXPECT_THAT(LinksOf("https://t.cn你好"), ElementsAre("https://t.cn"));
  EXPECT_THAT(LinksOf("https://example.com/a！"), ElementsAre("https://example.com/a"));
  EXPECT_THAT(LinksOf("https://example.com/a？b"), ElementsAre("https://example.com/a"));
  EXPECT_THAT(LinksOf("「https://example.jp/a」"), ElementsAre("https://example.jp/a"));
  EXPECT_THAT(LinksOf("https://example.com/ａｂｃ"), ElementsAre("https://example.com/"));
}

TEST(LinkTest, IdnHosts) {
  EXPECT_THAT(LinksOf("https://例え.jp/path です"), ElementsAre("https://例え.jp/path"));
  EXPECT_THAT(LinksOf("https://münchen.de/straße"), ElementsAre("https://münchen.de/straße"));
  EXPECT_THAT(LinksOf("http://пример.рф/Сорока"), ElementsAre("http://пример.рф/Сорока"));
  EXPECT_THAT(LinksOf("https://مثال.مصر/"), ElementsAre("https://مثال.مصر/"));
}

TEST(LinkTest, SchemesAndPorts) {
  EXPECT_THAT(LinksOf("http://example.com"), ElementsAre("http://example.com"));
  EXPECT_THAT(LinksOf("HTTPS://EXAMPLE.COM/X"), ElementsAre("HTTPS://EXAMPLE.COM/X"));
  EXPECT_THAT(LinksOf("https://localhost:8080/api"), ElementsAre("https://localhost:8080/api"));
  EXPECT_THAT(LinksOf("ftp://example.com"), IsEmpty());
  EXPECT_THAT(LinksOf("https://"), IsEmpty());
  EXPECT_THAT(LinksOf("https://."), IsEmpty());
  EXPECT_THAT(LinksOf("http:/example.com"), IsEmpty());
  EXPECT_THAT(LinksOf("xhttps://example.com"), IsEmpty());
}

TEST(LinkTest, GluedToCjkBefore) {
  const std::string text = "看这个https://t.cn/A6x";
  const ParsedText p = Parse(text);
  ASSERT_EQ(p.links.size(), 1u);
  EXPECT_EQ(p.links[0].begin, 9u);
  EXPECT_EQ(p.links[0].url, "https://t.cn/A6x");
}

TEST(LinkTest, QueryAndFragment) {
  EXPECT_THAT(LinksOf("https://example.com/s?q=a&b=c#top, ok"),
              ElementsAre("https://example.com/s?q=a&b=c#top"));
  EXPECT_THAT(LinksOf("https://example.com?x=1"), ElementsAre("https://example.com?x=1"));
  EXPECT_THAT(LinksOf("https://example.com/%E6%98%A5"),
              ElementsAre("https://example.com/%E6%98%A5"));
}

TEST(LinkTest, TwoLinks) {
  EXPECT_THAT(LinksOf("https://a.example https://b.example/x\nhttp://c.example"),
              ElementsAre("https://a.example", "https://b.example/x", "http://c.example"));
}

TEST(LinkTest, EmailIsNotLink) { EXPECT_THAT(LinksOf("me@example.com"), IsEmpty()); }

// ---------------------------------------------------------------------------------------------
// All entities together

TEST(ParseTest, MixedEntitiesAreOrderedAndNonOverlapping) {
  const std::string text =
      "@alice 看 #春节 快乐# https://example.com/#x and #tag @bob@example.org 🎉 #话题#";
  const ParsedText p = Parse(text);
  EXPECT_THAT(MentionsOf(text), ElementsAre("alice", "bob@example.org"));
  EXPECT_THAT(TagsOf(text), ElementsAre("#春节 快乐#", "tag", "#话题#"));
  EXPECT_THAT(LinksOf(text), ElementsAre("https://example.com/#x"));
  std::vector<std::pair<size_t, size_t>> spans;
  for (const auto& m : p.mentions) spans.emplace_back(m.begin, m.end);
  for (const auto& t : p.tags) spans.emplace_back(t.begin, t.end);
  for (const auto& l : p.links) spans.emplace_back(l.begin, l.end);
  std::sort(spans.begin(), spans.end());
  for (size_t i = 0; i < spans.size(); ++i) {
    EXPECT_LT(spans[i].first, spans[i].second);
    EXPECT_LE(spans[i].second, text.size());
    if (i > 0) {
      EXPECT_LE(spans[i - 1].second, spans[i].first);
    }
  }
}

TEST(ParseTest, EmptyAndPlain) {
  const ParsedText empty = Parse("");
  EXPECT_THAT(empty.mentions, IsEmpty());
  EXPECT_THAT(empty.tags, IsEmpty());
  EXPECT_THAT(empty.links, IsEmpty());
  const ParsedText plain = Parse("just words, 中文 and العربية 👍🏽");
  EXPECT_THAT(plain.mentions, IsEmpty());
  EXPECT_THAT(plain.tags, IsEmpty());
  EXPECT_THAT(plain.links, IsEmpty());
}

TEST(ParseTest, TruncatedUtf8DoesNotCrash) {
  // Callers must pass valid UTF-8; a broken promise must still not read out of bounds.
  const std::string text = std::string("#\xE6\x98") + " @\xF0\x9F" + " https://a.b/\xC3";
  const ParsedText p = Parse(text);
  for (const auto& l : p.links) EXPECT_LE(l.end, text.size());
  for (const auto& t : p.tags) EXPECT_LE(t.end, text.size());
}

// ---------------------------------------------------------------------------------------------
// NormalizeTag

TEST(NormalizeTagTest, CaseAndWidthFold) {
  EXPECT_EQ(NormalizeTag("Magpie"), "magpie");
  EXPECT_EQ(NormalizeTag("MAGPIE"), "magpie");
  EXPECT_EQ(NormalizeTag("ｍａｇｐｉｅ"), "magpie");
  EXPECT_EQ(NormalizeTag("ＭＡＧＰＩＥ"), "magpie");
  EXPECT_EQ(NormalizeTag("Straße"), "strasse");
  EXPECT_EQ(NormalizeTag("１２３ａｂｃ"), "123abc");
  EXPECT_EQ(NormalizeTag("ｶﾀｶﾅ"), "カタカナ");
}

TEST(NormalizeTagTest, CjkUnchanged) {
  EXPECT_EQ(NormalizeTag("春节"), "春节");
  EXPECT_EQ(NormalizeTag("日本語"), "日本語");
}

TEST(NormalizeTagTest, CollapsesWhitespace) {
  EXPECT_EQ(NormalizeTag("春节  快乐"), "春节 快乐");
  EXPECT_EQ(NormalizeTag("  春节\u3000\u3000快乐 "), "春节 快乐");
  EXPECT_EQ(NormalizeTag("Hello\tWorld"), "hello world");
}

TEST(NormalizeTagTest, EmptyWithoutLetterOrDigit) {
  EXPECT_EQ(NormalizeTag(""), "");
  EXPECT_EQ(NormalizeTag("___"), "");
  EXPECT_EQ(NormalizeTag("!! ??"), "");
  EXPECT_EQ(NormalizeTag("🎉"), "");
  EXPECT_EQ(NormalizeTag("_1"), "_1");
}

TEST(NormalizeTagTest, ComposedAndDecomposedAgree) {
  EXPECT_EQ(NormalizeTag("Caf\u00E9"), NormalizeTag("cafe\u0301"));
}

// ---------------------------------------------------------------------------------------------
// Lengths

TEST(GraphemeTest, AsciiAndCjk) {
  EXPECT_EQ(CountGraphemes(""), 0u);
  EXPECT_EQ(CountGraphemes("hello"), 5u);
  EXPECT_EQ(CountGraphemes("a\r\nb"), 3u);
  EXPECT_EQ(CountGraphemes("你好世界"), 4u);
  EXPECT_EQ(CountGraphemes("こんにちは"), 5u);
  EXPECT_EQ(CountGraphemes("مرحبا"), 5u);
}

TEST(GraphemeTest, EmojiSequencesCountOne) {
  EXPECT_EQ(CountGraphemes("👨‍👩‍👧‍👦"), 1u);  // ZWJ family
  EXPECT_EQ(CountGraphemes("🇯🇵"), 1u);                         // flag
  EXPECT_EQ(CountGraphemes("👍🏽"), 1u);                   // skin tone
  EXPECT_EQ(CountGraphemes("🏳️‍🌈"), 1u);             // ZWJ + variation selector
  EXPECT_EQ(CountGraphemes("e\u0301"), 1u);                    // combining accent
  EXPECT_EQ(CountGraphemes("🇯🇵🇨🇳"), 2u);
  EXPECT_EQ(CountGraphemes("hi 👨‍👩‍👧‍👦!"), 5u);
}

TEST(GraphemeTest, ManyThreads) {
  std::vector<std::thread> threads;
  std::vector<size_t> results(8);
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&results, t] {
      size_t total = 0;
      for (int i = 0; i < 200; ++i)
        total += CountGraphemes("春节快乐 👨‍👩‍👧‍👦 🇯🇵");
      results[t] = total;
    });
  }
  for (auto& th : threads) th.join();
  for (size_t r : results) EXPECT_EQ(r, 200u * 8u);
}

TEST(PostLengthTest, LinksCountAsUrlLength) {
  const std::string text = "hi https://example.com/a/very/long/path/that/goes/on/and/on";
  EXPECT_EQ(CountPostLength(text, Parse(text)), 3u + 23u);
  EXPECT_EQ(CountPostLength(text, Parse(text), 10), 3u + 10u);
  const std::string two = "https://a.b https://c.d";
  EXPECT_EQ(CountPostLength(two, Parse(two)), 23u + 1u + 23u);
}

TEST(PostLengthTest, RemoteMentionCountsUsernameOnly) {
  const std::string text = "@alice@example.com hi";
  EXPECT_EQ(CountPostLength(text, Parse(text)), 9u);  // "@alice hi"
  const std::string local = "@alice hi";
  EXPECT_EQ(CountPostLength(local, Parse(local)), 9u);
}

TEST(PostLengthTest, MixedScriptsAndEmoji) {
  const std::string text = "春节快乐👨‍👩‍👧‍👦 #春节# https://t.cn/abc";
  // 4 Han + 1 family + space + "#春节#" (4) + space + link (23)
  EXPECT_EQ(CountPostLength(text, Parse(text)), 4u + 1u + 1u + 4u + 1u + 23u);
}

TEST(PostLengthTest, NoEntities) {
  const std::string text = "🇯🇵 e\u0301";
  EXPECT_EQ(CountPostLength(text, Parse(text)), 3u);
}

TEST(PostLengthTest, IgnoresEntitiesThatDoNotFit) {
  ParsedText bogus;
  bogus.links.push_back(Link{"https://x.y", 3, 100});
  EXPECT_EQ(CountPostLength("hello", bogus), 5u);
}

// ---------------------------------------------------------------------------------------------
// Rendering

TEST(RenderTest, PlainParagraphs) {
  EXPECT_EQ(Render("hello"), "<p>hello</p>");
  EXPECT_EQ(Render("a\nb"), "<p>a<br />b</p>");
  EXPECT_EQ(Render("a\n\nb"), "<p>a</p><p>b</p>");
  EXPECT_EQ(Render("a\n\n\n\nb"), "<p>a</p><p>b</p>");
  EXPECT_EQ(Render("a\r\nb"), "<p>a<br />b</p>");
  EXPECT_EQ(Render("a\r\n\r\nb\r\nc"), "<p>a</p><p>b<br />c</p>");
  EXPECT_EQ(Render("a\rb"), "<p>a<br />b</p>");
  EXPECT_EQ(Render("\nhello\n"), "<p>hello</p>");
  EXPECT_EQ(Render("a\nb\n\nc\nd"), "<p>a<br />b</p><p>c<br />d</p>");
}

TEST(RenderTest, BlankIsEmpty) {
  EXPECT_EQ(Render(""), "");
  EXPECT_EQ(Render("  \n \n"), "");
  EXPECT_EQ(Render("\u3000"), "");
}

TEST(RenderTest, EscapesEverything) {
  EXPECT_EQ(Render("<script>alert('x')</script> & \"q\""),
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>");
  EXPECT_EQ(Render("<b>春节</b>"), "<p>&lt;b&gt;春节&lt;/b&gt;</p>");
}

TEST(RenderTest, ResolvedMention) {
  EXPECT_EQ(
      Render("hi @alice"),
      "<p>hi <span class=\"h-card\" translate=\"no\"><a href=\"https://magpie.example/@alice\" "
      "class=\"u-url mention\">@<span>alice</span></a></span></p>");
  EXPECT_EQ(Render("你好@alice@example.com"),
            "<p>你好<span class=\"h-card\" translate=\"no\"><a href=\"https://example.com/@alice\" "
            "class=\"u-url mention\">@<span>alice</span></a></span></p>");
}

TEST(RenderTest, UnresolvedMentionIsText) {
  EXPECT_EQ(Render("hi @nobody!"), "<p>hi @nobody!</p>");
  const std::string text = "hi @alice";
  EXPECT_EQ(RenderHtml(text, Parse(text), RenderOptions{"https://magpie.example", nullptr}),
            "<p>hi @alice</p>");
}

TEST(RenderTest, MentionTargetIsEscaped) {
  RenderOptions options;
  options.resolve_mention = [](const Mention&) -> std::optional<MentionTarget> {
    return MentionTarget{"https://x.example/@a\"b", "a<b"};
  };
  const std::string text = "@ab";
  EXPECT_EQ(RenderHtml(text, Parse(text), options),
            "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://x.example/@a&quot;b\" "
            "class=\"u-url mention\">@<span>a&lt;b</span></a></span></p>");
}

TEST(RenderTest, TwitterHashtag) {
  EXPECT_EQ(Render("#Magpie"),
            "<p><a href=\"https://magpie.example/tags/Magpie\" class=\"mention hashtag\" "
            "rel=\"tag\">#<span>Magpie</span></a></p>");
  EXPECT_EQ(Render("过年 #春节"),
            "<p>过年 <a href=\"https://magpie.example/tags/%E6%98%A5%E8%8A%82\" class=\"mention "
            "hashtag\" rel=\"tag\">#<span>春节</span></a></p>");
}

TEST(RenderTest, WeiboTopic) {
  EXPECT_EQ(Render("#春节 快乐#来了"),
            "<p><a href=\"https://magpie.example/tags/%E6%98%A5%E8%8A%82%20%E5%BF%AB%E4%B9%90\" "
            "class=\"mention hashtag\" rel=\"tag\">#<span>春节 快乐</span>#</a>来了</p>");
  EXPECT_EQ(Render("#A&B#"),
            "<p><a href=\"https://magpie.example/tags/A%26B\" class=\"mention hashtag\" "
            "rel=\"tag\">#<span>A&amp;B</span>#</a></p>");
}

TEST(RenderTest, ShortLink) {
  EXPECT_EQ(Render("https://example.com"),
            "<p><a href=\"https://example.com\" target=\"_blank\" rel=\"nofollow noopener "
            "noreferrer\" translate=\"no\"><span class=\"invisible\">https://</span><span "
            "class=\"\">example.com</span><span class=\"invisible\"></span></a></p>");
}

TEST(RenderTest, LongLinkIsCutAfterThirtyCharacters) {
  EXPECT_EQ(Render("see https://www.example.com/a/very/long/path/that/goes/on/and/on."),
            "<p>see <a href=\"https://www.example.com/a/very/long/path/that/goes/on/and/on\" "
            "target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span "
            "class=\"invisible\">https://www.</span><span "
            "class=\"ellipsis\">example.com/a/very/long/path/t</span><span "
            "class=\"invisible\">hat/goes/on/and/on</span></a>.</p>");
}

TEST(RenderTest, ExactlyThirtyCharactersIsNotCut) {
  const std::string rest = "example.com/" + std::string(18, 'x');
  ASSERT_EQ(rest.size(), 30u);
  EXPECT_EQ(Render("http://" + rest),
            "<p><a href=\"http://" + rest +
                "\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span "
                "class=\"invisible\">http://</span><span class=\"\">" +
                rest + "</span><span class=\"invisible\"></span></a></p>");
}

TEST(RenderTest, LinkCutCountsCharactersNotBytes) {
  const std::string text = "https://例え.jp/" + Repeat("é", 40);
  const std::string html = Render(text);
  EXPECT_NE(html.find("<span class=\"ellipsis\">例え.jp/" + Repeat("é", 24) + "</span>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<span class=\"invisible\">" + Repeat("é", 16) + "</span>"),
            std::string::npos)
      << html;
}

TEST(RenderTest, LinkHrefIsEscaped) {
  EXPECT_EQ(Render("https://example.com/?a=1&b='2'"),
            "<p><a href=\"https://example.com/?a=1&amp;b=&#39;2\" target=\"_blank\" "
            "rel=\"nofollow noopener noreferrer\" translate=\"no\"><span "
            "class=\"invisible\">https://</span><span "
            "class=\"\">example.com/?a=1&amp;b=&#39;2</span><span "
            "class=\"invisible\"></span></a>&#39;</p>");
}

TEST(RenderTest, EverythingTogether) {
  EXPECT_EQ(Render("@alice look\n\n#tag https://a.example"),
            "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://magpie.example/@alice\" "
            "class=\"u-url mention\">@<span>alice</span></a></span> look</p><p><a "
            "href=\"https://magpie.example/tags/tag\" class=\"mention hashtag\" "
            "rel=\"tag\">#<span>tag</span></a> <a href=\"https://a.example\" target=\"_blank\" "
            "rel=\"nofollow noopener noreferrer\" translate=\"no\"><span "
            "class=\"invisible\">https://</span><span class=\"\">a.example</span><span "
            "class=\"invisible\"></span></a></p>");
}

TEST(RenderTest, StaleEntitiesAreIgnored) {
  ParsedText bogus;
  bogus.tags.push_back(Hashtag{"x", false, 2, 50});
  bogus.mentions.push_back(Mention{"a", "", 0, 2});
  bogus.links.push_back(Link{"https://x", 1, 3});  // overlaps the mention
  RenderOptions options = Options();
  EXPECT_EQ(RenderHtml("@a b", bogus, options),
            "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://magpie.example/@a\" "
            "class=\"u-url mention\">@<span>a</span></a></span> b</p>");
}

TEST(EscapeHtmlTest, AllFive) {
  EXPECT_EQ(EscapeHtml("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("春节 🎉"), "春节 🎉");
  EXPECT_EQ(EscapeHtml(""), "");
}

// ---------------------------------------------------------------------------------------------
// HtmlToPlainText

TEST(HtmlToPlainTextTest, ParagraphsAndBreaks) {
  EXPECT_EQ(HtmlToPlainText("<p>a</p><p>b</p>"), "a\n\nb");
  EXPECT_EQ(HtmlToPlainText("<p>a<br />b</p>"), "a\nb");
  EXPECT_EQ(HtmlToPlainText("<p>a<br>b<BR/>c</p>"), "a\nb\nc");
}

TEST(HtmlToPlainTextTest, DecodesEntities) {
  EXPECT_EQ(HtmlToPlainText("&amp;&lt;&gt;&quot;&#39;"), "&<>\"'");
  EXPECT_EQ(HtmlToPlainText("&#x6625;&#33410;"), "春节");
  EXPECT_EQ(HtmlToPlainText("a & b &unknown; &#xD800;"), "a & b &unknown; &#xD800;");
  EXPECT_EQ(HtmlToPlainText("&amp;lt;"), "&lt;");
}

TEST(HtmlToPlainTextTest, QuotedGreaterThanInAttribute) {
  EXPECT_EQ(HtmlToPlainText("<a title=\"x>y\">link</a>"), "link");
  EXPECT_EQ(HtmlToPlainText("unterminated <a"), "unterminated ");
}

TEST(HtmlToPlainTextTest, RoundTripsRenderedPosts) {
  for (const std::string text :
       {"hello", "a\nb", "a\n\nb", "<script>&'\"", "@alice 看 #春节 快乐# 吧",
        "see https://www.example.com/a/very/long/path/that/goes/on/and/on "
        "👨‍👩‍👧‍👦",
        "مرحبا @ali #مرحبا\n\nこんにちは"}) {
    EXPECT_EQ(HtmlToPlainText(Render(text)), text);
  }
}

}  // namespace
}  // namespace magpie::text
