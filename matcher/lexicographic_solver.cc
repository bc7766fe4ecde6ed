// Why successive shortest paths, one unit at a time: it is exact on vector
// costs with nothing but comparisons and additions (price-based methods such
// as cost scaling or auctions need an Archimedean cost group, and a
// lexicographic one is not: no number of score points adds up to one more
// household, so their small price steps can creep forever), its optimality
// certificate (the potentials) comes for free, and the same searches repair
// the flow after a change, which is what makes a new posting or a decline
// cheap (Apply).
//
// Adding supply one unit at a time and routing it by Dijkstra on reduced
// costs keeps the flow optimal for the units added so far (every residual
// arc keeps a reduced cost >= 0). Each search stops when it settles the sink
// and moves only the potentials of the nodes it settled (by their distance
// minus the sink's, which keeps all other arcs valid).
//
// The costs are LexCost vectors compared lexicographically, never one number:
// exact at any size.
#include "matcher/lexicographic_solver.h"

#include <algorithm>

namespace leye {

namespace {

// Min-heap order on (distance, node): the node breaks ties, so the searches
// and hence the result do not depend on anything but the input.
struct HeapGreater {
  template <typename T>
  bool operator()(const T& a, const T& b) const {
    if (b.d < a.d) return true;
    if (a.d < b.d) return false;
    return a.v > b.v;
  }
};

}  // namespace

LexicographicSolver& LexicographicSolver::SetPostings(std::vector<int32_t> capacity) {
  cap_ = std::move(capacity);
  valid_ = false;
  return *this;
}

LexicographicSolver& LexicographicSolver::SetHouseholds(std::vector<HouseholdPriority> priority,
                                                        std::vector<int32_t> household_of_worker) {
  prio_ = std::move(priority);
  group_of_ = std::move(household_of_worker);
  valid_ = false;
  return *this;
}

LexicographicSolver& LexicographicSolver::SetArcs(std::vector<int64_t> begin, std::vector<SolverArc> arcs) {
  const int32_t nw = begin.empty() ? 0 : static_cast<int32_t>(begin.size() - 1);
  arcs_.clear();
  arcs_.reserve(arcs.size());
  wbegin_.assign(nw, 0);
  wcount_.assign(nw, 0);
  bool ok = begin.empty() || begin.front() == 0;
  for (int32_t w = 0; ok && w < nw; ++w) {
    ok = begin[w] <= begin[w + 1] && begin[w + 1] <= static_cast<int64_t>(arcs.size());
    if (!ok) break;
    wbegin_[w] = static_cast<int32_t>(begin[w]);
    wcount_[w] = static_cast<int32_t>(begin[w + 1] - begin[w]);
    for (int64_t a = begin[w]; a < begin[w + 1]; ++a) arcs_.push_back({arcs[a], w});
  }
  if (!ok) arcs_.clear();
  arcs_valid_ = ok;
  valid_ = false;
  return *this;
}

LexCost LexicographicSolver::ArcCost(const SolverArc& a) const {
  LexCost c;
  c.v[2] = a.public_welfare ? -1 : 0;
  c.v[3] = -1;
  c.v[4] = -a.score;
  return c;
}

// The cost of the household's first unit staying idle: its level 1/2 gain lost.
LexCost LexicographicSolver::Bonus(int32_t g) const {
  switch (prio_[g]) {
    case HouseholdPriority::kRelocated: return LexCost::Unit(0);
    case HouseholdPriority::kPoor: return LexCost::Unit(1);
    case HouseholdPriority::kNone: break;
  }
  return LexCost{};
}

void LexicographicSolver::ResizeScratch() {
  const size_t n = 1 + 2 * static_cast<size_t>(num_groups_) + num_workers_ + cap_.size();
  node_.resize(n);
}


LexicographicSolver::Outcome LexicographicSolver::Run() {
  valid_ = false;
  num_groups_ = static_cast<int32_t>(prio_.size());
  num_workers_ = static_cast<int32_t>(group_of_.size());
  const int32_t np = static_cast<int32_t>(cap_.size());
  if (!arcs_valid_ || static_cast<int32_t>(wbegin_.size()) != num_workers_) return Outcome::kInvalidInput;
  for (int32_t g : group_of_)
    if (g < 0 || g >= num_groups_) return Outcome::kInvalidInput;
  for (int32_t c : cap_)
    if (c < 0) return Outcome::kInvalidInput;
  for (const StoredArc& a : arcs_)
    if (a.arc.posting < 0 || a.arc.posting >= np) return Outcome::kInvalidInput;

  member_begin_.assign(num_groups_ + 1, 0);
  for (int32_t g : group_of_) ++member_begin_[g + 1];
  for (int32_t g = 0; g < num_groups_; ++g) member_begin_[g + 1] += member_begin_[g];
  members_.assign(num_workers_, 0);
  {
    std::vector<int32_t> fill(member_begin_.begin(), member_begin_.end() - 1);
    for (int32_t w = 0; w < num_workers_; ++w) members_[fill[group_of_[w]]++] = w;
  }
  in_begin_.assign(np + 1, 0);
  for (const StoredArc& a : arcs_) ++in_begin_[a.arc.posting + 1];
  for (int32_t p = 0; p < np; ++p) in_begin_[p + 1] += in_begin_[p];
  in_arcs_.assign(arcs_.size(), 0);
  {
    std::vector<int64_t> fill(in_begin_.begin(), in_begin_.end() - 1);
    for (int32_t a = 0; a < static_cast<int32_t>(arcs_.size()); ++a) in_arcs_[fill[arcs_[a].arc.posting]++] = a;
  }
  in_extra_.assign(np, {});
  posting_open_.assign(np, 1);

  assigned_.assign(num_workers_, -1);
  holders_.assign(np, {});
  out_flow_.assign(np, 0);
  for (auto* v : {&units_, &first_supply_, &first_idle_, &first_pending_, &rest_supply_, &rest_idle_, &rest_sent_,
                  &rest_pending_, &placed_})
    v->assign(num_groups_, 0);
  in_net_.assign(num_groups_, 0);
  worker_in_net_.assign(num_workers_, 0);
  node_.clear();
  ResizeScratch();

  counters_ = {};
  settled_since_update_ = 0;
  valid_ = true;

  // The first units of the households that count for level 1, then level 2,
  // then everything else. A household's first unit is what its level gain
  // rides on; placing the others later means the first units of lower
  // levels still find free slots instead of searching the whole network for
  // one, and the units placed last compete only on levels 3-5. The order
  // does not change the optimum, only which of several optima is found.
  // Progress counts units routed: a household's first unit, then the others.
  int64_t total = 0, done = 0;
  for (int32_t w = 0; w < num_workers_; ++w) total += wcount_[w] > 0;
  int64_t calls = 0;
  auto report = [&](int64_t units) {
    done += units;
    if (progress_ && (++calls & 1023) == 0) progress_(done, total);
  };
  if (progress_) progress_(0, total);
  if (method_ == Method::kNetworkSimplex && SimplexFits()) {
    RunSimplex();
    if (progress_) progress_(total, total);
    return Outcome::kOptimal;
  }
  for (HouseholdPriority pr : {HouseholdPriority::kRelocated, HouseholdPriority::kPoor})
    for (int32_t g = 0; g < num_groups_; ++g)
      if (prio_[g] == pr) {
        AddFirstUnit(g);
        report(units_[g] > 0);
      }
  for (int32_t g = 0; g < num_groups_; ++g) {
    if (prio_[g] == HouseholdPriority::kNone) {
      AddFirstUnit(g);
      report(units_[g] > 0);
    }
    AddOtherUnits(g);
    report(std::max(0, units_[g] - 1));
  }
  if (progress_) progress_(total, total);
  return Outcome::kOptimal;
}

// Potentials that make every new residual arc's reduced cost >= 0: the new
// nodes have only outgoing residual arcs, so each takes the largest value its
// arcs need.
// A household's units: its members with arcs; with one it is in the network.
int32_t LexicographicSolver::EnterNetwork(int32_t g) {
  int32_t units = 0;
  for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i) units += wcount_[members_[i]] > 0;
  units_[g] = units;
  in_net_[g] = units > 0;
  for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i)
    worker_in_net_[members_[i]] = in_net_[g] && wcount_[members_[i]] > 0;
  return units;
}

