#include "connectors/http/region_date_request.h"

#include <simdjson.h>

#include <vector>

namespace leye::http {

Result<RegionDate> ParseRegionDate(std::string_view body, Date today, const char* what) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  if (parser.parse(body.data(), body.size()).get(doc) || doc.get_object().get(obj))
    return Status::Invalid("the body must be a JSON object like {\"region\":\"430523\",\"date\":\"2026-12-01\"}");
  std::vector<FieldError> errors;
  RegionDate out{"", today};
  for (auto [key, value] : obj) {
    std::string_view v;
    if (key == "region") {
      bool ok = !value.get_string().get(v) && !v.empty() && v.size() <= 6;
      for (char c : v) ok = ok && c >= '0' && c <= '9';
      if (!ok) errors.push_back({"/region", "must be a region code or prefix of 1 to 6 digits"});
      else out.region = std::string(v);
    } else if (key == "date") {
      if (value.get_string().get(v) || !ParseDate(v)) errors.push_back({"/date", "must be a date YYYY-MM-DD"});
      else out.date = *ParseDate(v);
    } else {
      errors.push_back({"/" + std::string(key), "unknown field"});
    }
  }
  if (out.region.empty() && errors.empty()) errors.push_back({"/region", "is required"});
  if (!errors.empty()) return Status::Invalid(std::string("invalid ") + what + " request", std::move(errors));
  return out;
}

}  // namespace leye::http
