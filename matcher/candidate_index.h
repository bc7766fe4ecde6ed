// Finds each worker's feasible postings without looking at all worker x
// posting pairs. Postings are indexed by
//   - occupation family x distance grid: for the commute radius, only the
//     postings of the wished families (all postings when no wishes) in the
//     grid cells the radius touches;
//   - occupation family x province: for work away from home (leave_county:
//     the other counties of the home province; leave_province: the other
//     provinces), only the wished families.
// Every posting these lists yield is then checked by FirstBrokenRule
// (feasibility.h), so the index decides only which pairs to look at: a pair
// it never yields breaks rule 8 or rule 9 (tests compare with all pairs).
//
// Only the K best by fit are kept, so the search prunes by bounds on the fit
// score (fit_score.h): grid rows nearest the worker first, each with the
// most commute points it can give; lists of far postings by falling wage;
// whatever cannot beat the K-th best kept so far is not looked at. The
// bounds use the same functions as the score, so the K kept are exactly the
// K best of all feasible postings (ties: the smaller posting id).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "matcher/indexed_problem.h"

namespace leye {

struct Candidate {
  int32_t posting = 0;
  int32_t score = 0;  // fit score 0..1000
  bool operator==(const Candidate&) const = default;
};

class CandidateIndex {
 public:
  // Indexes the postings of `ip`; keeps a reference to it (it must outlive
  // the index). Cost O(P log P).
  explicit CandidateIndex(const IndexedProblem& ip);
  // Indexes posting p, appended to the IndexedProblem after construction.
  void AddPosting(int32_t p);

  // Per-thread scratch space for the queries.
  struct Scratch {
    std::vector<uint32_t> stamp;
    uint32_t round = 0;
    std::vector<Candidate> found;
    std::vector<std::pair<int32_t, int>> skill_families;
  };

  // The feasible postings of worker w that are steady (or temporary), the
  // best `k` by fit score (ties: the smaller posting id), best first, into
  // *out. Returns true when more than k are feasible (some were cut).
  // Nothing when w is not Available.
  bool Find(int32_t w, bool steady, int32_t k, std::vector<Candidate>* out, Scratch* scratch) const;

  // Every worker for whom posting p (Offered, in the index) is feasible,
  // with the fit score, in worker order.
  std::vector<Candidate> WorkersFor(int32_t p) const;  // Candidate::posting holds the worker

  // For explaining a worker with no feasible posting: the first broken rule
  // of each posting (any kind, offered or not) within max(max_commute_km,
  // policy.diagnose_radius_km) in the wished families (all families when
  // there are none there), as (posting, rule) in posting order. `steady_only`
  // keeps steady postings only.
  std::vector<std::pair<int32_t, HardRule>> Diagnose(int32_t w, bool steady_only, Scratch* scratch) const;

 private:
  struct GridEntry {
    int64_t key;  // family << 26 | row << 13 | col
    int32_t posting;
  };
  struct ListEntry {
    int32_t province;
    int64_t wage;
    int32_t rank;
    int32_t posting;
  };
  enum Set { kTemporary = 0, kSteady = 1, kAll = 2 };

  int32_t FamilyId(const std::string& code) const;
  void Insert(int32_t p, bool sorted_insert);
  void Facts(int32_t p);
  template <typename F>
  void ScanGrid(int set, int32_t family, const GeoPoint& at, double radius_km, F&& f) const;
  template <typename F>
  void ScanWorkerPostings(int32_t w, int set, double radius_km, bool away, F&& f) const;

  const IndexedProblem& ip_;
  std::unordered_map<std::string, int32_t> family_id_;  // "" (all) = 0
  std::vector<GridEntry> grid_[3];
  std::vector<std::vector<ListEntry>> lists_[3];  // [set][family], by (province, wage desc, rank)
  std::vector<std::vector<ListEntry>> rank_lists_[3];  // the same by (province, rank)
  // Postings whose occupation is exactly the family's code, and postings
  // requiring a skill of the family: with lists_, what a worker's skills
  // relate to (the fit score's skill factor).
  std::vector<std::vector<int32_t>> exact_lists_[3], req_lists_[3];
  // Per posting, what the cheap tests before FirstBrokenRule read: hours,
  // wage, ages, public welfare, the place as a unit vector (its chord to the
  // worker bounds the great-circle distance from below), the required skills
  // as (family id, level) in req_[req_begin_[p] .. req_begin_[p + 1]).
  std::vector<uint8_t> hours_bit_, public_welfare_;
  std::vector<int64_t> wage_;
  std::vector<int32_t> age_lo_, age_hi_, county_, province_;
  std::vector<double> unit_;  // x, y, z per posting
  std::vector<std::vector<std::pair<int32_t, int>>> req_;
  // Workers by home cell, and the ones willing to work away, for WorkersFor.
  std::vector<GridEntry> worker_grid_;
  // Available workers willing to leave their county or province (rule 9),
  // for WorkersFor: with no wished category, and by wished category.
  std::vector<int32_t> away_any_category_;
  std::unordered_map<std::string, std::vector<int32_t>> away_by_category_;
  double max_commute_km_ = 0;
};

}  // namespace leye