void LexicographicSolver::AddFirstUnit(int32_t g) {
  const int32_t units = EnterNetwork(g);
  first_supply_[g] = first_idle_[g] = first_pending_[g] = 0;
  rest_supply_[g] = rest_idle_[g] = rest_sent_[g] = rest_pending_[g] = placed_[g] = 0;
  if (units == 0) return;
  first_supply_[g] = first_pending_[g] = 1;
  LexCost hp = node_[kSink].pot - Bonus(g);
  for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i) {
    const int32_t w = members_[i];
    assigned_[w] = -1;
    if (wcount_[w] == 0) continue;
    LexCost best;
    bool any = false;
    for (int32_t a = wbegin_[w], e = a + wcount_[w]; a < e; ++a) {
      if (!posting_open_[arcs_[a].arc.posting]) continue;
      const LexCost c = node_[PNode(arcs_[a].arc.posting)].pot - ArcCost(arcs_[a].arc);
      if (!any || best < c) best = c;
      any = true;
    }
    node_[WNode(w)].pot = any ? best : node_[kSink].pot;
    if (hp < node_[WNode(w)].pot) hp = node_[WNode(w)].pot;
  }
  node_[HNode(g)].pot = hp;
  ForwardAugment(HNode(g));
}

void LexicographicSolver::AddOtherUnits(int32_t g) {
  if (!in_net_[g] || units_[g] <= 1) return;
  rest_supply_[g] = rest_pending_[g] = units_[g] - 1;
  rest_idle_[g] = rest_sent_[g] = 0;
  const LexCost& ph = node_[HNode(g)].pot;
  node_[RNode(g)].pot = ph < node_[kSink].pot ? node_[kSink].pot : ph;
  while (rest_pending_[g] > 0) ForwardAugment(RNode(g));
}

