// Parse(): one left-to-right pass over the UTF-8 bytes that finds links, mentions and hashtags.
//
// Only three ASCII bytes can start an entity ('h'/'H' for http(s)://, '@', '#'), so the scanner
// steps byte by byte and decodes code points only around those bytes. When an entity is found
// the scan resumes after it, which is what keeps entities ordered and non-overlapping and makes
// "https://x.com/#anchor" or "https://x.com/@bob" one link rather than a link plus a tag or a
// mention. Lookahead is bounded by the entity being read (a Weibo topic looks at most 64 code
// points ahead), so the whole pass is linear in practice. No regular expressions: the rules below
// need Unicode classes and context that regex engines make slow or unreadable.
//
// The rules, in the order the scanner applies them at each position:
//
// Links: "http://" or "https://" (any case), not preceded by an ASCII letter, digit or '_'. Host:
//   letters (IDN allowed), digits, '-', '_', '.'; it must start with a letter or digit. An East
//   Asian wide letter right after an ASCII character of the same label ends the host
//   ("https://t.cn你好" is the link "https://t.cn"), full-width forms always end it. Then an
//   optional ":port" and a path/query/fragment of URL characters and non-East-Asian letters.
//   Trailing . , ! ? : ; ' " are dropped, and so are ) and ] unless they close a ( or [ of the
//   URL. East Asian punctuation (。，！？) and full-width characters are never part of a link.
// Mentions: '@' + 1..30 of [A-Za-z0-9_], optionally '@' + domain (letters incl. IDN, digits, '-',
//   '.'; trailing dots and hyphens dropped). Not a mention when preceded by a word character
//   (e-mail addresses) unless it is a Chinese/Japanese character (Weibo writes "你好@alice"), nor
//   when preceded by one of @ = / ! # $ % & * +, nor when followed by a non-CJK word character,
//   a second '@' that starts no domain, or "://".
// Hashtags: '#' not preceded by a non-CJK word character or by '&' (so "&#39;" and "C#" are not
//   tags). Then, first, a Weibo topic #话题#, else a Twitter tag #tag:
//   - Weibo: the next '#' closes the topic when it comes within 1..64 code points, with no
//     newline and no "://" between, and the content has a letter or digit. The name is the
//     content without leading and trailing whitespace; spaces inside stay ("#春节 快乐#").
//     Exception (the "two tags" rule): when the closing '#' is preceded by whitespace and
//     followed by a character that can start a tag name (letter, mark, digit, '_'), the two '#'
//     are two separate Twitter-style tags, not a topic: "#tag1 #tag2", "#cats, and #dogs".
//     Whitespace-free content is always a topic ("#tag1#tag2" is the topic "tag1"), and so is
//     content whose closing '#' has no tag name after it ("#Hello World#", "# 春节 #").
//   - Twitter: '#' + a run of letters, marks, digits, '_', '·' (U+00B7), '・' (U+30FB), ZWNJ and
//     ZWJ with at least one letter ("#123" and "#_1" are not tags; nor is the keycap emoji
//     #️⃣), not followed by "://".

#include <optional>
#include <string_view>

#include "text/codepoint.h"
#include "text/text.h"

