// Each hard rule of ARCHITECTURE.md ("Policy") on its own, at its
// boundaries, through the same IndexedProblem the matcher uses; and the
// placement rules the levels and guarantee tracking read.
#include <doctest/doctest.h>

#include "matcher/feasibility.h"
#include "matcher/geo.h"
#include "matcher/indexed_problem.h"
#include "matcher/placement_rules.h"
#include "tests/unit/match_test_util.h"

using namespace leye;
using namespace leye::testing;

namespace {

// One worker W (household H) and one posting P (employer E) side by side.
struct Pair1 {
  ProblemBuilder b;
  Pair1() {
    b.H("H");
    b.W("W", "H");
    b.E("E");
    b.P("P", "E");
  }
  Worker& w() { return b.p.workers[0]; }
  Household& h() { return b.p.households[0]; }
  Employer& e() { return b.p.employers[0]; }
  Posting& p() { return b.p.postings[0]; }
  HardRule Check() {
    auto ip = IndexedProblem::Build(b.p);
    REQUIRE(ip.ok());
    return ip->FirstBroken(0, 0);
  }
};

}  // namespace

TEST_SUITE("feasibility") {
  TEST_CASE("the default pair is feasible") { CHECK(Pair1().Check() == HardRule::kNone); }

  TEST_CASE("rule 1: able (full or weak) and wants work") {
    Pair1 t;
    SUBCASE("weak is able") {
      t.w().labor_ability = LaborAbility::kWeak;
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("none is not") {
      t.w().labor_ability = LaborAbility::kNone;
      CHECK(t.Check() == HardRule::kAbleAndWilling);
    }
    SUBCASE("not wanting work") {
      t.w().willingness.wants_work = false;
      CHECK(t.Check() == HardRule::kAbleAndWilling);
    }
  }

  TEST_CASE("rule 2: no active placement on the date, the dates decide, not the status") {
    Pair1 t;  // date 2026-12-01
    SUBCASE("active, temporary") {
      t.b.Pl("X", "W", "2026-11-01", 2);
      CHECK(t.Check() == HardRule::kNoActivePlacement);
    }
    SUBCASE("starts tomorrow: not active yet") {
      t.b.Pl("X", "W", "2026-12-02");
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("starts today: active") {
      t.b.Pl("X", "W", "2026-12-01");
      CHECK(t.Check() == HardRule::kNoActivePlacement);
    }
    SUBCASE("ended today: no longer active") {
      t.b.Pl("X", "W", "2026-01-01").end_date = D("2026-12-01");
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("ends tomorrow: still active") {
      t.b.Pl("X", "W", "2026-01-01").end_date = D("2026-12-02");
      CHECK(t.Check() == HardRule::kNoActivePlacement);
    }
    SUBCASE("status ended but no end date: active") {
      t.b.Pl("X", "W", "2026-01-01").status = PlacementStatus::kEnded;
      CHECK(t.Check() == HardRule::kNoActivePlacement);
    }
    SUBCASE("past its expected end without an end date: still active") {
      t.b.Pl("X", "W", "2025-01-01", 3);
      CHECK(t.Check() == HardRule::kNoActivePlacement);
    }
  }

  TEST_CASE("rule 3: open, and slots minus active placements at least 1") {
    Pair1 t;
    t.b.H("H2");
    t.b.W("W2", "H2");
    SUBCASE("closed") {
      t.p().open = false;
      CHECK(t.Check() == HardRule::kOpenWithFreeSlot);
    }
    SUBCASE("its one slot taken by an active placement") {
      t.b.Pl("X", "W2", "2026-06-01", 12, "P");
      CHECK(t.Check() == HardRule::kOpenWithFreeSlot);
    }
    SUBCASE("a placement that ended frees the slot") {
      t.b.Pl("X", "W2", "2026-06-01", 12, "P").end_date = D("2026-11-30");
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("two slots, one taken") {
      t.p().slots = 2;
      t.b.Pl("X", "W2", "2026-06-01", 12, "P");
      CHECK(t.Check() == HardRule::kNone);
    }
  }

  TEST_CASE("rule 4: age on the date from the ID number, bounds inclusive") {
    Pair1 t;  // born 1990-06-15; date 2026-12-01: 36
    SUBCASE("at the upper bound") {
      t.p().age_max = 36;
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("above it") {
      t.p().age_max = 35;
      CHECK(t.Check() == HardRule::kAge);
    }
    SUBCASE("at the lower bound") {
      t.p().age_min = 36;
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("below it") {
      t.p().age_min = 37;
      CHECK(t.Check() == HardRule::kAge);
    }
    SUBCASE("born 29 February: a birthday on 1 March in other years") {
      t.w().id_number = IdNumber(D("2008-02-29"));
      t.p().age_min = 18;
      t.b.p.date = D("2026-02-28");
      CHECK(t.Check() == HardRule::kAge);  // still 17
      t.b.p.date = D("2026-03-01");
      CHECK(t.Check() == HardRule::kNone);  // 18 today
    }
  }

  TEST_CASE("rule 5: the posting's hours among the wanted hours") {
    Pair1 t;
    t.w().willingness.hours = {Hours::kPartTime, Hours::kHomeBased};
    CHECK(t.Check() == HardRule::kHours);
    t.p().hours = Hours::kHomeBased;
    CHECK(t.Check() == HardRule::kNone);
  }

  TEST_CASE("rule 6: wage at least the floor") {
    Pair1 t;
    t.w().willingness.min_monthly_wage = 3000;
    CHECK(t.Check() == HardRule::kNone);
    t.w().willingness.min_monthly_wage = 3001;
    CHECK(t.Check() == HardRule::kWage);
  }

  TEST_CASE("rule 7: every required skill met by the code or a code under it, at the level") {
    Pair1 t;
    t.p().required_skills = {{"6-05", 3}};
    SUBCASE("no skill") { CHECK(t.Check() == HardRule::kSkills); }
    SUBCASE("a skill inside the family") {
      t.w().skills = {{"6-05-01-01", 3}};
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("the family itself") {
      t.w().skills = {{"6-05", 4}};
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("level too low") {
      t.w().skills = {{"6-05-01", 2}};
      CHECK(t.Check() == HardRule::kSkills);
    }
    SUBCASE("a code that only starts with the same characters") {
      t.w().skills = {{"6-051", 5}};
      CHECK(t.Check() == HardRule::kSkills);
    }
    SUBCASE("a broader skill does not meet a narrower requirement") {
      t.p().required_skills = {{"6-05-01", 1}};
      t.w().skills = {{"6-05", 5}};
      CHECK(t.Check() == HardRule::kSkills);
    }
    SUBCASE("two requirements, one missing") {
      t.p().required_skills = {{"6-05", 1}, {"4-01", 1}};
      t.w().skills = {{"6-05-01", 1}};
      CHECK(t.Check() == HardRule::kSkills);
      t.w().skills.push_back({"4-01-02", 2});
      CHECK(t.Check() == HardRule::kNone);
    }
  }

  TEST_CASE("rule 8: occupation among the wishes, by family prefix with '-'") {
    Pair1 t;  // occupation 6-05-01-01
    SUBCASE("no wishes: anything") { CHECK(t.Check() == HardRule::kNone); }
    SUBCASE("the family") {
      t.w().willingness.categories = {"4-01", "6-05"};
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("the exact code") {
      t.w().willingness.categories = {"6-05-01-01"};
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("another family") {
      t.w().willingness.categories = {"4-01"};
      CHECK(t.Check() == HardRule::kCategory);
    }
    SUBCASE("a prefix without the '-' boundary") {
      t.w().willingness.categories = {"6-0"};
      CHECK(t.Check() == HardRule::kCategory);
    }
    SUBCASE("a narrower wish") {
      t.w().willingness.categories = {"6-05-01-01-9"};
      CHECK(t.Check() == HardRule::kCategory);
    }
  }

  TEST_CASE("rule 9: commute radius by great-circle distance") {
    Pair1 t;
    const double km = GreatCircleKm({27.0, 111.0}, {27.1, 111.0});
    CHECK(km == doctest::Approx(11.1195).epsilon(1e-4));
    t.p().location = GeoPoint{27.1, 111.0};
    t.w().willingness.max_commute_km = km;
    CHECK(t.Check() == HardRule::kNone);
    t.w().willingness.max_commute_km = km - 0.001;
    CHECK(t.Check() == HardRule::kPlace);
    SUBCASE("the posting's own location wins over the employer's") {
      t.p().location.reset();  // the employer sits at the worker's place
      CHECK(t.Check() == HardRule::kNone);
    }
  }

  TEST_CASE("rule 9: leaving the county and the province, by the employer's and household's regions") {
    Pair1 t;  // household 430523
    t.e().location = {30.0, 115.0};  // far beyond any commute
    t.w().willingness.max_commute_km = 10;
    SUBCASE("same county, far: never") {
      t.w().willingness.leave_county = t.w().willingness.leave_province = true;
      CHECK(t.Check() == HardRule::kPlace);
    }
    SUBCASE("another county of the province") {
      t.e().region = "430524";
      CHECK(t.Check() == HardRule::kPlace);
      t.w().willingness.leave_county = true;
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("leave_province alone does not open other counties of the home province") {
      t.e().region = "430524";
      t.w().willingness.leave_province = true;
      CHECK(t.Check() == HardRule::kPlace);
    }
    SUBCASE("another province") {
      t.e().region = "440305";
      t.w().willingness.leave_county = true;
      CHECK(t.Check() == HardRule::kPlace);  // leave_county alone does not open other provinces
      t.w().willingness.leave_province = true;
      CHECK(t.Check() == HardRule::kNone);
    }
    SUBCASE("the ID number's region is not what counts") {
      t.w().id_number = IdNumber(D("1990-06-15"));  // 430523...
      t.h().region = "440305";                      // the household lives in another province
      t.w().willingness.leave_province = true;
      CHECK(t.Check() == HardRule::kNone);
    }
  }

  TEST_CASE("rule 10: public-welfare posts only for registered-poor households") {
    Pair1 t;
    t.e().kind = EmployerKind::kPublicWelfare;
    CHECK(t.Check() == HardRule::kPublicWelfarePoor);
    t.h().registered_poor = true;
    CHECK(t.Check() == HardRule::kNone);
  }

  TEST_CASE("rule 11: a declined pair stays apart") {
    Pair1 t;
    t.b.p.declines.push_back({"W", "P"});
    CHECK(t.Check() == HardRule::kNotDeclined);
    t.b.p.declines = {{"W", "Q"}};  // another posting: no effect
    CHECK(t.Check() == HardRule::kNone);
  }

  TEST_CASE("explanations name the posting and the specifics") {
    Pair1 t;
    t.p().required_skills = {{"6-05-01", 3}};
    auto ip = IndexedProblem::Build(t.b.p);
    REQUIRE(ip.ok());
    const std::string s = ExplainBrokenRule(HardRule::kSkills, ip->Pair(0, 0));
    CHECK(s.find("岗位 P") != std::string::npos);
    CHECK(s.find("需要技能 6-05-01（纺织品、服装和皮革、毛皮制品加工制作人员，3 级），未具备") != std::string::npos);
    t.w().willingness.min_monthly_wage = 3500;
    auto ip2 = IndexedProblem::Build(t.b.p);
    CHECK(ExplainBrokenRule(HardRule::kWage, ip2->Pair(0, 0)) == "岗位 P 月薪 3000 元，低于期望的 3500 元");
  }

  TEST_CASE("inconsistent input is refused with a pointer per problem") {
    ProblemBuilder b;
    b.H("H");
    b.W("W", "NOPE");
    b.W("W", "H");
    b.E("E");
    b.P("P", "MISSING");
    b.p.workers[1].id_number = "12345";
    auto ip = IndexedProblem::Build(b.p);
    REQUIRE_FALSE(ip.ok());
    CHECK(ip.status().errors().size() == 4);  // duplicate id, household, id_number, employer
  }
}

TEST_SUITE("placement_rules") {
  TEST_CASE("active, steady, end") {
    Placement p;
    p.start_date = D("2026-01-31");
    p.expected_months = 1;
    PolicyConfig policy;
    CHECK(FormatDate(*PlacementEnd(p)) == "2026-02-28");  // clamped to the month's end
    CHECK_FALSE(IsSteadyPlacement(p, policy));
    p.expected_months = 6;
    CHECK(IsSteadyPlacement(p, policy));
    p.expected_months = 0;
    CHECK(IsSteadyPlacement(p, policy));
    CHECK_FALSE(PlacementEnd(p));
    p.expected_months.reset();
    CHECK(IsSteadyPlacement(p, policy));
    p.expected_months = 3;
    p.end_date = D("2030-01-01");  // an end date does not make it steady
    CHECK_FALSE(IsSteadyPlacement(p, policy));
    CHECK(FormatDate(*PlacementEnd(p)) == "2030-01-01");
    CHECK(IsActiveOn(p, D("2029-12-31")));
    CHECK_FALSE(IsActiveOn(p, D("2030-01-01")));
    CHECK_FALSE(IsActiveOn(p, D("2026-01-30")));
  }

  TEST_CASE("steady work, at risk, none: risk_days decides") {
    PolicyConfig policy;  // risk_days 30
    const Date d = D("2026-12-01");
    Placement p;
    p.start_date = D("2026-06-01");
    p.end_date = D("2026-12-31");  // 30 days after d: not later than d + 30
    const Placement* one[] = {&p};
    CHECK(HouseholdWorkOn(one, d, policy) == HouseholdWork::kAtRisk);
    p.end_date = D("2027-01-01");  // 31 days: steady
    CHECK(HouseholdWorkOn(one, d, policy) == HouseholdWork::kSteady);
    p.end_date.reset();
    p.expected_months = 6;  // expected end 2026-12-01, already due: at risk, not silently covered
    CHECK(HouseholdWorkOn(one, d, policy) == HouseholdWork::kAtRisk);
    p.expected_months = 3;  // temporary: nothing
    CHECK(HouseholdWorkOn(one, d, policy) == HouseholdWork::kNone);
    CHECK(HouseholdWorkOn({}, d, policy) == HouseholdWork::kNone);
  }

  TEST_CASE("steady postings") {
    PolicyConfig policy;
    Posting p;
    p.contract_months = 0;
    CHECK(IsSteadyPosting(p, policy));
    p.contract_months = 5;
    CHECK_FALSE(IsSteadyPosting(p, policy));
    p.contract_months = 6;
    CHECK(IsSteadyPosting(p, policy));
  }

  TEST_CASE("eligibility and priority of households") {
    ProblemBuilder b;
    b.H("A", true);          // relocated, a willing member: eligible, level 1
    b.W("a", "A");
    b.H("B", false, true);   // poor, not relocated: level 2
    b.W("b", "B");
    b.H("C", true);          // relocated, member in steady work: eligible, no priority
    b.W("c", "C").willingness.wants_work = false;
    b.Pl("X", "c", "2026-01-01", 0);
    b.H("E", true);          // relocated, nobody able: not eligible
    b.W("e", "E").labor_ability = LaborAbility::kNone;
    auto ip = IndexedProblem::Build(b.p);
    REQUIRE(ip.ok());
    CHECK(ip->Eligible(0));
    CHECK(ip->Priority(0) == HouseholdPriority::kRelocated);
    CHECK_FALSE(ip->Eligible(1));
    CHECK(ip->Priority(1) == HouseholdPriority::kPoor);
    CHECK(ip->Eligible(2));
    CHECK(ip->Work(2) == HouseholdWork::kSteady);
    CHECK(ip->Priority(2) == HouseholdPriority::kNone);
    CHECK_FALSE(ip->Eligible(3));
  }
}
