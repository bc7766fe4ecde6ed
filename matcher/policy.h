// The matching policy's tunable numbers (ARCHITECTURE.md, "Policy"). One
// struct, each field with its default; the caller (config file, request)
// fills it and passes it in: the core reads no globals.
#pragma once

#include <cstdint>

namespace leye {

struct PolicyConfig {
  // A posting (contract_months) or placement (expected_months) of at least
  // this many months, or open-ended (0 / absent), is steady work; shorter is
  // temporary. Default 6.
  int32_t steady_months = 6;
  // An active steady placement whose end is unknown or later than
  // date + risk_days makes its household hold steady work; one ending sooner
  // leaves the household at risk. Default 30.
  int32_t risk_days = 30;
  // K: candidate postings kept per worker, the best by fit score (ties: the
  // smaller posting id). Levels 1-4 are exact over all feasible pairs when no
  // worker has more than K feasible postings; a larger K costs memory and
  // solve time roughly linearly. Default 50.
  int32_t candidates_per_worker = 50;

  // Fit score weights: the points each factor gives at its best. They should
  // add up to 1000 (the score's scale); a total above 1000 is clamped.
  int32_t weight_skills = 300;   // related skill level (5 = full points). Default 300.
  int32_t weight_wish = 250;     // rank of the posting's occupation in the wishes. Default 250.
  int32_t weight_commute = 250;  // nearer is better, 0 km = full points. Default 250.
  int32_t weight_wage = 200;     // wage above the worker's floor. Default 200.
  // Wage above the worker's floor (yuan a month) that earns the full wage
  // points; less earns a proportional share. Default 1000.
  int64_t wage_full_points_above_floor = 1000;

  // Explaining a worker left without any feasible posting looks at postings
  // within max(max_commute_km, this radius) of the worker and names the rule
  // that blocks most of them. Default 50 km.
  double diagnose_radius_km = 50;
};

}  // namespace leye
