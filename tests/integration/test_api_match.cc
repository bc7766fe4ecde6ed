// Match runs through the API (issue 3, item 5) and `leye solve` on files
// (item 6), against the real Redis.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/integration/test_server.h"

using namespace leye::testing;

namespace {

// Two relocated households and one posting with one slot, so the household
// priority decides; a second posting is temporary (3 months).
void LoadSmallCounty(TestServer& s) {
  REQUIRE(s.Put("/v1/households/H1", HouseholdJson("430523", true, "SITE-A"))->status == 201);
  REQUIRE(s.Put("/v1/households/H2", HouseholdJson("430523", true, "SITE-A"))->status == 201);
  REQUIRE(s.Put("/v1/households/H3", HouseholdJson("430523", false))->status == 201);
  REQUIRE(s.Put("/v1/workers/W1", WorkerJson("H1", FakeIdNumber("430523", "19880415", 911)))->status == 201);
  REQUIRE(s.Put("/v1/workers/W2", WorkerJson("H1", FakeIdNumber("430523", "19900101", 913)))->status == 201);
  REQUIRE(s.Put("/v1/workers/W3", WorkerJson("H2", FakeIdNumber("430523", "19850707", 915)))->status == 201);
  REQUIRE(s.Put("/v1/employers/E1", EmployerJson())->status == 201);
  REQUIRE(s.Put("/v1/postings/P1", PostingJson("E1", 2))->status == 201);
  std::string temp = PostingJson("E1", 5);
  temp.replace(temp.find("\"contract_months\":12"), 20, "\"contract_months\":3");
  REQUIRE(s.Put("/v1/postings/P2", temp)->status == 201);
}

std::string RunBody(const std::string& region = "430523") {
  return R"({"region":")" + region + R"(","date":"2026-12-01"})";
}

}  // namespace

