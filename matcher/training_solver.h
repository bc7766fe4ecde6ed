// Solving a TrainingInstance (internal to the training core; the method is
// described in training_plan.h): the seat-free flow relaxation, a greedy
// repair that fits its plan into the seats, and the integer program
// (training_ilp.h) on the components where they disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "matcher/training_instance.h"
#include "matcher/training_plan.h"

namespace leye {

struct TrainingSolution {
  std::vector<int64_t> option;  // per trainee: the option taken, or -1
  std::vector<int64_t> pair;    // per trainee: the pair kept, or -1 (both or neither)
  TrainingTotals totals;
  bool exact = false;
  std::optional<TrainingTotals> upper_bound;  // when !exact
  std::string method;
  TrainingStats stats;  // the solve's share (components, ILP counters)
};

[[nodiscard]] TrainingSolution SolveTraining(const TrainingInstance& in, const TrainingOptions& options);

// The totals of an assignment (pair per trainee, -1 for none). REQUIRES:
// pair.size() == in.num_trainees().
[[nodiscard]] TrainingTotals TotalsOf(const TrainingInstance& in, std::span<const int64_t> pair);

// Empty when the assignment is a plan: each option belongs to its trainee
// and opens the pair kept, both or neither set, no course over its seats and
// no posting over its slots. Otherwise the first violation in words.
[[nodiscard]] std::string CheckAssignment(const TrainingInstance& in, std::span<const int64_t> option,
                                          std::span<const int64_t> pair);

// True when option o (of its trainee) opens pair id q of the same trainee.
[[nodiscard]] bool OptionOpens(const TrainingInstance& in, int64_t o, int64_t q);

}  // namespace leye
