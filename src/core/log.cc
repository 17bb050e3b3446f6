#include "core/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>

#include "core/clock.h"

namespace magpie::core::log {
namespace {

std::atomic<Level> g_min_level{Level::kInfo};
std::atomic<bool> g_human{false};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void Configure(Level min_level, Format format) {
  g_min_level = min_level;
  g_human = format == Format::kHuman || (format == Format::kAuto && isatty(STDERR_FILENO));
}

bool Enabled(Level level) { return level >= g_min_level.load(std::memory_order_relaxed); }

void AppendJsonEscaped(std::string& out, std::string_view s) {
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  std::string line;
  line.reserve(128);
  if (g_human.load(std::memory_order_relaxed)) {
    line += FormatIso8601(now).substr(11, 12);
    line += ' ';
    line += LevelName(level);
    line += "  ";
    line += message;
    for (const Field& f : fields) {
      line += ' ';
      line += f.key;
      line += '=';
      line += f.value;
    }
  } else {
    line += R"({"time":")";
    line += FormatIso8601(now);
    line += R"(","level":")";
    line += LevelName(level);
    line += R"(","msg":")";
    AppendJsonEscaped(line, message);
    line += '"';
    for (const Field& f : fields) {
      line += ",\"";
      AppendJsonEscaped(line, f.key);
      line += "\":";
      if (f.quoted) {
        line += '"';
        AppendJsonEscaped(line, f.value);
        line += '"';
      } else {
        line += f.value;
      }
    }
    line += '}';
  }
  line += '\n';
  // One write per line keeps concurrent lines whole; a short write to stderr is not worth a retry.
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace magpie::core::log
