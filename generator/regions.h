// Where the fake register lives: real region codes (GB/T 2260) and rough
// county-seat coordinates, plus the little plane geometry the generator needs
// to scatter points around them.
//
// The geometry is integer arithmetic on micro-degrees and metres, on purpose:
// libm's trigonometry may differ in the last bit between implementations, and
// compilers may fuse floating multiply-adds differently (clang on ARM does by
// default), while the generator's output must be the same byte for byte on
// every machine. Integers leave no room for either. A GeoPoint is made only
// at the end, by one correctly rounded division (micro / 1e6).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "generator/rng.h"
#include "matcher/model.h"

namespace leye::gen {

// A position in micro-degrees (1e-6 degree, about 0.1 m).
struct MicroPoint {
  int64_t lat = 0;
  int64_t lng = 0;
  bool operator==(const MicroPoint&) const = default;
};

GeoPoint ToGeoPoint(MicroPoint p);

struct Place {
  std::string_view code;  // 6-digit region code
  std::string_view name;  // "邵阳县" for a county; for a work place the city
                          // prefix used in employer names ("东莞市")
  MicroPoint at;          // county seat / city centre
};

// Hunan counties the generator knows by name and position, sorted by code.
std::span<const Place> HunanCounties();
// The county with this code, or nullptr.
const Place* FindHunanCounty(std::string_view code);

// A county for any code: the known one, else a stand-in named "县(<code>)"
// placed deterministically inside Hunan.
struct County {
  std::string code;
  std::string name;
  MicroPoint seat;
};
County CountyOf(std::string_view code);

// Where migrant work goes: Hunan cities (another county, same province),
// Guangdong (44xxxx) and Zhejiang (33xxxx).
std::span<const Place> HunanCityPlaces();
std::span<const Place> GuangdongPlaces();
std::span<const Place> ZhejiangPlaces();

// A point uniform in the disc of `radius_m` metres around `centre`.
// REQUIRES: 0 < radius_m <= 200 000, |centre.lat| <= 60 degrees.
MicroPoint PointNear(Rng& rng, MicroPoint centre, int64_t radius_m);

// Approximate distance in metres (equirectangular, 111 195 m per degree of
// latitude, which is the 6371 km sphere). Good to well under 1 % at county
// scale; for plausibility checks, not for the matcher.
int64_t ApproxDistanceM(MicroPoint a, MicroPoint b);

}  // namespace leye::gen
