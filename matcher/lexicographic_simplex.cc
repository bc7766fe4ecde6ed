// LexicographicSolver::Run() by the network simplex (network_simplex.h):
// the whole network solved at once, then the solver's own state (flow per
// household, worker and posting, potentials) filled from the result, so the
// incremental Apply() and CheckOptimality() work on it as after the
// successive-shortest-path Run().
//
// Why: once slots are scarce, each successive shortest path crosses the
// plateaus of placed workers again (docs/BENCHMARKS.md); the simplex
// settles them with tree pivots instead, and starts from a tree with every
// unit idle, so it needs no artificial arcs and no big-M phase.
//
// The network is the solver's, written as a circulation with every arc
// reversed: a supply unit's idle arc (household or rest node -> sink)
// becomes an arc from H or R to the sink that carries the units *not*
// idle (cost minus the idle cost), so all supplies are zero and the zero
// flow (every unit idle) is feasible. Arcs: sink -> P (cap free slots),
// P -> W (the candidate arcs), W -> H (cap 1), H -> sink (the first unit:
// cost -bonus, cap 1), H -> R -> sink (the others: cap units - 1). A flow
// equals its reversal's in the solver's network; a potential is the
// negated one.
#include <cmath>

#include "matcher/lexicographic_solver.h"
#include "matcher/network_simplex.h"

namespace leye {

namespace {

// The arcs, numbered: candidate arcs [0, A), then sink -> P (per posting),
// W -> H (per worker), H -> sink, R -> sink, H -> R (per household).
struct SimplexNet {
  struct Arc {
    int32_t source, target, cap;
    PackedCost cost;
  };
  int32_t nodes = 0;
  int64_t candidate_arcs = 0;
  // Candidate arcs in the order of their postings (pricing then sees all
  // of a posting's arcs together and moves it to its best worker at once):
  // per arc its posting's node, its worker's node (-1: out of the problem,
  // capacity 0), score and public-welfare mark, and its index in the
  // solver's store.
  std::vector<int32_t> source, target, store_index;
  std::vector<int32_t> code;  // score | public_welfare << 16
  PackedCost placed, welfare;   // a candidate arc's cost before its score
  std::vector<Arc> structural;  // the rest, in order

