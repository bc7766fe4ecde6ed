// Distances on the earth, as the hard rule on commuting (rule 9) defines
// them: great-circle distance on a sphere of radius 6371 km.
#pragma once

#include "matcher/model.h"

namespace leye {

inline constexpr double kEarthRadiusKm = 6371.0;

// Great-circle distance in km (haversine formula; exact to rounding for
// short and long distances alike). Symmetric; 0 for the same point.
double GreatCircleKm(const GeoPoint& a, const GeoPoint& b);

}  // namespace leye