void LexicographicSolver::RemoveGroup(int32_t g) {
  for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i) {
    const int32_t w = members_[i];
    if (assigned_[w] < 0) continue;
    auto& h = holders_[arcs_[assigned_[w]].arc.posting];
    h.erase(std::find(h.begin(), h.end(), w));
    assigned_[w] = -1;
  }
  for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i) worker_in_net_[members_[i]] = 0;
  in_net_[g] = 0;
  units_[g] = first_supply_[g] = first_idle_[g] = first_pending_[g] = 0;
  rest_supply_[g] = rest_idle_[g] = rest_sent_[g] = rest_pending_[g] = placed_[g] = 0;
}

bool LexicographicSolver::OpenPosting(int32_t p) {
  posting_open_[p] = 1;
  bool any = false;
  LexCost lo;
  ForEachInArc(p, [&](int32_t a) {
    if (!ArcLive(a) || !WorkerInNet(arcs_[a].worker)) return;
    const LexCost c = ArcCost(arcs_[a].arc) + node_[WNode(arcs_[a].worker)].pot;
    if (!any || c < lo) lo = c;
    any = true;
  });
  // The highest potential that keeps every arc into p non-negative; below the
  // sink's, filling p pays: saturate its sink arc and let backward searches
  // repair the shortage.
  node_[PNode(p)].pot = node_[kSink].pot;
  if (!any || !(lo < node_[kSink].pot)) return false;
  node_[PNode(p)].pot = lo;
  if (cap_[p] == 0) return false;  // no sink arc to violate
  out_flow_[p] = cap_[p];
  return true;
}

void LexicographicSolver::Push(const LexCost& d, int32_t v) {
  heap_.push_back({d, v});
  std::push_heap(heap_.begin(), heap_.end(), HeapGreater{});
}

