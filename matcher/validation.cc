// Value rules, one small checker per rule shape (id, region, range, text
// length, skill list, location), so each message is written once and every
// record kind words the same rule the same way.
#include "matcher/validation.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <variant>

#include "matcher/id_number.h"

namespace leye {
namespace {

// Unicode code points in UTF-8 text (bytes that are not continuation bytes).
size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// "20000", not std::to_string's "20000.000000".
std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}
std::string Number(int64_t v) { return std::to_string(v); }
std::string Number(int32_t v) { return std::to_string(v); }

class Checker {
 public:
  std::vector<FieldError> Take() { return std::move(errors_); }

  void Fail(std::string pointer, std::string message) {
    errors_.push_back({std::move(pointer), std::move(message)});
  }

  void Id(const std::string& pointer, std::string_view id) {
    if (!IsValidId(id)) Fail(pointer, "must be 1 to 64 letters, digits, '_' or '-'");
  }

  void Region(const std::string& pointer, std::string_view code) {
    if (!IsValidRegion(code)) Fail(pointer, "must be a 6-digit region code (GB/T 2260)");
  }

  void Occupation(const std::string& pointer, std::string_view code) {
    if (!IsValidOccupationCode(code))
      Fail(pointer, "must be an occupation code: digit groups joined by '-', like 6-05-01-01");
  }

  // Non-empty and at most `max` characters.
  void Text(const std::string& pointer, std::string_view s, size_t max) {
    if (s.empty()) {
      Fail(pointer, "must not be empty");
    } else if (CharCount(s) > max) {
      Fail(pointer, "must be at most " + std::to_string(max) + " characters");
    }
  }

  template <typename T>
  void Range(const std::string& pointer, T v, T lo, T hi) {
    // Written as !(in range) so a NaN fails too.
    if (!(v >= lo && v <= hi))
      Fail(pointer, "must be between " + Number(lo) + " and " + Number(hi));
  }

  void Location(const std::string& pointer, const GeoPoint& g) {
    if (!(g.lat >= -90 && g.lat <= 90)) Fail(pointer + "/lat", "must be between -90 and 90");
    if (!(g.lng >= -180 && g.lng <= 180)) Fail(pointer + "/lng", "must be between -180 and 180");
  }

  void Skills(const std::string& pointer, const std::vector<Skill>& skills) {
    for (size_t i = 0; i < skills.size(); ++i) {
      const std::string at = pointer + "/" + std::to_string(i);
      Occupation(at + "/code", skills[i].code);
      for (size_t j = 0; j < i; ++j) {
        if (skills[j].code == skills[i].code) {
          Fail(at + "/code", "must not repeat a code: " + skills[i].code + " is already at " +
                                 pointer + "/" + std::to_string(j));
          break;
        }
      }
      Range(at + "/level", skills[i].level, 1, 5);
    }
  }

 private:
  std::vector<FieldError> errors_;
};

constexpr int32_t kMaxCount = 100000;       // slots, seats
constexpr int64_t kMaxWage = 1000000;       // yuan per month
constexpr int32_t kMaxMonths = 600;         // 50 years
constexpr double kMaxCommuteKm = 20000;     // half the earth's circumference

}  // namespace

std::vector<FieldError> Validate(const Household& h) {
  Checker c;
  c.Id("/id", h.id);
  c.Region("/region", h.region);
  if (h.relocated && h.site.empty()) c.Fail("/site", "is required when relocated");
  if (h.helper) {
    if (h.helper->name.empty()) c.Fail("/helper/name", "must not be empty");
    const std::string& phone = h.helper->phone;
    bool ok = phone.size() >= 5 && phone.size() <= 20;
    for (char ch : phone)
      ok = ok && ((ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == ' ');
    if (!ok) c.Fail("/helper/phone", "must be 5 to 20 characters of digits, '+', '-' or spaces");
  }
  return c.Take();
}

std::vector<FieldError> Validate(const Worker& w) {
  Checker c;
  c.Id("/id", w.id);
  c.Id("/household", w.household);
  c.Text("/name", w.name, 64);
  if (auto problem = IdNumberProblem(w.id_number)) c.Fail("/id_number", std::move(*problem));
  c.Skills("/skills", w.skills);
  c.Location("/location", w.location);
  const Willingness& v = w.willingness;
  for (size_t i = 0; i < v.categories.size(); ++i)
    c.Occupation("/willingness/categories/" + std::to_string(i), v.categories[i]);
  c.Range("/willingness/max_commute_km", v.max_commute_km, 0.0, kMaxCommuteKm);
  if (v.hours.empty()) c.Fail("/willingness/hours", "must name at least one of full_time, part_time, home_based");
  for (size_t i = 0; i < v.hours.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (v.hours[j] == v.hours[i]) {
        c.Fail("/willingness/hours/" + std::to_string(i),
               "must not repeat: " + std::string(ToString(v.hours[i])) + " is already at /willingness/hours/" +
                   std::to_string(j));
        break;
      }
    }
  }
  c.Range("/willingness/min_monthly_wage", v.min_monthly_wage, int64_t{0}, kMaxWage);
  return c.Take();
}

std::vector<FieldError> Validate(const Employer& e) {
  Checker c;
  c.Id("/id", e.id);
  c.Text("/name", e.name, 200);
  c.Region("/region", e.region);
  c.Location("/location", e.location);
  return c.Take();
}

std::vector<FieldError> Validate(const Posting& p) {
  Checker c;
  c.Id("/id", p.id);
  c.Id("/employer", p.employer);
  c.Text("/title", p.title, 200);
  c.Occupation("/occupation", p.occupation);
  c.Skills("/required_skills", p.required_skills);
  c.Range("/slots", p.slots, 0, kMaxCount);
  c.Range("/monthly_wage", p.monthly_wage, int64_t{0}, kMaxWage);
  c.Range("/contract_months", p.contract_months, 0, kMaxMonths);
  if (p.location) c.Location("/location", *p.location);
  if (p.age_min) c.Range("/age_min", *p.age_min, 16, 100);
  if (p.age_max) c.Range("/age_max", *p.age_max, 16, 100);
  if (p.age_min && p.age_max && *p.age_min > *p.age_max)
    c.Fail("/age_max", "must not be less than age_min");
  return c.Take();
}

std::vector<FieldError> Validate(const Training& t) {
  Checker c;
  c.Id("/id", t.id);
  c.Text("/provider", t.provider, 200);
  c.Text("/title", t.title, 200);
  c.Skills("/teaches", t.teaches);
  c.Range("/seats", t.seats, 0, kMaxCount);
  c.Region("/region", t.region);
  c.Location("/location", t.location);
  if (t.end_date < t.start_date) c.Fail("/end_date", "must not be before start_date");
  return c.Take();
}

std::vector<FieldError> Validate(const Record& r) {
  return std::visit([](const auto& rec) { return Validate(rec); }, r);
}

std::vector<FieldError> ValidatePlacement(const Placement& p) {
  Checker c;
  c.Id("/id", p.id);
  c.Id("/worker", p.worker);
  if (p.posting) {
    c.Id("/posting", *p.posting);
  } else if (p.kind == PlacementKind::kMatched) {
    c.Fail("/posting", "is required when kind is matched");
  }
  if (p.expected_months) c.Range("/expected_months", *p.expected_months, 0, kMaxMonths);
  if (p.end_date && *p.end_date < p.start_date) c.Fail("/end_date", "must not be before start_date");
  return c.Take();
}

}  // namespace leye
