// Training placement (matcher/training_plan.h): hand-built cases where
// training the obvious worker is wrong, each constraint on its own (seats,
// dates, commute, one course per worker, enrolments, who may train), the
// levels, the advice for one worker, determinism, and plans proven against an
// independent brute force on small random registers: every assignment
// enumerated from the records with the hard rules themselves, never through
// the instance the planner builds. All data here is invented.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "matcher/feasibility.h"
#include "matcher/geo.h"
#include "matcher/id_number.h"
#include "matcher/placement_rules.h"
#include "matcher/training_plan.h"
#include "match_test_util.h"

using namespace leye;
using leye::testing::D;
using leye::testing::ProblemBuilder;

namespace {

constexpr const char* kSew = "6-05-01-03";   // 缝纫工
constexpr const char* kCare = "4-10-01-05";  // 养老护理员
constexpr const char* kCook = "4-03-02-01";  // 中式烹调师

// ProblemBuilder plus courses, proposals and enrolments. Everything sits
// around (27.0, 111.0); workers commute up to 20 km.
struct TB {
  ProblemBuilder b;
  std::vector<Training> trainings;
  std::vector<Proposal> proposals;
  std::vector<ActiveEnrolment> enrolments;

  Training& T(const std::string& id, const char* code, int level = 1, int seats = 1, const char* start = "2026-12-20",
              double lat = 27.0, double lng = 111.0) {
    Training t;
    t.id = id;
    t.provider = "职业技能培训中心";
    t.title = "培训班" + id;
    t.teaches = {{code, level}};
    t.seats = seats;
    t.region = "430523";
    t.location = {lat, lng};
    t.start_date = D(start);
    t.end_date = Date{t.start_date.days + 20};
    trainings.push_back(t);
    return trainings.back();
  }
  // A steady posting needing `code` at `level` (nullptr: no skill needed).
  Posting& P(const std::string& id, const char* code, int slots = 1, const std::string& employer = "E1") {
    Posting& p = b.P(id, employer, slots, code ? code : "6-05-01-01");
    if (code) p.required_skills = {{code, 1}};
    return p;
  }
  void Propose(const std::string& worker, const std::string& posting, bool steady = true) {
    leye::Proposal pr;
    pr.worker = worker;
    pr.posting = posting;
    pr.steady = steady;
    proposals.push_back(pr);
  }
  TrainingProblem Problem() const {
    TrainingProblem tp;
    tp.households = b.p.households;
    tp.workers = b.p.workers;
    tp.employers = b.p.employers;
    tp.postings = b.p.postings;
    tp.trainings = trainings;
    tp.placements = b.p.placements;
    tp.proposals = proposals;
    tp.declines = b.p.declines;
    tp.enrolments = enrolments;
    tp.date = b.p.date;
    tp.policy = b.p.policy;
    return tp;
  }
};

TrainingPlan Plan(const TrainingProblem& tp, const TrainingOptions& o = {}) {
  Result<TrainingPlan> r = PlanTraining(tp, o);
  REQUIRE(r.ok());
  return *r;
}

const TrainingAssignment* Of(const TrainingPlan& plan, const std::string& worker) {
  for (const TrainingAssignment& a : plan.assignments)
    if (a.worker == worker) return &a;
  return nullptr;
}

TrainingTotals Tot(int64_t a, int64_t b, int64_t c) { return TrainingTotals{a, b, c}; }

// ---------------------------------------------------------------------------
// Brute force, from the records alone.

struct Brute {
  std::vector<std::string> trainees;
  // Per trainee: its choices (course index, posting index).
  std::vector<std::vector<std::pair<int, int>>> choices;
  std::vector<int> level;  // per trainee: its household's level (0, 1, 2)
  std::vector<int> group;  // per trainee: its household's index
  std::vector<int> seats, slots;
  std::vector<std::string> course_id, posting_id;
  std::set<TrainingTotals> reachable;  // the totals of every plan
  TrainingTotals best;
};

// Enumerates at most `max_leaves` assignments (the product of the trainees'
// choice counts); a larger instance leaves `reachable` empty.
Brute RunBrute(const TrainingProblem& tp, double max_leaves = 2e6) {
  Brute br;
  const Date d = tp.date;
  std::set<std::string> busy;
  for (const Placement& pl : tp.placements)
    if (IsActiveOn(pl, d)) busy.insert(pl.worker);
  std::map<std::string, const Posting*> posting;
  for (const Posting& p : tp.postings) posting[p.id] = &p;
  std::map<std::string, const Employer*> employer;
  for (const Employer& e : tp.employers) employer[e.id] = &e;
  std::map<std::string, const Household*> household;
  for (const Household& h : tp.households) household[h.id] = &h;
  // Live proposals: worker not in an active placement.
  std::map<std::string, int> taken;
  std::set<std::string> proposed;
  std::map<std::string, bool> steady_proposal;  // household -> has one
  std::map<std::string, const Worker*> worker;
  for (const Worker& w : tp.workers) worker[w.id] = &w;
  for (const Placement& pl : tp.placements)
    if (IsActiveOn(pl, d) && pl.posting) ++taken[*pl.posting];
  for (const Proposal& pr : tp.proposals) {
    if (busy.count(pr.worker)) continue;
    ++taken[pr.posting];
    proposed.insert(pr.worker);
    if (worker.count(pr.worker) && posting.count(pr.posting) && IsSteadyPosting(*posting[pr.posting], tp.policy))
      steady_proposal[worker[pr.worker]->household] = true;
  }
  std::map<std::string, int> free;
  for (const Posting& p : tp.postings) free[p.id] = p.slots - taken[p.id];
  std::set<std::string> declined;
  for (const Decline& x : tp.declines) declined.insert(x.worker + "/" + x.posting);
  auto feasible = [&](const Worker& w, const Posting& p) {
    const Household& h = *household[w.household];
    const PairView v{w, h, AgeOn(IdNumberBirthDate(w.id_number), d), busy.count(w.id) > 0 || proposed.count(w.id) > 0,
                     p, *employer[p.employer], free[p.id], declined.count(w.id + "/" + p.id) > 0};
    return IsSteadyPosting(p, tp.policy) && FirstBrokenRule(v) == HardRule::kNone;
  };
  // Households: placements by member, coverable members.
  std::map<std::string, std::vector<const Placement*>> by_household;
  for (const Placement& pl : tp.placements)
    if (worker.count(pl.worker)) by_household[worker[pl.worker]->household].push_back(&pl);
  std::set<std::string> coverable, eligible;
  std::set<std::string> enrolled;
  for (const ActiveEnrolment& e : tp.enrolments) enrolled.insert(e.worker);
  std::vector<const Worker*> maybe;
  for (const Worker& w : tp.workers) {
    const bool able = w.labor_ability != LaborAbility::kNone;
    if (able && (w.willingness.wants_work || busy.count(w.id) || proposed.count(w.id))) eligible.insert(w.household);
    if (!Rule1AbleAndWilling(w) || busy.count(w.id) || proposed.count(w.id)) continue;
    bool has = false;
    for (const Posting& p : tp.postings) has = has || feasible(w, p);
    if (has) coverable.insert(w.household);
    else if (!enrolled.count(w.id)) maybe.push_back(&w);
  }
  // Courses.
  std::map<std::string, int> enrolled_in;
  for (const ActiveEnrolment& e : tp.enrolments) ++enrolled_in[e.training];
  std::vector<const Training*> courses;
  for (const Training& t : tp.trainings)
    if (t.start_date > d && t.seats - enrolled_in[t.id] > 0) {
      courses.push_back(&t);
      br.course_id.push_back(t.id);
      br.seats.push_back(t.seats - enrolled_in[t.id]);
    }
  for (const Posting& p : tp.postings) {
    br.posting_id.push_back(p.id);
    br.slots.push_back(std::max(0, free[p.id]));
  }
  std::map<std::string, int> group_of;
  for (const Worker* w : maybe) {
    std::vector<std::pair<int, int>> ch;
    for (size_t c = 0; c < courses.size(); ++c) {
      if (GreatCircleKm(w->location, courses[c]->location) > w->willingness.max_commute_km) continue;
      Worker with = *w;
      for (const Skill& s : courses[c]->teaches) with.skills.push_back(s);
      for (size_t p = 0; p < tp.postings.size(); ++p)
        if (feasible(with, tp.postings[p])) ch.emplace_back(static_cast<int>(c), static_cast<int>(p));
    }
    if (ch.empty()) continue;
    br.trainees.push_back(w->id);
    br.choices.push_back(ch);
    const Household& h = *household[w->household];
    std::vector<const Placement*> pls = by_household[h.id];
    const bool steady = HouseholdWorkOn(pls, d, tp.policy) == HouseholdWork::kSteady || steady_proposal[h.id];
    int lv = 0;
    if (!steady && !coverable.count(h.id)) {
      if (h.relocated && eligible.count(h.id)) lv = 1;
      else if (!h.relocated && h.registered_poor) lv = 2;
    }
    br.level.push_back(lv);
    if (!group_of.count(h.id)) group_of[h.id] = static_cast<int>(group_of.size());
    br.group.push_back(group_of[h.id]);
  }
  // Every plan.
  const size_t n = br.trainees.size();
  double leaves = 1;
  for (const auto& ch : br.choices) leaves *= static_cast<double>(ch.size() + 1);
  if (leaves > max_leaves) return br;
  std::vector<int> seats = br.seats, slots = br.slots, used(group_of.size(), 0);
  TrainingTotals cur;
  auto rec = [&](auto&& self, size_t i) -> void {
    if (i == n) {
      br.reachable.insert(cur);
      return;
    }
    self(self, i + 1);
    for (auto [c, p] : br.choices[i]) {
      if (seats[c] <= 0 || slots[p] <= 0) continue;
      --seats[c], --slots[p];
      const int g = br.group[i];
      const bool first = used[g]++ == 0;
      ++cur.workers_gaining_posting;
      if (first && br.level[i] == 1) ++cur.relocated_households_coverable;
      if (first && br.level[i] == 2) ++cur.poor_households_coverable;
      self(self, i + 1);
      if (first && br.level[i] == 1) --cur.relocated_households_coverable;
      if (first && br.level[i] == 2) --cur.poor_households_coverable;
      --cur.workers_gaining_posting;
      --used[g];
      ++seats[c], ++slots[p];
    }
  };
  rec(rec, 0);
  if (!br.reachable.empty()) br.best = *br.reachable.rbegin();
  return br;
}

// The plan is one of the brute force's plans: each assignment a choice of
// that trainee, seats and slots respected, one course per worker, the totals
// and levels as stated.
void CheckFeasible(const Brute& br, const TrainingPlan& plan) {
  std::map<std::string, int> seats, slots;
  std::set<std::string> workers, groups;
  TrainingTotals t;
  for (const TrainingAssignment& a : plan.assignments) {
    INFO("worker " << a.worker);
    CHECK(workers.insert(a.worker).second);
    auto it = std::find(br.trainees.begin(), br.trainees.end(), a.worker);
    REQUIRE(it != br.trainees.end());
    const size_t i = static_cast<size_t>(it - br.trainees.begin());
    const int c = static_cast<int>(std::find(br.course_id.begin(), br.course_id.end(), a.training) - br.course_id.begin());
    const int p = static_cast<int>(std::find(br.posting_id.begin(), br.posting_id.end(), a.opens_posting) - br.posting_id.begin());
    CHECK(std::find(br.choices[i].begin(), br.choices[i].end(), std::make_pair(c, p)) != br.choices[i].end());
    CHECK(++seats[a.training] <= br.seats[c]);
    CHECK(++slots[a.opens_posting] <= br.slots[p]);
    REQUIRE(!a.postings_opened.empty());
    CHECK(a.postings_opened.front() == a.opens_posting);
    ++t.workers_gaining_posting;
    const bool first = groups.insert(std::to_string(br.group[i])).second;
    if (first && br.level[i] == 1) ++t.relocated_households_coverable;
    if (first && br.level[i] == 2) ++t.poor_households_coverable;
    CHECK(a.level == (first && br.level[i] > 0 ? br.level[i] : 3));
    CHECK(!a.why.empty());
  }
  CHECK(t == plan.totals);
}

// Optimal when exact; otherwise within the bound as training_plan.h states
// it: for each level k, every plan reaching at least the plan's totals above
// k stays at or below the bound at k.
void CheckAgainstBrute(const Brute& br, const TrainingPlan& plan) {
  CheckFeasible(br, plan);
  CHECK(plan.totals <= br.best);
  if (plan.exact) {
    CHECK(plan.totals == br.best);
    CHECK(!plan.upper_bound);
    return;
  }
  REQUIRE(plan.upper_bound);
  const TrainingTotals& u = *plan.upper_bound;
  CHECK(plan.totals.relocated_households_coverable <= u.relocated_households_coverable);
  CHECK(plan.totals.poor_households_coverable <= u.poor_households_coverable);
  CHECK(plan.totals.workers_gaining_posting <= u.workers_gaining_posting);
  for (const TrainingTotals& x : br.reachable) {
    CHECK(x.relocated_households_coverable <= u.relocated_households_coverable);
    if (x.relocated_households_coverable >= plan.totals.relocated_households_coverable)
      CHECK(x.poor_households_coverable <= u.poor_households_coverable);
    if (x.relocated_households_coverable >= plan.totals.relocated_households_coverable &&
        x.poor_households_coverable >= plan.totals.poor_households_coverable)
      CHECK(x.workers_gaining_posting <= u.workers_gaining_posting);
  }
}

// A small random register where seats and slots are scarce.
TrainingProblem RandomTraining(uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  auto chance = [&](int percent) { return pick(100) < percent; };
  const char* skills[] = {kSew, kCare, kCook};
  TB t;
  auto near = [&](double spread) {
    return GeoPoint{27.0 + spread * pick(1000) / 1000.0, 111.0 + spread * pick(1000) / 1000.0};
  };
  const int employers = 1 + pick(3);
  for (int e = 0; e < employers; ++e) {
    Employer& em = t.b.E("E" + std::to_string(e), chance(20) ? EmployerKind::kPublicWelfare : EmployerKind::kWorkshop);
    em.location = near(0.1);
  }
  const int postings = 2 + pick(4);
  std::vector<const char*> wanted;
  for (int p = 0; p < postings; ++p) {
    const char* skill = chance(95) ? skills[pick(3)] : nullptr;
    if (skill) wanted.push_back(skill);
    Posting& q = t.P("P" + std::to_string(p), skill, 1 + pick(2), "E" + std::to_string(pick(employers)));
    if (!q.required_skills.empty()) q.required_skills[0].level = 1 + pick(2);
    if (chance(15)) q.contract_months = 3;  // temporary: never opened
    if (chance(10)) q.open = false;
    if (chance(15)) q.monthly_wage = 1500;
  }
  const int courses = 2 + pick(3);
  for (int c = 0; c < courses; ++c) {
    const GeoPoint at = near(0.1);
    const char* skill = !wanted.empty() && chance(75) ? wanted[pick(static_cast<int>(wanted.size()))] : skills[pick(3)];
    Training& tr = t.T("T" + std::to_string(c), skill, 1 + pick(2), 1 + pick(2),
                       chance(85) ? "2026-12-20" : "2026-12-01", at.lat, at.lng);
    if (chance(35)) tr.teaches.push_back({skills[pick(3)], 1 + pick(2)});
  }
  const int households = 3 + pick(5);
  int n = 0;
  for (int h = 0; h < households; ++h) {
    const std::string hid = "H" + std::to_string(h);
    t.b.H(hid, chance(55), chance(60));
    const int members = 1 + pick(3);
    for (int m = 0; m < members; ++m) {
      const std::string wid = "W" + std::to_string(n++);
      Worker& w = t.b.W(wid, hid);
      w.location = near(0.1);
      w.willingness.max_commute_km = 10 + pick(15);
      w.willingness.wants_work = chance(92);
      w.willingness.min_monthly_wage = chance(80) ? 0 : 2000;
      if (chance(15)) w.skills.push_back({skills[pick(3)], 1 + pick(2)});
      if (chance(10)) t.b.Pl("X" + wid, wid, "2026-06-01", chance(50) ? 0 : 3);
      else if (chance(10)) t.Propose(wid, "P" + std::to_string(pick(postings)), true);
      else if (chance(6)) t.enrolments.push_back({wid, "T" + std::to_string(pick(courses))});
      if (chance(8)) t.b.p.declines.push_back({wid, "P" + std::to_string(pick(postings))});
    }
  }
  // Another worker already holds a slot now and then.
  if (chance(40)) {
    t.b.H("HX", false, false);
    t.b.W("WX", "HX");
    t.b.Pl("XX", "WX", "2026-10-01", 0, "P" + std::to_string(pick(postings)));
  }
  return t.Problem();
}

}  // namespace