// `to` is reached from `from` (forward searches: its predecessor; backward
// searches: its successor towards the target) at d_from + rc.
void LexicographicSolver::Relax(int32_t from, int32_t to, int32_t arc, const LexCost& d_from, const LexCost& rc) {
  if (node_[to].done == stamp_) return;
  const LexCost nd = d_from + rc;
  if (node_[to].seen == stamp_ && !(nd < node_[to].dist)) return;
  node_[to].seen = stamp_;
  node_[to].dist = nd;
  node_[to].pred = from;
  node_[to].pred_arc = arc;
  Push(nd, to);
}

void LexicographicSolver::ApplyArc(int32_t u, int32_t v, int32_t arc) {
  const int32_t pbase = 1 + 2 * num_groups_ + num_workers_, wbase = 1 + 2 * num_groups_;
  if (v == kSink) {
    if (IsH(u)) ++first_idle_[u - 1];
    else if (IsR(u)) ++rest_idle_[u - 1 - num_groups_];
    else ++out_flow_[u - pbase];
  } else if (u == kSink) {
    if (IsH(v)) --first_idle_[v - 1];
    else if (IsR(v)) --rest_idle_[v - 1 - num_groups_];
    else --out_flow_[v - pbase];
  } else if (IsR(u)) {  // rest -> household
    ++rest_sent_[u - 1 - num_groups_];
  } else if (IsR(v)) {  // household -> rest: a unit goes back
    --rest_sent_[v - 1 - num_groups_];
  } else if (IsH(u)) {  // household -> worker: the worker takes a unit
    ++placed_[u - 1];
  } else if (IsH(v)) {  // worker -> household: the worker gives its unit back
    --placed_[v - 1];
    assigned_[u - wbase] = -1;
  } else if (IsW(u)) {  // worker -> posting
    const int32_t w = u - wbase;
    assigned_[w] = arc;
    holders_[arcs_[arc].arc.posting].push_back(w);
  } else {  // posting -> worker: the worker leaves the posting
    auto& h = holders_[u - pbase];
    h.erase(std::find(h.begin(), h.end(), v - wbase));
  }
}

// PERF NOTE: the hot loop of Run(). Relaxations compute reduced costs from
// the potentials on the fly; the heap holds duplicates instead of
// decrease-key; settled postings and workers are skipped before any cost
// arithmetic.
void LexicographicSolver::ForwardAugment(int32_t src) {
  ++stamp_;
  heap_.clear();
  settled_.clear();
  node_[src].seen = stamp_;
  node_[src].dist = LexCost{};
  node_[src].pred = -1;
  Push(LexCost{}, src);
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), HeapGreater{});
    const HeapItem top = heap_.back();
    heap_.pop_back();
    const int32_t v = top.v;
    if (node_[v].done == stamp_) continue;
    node_[v].done = stamp_;
    settled_.push_back(v);
    if (v == kSink) break;
    const LexCost& d = node_[v].dist;
    const LexCost& pv = node_[v].pot;
    if (IsH(v)) {
      const int32_t h = v - 1;
      if (first_idle_[h] < first_supply_[h]) Relax(v, kSink, -1, d, Bonus(h) + pv - node_[kSink].pot);
      if (rest_sent_[h] > 0) Relax(v, RNode(h), -1, d, pv - node_[RNode(h)].pot);
      for (int32_t i = member_begin_[h]; i < member_begin_[h + 1]; ++i) {
        const int32_t w = members_[i];
        if (wcount_[w] > 0 && assigned_[w] < 0) Relax(v, WNode(w), -1, d, pv - node_[WNode(w)].pot);
      }
    } else if (IsR(v)) {
      const int32_t h = v - 1 - num_groups_;
      if (rest_idle_[h] < rest_supply_[h]) Relax(v, kSink, -1, d, pv - node_[kSink].pot);
      if (rest_sent_[h] < rest_supply_[h]) Relax(v, HNode(h), -1, d, pv - node_[HNode(h)].pot);
    } else if (IsW(v)) {
      const int32_t w = v - 1 - 2 * num_groups_;
      const int32_t own = assigned_[w];
      for (int32_t a = wbegin_[w], e = a + wcount_[w]; a < e; ++a) {
        if (a == own || !posting_open_[arcs_[a].arc.posting]) continue;
        const int32_t pn = PNode(arcs_[a].arc.posting);
        if (node_[pn].done == stamp_) continue;
        Relax(v, pn, a, d, ArcCost(arcs_[a].arc) + pv - node_[pn].pot);
      }
      if (own >= 0) Relax(v, HNode(group_of_[w]), -1, d, pv - node_[HNode(group_of_[w])].pot);
    } else {
      const int32_t p = v - 1 - 2 * num_groups_ - num_workers_;
      if (out_flow_[p] < cap_[p]) Relax(v, kSink, -1, d, pv - node_[kSink].pot);
      for (int32_t w : holders_[p]) {
        const int32_t wn = WNode(w);
        if (node_[wn].done == stamp_) continue;
        Relax(v, wn, assigned_[w], d, pv - ArcCost(arcs_[assigned_[w]].arc) - node_[wn].pot);
      }
    }
  }
  ++counters_.searches;
  counters_.nodes_settled += static_cast<int64_t>(settled_.size());
  const LexCost big = node_[kSink].dist;
  for (int32_t v : settled_) node_[v].pot += node_[v].dist - big;
  for (int32_t v = kSink; v != src; v = node_[v].pred) ApplyArc(node_[v].pred, v, node_[v].pred_arc);
  if (IsH(src)) --first_pending_[src - 1];
  else --rest_pending_[src - 1 - num_groups_];
  // Refresh the potentials once the searches since the last refresh have
  // settled twice as many nodes as the network has: a refresh costs about
  // as much as settling them all, so this adds at most half to the work;
  // where the searches cross stale plateaus (slots scarce) it cuts the nodes
  // they settle 2.7-fold on the county (1 and 4 were measured slower,
  // docs/BENCHMARKS.md).
  settled_since_update_ += static_cast<int64_t>(settled_.size());
  if (settled_since_update_ > 2 * static_cast<int64_t>(node_.size())) {
    settled_since_update_ = 0;
    GlobalUpdate();
  }
}

