// Guarantee status (matcher/guarantee.h): each status and reason on
// hand-built households, the date boundaries of "active" and of risk_days,
// the summaries, and an independent brute-force recomputation of every
// household of a generated county on 30 dates across a year. All data here is
// invented.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "generator/fake_register.h"
#include "matcher/date.h"
#include "matcher/guarantee.h"
#include "matcher/model.h"
#include "matcher/policy.h"

using namespace leye;

namespace {

Date D(const char* s) { return *ParseDate(s); }
Date Plus(Date d, int32_t days) { return Date{d.days + days}; }

// Owned records, handed to ComputeGuarantee as pointers. Each test states
// only what it is about: households are relocated to site S1 of 430523,
// workers able and wanting work, placements open-ended self-found work.
struct Fixture {
  Date date = D("2026-12-01");
  PolicyConfig policy;
  std::vector<Household> households;
  std::vector<Worker> workers;
  std::vector<Placement> placements;
  std::vector<Posting> postings;
  std::vector<Employer> employers;

  Household& H(const std::string& id, bool relocated = true, const std::string& site = "S1",
               const std::string& region = "430523") {
    Household h;
    h.id = id;
    h.region = region;
    h.relocated = relocated;
    h.site = relocated ? site : "";
    households.push_back(h);
    return households.back();
  }
  Worker& W(const std::string& id, const std::string& household,
            LaborAbility ability = LaborAbility::kFull, bool wants_work = true) {
    Worker w;
    w.id = id;
    w.household = household;
    w.name = "测试" + id;
    w.labor_ability = ability;
    w.willingness.wants_work = wants_work;
    w.willingness.hours = {Hours::kFullTime};
    workers.push_back(w);
    return workers.back();
  }
  // Started 100 days before the date; expected_months nullopt = open-ended.
  Placement& Pl(const std::string& id, const std::string& worker,
                std::optional<int32_t> expected_months = std::nullopt,
                PlacementKind kind = PlacementKind::kSelfFound) {
    Placement p;
    p.id = id;
    p.worker = worker;
    p.kind = kind;
    p.start_date = Plus(date, -100);
    p.expected_months = expected_months;
    placements.push_back(p);
    return placements.back();
  }
  Employer& E(const std::string& id, EmployerKind kind) {
    Employer e;
    e.id = id;
    e.name = "单位" + id;
    e.kind = kind;
    e.region = "430523";
    employers.push_back(e);
    return employers.back();
  }
  Posting& P(const std::string& id, const std::string& employer) {
    Posting p;
    p.id = id;
    p.employer = employer;
    p.title = "岗位" + id;
    p.occupation = "6-05-01-01";
    p.slots = 10;
    p.contract_months = 12;
    p.open = true;
    postings.push_back(p);
    return postings.back();
  }

