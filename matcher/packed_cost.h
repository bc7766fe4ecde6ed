// A LexCost packed into one __int128 in mixed radix, for the network
// simplex's hot loops (one 128-bit add and compare instead of five).
//
// Exact, not a weighting: the five components sit in separate digits, and
// as long as every component of every value stays inside its digit's half
// range the packed integers add, subtract and compare exactly as the
// vectors do. Digits (balanced, two's complement): level 5 gets 34 bits,
// levels 4, 3 and 2 get 23 bits each, level 1 the remaining 24 signed
// bits. The network simplex only ever forms potentials as sums along tree
// paths (at most N arcs, each component at most 1 on levels 1-4 and 1000 on
// level 5) and reduced costs as a cost plus two potentials, so with
// N <= kMaxNodes every component stays below 2 N + 1 (levels 1-4) and
// 1000 (2 N + 1) (level 5): inside the digits with room to spare.
// Fits(N) is the check; larger networks take the vector-cost solver.
#pragma once

#include <cstdint>

#include "matcher/lex_cost.h"

namespace leye {

struct PackedCost {
  static constexpr int kLowBits = 34, kMidBits = 23;
  static constexpr int64_t kMaxNodes = int64_t{1} << 20;
  __int128 x = 0;

  static bool Fits(int64_t nodes) { return nodes <= kMaxNodes; }
  static PackedCost Of(const LexCost& c) {
    __int128 r = c.v[0];
    r = r * (__int128{1} << kMidBits) + c.v[1];
    r = r * (__int128{1} << kMidBits) + c.v[2];
    r = r * (__int128{1} << kMidBits) + c.v[3];
    r = r * (__int128{1} << kLowBits) + c.v[4];
    return PackedCost{r};
  }
  LexCost Unpack() const {
    LexCost c;
    __int128 r = x;
    auto digit = [&r](int bits) {
      const __int128 half = __int128{1} << (bits - 1), mask = (__int128{1} << bits) - 1;
      const __int128 d = ((r + half) & mask) - half;
      r = (r - d) >> bits;
      return static_cast<int64_t>(d);
    };
    c.v[4] = digit(kLowBits);
    c.v[3] = digit(kMidBits);
    c.v[2] = digit(kMidBits);
    c.v[1] = digit(kMidBits);
    c.v[0] = static_cast<int64_t>(r);
    return c;
  }

  PackedCost& operator+=(const PackedCost& o) {
    x += o.x;
    return *this;
  }
  PackedCost& operator-=(const PackedCost& o) {
    x -= o.x;
    return *this;
  }
  friend PackedCost operator+(PackedCost a, const PackedCost& b) { return a += b; }
  friend PackedCost operator-(PackedCost a, const PackedCost& b) { return a -= b; }
  friend PackedCost operator-(const PackedCost& a) { return PackedCost{-a.x}; }
  friend bool operator==(const PackedCost& a, const PackedCost& b) { return a.x == b.x; }
  friend bool operator<(const PackedCost& a, const PackedCost& b) { return a.x < b.x; }
  friend bool operator>(const PackedCost& a, const PackedCost& b) { return a.x > b.x; }
};

}  // namespace leye
