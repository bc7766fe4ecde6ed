// Hand-built cases for the solver: each level of the objective outranks the
// ones below it, households count once, greedy ranking loses to the optimum;
// then the matcher's policy around it (who counts for which level, phase 2,
// placements kept, slots reduced, reasons, determinism).
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "matcher/matcher.h"
#include "tests/unit/match_test_util.h"
#include "tests/unit/solver_test_net.h"

using namespace leye;
using namespace leye::testing;

namespace {

using HP = HouseholdPriority;

LexCost L(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e) {
  LexCost x;
  x.v[0] = a;
  x.v[1] = b;
  x.v[2] = c;
  x.v[3] = d;
  x.v[4] = e;
  return x;
}

std::vector<int32_t> Assignment(const LexicographicSolver& s) {
  std::vector<int32_t> of(s.num_workers());
  for (int32_t w = 0; w < s.num_workers(); ++w) of[w] = s.AssignedPosting(w);
  return of;
}

// Solves, proves optimality by the certificate and by brute force, returns
// the assignment.
std::vector<int32_t> SolveAndProve(const Net& n) {
  LexicographicSolver s;
  REQUIRE(n.Solve(&s) == LexicographicSolver::Outcome::kOptimal);
  CHECK(s.CheckOptimality() == "");
  const auto of = Assignment(s);
  CHECK(n.Feasible(of));
  CHECK(n.LevelsOf(of) == s.Levels());
  CHECK(s.Levels() == n.BruteForce());
  return of;
}

// Greedy ranking: every (worker, posting) pair by score, best first, taken
// while both are free. What a job board does.
std::vector<int32_t> Greedy(const Net& n) {
  struct E {
    int32_t score, w, p;
  };
  std::vector<E> es;
  for (int32_t w = 0; w < static_cast<int32_t>(n.arcs.size()); ++w)
    for (const SolverArc& a : n.arcs[w]) es.push_back({a.score, w, a.posting});
  std::stable_sort(es.begin(), es.end(), [](const E& a, const E& b) { return a.score > b.score; });
  std::vector<int32_t> of(n.arcs.size(), -1), used(n.cap.size(), 0);
  for (const E& e : es)
    if (of[e.w] < 0 && used[e.p] < n.cap[e.p]) {
      of[e.w] = e.p;
      ++used[e.p];
    }
  return of;
}

}  // namespace

