#include "matcher/id_number.h"

namespace leye {

char IdNumberCheckChar(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kChars[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<size_t>(i)] - '0') * kWeights[i];
  return kChars[sum % 11];
}

std::optional<std::string> IdNumberProblem(std::string_view id) {
  const bool looks_numeric_excel =
      id.find("E+") != std::string_view::npos || id.find("e+") != std::string_view::npos;
  if (looks_numeric_excel)
    return "looks like a number Excel rounded to 15 digits (E+17): format the column as text and re-enter the ID number";
  if (id.size() != 18) return "must be 18 characters";
  for (size_t i = 0; i < 17; ++i)
    if (id[i] < '0' || id[i] > '9') return "the first 17 characters must be digits";
  const char last = id[17];
  if (!((last >= '0' && last <= '9') || last == 'X'))
    return "the last character must be a digit or X (upper case)";
  if (id.substr(15) == "000" && IdNumberCheckChar(id.substr(0, 17)) != '0')
    return "ends in 000 and fails the check digit: probably a number Excel rounded to 15 digits; format the column as text and re-enter the ID number";
  const auto birth = ParseDate(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) +
                               "-" + std::string(id.substr(12, 2)));
  if (!birth) return "characters 7-14 must be a real birth date YYYYMMDD";
  if (IdNumberCheckChar(id.substr(0, 17)) != last)
    return "check digit is wrong (ISO 7064 MOD 11-2)";
  return std::nullopt;
}

Date IdNumberBirthDate(std::string_view id) {
  auto num = [&](size_t from, size_t n) {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) v = v * 10 + (id[i] - '0');
    return v;
  };
  return Date::FromCivil(num(6, 4), static_cast<unsigned>(num(10, 2)),
                         static_cast<unsigned>(num(12, 2)));
}

Sex IdNumberSex(std::string_view id) {
  return ((id[16] - '0') % 2 == 1) ? Sex::kMale : Sex::kFemale;
}

int AgeOn(Date birth, Date on) {
  const int by = birth.year();
  unsigned bm = birth.month(), bd = birth.day();
  int age = on.year() - by;
  const unsigned om = on.month(), od = on.day();
  if (bm == 2 && bd == 29 && !IsLeapYear(on.year())) {
    bm = 3;
    bd = 1;
  }
  if (om < bm || (om == bm && od < bd)) --age;
  return age;
}

std::string MaskIdNumber(std::string_view id, IdVisibility v) {
  if (v == IdVisibility::kFull) return std::string(id);
  const size_t head = v == IdVisibility::kPartial ? 3 : 1;
  const size_t tail = v == IdVisibility::kPartial ? 4 : 1;
  if (id.size() <= head + tail) return std::string(id.size(), '*');
  return std::string(id.substr(0, head)) + std::string(id.size() - head - tail, '*') +
         std::string(id.substr(id.size() - tail));
}

}  // namespace leye
