// Counting and normalizing: post length in grapheme clusters and the tag key.
//
// ICU objects are the expensive part, so they are made once: the NFKC_Casefold normalizer is an
// ICU-owned singleton (immutable, safe to share), and each thread keeps its own character break
// iterator because a BreakIterator holds iteration state and must not be shared.

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "text/codepoint.h"
#include "text/text.h"

namespace magpie::text {
namespace {

using internal::AppendUtf8;
using internal::DecodeAt;
using internal::Decoded;
using internal::IsDecimalDigit;
using internal::IsLetter;
using internal::IsWhitespace;

icu::BreakIterator* ThreadCharacterIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) it.reset();
    return it;
  }();
  return iterator.get();
}

}  // namespace

size_t CountGraphemes(std::string_view text) {
  // ASCII needs no ICU: every byte is a cluster except that CR LF is one.
  bool ascii = true;
  size_t crlf = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b >= 0x80) {
      ascii = false;
      break;
    }
    if (b == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++crlf;
  }
  if (ascii) return text.size() - crlf;

  icu::BreakIterator* it = ThreadCharacterIterator();
  UErrorCode status = U_ZERO_ERROR;
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()), &status);
  if (it == nullptr || U_FAILURE(status)) {
    // ICU data missing: fall back to code points rather than fail a post.
    utext_close(&utext);
    size_t count = 0;
    for (size_t i = 0; i < text.size(); i += DecodeAt(text, i).len) ++count;
    return count;
  }
  it->setText(&utext, status);
  size_t count = 0;
  if (U_SUCCESS(status)) {
    it->first();
    while (it->next() != icu::BreakIterator::DONE) ++count;
  }
  utext_close(&utext);
  return count;
}

size_t CountPostLength(std::string_view text, const ParsedText& parsed, size_t url_length) {
  // Like Mastodon: every link becomes url_length characters and @user@domain counts as @user.
  // The replacement text is counted as a whole so clusters across a boundary count as ICU says.
  struct Replacement {
    size_t begin;
    size_t end;
    std::string_view with;  // empty with is_link: url_length placeholder characters
    bool is_link;
  };
  std::vector<Replacement> replacements;
  replacements.reserve(parsed.links.size() + parsed.mentions.size());
  for (const Link& link : parsed.links) replacements.push_back({link.begin, link.end, {}, true});
  for (const Mention& mention : parsed.mentions) {
    if (!mention.domain.empty()) {
      replacements.push_back({mention.begin, mention.end, {}, false});
    }
  }
  if (replacements.empty()) return CountGraphemes(text);
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.begin < b.begin; });

  std::string countable;
  countable.reserve(text.size() + replacements.size() * url_length);
  size_t cursor = 0;
  for (const Replacement& r : replacements) {
    // Entities from a Parse() of another text are ignored rather than trusted.
    if (r.begin < cursor || r.end > text.size() || r.begin >= r.end) continue;
    countable.append(text.substr(cursor, r.begin - cursor));
    if (r.is_link) {
      countable.append(url_length, 'x');
    } else {
      // "@user@domain": keep "@user", which is plain ASCII up to the second '@'.
      const std::string_view mention = text.substr(r.begin, r.end - r.begin);
      const size_t second_at = mention.find('@', 1);
      countable.append(mention.substr(0, second_at));
    }
    cursor = r.end;
  }
  countable.append(text.substr(cursor));
  return CountGraphemes(countable);
}

std::string NormalizeTag(std::string_view name) {
  if (name.size() > static_cast<size_t>(INT32_MAX)) return {};
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string folded;
  if (U_SUCCESS(status)) {
    icu::StringByteSink<std::string> sink(&folded, static_cast<int32_t>(name.size()));
    normalizer->normalizeUTF8(0, icu::StringPiece(name.data(), static_cast<int32_t>(name.size())),
                              sink, nullptr, status);
  }
  if (U_FAILURE(status)) return {};

  // Weibo topics may hold spaces: "#春节  快乐#" and "#春节 快乐#" are one topic.
  std::string key;
  key.reserve(folded.size());
  bool has_letter_or_digit = false;
  bool pending_space = false;
  for (size_t i = 0; i < folded.size();) {
    const Decoded d = DecodeAt(folded, i);
    i += d.len;
    if (IsWhitespace(d.cp)) {
      pending_space = !key.empty();
      continue;
    }
    if (pending_space) key += ' ';
    pending_space = false;
    if (IsLetter(d.cp) || IsDecimalDigit(d.cp)) has_letter_or_digit = true;
    AppendUtf8(key, d.cp);
  }
  if (!has_letter_or_digit) return {};
  return key;
}

}  // namespace magpie::text
