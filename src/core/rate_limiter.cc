#include "core/rate_limiter.h"

#include <functional>

namespace magpie::core {

RateDecision RateLimiter::Hit(std::string_view key, int64_t limit,
                              std::chrono::milliseconds window) {
  const int64_t now = clock_.NowMillis();
  const int64_t window_ms = window.count();
  RateDecision d;
  d.limit = limit;
  if (limit <= 0) {
    d.remaining = 0;
    d.reset_at_ms = now;
    return d;
  }
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % shards_.size()];
  std::lock_guard lock(shard.mu);
  // Sweep expired windows now and then so idle keys do not accumulate.
  if (now - shard.last_sweep_ms > 60'000) {
    for (auto it = shard.windows.begin(); it != shard.windows.end();) {
      it = now - it->second.start_ms > 3'600'000 ? shard.windows.erase(it) : std::next(it);
    }
    shard.last_sweep_ms = now;
  }
  Window& w = shard.windows[std::string(key)];
  if (now - w.start_ms >= window_ms) {
    w.start_ms = now - (now % window_ms);
    w.count = 0;
  }
  d.reset_at_ms = w.start_ms + window_ms;
  if (w.count >= limit) {
    d.allowed = false;
    d.remaining = 0;
    return d;
  }
  ++w.count;
  d.remaining = limit - w.count;
  return d;
}

}  // namespace magpie::core
