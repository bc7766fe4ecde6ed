// Placements through the API (issue 4, item 1): accept, work found
// otherwise, end; one active placement per worker; slots never overfilled,
// also under many parallel accepts.
#include <atomic>
#include <thread>

#include "tests/integration/test_server.h"

using namespace leye::testing;

namespace {

// `n` relocated households with one worker each, one employer, posting P1
// with `slots` slots.
void LoadCounty(TestServer& s, int n, int slots) {
  REQUIRE(s.Put("/v1/employers/E1", EmployerJson())->status == 201);
  REQUIRE(s.Put("/v1/postings/P1", PostingJson("E1", slots))->status == 201);
  for (int i = 0; i < n; ++i) {
    const std::string h = "H" + std::to_string(i), w = "W" + std::to_string(i);
    REQUIRE(s.Put("/v1/households/" + h, HouseholdJson("430523", true, "SITE-A"))->status == 201);
    REQUIRE(s.Put("/v1/workers/" + w, WorkerJson(h, FakeIdNumber("430523", "19880415", 900 + i)))->status == 201);
  }
}

// Runs a match and returns the first proposal's id; `*worker` receives its
// worker (which of equal workers wins a contested slot is the solver's
// tie-break, not this test's business).
std::string RunAndFirstProposal(TestServer& s, std::string* worker = nullptr) {
  auto r = s.Post("/v1/match-runs", R"({"region":"430523","date":"2026-12-01"})");
  REQUIRE(r->status == 201);
  Json run(r->body);
  Json page(s.Get("/v1/match-runs/" + run.Str("/id") + "/proposals")->body);
  REQUIRE(page.Size("/items") >= 1);
  if (worker) *worker = page.Str("/items/0/worker");
  return page.Str("/items/0/id");
}

}  // namespace

