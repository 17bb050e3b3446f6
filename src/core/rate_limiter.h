// Fixed-window rate limits keyed by strings ("sign_up:ip:1.2.3.4", "post:account:42"), kept in
// memory (a Redis-backed one can replace it when several nodes share limits). Thread-safe: the
// key space is split over shards, each with its own mutex.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/thread_annotations.h"

namespace magpie::core {

struct RateDecision {
  bool allowed = true;
  int64_t limit = 0;
  int64_t remaining = 0;
  int64_t reset_at_ms = 0;  // when the current window ends
};

class RateLimiter {
 public:
  explicit RateLimiter(const Clock& clock) : clock_(clock) {}
  // Counts one hit on `key` against `limit` per `window`. limit <= 0 disables the limit.
  RateDecision Hit(std::string_view key, int64_t limit, std::chrono::milliseconds window);

 private:
  struct Window {
    int64_t start_ms = 0;
    int64_t count = 0;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Window> windows GUARDED_BY(mu);
    int64_t last_sweep_ms GUARDED_BY(mu) = 0;
  };
  const Clock& clock_;
  std::array<Shard, 16> shards_;
};

}  // namespace magpie::core
