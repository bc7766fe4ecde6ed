// Small builders for the matcher's tests: valid made-up ID numbers and
// records with sensible defaults, so each test states only what it is about.
// All data here is invented.
#pragma once

#include <cstdio>
#include <string>

#include "matcher/date.h"
#include "matcher/id_number.h"
#include "matcher/match_problem.h"

namespace leye::testing {

inline Date D(const char* s) { return *ParseDate(s); }

// A valid 18-character ID number for someone born on `birth` (region 430523).
inline std::string IdNumber(Date birth, int seq = 1) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "430523%04d%02u%02u%03d", birth.year(), birth.month(), birth.day(), seq % 1000);
  std::string first17(buf);
  return first17 + IdNumberCheckChar(first17);
}

// Around (27.0, 111.0): 0.01 degree of latitude is about 1.11 km.
struct ProblemBuilder {
  MatchProblem p;
  int seq = 0;

  explicit ProblemBuilder(const char* date = "2026-12-01") { p.date = D(date); }

  Household& H(const std::string& id, bool relocated = false, bool poor = false,
               const std::string& region = "430523") {
    Household h;
    h.id = id;
    h.region = region;
    h.relocated = relocated;
    h.site = relocated ? "S1" : "";
    h.registered_poor = poor;
    p.households.push_back(h);
    return p.households.back();
  }
  Worker& W(const std::string& id, const std::string& household, double lat = 27.0, double lng = 111.0) {
    Worker w;
    w.id = id;
    w.household = household;
    w.name = "测试" + id;
    w.id_number = IdNumber(D("1990-06-15"), ++seq);
    w.labor_ability = LaborAbility::kFull;
    w.location = {lat, lng};
    w.willingness.wants_work = true;
    w.willingness.max_commute_km = 20;
    w.willingness.hours = {Hours::kFullTime, Hours::kPartTime, Hours::kHomeBased};
    p.workers.push_back(w);
    return p.workers.back();
  }
  Employer& E(const std::string& id, EmployerKind kind = EmployerKind::kEnterprise,
              const std::string& region = "430523", double lat = 27.0, double lng = 111.0) {
    Employer e;
    e.id = id;
    e.name = "单位" + id;
    e.kind = kind;
    e.region = region;
    e.location = {lat, lng};
    p.employers.push_back(e);
    return p.employers.back();
  }
  Posting& P(const std::string& id, const std::string& employer, int slots = 1,
             const std::string& occupation = "6-05-01-01") {
    Posting q;
    q.id = id;
    q.employer = employer;
    q.title = "岗位" + id;
    q.occupation = occupation;
    q.slots = slots;
    q.monthly_wage = 3000;
    q.hours = Hours::kFullTime;
    q.contract_months = 12;
    q.open = true;
    p.postings.push_back(q);
    return p.postings.back();
  }
  Placement& Pl(const std::string& id, const std::string& worker, const char* start,
                std::optional<int32_t> months = 12, std::optional<std::string> posting = std::nullopt) {
    Placement x;
    x.id = id;
    x.worker = worker;
    x.posting = posting;
    x.kind = posting ? PlacementKind::kMatched : PlacementKind::kSelfFound;
    x.start_date = D(start);
    x.expected_months = months;
    p.placements.push_back(x);
    return p.placements.back();
  }
};

}  // namespace leye::testing

#include <random>

