// Fake resident ID numbers (GB 11643 layout) for generated people: the
// household's county, a birth date, a sequence number 9xx whose last digit's
// parity gives the sex (odd: male), and a valid check character. Sequence
// numbers from 900 up are rarely issued, so a generated number is unlikely to
// be anyone's; the numbers are fake all the same and must never be used as
// real ones.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "generator/rng.h"
#include "matcher/date.h"
#include "matcher/id_number.h"

namespace leye::gen {

// A birth date on which someone is exactly `age` full years old on `on`,
// uniform over such dates (AgeOn(result, on) == age). REQUIRES: 0 <= age <= 120.
Date BirthDateForAge(Rng& rng, Date on, int age);

// The ID number for `region` (6 digits), `birth` and `sequence` (0..999).
std::string MakeIdNumber(std::string_view region, Date birth, int sequence);

// Hands out ID numbers that are unique among those it has handed out.
class IdNumberIssuer {
 public:
  // A new number with sequence 9xx matching `sex`, or nullopt when all 50
  // such numbers for this region and birth date are taken (draw another
  // birth date). REQUIRES: `region` is 6 digits, birth year 1900..2999.
  std::optional<std::string> Issue(Rng& rng, std::string_view region, Date birth, Sex sex);

 private:
  std::unordered_set<uint64_t> issued_;  // the first 17 digits as a number
};

}  // namespace leye::gen
