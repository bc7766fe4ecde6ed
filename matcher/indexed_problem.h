// A MatchProblem sorted by id and indexed for the matcher: records become
// dense indices (position in id order), references become indices, and what
// the hard rules and levels read per record is computed once (age on the
// date, active placements, free slots, steady or not, household standing).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "matcher/feasibility.h"
#include "matcher/match_problem.h"
#include "matcher/placement_rules.h"
#include "matcher/status.h"

namespace leye {

// Which level a household's first placed member counts for (phase 1).
enum class HouseholdPriority : uint8_t {
  kNone = 0,
  kRelocated = 1,  // level 1: relocated, not holding steady work on the date
  kPoor = 2,       // level 2: registered poor, not relocated, not holding steady work
};

class IndexedProblem {
 public:
  // Sorts every kind by id and indexes. Invalid (with one FieldError per
  // problem, pointers into the given, unsorted vectors) when an id repeats
  // within a kind, a worker's household or a posting's employer is absent,
  // a household's or employer's region is not a 6-digit code, or a worker's
  // id_number is not valid.
  static Result<IndexedProblem> Build(MatchProblem problem);

  const MatchProblem& problem() const { return p_; }
  const PolicyConfig& policy() const { return p_.policy; }
  Date date() const { return p_.date; }
  int32_t num_households() const { return static_cast<int32_t>(p_.households.size()); }
  int32_t num_workers() const { return static_cast<int32_t>(p_.workers.size()); }
  int32_t num_employers() const { return static_cast<int32_t>(p_.employers.size()); }
  int32_t num_postings() const { return static_cast<int32_t>(p_.postings.size()); }
  const Household& household(int32_t h) const { return p_.households[h]; }
  const Worker& worker(int32_t w) const { return p_.workers[w]; }
  const Employer& employer(int32_t e) const { return p_.employers[e]; }
  const Posting& posting(int32_t p) const { return p_.postings[p]; }

  int32_t HouseholdOf(int32_t w) const { return household_of_[w]; }
  std::span<const int32_t> Members(int32_t h) const {
    return {members_.data() + member_begin_[h], members_.data() + member_begin_[h + 1]};
  }
  int32_t EmployerOf(int32_t p) const { return employer_of_[p]; }
  int Age(int32_t w) const { return age_[w]; }
  bool InActivePlacement(int32_t w) const { return active_[w]; }
  // Rules 1 and 2: the worker may be matched at all.
  bool Available(int32_t w) const {
    return Rule1AbleAndWilling(worker(w)) && Rule2NoActivePlacement(active_[w]);
  }
  int32_t FreeSlots(int32_t p) const { return free_slots_[p]; }
  // Rule 3 alone (open with a free slot): the posting takes part in the run.
  bool Offered(int32_t p) const { return Rule3OpenWithFreeSlot(posting(p), free_slots_[p]); }
  bool Steady(int32_t p) const { return steady_[p]; }
  const GeoPoint& Location(int32_t p) const { return PostingLocation(posting(p), employer(employer_of_[p])); }
  bool Declined(int32_t w, int32_t p) const {
    return declined_.count((static_cast<uint64_t>(w) << 32) | static_cast<uint32_t>(p)) != 0;
  }
  HouseholdWork Work(int32_t h) const { return work_[h]; }
  // Eligible for the guarantee: relocated, and a member able (full/weak)
  // who wants work or holds an active placement.
  bool Eligible(int32_t h) const { return eligible_[h]; }
  HouseholdPriority Priority(int32_t h) const { return priority_[h]; }
  // Position of the posting in id order (ties between equal scores go to
  // the smaller id, also after postings were added).
  int32_t PostingRank(int32_t p) const { return posting_rank_[p]; }

  PairView Pair(int32_t w, int32_t p) const {
    const Posting& post = posting(p);
    return PairView{worker(w), household(household_of_[w]), age_[w], active_[w], post,
                    employer(employer_of_[p]), free_slots_[p], Declined(w, p)};
  }
  HardRule FirstBroken(int32_t w, int32_t p) const { return FirstBrokenRule(Pair(w, p)); }

  std::optional<int32_t> FindWorker(std::string_view id) const;
  std::optional<int32_t> FindPosting(std::string_view id) const;
  std::optional<int32_t> FindEmployer(std::string_view id) const;

  // Incremental changes after a run. A new posting takes the next index (its
  // id order is kept in PostingRank). REQUIRES: the id is new, the employer
  // present. Invalid otherwise.
  Result<int32_t> AddPosting(Posting p);
  // Records the decline (also in problem().declines).
  void AddDecline(int32_t w, int32_t p);

 private:
  MatchProblem p_;
  std::vector<int32_t> household_of_, member_begin_, members_, employer_of_, free_slots_, posting_rank_;
  std::vector<int> age_;
  std::vector<bool> active_, steady_, eligible_;
  std::vector<HouseholdWork> work_;
  std::vector<HouseholdPriority> priority_;
  std::unordered_set<uint64_t> declined_;
  std::unordered_map<std::string, int32_t> worker_by_id_, posting_by_id_, employer_by_id_;
};

}  // namespace leye
