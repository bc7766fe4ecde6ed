// Training placement, the pure core (issue 5, item 2): which workers to send
// to which course seats so that the most households get their first steady
// job ("教育培训一人、就业创业一人、脱贫致富一户"), and, for the 311 package,
// the one course that opens the most to a given worker.
//
//   TrainingProblem tp{...};                       // register, placements, latest run, date, policy
//   Result<TrainingPlan> plan = PlanTraining(tp);  // invalid input -> Status
//   for (const TrainingAssignment& a : plan->assignments) ...
//   plan->exact ? "optimal" : plan->upper_bound   // and plan->method
//
// Definitions (ARCHITECTURE.md, "Policy"; hard rules 1-11 from feasibility.h,
// steady / active / covered from placement_rules.h):
// - A *live proposal* is one of the latest match run's proposals (proposed
//   or accepted, never declined or expired: the caller passes only those).
//   It takes one slot of its posting and makes its worker matched, unless
//   its worker already holds a placement active on the date (then that
//   placement is the accepted proposal, or the worker works elsewhere: the
//   placement already counts). A steady live proposal makes its household
//   hold steady work, exactly as the placement it becomes would.
// - A posting's *free slots*: slots minus its active placements minus its
//   live proposals. Only steady postings (contract_months 0 or >=
//   policy.steady_months) that are open with a free slot count.
// - A *course* is a training with start_date after the date and free seats
//   (seats minus active enrolments).
// - A *trainee* is a worker able and willing (rule 1), with no active
//   placement (rule 2), no live proposal, no active enrolment, and no
//   feasible steady posting with a free slot as things stand (one who has
//   one needs a job offer, not a course). A course is *within reach* when
//   its location is at most willingness.max_commute_km from the worker.
// - A course *opens* posting p to trainee w when p is a steady posting with a
//   free slot and the pair (w, p) passes hard rules 1-11 once w's skills
//   include the course's `teaches` (each skill at the taught level, code as
//   taught). Only rule 7 (skills) can change, so these postings are exactly
//   the ones the course makes newly feasible.
// - A plan assigns each trainee at most one course within reach (a seat) and
//   one posting it opens (a slot kept for them alone), within the courses'
//   free seats and the postings' free slots. A seat that opens nothing
//   usable counts for nothing and is never planned.
// - Its totals, maximised lexicographically (level 1 first; no weights):
//   1 relocated_households_coverable: relocated households, eligible for
//     the guarantee, that do not hold steady work on the date (uncovered or
//     at risk, as the matcher's level 1), whose members have no live steady
//     proposal and no available member with a feasible steady posting with a
//     free slot, and that get a trainee in the plan;
//   2 poor_households_coverable: the same for registered-poor households
//     that are not relocated;
//   3 workers_gaining_posting: trainees in the plan (each had no feasible
//     steady posting with a free slot and gets one, a slot kept for them).
//   A household counts once at level 1 or 2 however many members train.
//
// Method: the problem is a 3-dimensional assignment (trainee, seat, slot)
// with household gains, NP-hard in general, so it is solved in layers:
//   a. the seat-free relaxation, a lexicographic min-cost flow
//      (LexicographicSolver: households -> trainees -> opened postings)
//      gives an optimum and an upper bound; if its trainees then fit into
//      the courses' seats (a bipartite b-matching), it is optimal;
//   b. otherwise each connected component where seats bind is solved as an
//      integer program (CBC), level 1, then level 2 with level 1 fixed at
//      its optimum, then level 3, within node and iteration limits;
//   c. a component too large for (b), or one where a limit stops CBC before
//      optimality is proven, keeps the best plan found (greedy repair of the
//      flow's plan, or CBC's incumbent) with an upper bound (the LP
//      relaxation's, or the seat-free flow's).
// `exact` tells whether every level is proven optimal; if not,
// `upper_bound` bounds every level (see TrainingPlan) and `method` says
// which components were solved how.
//
// Pure: no I/O, no clock (limits are counts of nodes and iterations, never
// wall time), no globals. Deterministic: the same problem, in any record
// order, gives the same plan, field for field (ties break by id). Thread
// safety: the functions share nothing; concurrent calls are safe.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/date.h"
#include "matcher/match_problem.h"
#include "matcher/match_result.h"
#include "matcher/model.h"
#include "matcher/policy.h"
#include "matcher/status.h"

