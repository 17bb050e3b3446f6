// Rendering: plain text + the entities Parse() found → the HTML the Mastodon API returns, and
// back to plain text.
//
// The markup copies Mastodon's TextFormatter (links, mentions, hashtags) followed by Rails'
// simple_format (paragraphs): clients parse these exact strings — "invisible"/"ellipsis" spans,
// the h-card around mentions — so byte-for-byte equality with Mastodon is the spec. Two
// deliberate choices where Mastodon's output depends on input Mastodon never stores (it strips
// a status before formatting): blank text renders as "", and newlines at the very start or end
// produce no empty paragraph or <br />.
//
// Entities are trusted only as far as they fit the text: any that overlap an earlier one or run
// past the end are skipped, so a stale ParsedText cannot make the renderer read out of bounds.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/codepoint.h"
#include "text/text.h"

namespace magpie::text {
namespace {

using internal::AppendUtf8;
using internal::DecodeAt;
using internal::IsWhitespace;

// Mastodon shows 30 characters of a link after its "https://www." prefix and hides the rest.
constexpr size_t kLinkDisplayChars = 30;

void AppendEscaped(std::string& out, std::string_view text) {
  size_t run_begin = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char* replacement;
    switch (text[i]) {
      case '&':
        replacement = "&amp;";
        break;
      case '<':
        replacement = "&lt;";
        break;
      case '>':
        replacement = "&gt;";
        break;
      case '"':
        replacement = "&quot;";
        break;
      case '\'':
        replacement = "&#39;";
        break;
      default:
        continue;
    }
    out.append(text.substr(run_begin, i - run_begin));
    out += replacement;
    run_begin = i + 1;
  }
  out.append(text.substr(run_begin));
}

// Percent-encodes everything but RFC 3986 unreserved characters, as Rails does for the tag
// name in a /tags/ path (UTF-8 bytes, upper-case hex).
void AppendPercentEncoded(std::string& out, std::string_view text) {
  constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
}

// Byte length of the first `chars` code points of `s` (all of it when shorter).
size_t PrefixBytes(std::string_view s, size_t chars) {
  size_t pos = 0;
  for (size_t n = 0; n < chars && pos < s.size(); ++n) pos += DecodeAt(s, pos).len;
  return pos;
}

void AppendLink(std::string& out, std::string_view url) {
  // Mastodon's URL_PREFIX_REGEX: \A(https?://(www\.)?) — case-sensitive.
  size_t prefix = 0;
  if (url.starts_with("https://")) {
    prefix = 8;
  } else if (url.starts_with("http://")) {
    prefix = 7;
  }
  if (prefix != 0 && url.substr(prefix).starts_with("www.")) prefix += 4;
  const std::string_view rest = url.substr(prefix);
  const size_t display_bytes = PrefixBytes(rest, kLinkDisplayChars);
  const bool cutoff = display_bytes < rest.size();

  out += "<a href=\"";
  AppendEscaped(out, url);
  out += "\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\">";
  out += "<span class=\"invisible\">";
  AppendEscaped(out, url.substr(0, prefix));
  out += cutoff ? "</span><span class=\"ellipsis\">" : "</span><span class=\"\">";
  AppendEscaped(out, rest.substr(0, display_bytes));
  out += "</span><span class=\"invisible\">";
  AppendEscaped(out, rest.substr(display_bytes));
  out += "</span></a>";
}

void AppendHashtag(std::string& out, const Hashtag& tag, const RenderOptions& options) {
  out += "<a href=\"";
  std::string href = options.base_url;
  href += "/tags/";
  AppendPercentEncoded(href, tag.name);
  AppendEscaped(out, href);
  out += "\" class=\"mention hashtag\" rel=\"tag\">#<span>";
  AppendEscaped(out, tag.name);
  out += tag.weibo_style ? "</span>#</a>" : "</span></a>";
}

void AppendMention(std::string& out, std::string_view source, const Mention& mention,
                   const RenderOptions& options) {
  std::optional<MentionTarget> target;
  if (options.resolve_mention) target = options.resolve_mention(mention);
  if (!target) {
    AppendEscaped(out, source);
    return;
  }
  out += "<span class=\"h-card\" translate=\"no\"><a href=\"";
  AppendEscaped(out, target->url);
  out += "\" class=\"u-url mention\">@<span>";
  AppendEscaped(out, target->username);
  out += "</span></a></span>";
}

bool IsBlank(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const internal::Decoded d = DecodeAt(text, i);
    if (!IsWhitespace(d.cp)) return false;
    i += d.len;
  }
  return true;
}

enum class EntityKind { kLink, kMention, kHashtag };

struct EntityRef {
  size_t begin;
  size_t end;
  EntityKind kind;
  size_t index;
};

// Emits <p>, <br /> and </p><p> lazily, when the next visible content arrives, so that leading
// and trailing newlines vanish as they do in simple_format(text.strip).
class ParagraphWriter {
 public:
  explicit ParagraphWriter(std::string& out) : out_(out) {}

  void Newline() { ++pending_newlines_; }

  void BeforeContent() {
    if (!open_) {
      out_ += "<p>";
      open_ = true;
    } else if (pending_newlines_ >= 2) {
      out_ += "</p><p>";
    } else if (pending_newlines_ == 1) {
      out_ += "<br />";
    }
    pending_newlines_ = 0;
  }

  void Finish() {
    if (open_) out_ += "</p>";
  }

 private:
  std::string& out_;
  bool open_ = false;
  size_t pending_newlines_ = 0;
};

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  AppendEscaped(out, text);
  return out;
}

