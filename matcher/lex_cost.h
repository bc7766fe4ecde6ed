// Exact lexicographic costs: a vector of five integers ordered level by level
// (the policy's objective, ARCHITECTURE.md). Together with + and - this is an
// ordered abelian group, which is all that shortest paths, potentials and
// reduced costs need, so the min-cost flow runs on it directly: no weights
// combine the levels, so none can overflow or trade a higher level for a
// lower one. Components stay far inside int64: each is bounded by the number
// of arcs on a path times the largest arc cost of its level (1 or 1000).
#pragma once

#include <cstdint>

namespace leye {

struct LexCost {
  static constexpr int kLevels = 5;
  int64_t v[kLevels] = {0, 0, 0, 0, 0};

  static LexCost Unit(int level, int64_t x = 1) {
    LexCost c;
    c.v[level] = x;
    return c;
  }
  LexCost& operator+=(const LexCost& o) {
    for (int i = 0; i < kLevels; ++i) v[i] += o.v[i];
    return *this;
  }
  LexCost& operator-=(const LexCost& o) {
    for (int i = 0; i < kLevels; ++i) v[i] -= o.v[i];
    return *this;
  }
  friend LexCost operator+(LexCost a, const LexCost& b) { return a += b; }
  friend LexCost operator-(LexCost a, const LexCost& b) { return a -= b; }
  friend LexCost operator-(const LexCost& a) { return LexCost{} - a; }
  friend bool operator==(const LexCost& a, const LexCost& b) {
    for (int i = 0; i < kLevels; ++i)
      if (a.v[i] != b.v[i]) return false;
    return true;
  }
  friend bool operator<(const LexCost& a, const LexCost& b) {
    for (int i = 0; i < kLevels; ++i)
      if (a.v[i] != b.v[i]) return a.v[i] < b.v[i];
    return false;
  }
  friend bool operator>(const LexCost& a, const LexCost& b) { return b < a; }
  friend bool operator<=(const LexCost& a, const LexCost& b) { return !(b < a); }
  friend bool operator>=(const LexCost& a, const LexCost& b) { return !(a < b); }
  bool IsNegative() const { return *this < LexCost{}; }
};

}  // namespace leye