TEST_SUITE("api_match") {
  TEST_CASE("a match run covers each relocated household first and says why for the rest") {
    TestServer s;
    LoadSmallCounty(s);
    auto r = s.Post("/v1/match-runs", RunBody());
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 201, r->body);
    CHECK(r->get_header_value("Location").rfind("/v1/match-runs/MR", 0) == 0);
    Json run(r->body);
    CHECK(run.Str("/status") == "finished");
    CHECK(run.Str("/date") == "2026-12-01");
    // Two slots of steady work: one to H1, one to H2 (not both to H1).
    CHECK(run.Int("/levels/relocated_households_covered") == 2);
    CHECK(run.Int("/levels/workers_placed") == 2);
    CHECK(run.Int("/levels/temporary_placed") == 1);  // H1's second member gets the 3-month job
    CHECK(run.Int("/proposals") == 3);
    CHECK(run.Size("/uncovered") == 0);
    const std::string id = run.Str("/id");

    auto page = s.Get("/v1/match-runs/" + id + "/proposals?limit=2");
    REQUIRE(page->status == 200);
    Json p1(page->body);
    CHECK(p1.Size("/items") == 2);
    CHECK(p1.Str("/items/0/status") == "proposed");
    CHECK(p1.Int("/items/0/score") > 0);
    CHECK(p1.Size("/items/0/factors") == 4);
    auto rest = s.Get("/v1/match-runs/" + id + "/proposals?cursor=" + p1.Str("/next"));
    Json p2(rest->body);
    CHECK(p2.Size("/items") == 1);
    CHECK_FALSE(p2.Has("/next/0"));

    auto by_household = s.Get("/v1/match-runs/" + id + "/proposals?household=H2");
    Json h2(by_household->body);
    REQUIRE(h2.Size("/items") == 1);
    CHECK(h2.Str("/items/0/worker") == "W3");
    CHECK(h2.Str("/items/0/posting") == "P1");
  }

  TEST_CASE("a newer run supersedes the older proposals of the same workers") {
    TestServer s;
    LoadSmallCounty(s);
    Json first(s.Post("/v1/match-runs", RunBody())->body);
    Json second(s.Post("/v1/match-runs", RunBody())->body);
    CHECK(first.Str("/id") != second.Str("/id"));
    Json old_page(s.Get("/v1/match-runs/" + first.Str("/id") + "/proposals")->body);
    for (size_t i = 0; i < old_page.Size("/items"); ++i)
      CHECK(old_page.Str(("/items/" + std::to_string(i) + "/status").c_str()) == "expired");
    Json new_page(s.Get("/v1/match-runs/" + second.Str("/id") + "/proposals")->body);
    CHECK(new_page.Str("/items/0/status") == "proposed");
  }

  TEST_CASE("a decline is kept, never proposed again, and re-optimises") {
    TestServer s;
    LoadSmallCounty(s);
    Json run(s.Post("/v1/match-runs", RunBody())->body);
    Json page(s.Get("/v1/match-runs/" + run.Str("/id") + "/proposals?household=H2")->body);
    const std::string pid = page.Str("/items/0/id");
    auto d = s.Post("/v1/proposals/" + pid + "/decline", "");
    REQUIRE(d);
    REQUIRE_MESSAGE(d->status == 201, d->body);
    Json ans(d->body);
    CHECK(ans.Str("/proposal/status") == "declined");
    CHECK(ans.Str("/run/trigger") == "decline " + pid);
    // W3 declined P1 and has no other steady posting: H2 is uncovered now,
    // and the reason names the run's view of it.
    CHECK(ans.Int("/run/levels/relocated_households_covered") == 1);
    Json again(s.Get("/v1/match-runs/" + ans.Str("/run/id") + "/proposals?worker=W3")->body);
    for (size_t i = 0; i < again.Size("/items"); ++i)
      CHECK(again.Str(("/items/" + std::to_string(i) + "/posting").c_str()) != "P1");
    auto twice = s.Post("/v1/proposals/" + pid + "/decline", "");
    CHECK(twice->status == 409);
    CHECK(twice->get_header_value("Content-Type") == "application/problem+json");
    // The decline survives a restart.
    TestServer restarted(TestConfig(), /*flush=*/false);
    Json third(restarted.Post("/v1/match-runs", RunBody())->body);
    Json w3(restarted.Get("/v1/match-runs/" + third.Str("/id") + "/proposals?worker=W3")->body);
    for (size_t i = 0; i < w3.Size("/items"); ++i)
      CHECK(w3.Str(("/items/" + std::to_string(i) + "/posting").c_str()) != "P1");
  }

  TEST_CASE("runs are stored: a restarted server shows them") {
    std::string id;
    {
      TestServer s;
      LoadSmallCounty(s);
      id = Json(s.Post("/v1/match-runs", RunBody())->body).Str("/id");
    }
    TestServer s(TestConfig(), /*flush=*/false);
    auto r = s.Get("/v1/match-runs/" + id);
    REQUIRE(r->status == 200);
    Json run(r->body);
    CHECK(run.Int("/levels/relocated_households_covered") == 2);
    CHECK(Json(s.Get("/v1/match-runs/" + id + "/proposals")->body).Size("/items") == 3);
  }

  TEST_CASE("wait=0 answers 202 at once and the run shows its progress until done") {
    TestServer s;
    LoadSmallCounty(s);
    auto r = s.Post("/v1/match-runs?wait=0", RunBody());
    REQUIRE(r);
    CHECK((r->status == 202 || r->status == 201));
    const std::string id = Json(r->body).Str("/id");
    std::string status;
    for (int i = 0; i < 200; ++i) {
      status = Json(s.Get("/v1/match-runs/" + id)->body).Str("/status");
      if (status != "running") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(status == "finished");
  }

  TEST_CASE("bad run requests are refused with the field named") {
    TestServer s;
    auto r = s.Post("/v1/match-runs", R"({"region":"43x","date":"2026-02-30","extra":1})");
    REQUIRE(r->status == 422);
    Json p(r->body);
    CHECK(p.Str("/errors/0/pointer") == "/region");
    CHECK(p.Str("/errors/1/pointer") == "/date");
    CHECK(p.Str("/errors/2/pointer") == "/extra");
    CHECK(s.Post("/v1/match-runs", "not json")->status == 400);
    CHECK(s.Post("/v1/match-runs", "{}")->status == 422);
    CHECK(s.Get("/v1/match-runs/MR999999")->status == 404);
    CHECK(s.Post("/v1/proposals/nope/decline", "")->status == 404);
  }

  TEST_CASE("who may run, read and decline") {
    TestServer s;
    LoadSmallCounty(s);
    CHECK(s.Post("/v1/match-runs", RunBody(), kMonitorToken)->status == 403);
    CHECK(s.Post("/v1/match-runs", RunBody(), kKioskToken)->status == 403);
    CHECK(s.Post("/v1/match-runs", RunBody(), kOtherBureauToken)->status == 403);
    CHECK(s.Post("/v1/match-runs", RunBody("43"), kBureauToken)->status == 403);  // wider than 4305
    auto r = s.Post("/v1/match-runs", RunBody(), kBureauToken);
    REQUIRE(r->status == 201);
    const std::string id = Json(r->body).Str("/id");
    CHECK(s.Get("/v1/match-runs/" + id, kMonitorToken)->status == 200);
    CHECK(s.Get("/v1/match-runs/" + id, kOtherBureauToken)->status == 403);
    CHECK(s.Get("/v1/match-runs/" + id, kKioskToken)->status == 403);
    CHECK(s.Post("/v1/match-runs", RunBody(), nullptr)->status == 401);
    Json page(s.Get("/v1/match-runs/" + id + "/proposals")->body);
    const std::string pid = page.Str("/items/0/id");
    CHECK(s.Post("/v1/proposals/" + pid + "/decline", "", kMonitorToken)->status == 403);
    CHECK(s.Post("/v1/proposals/" + pid + "/decline", "", kOtherBureauToken)->status == 403);
  }
}