void LexicographicSolver::BackwardAugment(int32_t p) { BackwardSearch(PNode(p)); }

// A global update (the heuristic of the same name in push-relabel codes):
// one backward search from the sink over the whole residual network makes
// every potential an exact distance to the sink. Right after it, a unit's
// shortest path has reduced length 0 and its search settles little more
// than the path; the searches' own updates then let the potentials go stale
// again as slots fill, hence the periodic refresh (see ForwardAugment).
void LexicographicSolver::GlobalUpdate() {
  BackwardSearch(kSink);
  ++counters_.global_updates;
}

// Searches backwards from tgt over the residual arcs entering each settled
// node. From a posting (BackwardAugment) it stops when it settles the sink:
// the shortest path from the sink, i.e. from an idle unit, into the posting.
// From the sink itself it settles every node that can reach the sink and
// re-bases all potentials (GlobalUpdate).
void LexicographicSolver::BackwardSearch(int32_t tgt) {
  const bool global = tgt == kSink;
  ++stamp_;
  heap_.clear();
  settled_.clear();
  node_[tgt].seen = stamp_;
  node_[tgt].dist = LexCost{};
  node_[tgt].pred = -1;
  Push(LexCost{}, tgt);
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), HeapGreater{});
    const HeapItem top = heap_.back();
    heap_.pop_back();
    const int32_t v = top.v;
    if (node_[v].done == stamp_) continue;
    node_[v].done = stamp_;
    settled_.push_back(v);
    const LexCost& d = node_[v].dist;
    const LexCost& pv = node_[v].pot;
    if (v == kSink) {
      if (!global) break;
      // Arcs into the sink: idle arcs with room, sink arcs of postings with a free slot.
      for (int32_t h = 0; h < num_groups_; ++h) {
        if (!in_net_[h]) continue;
        if (first_idle_[h] < first_supply_[h]) Relax(v, HNode(h), -1, d, Bonus(h) + node_[HNode(h)].pot - pv);
        if (rest_idle_[h] < rest_supply_[h]) Relax(v, RNode(h), -1, d, node_[RNode(h)].pot - pv);
      }
      for (int32_t q = 0; q < num_postings(); ++q)
        if (posting_open_[q] && out_flow_[q] < cap_[q]) Relax(v, PNode(q), -1, d, node_[PNode(q)].pot - pv);
      continue;
    }
    // Residual arcs u -> v: u gets d + rc(u, v).
    if (IsH(v)) {
      const int32_t h = v - 1;
      if (first_idle_[h] > 0) Relax(v, kSink, -1, d, node_[kSink].pot - Bonus(h) - pv);
      if (rest_sent_[h] < rest_supply_[h]) Relax(v, RNode(h), -1, d, node_[RNode(h)].pot - pv);
      for (int32_t i = member_begin_[h]; i < member_begin_[h + 1]; ++i) {
        const int32_t w = members_[i];
        if (assigned_[w] >= 0) Relax(v, WNode(w), -1, d, node_[WNode(w)].pot - pv);
      }
    } else if (IsR(v)) {
      const int32_t h = v - 1 - num_groups_;
      if (rest_idle_[h] > 0) Relax(v, kSink, -1, d, node_[kSink].pot - pv);
      if (rest_sent_[h] > 0) Relax(v, HNode(h), -1, d, node_[HNode(h)].pot - pv);
    } else if (IsW(v)) {
      const int32_t w = v - 1 - 2 * num_groups_;
      const int32_t own = assigned_[w];
      if (own < 0) {
        Relax(v, HNode(group_of_[w]), -1, d, node_[HNode(group_of_[w])].pot - pv);
      } else {
        const int32_t pn = PNode(arcs_[own].arc.posting);
        Relax(v, pn, own, d, node_[pn].pot - ArcCost(arcs_[own].arc) - pv);
      }
    } else {
      const int32_t q = v - 1 - 2 * num_groups_ - num_workers_;
      if (out_flow_[q] > 0) Relax(v, kSink, -1, d, node_[kSink].pot - pv);
      ForEachInArc(q, [&](int32_t a) {
        if (!ArcLive(a)) return;
        const int32_t w = arcs_[a].worker;
        if (!WorkerInNet(w) || assigned_[w] == a) return;
        Relax(v, WNode(w), a, d, ArcCost(arcs_[a].arc) + node_[WNode(w)].pot - pv);
      });
    }
  }
  if (global) {
    // New potential: old minus the reduced distance to the sink, which makes
    // every residual arc's reduced cost d(head) - d(tail) + rc >= 0. A node
    // that cannot reach the sink has residual arcs only to nodes that cannot
    // either; lowering all of them by the largest distance keeps the arcs
    // into them non-negative and those among them unchanged.
    const LexCost far = node_[settled_.back()].dist;
    for (int32_t v : settled_) node_[v].pot -= node_[v].dist;
    for (size_t v = 0; v < node_.size(); ++v)
      if (node_[v].done != stamp_) node_[v].pot -= far;
    return;
  }
  ++counters_.searches;
  counters_.nodes_settled += static_cast<int64_t>(settled_.size());
  const LexCost big = node_[kSink].dist;
  for (int32_t v : settled_) node_[v].pot += big - node_[v].dist;
  for (int32_t u = kSink; u != tgt; u = node_[u].pred) ApplyArc(u, node_[u].pred, node_[u].pred_arc);
}

