// The primal network simplex for a min-cost circulation, on PackedCost
// (lexicographic costs packed exactly into __int128, packed_cost.h).
//
// The caller describes the network through `Net` (no copy of its arcs):
//   int32_t num_nodes() const; int64_t num_arcs() const;
//   int32_t Source(int64_t e) const; int32_t Target(int64_t e) const;
//   int32_t Cap(int64_t e) const; PackedCost Cost(int64_t e) const;
// and a strongly feasible starting tree rooted at node 0: for every other
// node in the problem the arc that joins it to its parent, leaving the node
// (Source(arc) == node), with positive capacity; with all flows zero such a
// tree is strongly feasible. Nodes without a tree arc are not in the
// problem, nor are the arcs that touch them.
//
// Pivots: block search for the entering arc (the most negative reduced cost
// among the next 0.15 sqrt(M) arcs; the following blocks when none is), the
// strongly feasible rule for the leaving arc (the last blocking arc on the
// cycle seen from its apex), so degenerate pivots cannot cycle. The tree is
// kept as parent pointers, a preorder thread and subtree sizes; a pivot
// re-hangs the cut subtree (relinking the stretches along its stem) and
// walks its stretch once to shift its potentials. The order of the arcs
// matters: pricing compares the arcs of one block, so arcs that compete
// (for the leye network, those of one posting) are best numbered together:
// half the pivots of a worker-by-worker order.
//
// Result: Flow(e) and Potential(v) with, for every arc in the problem,
// reduced cost Cost(e) + pot(Source) - pot(Target) >= 0 when its flow is
// below capacity and <= 0 when above zero: the optimality certificate.
//
// Thread safety: none. Memory: 5 bytes per arc, about 45 per node.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "matcher/packed_cost.h"

namespace leye {

template <typename Net>
class NetworkSimplex {
 public:
  explicit NetworkSimplex(const Net& net) : net_(net) {}

  // tree_arc[v]: the arc that joins v to its parent, or -1 when v is not in
  // the problem; tree_arc[0] (the root) is ignored. flow: the starting flow
  // per arc (a circulation), every arc off the tree at 0 or its capacity,
  // the tree strongly feasible (an arc at 0 leads towards the root, a full
  // one away from it); empty for all zero, with every tree arc leaving its
  // node.
  void Run(const std::vector<int64_t>& tree_arc, std::vector<int32_t> flow = {});

  int32_t Flow(int64_t e) const { return flow_[e]; }
  const PackedCost& Potential(int32_t v) const { return pi_[v]; }
  bool InProblem(int32_t v) const { return v == 0 || parent_[v] >= 0; }
  int64_t pivots() const { return pivots_; }

 private:
  enum : int8_t { kUpper = -1, kTree = 0, kLower = 1, kFixed = 2 };

  PackedCost Reduced(int64_t e) const {
    return net_.Cost(e) + pi_[net_.Source(e)] - pi_[net_.Target(e)];
  }
  int64_t FindEntering();
  void Pivot(int64_t in);
  void Rehang(int32_t u_in, int32_t v_in, int32_t out, int64_t in, int32_t apex);

