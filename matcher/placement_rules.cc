#include "matcher/placement_rules.h"

namespace leye {

bool IsActiveOn(const Placement& p, Date d) {
  return p.start_date <= d && (!p.end_date || *p.end_date > d);
}

bool IsSteadyPlacement(const Placement& p, const PolicyConfig& policy) {
  return !p.expected_months || *p.expected_months == 0 || *p.expected_months >= policy.steady_months;
}

std::optional<Date> PlacementEnd(const Placement& p) {
  if (p.end_date) return p.end_date;
  if (p.expected_months && *p.expected_months > 0)
    return AddMonthsClamped(p.start_date, *p.expected_months);
  return std::nullopt;
}

bool IsSteadyPosting(const Posting& p, const PolicyConfig& policy) {
  return p.contract_months == 0 || p.contract_months >= policy.steady_months;
}

bool GivesSteadyWorkOn(const Placement& p, Date d, const PolicyConfig& policy) {
  if (!IsActiveOn(p, d) || !IsSteadyPlacement(p, policy)) return false;
  const std::optional<Date> end = PlacementEnd(p);
  return !end || end->days > d.days + policy.risk_days;
}

HouseholdWork HouseholdWorkOn(std::span<const Placement* const> placements, Date d,
                              const PolicyConfig& policy) {
  HouseholdWork best = HouseholdWork::kNone;
  for (const Placement* p : placements) {
    if (GivesSteadyWorkOn(*p, d, policy)) return HouseholdWork::kSteady;
    if (IsActiveOn(*p, d) && IsSteadyPlacement(*p, policy)) best = HouseholdWork::kAtRisk;
  }
  return best;
}

}  // namespace leye
