// The fit score of a feasible (worker, posting) pair: an integer 0..1000 that
// ranks candidates and is the solver's fifth level. Four factors, each worth
// up to its policy weight, each explained in plain Chinese for the worker:
//   skills   the best related skill level, 5 = full ("需要缝纫技能：已具备（4 级）")
//   wish     the rank of the posting's occupation in the worker's wishes
//            (first wish = full; no wishes = half) ("第 1 意向工种（缝纫）")
//   commute  1 - distance / max_commute_km inside the radius, 0 outside it
//            (work away from home through leave_county / leave_province)
//            ("离家 4.2 公里")
//   wage     wage above the worker's floor, full at
//            policy.wage_full_points_above_floor ("月薪 2600 元，高于期望 400 元")
// Integer arithmetic throughout (the distance in whole metres), so a score is
// the same on every run and machine.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/model.h"
#include "matcher/policy.h"

namespace leye {

enum class FitFactorKind : uint8_t { kSkills, kWish, kCommute, kWage };
// "skills", "wish", "commute", "wage".
std::string_view ToString(FitFactorKind k);

struct FitFactor {
  FitFactorKind kind = FitFactorKind::kSkills;
  int32_t points = 0;      // 0..max_points
  int32_t max_points = 0;  // the factor's policy weight
  std::string text;        // plain Chinese
  bool operator==(const FitFactor&) const = default;
};

struct FitScore {
  int32_t total = 0;  // 0..1000: the sum of the factors' points, clamped to 1000
  std::vector<FitFactor> factors;  // skills, wish, commute, wage, in that order
  bool operator==(const FitScore&) const = default;
};

// Names of occupation / skill codes or families ("6-05-01" -> "缝纫") for the
// explanations; the longest family present names a code. Codes without a
// name there take the occupation catalogue's name (occupation_catalog.h),
// else are shown as codes.
using OccupationNames = std::map<std::string, std::string, std::less<>>;

// The score alone: the candidate search's hot path. Equal to
// ExplainFit(...).total. `distance_km`: GreatCircleKm from the worker to the
// posting's place. REQUIRES: the pair is feasible (FirstBrokenRule == kNone);
// otherwise the number is meaningless but defined.
int32_t FitPoints(const Worker& w, const Posting& p, double distance_km, const PolicyConfig& policy);

// The factors' points alone, as FitPoints adds them up (the candidate search
// bounds scores with these). Each is monotone: more skill level, an earlier
// wish, a shorter distance, a higher wage never earn fewer points.
// skill_level: the best related skill level, 0 when none.
int32_t SkillPoints(int skill_level, const PolicyConfig& policy);
// rank: index of the first matching wish (0 = most wanted) of `wishes`; -1
// when there are no wishes (half points) or none matches (0).
int32_t WishPoints(int rank, int64_t wishes, const PolicyConfig& policy);
// 0 outside the radius (work away from home).
int32_t CommutePoints(double distance_km, double max_commute_km, const PolicyConfig& policy);
int32_t WagePoints(int64_t monthly_wage, int64_t min_monthly_wage, const PolicyConfig& policy);

// The score with its factors in words. `names` may be null.
FitScore ExplainFit(const Worker& w, const Posting& p, double distance_km, const PolicyConfig& policy,
                    const OccupationNames* names = nullptr);

}  // namespace leye
