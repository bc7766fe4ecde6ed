// What a placement means on a given date (ARCHITECTURE.md, "Policy"): whether
// it is active, whether it is steady, when it ends, and what the placements
// of a household's members make of the household (holds steady work, at
// risk, uncovered). The matcher and guarantee tracking share these, so the
// policy is written down once.
#pragma once

#include <optional>
#include <span>

#include "matcher/date.h"
#include "matcher/model.h"
#include "matcher/policy.h"

namespace leye {

// Active on `d`: start_date <= d and no end_date or end_date > d. The dates
// decide; the stored `status` only mirrors them and is ignored here.
bool IsActiveOn(const Placement& p, Date d);

// Steady: expected_months absent or 0 (open-ended) or at least
// policy.steady_months. An end_date does not change it.
bool IsSteadyPlacement(const Placement& p, const PolicyConfig& policy);

// The placement's end: end_date if set; else start_date + expected_months
// (calendar months, clamped to the month's last day) when expected_months > 0;
// else nullopt (open-ended, end unknown).
std::optional<Date> PlacementEnd(const Placement& p);

// Steady posting: contract_months 0 (open-ended) or at least
// policy.steady_months.
bool IsSteadyPosting(const Posting& p, const PolicyConfig& policy);

// Holds steady work on `d` through this placement: active on `d`, steady, and
// its end unknown or later than d + risk_days.
bool GivesSteadyWorkOn(const Placement& p, Date d, const PolicyConfig& policy);

// What the placements of one household's members make of it on `d`.
enum class HouseholdWork {
  kSteady,  // a member's placement gives steady work (GivesSteadyWorkOn)
  kAtRisk,  // none does, but a member holds an active steady placement (ending soon or overdue)
  kNone,    // no active steady placement at all
};
// `placements`: the placements of the household's members (any order; others
// must not be passed).
HouseholdWork HouseholdWorkOn(std::span<const Placement* const> placements, Date d,
                              const PolicyConfig& policy);

}  // namespace leye
