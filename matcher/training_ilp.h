// The integer program of one component of a TrainingInstance, solved by CBC
// level by level (internal to the training core; the only file that sees
// CBC). Variables: a[o] (trainee takes option o's seat), b[q] (trainee keeps
// pair q's slot), binary; y[g] (group g counted), continuous in [0, 1].
//   per trainee   sum a = sum b <= 1
//   per pair q    b[q] <= sum of a[o] over the options o opening q
//   per course    sum a <= free seats;   per posting  sum b <= free slots
// Level 1 keeps only the trainees of level-1 groups, with sum b <= 1 per
// group (one member carries a group; more gain nothing there), and maximises
// sum b. Level 2 adds the trainees of level-2 groups, asks level 1 >= z1 and
// maximises the level-2 groups. Level 3 takes every trainee, counts groups
// through y[g] <= sum b of its members, asks level 1 >= z1 and level 2 >= z2,
// and maximises sum b. Each level starts from the best plan known (the
// previous level's, topped up from the warm start), so CBC always has an
// incumbent and a node limit can only leave a gap, never no plan.
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