TEST_SUITE("training_plan") {
  TEST_CASE("a course opens a skilled posting to an uncovered relocated household") {
    TB t;
    t.b.H("H1", true);
    t.b.W("W1", "H1");
    t.b.E("E1");
    t.P("P1", kSew);
    t.T("T1", kSew);
    const TrainingPlan plan = Plan(t.Problem());
    CHECK(plan.exact);
    CHECK(!plan.upper_bound);
    CHECK(plan.method == "flow");
    CHECK(plan.totals == Tot(1, 0, 1));
    REQUIRE(plan.assignments.size() == 1);
    const TrainingAssignment& a = plan.assignments[0];
    CHECK(a.worker == "W1");
    CHECK(a.household == "H1");
    CHECK(a.training == "T1");
    CHECK(a.opens_posting == "P1");
    CHECK(a.postings_opened == std::vector<std::string>{"P1"});
    CHECK(a.level == 1);
    CHECK(a.why.find("易地扶贫搬迁户 H1") != std::string::npos);
    CHECK(a.why.find("P1") != std::string::npos);
  }

  TEST_CASE("a household already covered by a placement is not worth the seat") {
    TB t;
    t.b.H("H1", true);
    t.b.W("W0", "H1");
    t.b.Pl("X0", "W0", "2026-06-01", 0);  // open-ended: H1 holds steady work
    t.b.W("W1", "H1");
    t.b.H("H2", true);
    t.b.W("W2", "H2");
    t.b.E("E1");
    t.P("P1", kSew, 2);
    t.T("T1", kSew, 1, 1);
    const TrainingPlan plan = Plan(t.Problem());
    CHECK(plan.exact);
    CHECK(plan.totals == Tot(1, 0, 1));
    CHECK(Of(plan, "W1") == nullptr);
    REQUIRE(Of(plan, "W2"));
    CHECK(Of(plan, "W2")->level == 1);
  }

  TEST_CASE("a household covered by the latest run's steady proposal is not worth the seat") {
    TB t;
    t.b.H("H1", true);
    t.b.W("W0", "H1");
    t.b.W("W1", "H1");
    t.b.H("H2", true);
    t.b.W("W2", "H2");
    t.b.E("E1");
    t.P("P0", nullptr);  // W0's proposal
    t.P("P1", kSew, 2);
    t.T("T1", kSew, 1, 1);
    t.Propose("W0", "P0");
    const TrainingPlan plan = Plan(t.Problem());
    CHECK(plan.totals == Tot(1, 0, 1));
    CHECK(Of(plan, "W0") == nullptr);  // matched by the run: not a trainee
    CHECK(Of(plan, "W1") == nullptr);
    REQUIRE(Of(plan, "W2"));
  }

  TEST_CASE("a household with a member who can already take a free job is not worth the seat") {
    TB t;
    t.b.H("H1", true);
    t.b.W("W0", "H1");  // P0 needs no skill and has a free slot: W0 can take it now
    t.b.W("W1", "H1");
    t.b.H("H2", true);
    t.b.W("W2", "H2");
    t.b.E("E1");
    t.P("P0", nullptr, 2);
    t.P("P1", kSew, 2);
    t.T("T1", kSew, 1, 1);
    // W2 can take P0 too; keep P0 out of W2's reach by wage.
    t.b.p.workers.back().willingness.min_monthly_wage = 3000;
    t.b.p.postings[0].monthly_wage = 2500;
    t.b.p.postings[1].monthly_wage = 3000;
    const TrainingPlan plan = Plan(t.Problem());
    CHECK(plan.totals == Tot(1, 0, 1));
    REQUIRE(Of(plan, "W2"));
    CHECK(Of(plan, "W2")->level == 1);
    CHECK(Of(plan, "W0") == nullptr);
    CHECK(Of(plan, "W1") == nullptr);
  }

  TEST_CASE("a job someone else already fills is opened to nobody") {
    TB t;
    t.b.H("H1", true);
    t.b.W("W1", "H1");
    t.b.H("H9");
    t.b.W("W9", "H9");
    t.b.E("E1");
    t.P("P1", kSew);   // filled by W9's placement
    t.P("P2", kCare);  // free
    t.b.Pl("X9", "W9", "2026-06-01", 0, std::string("P1"));
    t.T("T1", kSew);   // the obvious course: opens only the filled P1
    t.T("T2", kCare);
    const TrainingPlan plan = Plan(t.Problem());
    CHECK(plan.exact);
    CHECK(plan.totals == Tot(1, 0, 1));
    REQUIRE(Of(plan, "W1"));
    CHECK(Of(plan, "W1")->training == "T2");
    CHECK(Of(plan, "W1")->opens_posting == "P2");
    CHECK(Of(plan, "W1")->postings_opened == std::vector<std::string>{"P2"});
  }

  TEST_CASE("a job the latest run already gave away is opened to nobody") {
    TB t;
    t.b.H("H1", true);
    t.b.W("W1", "H1");
    t.b.H("H9");
    t.b.W("W9", "H9");
    t.b.p.workers.back().skills = {{kSew, 3}};
    t.b.E("E1");
    t.P("P1", kSew);
    t.P("P2", kCare);
    t.Propose("W9", "P1");  // the run gave P1's only slot to W9
    t.T("T1", kSew);
    t.T("T2", kCare);
    const TrainingPlan plan = Plan(t.Problem());
    CHECK(plan.totals == Tot(1, 0, 1));
    REQUIRE(Of(plan, "W1"));
    CHECK(Of(plan, "W1")->training == "T2");
    CHECK(Of(plan, "W1")->opens_posting == "P2");
    SUBCASE("an accepted proposal already a placement is not counted twice") {
      TB u = t;
      u.b.Pl("X9", "W9", "2026-11-20", 0, std::string("P1"));
      u.b.p.postings[0].slots = 2;  // one slot held by W9's placement, one free
      const TrainingPlan p2 = Plan(u.Problem());
      CHECK(p2.totals == Tot(1, 0, 1));
    }
  }

  TEST_CASE("two trainees competing for one opened slot: each gets a different one") {
    TB t;
    t.b.H("H1", true);
    t.b.W("W1", "H1");
    t.b.H("H2", true);
    t.b.W("W2", "H2");
    t.b.E("E1");
    t.b.E("E2", EmployerKind::kWorkshop, "430523", 27.15, 111.0);  // 16.7 km north
    t.P("P1", kSew, 1, "E1");
    t.P("P2", kCare, 1, "E2");
    t.T("T1", kSew, 1, 2);
    t.T("T2", kCare, 1, 2, "2026-12-20", 27.15, 111.0);
    // W1 lives in the south: only T1 / P1 are within its reach.
    t.b.p.workers[0].location = {26.9, 111.0};
    t.b.p.workers[1].location = {27.07, 111.0};
    const TrainingPlan plan = Plan(t.Problem());
    CHECK(plan.exact);
    CHECK(plan.totals == Tot(2, 0, 2));
    REQUIRE(Of(plan, "W1"));
    REQUIRE(Of(plan, "W2"));
    CHECK(Of(plan, "W1")->opens_posting == "P1");
    CHECK(Of(plan, "W2")->opens_posting == "P2");
    CHECK(Of(plan, "W2")->training == "T2");
  }

  TEST_CASE("seats bind: the trainee who can only use the scarce course gets it") {
    // One seat in T1 (opens P1 and P2); W1 can also use T2 (opens P2), W2
    // only T1. Slots are plenty, so the seat-free flow's plan may not fit
    // and the integer program decides.
    TB t;
    t.b.H("H1", true);
    t.b.W("W1", "H1");
    t.b.H("H2", true);
    t.b.W("W2", "H2");
    t.b.E("E1");
    t.P("P1", kSew, 2);
    t.P("P2", kCare, 2);
    Training& t1 = t.T("T1", kSew, 1, 1);
    t1.teaches.push_back({kCare, 1});
    t.T("T2", kCare, 1, 1, "2026-12-20", 27.1, 111.0);
    t.b.p.workers[0].location = {27.05, 111.0};
    t.b.p.workers[1].location = {26.9, 111.0};  // 11 km from T1, 22 km from T2
    const TrainingPlan plan = Plan(t.Problem());
    CHECK(plan.exact);
    CHECK(plan.totals == Tot(2, 0, 2));
    CHECK(Of(plan, "W2")->training == "T1");
    CHECK(Of(plan, "W1")->training == "T2");
  }

  TEST_CASE("seats, dates and commute are respected") {
    TB t;
    t.b.E("E1");
    t.P("P1", kSew, 10);
    for (int i = 1; i <= 4; ++i) {
      t.b.H("H" + std::to_string(i), true);
      t.b.W("W" + std::to_string(i), "H" + std::to_string(i));
    }
    SUBCASE("seats") {
      t.T("T1", kSew, 1, 2);
      const TrainingPlan plan = Plan(t.Problem());
      CHECK(plan.exact);
      CHECK(plan.totals == Tot(2, 0, 2));
    }
    SUBCASE("a course starting on the date or before is not used") {
      t.T("T0", kSew, 1, 5, "2026-12-01");
      t.T("T1", kSew, 1, 5, "2026-11-01");
      CHECK(Plan(t.Problem()).assignments.empty());
      t.T("T2", kSew, 1, 1, "2026-12-02");
      const TrainingPlan plan = Plan(t.Problem());
      REQUIRE(plan.assignments.size() == 1);
      CHECK(plan.assignments[0].training == "T2");
    }
    SUBCASE("a course beyond the commute radius is not used") {
      t.T("T1", kSew, 1, 5, "2026-12-20", 27.3, 111.0);  // 33 km away
      CHECK(Plan(t.Problem()).assignments.empty());
      t.b.p.workers[0].willingness.max_commute_km = 40;
      const TrainingPlan plan = Plan(t.Problem());
      REQUIRE(plan.assignments.size() == 1);
      CHECK(plan.assignments[0].worker == "W1");
    }
    SUBCASE("enrolments hold seats and their workers are not planned again") {
      t.T("T1", kSew, 1, 2);
      t.enrolments.push_back({"W1", "T1"});
      const TrainingPlan plan = Plan(t.Problem());
      CHECK(plan.totals == Tot(1, 0, 1));
      CHECK(Of(plan, "W1") == nullptr);
    }
  }

  TEST_CASE("one course per worker, one slot per trainee") {
    TB t;
    t.b.H("H1", true);
    t.b.W("W1", "H1");
    t.b.E("E1");
    t.P("P1", kSew, 3);
    t.P("P2", kCare, 3);
    t.T("T1", kSew, 1, 3);
    t.T("T2", kCare, 1, 3);
    const TrainingPlan plan = Plan(t.Problem());
    CHECK(plan.totals == Tot(1, 0, 1));
    REQUIRE(plan.assignments.size() == 1);
  }

  TEST_CASE("only workers able, willing, unplaced and unmatched train") {
    TB t;
    t.b.E("E1");
    t.P("P1", kSew, 10);
    t.P("P0", nullptr, 1);
    t.T("T1", kSew, 1, 10);
    t.b.H("H1", true);
    t.b.W("W1", "H1").labor_ability = LaborAbility::kNone;
    t.b.H("H2", true);
    t.b.W("W2", "H2").willingness.wants_work = false;
    t.b.H("H3", true);
    t.b.W("W3", "H3");
    t.b.Pl("X3", "W3", "2026-11-01", 2);  // temporary work, active
    t.b.H("H4", true);
    t.b.W("W4", "H4");
    t.Propose("W4", "P0");
    t.b.H("H5", true);
    t.b.W("W5", "H5");
    const TrainingPlan plan = Plan(t.Problem());
    REQUIRE(plan.assignments.size() == 1);
    CHECK(plan.assignments[0].worker == "W5");
  }

  TEST_CASE("levels: relocated households first, then registered-poor ones, then workers") {
    TB t;
    t.b.E("E1");
    t.P("P1", kSew, 5);
    t.T("T1", kSew, 1, 1);
    t.b.H("H1", false, false);  // neither: level 3 only
    t.b.W("W1", "H1");
    t.b.H("H2", false, true);   // registered poor
    t.b.W("W2", "H2");
    t.b.H("H3", true, false);   // relocated
    t.b.W("W3", "H3");
    CHECK(Plan(t.Problem()).assignments.at(0).worker == "W3");
    t.trainings[0].seats = 2;
    const TrainingPlan two = Plan(t.Problem());
    CHECK(two.totals == Tot(1, 1, 2));
    CHECK(Of(two, "W2")->level == 2);
    t.trainings[0].seats = 3;
    const TrainingPlan three = Plan(t.Problem());
    CHECK(three.totals == Tot(1, 1, 3));
    CHECK(Of(three, "W1")->level == 3);
    SUBCASE("a second member counts at level 3 only") {
      t.b.W("W4", "H3");
      t.trainings[0].seats = 2;
      const TrainingPlan p = Plan(t.Problem());
      CHECK(p.totals == Tot(1, 1, 2));  // W2 beats W3's housemate
      CHECK(Of(p, "W2"));
    }
  }

  TEST_CASE("a plan left to the greedy repair says so and carries a bound it keeps") {
    // The seat-binding case of above, with the integer program switched off.
    TB t;
    t.b.H("H1", true);
    t.b.W("W1", "H1");
    t.b.H("H2", true);
    t.b.W("W2", "H2");
    t.b.E("E1");
    t.P("P1", kSew, 2);
    t.P("P2", kCare, 2);
    Training& t1 = t.T("T1", kSew, 1, 1);
    t1.teaches.push_back({kCare, 1});
    t.T("T2", kCare, 1, 1, "2026-12-20", 27.1, 111.0);
    t.b.p.workers[0].location = {27.05, 111.0};
    t.b.p.workers[1].location = {26.9, 111.0};
    TrainingOptions o;
    o.max_ilp_columns = 0;
    const TrainingProblem tp = t.Problem();
    const TrainingPlan plan = Plan(tp, o);
    const Brute br = RunBrute(tp);
    REQUIRE(!br.reachable.empty());
    CheckAgainstBrute(br, plan);
    if (!plan.exact) {
      CHECK(plan.method.find("greedy") != std::string::npos);
      CHECK(plan.method.find("bound: flow") != std::string::npos);
    }
  }

  TEST_CASE("plans equal the brute-force optimum on small random registers") {
    int exact = 0, ilp = 0, trainees = 0, inexact = 0, runs = 0;
    for (uint64_t seed = 1; seed <= 400; ++seed) {
      const TrainingProblem tp = RandomTraining(seed);
      const Brute br = RunBrute(tp);
      if (br.reachable.empty()) continue;
      INFO("seed " << seed);
      const TrainingPlan plan = Plan(tp);
      CheckAgainstBrute(br, plan);
      ++runs;
      exact += plan.exact;
      inexact += !plan.exact;
      ilp += plan.stats.components_ilp > 0;
      trainees += static_cast<int>(br.trainees.size());
      CHECK(plan.stats.trainees >= static_cast<int64_t>(br.trainees.size()));
    }
    MESSAGE(runs << " instances: exact " << exact << ", not exact " << inexact << ", with ILP " << ilp
                  << ", trainees " << trainees);
    CHECK(runs > 300);
    CHECK(ilp > 0);  // the integer program was exercised
    CHECK(inexact == 0);
  }

  TEST_CASE("plans without the integer program stay feasible and within their bound") {
    TrainingOptions o;
    o.max_ilp_columns = 0;
    int inexact = 0;
    for (uint64_t seed = 1; seed <= 400; ++seed) {
      const TrainingProblem tp = RandomTraining(seed);
      const Brute br = RunBrute(tp);
      if (br.reachable.empty()) continue;
      INFO("seed " << seed);
      const TrainingPlan plan = Plan(tp, o);
      CheckAgainstBrute(br, plan);
      inexact += !plan.exact;
    }
    MESSAGE("not exact without the ILP: " << inexact);
  }

  TEST_CASE("plans with CBC cut short stay feasible and within their bound") {
    // No iterations: CBC's root LP stops at once, the flow bounds the plan.
    // Few: the LP may finish, branch and bound may not.
    for (int32_t iterations : {0, 5}) {
      TrainingOptions o;
      o.max_lp_iterations = iterations;
      o.max_ilp_nodes = 0;
      for (uint64_t seed = 1; seed <= 200; ++seed) {
        const TrainingProblem tp = RandomTraining(seed);
        const Brute br = RunBrute(tp);
        if (br.reachable.empty()) continue;
        INFO("seed " << seed << ", iterations " << iterations);
        CheckAgainstBrute(br, Plan(tp, o));
      }
    }
  }

  TEST_CASE("the solver prints nothing") {
    // The core does no I/O: CBC's and CLP's messages must stay silent.
    TB t;
    for (int i = 0; i < 6; ++i) {
      t.b.H("H" + std::to_string(i), i % 2 == 0, true);
      t.b.W("W" + std::to_string(i), "H" + std::to_string(i)).location = {26.95 + 0.02 * i, 111.0};
    }
    t.b.E("E1");
    t.P("P1", kSew, 2);
    t.P("P2", kCare, 2);
    t.P("P3", kCook, 2);
    t.T("T1", kSew, 1, 1).teaches.push_back({kCare, 1});
    t.T("T2", kCare, 1, 2, "2026-12-20", 27.1, 111.0).teaches.push_back({kCook, 1});
    t.T("T3", kCook, 1, 1, "2026-12-20", 26.9, 111.0);
    std::fflush(stdout);
    FILE* sink = std::tmpfile();
    REQUIRE(sink);
    const int saved = dup(1);
    dup2(fileno(sink), 1);
    TrainingPlan plan;
    {
      TrainingOptions o;
      o.max_ilp_columns = 1 << 20;
      plan = Plan(t.Problem(), o);
      std::fflush(stdout);
    }
    dup2(saved, 1);
    close(saved);
    const long printed = std::ftell(sink) >= 0 ? (std::fseek(sink, 0, SEEK_END), std::ftell(sink)) : -1;
    std::fclose(sink);
    CHECK(printed == 0);
    CHECK(plan.exact);
    CHECK(plan.stats.components_ilp == 1);  // CBC did run
  }

  TEST_CASE("the same problem in any record order gives the same plan") {
    for (uint64_t seed = 1; seed <= 40; ++seed) {
      TrainingProblem tp = RandomTraining(seed);
      const TrainingPlan a = Plan(tp);
      std::mt19937_64 rng(seed);
      std::shuffle(tp.households.begin(), tp.households.end(), rng);
      std::shuffle(tp.workers.begin(), tp.workers.end(), rng);
      std::shuffle(tp.postings.begin(), tp.postings.end(), rng);
      std::shuffle(tp.trainings.begin(), tp.trainings.end(), rng);
      std::shuffle(tp.employers.begin(), tp.employers.end(), rng);
      const TrainingPlan b = Plan(tp);
      CHECK(a.assignments == b.assignments);
      CHECK(a.totals == b.totals);
      CHECK(a.exact == b.exact);
      CHECK(a.method == b.method);
      TrainingOptions two;
      two.threads = 2;
      CHECK(Plan(tp, two).assignments == a.assignments);
    }
  }

  TEST_CASE("an empty or inconsistent problem") {
    TB t;
    const TrainingPlan empty = Plan(t.Problem());
    CHECK(empty.exact);
    CHECK(empty.assignments.empty());
    CHECK(empty.totals == Tot(0, 0, 0));
    t.T("T1", kSew);
    t.T("T1", kCare);
    const Result<TrainingPlan> dup = PlanTraining(t.Problem());
    REQUIRE(!dup.ok());
    CHECK(dup.status().code() == StatusCode::kInvalidArgument);
    TB u;
    u.b.W("W1", "NOPE");
    CHECK(!PlanTraining(u.Problem()).ok());
  }

  TEST_CASE("the advice for one worker: the course opening the most") {
    TB t;
    t.b.H("H1", true);
    t.b.W("W1", "H1");
    t.b.H("H9");
    t.b.W("W9", "H9");
    t.b.E("E1");
    t.P("P1", kSew);
    t.P("P2", kCare);
    t.P("P3", kCare);
    t.P("P4", kCook);
    t.T("T1", kSew, 1, 5);
    t.T("T2", kCare, 1, 5);
    t.T("T3", kCook, 1, 5, "2026-11-20");  // already started
    const Result<std::optional<CourseAdvice>> r = BestCourseFor(t.Problem(), "W1");
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    const CourseAdvice& a = **r;
    CHECK(a.training == "T2");
    CHECK(a.postings_opened == std::vector<std::string>{"P2", "P3"});
    CHECK(a.distance_km == doctest::Approx(0.0));
    CHECK(a.why.find("2 个尚有空缺的稳定岗位") != std::string::npos);
    SUBCASE("postings taken by others' proposals are not opened") {
      t.Propose("W9", "P2");
      t.Propose("W9", "P3");
      const auto r2 = BestCourseFor(t.Problem(), "W1");
      REQUIRE(r2.ok());
      REQUIRE(r2->has_value());
      CHECK((*r2)->training == "T1");
    }
    SUBCASE("the worker's own proposal does not count against its posting") {
      t.Propose("W1", "P2");
      const auto r2 = BestCourseFor(t.Problem(), "W1");
      REQUIRE(r2->has_value());
      CHECK((*r2)->postings_opened == std::vector<std::string>{"P2", "P3"});
    }
    SUBCASE("nothing for a worker in work, unknown for a stranger") {
      t.b.Pl("X1", "W1", "2026-06-01", 0);
      const auto r2 = BestCourseFor(t.Problem(), "W1");
      REQUIRE(r2.ok());
      CHECK(!r2->has_value());
      const auto r3 = BestCourseFor(t.Problem(), "NOBODY");
      REQUIRE(!r3.ok());
      CHECK(r3.status().code() == StatusCode::kNotFound);
    }
    SUBCASE("nothing when no course opens anything") {
      t.b.p.workers[0].location = {28.0, 112.0};
      const auto r2 = BestCourseFor(t.Problem(), "W1");
      REQUIRE(r2.ok());
      CHECK(!r2->has_value());
    }
  }
}