TEST_SUITE("cli_solve") {
  namespace fs = std::filesystem;

  int Shell(const std::string& cmd) {
    const int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }

  TEST_CASE("leye solve on a generated county prints the run and writes the proposals") {
    const fs::path dir = fs::temp_directory_path() / ("leye-solve-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const std::string leye = std::string(LEYE_BINARY_DIR) + "/leye";
    REQUIRE(Shell(leye + " generate --scale demo --seed 5 --out " + dir.string() + " 2>/dev/null") == 0);
    const std::string out = (dir / "proposals.jsonl").string();
    const std::string doc_path = (dir / "run.json").string();
    REQUIRE(Shell(leye + " solve --input " + dir.string() + " --date 2026-12-01 --out " + out + " > " + doc_path +
                  " 2>/dev/null") == 0);
    std::ifstream doc_in(doc_path);
    std::string doc((std::istreambuf_iterator<char>(doc_in)), {});
    Json run(doc);
    CHECK(run.Int("/levels/relocated_households_covered") > 0);
    std::ifstream props(out);
    size_t lines = 0;
    for (std::string line; std::getline(props, line);) {
      Json p(line);
      CHECK(p.Has("/worker"));
      CHECK(p.Int("/score") >= 0);
      ++lines;
    }
    CHECK(static_cast<int64_t>(lines) == run.Int("/proposals"));
    // Same input, same output, byte for byte.
    const std::string out2 = (dir / "proposals2.jsonl").string();
    REQUIRE(Shell(leye + " solve --input " + dir.string() + " --date 2026-12-01 --out " + out2 + " >/dev/null 2>&1") == 0);
    std::ifstream a(out), b(out2);
    CHECK(std::string((std::istreambuf_iterator<char>(a)), {}) == std::string((std::istreambuf_iterator<char>(b)), {}));
    fs::remove_all(dir);
  }

  TEST_CASE("leye solve refuses a broken input and names file, line and field") {
    const fs::path dir = fs::temp_directory_path() / ("leye-solve-bad-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const std::string leye = std::string(LEYE_BINARY_DIR) + "/leye";
    REQUIRE(Shell(leye + " generate --scale demo --seed 5 --out " + dir.string() + " 2>/dev/null") == 0);
    {
      std::ofstream w(dir / "workers.jsonl", std::ios::app);
      w << "{\"id\":\"BAD\"}\n";
    }
    const std::string err = (dir / "err.txt").string();
    CHECK(Shell(leye + " solve --input " + dir.string() + " --date 2026-12-01 --out " + (dir / "p.jsonl").string() +
                " >/dev/null 2>" + err) == 1);
    std::ifstream in(err);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    CHECK(text.find("workers.jsonl:") != std::string::npos);
    CHECK(text.find("/household: is required") != std::string::npos);
    CHECK(text.find("nothing solved") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "p.jsonl"));
    fs::remove_all(dir);
  }
}