namespace leye::testing {

// A small random register that exercises every hard rule: three regions (two
// counties of one province, another province), a 0.2-degree box plus far
// employers, occupation families, skills, wages, hours, ages, public-welfare
// posts, placements (some active, some on postings, some ended), declines.
inline MatchProblem RandomProblem(uint64_t seed, int households, int postings, int employers = 4) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  auto chance = [&](int percent) { return pick(100) < percent; };
  const char* regions[] = {"430523", "430524", "440305"};
  const char* codes[] = {"6-05-01-01", "6-05-01-02", "6-05-02-01", "4-10-01-05", "4-10-01-06", "5-01-01-01"};
  const char* families[] = {"6", "6-05", "6-05-01", "4-10", "4-10-01-06", "5-01"};
  ProblemBuilder b;
  auto place = [&](double spread) {
    return GeoPoint{27.0 + spread * static_cast<double>(pick(1000)) / 1000.0,
                    111.0 + spread * static_cast<double>(pick(1000)) / 1000.0};
  };
  for (int e = 0; e < employers; ++e) {
    const EmployerKind kinds[] = {EmployerKind::kWorkshop, EmployerKind::kPublicWelfare, EmployerKind::kEnterprise,
                                  EmployerKind::kCooperative};
    Employer& em = b.E("E" + std::to_string(e), kinds[pick(4)], regions[chance(70) ? 0 : 1 + pick(2)]);
    em.location = chance(80) ? place(0.2) : GeoPoint{29.0, 113.0};
  }
  for (int p = 0; p < postings; ++p) {
    Posting& q = b.P("P" + std::to_string(p), "E" + std::to_string(pick(employers)), 1 + pick(2), codes[pick(6)]);
    q.monthly_wage = 1800 + 200 * pick(8);
    q.hours = static_cast<Hours>(pick(3));
    q.contract_months = chance(70) ? (chance(50) ? 0 : 6 + pick(12)) : 1 + pick(5);
    q.open = chance(92);
    if (chance(20)) q.location = place(0.2);
    if (chance(25)) q.required_skills.push_back({families[pick(6)], 1 + pick(3)});
    if (chance(15)) q.age_min = 30 + pick(10);
    if (chance(15)) q.age_max = 40 + pick(15);
  }
  int n = 0;
  for (int h = 0; h < households; ++h) {
    const std::string hid = "H" + std::to_string(h);
    b.H(hid, chance(60), chance(50), regions[chance(80) ? 0 : 1 + pick(2)]);
    const int members = 1 + pick(3);
    for (int m = 0; m < members; ++m) {
      const std::string wid = "W" + std::to_string(n++);
      Worker& w = b.W(wid, hid);
      w.location = place(0.2);
      w.id_number = IdNumber(Date::FromCivil(1965 + pick(40), 1 + pick(12), 1 + pick(28)), n);
      w.labor_ability = chance(85) ? (chance(70) ? LaborAbility::kFull : LaborAbility::kWeak) : LaborAbility::kNone;
      w.hard_to_employ = chance(25);
      w.willingness.wants_work = chance(90);
      w.willingness.max_commute_km = 3 + pick(20);
      w.willingness.leave_county = chance(25);
      w.willingness.leave_province = chance(15);
      w.willingness.min_monthly_wage = chance(50) ? 0 : 1800 + 200 * pick(6);
      w.willingness.hours.clear();
      for (int k = 0; k < 3; ++k)
        if (chance(60)) w.willingness.hours.push_back(static_cast<Hours>(k));
      if (w.willingness.hours.empty()) w.willingness.hours.push_back(Hours::kFullTime);
      const int wishes = chance(40) ? 0 : 1 + pick(2);
      for (int k = 0; k < wishes; ++k) w.willingness.categories.push_back(families[pick(6)]);
      const int skills = pick(3);
      for (int k = 0; k < skills; ++k) w.skills.push_back({codes[pick(6)], 1 + pick(5)});
      if (chance(12)) {
        Placement& pl = b.Pl("X" + wid, wid, chance(80) ? "2026-06-01" : "2027-01-01",
                             chance(50) ? std::optional<int32_t>(0) : std::optional<int32_t>(1 + pick(12)));
        if (chance(50)) pl.posting = "P" + std::to_string(pick(postings));
        if (chance(30)) pl.end_date = chance(50) ? D("2026-11-01") : D("2026-12-15");
      }
      if (chance(10)) b.p.declines.push_back({wid, "P" + std::to_string(pick(postings))});
    }
  }
  return b.p;
}

}  // namespace leye::testing
