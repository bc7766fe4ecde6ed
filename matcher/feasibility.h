// The hard rules 1-11 of ARCHITECTURE.md ("Policy"): a worker w of household
// h may take posting p of employer e on date d only if all hold. Each rule is
// one function here, worded as the architecture words it, and nowhere else:
// the candidate index, the solver's checks and the explanations all call these.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/model.h"

namespace leye {

// The rules by their number in ARCHITECTURE.md; kNone = all hold.
enum class HardRule : uint8_t {
  kNone = 0,
  kAbleAndWilling = 1,      // labor_ability full/weak and wants_work
  kNoActivePlacement = 2,   // no active placement on d
  kOpenWithFreeSlot = 3,    // posting open, slots minus active placements >= 1
  kAge = 4,                 // age on d within age_min..age_max
  kHours = 5,               // posting hours among the wanted hours
  kWage = 6,                // wage at least the worker's floor
  kSkills = 7,              // every required skill met (family prefix with '-')
  kCategory = 8,            // occupation among the wished categories (if any)
  kPlace = 9,               // commute radius, or leave_county / leave_province
  kPublicWelfarePoor = 10,  // public-welfare posts only for registered-poor households
  kNotDeclined = 11,        // the pair was not declined
};
inline constexpr int kHardRuleCount = 11;
// Wire names: "able_and_willing", "no_active_placement", "open_with_free_slot",
// "age", "hours", "wage", "skills", "category", "place", "public_welfare_poor",
// "not_declined"; "none" for kNone.
std::string_view ToString(HardRule r);

// True when `code` equals `family` or starts with family + "-": the family
// prefix match of rules 7 and 8 ("6-05" covers "6-05-01-01", not "6-051").
bool InFamily(std::string_view code, std::string_view family);

// Rule 1.
bool Rule1AbleAndWilling(const Worker& w);
// Rule 2: `worker_in_active_placement` is whether any of the worker's
// placements IsActiveOn(d) (placement_rules.h).
bool Rule2NoActivePlacement(bool worker_in_active_placement);
// Rule 3: `free_slots` = p.slots minus the active placements on p.
bool Rule3OpenWithFreeSlot(const Posting& p, int32_t free_slots);
// Rule 4: `age` in full years on d (AgeOn(IdNumberBirthDate(id_number), d)).
bool Rule4Age(int age, const Posting& p);
// Rule 5.
bool Rule5Hours(const Posting& p, const Willingness& wl);
// Rule 6.
bool Rule6Wage(const Posting& p, const Willingness& wl);
// Rule 7. The first requirement not met, or nullopt when all are.
std::optional<Skill> Rule7MissingSkill(std::span<const Skill> required, std::span<const Skill> has);
inline bool Rule7Skills(const Posting& p, const Worker& w) {
  return !Rule7MissingSkill(p.required_skills, w.skills);
}
// Rule 8. Also the index of the first matching wish (0 = most wanted), or -1
// when the categories are empty (any occupation is acceptable).
bool Rule8Category(std::string_view occupation, const Willingness& wl);
int WishRank(std::string_view occupation, const Willingness& wl);
// Rule 9. `distance_km`: GreatCircleKm(w.location, posting location);
// regions: the employer's and the household's 6-digit codes.
bool Rule9Place(double distance_km, const Willingness& wl, std::string_view employer_region,
                std::string_view household_region);
// Rule 10.
bool Rule10PublicWelfare(const Employer& e, const Household& h);
// Rule 11.
bool Rule11NotDeclined(bool declined);

// Everything the rules read about one (worker, posting) pair on a date.
struct PairView {
  const Worker& worker;
  const Household& household;
  int age = 0;                      // on the date
  bool worker_in_active_placement = false;
  const Posting& posting;
  const Employer& employer;
  int32_t free_slots = 0;           // posting slots minus its active placements
  bool declined = false;
};

// The posting's place: its own location, else the employer's.
inline const GeoPoint& PostingLocation(const Posting& p, const Employer& e) {
  return p.location ? *p.location : e.location;
}

// The first rule (in number order) the pair breaks, or kNone. When rule 9 is
// reached, `*distance_km` (if given) receives the distance it measured.
HardRule FirstBrokenRule(const PairView& v, double* distance_km = nullptr);

// A broken rule in words a worker understands (Chinese), naming the posting
// and the specifics: "岗位 P7 要求技能 6-05-01（3 级），未具备".
std::string ExplainBrokenRule(HardRule r, const PairView& v);

}  // namespace leye
