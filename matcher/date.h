// Calendar dates as day numbers. The core never reads a clock: "today" is
// always a parameter (ARCHITECTURE.md, Layers).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leye {

// A proleptic Gregorian calendar date, stored as days since 1970-01-01.
struct Date {
  int32_t days = 0;
  auto operator<=>(const Date&) const = default;

  static Date FromCivil(int year, unsigned month, unsigned day);
  int year() const;
  unsigned month() const;
  unsigned day() const;
};

// Parses exactly "YYYY-MM-DD" (a real calendar day, years 1900..2999).
std::optional<Date> ParseDate(std::string_view text);
// "YYYY-MM-DD".
std::string FormatDate(Date d);
// `d` plus `months` calendar months; a day past the target month's end is
// clamped to its last day (2026-01-31 + 1 month = 2026-02-28).
Date AddMonthsClamped(Date d, int months);
bool IsLeapYear(int year);
unsigned DaysInMonth(int year, unsigned month);

}  // namespace leye
