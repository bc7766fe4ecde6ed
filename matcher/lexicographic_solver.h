// An exact min-cost flow for the matching network of ARCHITECTURE.md, with
// lexicographic costs (lex_cost.h):
//
//   household --(members, cap 1 each)--> worker --(candidate arcs)--> posting --(cap)--> sink
//
// maximising, in this order: 1 households of priority kRelocated with a
// member placed, 2 the same for kPoor, 3 arcs marked public_welfare used,
// 4 units placed, 5 the sum of the arcs' scores. A household's first unit
// carries its level 1/2 gain (its idle arc costs the gain), the others none:
// the gain is a concave function of the members placed, so the model is
// exact. The first unit and the others enter through two supply nodes, so
// they can be routed at different times.
//
// LEMON style: set inputs, Run(), query; then incremental Apply()s keep the
// optimal flow and potentials and re-optimise only what changed.
//
// Run() solves the whole network by the primal network simplex on packed
// costs (lexicographic_simplex.cc, network_simplex.h): pivots with block
// pricing over the M arcs, each walking one cycle and the subtree it moves.
// Apply() and the fallback Run() for networks above PackedCost::kMaxNodes
// nodes use shortest paths: one Dijkstra on reduced costs per unit of
// supply that must move, stopped when it settles the sink, with the
// potentials re-based from the sink now and then (GlobalUpdate). Those
// searches are short while slots are plenty and cross thousands of nodes of
// zero reduced cost once they are scarce, which is why the simplex does the
// full solve (docs/BENCHMARKS.md). Memory: about 20 bytes per arc and 300
// per node, and during the simplex 21 more per arc and 70 per node.
//
// Thread safety: none; one solver per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "matcher/indexed_problem.h"
#include "matcher/lex_cost.h"

namespace leye {

// A candidate arc worker -> posting.
struct SolverArc {
  int32_t posting = 0;
  int32_t score = 0;            // level 5 gain, 0..1000
  bool public_welfare = false;  // level 3 gain: a hard-to-employ worker in a public-welfare post
  bool operator==(const SolverArc&) const = default;
};

// The five levels reached: v[0] level 1 ... v[4] level 5 (gains, >= 0).
using SolverLevels = LexCost;

class LexicographicSolver {
 public:
  enum class Outcome { kOptimal, kInvalidInput };

  LexicographicSolver() = default;

  // Capacity (free slots, >= 0) per posting.
  LexicographicSolver& SetPostings(std::vector<int32_t> capacity);
  // Per household its priority; per worker its household (0 <= g < priority.size()).
  LexicographicSolver& SetHouseholds(std::vector<HouseholdPriority> priority,
                                     std::vector<int32_t> household_of_worker);
  // Candidate arcs by worker: the arcs of worker w are arcs[begin[w] .. begin[w+1]),
  // begin.size() == workers + 1. At most one arc per (worker, posting).
  LexicographicSolver& SetArcs(std::vector<int64_t> begin, std::vector<SolverArc> arcs);

  // Called from Run() now and then with (units routed, units in all); for a
  // progress bar. Optional.
  LexicographicSolver& SetProgress(std::function<void(int64_t done, int64_t total)> progress) {
    progress_ = std::move(progress);
    return *this;
  }

  // How Run() solves: the network simplex on the whole network (the
  // default; falls back to shortest paths above PackedCost::kMaxNodes
  // nodes), or one shortest path per unit of supply.
  enum class Method { kNetworkSimplex, kShortestPaths };
  LexicographicSolver& SetMethod(Method m) {
    method_ = m;
    return *this;
  }

  // Solves from scratch. kInvalidInput when the inputs disagree in size or an
  // index is out of range (nothing is solved then).
  Outcome Run();

  // Queries (after Run()).
  // The posting worker w is placed in, or -1.
  int32_t AssignedPosting(int32_t w) const {
    return assigned_[w] < 0 ? -1 : arcs_[assigned_[w]].arc.posting;
  }
  // The arc worker w is placed through (its score, level 3 mark), or nullptr.
  const SolverArc* AssignedArc(int32_t w) const {
    return assigned_[w] < 0 ? nullptr : &arcs_[assigned_[w]].arc;
  }
  SolverLevels Levels() const;
  int32_t num_postings() const { return static_cast<int32_t>(cap_.size()); }
  int32_t num_workers() const { return static_cast<int32_t>(group_of_.size()); }
  // Empty when the flow is feasible (capacities, conservation) and every
  // residual arc has a non-negative reduced cost under the potentials: the
  // complementary-slackness certificate that the flow is optimal. Otherwise
  // the first violation found, in words.
  std::string CheckOptimality() const;

  struct Counters {
    int64_t searches = 0;       // shortest-path searches
    int64_t nodes_settled = 0;  // nodes settled by them
    int64_t global_updates = 0; // potentials made exact distances to the sink
    int64_t pivots = 0;         // network simplex pivots
  };
  const Counters& counters() const { return counters_; }

  // Incremental re-optimisation after Run(): append postings, replace the arc
  // lists of some workers (arcs to the new postings included). The result is
  // optimal for the changed network, as a fresh Run() would be (same levels;
  // the assignment may be another optimum).
  struct Update {
    std::vector<int32_t> new_posting_capacity;  // become postings num_postings()...
    std::vector<std::pair<int32_t, std::vector<SolverArc>>> worker_arcs;  // (worker, all its arcs)
  };
  Outcome Apply(const Update& u);

