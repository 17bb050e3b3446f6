// 64-bit time-ordered ids (DESIGN.md §3): milliseconds since the Unix epoch in the high 48 bits,
// a node id in 4 bits and a per-millisecond sequence in the low 12 bits. Ids sort by creation
// time, so Mastodon's max_id/since_id/min_id pagination is a range scan, and an id can be made
// for any instant (IdForTime) to page by date. Serialized as decimal strings in JSON.
// Thread-safe: Next() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace magpie::core {

using Id = int64_t;

constexpr int kIdSequenceBits = 12;
constexpr int kIdNodeBits = 4;
constexpr int kIdLowBits = kIdSequenceBits + kIdNodeBits;

class IdGenerator {
 public:
  IdGenerator(const Clock& clock, int node_id);
  Id Next();

 private:
  const Clock& clock_;
  int64_t node_bits_;
  std::atomic<int64_t> last_;  // the last id handed out; ids only grow
};

// The smallest id that could be made at `millis`.
inline Id IdForTime(int64_t millis) { return millis << kIdLowBits; }
inline int64_t IdMillis(Id id) { return id >> kIdLowBits; }

// Parses a decimal id from a client; nullopt unless it is 1..19 digits and positive.
std::optional<Id> ParseId(std::string_view text);
inline std::string IdToString(Id id) { return std::to_string(id); }

}  // namespace magpie::core
