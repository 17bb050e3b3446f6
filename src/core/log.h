// Logging: one line per event. JSON lines on stderr for machines (the default when stderr is not
// a terminal); a short human format on a terminal. Thread-safe: each line is written with one
// write(2) call so lines from different threads never interleave.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace magpie::core::log {

enum class Level { kDebug, kInfo, kWarn, kError };

struct Field {
  std::string_view key;
  std::string value;
  bool quoted = true;  // false for numbers and booleans in JSON output
};

inline Field Num(std::string_view key, long long v) { return {key, std::to_string(v), false}; }
inline Field Str(std::string_view key, std::string v) { return {key, std::move(v), true}; }

enum class Format { kAuto, kJson, kHuman };

// Configures the process-wide logger (not thread-safe: call once at start-up).
void Configure(Level min_level, Format format);
bool Enabled(Level level);
void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) {
  if (Enabled(Level::kDebug)) Write(Level::kDebug, m, f);
}
inline void Info(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, m, f);
}
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kWarn, m, f);
}
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) {
  Write(Level::kError, m, f);
}

// JSON string escaping shared by the logger and tests.
void AppendJsonEscaped(std::string& out, std::string_view s);

}  // namespace magpie::core::log
