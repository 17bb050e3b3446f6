// Time is injected (STYLE.md §3): services ask a Clock, so tests can use a ManualClock and run
// deterministic. Thread-safe: SystemClock is stateless, ManualClock uses an atomic.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace magpie::core {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  int64_t NowMillis() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Now().time_since_epoch()).count();
  }
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t millis = 1'700'000'000'000) : millis_(millis) {}
  TimePoint Now() const override {
    return TimePoint(std::chrono::milliseconds(millis_.load(std::memory_order_relaxed)));
  }
  void Advance(std::chrono::milliseconds d) { millis_.fetch_add(d.count()); }
  void Set(int64_t millis) { millis_.store(millis); }

 private:
  std::atomic<int64_t> millis_;
};

// "2026-11-27T16:48:47.123Z", the ISO 8601 form Mastodon uses in JSON.
std::string FormatIso8601(int64_t millis);
// Date-only "2026-11-27" (Mastodon's last_status_at).
std::string FormatDate(int64_t millis);
// Parses ISO 8601 UTC timestamps ("...Z" or "+00:00"); returns -1 when malformed.
int64_t ParseIso8601(const std::string& text);

}  // namespace magpie::core