TEST_SUITE("solver") {
  TEST_CASE("greedy ranking covers fewer households than the optimum") {
    // Relocated households A (worker a) and B (worker b); postings P0, P1.
    // a fits P0 best, b fits only P0: greedy gives P0 to a, and B stays
    // uncovered; the optimum sends a to P1 and covers both.
    Net n{{1, 1}, {HP::kRelocated, HP::kRelocated}, {0, 1}, {{{0, 900}, {1, 300}}, {{0, 500}}}};
    const auto greedy = Greedy(n);
    CHECK(n.LevelsOf(greedy).v[0] == 1);
    const auto of = SolveAndProve(n);
    CHECK(n.LevelsOf(of).v[0] == 2);
    CHECK(of == std::vector<int32_t>{1, 0});
  }

  TEST_CASE("level 1 counts households, not workers") {
    // Household A has two strong workers, B one weak one; a 2-slot posting.
    // Placing both of A's scores more but covers one household.
    Net n{{2}, {HP::kRelocated, HP::kRelocated}, {0, 0, 1}, {{{0, 1000}}, {{0, 1000}}, {{0, 0}}}};
    CHECK(n.LevelsOf(Greedy(n)).v[0] == 1);
    const auto of = SolveAndProve(n);
    CHECK(n.LevelsOf(of) == L(2, 0, 0, 2, 1000));
  }

  TEST_CASE("level 1 outranks level 2, level 2 outranks the rest") {
    Net n{{1}, {HP::kPoor, HP::kRelocated}, {0, 1}, {{{0, 1000, true}}, {{0, 0}}}};
    CHECK(SolveAndProve(n) == std::vector<int32_t>{-1, 0});
    Net m{{1}, {HP::kNone, HP::kPoor}, {0, 1}, {{{0, 1000, true}}, {{0, 0}}}};
    CHECK(SolveAndProve(m) == std::vector<int32_t>{-1, 0});
  }

  TEST_CASE("level 2 outranks level 3 and more workers placed") {
    // Poor household Q's worker q can only take P0; two others (no priority)
    // could fill P0 and P1 with a public-welfare gain if q stayed out.
    Net n{{1, 1}, {HP::kPoor, HP::kNone}, {0, 1, 1}, {{{0, 0}}, {{0, 900, true}, {1, 0}}, {{0, 900, true}}}};
    const auto of = SolveAndProve(n);
    CHECK(of[0] == 0);
    CHECK(n.LevelsOf(of) == L(0, 1, 0, 2, 0));
  }

  TEST_CASE("level 3 outranks level 4") {
    // h (hard to employ) fits the public-welfare post X or Y; a fits X only.
    // h in X places one worker with level 3 = 1; h in Y and a in X would place two.
    Net n{{1, 1}, {HP::kNone, HP::kNone}, {0, 1}, {{{0, 100, true}, {1, 100}}, {{0, 100}}}};
    const auto of = SolveAndProve(n);
    CHECK(n.LevelsOf(of) == L(0, 0, 1, 1, 100));
  }

  TEST_CASE("level 4 outranks level 5") {
    Net n{{1, 1}, {HP::kNone}, {0, 0}, {{{0, 1000}, {1, 0}}, {{0, 10}}}};
    CHECK(n.LevelsOf(Greedy(n)) == L(0, 0, 0, 1, 1000));
    CHECK(SolveAndProve(n) == std::vector<int32_t>{1, 0});
  }

  TEST_CASE("level 5: the best total fit") {
    Net n{{1, 1}, {HP::kNone, HP::kNone}, {0, 1}, {{{0, 600}, {1, 500}}, {{0, 590}, {1, 10}}}};
    CHECK(SolveAndProve(n) == std::vector<int32_t>{1, 0});  // 1090 beats 610
  }

  TEST_CASE("a household's further members still count for levels 3-5") {
    Net n{{3}, {HP::kRelocated}, {0, 0, 0}, {{{0, 10}}, {{0, 20, true}}, {{0, 30}}}};
    CHECK(n.LevelsOf(SolveAndProve(n)) == L(1, 0, 1, 3, 60));
  }

  TEST_CASE("scores outside 0..1000 are solved exactly on vectors, not packed") {
    // Two workers of two households want one slot; the higher score wins.
    Net n{{1}, {HP::kNone, HP::kNone}, {0, 1}, {{{0, 5000}}, {{0, 70000}}}};
    LexicographicSolver s;
    REQUIRE(n.Solve(&s) == LexicographicSolver::Outcome::kOptimal);
    CHECK(s.counters().pivots == 0);  // the simplex's packed digits are sized for 0..1000
    CHECK(Assignment(s) == std::vector<int32_t>{-1, 0});
    CHECK(s.Levels() == L(0, 0, 0, 1, 70000));
    CHECK(s.CheckOptimality() == "");
  }

  TEST_CASE("empty inputs and zero capacities") {
    Net empty{{}, {}, {}, {}};
    LexicographicSolver s;
    CHECK(empty.Solve(&s) == LexicographicSolver::Outcome::kOptimal);
    CHECK(s.Levels() == LexCost{});
    CHECK(s.CheckOptimality() == "");
    Net none{{0}, {HP::kRelocated}, {0}, {{{0, 100}}}};
    CHECK(SolveAndProve(none) == std::vector<int32_t>{-1});
  }

  TEST_CASE("inconsistent inputs are refused") {
    LexicographicSolver s;
    Net bad_posting{{1}, {HP::kNone}, {0}, {{{3, 100}}}};
    CHECK(bad_posting.Solve(&s) == LexicographicSolver::Outcome::kInvalidInput);
    Net bad_group{{1}, {HP::kNone}, {2}, {{{0, 100}}}};
    CHECK(bad_group.Solve(&s) == LexicographicSolver::Outcome::kInvalidInput);
    Net bad_cap{{-1}, {HP::kNone}, {0}, {{{0, 100}}}};
    CHECK(bad_cap.Solve(&s) == LexicographicSolver::Outcome::kInvalidInput);
  }

  TEST_CASE("incremental: a new posting, a lost arc, a new arc, levels as a fresh solve") {
    Net n{{1}, {HP::kRelocated, HP::kRelocated, HP::kNone}, {0, 1, 2},
          {{{0, 900}}, {{0, 500}}, {{0, 100}}}};
    LexicographicSolver s;
    REQUIRE(n.Solve(&s) == LexicographicSolver::Outcome::kOptimal);
    CHECK(s.Levels() == L(1, 0, 0, 1, 900));
    // A new 1-slot posting both b and c fit.
    LexicographicSolver::Update u;
    u.new_posting_capacity = {1};
    n.cap.push_back(1);
    n.arcs[1].push_back({1, 50});
    n.arcs[2].push_back({1, 800});
    u.worker_arcs = {{1, n.arcs[1]}, {2, n.arcs[2]}};
    REQUIRE(s.Apply(u) == LexicographicSolver::Outcome::kOptimal);
    CHECK(s.CheckOptimality() == "");
    CHECK(s.Levels() == n.BruteForce());
    CHECK(s.Levels() == L(2, 0, 0, 2, 950));
    // a declines P0 (loses the arc it is placed through).
    n.arcs[0].clear();
    REQUIRE(s.Apply({{}, {{0, {}}}}) == LexicographicSolver::Outcome::kOptimal);
    CHECK(s.CheckOptimality() == "");
    CHECK(s.Levels() == n.BruteForce());
    // c's arc to P0 gets a better score.
    n.arcs[2][0].score = 1000;
    REQUIRE(s.Apply({{}, {{2, n.arcs[2]}}}) == LexicographicSolver::Outcome::kOptimal);
    CHECK(s.CheckOptimality() == "");
    CHECK(s.Levels() == n.BruteForce());
  }
}

