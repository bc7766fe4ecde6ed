// The 18-character resident ID number (GB 11643): region (6), birth date
// (8, YYYYMMDD), sequence (3, odd for men, even for women), check character
// (ISO 7064 MOD 11-2, 0-9 or X). Personal data: never log it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "matcher/date.h"

namespace leye {

enum class Sex { kMale, kFemale };

// The check character that completes the first 17 digits. REQUIRES: `first17`
// holds 17 ASCII digits.
char IdNumberCheckChar(std::string_view first17);

// Why `id` is not a valid ID number, or nullopt when it is one. Explains the
// Excel case (a number keeping 15 significant digits: "...000", "E+17").
std::optional<std::string> IdNumberProblem(std::string_view id);

// REQUIRES: IdNumberProblem(id) is nullopt.
Date IdNumberBirthDate(std::string_view id);
Sex IdNumberSex(std::string_view id);

// Age in full years on `on`; someone born on 29 February has birthdays on
// 1 March in other years.
int AgeOn(Date birth, Date on);

// How much of an ID number a reader may see.
enum class IdVisibility {
  kFull,         // admin: the whole number
  kPartial,      // bureau: first 3 and last 4 characters
  kMinimal,      // everyone else: first and last character
};
// Masked form; the birth date (characters 7-14) never shows in a masked one.
std::string MaskIdNumber(std::string_view id, IdVisibility v);

}  // namespace leye
