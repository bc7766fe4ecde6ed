// Civil-date conversions after Howard Hinnant's public-domain algorithms
// (days_from_civil / civil_from_days): branch-light and exact for every
// proleptic Gregorian date, so no table and no time zone are involved.
#include "matcher/date.h"

#include <cstdio>

namespace leye {
namespace {

struct Civil {
  int y;
  unsigned m;
  unsigned d;
};

int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

Civil CivilFromDays(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

}  // namespace

Date Date::FromCivil(int year, unsigned month, unsigned day) {
  return Date{DaysFromCivil(year, month, day)};
}
int Date::year() const { return CivilFromDays(days).y; }
unsigned Date::month() const { return CivilFromDays(days).m; }
unsigned Date::day() const { return CivilFromDays(days).d; }

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned DaysInMonth(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

std::optional<Date> ParseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n, int& out) {
    out = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (static_cast<unsigned>(d) > DaysInMonth(y, static_cast<unsigned>(m))) return std::nullopt;
  return Date::FromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string FormatDate(Date d) {
  const Civil c = CivilFromDays(d.days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

Date AddMonthsClamped(Date d, int months) {
  const Civil c = CivilFromDays(d.days);
  int total = c.y * 12 + static_cast<int>(c.m) - 1 + months;
  const int y = total / 12;
  const unsigned m = static_cast<unsigned>(total % 12) + 1;
  const unsigned last = DaysInMonth(y, m);
  return Date::FromCivil(y, m, c.d > last ? last : c.d);
}

}  // namespace leye