TEST_SUITE("api_placements") {
  TEST_CASE("accepting a proposal creates an active matched placement and the worker keeps it") {
    TestServer s;
    LoadCounty(s, 2, 1);
    std::string winner;
    const std::string pid = RunAndFirstProposal(s, &winner);
    auto r = s.Post("/v1/proposals/" + pid + "/accept", "");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 201, r->body);
    Json a(r->body);
    const std::string placement = a.Str("/id");
    CHECK(a.Str("/placement/kind") == "matched");
    CHECK(a.Str("/placement/posting") == "P1");
    CHECK(a.Str("/placement/start_date") == "2026-12-01");
    CHECK(a.Int("/placement/expected_months") == 12);
    CHECK(a.Str("/placement/status") == "active");
    CHECK(a.Str("/proposal/status") == "accepted");
    CHECK(r->get_header_value("Location") == "/v1/placements/" + placement);
    CHECK(Json(s.Get("/v1/placements/" + placement)->body).Str("/worker") == winner);
    CHECK(Json(s.Get("/v1/proposals/" + pid)->body).Str("/status") == "accepted");
    // Accepting again: the proposal is no longer open.
    CHECK(s.Post("/v1/proposals/" + pid + "/accept", "")->status == 409);
    // The next run: the slot is taken and the winner keeps its job, so the other gets nothing.
    Json next(s.Post("/v1/match-runs", R"({"region":"430523","date":"2026-12-01"})")->body);
    CHECK(next.Int("/proposals") == 0);
    CHECK(next.Int("/levels/relocated_households_covered") == 0);
    // And the placement survives a restart.
    TestServer again(TestConfig(), /*flush=*/false);
    CHECK(again.Get("/v1/placements?worker=" + winner)->body.find(placement) != std::string::npos);
  }

  TEST_CASE("many parallel accepts never overfill a posting") {
    TestServer s;
    const int kWorkers = 24;
    LoadCounty(s, kWorkers, kWorkers);  // every worker gets a proposal for P1
    auto r = s.Post("/v1/match-runs", R"({"region":"430523","date":"2026-12-01"})");
    REQUIRE(r->status == 201);
    Json run(r->body);
    REQUIRE(run.Int("/proposals") == kWorkers);
    Json page(s.Get("/v1/match-runs/" + run.Str("/id") + "/proposals?limit=100")->body);
    std::vector<std::string> ids;
    for (int i = 0; i < kWorkers; ++i) ids.push_back(page.Str(("/items/" + std::to_string(i) + "/id").c_str()));
    // The bureau cuts the posting to 3 slots after the run.
    REQUIRE(s.Put("/v1/postings/P1", PostingJson("E1", 3))->status == 200);
    std::atomic<int> created{0}, conflicts{0}, other{0};
    std::vector<std::thread> threads;
    for (const auto& id : ids)
      threads.emplace_back([&, id] {
        auto a = s.Post("/v1/proposals/" + id + "/accept", "");
        if (a && a->status == 201) ++created;
        else if (a && a->status == 409) ++conflicts;
        else ++other;
      });
    for (auto& t : threads) t.join();
    CHECK(created == 3);
    CHECK(conflicts == kWorkers - 3);
    CHECK(other == 0);
    Json held(s.Get("/v1/placements?posting=P1")->body);
    CHECK(held.Size("/items") == 3);
  }

  TEST_CASE("work found otherwise is recorded, one active placement per worker, and ended with history") {
    TestServer s;
    LoadCounty(s, 1, 1);
    auto r = s.Post("/v1/placements",
                    R"({"worker":"W0","kind":"migrant","start_date":"2026-10-01","expected_months":12})");
    REQUIRE_MESSAGE(r->status == 201, r->body);
    Json p(r->body);
    const std::string id = p.Str("/id");
    CHECK(p.Str("/kind") == "migrant");
    CHECK_FALSE(p.Has("/posting"));
    // A second active placement for the same worker is refused.
    auto twice = s.Post("/v1/placements", R"({"worker":"W0","kind":"self_found","start_date":"2026-11-01"})");
    CHECK(twice->status == 409);
    // Refusals name the field.
    auto bad = s.Post("/v1/placements", R"({"worker":"W0","kind":"matched","start_date":"2026-11-01"})");
    REQUIRE(bad->status == 422);
    CHECK(bad->body.find(R"("pointer":"/kind")") != std::string::npos);
    CHECK(s.Post("/v1/placements", R"({"worker":"NOPE","kind":"migrant","start_date":"2026-11-01"})")->status == 422);
    auto early = s.Post("/v1/placements/" + id + "/end", R"({"end_date":"2026-09-01","end_reason":"quit"})");
    REQUIRE(early->status == 422);
    CHECK(Json(early->body).Str("/errors/0/pointer") == "/end_date");
    auto reason = s.Post("/v1/placements/" + id + "/end", R"({"end_date":"2026-11-20","end_reason":"bored"})");
    REQUIRE(reason->status == 422);
    CHECK(Json(reason->body).Str("/errors/0/pointer") == "/end_reason");
    // Ended: kept in history, and the worker may be placed again.
    auto end = s.Post("/v1/placements/" + id + "/end", R"({"end_date":"2026-11-20","end_reason":"contract_end"})");
    REQUIRE_MESSAGE(end->status == 200, end->body);
    CHECK(Json(end->body).Str("/status") == "ended");
    CHECK(s.Post("/v1/placements/" + id + "/end", R"({"end_date":"2026-11-21","end_reason":"quit"})")->status == 409);
    auto next = s.Post("/v1/placements", R"({"worker":"W0","kind":"self_employed","start_date":"2026-11-25"})");
    REQUIRE(next->status == 201);
    Json history(s.Get("/v1/placements?worker=W0")->body);
    REQUIRE(history.Size("/items") == 2);
    CHECK(history.Str("/items/0/id") == id);
    CHECK(history.Str("/items/0/end_reason") == "contract_end");
  }

  TEST_CASE("an end date ahead records a known coming end and keeps the job active until then") {
    TestServer s;
    LoadCounty(s, 1, 1);
    const std::string pid = RunAndFirstProposal(s);
    Json a(s.Post("/v1/proposals/" + pid + "/accept", "")->body);
    auto end = s.Post("/v1/placements/" + a.Str("/id") + "/end", R"({"end_date":"2027-01-15","end_reason":"contract_end"})");
    REQUIRE(end->status == 200);
    CHECK(Json(end->body).Str("/status") == "active");
    CHECK(Json(end->body).Str("/end_date") == "2027-01-15");
  }

  TEST_CASE("a household that loses its last steady job goes to the front of the next run") {
    TestServer s;
    LoadCounty(s, 1, 1);
    // W0's household is covered by a self-found steady job; a run proposes nothing to it.
    auto job = s.Post("/v1/placements", R"({"worker":"W0","kind":"self_found","start_date":"2026-06-01","expected_months":0})");
    REQUIRE(job->status == 201);
    Json covered(s.Post("/v1/match-runs", R"({"region":"430523","date":"2026-12-01"})")->body);
    CHECK(covered.Int("/levels/relocated_households_covered") == 0);
    CHECK(covered.Int("/proposals") == 0);
    // The job ends: the household is uncovered again and level 1 takes it first.
    REQUIRE(s.Post("/v1/placements/" + Json(job->body).Str("/id") + "/end",
                   R"({"end_date":"2026-11-30","end_reason":"dismissed"})")->status == 200);
    Json after(s.Post("/v1/match-runs", R"({"region":"430523","date":"2026-12-01"})")->body);
    CHECK(after.Int("/levels/relocated_households_covered") == 1);
  }

  TEST_CASE("who may accept, record and end") {
    TestServer s;
    LoadCounty(s, 1, 1);
    const std::string pid = RunAndFirstProposal(s);
    CHECK(s.Post("/v1/proposals/" + pid + "/accept", "", kMonitorToken)->status == 403);
    CHECK(s.Post("/v1/proposals/" + pid + "/accept", "", kOtherBureauToken)->status == 403);
    CHECK(s.Post("/v1/placements", R"({"worker":"W0","kind":"migrant","start_date":"2026-11-01"})", kKioskToken)->status == 403);
    auto kiosk = s.Post("/v1/proposals/" + pid + "/accept", "", kKioskToken);  // the worker at a kiosk
    REQUIRE(kiosk->status == 201);
    const std::string id = Json(kiosk->body).Str("/id");
    CHECK(s.Post("/v1/placements/" + id + "/end", R"({"end_date":"2026-12-05","end_reason":"quit"})", kMonitorToken)->status == 403);
    CHECK(s.Get("/v1/placements/" + id, kOtherBureauToken)->status == 403);
    CHECK(s.Get("/v1/placements/" + id, kMonitorToken)->status == 200);
  }
}