namespace {

// A county of three relocated or poor households around one workshop.
ProblemBuilder Village() {
  ProblemBuilder b;
  b.E("WS", EmployerKind::kWorkshop);
  b.E("PW", EmployerKind::kPublicWelfare);
  return b;
}

Matcher::Outcome RunMatcher(Matcher* m, const MatchProblem& p) {
  m->SetProblem(p);
  const auto out = m->Run();
  if (out == Matcher::Outcome::kOptimal) CHECK(m->CheckOptimality() == "");
  return out;
}

}  // namespace

TEST_SUITE("matcher") {
  TEST_CASE("who counts for levels 1 and 2: steady work on the date decides") {
    ProblemBuilder b = Village();
    b.P("P1", "WS");
    b.H("R", true);  // relocated, but a member holds steady work: no level 1 gain
    b.W("r0", "R").willingness.wants_work = false;
    b.Pl("x", "r0", "2026-01-01", 0);
    b.W("r1", "R");
    b.H("Q", false, true);  // poor, not relocated, no work: level 2
    b.W("q", "Q");
    Matcher m;
    REQUIRE(RunMatcher(&m, b.p) == Matcher::Outcome::kOptimal);
    CHECK(m.levels().poor_households_first_job == 1);
    CHECK(m.levels().relocated_households_covered == 0);
    REQUIRE(m.ProposalFor("q"));
    CHECK_FALSE(m.ProposalFor("r1"));

    // The same household at risk (its steady placement ends within 30 days) counts again.
    b.p.placements[0].end_date = D("2026-12-20");
    Matcher m2;
    REQUIRE(RunMatcher(&m2, b.p) == Matcher::Outcome::kOptimal);
    CHECK(m2.levels().relocated_households_covered == 1);
    CHECK(m2.ProposalFor("r1"));
  }

  TEST_CASE("level 3: a hard-to-employ worker of a poor household in a public-welfare post") {
    ProblemBuilder b = Village();
    b.P("PW1", "PW");
    b.H("A", false, true);
    b.W("a", "A").hard_to_employ = true;
    b.W("a2", "A");  // better fit: skills
    b.p.workers.back().skills = {{"6-05-01-01", 5}};
    Matcher m;
    REQUIRE(RunMatcher(&m, b.p) == Matcher::Outcome::kOptimal);
    CHECK(m.levels().hard_to_employ_in_public_welfare == 1);
    CHECK(m.ProposalFor("a")->posting == "PW1");
  }

  TEST_CASE("phase 2: workers left go to temporary postings, which never cover a household") {
    ProblemBuilder b = Village();
    b.P("S", "WS");                       // steady
    b.P("T", "WS").contract_months = 3;  // temporary
    b.H("A", true);
    b.W("a", "A");
    b.H("B", true);
    b.W("b", "B");
    Matcher m;
    REQUIRE(RunMatcher(&m, b.p) == Matcher::Outcome::kOptimal);
    const Levels l = m.levels();
    CHECK(l.relocated_households_covered == 1);
    CHECK(l.workers_placed == 1);
    CHECK(l.temporary_placed == 1);
    const MatchResult& r = m.result();
    REQUIRE(r.proposals.size() == 2);
    CHECK(r.proposals[0].steady != r.proposals[1].steady);  // a and b tie: either takes S
    const Proposal& temp = r.proposals[0].steady ? r.proposals[1] : r.proposals[0];
    CHECK(temp.posting == "T");
    REQUIRE(r.uncovered_households.size() == 1);
    CHECK(r.uncovered_households[0].household == temp.household);
    CHECK(r.uncovered_households[0].temporary_proposal);
    CHECK(r.uncovered_households[0].reason == UncoveredReason::kPostingsTaken);
    CHECK(r.unplaced_workers.empty());
  }

  TEST_CASE("workers in an active placement keep it, active placements use up slots") {
    ProblemBuilder b = Village();
    b.P("P", "WS", 2);
    b.H("A", true);
    b.W("a", "A");
    b.H("B", true);
    b.W("b", "B");
    b.H("C", true);
    b.W("c", "C");
    b.Pl("x", "a", "2026-10-01", 12, "P");  // a works at P: one slot left
    Matcher m;
    REQUIRE(RunMatcher(&m, b.p) == Matcher::Outcome::kOptimal);
    CHECK_FALSE(m.ProposalFor("a"));
    CHECK(m.levels().workers_placed == 1);
    CHECK(m.levels().relocated_households_covered == 1);  // A holds steady work already
  }

  TEST_CASE("reasons: no feasible posting (most common rule, with an example), postings taken") {
    ProblemBuilder b = Village();
    b.P("P1", "WS").required_skills = {{"6-05-01", 2}};
    b.P("P2", "WS").required_skills = {{"6-05-01", 2}};
    b.P("P3", "WS").monthly_wage = 1000;
    b.H("A", true);
    b.W("a", "A").willingness.min_monthly_wage = 2000;  // no skill; P3 pays too little
    b.H("B", true);
    for (const char* id : {"b1", "b2", "b3"}) {
      b.W(id, "B").skills = {{"6-05-01-01", 3}};
      b.p.workers.back().willingness.min_monthly_wage = 2000;
    }
    Matcher m;
    REQUIRE(RunMatcher(&m, b.p) == Matcher::Outcome::kOptimal);
    const MatchResult& r = m.result();
    REQUIRE(r.unplaced_workers.size() == 2);
    const UnplacedWorker& a = r.unplaced_workers[0];
    CHECK(a.worker == "a");
    CHECK(a.reason == UnplacedReason::kNoFeasiblePosting);
    REQUIRE(a.blocker);
    CHECK(a.blocker->rule == HardRule::kSkills);
    CHECK(a.blocker->postings == 2);
    CHECK(a.blocker->example_posting == "P1");
    CHECK(a.text.find("需要技能 6-05-01（") != std::string::npos);
    CHECK(a.text.find("2 级），未具备") != std::string::npos);
    const UnplacedWorker& b3 = r.unplaced_workers[1];
    CHECK(b3.household == "B");
    CHECK(b3.reason == UnplacedReason::kPostingsTaken);
    CHECK(b3.taken_postings.size() == 2);
    REQUIRE(r.uncovered_households.size() == 1);
    CHECK(r.uncovered_households[0].household == "A");
    CHECK(r.uncovered_households[0].reason == UncoveredReason::kNoFeasiblePosting);
    CHECK(r.uncovered_households[0].blocker->rule == HardRule::kSkills);
  }

  TEST_CASE("an eligible household with nobody to match") {
    ProblemBuilder b = Village();
    b.P("P", "WS");
    b.H("A", true);
    b.W("a", "A");
    b.Pl("x", "a", "2026-10-01", 2);  // temporary work: eligible, not covered, not matchable
    Matcher m;
    REQUIRE(RunMatcher(&m, b.p) == Matcher::Outcome::kOptimal);
    const MatchResult& r = m.result();
    REQUIRE(r.uncovered_households.size() == 1);
    CHECK(r.uncovered_households[0].reason == UncoveredReason::kNoAvailableMember);
    CHECK(r.unplaced_workers.empty());
  }

  TEST_CASE("proposals carry the factors, their score is the fit score") {
    ProblemBuilder b = Village();
    b.P("P", "WS").monthly_wage = 2600;
    b.H("A", true);
    b.W("a", "A", 27.0, 111.0).willingness.min_monthly_wage = 2200;
    b.p.employers[0].location = {27.0378, 111.0};  // about 4.2 km north
    Matcher m;
    REQUIRE(RunMatcher(&m, b.p) == Matcher::Outcome::kOptimal);
    const auto p = m.ProposalFor("a");
    REQUIRE(p);
    CHECK(p->factors.size() == 4);
    CHECK(p->factors[2].text == "离家 4.2 公里");
    CHECK(p->factors[3].text == "月薪 2600 元，高于期望 400 元");
    int sum = 0;
    for (const auto& f : p->factors) sum += f.points;
    CHECK(sum == p->score);
    CHECK(m.levels().total_score == p->score);
  }

  TEST_CASE("same input in any order, same result, invalid input refused") {
    ProblemBuilder b = Village();
    std::mt19937_64 rng(3);
    for (int i = 0; i < 6; ++i) b.P("P" + std::to_string(i), i % 2 ? "WS" : "PW", 1 + i % 3);
    for (int i = 0; i < 20; ++i) {
      const std::string h = "H" + std::to_string(i);
      b.H(h, i % 3 == 0, i % 2 == 0);
      b.W("W" + std::to_string(i), h, 27.0 + static_cast<double>(rng() % 100) / 1000, 111.0);
      b.W("V" + std::to_string(i), h, 27.0, 111.0 + static_cast<double>(rng() % 100) / 1000);
    }
    Matcher m1, m2;
    REQUIRE(RunMatcher(&m1, b.p) == Matcher::Outcome::kOptimal);
    MatchProblem shuffled = b.p;
    std::shuffle(shuffled.workers.begin(), shuffled.workers.end(), rng);
    std::shuffle(shuffled.households.begin(), shuffled.households.end(), rng);
    std::shuffle(shuffled.postings.begin(), shuffled.postings.end(), rng);
    REQUIRE(RunMatcher(&m2, shuffled) == Matcher::Outcome::kOptimal);
    CHECK(m1.result() == m2.result());
    CHECK(m1.result().proposals.size() > 0);

    b.p.workers[0].household = "nobody";
    Matcher bad;
    CHECK(RunMatcher(&bad, b.p) == Matcher::Outcome::kInvalidInput);
    CHECK(bad.error().errors().size() == 1);
  }

  TEST_CASE("progress reaches the end of every stage") {
    std::vector<std::pair<std::string, double>> seen;
    Matcher m;
    m.SetProblem(RandomProblem(5, 30, 12)).SetProgress([&](std::string_view stage, double done) {
      seen.emplace_back(std::string(stage), done);
    });
    REQUIRE(m.Run() == Matcher::Outcome::kOptimal);
    for (const char* stage : {"candidates", "steady", "temporary"}) {
      double last = -1;
      for (const auto& [s, d] : seen)
        if (s == stage) {
          CHECK(d >= last);
          last = d;
        }
      CHECK(last >= (std::string(stage) == "candidates" ? 0.0 : 1.0));
    }
  }

  TEST_CASE("an empty problem solves to zero levels") {
    Matcher m;
    REQUIRE(RunMatcher(&m, MatchProblem{}) == Matcher::Outcome::kOptimal);
    CHECK(m.levels() == Levels{});
    CHECK(m.result().proposals.empty());
  }
}
