// The candidate index against all pairs: it must find exactly the feasible
// postings FirstBrokenRule accepts, cut to the K best by (score, id), and
// find exactly the workers a new posting suits.
#include <doctest/doctest.h>

#include <algorithm>

#include "matcher/candidate_index.h"
#include "matcher/fit_score.h"
#include "matcher/geo.h"
#include "tests/unit/match_test_util.h"

using namespace leye;
using namespace leye::testing;

namespace {

std::vector<Candidate> AllPairs(const IndexedProblem& ip, int32_t w, bool steady) {
  std::vector<Candidate> out;
  for (int32_t p = 0; p < ip.num_postings(); ++p) {
    if (ip.Steady(p) != steady) continue;
    double km = 0;
    if (FirstBrokenRule(ip.Pair(w, p), &km) != HardRule::kNone) continue;
    out.push_back({p, FitPoints(ip.worker(w), ip.posting(p), km, ip.policy())});
  }
  std::sort(out.begin(), out.end(), [&](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : ip.PostingRank(a.posting) < ip.PostingRank(b.posting);
  });
  return out;
}

}  // namespace

TEST_SUITE("candidate_index") {
  TEST_CASE("finds exactly the feasible postings, best first, cut to K") {
    int64_t feasible = 0;
    for (uint64_t seed = 1; seed <= 60; ++seed) {
      auto ip = IndexedProblem::Build(RandomProblem(seed, 25, 30));
      REQUIRE(ip.ok());
      CandidateIndex index(*ip);
      CandidateIndex::Scratch scratch;
      std::vector<Candidate> got;
      for (int32_t w = 0; w < ip->num_workers(); ++w) {
        for (bool steady : {true, false}) {
          const auto want = AllPairs(*ip, w, steady);
          CHECK_FALSE(index.Find(w, steady, 1000, &got, &scratch));
          CHECK(got == want);
          feasible += static_cast<int64_t>(want.size());
          for (int32_t k : {1, 3, 5}) {
            const bool cut = index.Find(w, steady, k, &got, &scratch);
            const std::vector<Candidate> top(want.begin(), want.begin() + std::min<size_t>(k, want.size()));
            CHECK(got == top);
            CHECK(cut == (want.size() > static_cast<size_t>(k)));
          }
        }
      }
    }
    CHECK(feasible > 1000);  // the instances are not trivially empty
  }

  TEST_CASE("far postings: leave_county and leave_province through the region lists") {
    ProblemBuilder b;
    b.H("H");
    b.W("W", "H").willingness.categories = {"6-05"};
    b.E("SameCounty", EmployerKind::kEnterprise, "430523", 35.0, 100.0);
    b.E("OtherCounty", EmployerKind::kEnterprise, "430524", 35.0, 100.0);
    b.E("OtherProvince", EmployerKind::kEnterprise, "440305", 35.0, 100.0);
    b.P("A", "SameCounty");
    b.P("B", "OtherCounty");
    b.P("C", "OtherProvince");
    b.P("D", "OtherCounty", 1, "4-10-01-05");  // not wished
    auto found = [&](bool county, bool province) {
      b.p.workers[0].willingness.leave_county = county;
      b.p.workers[0].willingness.leave_province = province;
      auto ip = IndexedProblem::Build(b.p);
      CandidateIndex index(*ip);
      CandidateIndex::Scratch s;
      std::vector<Candidate> got;
      index.Find(0, true, 50, &got, &s);
      std::string ids;
      for (const Candidate& c : got) ids += ip->posting(c.posting).id;
      std::sort(ids.begin(), ids.end());
      return ids;
    };
    CHECK(found(false, false) == "");
    CHECK(found(true, false) == "B");
    CHECK(found(false, true) == "C");
    CHECK(found(true, true) == "BC");
  }

  TEST_CASE("workers for a new posting, and postings added later are found") {
    for (uint64_t seed = 100; seed < 130; ++seed) {
      MatchProblem p = RandomProblem(seed, 25, 20);
      Posting extra = p.postings.back();
      p.postings.pop_back();
      auto ip = IndexedProblem::Build(p);
      REQUIRE(ip.ok());
      CandidateIndex index(*ip);
      extra.id = "P00new";
      auto q = ip->AddPosting(extra);
      REQUIRE(q.ok());
      index.AddPosting(*q);
      std::vector<Candidate> want;
      for (int32_t w = 0; w < ip->num_workers(); ++w) {
        double km = 0;
        if (FirstBrokenRule(ip->Pair(w, *q), &km) == HardRule::kNone)
          want.push_back({w, FitPoints(ip->worker(w), ip->posting(*q), km, ip->policy())});
      }
      CHECK(index.WorkersFor(*q) == want);
      CandidateIndex::Scratch s;
      std::vector<Candidate> got;
      for (int32_t w = 0; w < ip->num_workers(); ++w) {
        index.Find(w, ip->Steady(*q), 1000, &got, &s);
        CHECK(got == AllPairs(*ip, w, ip->Steady(*q)));
      }
    }
  }

  TEST_CASE("diagnosis: every posting near the worker with the rule it breaks") {
    ProblemBuilder b;
    b.H("H");
    b.W("W", "H").willingness.min_monthly_wage = 5000;
    b.E("E");
    b.P("P1", "E");
    b.P("P2", "E").open = false;
    b.E("Far", EmployerKind::kEnterprise, "430523", 29.0, 113.0);  // beyond 50 km
    b.P("P3", "Far");
    auto ip = IndexedProblem::Build(b.p);
    CandidateIndex index(*ip);
    CandidateIndex::Scratch s;
    const auto d = index.Diagnose(0, false, &s);
    REQUIRE(d.size() == 2);
    CHECK(d[0] == std::pair<int32_t, HardRule>{0, HardRule::kWage});
    CHECK(d[1] == std::pair<int32_t, HardRule>{1, HardRule::kOpenWithFreeSlot});
  }
}
