// Why three layers. Without seats the problem is the matcher's own network
// (households -> trainees -> opened postings, a household's first placed
// member carrying its level 1/2 gain), which LexicographicSolver solves
// exactly and fast; seats couple a trainee's course to the posting it keeps,
// which no flow expresses, but on register data they bind in few places. So
// the flow's plan is fitted into the seats (a b-matching by augmenting paths,
// the households' carriers first), then repaired greedily (insertions that may
// move other trainees between courses, and evict only trainees worth less).
// A component where the repaired plan reaches the flow's levels is proven
// optimal (the flow bounds it); the others go to the integer program, which
// proves them or leaves a gap (training_ilp.h).
//
// Bounds across components: levels add up, so the plan's totals are sums. A
// component's bound at level k holds for its plans that reach its plan's
// levels above k. Summed, that holds for the whole only when every component
// is proven at every level above k (a plan of the whole reaching the totals
// above must then reach each component's optimum there); otherwise level k
// is bounded by the sum of each component's bound on level k alone (the
// seat-free flow maximising level k alone), which holds for any plan.
#include "matcher/training_solver.h"

#include <algorithm>
#include <numeric>

#include "matcher/lexicographic_solver.h"
#include "matcher/training_ilp.h"

namespace leye {

namespace {

struct UnionFind {
  std::vector<int32_t> parent;
  explicit UnionFind(int32_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int32_t Find(int32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void Unite(int32_t a, int32_t b) {
    a = Find(a), b = Find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

// Per trainee, the pair the seat-free flow keeps (or -1). `mode` 0: the
// lexicographic levels; 1: level 2 alone; 2: level 3 alone.
std::vector<int64_t> RunFlow(const TrainingInstance& in, int mode) {
  const int32_t nt = in.num_trainees();
  std::vector<HouseholdPriority> prio(in.num_groups(), HouseholdPriority::kNone);
  for (int32_t g = 0; g < in.num_groups(); ++g) {
    if (in.group_level[g] == 1 && mode == 0) prio[g] = HouseholdPriority::kRelocated;
    if (in.group_level[g] == 2 && mode <= 1) prio[g] = HouseholdPriority::kPoor;
  }
  std::vector<SolverArc> arcs;
  arcs.reserve(in.pair_posting.size());
  for (int64_t q = 0; q < in.num_pairs(); ++q) arcs.push_back({in.pair_posting[q], in.pair_score[q], false});
  LexicographicSolver s;
  s.SetPostings(in.posting_slots).SetHouseholds(std::move(prio), in.trainee_group).SetArcs(in.pair_begin, std::move(arcs));
  std::vector<int64_t> pair(nt, -1);
  if (s.Run() != LexicographicSolver::Outcome::kOptimal) return pair;
  for (int32_t t = 0; t < nt; ++t) {
    const int32_t p = s.AssignedPosting(t);
    if (p < 0) continue;
    auto b = in.pair_posting.begin();
    pair[t] = std::lower_bound(b + in.pair_begin[t], b + in.pair_begin[t + 1], p) - b;
  }
  return pair;
}

// Levels of the trainees `ts` under `pair`.
TrainingTotals LevelsOf(const TrainingInstance& in, std::span<const int32_t> ts, std::span<const int64_t> pair,
                        std::vector<uint8_t>* counted) {
  TrainingTotals out;
  for (int32_t t : ts) {
    if (pair[t] < 0) continue;
    ++out.workers_gaining_posting;
    const int32_t g = in.trainee_group[t];
    if (in.group_level[g] == 0 || (*counted)[g]) continue;
    (*counted)[g] = 1;
    (in.group_level[g] == 1 ? out.relocated_households_coverable : out.poor_households_coverable) += 1;
  }
  for (int32_t t : ts) (*counted)[in.trainee_group[t]] = 0;
  return out;
}

int64_t& At(TrainingTotals& x, int k) {
  return k == 0 ? x.relocated_households_coverable : k == 1 ? x.poor_households_coverable : x.workers_gaining_posting;
}

// The greedy repair: a plan kept feasible at every step.
class Repair {
 public:
  explicit Repair(const TrainingInstance& in)
      : in_(in),
        option_(in.num_trainees(), -1),
        pair_(in.num_trainees(), -1),
        holders_(in.num_courses()),
        posting_holders_(in.num_postings()),
        seats_(in.course_seats),
        slots_(in.posting_slots),
        carried_(in.num_groups(), 0),
        seen_(in.num_courses(), 0),
        dead_(in.num_courses(), -1),
        from_(in.num_courses()) {
    member_begin_.assign(in.num_groups() + 1, 0);
    for (int32_t t = 0; t < in.num_trainees(); ++t) ++member_begin_[in.trainee_group[t] + 1];
    for (int32_t g = 0; g < in.num_groups(); ++g) member_begin_[g + 1] += member_begin_[g];
    members_.resize(in.num_trainees());
    std::vector<int32_t> fill(member_begin_.begin(), member_begin_.end() - 1);
    for (int32_t t = 0; t < in.num_trainees(); ++t) members_[fill[in.trainee_group[t]]++] = t;
  }

  // Fits the flow's pairs into the seats: the households' carriers first
  // (level 1, then 2), then everyone else, each in id order.
  void FitFlow(std::span<const int64_t> flow) {
    std::vector<int32_t> rest;
    for (int level = 1; level <= 2; ++level)
      for (int32_t g = 0; g < in_.num_groups(); ++g) {
        if (in_.group_level[g] != level) continue;
        for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i) {
          const int32_t t = members_[i];
          if (flow[t] < 0) continue;
          if (carried_[g] || !TakeSeat(t, flow[t])) rest.push_back(t);
        }
      }
    for (int32_t t = 0; t < in_.num_trainees(); ++t)
      if (flow[t] >= 0 && in_.group_level[in_.trainee_group[t]] == 0) rest.push_back(t);
    std::sort(rest.begin(), rest.end());
    for (int32_t t : rest)
      if (pair_[t] < 0) TakeSeat(t, flow[t]);
  }

  // Inserts the trainees left out: members of uncovered level-1 households
  // (evicting trainees worth less where that helps), then level 2, then all.
  void Improve() {
    for (int level = 1; level <= 2; ++level)
      for (int32_t g = 0; g < in_.num_groups(); ++g) {
        if (in_.group_level[g] != level) continue;
        for (int32_t i = member_begin_[g]; i < member_begin_[g + 1] && !carried_[g]; ++i)
          if (pair_[members_[i]] < 0) Insert(members_[i], true);
      }
    for (int32_t t = 0; t < in_.num_trainees(); ++t)
      if (pair_[t] < 0) Insert(t, false);
  }

  const std::vector<int64_t>& option() const { return option_; }
  const std::vector<int64_t>& pair() const { return pair_; }

 private:
  struct From {
    int32_t trainee;
    int64_t option;
    int32_t prev;  // course the trainee leaves, -1 for the one inserted
  };

  bool Opens(int64_t o, int32_t t, int64_t q) const {
    const int32_t l = static_cast<int32_t>(q - in_.pair_begin[t]);
    return std::binary_search(in_.opens.begin() + in_.opens_begin[o], in_.opens.begin() + in_.opens_begin[o + 1], l);
  }
  // 1 or 2: the only member placed of a level-1/2 household; else 3.
  int Class(int32_t t) const {
    const int32_t g = in_.trainee_group[t];
    return in_.group_level[g] > 0 && carried_[g] == 1 ? in_.group_level[g] : 3;
  }
  int ClassIfAdded(int32_t t) const {
    const int32_t g = in_.trainee_group[t];
    return in_.group_level[g] > 0 && carried_[g] == 0 ? in_.group_level[g] : 3;
  }

  void Unassign(int32_t t) {
    const int32_t c = in_.opt_course[option_[t]], p = in_.pair_posting[pair_[t]];
    auto& h = holders_[c];
    h.erase(std::find(h.begin(), h.end(), t));
    auto& ph = posting_holders_[p];
    ph.erase(std::find(ph.begin(), ph.end(), t));
    ++seats_[c];
    ++slots_[p];
    --carried_[in_.trainee_group[t]];
    option_[t] = pair_[t] = -1;
    ++epoch_;  // a seat is free: courses found full may lead somewhere again
  }
  void Restore(int32_t t, int64_t o, int64_t q) {
    const int32_t c = in_.opt_course[o], p = in_.pair_posting[q];
    holders_[c].push_back(t);
    posting_holders_[p].push_back(t);
    --seats_[c];
    --slots_[p];
    ++carried_[in_.trainee_group[t]];
    option_[t] = o;
    pair_[t] = q;
  }

  // Gives t pair q (whose posting must have a free slot) and a seat in a
  // course opening it, moving other trainees between courses that open
  // their own pairs (BFS over courses). False, changing nothing, when no
  // seat can be found. A search that fails marks the courses it saw as full
  // for good until a seat is freed (epoch_): augmenting paths found later
  // never enter them, so they stay full.
  bool TakeSeat(int32_t t, int64_t q) {
    if (slots_[in_.pair_posting[q]] <= 0) return false;
    ++stamp_;
    queue_.clear();
    int32_t end = -1;
    auto visit = [&](int32_t trainee, int64_t o, int32_t prev) {
      const int32_t c = in_.opt_course[o];
      if (seen_[c] == stamp_ || dead_[c] == epoch_) return;
      seen_[c] = stamp_;
      from_[c] = {trainee, o, prev};
      if (seats_[c] > 0 && end < 0) end = c;
      queue_.push_back(c);
    };
    for (int64_t o = in_.opt_begin[t]; o < in_.opt_begin[t + 1] && end < 0; ++o)
      if (Opens(o, t, q)) visit(t, o, -1);
    for (size_t head = 0; head < queue_.size() && end < 0; ++head) {
      const int32_t c = queue_[head];
      for (int32_t u : holders_[c]) {
        for (int64_t o = in_.opt_begin[u]; o < in_.opt_begin[u + 1] && end < 0; ++o)
          if (in_.opt_course[o] != c && Opens(o, u, pair_[u])) visit(u, o, c);
        if (end >= 0) break;
      }
    }
    if (end < 0) {
      for (int32_t c : queue_) dead_[c] = epoch_;
      return false;
    }
    --seats_[end];
    for (int32_t c = end;;) {
      const From f = from_[c];
      if (f.prev >= 0) {
        auto& h = holders_[f.prev];
        h.erase(std::find(h.begin(), h.end(), f.trainee));
      }
      holders_[c].push_back(f.trainee);
      option_[f.trainee] = f.option;
      if (f.prev < 0) break;
      c = f.prev;
    }
    const int32_t p = in_.pair_posting[q];
    pair_[t] = q;
    posting_holders_[p].push_back(t);
    --slots_[p];
    ++carried_[in_.trainee_group[t]];
    return true;
  }

  // The trainee of smallest id in `v` worth less than `cls` (Class > cls), or -1.
  int32_t Victim(const std::vector<int32_t>& v, int cls, int32_t other) const {
    int32_t best = -1;
    for (int32_t u : v)
      if (u != other && Class(u) > cls && (best < 0 || u < best)) best = u;
    return best;
  }

  std::vector<int64_t> PairsByScore(int32_t t) const {
    std::vector<int64_t> qs(in_.pair_begin[t + 1] - in_.pair_begin[t]);
    std::iota(qs.begin(), qs.end(), in_.pair_begin[t]);
    std::stable_sort(qs.begin(), qs.end(), [&](int64_t a, int64_t b) { return in_.pair_score[a] > in_.pair_score[b]; });
    return qs;
  }

  void Insert(int32_t t, bool evict) {
    const std::vector<int64_t> qs = PairsByScore(t);
    for (int64_t q : qs)
      if (TakeSeat(t, q)) return;
    const int cls = ClassIfAdded(t);
    if (!evict || cls == 3) return;
    for (int64_t q : qs) {
      const int32_t p = in_.pair_posting[q];
      int32_t slot_victim = -1;
      int64_t sv_option = -1, sv_pair = -1;
      if (slots_[p] <= 0) {
        slot_victim = Victim(posting_holders_[p], cls, -1);
        if (slot_victim < 0) continue;
        sv_option = option_[slot_victim];
        sv_pair = pair_[slot_victim];
        Unassign(slot_victim);
        if (TakeSeat(t, q)) {
          Insert(slot_victim, false);
          return;
        }
      }
      // A seat: evict a holder worth less from a course opening q.
      int32_t seat_victim = -1;
      for (int64_t o = in_.opt_begin[t]; o < in_.opt_begin[t + 1]; ++o) {
        if (!Opens(o, t, q)) continue;
        const int32_t u = Victim(holders_[in_.opt_course[o]], cls, slot_victim);
        if (u >= 0 && (seat_victim < 0 || u < seat_victim)) seat_victim = u;
      }
      if (seat_victim < 0) {
        if (slot_victim >= 0) Restore(slot_victim, sv_option, sv_pair);
        continue;
      }
      Unassign(seat_victim);
      if (TakeSeat(t, q)) {
        Insert(seat_victim, false);
        if (slot_victim >= 0) Insert(slot_victim, false);
        return;
      }
      // Cannot happen (the victim's seat opens q); keep the plan whole anyway.
      Insert(seat_victim, false);
      if (slot_victim >= 0) Insert(slot_victim, false);
    }
  }

  const TrainingInstance& in_;
  std::vector<int64_t> option_, pair_;
  std::vector<std::vector<int32_t>> holders_, posting_holders_;
  std::vector<int32_t> seats_, slots_, carried_;
  std::vector<int32_t> member_begin_, members_;
  std::vector<uint32_t> seen_;
  std::vector<int64_t> dead_;
  std::vector<From> from_;
  std::vector<int32_t> queue_;
  uint32_t stamp_ = 0;
  int64_t epoch_ = 0;
};

}  // namespace

bool OptionOpens(const TrainingInstance& in, int64_t o, int64_t q) {
  const int32_t t = in.TraineeOfOption(o);
  if (q < in.pair_begin[t] || q >= in.pair_begin[t + 1]) return false;
  const int32_t l = static_cast<int32_t>(q - in.pair_begin[t]);
  return std::binary_search(in.opens.begin() + in.opens_begin[o], in.opens.begin() + in.opens_begin[o + 1], l);
}

TrainingTotals TotalsOf(const TrainingInstance& in, std::span<const int64_t> pair) {
  std::vector<int32_t> all(in.num_trainees());
  std::iota(all.begin(), all.end(), 0);
  std::vector<uint8_t> counted(in.num_groups(), 0);
  return LevelsOf(in, all, pair, &counted);
}

std::string CheckAssignment(const TrainingInstance& in, std::span<const int64_t> option, std::span<const int64_t> pair) {
  if (static_cast<int32_t>(option.size()) != in.num_trainees() || static_cast<int32_t>(pair.size()) != in.num_trainees())
    return "wrong sizes";
  std::vector<int32_t> seats(in.course_seats), slots(in.posting_slots);
  for (int32_t t = 0; t < in.num_trainees(); ++t) {
    const std::string who = "trainee " + std::to_string(t);
    if ((option[t] < 0) != (pair[t] < 0)) return who + ": a seat without a slot or the reverse";
    if (option[t] < 0) continue;
    if (option[t] < in.opt_begin[t] || option[t] >= in.opt_begin[t + 1]) return who + ": another trainee's option";
    if (!OptionOpens(in, option[t], pair[t])) return who + ": the course does not open the posting kept";
    if (--seats[in.opt_course[option[t]]] < 0) return who + ": course over its seats";
    if (--slots[in.pair_posting[pair[t]]] < 0) return who + ": posting over its slots";
  }
  return "";
}

TrainingSolution SolveTraining(const TrainingInstance& in, const TrainingOptions& options) {
  const int32_t nt = in.num_trainees(), nc = in.num_courses(), np = in.num_postings();
  TrainingSolution sol;
  sol.option.assign(nt, -1);
  sol.pair.assign(nt, -1);

  // Components: trainees linked through courses, postings and the level-1/2
  // households they share.
  UnionFind uf(nt + nc + np + in.num_groups());
  for (int32_t t = 0; t < nt; ++t) {
    for (int64_t o = in.opt_begin[t]; o < in.opt_begin[t + 1]; ++o) uf.Unite(t, nt + in.opt_course[o]);
    for (int64_t q = in.pair_begin[t]; q < in.pair_begin[t + 1]; ++q) uf.Unite(t, nt + nc + in.pair_posting[q]);
    if (in.group_level[in.trainee_group[t]] > 0) uf.Unite(t, nt + nc + np + in.trainee_group[t]);
  }
  std::vector<std::vector<int32_t>> comps;
  {
    std::vector<int32_t> comp_of_root(nt, -1);
    for (int32_t t = 0; t < nt; ++t) {
      const int32_t r = uf.Find(t);  // the smallest member, a trainee
      if (comp_of_root[r] < 0) {
        comp_of_root[r] = static_cast<int32_t>(comps.size());
        comps.emplace_back();
      }
      comps[comp_of_root[r]].push_back(t);
    }
  }
  sol.stats.components = static_cast<int64_t>(comps.size());

  const std::vector<int64_t> flow = RunFlow(in, 0);
  Repair repair(in);
  repair.FitFlow(flow);
  repair.Improve();
  sol.option = repair.option();
  sol.pair = repair.pair();

  std::vector<uint8_t> counted(in.num_groups(), 0);
  const size_t ncomp = comps.size();
  std::vector<TrainingTotals> plan(ncomp), cond(ncomp), flow_lv(ncomp);
  std::vector<int> proven_levels(ncomp, 0);  // levels 1..k proven
  std::vector<uint8_t> cond_from_flow(ncomp, 0);
  bool any_ilp = false, any_greedy = false, any_lp_bound = false;
  for (size_t ci = 0; ci < ncomp; ++ci) {
    const std::vector<int32_t>& ts = comps[ci];
    flow_lv[ci] = LevelsOf(in, ts, flow, &counted);
    plan[ci] = LevelsOf(in, ts, sol.pair, &counted);
    if (plan[ci] == flow_lv[ci]) {
      ++sol.stats.components_flow;
      cond[ci] = flow_lv[ci];
      proven_levels[ci] = 3;
      continue;
    }
    cond_from_flow[ci] = 1;
    const int64_t cols = IlpColumns(in, ts);
    if (cols <= options.max_ilp_columns) {
      any_ilp = true;
      ++sol.stats.components_ilp;
      std::vector<int64_t> wo, wp;
      for (int32_t t : ts) {
        wo.push_back(sol.option[t]);
        wp.push_back(sol.pair[t]);
      }
      const IlpOutcome r = SolveComponentIlp(in, ts, wo, wp, {options.max_ilp_nodes, options.max_lp_iterations});
      sol.stats.largest_ilp_columns = std::max(sol.stats.largest_ilp_columns, r.columns);
      sol.stats.ilp_nodes += r.nodes;
      sol.stats.lp_iterations += r.lp_iterations;
      TrainingTotals got{r.level[0], r.level[1], r.level[2]};
      if (got >= plan[ci]) {
        for (size_t i = 0; i < ts.size(); ++i) {
          sol.option[ts[i]] = r.option[i];
          sol.pair[ts[i]] = r.pair[i];
        }
        plan[ci] = got;
        for (int k = 0; k < 3; ++k)
          if (r.bound[k] >= 0) {
            At(cond[ci], k) = r.bound[k];
            any_lp_bound = true;
          } else {
            At(cond[ci], k) = -1;
          }
      } else {
        for (int k = 0; k < 3; ++k) At(cond[ci], k) = -1;
      }
    } else {
      any_greedy = true;
      for (int k = 0; k < 3; ++k) At(cond[ci], k) = -1;
    }
    // The flow's bounds, where they hold for this plan: level 1 always; a
    // lower level when the plan reaches the flow at every level above.
    for (int k = 0; k < 3; ++k) {
      bool holds = true;
      for (int j = 0; j < k; ++j) holds = holds && At(plan[ci], j) == At(flow_lv[ci], j);
      if (!holds) continue;
      const int64_t f = At(flow_lv[ci], k);
      if (At(cond[ci], k) < 0 || f < At(cond[ci], k)) At(cond[ci], k) = f;
    }
    int proven = 0;
    while (proven < 3 && At(cond[ci], proven) >= 0 && At(cond[ci], proven) == At(plan[ci], proven)) ++proven;
    proven_levels[ci] = proven;
    if (proven == 3) ++sol.stats.components_ilp_proven;
    else ++sol.stats.components_bound;
  }

  for (size_t ci = 0; ci < ncomp; ++ci) {
    sol.totals.relocated_households_coverable += plan[ci].relocated_households_coverable;
    sol.totals.poor_households_coverable += plan[ci].poor_households_coverable;
    sol.totals.workers_gaining_posting += plan[ci].workers_gaining_posting;
  }
  sol.exact = std::all_of(proven_levels.begin(), proven_levels.end(), [](int p) { return p == 3; });
  sol.method = any_ilp ? "flow+ilp" : "flow";
  if (any_greedy) sol.method += "+greedy";
  if (sol.exact) return sol;

  // Bounds of the whole (see the top of this file).
  std::vector<TrainingTotals> alone(ncomp);
  {
    const std::vector<int64_t> f2 = RunFlow(in, 1), f3 = RunFlow(in, 2);
    for (size_t ci = 0; ci < ncomp; ++ci) {
      alone[ci].relocated_households_coverable = flow_lv[ci].relocated_households_coverable;
      alone[ci].poor_households_coverable = LevelsOf(in, comps[ci], f2, &counted).poor_households_coverable;
      alone[ci].workers_gaining_posting = LevelsOf(in, comps[ci], f3, &counted).workers_gaining_posting;
    }
  }
  TrainingTotals bound;
  for (int k = 0; k < 3; ++k) {
    const bool above_proven =
        std::all_of(proven_levels.begin(), proven_levels.end(), [&](int p) { return p >= k; });
    int64_t sum = 0;
    for (size_t ci = 0; ci < ncomp; ++ci) {
      int64_t b = At(alone[ci], k);
      if (above_proven && At(cond[ci], k) >= 0) b = std::min(b, At(cond[ci], k));
      sum += b;
    }
    At(bound, k) = sum;
  }
  sol.upper_bound = bound;
  sol.method += any_lp_bound ? ", bound: lp+flow" : ", bound: flow";
  return sol;
}

}  // namespace leye
