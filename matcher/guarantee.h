// Guarantee tracking, the pure core (issue 4, item 2): what the policy's
// promise "at least one steady job per relocated household" looks like on a
// given date, per household, per relocation site, per county and overall.
// The definitions are those of ARCHITECTURE.md, "Policy"; the per-placement
// rules come from matcher/placement_rules.h, so the matcher and this module
// can never disagree on what steady, active or at risk means.
//
// Pure: values in, values out, no clock (the date is an input), no I/O.
//
// A household's status on date d:
//   not_eligible (not_relocated)          not relocated;
//   not_eligible (no_able_willing_member) relocated, but no member has
//                                         labor_ability full|weak together
//                                         with wants_work or a placement
//                                         active on d (of any kind);
//   covered    eligible and holds steady work on d (a member's placement
//              GivesSteadyWorkOn d: active, steady, end unknown or later
//              than d + risk_days);
//   at_risk    eligible, not covered, but a member holds an active steady
//              placement (each then has a known end <= d + risk_days, an
//              expected end already past included);
//   uncovered  eligible otherwise.
// Temporary placements never cover nor put at risk; they do make an able
// member count for eligibility and are counted among the workers placed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/date.h"
#include "matcher/model.h"
#include "matcher/policy.h"

namespace leye {

enum class GuaranteeStatus { kCovered, kAtRisk, kUncovered, kNotEligible };
enum class NotEligibleReason { kNone, kNotRelocated, kNoAbleWillingMember };

// Wire names: "covered", "at_risk", "uncovered", "not_eligible";
// "not_relocated", "no_able_willing_member" (kNone: ""). Parse* return
// nullopt for an unknown name (and for "" in ParseNotEligibleReason).
std::string_view ToString(GuaranteeStatus s);
std::string_view ToString(NotEligibleReason r);
std::optional<GuaranteeStatus> ParseGuaranteeStatus(std::string_view s);
std::optional<NotEligibleReason> ParseNotEligibleReason(std::string_view s);

struct HouseholdStatus {
  std::string household;  // id
  std::string site;       // "" when not relocated
  std::string region;     // the household's county
  GuaranteeStatus status = GuaranteeStatus::kUncovered;
  NotEligibleReason not_eligible_reason = NotEligibleReason::kNone;  // kNone unless kNotEligible
  // The placement records behind the status (issue 4, item 7), sorted by id:
  // covered: the members' placements that give steady work on d;
  // at_risk: the members' active steady placements (all ending soon/overdue);
  // otherwise empty.
  std::vector<std::string> evidence;
  // at_risk: the earliest end among the members' active steady placements
  // (may lie before d: an expected end passed with no end recorded).
  // Otherwise nullopt.
  std::optional<Date> risk_end;
  bool operator==(const HouseholdStatus&) const = default;
};

// Workers holding a placement active on d, each counted once, by the kind of
// work: for a matched placement the employer's kind (through its posting),
// for the others the placement's kind. A worker with several active
// placements (bad data) is counted by the one with the latest start (ties:
// the smaller id), as PlacementBook::ActiveOf picks.
struct PlacedCounts {
  int64_t workshop = 0;
  int64_t public_welfare = 0;
  int64_t enterprise = 0;
  int64_t cooperative = 0;
  int64_t self_found = 0;
  int64_t self_employed = 0;
  int64_t migrant = 0;
  // Matched placements whose posting is absent or names a posting / employer
  // not in the input: counted here rather than silently dropped.
  int64_t unknown_employer = 0;
  [[nodiscard]] int64_t Total() const {
    return workshop + public_welfare + enterprise + cooperative + self_found + self_employed + migrant +
           unknown_employer;
  }
  bool operator==(const PlacedCounts&) const = default;
};

// Counts over a set of households (a site, a county, or all).
// households == covered + at_risk + uncovered + not_eligible;
// eligible == covered + at_risk + uncovered.
struct SiteSummary {
  std::string site;    // "" for a county row and for the total
  std::string region;  // "" for the total
  int64_t households = 0;
  int64_t eligible = 0;
  int64_t covered = 0;
  int64_t at_risk = 0;
  int64_t uncovered = 0;
  int64_t not_eligible = 0;
  int64_t not_relocated = 0;             // of not_eligible, reason not_relocated
  int64_t no_able_willing_member = 0;    // of not_eligible, reason no_able_willing_member
  std::optional<double> coverage_rate;   // covered / eligible; nullopt when eligible == 0
  PlacedCounts placed;                   // workers of these households
  bool operator==(const SiteSummary&) const = default;
};

// Inputs, borrowed: every pointer must stay valid during the call. Any
// order. REQUIRES: ids unique within each kind.
// References that do not resolve are ignored, never fatal: a worker whose
// household is not in `households` and a placement whose worker is not in
// `workers` count nowhere; a matched placement with an unknown posting or
// employer counts as PlacedCounts::unknown_employer.
struct GuaranteeInput {
  std::vector<const Household*> households;
  std::vector<const Worker*> workers;
  std::vector<const Placement*> placements;  // all of them, history included
  std::vector<const Posting*> postings;      // to know a matched placement's employer
  std::vector<const Employer*> employers;    // ... and that employer's kind
  Date date;
  PolicyConfig policy;  // steady_months, risk_days
};

struct GuaranteeReport {
  Date date;
  std::vector<HouseholdStatus> households;  // every input household, by id
  // One row per (site, region) of the relocated households, by site then
  // region (a site id reused by two counties gives two rows, never a merged
  // one; relocated households without a site, which validation refuses, get
  // a row with site "" rather than being dropped).
  std::vector<SiteSummary> sites;
  // One row per county of the input (all its households, relocated or not),
  // by region; site "".
  std::vector<SiteSummary> regions;
  SiteSummary total;  // the whole input; site "" and region ""
};

// The status of every household on in.date and the summaries above.
// Deterministic: the same input in any order gives the same report.
// Complexity: O(H log H + W + P + Q + E) expected time (the log term only
// when the households are not already in id order), O(H + P) extra memory;
// no per-household scan of the workers. 300 000 households / 660 000 workers
// take a fraction of a second (docs/BENCHMARKS.md, "Guarantee status").
[[nodiscard]] GuaranteeReport ComputeGuarantee(const GuaranteeInput& in);

// A household whose status differs between two reports (for alerts).
// from == nullopt: the household is not in `before` (newly registered);
// to == nullopt: it is not in `after` (deleted).
struct StatusChange {
  std::string household;
  std::optional<GuaranteeStatus> from;
  std::optional<GuaranteeStatus> to;
  bool operator==(const StatusChange&) const = default;
};

// The households whose status changed from `before` to `after`, by id.
// A change of not_eligible reason alone is not a change.
// REQUIRES: both reports' households sorted by id with unique ids (as
// ComputeGuarantee makes them). O(|before| + |after|).
[[nodiscard]] std::vector<StatusChange> DiffStatuses(const GuaranteeReport& before, const GuaranteeReport& after);

}  // namespace leye
