// Training placement through the API and the command line (issue 5, items 1
// "training", 2 and the `leye train-plan` command).
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/integration/test_server.h"

using namespace leye::testing;

namespace {

std::string SkilledPosting(const std::string& employer, int slots) {
  return R"({"employer":")" + employer + R"(","title":"缝纫工","occupation":"6-05-01-01",)"
         R"("required_skills":[{"code":"6-05-01-01","level":2}],"slots":)" + std::to_string(slots) +
         R"(,"monthly_wage":2800,"hours":"full_time","contract_months":12,"open":true})";
}

std::string Unskilled(const std::string& household, int seq) {
  return R"({"household":")" + household + R"(","name":"赵春花","id_number":")" + FakeIdNumber("430523", "19870303", seq) +
         R"(","labor_ability":"full","hard_to_employ":false,"skills":[],"location":{"lat":27.0,"lng":111.2},)"
         R"("willingness":{"wants_work":true,"categories":["6-05"],"max_commute_km":20,"leave_county":false,)"
         R"("leave_province":false,"hours":["full_time"],"min_monthly_wage":2000,"confirmed_on":"2026-11-01"}})";
}

// H1 (relocated, uncovered) and H2 (registered poor, not relocated) each with
// one unskilled worker; one posting that needs the skill, with ONE slot; one
// course that teaches it. Training both would promise the slot twice: the
// plan trains H1's worker, the relocated household first.
void Load(TestServer& s) {
  REQUIRE(s.Put("/v1/households/H1", HouseholdJson("430523", true, "SITE-A"))->status == 201);
  REQUIRE(s.Put("/v1/households/H2", HouseholdJson("430523", false))->status == 201);
  REQUIRE(s.Put("/v1/workers/W1", Unskilled("H1", 931))->status == 201);
  REQUIRE(s.Put("/v1/workers/W2", Unskilled("H2", 933))->status == 201);
  REQUIRE(s.Put("/v1/employers/E1", EmployerJson())->status == 201);
  REQUIRE(s.Put("/v1/postings/P1", SkilledPosting("E1", 1))->status == 201);
  REQUIRE(s.Put("/v1/trainings/T1", TrainingJson())->status == 201);
}

}  // namespace

TEST_SUITE("api_training") {
  TEST_CASE("a training plan spends the one opened slot on the relocated household first") {
    TestServer s;
    Load(s);
    auto r = s.Post("/v1/training-plans", R"({"region":"430523","date":"2026-12-01"})");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    Json plan(r->body);
    CHECK(plan.root["exact"].get_bool().value());
    CHECK(plan.Int("/totals/relocated_households_coverable") == 1);
    CHECK(plan.Int("/totals/poor_households_coverable") == 0);  // the one slot is promised once
    REQUIRE(plan.Size("/assignments") == 1);
    CHECK(plan.Str("/assignments/0/worker") == "W1");
    CHECK(plan.Str("/assignments/0/training") == "T1");
    CHECK(plan.Str("/assignments/0/opens_posting") == "P1");
    CHECK_FALSE(plan.Str("/assignments/0/why").empty());
  }

  TEST_CASE("a covered household's member is not trained for its first job") {
    TestServer s;
    Load(s);
    REQUIRE(s.Post("/v1/placements", R"({"worker":"W1","kind":"migrant","start_date":"2026-06-01","expected_months":0})")
                ->status == 201);
    Json plan(s.Post("/v1/training-plans", R"({"region":"430523","date":"2026-12-01"})")->body);
    CHECK(plan.Int("/totals/relocated_households_coverable") == 0);
    REQUIRE(plan.Size("/assignments") == 1);
    CHECK(plan.Str("/assignments/0/worker") == "W2");  // the poor household gets it now
  }

  TEST_CASE("the 311 package names the course that opens jobs to the worker") {
    TestServer s;
    Load(s);
    Json pkg(s.Get("/v1/workers/W1/services?date=2026-12-01", kKioskToken)->body);
    CHECK(pkg.Size("/offers") == 0);
    REQUIRE(pkg.root["training"].is_object());
    CHECK(pkg.Str("/training/training") == "T1");
    CHECK(pkg.Str("/training/postings_opened/0") == "P1");
    CHECK_FALSE(pkg.Str("/training/why").empty());
  }

  TEST_CASE("bad plan requests are refused, and only bureaus plan") {
    TestServer s;
    auto r = s.Post("/v1/training-plans", R"({"region":"4x","when":1})");
    REQUIRE(r->status == 422);
    CHECK(Json(r->body).Str("/errors/0/pointer") == "/region");
    CHECK(s.Post("/v1/training-plans", R"({"region":"430523"})", kMonitorToken)->status == 403);
    CHECK(s.Post("/v1/training-plans", R"({"region":"430523"})", kOtherBureauToken)->status == 403);
  }
}

TEST_SUITE("cli_train_plan") {
  TEST_CASE("leye train-plan plans from files and prints the plan") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("leye-plan-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const std::string leye = std::string(LEYE_BINARY_DIR) + "/leye";
    REQUIRE(std::system((leye + " generate --scale demo --seed 9 --out " + dir.string() + " 2>/dev/null").c_str()) == 0);
    const std::string out = (dir / "plan.json").string();
    const int rc = std::system((leye + " train-plan --input " + dir.string() + " --date 2026-12-01 > " + out +
                                " 2>/dev/null").c_str());
    REQUIRE(WIFEXITED(rc));
    REQUIRE(WEXITSTATUS(rc) == 0);
    std::ifstream in(out);
    Json plan(std::string((std::istreambuf_iterator<char>(in)), {}));
    CHECK(plan.Has("/totals/relocated_households_coverable"));
    CHECK(plan.Has("/exact"));
    fs::remove_all(dir);
  }
}
