#include "matcher/geo.h"

#include <algorithm>
#include <cmath>

namespace leye {

double GreatCircleKm(const GeoPoint& a, const GeoPoint& b) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double lat1 = a.lat * kRad, lat2 = b.lat * kRad;
  const double s_lat = std::sin((lat2 - lat1) / 2);
  const double s_lng = std::sin((b.lng - a.lng) * kRad / 2);
  double h = s_lat * s_lat + std::cos(lat1) * std::cos(lat2) * s_lng * s_lng;
  h = std::clamp(h, 0.0, 1.0);
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(h));
}

}  // namespace leye
