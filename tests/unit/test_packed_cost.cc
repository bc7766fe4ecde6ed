// PackedCost must add, subtract and compare exactly as LexCost does inside
// the bounds it documents (packed_cost.h).
#include <doctest/doctest.h>

#include <random>

#include "matcher/packed_cost.h"

using leye::LexCost;
using leye::PackedCost;

namespace {

LexCost RandomCost(std::mt19937_64& rng, int64_t bound_1_4, int64_t bound_5) {
  auto pick = [&](int64_t b) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(2 * b + 1)) - b; };
  LexCost c;
  for (int i = 0; i < 4; ++i) c.v[i] = rng() % 3 == 0 ? 0 : pick(bound_1_4);
  c.v[4] = pick(bound_5);
  return c;
}

}  // namespace

TEST_SUITE("packed_cost") {
  TEST_CASE("round trip, order and sums equal the vectors' at the bounds of the largest network") {
    const int64_t n = PackedCost::kMaxNodes;
    std::mt19937_64 rng(5);
    for (int i = 0; i < 200000; ++i) {
      // Reduced costs: at most 2N + 1 on levels 1-4, 1000 (2N + 1) on level 5.
      const LexCost a = RandomCost(rng, 2 * n + 1, 1000 * (2 * n + 1));
      const LexCost b = RandomCost(rng, 2 * n + 1, 1000 * (2 * n + 1));
      const PackedCost pa = PackedCost::Of(a), pb = PackedCost::Of(b);
      REQUIRE(pa.Unpack() == a);
      CHECK((pa < pb) == (a < b));
      CHECK((pa == pb) == (a == b));
      // Potentials (at most N per level) plus or minus a reduced cost.
      const LexCost p = RandomCost(rng, n, 1000 * n);
      CHECK((PackedCost::Of(p) + pa).Unpack() == p + a);
      CHECK((PackedCost::Of(p) - pa).Unpack() == p - a);
      CHECK((-pa).Unpack() == -a);
    }
  }

  TEST_CASE("the extremes of each digit") {
    const int64_t n = PackedCost::kMaxNodes;
    for (int level = 0; level < LexCost::kLevels; ++level)
      for (int64_t x : {-(2 * n + 1), int64_t{-1}, int64_t{1}, 2 * n + 1}) {
        const int64_t v = level == 4 ? 1000 * x : x;
        const LexCost c = LexCost::Unit(level, v);
        CHECK(PackedCost::Of(c).Unpack() == c);
        const bool negative = PackedCost::Of(c).x < 0;
        CHECK(negative == (v < 0));
      }
    CHECK(PackedCost::Fits(n));
    CHECK_FALSE(PackedCost::Fits(n + 1));
  }
}
