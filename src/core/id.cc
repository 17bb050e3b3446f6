#include "core/id.h"

#include <charconv>

namespace magpie::core {

IdGenerator::IdGenerator(const Clock& clock, int node_id)
    : clock_(clock),
      node_bits_(static_cast<int64_t>(node_id & ((1 << kIdNodeBits) - 1)) << kIdSequenceBits),
      last_(0) {}

Id IdGenerator::Next() {
  // Compare-and-swap loop: take max(now-based id, last + 1) so ids stay unique and increasing
  // even when the clock steps back or more than 4096 ids are asked for in one millisecond.
  const int64_t base = IdForTime(clock_.NowMillis()) | node_bits_;
  int64_t last = last_.load(std::memory_order_relaxed);
  while (true) {
    int64_t next = base > last ? base : last + 1;
    if (last_.compare_exchange_weak(last, next, std::memory_order_relaxed)) return next;
  }
}

std::optional<Id> ParseId(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  Id value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

}  // namespace magpie::core