  [[nodiscard]] GuaranteeInput Input() const {
    GuaranteeInput in;
    for (const auto& x : households) in.households.push_back(&x);
    for (const auto& x : workers) in.workers.push_back(&x);
    for (const auto& x : placements) in.placements.push_back(&x);
    for (const auto& x : postings) in.postings.push_back(&x);
    for (const auto& x : employers) in.employers.push_back(&x);
    in.date = date;
    in.policy = policy;
    return in;
  }
  [[nodiscard]] GuaranteeReport Run() const { return ComputeGuarantee(Input()); }
  // The status of one household.
  [[nodiscard]] HouseholdStatus Of(const std::string& household) const {
    const GuaranteeReport r = Run();
    for (const auto& s : r.households)
      if (s.household == household) return s;
    FAIL("no status for " << household);
    return {};
  }
  [[nodiscard]] GuaranteeStatus StatusOf(const std::string& household) const { return Of(household).status; }
};

// ---- Independent recomputation, straight from ARCHITECTURE.md "Policy",
// sharing no code with matcher/guarantee.cc or matcher/placement_rules.cc.

struct Brute {
  GuaranteeStatus status;
  NotEligibleReason reason;
  std::set<std::string> evidence;
  std::optional<Date> risk_end;
};

Brute BruteStatus(const Household& h, const std::vector<const Worker*>& members,
                  const std::map<std::string, std::vector<const Placement*>>& placements_by_worker, Date d,
                  const PolicyConfig& policy) {
  auto active = [&](const Placement& p) { return p.start_date.days <= d.days && (!p.end_date || p.end_date->days > d.days); };
  auto steady = [&](const Placement& p) {
    return !p.expected_months.has_value() || *p.expected_months == 0 || *p.expected_months >= policy.steady_months;
  };
  auto end = [&](const Placement& p) -> std::optional<Date> {
    if (p.end_date) return p.end_date;
    if (p.expected_months && *p.expected_months > 0) {
      // Calendar months, clamped to the target month's last day.
      int y = p.start_date.year();
      int m = static_cast<int>(p.start_date.month()) - 1 + *p.expected_months;
      y += m / 12;
      m = m % 12 + 1;
      static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      int last = kDays[m - 1];
      if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) last = 29;
      return Date::FromCivil(y, static_cast<unsigned>(m), std::min<unsigned>(p.start_date.day(), last));
    }
    return std::nullopt;
  };
  Brute b{GuaranteeStatus::kUncovered, NotEligibleReason::kNone, {}, std::nullopt};
  if (!h.relocated) return {GuaranteeStatus::kNotEligible, NotEligibleReason::kNotRelocated, {}, std::nullopt};
  bool eligible = false;
  std::set<std::string> covering, steady_active;
  std::optional<Date> earliest;
  for (const Worker* w : members) {
    bool has_active = false;
    const auto it = placements_by_worker.find(w->id);
    if (it != placements_by_worker.end()) {
      for (const Placement* p : it->second) {
        if (!active(*p)) continue;
        has_active = true;
        if (!steady(*p)) continue;
        steady_active.insert(p->id);
        const auto e = end(*p);
        if (!e || e->days > d.days + policy.risk_days) covering.insert(p->id);
        if (e && (!earliest || *e < *earliest)) earliest = e;
      }
    }
    if (w->labor_ability != LaborAbility::kNone && (w->willingness.wants_work || has_active)) eligible = true;
  }
  if (!eligible) return {GuaranteeStatus::kNotEligible, NotEligibleReason::kNoAbleWillingMember, {}, std::nullopt};
  if (!covering.empty()) return {GuaranteeStatus::kCovered, NotEligibleReason::kNone, covering, std::nullopt};
  if (!steady_active.empty()) return {GuaranteeStatus::kAtRisk, NotEligibleReason::kNone, steady_active, earliest};
  return b;
}

const GeneratedRegister& County() {
  static const GeneratedRegister r = [] {
    GeneratedRegister g = Generate(CountyOptions(11, D("2026-06-01")));
    // The generator places only able, willing workers and rarely records an
    // end ahead; vary the data so every rule is exercised.
    for (size_t i = 0; i < g.workers.size(); ++i) {
      if (i % 7 == 3) g.workers[i].willingness.wants_work = false;
      if (i % 11 == 5) g.workers[i].labor_ability = LaborAbility::kNone;
    }
    for (size_t i = 0; i < g.placements.size(); ++i) {
      Placement& p = g.placements[i];
      if (!p.end_date && i % 9 == 4) p.end_date = Date{p.start_date.days + 20 + static_cast<int32_t>(i % 400)};
    }
    return g;
  }();
  return r;
}

GuaranteeInput InputOf(const GeneratedRegister& g, Date d, PolicyConfig policy) {
  GuaranteeInput in;
  for (const auto& x : g.households) in.households.push_back(&x);
  for (const auto& x : g.workers) in.workers.push_back(&x);
  for (const auto& x : g.placements) in.placements.push_back(&x);
  for (const auto& x : g.postings) in.postings.push_back(&x);
  for (const auto& x : g.employers) in.employers.push_back(&x);
  in.date = d;
  in.policy = policy;
  return in;
}

}  // namespace

