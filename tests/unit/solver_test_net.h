// A small network description for the solver's tests, with a brute force
// that tries every assignment (tiny instances only) and an exact LEMON
// NetworkSimplex reference (per-level weights sized for the instance).
#pragma once

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "matcher/lexicographic_solver.h"

namespace leye::testing {

struct Net {
  std::vector<int32_t> cap;                  // per posting
  std::vector<HouseholdPriority> prio;       // per household
  std::vector<int32_t> group;                // per worker: its household
  std::vector<std::vector<SolverArc>> arcs;  // per worker

  LexicographicSolver::Outcome Solve(LexicographicSolver* s) const {
    std::vector<int64_t> begin(1, 0);
    std::vector<SolverArc> flat;
    for (const auto& a : arcs) {
      flat.insert(flat.end(), a.begin(), a.end());
      begin.push_back(static_cast<int64_t>(flat.size()));
    }
    s->SetPostings(cap).SetHouseholds(prio, group).SetArcs(begin, flat);
    return s->Run();
  }

  // The levels of an assignment (posting per worker, -1 none).
  LexCost LevelsOf(const std::vector<int32_t>& posting_of) const {
    LexCost l;
    std::vector<uint8_t> counted(prio.size(), 0);
    for (size_t w = 0; w < arcs.size(); ++w) {
      if (posting_of[w] < 0) continue;
      for (const SolverArc& a : arcs[w]) {
        if (a.posting != posting_of[w]) continue;
        l.v[2] += a.public_welfare;
        l.v[3] += 1;
        l.v[4] += a.score;
      }
      const int32_t g = group[w];
      if (!counted[g]) {
        counted[g] = 1;
        if (prio[g] == HouseholdPriority::kRelocated) l.v[0] += 1;
        if (prio[g] == HouseholdPriority::kPoor) l.v[1] += 1;
      }
    }
    return l;
  }

  // True when the assignment respects the arcs and capacities.
  bool Feasible(const std::vector<int32_t>& posting_of) const {
    std::vector<int32_t> used(cap.size(), 0);
    for (size_t w = 0; w < arcs.size(); ++w) {
      if (posting_of[w] < 0) continue;
      bool arc = false;
      for (const SolverArc& a : arcs[w]) arc = arc || a.posting == posting_of[w];
      if (!arc || ++used[posting_of[w]] > cap[posting_of[w]]) return false;
    }
    return true;
  }

  // The best levels over every assignment.
  LexCost BruteForce() const {
    std::vector<int32_t> of(arcs.size(), -1);
    std::vector<int32_t> used(cap.size(), 0);
    LexCost best;
    std::function<void(size_t)> go = [&](size_t w) {
      if (w == arcs.size()) {
        const LexCost l = LevelsOf(of);
        if (best < l) best = l;
        return;
      }
      of[w] = -1;
      go(w + 1);
      for (const SolverArc& a : arcs[w]) {
        if (used[a.posting] >= cap[a.posting]) continue;
        ++used[a.posting];
        of[w] = a.posting;
        go(w + 1);
        --used[a.posting];
      }
      of[w] = -1;
    };
    go(0);
    return best;
  }

  // LEMON NetworkSimplex on the same network with the levels folded into one
  // int64 cost by per-level weights just large enough for this instance
  // (each weight exceeds the most all lower levels can add up to), which is
  // exact while the weights fit: fine for test sizes, not for a province.
  // Returns the levels of LEMON's optimal flow.
  LexCost Lemon() const {
    using G = lemon::SmartDigraph;
    G g;
    const int64_t units = static_cast<int64_t>(arcs.size());
    const int64_t households = static_cast<int64_t>(prio.size());
    const int64_t w5 = 1, w4 = 1000 * units + 1, w3 = w4 * (units + 1), w2 = w3 * (units + 1),
                  w1 = w2 * (households + 1);
    G::Node s = g.addNode(), t = g.addNode();
    std::vector<G::Node> hn, wn, pn;
    for (size_t i = 0; i < prio.size(); ++i) hn.push_back(g.addNode());
    for (size_t i = 0; i < arcs.size(); ++i) wn.push_back(g.addNode());
    for (size_t i = 0; i < cap.size(); ++i) pn.push_back(g.addNode());
    G::ArcMap<int64_t> lower(g, 0), upper(g, 0), cost(g, 0);
    auto arc = [&](G::Node a, G::Node b, int64_t c, int64_t u) {
      G::Arc x = g.addArc(a, b);
      upper[x] = u;
      cost[x] = c;
      return x;
    };
    std::vector<int64_t> members(prio.size(), 0);
    for (size_t w = 0; w < arcs.size(); ++w) members[group[w]] += !arcs[w].empty();
    for (size_t h = 0; h < prio.size(); ++h) {
      const int64_t bonus = prio[h] == HouseholdPriority::kRelocated ? w1
                            : prio[h] == HouseholdPriority::kPoor    ? w2
                                                                     : 0;
      if (members[h] == 0) continue;
      arc(s, hn[h], -bonus, 1);  // the first unit carries the household's level
      if (members[h] > 1) arc(s, hn[h], 0, members[h] - 1);
    }
    std::vector<std::vector<G::Arc>> warcs(arcs.size());
    for (size_t w = 0; w < arcs.size(); ++w) {
      if (arcs[w].empty()) continue;
      arc(hn[group[w]], wn[w], 0, 1);
      for (const SolverArc& a : arcs[w])
        warcs[w].push_back(arc(wn[w], pn[a.posting], -(w3 * a.public_welfare + w4 + w5 * a.score), 1));
    }
    for (size_t p = 0; p < cap.size(); ++p) arc(pn[p], t, 0, cap[p]);
    arc(s, t, 0, units);  // the units nobody takes
    G::NodeMap<int64_t> supply(g, 0);
    supply[s] = units;
    supply[t] = -units;
    lemon::NetworkSimplex<G, int64_t, int64_t> ns(g);
    ns.lowerMap(lower).upperMap(upper).costMap(cost).supplyMap(supply);
    if (ns.run() != lemon::NetworkSimplex<G, int64_t, int64_t>::OPTIMAL) return LexCost::Unit(0, -1);
    std::vector<int32_t> of(arcs.size(), -1);
    for (size_t w = 0; w < arcs.size(); ++w)
      for (size_t i = 0; i < warcs[w].size(); ++i)
        if (ns.flow(warcs[w][i]) > 0) of[w] = arcs[w][i].posting;
    return LevelsOf(of);
  }
};

}  // namespace leye::testing
