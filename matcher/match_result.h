// The output of one match run: the five levels of the policy's lexicographic
// objective (plus temporary_placed), the proposals with their fit factors,
// and the reason for every willing worker left unplaced and every eligible
// relocated household left uncovered. Everything is ordered by id, so the
// same input gives the same result, field for field.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "matcher/feasibility.h"
#include "matcher/fit_score.h"
#include "matcher/placement_rules.h"

namespace leye {

// ARCHITECTURE.md, "Policy": levels 1-5 count phase 1 (steady postings)
// alone; temporary_placed counts phase 2 (temporary postings, workers left).
struct Levels {
  int64_t relocated_households_covered = 0;      // 1
  int64_t poor_households_first_job = 0;         // 2
  int64_t hard_to_employ_in_public_welfare = 0;  // 3
  int64_t workers_placed = 0;                    // 4
  int64_t total_score = 0;                       // 5
  int64_t temporary_placed = 0;
  bool operator==(const Levels&) const = default;
  // Lexicographic over levels 1..5 (then temporary_placed): better is greater.
  auto operator<=>(const Levels&) const = default;
};

struct Proposal {
  std::string worker;
  std::string posting;
  std::string household;
  bool steady = true;  // phase 1 (counts for coverage) or phase 2 (temporary work)
  int32_t score = 0;   // 0..1000
  std::vector<FitFactor> factors;
  bool operator==(const Proposal&) const = default;
};

// The hard rule that blocks most postings near a worker (or, for a
// household, near its available members), with one example.
struct Blocker {
  HardRule rule = HardRule::kNone;
  int32_t postings = 0;         // how many postings it blocks
  std::string example_posting;  // the first one (smallest id)
  std::string text;             // the example in words ("岗位 P7 需要技能 ...")
  bool operator==(const Blocker&) const = default;
};

enum class UnplacedReason : uint8_t {
  kNoFeasiblePosting,  // no open posting with a free slot passes the hard rules
  kPostingsTaken,      // every feasible posting is filled by workers ranked higher
                       // (household priority, then level 3, then fit)
};
// "no_feasible_posting", "postings_taken".
std::string_view ToString(UnplacedReason r);

// A worker passing rules 1-2 (able, willing, no active placement) who got no
// proposal, steady or temporary.
struct UnplacedWorker {
  std::string worker;
  std::string household;
  UnplacedReason reason = UnplacedReason::kNoFeasiblePosting;
  // kNoFeasiblePosting: the most common blocking rule among the postings
  // within max(max_commute_km, policy.diagnose_radius_km) and in the wished
  // occupations; nullopt when there is no posting there at all.
  std::optional<Blocker> blocker;
  // kPostingsTaken: up to 3 of its feasible postings (best fit first), all full.
  std::vector<std::string> taken_postings;
  std::string text;  // plain Chinese
  bool operator==(const UnplacedWorker&) const = default;
};

enum class UncoveredReason : uint8_t {
  kNoAvailableMember,  // no member passes rules 1-2 (able, willing, not already working)
  kNoFeasiblePosting,  // available members, none with a feasible steady posting
  kPostingsTaken,      // feasible steady postings exist, all filled by workers ranked higher
};
// "no_available_member", "no_feasible_posting", "postings_taken".
std::string_view ToString(UncoveredReason r);

// An eligible relocated household that neither holds steady work on the
// date nor got a steady proposal.
struct UncoveredHousehold {
  std::string household;
  std::string site;
  HouseholdWork work = HouseholdWork::kNone;  // kAtRisk or kNone
  UncoveredReason reason = UncoveredReason::kNoAvailableMember;
  std::optional<Blocker> blocker;            // kNoFeasiblePosting, as for a worker
  std::vector<std::string> taken_postings;   // kPostingsTaken
  bool temporary_proposal = false;           // a member got temporary work (does not cover)
  std::string text;                          // plain Chinese
  bool operator==(const UncoveredHousehold&) const = default;
};

struct MatchResult {
  Levels levels;
  std::vector<Proposal> proposals;                    // by worker id
  std::vector<UnplacedWorker> unplaced_workers;       // by worker id
  std::vector<UncoveredHousehold> uncovered_households;  // by household id
  bool operator==(const MatchResult&) const = default;
};

// What a run did (for the benchmark and the logs); not part of the result.
// The core reads no clock: callers time FindCandidates() and Solve().
struct MatchStats {
  int64_t steady_arcs = 0;       // candidate arcs of phase 1
  int64_t temporary_arcs = 0;    // candidate arcs of phase 2
  int64_t workers_at_k = 0;      // workers with more than K feasible postings of a kind (cut to K)
  int64_t augmentations = 0;     // shortest-path searches
  int64_t nodes_scanned = 0;     // nodes settled by them
  int64_t global_updates = 0;    // potentials refreshed from the sink
  int64_t pivots = 0;            // network simplex pivots
};

}  // namespace leye
