// The "311" package, the delivery ledger, kiosk lookup and course
// enrolments through the API (issue 5, items 1 and 3).
#include <atomic>
#include <thread>

#include "tests/integration/test_server.h"

using namespace leye::testing;

namespace {

std::string Posting(const std::string& employer, int slots, const std::string& skill_code, int level, int wage,
                    int contract_months = 12) {
  std::string skills = skill_code.empty() ? "[]"
                                          : R"([{"code":")" + skill_code + R"(","level":)" + std::to_string(level) + "}]";
  return R"({"employer":")" + employer + R"(","title":"岗位","occupation":"6-05-01-01","required_skills":)" + skills +
         R"(,"slots":)" + std::to_string(slots) + R"(,"monthly_wage":)" + std::to_string(wage) +
         R"(,"hours":"full_time","contract_months":)" + std::to_string(contract_months) + R"(,"open":true})";
}

// A worker with no skills, 15 km commute, wage floor 2000, wanting 6-05.
std::string PlainWorker(const std::string& household, int seq) {
  return R"({"household":")" + household + R"(","name":"王小梅","id_number":")" +
         FakeIdNumber("430523", "19900101", seq) +
         R"(","labor_ability":"full","hard_to_employ":false,"skills":[],"location":{"lat":27.0,"lng":111.2},)"
         R"("willingness":{"wants_work":true,"categories":["6-05"],"max_commute_km":15,"leave_county":false,)"
         R"("leave_province":false,"hours":["full_time"],"min_monthly_wage":2000,"confirmed_on":"2026-10-01"}})";
}

void Base(TestServer& s) {
  REQUIRE(s.Put("/v1/employers/E1", EmployerJson())->status == 201);
  REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
  REQUIRE(s.Put("/v1/households/H2", HouseholdJson())->status == 201);
  REQUIRE(s.Put("/v1/workers/W1", PlainWorker("H1", 901))->status == 201);
  REQUIRE(s.Put("/v1/workers/W2", PlainWorker("H2", 903))->status == 201);
}

}  // namespace