  // The arc store's record (public for the simplex's view of the network,
  // lexicographic_simplex.cc).
  struct StoredArc {
    SolverArc arc;
    int32_t worker = 0;  // -1 - worker once replaced (ArcLive)
  };

 private:
  // Nodes: 0 the sink; per household h its node (1 + h), which supplies the
  // household's first unit and carries its level 1/2 gain on its idle arc,
  // and its rest node (1 + G + h), which supplies the other members' units
  // through the household node at no gain; then workers; then postings.
  static constexpr int32_t kSink = 0;
  int32_t HNode(int32_t g) const { return 1 + g; }
  int32_t RNode(int32_t g) const { return 1 + num_groups_ + g; }
  int32_t WNode(int32_t w) const { return 1 + 2 * num_groups_ + w; }
  int32_t PNode(int32_t p) const { return 1 + 2 * num_groups_ + num_workers_ + p; }
  bool IsH(int32_t v) const { return v >= 1 && v <= num_groups_; }
  bool IsR(int32_t v) const { return v > num_groups_ && v <= 2 * num_groups_; }
  bool IsW(int32_t v) const { return v > 2 * num_groups_ && v <= 2 * num_groups_ + num_workers_; }

  LexCost ArcCost(const SolverArc& a) const;
  LexCost Bonus(int32_t g) const;
  // A replaced arc keeps its slot in arcs_ with worker = -1 - w: the flag
  // sits in the cache line the search reads anyway.
  bool ArcLive(int32_t a) const { return arcs_[a].worker >= 0; }
  bool WorkerInNet(int32_t w) const { return worker_in_net_[w]; }
  template <typename F>
  void ForEachInArc(int32_t p, F&& f) const;

  bool OpenPosting(int32_t p);
  int32_t EnterNetwork(int32_t g);
  void AddFirstUnit(int32_t g);
  void AddOtherUnits(int32_t g);
  void RemoveGroup(int32_t g);
  void ForwardAugment(int32_t src);

  void BackwardAugment(int32_t p);
  void BackwardSearch(int32_t tgt);
  bool SimplexFits() const;
  void RunSimplex();  // lexicographic_simplex.cc
  void GlobalUpdate();
  void SetWorkerArcs(int32_t w, std::span<const SolverArc> arcs);
  void Push(const LexCost& d, int32_t v);
  void Relax(int32_t from, int32_t to, int32_t arc, const LexCost& d_from, const LexCost& rc);
  void ApplyArc(int32_t u, int32_t v, int32_t arc);
  void ResizeScratch();

  // Inputs.
  int32_t num_groups_ = 0, num_workers_ = 0;
  std::vector<HouseholdPriority> prio_;
  std::vector<int32_t> group_of_, member_begin_, members_;
  std::vector<int32_t> cap_;
  std::vector<uint8_t> posting_open_;
  std::vector<int64_t> in_begin_;
  std::vector<int32_t> in_arcs_;                // arc ids by posting (CSR with in_begin_)
  std::vector<std::vector<int32_t>> in_extra_;  // per posting: arc ids added after Run()
  std::vector<StoredArc> arcs_;
  std::vector<int32_t> wbegin_, wcount_;
  bool valid_ = false;
  Method method_ = Method::kNetworkSimplex;
  bool arcs_valid_ = true;

  // Flow.
  std::vector<int32_t> assigned_;              // per worker: arc id or -1
  std::vector<std::vector<int32_t>> holders_;  // per posting: workers placed there
  std::vector<int32_t> out_flow_;              // per posting: flow to the sink
  // Per household: members with arcs; first unit supplied (0/1), idle (0/1)
  // and not yet routed; other units supplied, idle, sent on to the household
  // node, not yet routed; members placed.
  std::vector<int32_t> units_, first_supply_, first_idle_, first_pending_;
  std::vector<int32_t> rest_supply_, rest_idle_, rest_sent_, rest_pending_, placed_;
  std::vector<uint8_t> in_net_;  // per household
  std::vector<uint8_t> worker_in_net_;  // per worker: has arcs and its household is in the net
  // Per node, together, as a search touches them together: its potential
  // and the search's scratch (distance, predecessor, stamps).
  struct NodeState {
    LexCost pot;
    LexCost dist;
    uint32_t seen = 0, done = 0;
    int32_t pred = -1, pred_arc = -1;
  };
  std::vector<NodeState> node_;

  // Search scratch.
  struct HeapItem {
    LexCost d;
    int32_t v;
  };
  std::vector<HeapItem> heap_;
  std::vector<int32_t> settled_;
  uint32_t stamp_ = 0;
  int64_t settled_since_update_ = 0;
  Counters counters_;
  std::function<void(int64_t, int64_t)> progress_;
};

template <typename F>
void LexicographicSolver::ForEachInArc(int32_t p, F&& f) const {
  if (p + 1 < static_cast<int32_t>(in_begin_.size()))
    for (int64_t i = in_begin_[p]; i < in_begin_[p + 1]; ++i) f(in_arcs_[i]);
  for (int32_t a : in_extra_[p]) f(a);
}

}  // namespace leye