namespace magpie::text {
namespace {

using internal::DecodeAt;
using internal::DecodeBefore;
using internal::Decoded;
using internal::IsAsciiAlnum;
using internal::IsCjkLetter;
using internal::IsDecimalDigit;
using internal::IsEastAsianWide;
using internal::IsLetter;
using internal::IsMark;
using internal::IsWhitespace;
using internal::IsWordChar;

constexpr size_t kMaxUsernameLength = 30;
constexpr size_t kMaxDomainBytes = 253;
constexpr size_t kMaxWeiboTopicChars = 64;

bool HasAt(std::string_view s, size_t i, std::string_view what) {
  return s.size() - i >= what.size() && s.substr(i, what.size()) == what;
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Length of "http://" or "https://" at `i` (case-insensitive), or 0.
size_t SchemeLength(std::string_view s, size_t i) {
  constexpr std::string_view kHttps = "https://";
  size_t k = 0;
  while (k < kHttps.size() && i + k < s.size()) {
    const char c = AsciiLower(s[i + k]);
    if (k == 4 && c == ':') {
      return HasAt(s, i + k, "://") ? 7 : 0;  // "http://"
    }
    if (c != kHttps[k]) return 0;
    ++k;
  }
  return k == kHttps.size() ? k : 0;
}

// Scans a host name (URL) or a mention domain starting at `i`; returns its end. Labels may mix
// scripts, but an East Asian wide letter directly after an ASCII character ends the host: that
// is Chinese or Japanese text glued to the link, not part of an IDN label.
size_t ScanHost(std::string_view s, size_t i, bool allow_underscore) {
  size_t pos = i;
  bool after_ascii = false;
  while (pos < s.size()) {
    const Decoded d = DecodeAt(s, pos);
    const char32_t c = d.cp;
    if (c == '.') {
      after_ascii = false;
    } else if (IsAsciiAlnum(c) || c == '-' || (allow_underscore && c == '_')) {
      after_ascii = true;
    } else if (c >= 0x80 && (IsLetter(c) || IsMark(c) || IsDecimalDigit(c))) {
      const bool wide = IsEastAsianWide(c);
      if (wide && (after_ascii || (c >= 0xFF00 && c <= 0xFFEF))) break;
      after_ascii = false;
    } else {
      break;
    }
    pos += d.len;
  }
  return pos;
}

bool StartsWithLetterOrDigit(std::string_view s, size_t i) {
  const char32_t c = DecodeAt(s, i).cp;
  return IsLetter(c) || IsDecimalDigit(c);
}

// Characters that may appear in a URL path, query or fragment.
bool IsUrlPathChar(char32_t c) {
  if (c < 0x80) {
    if (c <= 0x20 || c == 0x7F) return false;
    switch (c) {
      case '"':
      case '<':
      case '>':
      case '\\':
      case '^':
      case '`':
      case '{':
      case '}':
        return false;
      default:
        return true;
    }
  }
  return (IsLetter(c) || IsMark(c) || IsDecimalDigit(c)) && !IsEastAsianWide(c);
}

// Returns the end of the link starting at `i` (which has a scheme), or nullopt.
std::optional<size_t> ScanUrl(std::string_view s, size_t i, size_t scheme_length) {
  const size_t host_begin = i + scheme_length;
  if (host_begin >= s.size() || !StartsWithLetterOrDigit(s, host_begin)) return std::nullopt;
  size_t pos = ScanHost(s, host_begin, /*allow_underscore=*/true);
  if (pos == host_begin) return std::nullopt;
  if (pos + 1 < s.size() && s[pos] == ':' && s[pos + 1] >= '0' && s[pos + 1] <= '9') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  if (pos < s.size() && (s[pos] == '/' || s[pos] == '?' || s[pos] == '#')) {
    while (pos < s.size()) {
      const Decoded d = DecodeAt(s, pos);
      if (!IsUrlPathChar(d.cp)) break;
      pos += d.len;
    }
  }
  // Drop punctuation that ends the sentence rather than the URL. Brackets stay when balanced,
  // as in "https://en.wikipedia.org/wiki/Magpie_(bird)".
  size_t open_paren = 0, close_paren = 0, open_bracket = 0, close_bracket = 0;
  for (size_t k = host_begin; k < pos; ++k) {
    switch (s[k]) {
      case '(':
        ++open_paren;
        break;
      case ')':
        ++close_paren;
        break;
      case '[':
        ++open_bracket;
        break;
      case ']':
        ++close_bracket;
        break;
      default:
        break;
    }
  }
  while (pos > host_begin + 1) {
    const char last = s[pos - 1];
    if (last == '.' || last == ',' || last == '!' || last == '?' || last == ':' || last == ';' ||
        last == '\'' || last == '"') {
      --pos;
    } else if (last == ')' && close_paren > open_paren) {
      --close_paren;
      --pos;
    } else if (last == ']' && close_bracket > open_bracket) {
      --close_bracket;
      --pos;
    } else {
      break;
    }
  }
  return pos;
}

// True when the code point before '@' at `i` makes it part of a word or of another construct.
bool MentionBlockedBefore(std::string_view s, size_t i) {
  if (i == 0) return false;
  const char32_t p = DecodeBefore(s, i);
  switch (p) {
    case '@':
    case '=':
    case '/':
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '*':
    case '+':
      return true;
    default:
      return IsWordChar(p) && !IsCjkLetter(p);
  }
}

bool IsUsernameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// True when what follows a mention at `pos` means it was not a mention after all.
bool MentionBlockedAfter(std::string_view s, size_t pos) {
  if (pos >= s.size()) return false;
  const char32_t c = DecodeAt(s, pos).cp;
  if (c == '@') return true;
  if (c == ':' && HasAt(s, pos, "://")) return true;
  return IsWordChar(c) && !IsCjkLetter(c);
}

std::optional<Mention> ScanMention(std::string_view s, size_t i) {
  if (MentionBlockedBefore(s, i)) return std::nullopt;
  size_t pos = i + 1;
  while (pos < s.size() && IsUsernameChar(s[pos])) ++pos;
  const size_t username_length = pos - (i + 1);
  if (username_length == 0 || username_length > kMaxUsernameLength) return std::nullopt;
  Mention mention;
  mention.username.assign(s.substr(i + 1, username_length));
  if (pos < s.size() && s[pos] == '@') {
    const size_t domain_begin = pos + 1;
    if (domain_begin < s.size() && StartsWithLetterOrDigit(s, domain_begin)) {
      size_t domain_end = ScanHost(s, domain_begin, /*allow_underscore=*/false);
      while (domain_end > domain_begin && (s[domain_end - 1] == '.' || s[domain_end - 1] == '-')) {
        --domain_end;
      }
      if (domain_end - domain_begin > kMaxDomainBytes) return std::nullopt;
      mention.domain.assign(s.substr(domain_begin, domain_end - domain_begin));
      pos = domain_end;
    }
  }
  if (MentionBlockedAfter(s, pos)) return std::nullopt;
  mention.begin = i;
  mention.end = pos;
  return mention;
}

bool HashtagBlockedBefore(std::string_view s, size_t i) {
  if (i == 0) return false;
  const char32_t p = DecodeBefore(s, i);
  if (p == '&') return true;
  return IsWordChar(p) && !IsCjkLetter(p);
}

bool IsTagChar(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(c) || c == '_';
  if (c == 0x00B7 || c == 0x30FB || c == 0x200C || c == 0x200D) return true;
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

// Could `c` begin the name of a hashtag? Used by the "two tags" rule.
bool CanStartTagName(char32_t c) { return c == '_' || IsWordChar(c); }

// Tries #话题# at `i`.
std::optional<Hashtag> ScanWeiboTopic(std::string_view s, size_t i) {
  size_t pos = i + 1;
  size_t chars = 0;
  bool has_letter_or_digit = false;
  while (true) {
    if (pos >= s.size()) return std::nullopt;
    const Decoded d = DecodeAt(s, pos);
    if (d.cp == '#') break;
    if (d.cp == '\n' || d.cp == '\r') return std::nullopt;
    if (d.cp == ':' && HasAt(s, pos, "://")) return std::nullopt;
    if (++chars > kMaxWeiboTopicChars) return std::nullopt;
    if (IsLetter(d.cp) || IsDecimalDigit(d.cp)) has_letter_or_digit = true;
    pos += d.len;
  }
  const size_t close = pos;
  if (!has_letter_or_digit) return std::nullopt;
  // The "two tags" rule (see the file comment): "#tag1 #tag2" is two Twitter tags.
  if (IsWhitespace(DecodeBefore(s, close)) && close + 1 < s.size() &&
      CanStartTagName(DecodeAt(s, close + 1).cp)) {
    return std::nullopt;
  }
  size_t name_begin = i + 1;
  while (name_begin < close) {
    const Decoded d = DecodeAt(s, name_begin);
    if (!IsWhitespace(d.cp)) break;
    name_begin += d.len;
  }
  size_t name_end = close;
  while (name_end > name_begin) {
    const char32_t c = DecodeBefore(s, name_end);
    if (!IsWhitespace(c)) break;
    // Whitespace is ASCII or a code point we decoded whole, so step back by its encoded size.
    name_end -= c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  Hashtag tag;
  tag.name.assign(s.substr(name_begin, name_end - name_begin));
  tag.weibo_style = true;
  tag.begin = i;
  tag.end = close + 1;
  return tag;
}

// Tries #tag at `i`.
std::optional<Hashtag> ScanTwitterTag(std::string_view s, size_t i) {
  size_t pos = i + 1;
  bool has_letter = false;
  if (pos < s.size()) {
    // U+FE0F and U+20E3 after '#' make the keycap emoji #️⃣, not a tag.
    const char32_t first = DecodeAt(s, pos).cp;
    if (first == 0xFE0F || first == 0x20E3) return std::nullopt;
  }
  while (pos < s.size()) {
    const Decoded d = DecodeAt(s, pos);
    if (!IsTagChar(d.cp)) break;
    if (IsLetter(d.cp)) has_letter = true;
    pos += d.len;
  }
  if (!has_letter || HasAt(s, pos, "://")) return std::nullopt;
  Hashtag tag;
  tag.name.assign(s.substr(i + 1, pos - (i + 1)));
  tag.begin = i;
  tag.end = pos;
  return tag;
}

}  // namespace

ParsedText Parse(std::string_view text) {
  ParsedText parsed;
  size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == 'h' || c == 'H') {
      const size_t scheme = SchemeLength(text, pos);
      if (scheme != 0) {
        const char32_t before = pos == 0 ? U' ' : DecodeBefore(text, pos);
        if (!IsAsciiAlnum(before) && before != '_') {
          if (std::optional<size_t> end = ScanUrl(text, pos, scheme)) {
            parsed.links.push_back(Link{std::string(text.substr(pos, *end - pos)), pos, *end});
            pos = *end;
            continue;
          }
        }
      }
    } else if (c == '@') {
      if (std::optional<Mention> mention = ScanMention(text, pos)) {
        pos = mention->end;
        parsed.mentions.push_back(std::move(*mention));
        continue;
      }
    } else if (c == '#') {
      if (!HashtagBlockedBefore(text, pos)) {
        std::optional<Hashtag> tag = ScanWeiboTopic(text, pos);
        if (!tag) tag = ScanTwitterTag(text, pos);
        if (tag) {
          pos = tag->end;
          parsed.tags.push_back(std::move(*tag));
          continue;
        }
      }
    }
    ++pos;
  }
  return parsed;
}

}  // namespace magpie::text