  int32_t num_nodes() const { return nodes; }
  int64_t num_arcs() const { return candidate_arcs + static_cast<int64_t>(structural.size()); }
  int32_t Source(int64_t e) const { return e < candidate_arcs ? source[e] : structural[e - candidate_arcs].source; }
  int32_t Target(int64_t e) const { return e < candidate_arcs ? target[e] : structural[e - candidate_arcs].target; }
  int32_t Cap(int64_t e) const { return e < candidate_arcs ? target[e] >= 0 : structural[e - candidate_arcs].cap; }
  PackedCost Cost(int64_t e) const {
    if (e >= candidate_arcs) return structural[e - candidate_arcs].cost;
    PackedCost c = code[e] >> 16 ? welfare : placed;
    c.x -= code[e] & 0xffff;
    return c;
  }
};

}  // namespace

// PackedCost's digits hold the potentials of networks up to kMaxNodes nodes
// whose arcs score 0..1000 (the fit score's range); anything else takes the
// shortest-path Run() on exact vectors.
bool LexicographicSolver::SimplexFits() const {
  for (const StoredArc& a : arcs_)
    if (a.arc.score < 0 || a.arc.score > 1000) return false;
  return PackedCost::Fits(1 + 2 * static_cast<int64_t>(num_groups_) + num_workers_ + num_postings());
}

void LexicographicSolver::RunSimplex() {
  const int32_t np = num_postings(), ng = num_groups_, nw = num_workers_;
  const int64_t na = static_cast<int64_t>(arcs_.size());
  SimplexNet net;
  net.nodes = 1 + 2 * ng + nw + np;
  net.candidate_arcs = na;

  for (int32_t g = 0; g < ng; ++g) EnterNetwork(g);  // units as the shortest-path Run() counts them

  // The problem's nodes and the starting tree: every arc towards the root
  // (the sink), all flows zero. The circulation runs the other way round
  // (sink -> P -> W -> H -> sink), so that an idle worker hangs from its
  // household and keeps its household's potential while postings change:
  // the postings, ten times fewer, are the ones that move from arc to arc.
  // H -> sink; R -> sink; W -> H; P -> the worker whose arc into it gains
  // most with the household's bonus (then no arc but the postings' slot
  // arcs starts with a negative reduced cost).
  std::vector<int64_t> tree(net.nodes, -1);
  net.source.resize(na);
  net.target.assign(na, -1);
  net.store_index.resize(na);
  net.code.resize(na);
  {
    int64_t e = 0;
    for (int32_t p = 0; p < np; ++p)
      ForEachInArc(p, [&](int32_t a) {
        const StoredArc& s = arcs_[a];
        net.source[e] = PNode(p);
        net.store_index[e] = a;
        net.code[e] = s.arc.score | (s.arc.public_welfare ? 1 << 16 : 0);
        ++e;
      });
  }
  net.placed = PackedCost::Of(ArcCost({0, 0, false}));
  net.welfare = PackedCost::Of(ArcCost({0, 0, true}));
  const int64_t sp_arc = na, wh_arc = na + np, hs_arc = wh_arc + nw, rs_arc = hs_arc + ng, hr_arc = rs_arc + ng;
  for (int32_t p = 0; p < np; ++p) net.structural.push_back({kSink, PNode(p), cap_[p], PackedCost{}});
  for (int32_t w = 0; w < nw; ++w) {
    const bool in = worker_in_net_[w];
    net.structural.push_back({WNode(w), HNode(group_of_[w]), in ? 1 : 0, PackedCost{}});
    if (in) tree[WNode(w)] = wh_arc + w;
  }
  for (int32_t g = 0; g < ng; ++g) {
    net.structural.push_back({HNode(g), kSink, in_net_[g] ? 1 : 0, -PackedCost::Of(Bonus(g))});
    if (in_net_[g]) tree[HNode(g)] = hs_arc + g;
  }
  for (int32_t g = 0; g < ng; ++g) {
    const int32_t rest = in_net_[g] ? units_[g] - 1 : 0;
    net.structural.push_back({RNode(g), kSink, rest, PackedCost{}});
    if (rest > 0) tree[RNode(g)] = rs_arc + g;
  }
  for (int32_t g = 0; g < ng; ++g) net.structural.push_back({HNode(g), RNode(g), in_net_[g] ? units_[g] - 1 : 0, PackedCost{}});
  std::vector<PackedCost> value(np);  // per posting: cost of its tree arc minus the worker's bonus
  for (int64_t e = 0; e < na; ++e) {
    const StoredArc& s = arcs_[net.store_index[e]];
    const int32_t p = s.arc.posting;
    if (s.worker < 0 || !worker_in_net_[s.worker] || cap_[p] == 0) continue;
    net.target[e] = WNode(s.worker);
    const PackedCost v = net.Cost(e) - PackedCost::Of(Bonus(group_of_[s.worker]));
    if (tree[PNode(p)] < 0 || v < value[p]) {
      tree[PNode(p)] = e;
      value[p] = v;
    }
  }

  NetworkSimplex<SimplexNet> ns(net);
  ns.Run(tree);
  counters_.pivots += ns.pivots();

  // The solver's state from the flows (each arc's flow is that of its
  // reversal in the solver's network).
  for (int32_t g = 0; g < ng; ++g) {
    first_supply_[g] = in_net_[g] ? 1 : 0;
    first_pending_[g] = rest_pending_[g] = 0;
    first_idle_[g] = first_supply_[g] - ns.Flow(hs_arc + g);
    rest_supply_[g] = in_net_[g] ? units_[g] - 1 : 0;
    rest_sent_[g] = ns.Flow(hr_arc + g);
    rest_idle_[g] = rest_supply_[g] - ns.Flow(rs_arc + g);
    placed_[g] = 0;
  }
  for (int32_t w = 0; w < nw; ++w) placed_[group_of_[w]] += ns.Flow(wh_arc + w);
  for (int64_t e = 0; e < na; ++e)
    if (net.target[e] >= 0 && ns.Flow(e) > 0) {
      const int32_t a = net.store_index[e], w = arcs_[a].worker;
      assigned_[w] = a;
      holders_[arcs_[a].arc.posting].push_back(w);
    }
  for (int32_t p = 0; p < np; ++p) out_flow_[p] = ns.Flow(sp_arc + p);

  // Potentials: the simplex's where the node is in its problem. Elsewhere
  // the values the searches would give: an idle household at its idle
  // arc's level, its members with it, its rest node between it and the
  // sink; a posting without slots just low enough for every arc into it.
  for (int32_t v = 0; v < net.nodes; ++v)
    if (ns.InProblem(v)) node_[v].pot = (-ns.Potential(v)).Unpack();  // reversed arcs: negated
  const LexCost& sink = node_[kSink].pot;
  for (int32_t g = 0; g < ng; ++g) {
    if (!in_net_[g]) continue;
    if (!ns.InProblem(HNode(g))) node_[HNode(g)].pot = sink - Bonus(g);
    if (!ns.InProblem(RNode(g))) node_[RNode(g)].pot = sink;
    for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i)
      if (!ns.InProblem(WNode(members_[i]))) node_[WNode(members_[i])].pot = node_[HNode(g)].pot;
  }
  for (int32_t p = 0; p < np; ++p) {
    if (ns.InProblem(PNode(p))) continue;
    LexCost lo = sink;
    ForEachInArc(p, [&](int32_t a) {
      if (!ArcLive(a) || !WorkerInNet(arcs_[a].worker)) return;
      const LexCost c = ArcCost(arcs_[a].arc) + node_[WNode(arcs_[a].worker)].pot;
      if (c < lo) lo = c;
    });
    node_[PNode(p)].pot = lo;
  }
}

}  // namespace leye