SolverLevels LexicographicSolver::Levels() const {
  SolverLevels l;
  if (!valid_) return l;
  for (int32_t g = 0; g < num_groups_; ++g)
    if (in_net_[g] && placed_[g] > 0) l += Bonus(g);
  for (int32_t w = 0; w < num_workers_; ++w)
    if (assigned_[w] >= 0) l -= ArcCost(arcs_[assigned_[w]].arc);
  return l;
}

void LexicographicSolver::SetWorkerArcs(int32_t w, std::span<const SolverArc> arcs) {
  // A worker's arcs stay contiguous: a new list goes to the end of the store
  // and the old block dies (ArcLive); postings learn the new arc ids.
  const int32_t old_assigned = assigned_[w];
  const int32_t old_posting = old_assigned >= 0 ? arcs_[old_assigned].arc.posting : -1;
  const int32_t begin = static_cast<int32_t>(arcs_.size());
  for (int32_t a = wbegin_[w], e = a + wcount_[w]; a < e; ++a) arcs_[a].worker = -1 - w;
  for (const SolverArc& a : arcs) {
    const int32_t id = static_cast<int32_t>(arcs_.size());
    arcs_.push_back({a, w});
    in_extra_[a.posting].push_back(id);
    if (a.posting == old_posting) assigned_[w] = id;
  }
  wbegin_[w] = begin;
  wcount_[w] = static_cast<int32_t>(arcs.size());
  worker_in_net_[w] = in_net_[group_of_[w]] && wcount_[w] > 0;
}

