// Small validation helpers shared by the account and auth services: Mastodon-style validation
// errors ("Validation failed: Display name is too long (maximum is 30 characters)" with per-field
// machine codes) and the shape checks both services need. Header-only, pure functions.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace magpie::domain {

// Code points in valid UTF-8 (what Mastodon calls characters for passwords and names).
inline size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// One error for all failed fields, as Rails reports them: "Validation failed: A, B".
inline core::Error ValidationFailed(const std::vector<core::FieldError>& errors) {
  std::string message = "Validation failed: ";
  bool first = true;
  for (const auto& e : errors) {
    if (!first) message += ", ";
    first = false;
    std::string field = e.field;
    std::replace(field.begin(), field.end(), '_', ' ');
    if (!field.empty() && field[0] >= 'a' && field[0] <= 'z') field[0] = char(field[0] - 'a' + 'A');
    message += field + " " + e.description;
  }
  core::Error error = core::Error::Invalid(std::move(message));
  error.details = errors;
  return error;
}

inline core::Error ValidationFailed(std::string field, std::string code, std::string description) {
  return ValidationFailed({{std::move(field), std::move(code), std::move(description)}});
}

// BCP 47-ish: "en", "zh-Hant", "pt-BR", "es-419".
inline bool LooksLikeLocale(std::string_view locale) {
  if (locale.empty() || locale.size() > 35) return false;
  bool first = true;
  while (true) {
    size_t dash = locale.find('-');
    std::string_view part = locale.substr(0, dash);
    if (part.empty() || part.size() > 8) return false;
    for (char c : part) {
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      bool digit = c >= '0' && c <= '9';
      if (!alpha && !(digit && !first)) return false;
    }
    if (first && (part.size() < 2 || part.size() > 3)) return false;
    first = false;
    if (dash == std::string_view::npos) return true;
    locale.remove_prefix(dash + 1);
  }
}

// An ISO 639 language code as Mastodon takes it for posts ("en", "zh", "ast").
inline bool LooksLikeLanguage(std::string_view code) {
  if (code.size() < 2 || code.size() > 3) return false;
  return std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace magpie::domain
