// Internal to src/text: decoding UTF-8 one code point at a time and the character classes the
// parser needs. Parse() and the renderers walk bytes and decode only where a decision depends on
// a non-ASCII character, so everything here is inline and allocation-free.
//
// The decoder never reads out of bounds and turns a malformed byte into U+FFFD of length 1:
// callers promise valid UTF-8, but a broken promise must not become a crash.
#pragma once

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace magpie::text::internal {

inline constexpr char32_t kReplacementChar = 0xFFFD;

struct Decoded {
  char32_t cp;
  size_t len;  // bytes consumed, >= 1
};

// Decodes the code point that starts at byte `i` (< s.size()).
inline Decoded DecodeAt(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  size_t len;
  char32_t cp;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    return {kReplacementChar, 1};
  }
  if (len > s.size() - i) return {kReplacementChar, 1};
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {kReplacementChar, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp > 0x10FFFF) return {kReplacementChar, 1};
  return {cp, len};
}

// The code point that ends just before byte `i` (> 0).
inline char32_t DecodeBefore(std::string_view s, size_t i) {
  size_t j = i - 1;
  while (j > 0 && i - j < 4 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
  const Decoded d = DecodeAt(s, j);
  return j + d.len == i ? d.cp : kReplacementChar;
}

inline void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

inline bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

inline bool IsLetter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return (U_GET_GC_MASK(c) & U_GC_L_MASK) != 0;
}

inline bool IsMark(char32_t c) { return c >= 0x80 && (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }

inline bool IsDecimalDigit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  return u_charType(c) == U_DECIMAL_DIGIT_NUMBER;
}

// Letters, marks, decimal digits and '_': what Mastodon's [[:word:]] and twitter-text treat as
// part of a word, so '@' or '#' right after one is inside a word (an e-mail, "C#").
inline bool IsWordChar(char32_t c) {
  if (c < 0x80) return IsAsciiAlnum(c) || c == '_';
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

// Scripts written without spaces between words (Chinese, Japanese kana). On Weibo a mention or
// topic is glued to the text around it ("你好@alice", "今天#春节#"), so such a letter before '@'
// or '#' does not make them part of a word.
inline bool IsCjkLetter(char32_t c) {
  if (c < 0x2E80) return false;
  if (c == 0x30FC) return true;  // ー (prolonged sound mark) is script Common
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_BOPOMOFO;
}

// East Asian letters and full-width forms: they cannot continue an ASCII URL or domain, because
// Chinese and Japanese posts put text right after a link without a space.
inline bool IsEastAsianWide(char32_t c) {
  if (c < 0x1100) return false;
  const int width = u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_EAST_ASIAN_WIDTH);
  if (width == U_EA_FULLWIDTH || width == U_EA_WIDE) return true;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL;
}

inline bool IsWhitespace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return u_isUWhiteSpace(static_cast<UChar32>(c));
}

}  // namespace magpie::text::internal
