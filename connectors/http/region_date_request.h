// The {"region","date"} body of POST /v1/match-runs and /v1/training-plans,
// read the same way for both: region a code prefix of 1-6 digits (required),
// date YYYY-MM-DD (default `today`), no other field.
#pragma once

#include <string>
#include <string_view>

#include "matcher/date.h"
#include "matcher/status.h"

namespace leye::http {

struct RegionDate {
  std::string region;
  Date date;
};

// Status::Invalid with one error per broken field, pointers /region, /date.
Result<RegionDate> ParseRegionDate(std::string_view body, Date today, const char* what);

}  // namespace leye::http
