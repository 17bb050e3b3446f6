#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>
#include <set>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/id.h"
#include "core/metrics.h"
#include "core/result.h"
#include "core/utf8.h"

namespace magpie::core {
namespace {

TEST(ResultTest, CarriesValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 7);
  Result<int> bad = Error::NotFound("nope");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(bad.error().message, "nope");
}

Result<int> Doubles(Result<int> in) {
  MAGPIE_ASSIGN_OR_RETURN(int v, std::move(in));
  return v * 2;
}

TEST(ResultTest, AssignOrReturnPropagates) {
  EXPECT_EQ(*Doubles(21), 42);
  EXPECT_EQ(Doubles(Error::Forbidden("x")).error().code, ErrorCode::kForbidden);
}

TEST(IdTest, TimeOrderedAndUniqueAcrossThreads) {
  ManualClock clock(1'800'000'000'000);
  IdGenerator gen(clock, 3);
  std::vector<std::vector<Id>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& out : per_thread) {
    threads.emplace_back([&gen, &out] {
      for (int i = 0; i < 10000; ++i) out.push_back(gen.Next());
    });
  }
  for (auto& t : threads) t.join();
  std::set<Id> all;
  for (auto& v : per_thread) {
    for (size_t i = 1; i < v.size(); ++i) EXPECT_LT(v[i - 1], v[i]);
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(all.size(), 40000u);
  clock.Advance(std::chrono::hours(1));
  Id later = gen.Next();
  EXPECT_GE(IdMillis(later), 1'800'003'600'000);
  EXPECT_GT(later, *all.rbegin());
}

TEST(IdTest, ParsesOnlyPositiveDecimal) {
  EXPECT_EQ(ParseId("12345"), 12345);
  EXPECT_FALSE(ParseId(""));
  EXPECT_FALSE(ParseId("-1"));
  EXPECT_FALSE(ParseId("0"));
  EXPECT_FALSE(ParseId("12a"));
  EXPECT_FALSE(ParseId("99999999999999999999"));
}

TEST(ClockTest, Iso8601RoundTrip) {
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(1'764'262'127'123), "2025-11-27T16:48:47.123Z");
  EXPECT_EQ(ParseIso8601("2025-11-27T16:48:47.123Z"), 1'764'262'127'123);
  EXPECT_EQ(ParseIso8601("2025-11-27T17:48:47+01:00"), 1'764'262'127'000);
  EXPECT_EQ(ParseIso8601("garbage"), -1);
  EXPECT_EQ(FormatDate(1'764'262'127'123), "2025-11-27");
}

// The formatting is hand-written for speed; gmtime_r + snprintf is the reference it must match.
TEST(ClockTest, FormattingMatchesTheCLibraryAcrossCenturiesAndLeapDays) {
  auto reference = [](int64_t millis) {
    std::time_t secs = static_cast<std::time_t>(millis / 1000);
    int ms = static_cast<int>(millis % 1000);
    if (ms < 0) {
      ms += 1000;
      --secs;
    }
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return std::string(buf);
  };
  std::vector<int64_t> samples = {0,
                                  -1,
                                  951'782'400'000,       // 2000-02-29
                                  4'107'542'399'999,     // 2100-02-28T23:59:59.999
                                  4'107'542'400'000,     // 2100-03-01 (no leap day)
                                  -2'208'988'800'000,    // 1900-01-01
                                  253'402'300'799'999,   // 9999-12-31T23:59:59.999
                                  -62'135'596'800'000};  // 0001-01-01
  uint64_t x = 88172645463325252ull;  // xorshift: a spread of instants, 1 AD to 9999
  for (int i = 0; i < 20'000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    samples.push_back(-62'135'596'800'000 + static_cast<int64_t>(x % 315'537'897'600'000ull));
  }
  for (int64_t millis : samples) {
    const std::string want = reference(millis);
    ASSERT_EQ(FormatIso8601(millis), want) << millis;
    ASSERT_EQ(FormatDate(millis), want.substr(0, 10)) << millis;
  }
}

TEST(Utf8Test, AcceptsValidRejectsMalformed) {
  EXPECT_TRUE(IsValidUtf8("hello 你好 مرحبا 👨‍👩‍👧‍👦"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8(std::string_view("a\0b", 3)));
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE4\xBD"));          // truncated
}

TEST(CryptoTest, PasswordsAndTokens) {
  InitCrypto();
  auto hash = HashPassword("correct horse", MinimalCost());
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*hash, "wrong horse"));
  std::string a = RandomToken(), b = RandomToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(MetricsTest, RendersPrometheusText) {
  metrics::Registry reg;
  reg.GetCounter("magpie_requests_total", "Requests", "code=\"200\"").Add(3);
  reg.GetHistogram("magpie_latency_seconds", "Latency").Observe(0.002);
  std::string text = reg.Render();
  EXPECT_NE(text.find("# TYPE magpie_requests_total counter"), std::string::npos);
  EXPECT_NE(text.find("magpie_requests_total{code=\"200\"} 3"), std::string::npos);
  EXPECT_NE(text.find("magpie_latency_seconds_bucket{le=\"0.0025\"} 1"), std::string::npos);
  EXPECT_NE(text.find("magpie_latency_seconds_count 1"), std::string::npos);
}

}  // namespace
}  // namespace magpie::core

#include "core/rate_limiter.h"

namespace magpie::core {
namespace {

TEST(RateLimiterTest, FixedWindowPerKey) {
  ManualClock clock(1'000'000);
  RateLimiter limiter(clock);
  for (int i = 0; i < 3; ++i) {
    RateDecision d = limiter.Hit("a", 3, std::chrono::minutes(5));
    EXPECT_TRUE(d.allowed);
    EXPECT_EQ(d.remaining, 2 - i);
  }
  EXPECT_FALSE(limiter.Hit("a", 3, std::chrono::minutes(5)).allowed);
  EXPECT_TRUE(limiter.Hit("b", 3, std::chrono::minutes(5)).allowed);
  clock.Advance(std::chrono::minutes(5));
  EXPECT_TRUE(limiter.Hit("a", 3, std::chrono::minutes(5)).allowed);
  EXPECT_TRUE(limiter.Hit("a", 0, std::chrono::minutes(5)).allowed);  // 0 disables
}

}  // namespace
}  // namespace magpie::core