TEST_SUITE("guarantee") {
  TEST_CASE("wire names round-trip") {
    for (GuaranteeStatus s : {GuaranteeStatus::kCovered, GuaranteeStatus::kAtRisk, GuaranteeStatus::kUncovered,
                              GuaranteeStatus::kNotEligible})
      CHECK(ParseGuaranteeStatus(ToString(s)) == s);
    CHECK(ToString(GuaranteeStatus::kAtRisk) == "at_risk");
    CHECK(ToString(GuaranteeStatus::kNotEligible) == "not_eligible");
    CHECK(ToString(NotEligibleReason::kNotRelocated) == "not_relocated");
    CHECK(ToString(NotEligibleReason::kNoAbleWillingMember) == "no_able_willing_member");
    CHECK(ToString(NotEligibleReason::kNone) == "");
    CHECK(ParseNotEligibleReason("no_able_willing_member") == NotEligibleReason::kNoAbleWillingMember);
    CHECK_FALSE(ParseGuaranteeStatus("Covered"));
    CHECK_FALSE(ParseGuaranteeStatus(""));
    CHECK_FALSE(ParseNotEligibleReason(""));
  }

  TEST_CASE("covered: an open-ended steady placement, with its evidence") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    f.Pl("PL1", "W1");
    const HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kCovered);
    CHECK(s.not_eligible_reason == NotEligibleReason::kNone);
    CHECK(s.evidence == std::vector<std::string>{"PL1"});
    CHECK_FALSE(s.risk_end);
    CHECK(s.site == "S1");
    CHECK(s.region == "430523");
  }

  TEST_CASE("covered: expected_months 0 is open-ended too") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    f.Pl("PL1", "W1", 0);
    CHECK(f.StatusOf("H1") == GuaranteeStatus::kCovered);
  }

  TEST_CASE("uncovered: eligible with no placement") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    const HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kUncovered);
    CHECK(s.evidence.empty());
    CHECK_FALSE(s.risk_end);
  }

  TEST_CASE("not_eligible, not_relocated: even with steady work") {
    Fixture f;
    f.H("H1", false);
    f.W("W1", "H1");
    f.Pl("PL1", "W1");
    const HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kNotEligible);
    CHECK(s.not_eligible_reason == NotEligibleReason::kNotRelocated);
    CHECK(s.site == "");
    CHECK(s.evidence.empty());
  }

  TEST_CASE("not_eligible, no_able_willing_member") {
    Fixture f;
    f.H("H1");
    SUBCASE("no members at all") {}
    SUBCASE("able but not wanting work, not placed") { f.W("W1", "H1", LaborAbility::kFull, false); }
    SUBCASE("wanting work but labor none") { f.W("W1", "H1", LaborAbility::kNone, true); }
    SUBCASE("one of each") {
      f.W("W1", "H1", LaborAbility::kWeak, false);
      f.W("W2", "H1", LaborAbility::kNone, true);
    }
    SUBCASE("only an ended placement") {
      f.W("W1", "H1", LaborAbility::kFull, false);
      f.Pl("PL1", "W1").end_date = Plus(f.date, -1);
    }
    const HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kNotEligible);
    CHECK(s.not_eligible_reason == NotEligibleReason::kNoAbleWillingMember);
  }

  TEST_CASE("members with labor none do not make a household eligible, even placed") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1", LaborAbility::kNone, true);
    f.Pl("PL1", "W1");
    CHECK(f.Of("H1").not_eligible_reason == NotEligibleReason::kNoAbleWillingMember);
    // An able, willing second member makes it eligible, and then W1's
    // placement (any member's) covers it.
    f.W("W2", "H1", LaborAbility::kWeak, true);
    CHECK(f.StatusOf("H1") == GuaranteeStatus::kCovered);
  }

  TEST_CASE("an able worker placed but not wanting work still makes the household eligible") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1", LaborAbility::kWeak, false);
    SUBCASE("steady placement: covered") {
      f.Pl("PL1", "W1");
      CHECK(f.StatusOf("H1") == GuaranteeStatus::kCovered);
    }
    SUBCASE("temporary placement: eligible, uncovered") {
      f.Pl("PL1", "W1", 3);
      CHECK(f.StatusOf("H1") == GuaranteeStatus::kUncovered);
    }
  }

  TEST_CASE("risk_days boundary: end exactly on d + risk_days is at risk, one day later covered") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    f.Pl("PL1", "W1", 12);
    SUBCASE("default 30 days") {}
    SUBCASE("policy 10 days") { f.policy.risk_days = 10; }
    SUBCASE("policy 0 days") { f.policy.risk_days = 0; }
    const int32_t r = f.policy.risk_days;
    // Through end_date.
    f.placements[0].end_date = Plus(f.date, r);
    if (r > 0) {
      HouseholdStatus s = f.Of("H1");
      CHECK(s.status == GuaranteeStatus::kAtRisk);
      CHECK(s.risk_end == Plus(f.date, r));
      CHECK(s.evidence == std::vector<std::string>{"PL1"});
    } else {
      // end_date == d: no longer active.
      CHECK(f.StatusOf("H1") == GuaranteeStatus::kUncovered);
    }
    f.placements[0].end_date = Plus(f.date, r + 1);
    CHECK(f.StatusOf("H1") == GuaranteeStatus::kCovered);
    // Through start_date + expected_months (no end_date): 12 months after
    // start lands on d + r, then d + r + 1.
    f.placements[0].end_date.reset();
    f.placements[0].start_date = AddMonthsClamped(Plus(f.date, r), -12);
    REQUIRE(AddMonthsClamped(f.placements[0].start_date, 12) == Plus(f.date, r));
    HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kAtRisk);
    CHECK(s.risk_end == Plus(f.date, r));
    f.placements[0].start_date = AddMonthsClamped(Plus(f.date, r + 1), -12);
    REQUIRE(AddMonthsClamped(f.placements[0].start_date, 12) == Plus(f.date, r + 1));
    CHECK(f.StatusOf("H1") == GuaranteeStatus::kCovered);
  }

  TEST_CASE("an expected end already past with no end_date is at risk, not covered") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    Placement& p = f.Pl("PL1", "W1", 6);
    p.start_date = D("2025-01-10");  // expected end 2025-07-10, long past
    const HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kAtRisk);
    CHECK(s.risk_end == D("2025-07-10"));
    CHECK(s.evidence == std::vector<std::string>{"PL1"});
  }

  TEST_CASE("an end_date in the past, or on the date itself, means not active") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    Placement& p = f.Pl("PL1", "W1");
    SUBCASE("yesterday") { p.end_date = Plus(f.date, -1); }
    SUBCASE("today") { p.end_date = f.date; }
    SUBCASE("status still says active: the dates decide") {
      p.end_date = Plus(f.date, -40);
      p.status = PlacementStatus::kActive;
    }
    const HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kUncovered);
    CHECK(s.evidence.empty());
    CHECK(f.Run().total.placed.Total() == 0);
  }

  TEST_CASE("a temporary placement never covers nor puts at risk") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    SUBCASE("5 months, steady_months 6") { f.Pl("PL1", "W1", 5); }
    SUBCASE("11 months, steady_months 12") {
      f.policy.steady_months = 12;
      f.Pl("PL1", "W1", 11);
    }
    SUBCASE("temporary, ending soon") { f.Pl("PL1", "W1", 3).start_date = Plus(f.date, -80); }
    SUBCASE("temporary, matched in an open-ended posting: the placement's term decides") {
      f.E("E1", EmployerKind::kWorkshop);
      f.P("P1", "E1").contract_months = 0;
      Placement& p = f.Pl("PL1", "W1", 3, PlacementKind::kMatched);
      p.posting = "P1";
    }
    const HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kUncovered);
    CHECK(s.evidence.empty());
    CHECK(f.Run().total.placed.Total() == 1);  // still a worker placed
  }

  TEST_CASE("steady_months is inclusive") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    f.Pl("PL1", "W1", 6).start_date = Plus(f.date, -10);
    CHECK(f.StatusOf("H1") == GuaranteeStatus::kCovered);
    f.policy.steady_months = 7;
    CHECK(f.StatusOf("H1") == GuaranteeStatus::kUncovered);
  }

  TEST_CASE("a placement starting tomorrow is not active, one starting today is") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1", LaborAbility::kFull, false);
    Placement& p = f.Pl("PL1", "W1");
    p.start_date = Plus(f.date, 1);
    // Not active: W1 neither wants work nor works, so not even eligible.
    CHECK(f.Of("H1").not_eligible_reason == NotEligibleReason::kNoAbleWillingMember);
    f.workers[0].willingness.wants_work = true;
    CHECK(f.StatusOf("H1") == GuaranteeStatus::kUncovered);
    f.placements[0].start_date = f.date;
    CHECK(f.StatusOf("H1") == GuaranteeStatus::kCovered);
  }

  TEST_CASE("several members: covered wins over at risk, at risk keeps the earliest end") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    f.W("W2", "H1");
    f.W("W3", "H1");
    f.Pl("PL3", "W1", 12).end_date = Plus(f.date, 20);
    f.Pl("PL1", "W2", 12).end_date = Plus(f.date, 5);
    f.Pl("PL2", "W3", 3);  // temporary: no part in it
    HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kAtRisk);
    CHECK(s.evidence == std::vector<std::string>{"PL1", "PL3"});
    CHECK(s.risk_end == Plus(f.date, 5));
    f.placements[0].end_date.reset();  // PL3 open-ended now
    s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kCovered);
    CHECK(s.evidence == std::vector<std::string>{"PL3"});  // only what covers
    CHECK_FALSE(s.risk_end);
  }

  TEST_CASE("history: an ended placement and the current one of the same worker") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    Placement& old = f.Pl("PL1", "W1");
    old.start_date = D("2025-01-01");
    old.end_date = D("2025-06-01");
    f.Pl("PL2", "W1", 12).start_date = Plus(f.date, -30);
    const HouseholdStatus s = f.Of("H1");
    CHECK(s.status == GuaranteeStatus::kCovered);
    CHECK(s.evidence == std::vector<std::string>{"PL2"});
  }

  TEST_CASE("per-site, per-county and total counts, workers placed by kind of work") {
    Fixture f;
    f.E("EW", EmployerKind::kWorkshop);
    f.E("EP", EmployerKind::kPublicWelfare);
    f.E("EE", EmployerKind::kEnterprise);
    f.E("EC", EmployerKind::kCooperative);
    for (const char* e : {"EW", "EP", "EE", "EC"}) f.P(std::string("P") + e, e);
    f.P("PX", "E-missing");
    auto matched = [&](const std::string& id, const std::string& worker, const std::string& posting) {
      f.Pl(id, worker, std::nullopt, PlacementKind::kMatched).posting = posting;
    };
    // Site S1 (430523): covered, covered, at risk, uncovered, not eligible.
    f.H("A1");
    f.W("A1-1", "A1");
    matched("PA1", "A1-1", "PEW");
    f.W("A1-2", "A1");
    matched("PA1b", "A1-2", "PEP");  // two placed workers, one household
    f.H("A2");
    f.W("A2-1", "A2");
    matched("PA2", "A2-1", "PEE");
    f.H("A3");
    f.W("A3-1", "A3");
    f.Pl("PA3", "A3-1", 12, PlacementKind::kMigrant).end_date = Plus(f.date, 3);
    f.H("A4");
    f.W("A4-1", "A4");
    f.H("A5");
    f.W("A5-1", "A5", LaborAbility::kNone);
    f.Pl("PA5", "A5-1", std::nullopt, PlacementKind::kSelfEmployed);  // placed, yet not eligible
    // Site S2 (430523): only not eligible.
    f.H("B1", true, "S2");
    // Site S3 in another county: uncovered, covered (cooperative), and one
    // placed through a posting whose employer is unknown.
    f.H("C1", true, "S3", "433130");
    f.W("C1-1", "C1");
    matched("PC1", "C1-1", "PX");
    f.H("C2", true, "S3", "433130");
    f.W("C2-1", "C2");
    matched("PC2", "C2-1", "PEC");
    // Not relocated, in 430523: placed self-found, not counted in any site.
    f.H("N1", false);
    f.W("N1-1", "N1");
    f.Pl("PN1", "N1-1");
    // Dangling: a worker of no household, a placement of no worker.
    f.W("X-1", "H-missing");
    f.Pl("PX1", "X-1");
    f.Pl("PX2", "W-missing");

    const GuaranteeReport r = f.Run();
    CHECK(r.date == f.date);
    REQUIRE(r.households.size() == 9);
    std::vector<std::string> ids;
    for (const auto& h : r.households) ids.push_back(h.household);
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    CHECK(f.StatusOf("C1") == GuaranteeStatus::kCovered);  // unknown employer, still a placement

    REQUIRE(r.sites.size() == 3);
    const SiteSummary& s1 = r.sites[0];
    CHECK(s1.site == "S1");
    CHECK(s1.region == "430523");
    CHECK(s1.households == 5);
    CHECK(s1.eligible == 4);
    CHECK(s1.covered == 2);
    CHECK(s1.at_risk == 1);
    CHECK(s1.uncovered == 1);
    CHECK(s1.not_eligible == 1);
    CHECK(s1.no_able_willing_member == 1);
    CHECK(s1.not_relocated == 0);
    REQUIRE(s1.coverage_rate);
    CHECK(*s1.coverage_rate == doctest::Approx(0.5));
    PlacedCounts want1;
    want1.workshop = 1;
    want1.public_welfare = 1;
    want1.enterprise = 1;
    want1.migrant = 1;
    want1.self_employed = 1;
    CHECK(s1.placed == want1);

    const SiteSummary& s2 = r.sites[1];
    CHECK(s2.site == "S2");
    CHECK(s2.households == 1);
    CHECK(s2.eligible == 0);
    CHECK(s2.not_eligible == 1);
    CHECK_FALSE(s2.coverage_rate);
    CHECK(s2.placed.Total() == 0);

    const SiteSummary& s3 = r.sites[2];
    CHECK(s3.site == "S3");
    CHECK(s3.region == "433130");
    CHECK(s3.eligible == 2);
    CHECK(s3.covered == 2);
    CHECK(*s3.coverage_rate == doctest::Approx(1.0));
    CHECK(s3.placed.cooperative == 1);
    CHECK(s3.placed.unknown_employer == 1);
    CHECK(s3.placed.Total() == 2);

    REQUIRE(r.regions.size() == 2);
    CHECK(r.regions[0].region == "430523");
    CHECK(r.regions[0].site == "");
    CHECK(r.regions[0].households == 7);  // S1, S2 and N1
    CHECK(r.regions[0].not_eligible == 3);
    CHECK(r.regions[0].not_relocated == 1);
    CHECK(r.regions[0].eligible == 4);
    CHECK(r.regions[0].placed.self_found == 1);
    CHECK(r.regions[0].placed.Total() == 6);
    CHECK(r.regions[1].region == "433130");
    CHECK(r.regions[1].households == 2);

    CHECK(r.total.site == "");
    CHECK(r.total.region == "");
    CHECK(r.total.households == 9);
    CHECK(r.total.eligible == 6);
    CHECK(r.total.covered == 4);
    CHECK(r.total.at_risk == 1);
    CHECK(r.total.uncovered == 1);
    CHECK(r.total.not_eligible == 3);
    CHECK(*r.total.coverage_rate == doctest::Approx(4.0 / 6.0));
    CHECK(r.total.placed.Total() == 8);  // the dangling X-1 counts nowhere
  }

  TEST_CASE("a worker with two active placements (bad data) is placed once, by the latest start") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    f.Pl("PL1", "W1", std::nullopt, PlacementKind::kMigrant).start_date = Plus(f.date, -200);
    f.Pl("PL2", "W1", std::nullopt, PlacementKind::kSelfEmployed).start_date = Plus(f.date, -20);
    const GuaranteeReport r = f.Run();
    CHECK(r.total.placed.Total() == 1);
    CHECK(r.total.placed.self_employed == 1);
    CHECK(r.households[0].evidence == std::vector<std::string>{"PL1", "PL2"});
  }

  TEST_CASE("coverage rate is null with no eligible household, and for an empty input") {
    Fixture f;
    CHECK_FALSE(f.Run().total.coverage_rate);
    CHECK(f.Run().sites.empty());
    CHECK(f.Run().households.empty());
    f.H("H1", false);
    f.W("W1", "H1");
    f.H("H2");
    f.W("W2", "H2", LaborAbility::kNone);
    const GuaranteeReport r = f.Run();
    CHECK(r.total.households == 2);
    CHECK(r.total.eligible == 0);
    CHECK_FALSE(r.total.coverage_rate);
    REQUIRE(r.sites.size() == 1);
    CHECK_FALSE(r.sites[0].coverage_rate);
  }

  TEST_CASE("the same records in any order give the same report") {
    const GeneratedRegister& g = County();
    const GuaranteeInput in = InputOf(g, D("2026-06-01"), PolicyConfig{});
    const GuaranteeReport want = ComputeGuarantee(in);
    GuaranteeInput shuffled = in;
    std::mt19937 rng(5);
    std::shuffle(shuffled.households.begin(), shuffled.households.end(), rng);
    std::shuffle(shuffled.workers.begin(), shuffled.workers.end(), rng);
    std::shuffle(shuffled.placements.begin(), shuffled.placements.end(), rng);
    std::shuffle(shuffled.postings.begin(), shuffled.postings.end(), rng);
    const GuaranteeReport got = ComputeGuarantee(shuffled);
    CHECK(got.households == want.households);
    CHECK(got.sites == want.sites);
    CHECK(got.regions == want.regions);
    CHECK(got.total == want.total);
  }

  TEST_CASE("agrees with an independent brute force on a generated county, 30 dates across a year") {
    const GeneratedRegister& g = County();
    std::map<std::string, std::vector<const Worker*>> members;
    for (const Worker& w : g.workers) members[w.household].push_back(&w);
    std::map<std::string, std::vector<const Placement*>> by_worker;
    for (const Placement& p : g.placements) by_worker[p.worker].push_back(&p);
    std::map<std::string, const Posting*> posting;
    for (const Posting& p : g.postings) posting[p.id] = &p;
    std::map<std::string, EmployerKind> employer_kind;
    for (const Employer& e : g.employers) employer_kind[e.id] = e.kind;

    std::map<GuaranteeStatus, int64_t> seen;  // over all dates: every status must occur
    for (int i = 0; i < 30; ++i) {
      const Date d = Plus(D("2025-12-01"), i * 12 + (i % 5));  // 2025-12-01 .. ~2026-11-25
      PolicyConfig policy;
      if (i % 3 == 1) policy.risk_days = 45;
      if (i % 4 == 2) policy.steady_months = 12;
      CAPTURE(FormatDate(d));
      const GuaranteeReport r = ComputeGuarantee(InputOf(g, d, policy));
      REQUIRE(r.households.size() == g.households.size());

      std::map<std::pair<std::string, std::string>, SiteSummary> sites;
      SiteSummary total;
      int64_t mismatches = 0;
      for (size_t h = 0; h < g.households.size(); ++h) {
        const Household& hh = g.households[h];
        const HouseholdStatus& got = r.households[h];  // generated ids are in order
        REQUIRE(got.household == hh.id);
        const Brute want = BruteStatus(hh, members[hh.id], by_worker, d, policy);
        const std::set<std::string> got_evidence(got.evidence.begin(), got.evidence.end());
        if (got.status != want.status || got.not_eligible_reason != want.reason || got_evidence != want.evidence ||
            got.risk_end != want.risk_end) {
          if (++mismatches <= 5)
            MESSAGE(hh.id << ": got " << ToString(got.status) << " want " << ToString(want.status));
        }
        ++seen[got.status];
        for (SiteSummary* s : {&total, hh.relocated ? &sites[{hh.site, hh.region}] : nullptr}) {
          if (!s) continue;
          ++s->households;
          s->covered += want.status == GuaranteeStatus::kCovered;
          s->at_risk += want.status == GuaranteeStatus::kAtRisk;
          s->uncovered += want.status == GuaranteeStatus::kUncovered;
          s->not_eligible += want.status == GuaranteeStatus::kNotEligible;
          // Workers placed: each member with an active placement, once.
          for (const Worker* w : members[hh.id]) {
            const Placement* latest = nullptr;
            for (const Placement* p : by_worker[w->id])
              if (p->start_date <= d && (!p->end_date || *p->end_date > d) &&
                  (!latest || p->start_date > latest->start_date))
                latest = p;
            if (!latest) continue;
            switch (latest->kind) {
              case PlacementKind::kSelfFound: ++s->placed.self_found; break;
              case PlacementKind::kSelfEmployed: ++s->placed.self_employed; break;
              case PlacementKind::kMigrant: ++s->placed.migrant; break;
              case PlacementKind::kMatched:
                switch (employer_kind.at(posting.at(*latest->posting)->employer)) {
                  case EmployerKind::kWorkshop: ++s->placed.workshop; break;
                  case EmployerKind::kPublicWelfare: ++s->placed.public_welfare; break;
                  case EmployerKind::kEnterprise: ++s->placed.enterprise; break;
                  case EmployerKind::kCooperative: ++s->placed.cooperative; break;
                }
            }
          }
        }
      }
      CHECK(mismatches == 0);
      REQUIRE(r.sites.size() == sites.size());
      size_t k = 0;
      for (const auto& [key, want] : sites) {
        const SiteSummary& got = r.sites[k++];
        CHECK(got.site == key.first);
        CHECK(got.region == key.second);
        CHECK(got.households == want.households);
        CHECK(got.covered == want.covered);
        CHECK(got.at_risk == want.at_risk);
        CHECK(got.uncovered == want.uncovered);
        CHECK(got.not_eligible == want.not_eligible);
        CHECK(got.eligible == want.covered + want.at_risk + want.uncovered);
        CHECK(got.placed == want.placed);
      }
      CHECK(r.total.households == total.households);
      CHECK(r.total.covered == total.covered);
      CHECK(r.total.at_risk == total.at_risk);
      CHECK(r.total.uncovered == total.uncovered);
      CHECK(r.total.placed == total.placed);
      REQUIRE(r.regions.size() == 1);
      CHECK(r.regions[0].covered == total.covered);
    }
    // The comparison means something only if every status occurs often.
    for (GuaranteeStatus s : {GuaranteeStatus::kCovered, GuaranteeStatus::kAtRisk, GuaranteeStatus::kUncovered,
                              GuaranteeStatus::kNotEligible}) {
      CAPTURE(ToString(s));
      CHECK(seen[s] > 1000);
    }
  }

  TEST_CASE("DiffStatuses: changed, new and removed households, by id") {
    Fixture f;
    f.H("H1");
    f.W("W1", "H1");
    f.Pl("PL1", "W1", 12).end_date = Plus(f.date, 60);  // covered now, at risk in 31 days
    f.H("H2");
    f.W("W2", "H2");  // uncovered throughout
    f.H("H3");
    f.W("W3", "H3");
    f.Pl("PL3", "W3");  // covered throughout
    f.H("H4");
    f.W("W4", "H4", LaborAbility::kNone);  // not eligible throughout
    const GuaranteeReport before = f.Run();
    CHECK(DiffStatuses(before, before).empty());

    f.date = Plus(f.date, 31);
    f.households[3].relocated = false;  // reason changes, status does not
    f.households[3].site = "";
    f.H("H0");  // registered since: uncovered
    f.W("W0", "H0");
    f.households.erase(f.households.begin() + 2);  // H3 deleted
    const GuaranteeReport after = f.Run();
    const std::vector<StatusChange> want = {
        {"H0", std::nullopt, GuaranteeStatus::kUncovered},
        {"H1", GuaranteeStatus::kCovered, GuaranteeStatus::kAtRisk},
        {"H3", GuaranteeStatus::kCovered, std::nullopt},
    };
    CHECK(DiffStatuses(before, after) == want);
    const std::vector<StatusChange> back = {
        {"H0", GuaranteeStatus::kUncovered, std::nullopt},
        {"H1", GuaranteeStatus::kAtRisk, GuaranteeStatus::kCovered},
        {"H3", std::nullopt, GuaranteeStatus::kCovered},
    };
    CHECK(DiffStatuses(after, before) == back);
  }
}