LexicographicSolver::Outcome LexicographicSolver::Apply(const Update& u) {
  if (!valid_) return Outcome::kInvalidInput;
  const int32_t old_np = num_postings();
  const int32_t np = old_np + static_cast<int32_t>(u.new_posting_capacity.size());
  for (int32_t c : u.new_posting_capacity)
    if (c < 0) return Outcome::kInvalidInput;
  for (const auto& [w, list] : u.worker_arcs) {
    if (w < 0 || w >= num_workers_) return Outcome::kInvalidInput;
    for (const SolverArc& a : list)
      if (a.posting < 0 || a.posting >= np) return Outcome::kInvalidInput;
  }
  for (int32_t c : u.new_posting_capacity) {
    cap_.push_back(c);
    posting_open_.push_back(0);
    holders_.emplace_back();
    out_flow_.push_back(0);
    in_extra_.emplace_back();
  }
  ResizeScratch();

  // Which households must leave and come back: those of workers that lose
  // the arc they are placed through, change its cost, enter or leave the
  // network, or gain an arc to an existing posting that would make a reduced
  // cost negative. Arcs to new postings are covered by the new postings'
  // potentials (OpenPosting).
  std::vector<int32_t> readd;
  for (const auto& [w, list] : u.worker_arcs) {
    bool again = WorkerInNet(w) != !list.empty();
    if (!again && WorkerInNet(w)) {
      const int32_t own = assigned_[w];
      bool own_kept = own < 0;
      for (const SolverArc& a : list) {
        if (own >= 0 && a.posting == arcs_[own].arc.posting) {
          own_kept = a == arcs_[own].arc;
          continue;
        }
        if (a.posting >= old_np) continue;
        if ((ArcCost(a) + node_[WNode(w)].pot - node_[PNode(a.posting)].pot).IsNegative()) again = true;
      }
      again = again || !own_kept;
    }
    if (again) readd.push_back(group_of_[w]);
  }
  std::sort(readd.begin(), readd.end());
  readd.erase(std::unique(readd.begin(), readd.end()), readd.end());
  std::vector<int32_t> short_of;  // postings with flow to the sink but fewer holders
  for (int32_t g : readd) {
    for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i)
      if (assigned_[members_[i]] >= 0) short_of.push_back(arcs_[assigned_[members_[i]]].arc.posting);
    RemoveGroup(g);
  }
  for (const auto& [w, list] : u.worker_arcs) SetWorkerArcs(w, list);
  for (int32_t p = old_np; p < np; ++p)
    if (OpenPosting(p)) short_of.push_back(p);
  std::sort(short_of.begin(), short_of.end());
  short_of.erase(std::unique(short_of.begin(), short_of.end()), short_of.end());
  for (int32_t p : short_of)
    while (out_flow_[p] > static_cast<int32_t>(holders_[p].size())) BackwardAugment(p);
  for (HouseholdPriority pr : {HouseholdPriority::kRelocated, HouseholdPriority::kPoor, HouseholdPriority::kNone})
    for (int32_t g : readd)
      if (prio_[g] == pr) AddFirstUnit(g);
  for (int32_t g : readd) AddOtherUnits(g);
  return Outcome::kOptimal;
}