TEST_SUITE("api_services") {
  TEST_CASE("offers are feasible, free after the run, current proposal first, with reasons in words") {
    TestServer s;
    Base(s);
    REQUIRE(s.Put("/v1/postings/P-OK1", Posting("E1", 1, "", 0, 2600))->status == 201);
    REQUIRE(s.Put("/v1/postings/P-OK2", Posting("E1", 1, "", 0, 2400))->status == 201);
    REQUIRE(s.Put("/v1/postings/P-SKILL", Posting("E1", 5, "6-05-01-01", 3, 3000))->status == 201);  // needs a skill
    REQUIRE(s.Put("/v1/postings/P-LOW", Posting("E1", 5, "", 0, 1500))->status == 201);              // under the floor
    // Before any run: both open postings, best fit first; never the infeasible ones.
    Json before(s.Get("/v1/workers/W1/services?date=2026-12-01")->body);
    REQUIRE(before.Size("/offers") == 2);
    CHECK(before.Str("/offers/0/posting") == "P-OK1");
    CHECK(before.Str("/offers/1/posting") == "P-OK2");
    CHECK(before.Size("/offers/0/reasons") == 4);
    CHECK(before.Str("/offers/0/reasons/3").find("月薪 2600 元") != std::string::npos);
    CHECK(before.root["offers"].at(0)["current_proposal"].get_bool().value() == false);
    // A run gives one posting to each household: each worker's own proposal
    // comes first, and the slot the run gave the other is never offered.
    Json run(s.Post("/v1/match-runs", R"({"region":"430523","date":"2026-12-01"})")->body);
    REQUIRE(run.Int("/proposals") == 2);
    for (const char* w : {"W1", "W2"}) {
      Json pkg(s.Get(std::string("/v1/workers/") + w + "/services?date=2026-12-01")->body);
      REQUIRE(pkg.Size("/offers") == 1);
      CHECK(pkg.root["offers"].at(0)["current_proposal"].get_bool().value());
      CHECK(pkg.Str("/offers/0/proposal").rfind(run.Str("/id"), 0) == 0);
    }
  }

  TEST_CASE("guidance names the missing skill and the course, the wage floor, the commute and old wishes") {
    TestServer s;
    Base(s);
    REQUIRE(s.Put("/v1/postings/P-SKILL", Posting("E1", 5, "6-05-01-01", 2, 3000))->status == 201);
    REQUIRE(s.Put("/v1/postings/P-LOW1", Posting("E1", 5, "", 0, 1600))->status == 201);
    REQUIRE(s.Put("/v1/postings/P-LOW2", Posting("E1", 5, "", 0, 1800))->status == 201);
    REQUIRE(s.Put("/v1/trainings/T1", TrainingJson())->status == 201);  // teaches 6-05-01-01 level 2
    Json pkg(s.Get("/v1/workers/W1/services?date=2026-12-01")->body);
    CHECK(pkg.Size("/offers") == 0);
    std::string all;
    for (size_t i = 0; i < pkg.Size("/guidance"); ++i) all += pkg.Str(("/guidance/" + std::to_string(i) + "/text").c_str());
    CHECK(all.find("6-05-01-01") != std::string::npos);
    CHECK(all.find("缝纫工培训") != std::string::npos);
    CHECK(all.find("最低月薪 2000 元") != std::string::npos);
    CHECK(all.find("确认") == std::string::npos);  // confirmed 2026-10-01: recent
    // Half a year later the wishes need confirming.
    Json later(s.Get("/v1/workers/W1/services?date=2027-06-01")->body);
    std::string later_all;
    for (size_t i = 0; i < later.Size("/guidance"); ++i) later_all += later.Str(("/guidance/" + std::to_string(i) + "/text").c_str());
    CHECK(later_all.find("2026-10-01") != std::string::npos);
  }

  TEST_CASE("the delivery ledger records what was given, and refuses bad dates") {
    TestServer s;
    Base(s);
    auto r = s.Post("/v1/workers/W1/services/delivered", R"({"guidance":"2026-12-01","offers":"2026-12-02"})", kKioskToken);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    Json pkg(s.Get("/v1/workers/W1/services", kKioskToken)->body);
    CHECK(pkg.Str("/delivered/guidance") == "2026-12-01");
    CHECK(pkg.Str("/delivered/offers") == "2026-12-02");
    CHECK_FALSE(pkg.root["delivered"]["training"].is_string());
    auto bad = s.Post("/v1/workers/W1/services/delivered", R"({"offers":"yesterday","extra":1})");
    REQUIRE(bad->status == 422);
    CHECK(Json(bad->body).Str("/errors/0/pointer") == "/offers");
    CHECK(s.Post("/v1/workers/W1/services/delivered", R"({"offers":"2026-12-01"})", kMonitorToken)->status == 403);
    CHECK(s.Get("/v1/workers/W1/services", kOtherBureauToken)->status == 403);
    CHECK(s.Get("/v1/workers/NOPE/services")->status == 404);
  }

  TEST_CASE("a kiosk finds the worker by ID number, and learns nothing outside its region") {
    TestServer s;
    Base(s);
    auto r = s.Post("/v1/workers/lookup", R"({"id_number":")" + FakeIdNumber("430523", "19900101", 901) + "\"}", kKioskToken);
    REQUIRE(r->status == 200);
    CHECK(Json(r->body).Str("/worker") == "W1");
    auto other = s.Post("/v1/workers/lookup", R"({"id_number":")" + FakeIdNumber("430523", "19900101", 901) + "\"}",
                        kOtherBureauToken);
    CHECK(other->status == 404);
    auto unknown = s.Post("/v1/workers/lookup", R"({"id_number":")" + FakeIdNumber("430523", "19900101", 955) + "\"}", kKioskToken);
    CHECK(unknown->status == 404);
    auto bad = s.Post("/v1/workers/lookup", R"({"id_number":"430523199001019011"})", kKioskToken);
    CHECK(bad->status == 422);
  }

  TEST_CASE("enrolments never overfill a course, one course per worker, and completion adds the skills") {
    TestServer s;
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    for (int i = 0; i < 12; ++i)
      REQUIRE(s.Put("/v1/workers/W" + std::to_string(i), PlainWorker("H1", 910 + i))->status == 201);
    std::string course = TrainingJson();
    course.replace(course.find("\"seats\":30"), 10, "\"seats\":3");
    REQUIRE(s.Put("/v1/trainings/T1", course)->status == 201);
    REQUIRE(s.Put("/v1/trainings/T2", TrainingJson())->status == 201);
    std::atomic<int> created{0}, full{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 12; ++i)
      threads.emplace_back([&, i] {
        auto r = s.Post("/v1/trainings/T1/enrolments", R"({"worker":"W)" + std::to_string(i) + "\"}");
        if (r && r->status == 201) ++created;
        else if (r && r->status == 409) ++full;
        else ++other;
      });
    for (auto& t : threads) t.join();
    CHECK(created == 3);
    CHECK(full == 9);
    CHECK(other == 0);
    // Find one enrolled worker and one who was not.
    std::string enrolled_worker, enrolment;
    for (int i = 0; i < 12 && enrolment.empty(); ++i) {
      Json pkg(s.Get("/v1/workers/W" + std::to_string(i) + "/services")->body);
      if (pkg.root["enrolment"].is_object()) {
        enrolled_worker = "W" + std::to_string(i);
        enrolment = pkg.Str("/enrolment/id");
      }
    }
    REQUIRE_FALSE(enrolment.empty());
    // One course at a time.
    CHECK(s.Post("/v1/trainings/T2/enrolments", R"({"worker":")" + enrolled_worker + "\"}")->status == 409);
    // Completing adds the taught skill (6-05-01-01 level 2) to the worker.
    auto done = s.Post("/v1/enrolments/" + enrolment + "/complete", "");
    REQUIRE_MESSAGE(done->status == 200, done->body);
    CHECK(Json(done->body).Str("/status") == "completed");
    Json worker(s.Get("/v1/workers/" + enrolled_worker)->body);
    CHECK(worker.Str("/skills/0/code") == "6-05-01-01");
    CHECK(worker.Int("/skills/0/level") == 2);
    CHECK(s.Post("/v1/enrolments/" + enrolment + "/complete", "")->status == 409);
    // The seat is free again: someone else gets in; dropping frees a seat too.
    std::string waiting;
    for (int i = 0; i < 12 && waiting.empty(); ++i) {
      Json pkg(s.Get("/v1/workers/W" + std::to_string(i) + "/services")->body);
      if (!pkg.root["enrolment"].is_object() && "W" + std::to_string(i) != enrolled_worker) waiting = "W" + std::to_string(i);
    }
    auto again = s.Post("/v1/trainings/T1/enrolments", R"({"worker":")" + waiting + "\"}");
    REQUIRE(again->status == 201);
    auto dropped = s.Post("/v1/enrolments/" + Json(again->body).Str("/id") + "/drop", "");
    CHECK(Json(dropped->body).Str("/status") == "dropped");
    CHECK(s.Post("/v1/trainings/T1/enrolments", R"({"worker":")" + waiting + "\"}")->status == 201);
    CHECK(s.Post("/v1/trainings/T1/enrolments", R"({"worker":"W0","x":1})")->status == 422);
    CHECK(s.Post("/v1/trainings/NOPE/enrolments", R"({"worker":"W0"})")->status == 404);
    CHECK(s.Post("/v1/trainings/T2/enrolments", R"({"worker":"W0"})", kMonitorToken)->status == 403);
  }
}
