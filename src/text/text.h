// The text pipeline (DESIGN.md §5): one place that finds mentions, hashtags and links in a post,
// counts its length the way Weibo and Mastodon do, and renders it to the HTML that the Mastodon
// API returns. Pure functions of their inputs; thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace magpie::text {

// Offsets are byte offsets into the UTF-8 text, [begin, end).
struct Mention {
  std::string username;  // as written, without '@'
  std::string domain;    // empty for a local mention (@alice); "example.com" for @alice@example.com
  size_t begin = 0;
  size_t end = 0;
};

struct Hashtag {
  std::string name;          // as written, without the '#' marks ("Magpie", "春节 快乐")
  bool weibo_style = false;  // written as #话题# (a pair of '#', spaces allowed inside)
  size_t begin = 0;
  size_t end = 0;
};

struct Link {
  std::string url;  // as written, http(s) only
  size_t begin = 0;
  size_t end = 0;
};

struct ParsedText {
  std::vector<Mention> mentions;  // in order of appearance, duplicates kept
  std::vector<Hashtag> tags;
  std::vector<Link> links;
};

// Finds mentions, hashtags (#tag and #话题#) and http(s) links. Input must be valid UTF-8.
ParsedText Parse(std::string_view text);

// The key under which a tag is stored and looked up: NFKC + case fold, so #Magpie, #MAGPIE and
// #ｍａｇｐｉｅ are one tag. Returns an empty string when the name has no letter or digit.
std::string NormalizeTag(std::string_view name);

// Length of a post as users see it: grapheme clusters (an emoji family counts 1), with every
// link counted as `url_length` characters, as Mastodon and Twitter do.
size_t CountPostLength(std::string_view text, const ParsedText& parsed, size_t url_length = 23);
// Grapheme clusters in `text` (ICU character break iterator).
size_t CountGraphemes(std::string_view text);

// How the renderer links a mention: the account's profile URL and its acct, or nullopt for a
// name that is no account (then the mention is rendered as plain text).
struct MentionTarget {
  std::string url;       // "https://magpie.example/@alice"
  std::string username;  // shown inside the link: "alice"
};
using MentionResolver = std::function<std::optional<MentionTarget>(const Mention&)>;

struct RenderOptions {
  std::string base_url;  // "https://magpie.example", no trailing slash; tag links go under it
  MentionResolver resolve_mention;
};

// Renders plain text to Mastodon's HTML: escaped; blank-line separated paragraphs in <p>; single
// newlines as <br />; links, mentions and hashtags as Mastodon marks them up. "hello" renders
// exactly "<p>hello</p>".
std::string RenderHtml(std::string_view text, const ParsedText& parsed,
                       const RenderOptions& options);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string EscapeHtml(std::string_view text);

// The text content of HTML made by RenderHtml (for spoiler previews, notifications, search).
std::string HtmlToPlainText(std::string_view html);

}  // namespace magpie::text