std::string LexicographicSolver::CheckOptimality() const {
  if (!valid_) return "not solved";
  auto neg = [](const LexCost& c) { return c.IsNegative(); };
  const int32_t np = num_postings();
  for (int32_t p = 0; p < np; ++p) {
    if (out_flow_[p] != static_cast<int32_t>(holders_[p].size()))
      return "posting " + std::to_string(p) + ": flow to the sink differs from its workers";
    if (out_flow_[p] > cap_[p]) return "posting " + std::to_string(p) + ": over capacity";
    for (int32_t w : holders_[p])
      if (assigned_[w] < 0 || arcs_[assigned_[w]].arc.posting != p)
        return "posting " + std::to_string(p) + ": holds a worker not placed there";
    const LexCost rc = node_[PNode(p)].pot - node_[kSink].pot;
    if (out_flow_[p] < cap_[p] && neg(rc)) return "posting " + std::to_string(p) + ": sink arc reduced cost < 0";
    if (out_flow_[p] > 0 && neg(-rc)) return "posting " + std::to_string(p) + ": reverse sink arc reduced cost < 0";
  }
  for (int32_t g = 0; g < num_groups_; ++g) {
    const std::string name = "household " + std::to_string(g);
    int32_t placed = 0, units = 0;
    for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i) {
      const int32_t w = members_[i];
      units += wcount_[w] > 0;
      if (assigned_[w] >= 0) {
        if (!in_net_[g] || !ArcLive(assigned_[w]) || !posting_open_[arcs_[assigned_[w]].arc.posting])
          return "worker " + std::to_string(w) + ": placed outside the network";
        ++placed;
      }
    }
    if (!in_net_[g]) {
      if (units > 0) return name + ": has arcs but is not in the network";
      continue;
    }
    if (units != units_[g] || placed != placed_[g] || first_pending_[g] != 0 || rest_pending_[g] != 0 ||
        first_supply_[g] != 1 || rest_supply_[g] != units - 1 ||
        first_supply_[g] + rest_sent_[g] != placed + first_idle_[g] ||
        rest_supply_[g] != rest_sent_[g] + rest_idle_[g])
      return name + ": flow not conserved";
    const LexCost ph = node_[HNode(g)].pot, pr = node_[RNode(g)].pot, pt = node_[kSink].pot;
    if (first_idle_[g] < first_supply_[g] && neg(Bonus(g) + ph - pt)) return name + ": idle arc reduced cost < 0";
    if (first_idle_[g] > 0 && neg(pt - Bonus(g) - ph)) return name + ": reverse idle arc reduced cost < 0";
    if (rest_supply_[g] > 0) {
      if (rest_idle_[g] < rest_supply_[g] && neg(pr - pt)) return name + ": rest idle arc reduced cost < 0";
      if (rest_idle_[g] > 0 && neg(pt - pr)) return name + ": reverse rest idle arc reduced cost < 0";
      if (rest_sent_[g] < rest_supply_[g] && neg(pr - ph)) return name + ": rest arc reduced cost < 0";
      if (rest_sent_[g] > 0 && neg(ph - pr)) return name + ": reverse rest arc reduced cost < 0";
    }
    for (int32_t i = member_begin_[g]; i < member_begin_[g + 1]; ++i) {
      const int32_t w = members_[i];
      if (wcount_[w] == 0) continue;
      const LexCost pw = node_[WNode(w)].pot;
      if (assigned_[w] < 0 && neg(ph - pw)) return "worker " + std::to_string(w) + ": member arc reduced cost < 0";
      if (assigned_[w] >= 0 && neg(pw - ph)) return "worker " + std::to_string(w) + ": reverse member arc reduced cost < 0";
      for (int32_t a = wbegin_[w], e = a + wcount_[w]; a < e; ++a) {
        const LexCost rc = ArcCost(arcs_[a].arc) + pw - node_[PNode(arcs_[a].arc.posting)].pot;
        if (a != assigned_[w] && neg(rc)) return "worker " + std::to_string(w) + ": candidate arc reduced cost < 0";
        if (a == assigned_[w] && neg(-rc)) return "worker " + std::to_string(w) + ": reverse candidate arc reduced cost < 0";
      }
    }
  }
  return "";
}

}  // namespace leye
