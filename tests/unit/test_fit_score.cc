// The fit score: each factor's points and words, the bounds, and that the
// fast path (FitPoints) and the explanation agree.
#include <doctest/doctest.h>

#include <random>

#include "matcher/fit_score.h"
#include "tests/unit/match_test_util.h"

using namespace leye;
using namespace leye::testing;

namespace {

Worker MakeWorker() {
  Worker w;
  w.id = "W";
  w.labor_ability = LaborAbility::kFull;
  w.willingness.wants_work = true;
  w.willingness.max_commute_km = 10;
  w.willingness.min_monthly_wage = 2200;
  w.willingness.hours = {Hours::kFullTime};
  return w;
}

Posting MakePosting() {
  Posting p;
  p.id = "P";
  p.occupation = "6-05-01-01";
  p.monthly_wage = 2600;
  return p;
}

const FitFactor& Factor(const FitScore& s, FitFactorKind k) {
  for (const FitFactor& f : s.factors)
    if (f.kind == k) return f;
  FAIL("no factor");
  return s.factors.front();
}

}  // namespace

TEST_SUITE("fit_score") {
  TEST_CASE("factors in plain words") {
    PolicyConfig policy;
    Worker w = MakeWorker();
    w.skills = {{"6-05-01", 4}};
    w.willingness.categories = {"6-05"};
    Posting p = MakePosting();
    p.required_skills = {{"6-05-01", 2}};
    const OccupationNames names = {{"6-05", "纺织缝纫"}, {"6-05-01", "缝纫"}};
    const FitScore s = ExplainFit(w, p, 4.2, policy, &names);
    CHECK(Factor(s, FitFactorKind::kSkills).text == "需要缝纫技能（2 级）：已具备（4 级）");
    CHECK(Factor(s, FitFactorKind::kWish).text == "第 1 意向工种（缝纫）");
    CHECK(Factor(s, FitFactorKind::kCommute).text == "离家 4.2 公里");
    CHECK(Factor(s, FitFactorKind::kWage).text == "月薪 2600 元，高于期望 400 元");
    // skills 4/5 of 300; first of one wish: 250; commute (10 - 4.2) / 10 of 250; wage 400/1000 of 200
    CHECK(Factor(s, FitFactorKind::kSkills).points == 240);
    CHECK(Factor(s, FitFactorKind::kWish).points == 250);
    CHECK(Factor(s, FitFactorKind::kCommute).points == 145);
    CHECK(Factor(s, FitFactorKind::kWage).points == 80);
    CHECK(s.total == 240 + 250 + 145 + 80);
    CHECK(s.total == FitPoints(w, p, 4.2, policy));
  }

  TEST_CASE("the catalogue names codes, codes stand in for unknown ones, no requirement, no wish, no floor") {
    PolicyConfig policy;
    Worker w = MakeWorker();
    w.willingness.min_monthly_wage = 0;
    const FitScore s = ExplainFit(w, MakePosting(), 0, policy);
    CHECK(Factor(s, FitFactorKind::kSkills).text == "岗位不要求技能，本人无相关技能");
    CHECK(Factor(s, FitFactorKind::kSkills).points == 0);
    CHECK(Factor(s, FitFactorKind::kWish).text == "未限定意向工种");
    CHECK(Factor(s, FitFactorKind::kWish).points == 125);  // half
    CHECK(Factor(s, FitFactorKind::kCommute).points == 250);
    CHECK(Factor(s, FitFactorKind::kWage).text == "月薪 2600 元");
    CHECK(Factor(s, FitFactorKind::kWage).points == 200);  // 2600 above a floor of 0: full
    w.skills = {{"6-05-01-01", 3}};
    CHECK(Factor(ExplainFit(w, MakePosting(), 0, policy), FitFactorKind::kSkills).text ==
          "具备相关技能：服装制版师（3 级）");
    Posting odd = MakePosting();
    odd.occupation = "9-99-01-01";  // in no catalogue
    w.skills = {{"9-99-01-01", 2}};
    w.willingness.categories = {"9-99"};
    const FitScore s2 = ExplainFit(w, odd, 0, policy);
    CHECK(Factor(s2, FitFactorKind::kSkills).text == "具备相关技能：9-99-01-01（2 级）");
    CHECK(Factor(s2, FitFactorKind::kWish).text == "第 1 意向工种（9-99-01-01）");
  }

  TEST_CASE("later wishes earn less, far work earns no commute points") {
    PolicyConfig policy;
    Worker w = MakeWorker();
    w.willingness.categories = {"4-01", "2-02", "6-05"};
    const Posting p = MakePosting();
    const FitScore s = ExplainFit(w, p, 50, policy);
    CHECK(Factor(s, FitFactorKind::kWish).points == 250 / 3);
    CHECK(Factor(s, FitFactorKind::kWish).text == "第 3 意向工种（服装制版师）");
    CHECK(Factor(s, FitFactorKind::kCommute).points == 0);
    CHECK(Factor(s, FitFactorKind::kCommute).text == "离家 50.0 公里（外出务工）");
  }

  TEST_CASE("bounds, agreement with the fast path, monotone in distance and wage") {
    PolicyConfig policy;
    std::mt19937_64 rng(7);
    for (int i = 0; i < 2000; ++i) {
      Worker w = MakeWorker();
      Posting p = MakePosting();
      w.willingness.max_commute_km = static_cast<double>(rng() % 40);
      w.willingness.min_monthly_wage = static_cast<int64_t>(rng() % 4000);
      p.monthly_wage = w.willingness.min_monthly_wage + static_cast<int64_t>(rng() % 3000);
      if (rng() % 2) w.skills = {{"6-05-01", static_cast<int>(rng() % 5 + 1)}};
      if (rng() % 2) w.willingness.categories = {"6", "6-05"};
      const double km = w.willingness.max_commute_km * static_cast<double>(rng() % 1000) / 1000.0;
      const FitScore s = ExplainFit(w, p, km, policy);
      CHECK(s.total >= 0);
      CHECK(s.total <= 1000);
      CHECK(s.total == FitPoints(w, p, km, policy));
      int sum = 0;
      for (const FitFactor& f : s.factors) {
        CHECK(f.points >= 0);
        CHECK(f.points <= f.max_points);
        sum += f.points;
      }
      CHECK(sum == s.total);
      CHECK(FitPoints(w, p, km / 2, policy) >= s.total);
      Posting richer = p;
      richer.monthly_wage += 100;
      CHECK(FitPoints(w, richer, km, policy) >= s.total);
    }
  }
}
