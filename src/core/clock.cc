#include "core/clock.h"

#include <cstdio>
#include <ctime>

namespace magpie::core {

namespace {

struct CivilTime {
  int64_t year;
  int month, day, hour, minute, second, millisecond;
};

// Days since 1970-01-01 to a proleptic Gregorian date, in 400-year eras (146,097 days each), with
// years starting on 1 March so that the leap day ends the year.
CivilTime ToCivil(int64_t millis) {
  int64_t days = millis / 86'400'000;
  int64_t rest = millis % 86'400'000;
  if (rest < 0) {
    rest += 86'400'000;
    --days;
  }
  days += 719'468;  // 0000-03-01 to 1970-01-01
  const int64_t era = (days >= 0 ? days : days - 146'096) / 146'097;
  const int64_t day_of_era = days - era * 146'097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1'460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;
  CivilTime t{};
  t.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  t.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  t.year = year_of_era + era * 400 + (t.month <= 2 ? 1 : 0);
  t.hour = static_cast<int>(rest / 3'600'000);
  t.minute = static_cast<int>(rest / 60'000 % 60);
  t.second = static_cast<int>(rest / 1000 % 60);
  t.millisecond = static_cast<int>(rest % 1000);
  return t;
}

void PutDigits(char* at, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// "YYYY-MM-DD"; a year outside what four digits hold is written out in full.
std::string DateOf(const CivilTime& t) {
  if (t.year < 0 || t.year > 9999) {
    return std::to_string(t.year) + "-" + std::to_string(100 + t.month).substr(1) + "-" +
           std::to_string(100 + t.day).substr(1);
  }
  std::string out = "0000-00-00";
  PutDigits(out.data(), t.year, 4);
  PutDigits(out.data() + 5, t.month, 2);
  PutDigits(out.data() + 8, t.day, 2);
  return out;
}

}  // namespace

// Every status and account of every page formats a date or two, so no snprintf or gmtime_r
// (both take locks and parse a format string) here.
std::string FormatIso8601(int64_t millis) {
  const CivilTime t = ToCivil(millis);
  std::string out = DateOf(t);
  const size_t time_at = out.size() + 1;
  out += "T00:00:00.000Z";
  PutDigits(out.data() + time_at, t.hour, 2);
  PutDigits(out.data() + time_at + 3, t.minute, 2);
  PutDigits(out.data() + time_at + 6, t.second, 2);
  PutDigits(out.data() + time_at + 9, t.millisecond, 3);
  return out;
}

std::string FormatDate(int64_t millis) { return DateOf(ToCivil(millis)); }

int64_t ParseIso8601(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &consumed) !=
      6) {
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3) return -1;
    h = mi = s = 0;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return -1;
  int64_t ms = 0;
  const char* rest = text.c_str() + consumed;
  if (*rest == '.') {
    ++rest;
    int digits = 0;
    while (*rest >= '0' && *rest <= '9') {
      if (digits < 3) ms = ms * 10 + (*rest - '0');
      ++digits;
      ++rest;
    }
    while (digits++ < 3) ms *= 10;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  int64_t secs = timegm(&tm);
  int offset_minutes = 0;
  if (*rest == '+' || *rest == '-') {
    int oh = 0, om = 0;
    if (std::sscanf(rest + 1, "%2d:%2d", &oh, &om) != 2) return -1;
    offset_minutes = (oh * 60 + om) * (*rest == '+' ? 1 : -1);
  } else if (*rest != 'Z' && *rest != '\0') {
    return -1;
  }
  return (secs - offset_minutes * 60) * 1000 + ms;
}

}  // namespace magpie::core
