// Deterministic randomness for the synthetic network generator.
//
// `magpie gen --seed S` must produce the same rows on every machine, so nothing here uses the
// std:: distributions (their algorithms are unspecified and differ between libstdc++, libc++ and
// versions of each). The engine is std::mt19937_64, whose output sequence the standard does fix,
// and every distribution is written out below. Box-Muller uses std::log/std::sqrt/std::cos;
// their last-bit results could in principle differ between C libraries, which would move a
// handful of rounding decisions — acceptable for benchmark data, and noted in BENCHMARKS.md.
//
// Per-entity properties (an account's language, name, activity) come from Hash64(seed, stream,
// index) instead of a shared sequential stream, so they can be recomputed anywhere in O(1)
// without storing them. Not thread-safe: one Rng per thread.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace magpie::gen {

// SplitMix64's finalizer: a bijective mix of 64 bits.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A well-mixed 64-bit value for (seed, stream, index): the per-entity randomness.
inline uint64_t Hash64(uint64_t seed, uint64_t stream, uint64_t index) {
  return Mix64(Mix64(seed ^ Mix64(stream)) ^ index);
}

// A double in [0, 1) from 64 random bits (the top 53).
inline double UnitFromBits(uint64_t bits) {
  return static_cast<double>(bits >> 11) * (1.0 / 9007199254740992.0);
}

// An integer in [0, n) from 64 random bits: Lemire's multiply-shift (bias below 2^-32 for the
// n used here, far beneath anything a benchmark can see).
inline uint64_t BelowFromBits(uint64_t bits, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(bits) * n) >> 64);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  uint64_t Next() { return engine_(); }
  // Uniform in [0, 1).
  double Unit() { return UnitFromBits(engine_()); }
  // Uniform in [0, n); n > 0.
  uint64_t Below(uint64_t n) { return BelowFromBits(engine_(), n); }
  // Uniform in [lo, hi]; lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  bool Chance(double p) { return Unit() < p; }
  // Standard normal (Box-Muller; one value per call, the twin is discarded for simplicity).
  double Normal() {
    double u1 = Unit();
    if (u1 < 1e-300) u1 = 1e-300;
    const double u2 = Unit();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }

 private:
  std::mt19937_64 engine_;
};

// Walker/Vose alias table: draws an index with probability proportional to its weight in O(1).
// 8 bytes per entry (a float threshold and a 32-bit alias), so a table over a million accounts is
// 8 MB. Build is deterministic for given weights.
class AliasTable {
 public:
  AliasTable() = default;
  explicit AliasTable(std::span<const double> weights);

  bool empty() const { return threshold_.empty(); }
  size_t size() const { return threshold_.size(); }
  uint32_t Sample(Rng& rng) const {
    const uint64_t bits = rng.Next();
    const uint32_t i = static_cast<uint32_t>(BelowFromBits(bits, threshold_.size()));
    // The low 24 bits are independent enough of the high bits that chose i.
    const float u = static_cast<float>(bits & 0xffffff) * (1.0f / 16777216.0f);
    return u < threshold_[i] ? i : alias_[i];
  }

 private:
  std::vector<float> threshold_;
  std::vector<uint32_t> alias_;
};

// A fixed-capacity open-addressing set of non-zero 64-bit keys (reblog pairs already made).
class FlatSet64 {
 public:
  explicit FlatSet64(size_t expected);
  // Inserts `key` (non-zero); false when it was already present.
  bool Insert(uint64_t key);
  size_t size() const { return size_; }

 private:
  void Grow();
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

// URL-safe base64 without padding (the alphabet of core::RandomToken).
std::string Base64Url(std::span<const uint8_t> bytes);

}  // namespace magpie::gen