namespace leye {

// A worker enrolled in a course and neither finished nor dropped yet: takes a
// seat of that course, and the worker is not planned for another.
struct ActiveEnrolment {
  std::string worker;
  std::string training;
  bool operator==(const ActiveEnrolment&) const = default;
};

struct TrainingProblem {
  // Any order; ids unique per kind; every worker's household and every
  // posting's employer present; every worker's id_number valid (rule 4).
  std::vector<Household> households;
  std::vector<Worker> workers;
  std::vector<Employer> employers;
  std::vector<Posting> postings;
  std::vector<Training> trainings;
  // Placements, any status (the dates decide which are active). Ones naming
  // an absent worker or posting are ignored.
  std::vector<Placement> placements;
  // The latest match run's live proposals (proposed or accepted; see above).
  std::vector<Proposal> proposals;
  // Declined pairs (rule 11).
  std::vector<Decline> declines;
  // Enrolments still running (they hold seats).
  std::vector<ActiveEnrolment> enrolments;
  Date date;  // "today": courses must start after it
  PolicyConfig policy;
};

// Limits that keep a plan's cost bounded. Counts, never wall time, so a plan
// is the same on every machine.
struct TrainingOptions {
  // A component whose integer program would have more columns (trainee,
  // course, posting triples) than this is not given to CBC: it keeps the
  // repaired flow plan with the flow's bound. CBC holds about 1.8 KB per
  // column (a generated province: 850 000 columns, 1.5 GB more than the
  // input). Default 1 500 000.
  int64_t max_ilp_columns = 1500000;
  // Branch-and-bound nodes per level per component. Default 2 000.
  int32_t max_ilp_nodes = 2000;
  // Simplex iterations of one LP solve (the root LP of a level). Default
  // 2 000 000; a root LP stopped by it leaves the component to (c).
  int32_t max_lp_iterations = 2000000;
  // Threads for the candidate search (the plan does not depend on it).
  // Default 1.
  int threads = 1;
  // postings_opened lists at most this many per assignment. Default 10.
  int32_t max_postings_listed = 10;
};

// Lexicographic: compare level 1, then 2, then 3. Greater is better.
struct TrainingTotals {
  int64_t relocated_households_coverable = 0;  // level 1
  int64_t poor_households_coverable = 0;       // level 2
  int64_t workers_gaining_posting = 0;         // level 3
  bool operator==(const TrainingTotals&) const = default;
  auto operator<=>(const TrainingTotals&) const = default;
};

struct TrainingAssignment {
  std::string worker;
  std::string household;
  std::string training;       // the course whose seat the worker takes
  std::string opens_posting;  // the posting whose slot the plan keeps for the worker
  // Every steady posting with a free slot the course opens to the worker,
  // opens_posting first, then the others by fit score (best first; ties by
  // id), at most TrainingOptions::max_postings_listed.
  std::vector<std::string> postings_opened;
  // 1: the first trainee (by worker id) of a level-1 household; 2: likewise
  // for level 2; 3: any other trainee (counted at level 3 only).
  int level = 3;
  std::string why;  // plain Chinese, for bureau staff
  bool operator==(const TrainingAssignment&) const = default;
};

// What the solve did; not part of the plan's meaning.
struct TrainingStats {
  int64_t trainees = 0;     // workers who could be trainees (some course within reach)
  int64_t courses = 0;      // trainings with free seats starting after the date
  int64_t seats = 0;        // their free seats
  int64_t postings = 0;     // steady postings with a free slot
  int64_t slots = 0;        // their free slots
  int64_t options = 0;      // (trainee, course) pairs that open something
  int64_t pairs = 0;        // (trainee, posting) pairs some course opens
  int64_t triples = 0;      // (trainee, course, posting)
  int64_t components = 0;   // independent parts with at least one pair
  int64_t components_flow = 0;       // proven by the flow (seats fit)
  int64_t components_ilp = 0;        // given to CBC
  int64_t components_ilp_proven = 0; // ... and proven optimal there
  int64_t components_bound = 0;      // left with a bound
  int64_t largest_ilp_columns = 0;
  int64_t ilp_nodes = 0;
  int64_t lp_iterations = 0;
};

struct TrainingPlan {
  std::vector<TrainingAssignment> assignments;  // by worker id
  TrainingTotals totals;
  // Every level proven optimal.
  bool exact = false;
  // When !exact: for each level k, no plan that reaches at least this plan's
  // totals at the levels above k has more than upper_bound at level k (for
  // level 1: no plan at all). So the plan is optimal up to the first level
  // where it falls short of the bound, and the gap is there. nullopt when
  // exact (the bound is the plan).
  std::optional<TrainingTotals> upper_bound;
  // How it was solved: "flow" (the seat-free flow fitted the seats
  // everywhere), "flow+ilp" (CBC proved the rest), or with "+bound(...)"
  // naming where the bound comes from when not exact.
  std::string method;
  TrainingStats stats;
};

// The plan for `problem`. Invalid (kInvalidArgument, one FieldError per
// problem) when the records are not consistent (IndexedProblem::Build's
// checks). Cost: the matcher's candidate search over the available workers,
// one over the trainees, a flow, then CBC on the components where seats bind
// (bounded by `options`).
[[nodiscard]] Result<TrainingPlan> PlanTraining(const TrainingProblem& problem,
                                                const TrainingOptions& options = {});

// The course to advise one worker (the 311 package's "1 training").
struct CourseAdvice {
  std::string training;
  std::string title;
  std::vector<Skill> teaches;
  Date start_date;
  double distance_km = 0;  // from the worker to the course
  // Steady postings with a free slot that the course opens (feasible with its
  // skills, not without), best fit first (ties by id), all of them.
  std::vector<std::string> postings_opened;
  std::string why;  // plain Chinese, for the worker
  bool operator==(const CourseAdvice&) const = default;
};

// For worker `worker_id`: among the courses (free seats, start after the
// date, within reach), the one that opens the most steady postings with a
// free slot to this worker; ties: the best fit score among the postings
// opened, then the earlier start, then the smaller id. nullopt when the
// worker breaks rule 1 or 2 or no course opens anything. Here the worker's
// own live proposal does not count against its posting's slots (it is
// theirs), while everybody else's do; having a proposal or a feasible
// posting already does not stop the advice (it may open better jobs).
// NotFound when no worker has that id; Invalid when its household is absent
// or its id_number invalid. O(postings + placements + proposals + courses).
[[nodiscard]] Result<std::optional<CourseAdvice>> BestCourseFor(const TrainingProblem& problem,
                                                                std::string_view worker_id);

}  // namespace leye
