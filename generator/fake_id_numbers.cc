#include "generator/fake_id_numbers.h"

namespace leye::gen {
namespace {

// `on` moved back `years` whole years; 29 February becomes 28 February in a
// common year.
Date YearsBefore(Date on, int years) {
  const int y = on.year() - years;
  unsigned m = on.month(), d = on.day();
  if (d > DaysInMonth(y, m)) d = DaysInMonth(y, m);
  return Date::FromCivil(y, m, d);
}

void AppendDigits(std::string& s, int64_t v, int width) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  s.append(buf, static_cast<size_t>(width));
}

}  // namespace

Date BirthDateForAge(Rng& rng, Date on, int age) {
  // Born after `on - (age+1) years` and no later than `on - age years`.
  const Date latest = YearsBefore(on, age);
  const Date earliest{YearsBefore(on, age + 1).days + 1};
  Date b{static_cast<int32_t>(rng.Between(earliest.days, latest.days))};
  // The 29 February rule of AgeOn can shift the window by a day at its ends.
  while (AgeOn(b, on) > age) ++b.days;
  while (AgeOn(b, on) < age) --b.days;
  return b;
}

std::string MakeIdNumber(std::string_view region, Date birth, int sequence) {
  std::string id;
  id.reserve(18);
  id.append(region);
  AppendDigits(id, birth.year(), 4);
  AppendDigits(id, birth.month(), 2);
  AppendDigits(id, birth.day(), 2);
  AppendDigits(id, sequence, 3);
  id.push_back(IdNumberCheckChar(id));
  return id;
}

std::optional<std::string> IdNumberIssuer::Issue(Rng& rng, std::string_view region, Date birth,
                                                 Sex sex) {
  uint64_t prefix = 0;  // region + birth date: 14 digits
  for (char c : region) prefix = prefix * 10 + static_cast<uint64_t>(c - '0');
  prefix = ((prefix * 10000 + static_cast<uint64_t>(birth.year())) * 100 + birth.month()) * 100 +
           birth.day();
  const int parity = sex == Sex::kMale ? 1 : 0;
  const auto start = static_cast<int>(rng.Below(50));
  for (int k = 0; k < 50; ++k) {
    const int sequence = 900 + 2 * ((start + k) % 50) + parity;
    if (issued_.insert(prefix * 1000 + static_cast<uint64_t>(sequence)).second)
      return MakeIdNumber(region, birth, sequence);
  }
  return std::nullopt;
}

}  // namespace leye::gen
