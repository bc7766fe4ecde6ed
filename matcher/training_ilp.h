// The integer program of one component of a TrainingInstance, solved by CBC
// level by level (internal to the training core; the only file that sees
// CBC). A binary column x[t, o, q] per triple (trainee t takes option o's
// seat and keeps the slot of pair q, which o opens), and for level 3 a
// continuous y[g] in [0, 1] per level-1/2 group:
//   per trainee   sum of its x <= 1
//   per course    sum x <= free seats;   per posting  sum x <= free slots
// Level 1 keeps only the trainees of level-1 groups, with sum x <= 1 per
// group (one member carries a group; more gain nothing there), and maximises
// sum x. Level 2 adds the trainees of level-2 groups, asks level 1 >= z1 and
// maximises the level-2 groups. Level 3 takes every trainee, counts groups
// through y[g] <= the sum of its members' x, asks level 1 >= z1 and level 2
// >= z2, and maximises sum x. Each level starts from the best plan known
// (the previous level's, topped up from the warm start), so CBC always has an
// incumbent and a node limit can only leave a gap, never no plan.
//
// Why triples and not a seat column and a slot column per trainee linked by
// b[q] <= sum of the a[o] opening q: the linked form's LP lets a trainee
// split over courses and postings that no single course pairs (it checks
// the links one posting at a time), and on a generated county its root
// bound was 5 households above the optimum at level 2 where the triple
// form's is exact; the triple form is also no larger there (a course opens
// one or two postings per trainee).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "matcher/training_instance.h"

namespace leye {

struct IlpLimits {
  int32_t max_nodes = 2000;
  int32_t max_lp_iterations = 2000000;
};

struct IlpOutcome {
  // Per trainee of the component (in the order given): option and pair, or -1.
  std::vector<int64_t> option, pair;
  int64_t level[3] = {0, 0, 0};  // the totals reached
  // Per level k: no plan of the component reaching at least the plan's
  // levels above k has more at level k; -1 when CBC gave no bound (its LP
  // stopped at the iteration limit).
  int64_t bound[3] = {-1, -1, -1};
  bool proven[3] = {false, false, false};
  int64_t columns = 0;  // of the largest level's program
  int64_t nodes = 0, lp_iterations = 0;
};

// The component's columns at level 3 (what the size limit compares).
int64_t IlpColumns(const TrainingInstance& in, std::span<const int32_t> trainees);

// Solves the component `trainees` (ascending trainee ids, closed under the
// instance's links). `warm_option` / `warm_pair`: a plan of the component
// (per trainee, -1 for none), which must be feasible.
IlpOutcome SolveComponentIlp(const TrainingInstance& in, std::span<const int32_t> trainees,
                             std::span<const int64_t> warm_option, std::span<const int64_t> warm_pair,
                             const IlpLimits& limits);

}  // namespace leye
