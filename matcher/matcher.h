// The matching engine's facade (ARCHITECTURE.md, "Policy"; issue 3): from a
// MatchProblem to proposals, levels and reasons, exactly optimal for the
// policy's lexicographic objective. LEMON style:
//
//   Matcher m;
//   m.SetProblem(std::move(problem));        // records, placements, declines, date, policy
//   if (m.Run() != Matcher::Outcome::kOptimal) return m.error();   // invalid input
//   const MatchResult& r = m.result();       // levels, proposals, unplaced, uncovered
//   m.AddPosting(posting);                   // incremental: re-optimises what changed
//   m.AddDecline({worker, posting});
//
// Run() does, in order: index the postings (CandidateIndex); find every
// available worker's feasible steady and temporary postings, keeping the K
// best of each kind by fit (policy.candidates_per_worker); phase 1: the
// lexicographic min-cost flow over steady postings (levels 1-5); phase 2: the
// workers left over temporary postings (levels 3-5, counted as
// temporary_placed); then the proposals' factors and the reasons.
//
// Levels 1-4 are exact over all feasible pairs when no worker has more than K
// feasible postings of a kind (stats().workers_at_k counts those who do).
// The same problem (in any record order) gives the same result, field for
// field. Thread safety: none; one Matcher per run; the problem is a snapshot
// owned by the Matcher.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/candidate_index.h"
#include "matcher/fit_score.h"
#include "matcher/indexed_problem.h"
#include "matcher/lexicographic_solver.h"
#include "matcher/match_problem.h"
#include "matcher/match_result.h"
#include "matcher/status.h"

namespace leye {

class Matcher {
 public:
  enum class Outcome { kOptimal, kInvalidInput };

  Matcher();
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  Matcher& SetProblem(MatchProblem problem);
  // Names for occupation codes in the explanations (optional).
  Matcher& SetOccupationNames(OccupationNames names);
  // Threads for the candidate search (default 1; the result does not depend
  // on it).
  Matcher& SetThreads(int threads);
  // Called from the running thread now and then with the stage
  // ("candidates", "steady", "temporary") and the share of it done (0..1),
  // for a long run's progress. Optional; must not call back into the Matcher.
  Matcher& SetProgress(std::function<void(std::string_view stage, double done)> progress);

  // FindCandidates() then Solve(). kInvalidInput (see error()) when the
  // problem is not consistent (IndexedProblem::Build); nothing is solved then.
  Outcome Run();
  // The two steps of Run(), apart so a caller can time them: index the
  // problem and find every worker's candidates; then solve both phases.
  Outcome FindCandidates();
  Outcome Solve();
  const Status& error() const { return error_; }

  // After Run() == kOptimal:
  // The levels; cheap (no strings built).
  Levels levels() const;
  // The whole result; built on the first call after Run() or a change.
  const MatchResult& result();
  // The proposal for one worker, or nullopt.
  std::optional<Proposal> ProposalFor(std::string_view worker_id) const;
  const MatchStats& stats() const { return stats_; }
  // Worker w's kept candidates of a kind, best first (after FindCandidates()).
  std::span<const Candidate> Candidates(int32_t w, bool steady) const;
  const IndexedProblem& problem() const { return *ip_; }

  // Incremental changes after Run() == kOptimal. Each re-optimises both
  // phases from the kept flows and potentials and leaves exactly the levels
  // a fresh Run() on the changed problem gives. Returns the workers whose
  // proposal changed (ids, sorted). Invalid: unknown references, a
  // duplicate posting id, or no successful Run() yet.
  Result<std::vector<std::string>> AddPosting(Posting posting);
  Result<std::vector<std::string>> AddDecline(const Decline& decline);

  // The optimality certificates of both phases (LexicographicSolver::
  // CheckOptimality); empty when both hold.
  std::string CheckOptimality() const;

 private:
  class CandidateLists;
  std::vector<SolverArc> Arcs(int32_t w, bool steady) const;
  Result<std::vector<std::string>> Reoptimise(std::vector<int32_t> new_postings,
                                              std::vector<int32_t> steady_changed,
                                              std::vector<int32_t> temporary_changed);
  void BuildResult();

  std::optional<MatchProblem> pending_;
  OccupationNames names_;
  int threads_ = 1;
  std::function<void(std::string_view, double)> progress_;
  Status error_;
  std::unique_ptr<IndexedProblem> ip_;
  std::unique_ptr<CandidateIndex> index_;
  std::unique_ptr<CandidateLists> steady_, temporary_;
  LexicographicSolver phase1_, phase2_;
  std::vector<int32_t> placed1_;  // phase-1 posting per worker, -1
  bool solved_ = false;
  MatchStats stats_;
  std::optional<MatchResult> result_;
};

}  // namespace leye
