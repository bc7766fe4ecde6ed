// Fake Chinese names: people (common surnames, given-name characters by sex
// and generation), places (township and relocation-site names) and trade
// names for employers. Combinations of common characters, belonging to no one
// in particular; never taken from real records.
#pragma once

#include <string>
#include <string_view>

#include "generator/rng.h"
#include "matcher/id_number.h"

namespace leye::gen {

// A common surname, weighted roughly by how common it is in Hunan.
std::string_view FakeSurname(Rng& rng);

// A given name of one or two characters; people born before 1975 more often
// get the names of their generation (建国, 秀英 ...).
std::string FakeGivenName(Rng& rng, Sex sex, int birth_year);

// Surname + given name.
std::string FakePersonName(Rng& rng, Sex sex, int birth_year);

// A two-character place name ("石溪", "枫坪").
std::string FakePlaceName(Rng& rng);

// A two-character name for a relocation site ("幸福", "康居").
std::string_view FakeSiteWord(Rng& rng);

// A two-character trade name ("鑫华"); `long_form` adds a third character
// for when the short ones are used up.
std::string FakeTradeName(Rng& rng, bool long_form);

}  // namespace leye::gen
