// The generator's own random numbers: xoshiro256** seeded by splitmix64, with
// integer and real draws defined here rather than by <random>'s
// distributions, whose algorithms are implementation-defined. Every draw is
// integer arithmetic or an exact conversion of 53 random bits, so the same
// seed gives the same sequence on every compiler and machine.
//
// Not for cryptography. Not thread-safe: one Rng per thread or per stream.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace leye::gen {

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t x = seed;
    for (uint64_t& s : s_) s = SplitMix64(x);
  }

  // A stream for `tag` derived from `seed`: streams of different tags are
  // independent, so adding a county does not change another county's data.
  static Rng ForStream(uint64_t seed, std::string_view tag) {
    uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64
    for (unsigned char c : tag) h = (h ^ c) * 0x100000001b3ULL;
    uint64_t x = seed ^ (h * 0x9e3779b97f4a7c15ULL);
    return Rng(SplitMix64(x));
  }

  static uint64_t SplitMix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n), unbiased (rejection). REQUIRES: n > 0.
  uint64_t Below(uint64_t n) {
    const uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    for (;;) {
      const uint64_t r = Next();
      if (r >= threshold) return r % n;
    }
  }

  // Uniform in [lo, hi], both inclusive. REQUIRES: lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }

  // Uniform in [0, 1), a multiple of 2^-53 (exact on every IEEE machine).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

  // True with probability p (p <= 0: never, p >= 1: always).
  bool Chance(double p) { return Unit() < p; }

  template <typename T>
  const T& Pick(std::span<const T> items) {  // REQUIRES: !items.empty()
    return items[Below(items.size())];
  }

  // An item drawn with probability proportional to weight_of(item), an int.
  // REQUIRES: at least one weight > 0, none negative.
  template <typename T, typename WeightOf>
  const T& WeightedPick(std::span<const T> items, WeightOf weight_of) {
    uint64_t total = 0;
    for (const T& it : items) total += static_cast<uint64_t>(weight_of(it));
    uint64_t r = Below(total);
    for (const T& it : items) {
      const auto w = static_cast<uint64_t>(weight_of(it));
      if (r < w) return it;
      r -= w;
    }
    return items.back();  // unreachable
  }

  // An index drawn with probability proportional to weights[i]. REQUIRES: at
  // least one weight > 0, none negative.
  size_t Weighted(std::span<const int> weights) {
    uint64_t total = 0;
    for (int w : weights) total += static_cast<uint64_t>(w);
    uint64_t r = Below(total);
    for (size_t i = 0; i < weights.size(); ++i) {
      const auto w = static_cast<uint64_t>(weights[i]);
      if (r < w) return i;
      r -= w;
    }
    return weights.size() - 1;  // unreachable
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace leye::gen