  const Net& net_;
  // Per node.
  // The tree: parent pointers, and the nodes in preorder as a circular
  // list (thread_, rev_thread_) where every subtree is one stretch, from
  // the node to last_succ_; succ_num_ counts a subtree's nodes (an
  // ancestor has more, which finds the apex without depths).
  std::vector<int32_t> parent_, thread_, rev_thread_, last_succ_, succ_num_;
  std::vector<int64_t> pred_;     // arc to the parent
  std::vector<uint8_t> pred_up_;  // 1 when pred_ leaves the node (node -> parent)
  std::vector<PackedCost> pi_;
  // Per arc.
  std::vector<int32_t> flow_;
  std::vector<int8_t> state_;
  // Pricing.
  int64_t next_arc_ = 0, block_ = 1, pivots_ = 0;
  std::vector<int32_t> stack_;
  struct StemNode {
    int32_t node, last_succ, rev_thread, succ_num, after_last;  // old values; after_last: thread_ of last_succ
  };
  std::vector<StemNode> stem_;
};

template <typename Net>
void NetworkSimplex<Net>::Run(const std::vector<int64_t>& tree_arc, std::vector<int32_t> flow) {
  const int32_t n = net_.num_nodes();
  const int64_t m = net_.num_arcs();
  parent_.assign(n, -1);
  pred_.assign(n, -1);
  pred_up_.assign(n, 1);
  pi_.assign(n, PackedCost{});
  flow_ = std::move(flow);
  flow_.resize(m, 0);
  state_.assign(m, kLower);
  for (int32_t v = 1; v < n; ++v)
    if (tree_arc[v] >= 0) {
      const int64_t e = tree_arc[v];
      pred_[v] = e;
      pred_up_[v] = net_.Source(e) == v;
      parent_[v] = pred_up_[v] ? net_.Target(e) : net_.Source(e);
      state_[e] = kTree;
    }
  for (int64_t e = 0; e < m; ++e) {
    const bool in_problem = InProblem(net_.Source(e)) && InProblem(net_.Target(e));
    if (net_.Cap(e) <= 0 || !in_problem) state_[e] = kFixed;
    else if (state_[e] != kTree && flow_[e] > 0) state_[e] = kUpper;  // the start's arcs at a bound: 0 or full
  }
  // Preorder, subtree sizes and potentials from the root down, every tree
  // arc's reduced cost zero: pi(child) = pi(parent) -/+ its arc's cost.
  std::vector<int32_t> child_begin(n + 1, 0), children;
  for (int32_t v = 1; v < n; ++v)
    if (parent_[v] >= 0) ++child_begin[parent_[v] + 1];
  for (int32_t v = 0; v < n; ++v) child_begin[v + 1] += child_begin[v];
  children.resize(child_begin[n]);
  {
    std::vector<int32_t> fill(child_begin.begin(), child_begin.end() - 1);
    for (int32_t v = 1; v < n; ++v)
      if (parent_[v] >= 0) children[fill[parent_[v]]++] = v;
  }
  thread_.assign(n, -1);
  rev_thread_.assign(n, -1);
  last_succ_.assign(n, -1);
  succ_num_.assign(n, 1);
  std::vector<int32_t> order;  // preorder
  stack_.assign(1, 0);
  while (!stack_.empty()) {
    const int32_t v = stack_.back();
    stack_.pop_back();
    order.push_back(v);
    for (int32_t i = child_begin[v + 1] - 1; i >= child_begin[v]; --i) {
      const int32_t c = children[i];
      pi_[c] = pred_up_[c] ? pi_[v] - net_.Cost(pred_[c]) : pi_[v] + net_.Cost(pred_[c]);
      stack_.push_back(c);
    }
  }
  for (size_t i = 0; i < order.size(); ++i) {
    const int32_t v = order[i], next = order[(i + 1) % order.size()];
    thread_[v] = next;
    rev_thread_[next] = v;
  }
  for (size_t i = order.size(); i-- > 0;) {  // children before parents
    const int32_t v = order[i];
    if (last_succ_[v] < 0) last_succ_[v] = v;
    if (v != 0) {
      const int32_t p = parent_[v];
      succ_num_[p] += succ_num_[v];
      if (last_succ_[p] < 0) last_succ_[p] = last_succ_[v];  // its last child's, met first
    }
  }
  // Block size 0.15 sqrt(M): measured from 0.05 to 1.2 on the county and
  // the province (docs/BENCHMARKS.md); larger blocks mean fewer but dearer
  // pivots.
  block_ = std::max<int64_t>(10, static_cast<int64_t>(0.15 * std::sqrt(static_cast<double>(m))));
  next_arc_ = 0;
  for (int64_t in; (in = FindEntering()) >= 0;) Pivot(in);
}

template <typename Net>
int64_t NetworkSimplex<Net>::FindEntering() {
  const int64_t m = net_.num_arcs();
  PackedCost best{};
  int64_t in = -1, in_block = 0;
  for (int64_t scanned = 0; scanned < m; ++scanned) {
    const int64_t e = next_arc_;
    next_arc_ = next_arc_ + 1 == m ? 0 : next_arc_ + 1;
    const int8_t s = state_[e];
    if (s == kLower || s == kUpper) {
      PackedCost rc = Reduced(e);
      if (s == kUpper) rc = -rc;
      if (rc < best) {
        best = rc;
        in = e;
      }
    }
    if (++in_block == block_) {
      if (in >= 0) return in;
      in_block = 0;
    }
  }
  return in;
}

template <typename Net>
void NetworkSimplex<Net>::Pivot(int64_t in) {
  ++pivots_;
  // The cycle: `in` from `first` to `second` (the direction its flow
  // changes), up from `second` to the apex, down from the apex to `first`.
  const int32_t src = net_.Source(in), tgt = net_.Target(in);
  const bool raise = state_[in] == kLower;
  const int32_t first = raise ? src : tgt, second = raise ? tgt : src;
  // One walk up from both ends to the apex (the smaller subtree first) finds
  // the apex and the leaving arc: the last blocking arc seen from the apex
  // along the cycle, so the tree stays strongly feasible. On the way down
  // to `first` that is the blocking arc nearest `first` (the first found
  // going up, kept on ties), on the way up from `second` the one nearest
  // the apex (the last found), and `second`'s side wins ties with `first`'s
  // and with `in` itself, which comes between them.
  int32_t a = first, b = second;
  int32_t room1 = std::numeric_limits<int32_t>::max(), room2 = room1, out1 = -1, out2 = -1;
  while (a != b) {
    if (succ_num_[a] < succ_num_[b]) {  // a is not above b; flow goes parent -> a
      const int64_t e = pred_[a];
      const int32_t room = pred_up_[a] ? flow_[e] : net_.Cap(e) - flow_[e];
      if (room < room1) {
        room1 = room;
        out1 = a;
      }
      a = parent_[a];
    } else {  // flow goes b -> parent
      const int64_t e = pred_[b];
      const int32_t room = pred_up_[b] ? net_.Cap(e) - flow_[e] : flow_[e];
      if (room <= room2) {
        room2 = room;
        out2 = b;
      }
      b = parent_[b];
    }
  }
  const int32_t apex = a;
  int32_t delta = net_.Cap(in), out = -1;
  int side = 0;
  if (out1 >= 0 && room1 < delta) {
    delta = room1;
    out = out1;
    side = 1;
  }
  if (out2 >= 0 && room2 <= delta) {
    delta = room2;
    out = out2;
    side = 2;
  }
  if (delta > 0) {
    flow_[in] += raise ? delta : -delta;
    for (int32_t v = first; v != apex; v = parent_[v]) flow_[pred_[v]] += pred_up_[v] ? -delta : delta;
    for (int32_t v = second; v != apex; v = parent_[v]) flow_[pred_[v]] += pred_up_[v] ? delta : -delta;
  }
  if (side == 0) {  // `in` itself blocks: it only changes bound
    state_[in] = raise ? kUpper : kLower;
    return;
  }
  const int64_t leaving = pred_[out];
  state_[leaving] = flow_[leaving] == 0 ? kLower : kUpper;
  state_[in] = kTree;

  // Re-hang the subtree of `out` from u_in (its end of `in`) under v_in,
  // reversing the stem u_in .. out, and shift its potentials so that `in`
  // is tight.
  const int32_t u_in = side == 1 ? first : second, v_in = side == 1 ? second : first;
  const PackedCost sigma =
      src == u_in ? pi_[tgt] - net_.Cost(in) - pi_[u_in] : pi_[src] + net_.Cost(in) - pi_[u_in];
  Rehang(u_in, v_in, out, in, apex);
  const int32_t end = thread_[last_succ_[u_in]];
  for (int32_t u = u_in; u != end; u = thread_[u]) pi_[u] += sigma;
}

// The moved subtree T (of `out`, old preorder one stretch) gets the new
// preorder S0 P1 .. Pk: S0 the old stretch of u_in = s0, then for each stem
// node s_i (s_i+1 its old parent, up to s_k = out) what its old stretch
// holds besides s_i-1's, i.e. s_i up to the node before s_i-1, and after
// s_i-1's stretch up to its own end. Every stem node's new stretch then
// ends where T does. T goes in right after v_in (its first child).
template <typename Net>
void NetworkSimplex<Net>::Rehang(int32_t u_in, int32_t v_in, int32_t out, int64_t in, int32_t apex) {
  // The stem with its old stretches.
  stem_.clear();
  for (int32_t v = u_in;; v = parent_[v]) {
    stem_.push_back({v, last_succ_[v], rev_thread_[v], succ_num_[v], thread_[last_succ_[v]]});
    if (v == out) break;
  }
  const int32_t v_out = parent_[out];
  const int32_t t_size = succ_num_[out], t_last_old = last_succ_[out];

  // Take T out of the list; its old ancestors' stretches that ended with
  // it now end before it.
  {
    const int32_t before = rev_thread_[out], after = thread_[t_last_old];
    thread_[before] = after;
    rev_thread_[after] = before;
    for (int32_t x = v_out; x >= 0 && last_succ_[x] == t_last_old; x = parent_[x]) last_succ_[x] = before;
    for (int32_t x = v_out; x != apex; x = parent_[x]) succ_num_[x] -= t_size;  // above the apex T stays
  }

  // T's new order.
  int32_t tail = stem_[0].last_succ;  // S0 keeps its inner links
  for (size_t i = 1; i < stem_.size(); ++i) {
    const StemNode& s = stem_[i];
    const StemNode& below = stem_[i - 1];
    thread_[tail] = s.node;  // piece 1: s_i .. the node before s_i-1
    rev_thread_[s.node] = tail;
    tail = below.rev_thread;
    if (below.last_succ != s.last_succ) {  // piece 2: after s_i-1's stretch .. s_i's end
      const int32_t start = below.after_last;
      thread_[tail] = start;
      rev_thread_[start] = tail;
      tail = s.last_succ;
    }
  }
  for (size_t i = 0; i < stem_.size(); ++i) {
    last_succ_[stem_[i].node] = tail;
    succ_num_[stem_[i].node] = i == 0 ? t_size : t_size - stem_[i - 1].succ_num;
  }

  // Parents and tree arcs along the stem, reversed.
  int32_t new_parent = v_in;
  int64_t new_pred = in;
  uint8_t new_up = net_.Source(in) == u_in;
  for (const StemNode& s : stem_) {
    const int64_t old_pred = pred_[s.node];
    const uint8_t old_up = pred_up_[s.node];
    parent_[s.node] = new_parent;
    pred_[s.node] = new_pred;
    pred_up_[s.node] = new_up;
    new_parent = s.node;
    new_pred = old_pred;
    new_up = !old_up;
  }

  // T right after v_in; if v_in had no children its stretch (and its
  // ancestors' that ended with it) now ends with T.
  const int32_t after = thread_[v_in];
  thread_[v_in] = u_in;
  rev_thread_[u_in] = v_in;
  thread_[tail] = after;
  rev_thread_[after] = tail;
  if (last_succ_[v_in] == v_in)
    for (int32_t x = v_in; x >= 0 && last_succ_[x] == v_in; x = parent_[x]) last_succ_[x] = tail;
  for (int32_t x = v_in; x != apex; x = parent_[x]) succ_num_[x] += t_size;
}

}  // namespace leye