std::string RenderHtml(std::string_view text, const ParsedText& parsed,
                       const RenderOptions& options) {
  if (IsBlank(text)) return {};

  std::vector<EntityRef> entities;
  entities.reserve(parsed.links.size() + parsed.mentions.size() + parsed.tags.size());
  for (size_t i = 0; i < parsed.links.size(); ++i) {
    entities.push_back({parsed.links[i].begin, parsed.links[i].end, EntityKind::kLink, i});
  }
  for (size_t i = 0; i < parsed.mentions.size(); ++i) {
    entities.push_back({parsed.mentions[i].begin, parsed.mentions[i].end, EntityKind::kMention, i});
  }
  for (size_t i = 0; i < parsed.tags.size(); ++i) {
    entities.push_back({parsed.tags[i].begin, parsed.tags[i].end, EntityKind::kHashtag, i});
  }
  std::sort(entities.begin(), entities.end(),
            [](const EntityRef& a, const EntityRef& b) { return a.begin < b.begin; });

  std::string out;
  out.reserve(text.size() * 2 + entities.size() * 160 + 8);
  ParagraphWriter paragraphs(out);
  size_t cursor = 0;
  auto next_entity = entities.begin();
  while (cursor < text.size()) {
    while (next_entity != entities.end() &&
           (next_entity->begin < cursor || next_entity->end > text.size() ||
            next_entity->begin >= next_entity->end)) {
      ++next_entity;  // overlapping or out of range: not from Parse(text)
    }
    const size_t stop = next_entity == entities.end() ? text.size() : next_entity->begin;
    // Plain text up to the next entity.
    while (cursor < stop) {
      const char c = text[cursor];
      if (c == '\r' || c == '\n') {
        paragraphs.Newline();
        ++cursor;
        if (c == '\r' && cursor < stop && text[cursor] == '\n') ++cursor;  // CR LF is one
        continue;
      }
      size_t run_end = cursor;
      while (run_end < stop && text[run_end] != '\r' && text[run_end] != '\n') ++run_end;
      paragraphs.BeforeContent();
      AppendEscaped(out, text.substr(cursor, run_end - cursor));
      cursor = run_end;
    }
    if (next_entity == entities.end()) break;
    const std::string_view source =
        text.substr(next_entity->begin, next_entity->end - next_entity->begin);
    paragraphs.BeforeContent();
    switch (next_entity->kind) {
      case EntityKind::kLink:
        AppendLink(out, parsed.links[next_entity->index].url);
        break;
      case EntityKind::kMention:
        AppendMention(out, source, parsed.mentions[next_entity->index], options);
        break;
      case EntityKind::kHashtag:
        AppendHashtag(out, parsed.tags[next_entity->index], options);
        break;
    }
    cursor = next_entity->end;
    ++next_entity;
  }
  paragraphs.Finish();
  return out;
}

namespace {

// Decodes the character reference at `i` (text[i] == '&'). Returns bytes consumed, or 0 when
// it is no reference we know (then the '&' is kept as text).
size_t DecodeReference(std::string_view html, size_t i, std::string& out) {
  const size_t semicolon = html.find(';', i + 1);
  if (semicolon == std::string_view::npos || semicolon - i > 10) return 0;
  const std::string_view name = html.substr(i + 1, semicolon - i - 1);
  const size_t consumed = semicolon - i + 1;
  if (name == "amp") {
    out += '&';
  } else if (name == "lt") {
    out += '<';
  } else if (name == "gt") {
    out += '>';
  } else if (name == "quot") {
    out += '"';
  } else if (name == "apos") {
    out += '\'';
  } else if (name == "nbsp") {
    AppendUtf8(out, 0xA0);
  } else if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    char32_t cp = 0;
    for (const char d : digits) {
      int v;
      if (d >= '0' && d <= '9') {
        v = d - '0';
      } else if (hex && d >= 'a' && d <= 'f') {
        v = d - 'a' + 10;
      } else if (hex && d >= 'A' && d <= 'F') {
        v = d - 'A' + 10;
      } else {
        return 0;
      }
      cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
      if (cp > 0x10FFFF) return 0;
    }
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    AppendUtf8(out, cp);
  } else {
    return 0;
  }
  return consumed;
}

}  // namespace

std::string HtmlToPlainText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool closed_paragraph = false;
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      const size_t consumed = DecodeReference(html, i, out);
      if (consumed == 0) {
        out += '&';
        ++i;
      } else {
        i += consumed;
      }
      continue;
    }
    if (c != '<') {
      out += c;
      ++i;
      continue;
    }
    // A tag: find its end, skipping quoted attribute values that may contain '>'.
    size_t end = i + 1;
    char quote = 0;
    while (end < html.size()) {
      const char t = html[end];
      if (quote != 0) {
        if (t == quote) quote = 0;
      } else if (t == '"' || t == '\'') {
        quote = t;
      } else if (t == '>') {
        break;
      }
      ++end;
    }
    size_t name_begin = i + 1;
    const bool closing = name_begin < end && html[name_begin] == '/';
    if (closing) ++name_begin;
    size_t name_end = name_begin;
    while (name_end < end && ((html[name_end] >= 'a' && html[name_end] <= 'z') ||
                              (html[name_end] >= 'A' && html[name_end] <= 'Z'))) {
      ++name_end;
    }
    std::string name(html.substr(name_begin, name_end - name_begin));
    for (char& ch : name) ch = static_cast<char>(ch | 0x20);
    if (name == "br") {
      out += '\n';
    } else if (name == "p") {
      if (closing) {
        closed_paragraph = true;
      } else if (closed_paragraph) {
        out += "\n\n";
        closed_paragraph = false;
      }
    }
    i = end < html.size() ? end + 1 : html.size();
  }
  return out;
}

}  // namespace magpie::text
