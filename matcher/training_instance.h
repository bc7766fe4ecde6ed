// The training-placement problem reduced to dense integers (internal to the
// training core; training_plan.h states the definitions). Built once from a
// TrainingProblem: who can be a trainee, which courses are within their
// reach, which postings each course opens to each of them, and what their
// households are worth. The solvers (training_solver.h) see only this.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "matcher/indexed_problem.h"
#include "matcher/training_plan.h"

namespace leye {

struct TrainingInstance {
  // The problem sorted and indexed, with the live proposals entered as
  // placements (they take slots, busy their workers, cover households).
  std::unique_ptr<IndexedProblem> ip;
  // Courses as trainings of this vector (sorted by id).
  std::vector<Training> trainings;

  // Trainees, in worker id order.
  std::vector<int32_t> trainee_worker;  // ip worker
  std::vector<int32_t> trainee_group;   // group
  // Groups: the trainees' households, in household id order.
  std::vector<int32_t> group_household;  // ip household
  std::vector<uint8_t> group_level;      // 1, 2, or 0 (counts at level 3 only)
  // Courses with free seats starting after the date, in id order.
  std::vector<int32_t> course_training;  // index into trainings
  std::vector<int32_t> course_seats;     // free seats, >= 1
  // Steady postings with a free slot, in id order.
  std::vector<int32_t> posting_ip;     // ip posting
  std::vector<int32_t> posting_slots;  // free slots, >= 1

  // Per trainee t: its options (courses within reach that open something),
  // option ids opt_begin[t] .. opt_begin[t+1], course ascending.
  std::vector<int64_t> opt_begin;
  std::vector<int32_t> opt_course;
  std::vector<double> opt_km;  // distance to the course
  // Per trainee t: the postings some option opens, pair ids pair_begin[t] ..
  // pair_begin[t+1], posting ascending, with the fit score (0..1000).
  std::vector<int64_t> pair_begin;
  std::vector<int32_t> pair_posting;
  std::vector<int32_t> pair_score;
  // Per option o: the pairs it opens, as offsets from its trainee's
  // pair_begin, ascending: opens[opens_begin[o] .. opens_begin[o+1]).
  std::vector<int64_t> opens_begin;
  std::vector<int32_t> opens;

  // Households (ip index) already coverable without training: an available
  // member has a feasible steady posting with a free slot.
  std::vector<uint8_t> household_coverable;
  // Workers who could be trainees and have some course within reach (those
  // above are the ones a course also opens something to).
  int64_t reachable_trainees = 0;

  int32_t num_trainees() const { return static_cast<int32_t>(trainee_worker.size()); }
  int32_t num_groups() const { return static_cast<int32_t>(group_household.size()); }
  int32_t num_courses() const { return static_cast<int32_t>(course_training.size()); }
  int32_t num_postings() const { return static_cast<int32_t>(posting_ip.size()); }
  int64_t num_options() const { return static_cast<int64_t>(opt_course.size()); }
  int64_t num_pairs() const { return static_cast<int64_t>(pair_posting.size()); }
  int32_t TraineeOfOption(int64_t o) const;  // binary search on opt_begin
};

// Builds the instance. Invalid when the records are not consistent.
// `threads` >= 1 share the two candidate searches (the result does not
// depend on it).
[[nodiscard]] Result<TrainingInstance> BuildTrainingInstance(const TrainingProblem& problem, int threads);

// The problem's live proposals as placements on problem.date (training_plan.h:
// a proposal whose worker already holds an active placement is left out).
std::vector<Placement> ProposalPlacements(const TrainingProblem& problem);

}  // namespace leye
