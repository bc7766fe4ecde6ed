// Guarantee tracking through the API (issue 4, items 2-7), over real HTTP and
// the real Redis: site counts, household lists with their evidence, the
// risk_days boundary, alerts (at once and from the sweep), acknowledging
// them, sweep idempotence down to the Redis bytes, history, timeline, CSV
// export and who may see or do what.
//
// The county every case starts from (today 2026-12-01, steady_months 6,
// risk_days 30, so "holds steady work" needs an end after 2026-12-31):
//   SITE-A, 430523 (helper 王建国 13800001234 everywhere)
//     HA1  A1 self_found   2026-06-01, open-ended          covered
//     HA2  A2 migrant      2026-01-15, 12 m (2027-01-15)    covered
//     HA3  A3 self_found   2025-12-20, 12 m (2026-12-20)    at_risk, risk_end 2026-12-20
//     HA4  A4 self_employed 2026-03-01, 6 m (2026-09-01)    at_risk, overdue with no end recorded
//     HA5  A5 self_found   2026-11-01, 3 m (temporary)      uncovered (placed, but not steady)
//     HA6  A6 wants 9000 yuan a month, nothing fits         uncovered, `why` from the match run
//     HA7  A7 labor_ability none                            not_eligible (no_able_willing_member)
//     HA8  A8 wants_work false, self_employed open-ended    covered (a placement makes it eligible)
//     HA9  no members                                       not_eligible (no_able_willing_member)
//     HA10 A10 accepted proposal for P1 (workshop, 12 m)    covered, from 2026-12-01 to 2027-12-01
//   SITE-B, 430523: HB1, B1 labor_ability none             not_eligible: nobody eligible, rate null
//   not relocated, 430523: HN1, N1 able and willing        not_eligible (not_relocated)
//   SITE-X, 433130 (another prefecture): HX1, X1           uncovered
#include <map>
#include <set>

#include "tests/integration/test_server.h"

using namespace leye;
using namespace leye::testing;

namespace {

// A worker of `household`, WorkerJson's with some fields changed.
std::string Member(const std::string& household, const std::string& id_number, const std::string& ability = "full",
                   bool wants_work = true, int min_wage = 2000) {
  std::string w = WorkerJson(household, id_number);
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = w.find(from);
    REQUIRE(at != std::string::npos);
    w.replace(at, from.size(), to);
  };
  replace(R"("labor_ability":"full")", R"("labor_ability":")" + ability + "\"");
  if (!wants_work) replace(R"("wants_work":true)", R"("wants_work":false)");
  replace(R"("min_monthly_wage":2000)", R"("min_monthly_wage":)" + std::to_string(min_wage));
  return w;
}

std::string Id(const std::string& region, int n) {  // distinct fake ID numbers
  return FakeIdNumber(region, std::to_string(1970 + n) + "0315", 900 + n);
}

struct County {
  TestServer s;
  std::map<std::string, std::string> placement;  // worker -> its placement id
  std::map<std::string, std::string> id_number;  // worker -> ID number
  std::string run;                               // the match run

  explicit County(Config config = NoSweepConfig()) : s(std::move(config)) {
    REQUIRE(s.Put("/v1/employers/E1", EmployerJson())->status == 201);
    REQUIRE(s.Put("/v1/postings/P1", PostingJson("E1", 5))->status == 201);
    for (int i = 1; i <= 10; ++i)
      REQUIRE(s.Put("/v1/households/HA" + std::to_string(i), HouseholdJson("430523", true, "SITE-A"))->status == 201);
    REQUIRE(s.Put("/v1/households/HB1", HouseholdJson("430523", true, "SITE-B"))->status == 201);
    REQUIRE(s.Put("/v1/households/HN1", HouseholdJson("430523", false))->status == 201);
    REQUIRE(s.Put("/v1/households/HX1", HouseholdJson("433130", true, "SITE-X"))->status == 201);
    AddWorker("A1", "HA1");
    AddWorker("A2", "HA2");
    AddWorker("A3", "HA3");
    AddWorker("A4", "HA4");
    AddWorker("A5", "HA5");
    AddWorker("A6", "HA6", "full", true, 9000);
    AddWorker("A7", "HA7", "none", false);
    AddWorker("A8", "HA8", "full", false);
    AddWorker("A10", "HA10");
    AddWorker("B1", "HB1", "none", false);
    AddWorker("N1", "HN1");
    AddWorker("X1", "HX1", "full", true, 2000, "433130");
    Record("A1", "self_found", "2026-06-01", 0);
    Record("A2", "migrant", "2026-01-15", 12);
    Record("A3", "self_found", "2025-12-20", 12);
    Record("A4", "self_employed", "2026-03-01", 6);
    Record("A5", "self_found", "2026-11-01", 3);
    Record("A8", "self_employed", "2026-05-01", 0);
    // A10 takes P1 through a match run; A6 (9000 yuan) fits nothing and A5
    // already works, so their households stay uncovered with a reason.
    auto r = s.Post("/v1/match-runs", R"({"region":"430523","date":"2026-12-01"})");
    REQUIRE(r->status == 201);
    run = Json(r->body).Str("/id");
    Json page(s.Get("/v1/match-runs/" + run + "/proposals?worker=A10")->body);
    REQUIRE(page.Size("/items") == 1);
    auto a = s.Post("/v1/proposals/" + page.Str("/items/0/id") + "/accept", "");
    REQUIRE_MESSAGE(a->status == 201, a->body);
    placement["A10"] = Json(a->body).Str("/id");
  }

  void AddWorker(const std::string& w, const std::string& h, const std::string& ability = "full",
                 bool wants = true, int min_wage = 2000, const std::string& region = "430523") {
    id_number[w] = Id(region, static_cast<int>(id_number.size()) + 1);
    auto r = s.Put("/v1/workers/" + w, Member(h, id_number[w], ability, wants, min_wage));
    REQUIRE_MESSAGE(r->status == 201, r->body);
  }
  void Record(const std::string& w, const std::string& kind, const std::string& start, int months) {
    auto r = s.Post("/v1/placements", R"({"worker":")" + w + R"(","kind":")" + kind + R"(","start_date":")" + start +
                                          R"(","expected_months":)" + std::to_string(months) + "}");
    REQUIRE_MESSAGE(r->status == 201, r->body);
    placement[w] = Json(r->body).Str("/id");
  }
  httplib::Result End(const std::string& w, const std::string& date, const std::string& reason) {
    return s.Post("/v1/placements/" + placement[w] + "/end",
                  R"({"end_date":")" + date + R"(","end_reason":")" + reason + R"("})");
  }
  Json Sweep(const std::string& date) {
    auto r = s.Post("/v1/guarantee/sweep?date=" + date, "");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    return Json(r->body);
  }
};

// The element of array `pointer` whose `key` is `value`.
simdjson::dom::element Find(const Json& j, const char* pointer, const char* key, const std::string& value) {
  simdjson::dom::array a;
  REQUIRE(!j.root.at_pointer(pointer).get_array().get(a));
  for (auto e : a) {
    std::string_view v;
    if (!e[key].get_string().get(v) && v == value) return e;
  }
  FAIL("no element with " << key << " = " << value << " in " << pointer);
  return {};
}

int64_t Int(simdjson::dom::element e, const char* pointer) {
  int64_t v = -1;
  REQUIRE_MESSAGE(!e.at_pointer(pointer).get_int64().get(v), "no integer at " << pointer);
  return v;
}
std::string Str(simdjson::dom::element e, const char* pointer) {
  std::string_view v;
  REQUIRE_MESSAGE(!e.at_pointer(pointer).get_string().get(v), "no string at " << pointer);
  return std::string(v);
}
bool IsNull(simdjson::dom::element e, const char* pointer) {
  auto v = e.at_pointer(pointer);
  return !v.error() && v.value().is_null();
}
std::vector<std::string> Strings(simdjson::dom::element e, const char* pointer) {
  std::vector<std::string> out;
  simdjson::dom::array a;
  REQUIRE_MESSAGE(!e.at_pointer(pointer).get_array().get(a), "no array at " << pointer);
  for (auto x : a) out.emplace_back(std::string_view(x.get_string().value()));
  return out;
}

// Household id -> its item of GET /v1/guarantee/households (all pages).
struct HouseholdList {
  std::vector<std::unique_ptr<Json>> pages;
  std::map<std::string, simdjson::dom::element> by_id;
  std::vector<std::string> order;
};
HouseholdList Households(TestServer& s, const std::string& query, const char* token = kAdminToken) {
  HouseholdList out;
  std::string cursor;
  for (int guard = 0; guard < 100; ++guard) {
    auto r = s.Get("/v1/guarantee/households?" + query + (cursor.empty() ? "" : "&cursor=" + cursor), token);
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    out.pages.push_back(std::make_unique<Json>(r->body));
    const Json& page = *out.pages.back();
    simdjson::dom::array items;
    REQUIRE(!page.root["items"].get_array().get(items));
    for (auto item : items) {
      const std::string id = Str(item, "/household");
      out.by_id[id] = item;
      out.order.push_back(id);
    }
    std::string_view next;
    if (page.root["next"].get_string().get(next)) return out;
    cursor = std::string(next);
  }
  FAIL("paging did not end");
  return out;
}

// Alert id -> alert, of GET /v1/alerts?<query>.
std::map<std::string, simdjson::dom::element> Alerts(TestServer& s, const std::string& query,
                                                     std::unique_ptr<Json>& holder, const char* token = kAdminToken) {
  auto r = s.Get("/v1/alerts" + (query.empty() ? "" : "?" + query), token);
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, r->body);
  holder = std::make_unique<Json>(r->body);
  std::map<std::string, simdjson::dom::element> out;
  simdjson::dom::array items;
  REQUIRE(!holder->root["items"].get_array().get(items));
  for (auto a : items) out[Str(a, "/id")] = a;
  return out;
}

// Alerts are one per household, day and reason.
std::string AlertId(const std::string& household, const std::string& yyyymmdd, const std::string& reason) {
  return "AL-" + household + "-" + yyyymmdd + "-" + reason;
}

// The counts of a site row, as one comparable string.
std::string Counts(simdjson::dom::element row) {
  return simdjson::minify(row);
}

}  // namespace

TEST_SUITE("api_guarantee") {
  TEST_CASE("site counts: each status, not_eligible reasons, coverage rate (null when nobody is eligible), placed by kind") {
    County c;
    auto r = c.s.Get("/v1/guarantee/sites");
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    Json j(r->body);
    CHECK(j.Str("/date") == "2026-12-01");
    REQUIRE(j.Size("/sites") == 3);  // the admin sees every county; by site then region
    CHECK(j.Str("/sites/0/site") == "SITE-A");
    CHECK(j.Str("/sites/1/site") == "SITE-B");
    CHECK(j.Str("/sites/2/site") == "SITE-X");
    auto a = Find(j, "/sites", "site", "SITE-A");
    CHECK(Str(a, "/region") == "430523");
    CHECK(Int(a, "/households") == 10);
    CHECK(Int(a, "/eligible") == 8);
    CHECK(Int(a, "/covered") == 4);    // HA1 open-ended, HA2, HA8 (placement makes eligible), HA10 matched
    CHECK(Int(a, "/at_risk") == 2);    // HA3 ending in 19 days, HA4 overdue
    CHECK(Int(a, "/uncovered") == 2);  // HA5 temporary only, HA6
    CHECK(Int(a, "/not_eligible") == 2);
    CHECK(Int(a, "/not_eligible_reasons/no_able_willing_member") == 2);  // HA7, HA9
    CHECK(Int(a, "/not_eligible_reasons/not_relocated") == 0);
    double rate = -1;
    REQUIRE(!a["coverage_rate"].get_double().get(rate));
    CHECK(rate == doctest::Approx(0.5));
    CHECK(Int(a, "/placed/self_found") == 3);     // A1, A3, A5 (temporary work is placed work too)
    CHECK(Int(a, "/placed/migrant") == 1);        // A2
    CHECK(Int(a, "/placed/self_employed") == 2);  // A4, A8
    CHECK(Int(a, "/placed/workshop") == 1);       // A10 through P1 of E1
    CHECK(Int(a, "/placed/public_welfare") == 0);
    CHECK(Int(a, "/placed/enterprise") == 0);
    CHECK(Int(a, "/placed/cooperative") == 0);
    auto b = Find(j, "/sites", "site", "SITE-B");
    CHECK(Int(b, "/households") == 1);
    CHECK(Int(b, "/eligible") == 0);
    CHECK(Int(b, "/not_eligible") == 1);
    CHECK(IsNull(b, "/coverage_rate"));
    auto x = Find(j, "/sites", "site", "SITE-X");
    CHECK(Str(x, "/region") == "433130");
    CHECK(Int(x, "/uncovered") == 1);
    double xr = -1;
    REQUIRE(!x["coverage_rate"].get_double().get(xr));
    CHECK(xr == 0.0);
    // County rows count every household, the not relocated apart.
    auto county = Find(j, "/regions", "region", "430523");
    CHECK(Int(county, "/households") == 12);
    CHECK(Int(county, "/not_eligible_reasons/not_relocated") == 1);  // HN1
    CHECK(Int(county, "/eligible") == 8);
    CHECK(j.Int("/total/households") == 13);
    CHECK(j.Int("/total/covered") == 4);

    // ?region narrows; a monitor sees its county without asking.
    Json mine(c.s.Get("/v1/guarantee/sites?region=430523")->body);
    CHECK(mine.Size("/sites") == 2);
    Json monitor(c.s.Get("/v1/guarantee/sites", kMonitorToken)->body);
    CHECK(monitor.Str("/region") == "430523");
    CHECK(monitor.Size("/sites") == 2);
    CHECK(Counts(Find(monitor, "/sites", "site", "SITE-A")) == Counts(a));
    // Another date is computed for that date: on 2026-12-16 HA2's year ends
    // within 30 days (2027-01-15), so it is at risk.
    Json later(c.s.Get("/v1/guarantee/sites?region=430523&date=2026-12-16")->body);
    CHECK(later.Str("/date") == "2026-12-16");
    CHECK(Int(Find(later, "/sites", "site", "SITE-A"), "/covered") == 3);
    // Refusals.
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites?date=2026-13-01"), 400);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites?region=43x"), 400);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites?site=SITE-A"), 400);
  }

  TEST_CASE("households: each status with its evidence, members' current placements and why when uncovered") {
    County c;
    HouseholdList all = Households(c.s, "site=SITE-A");
    REQUIRE(all.by_id.size() == 10);
    CHECK(std::is_sorted(all.order.begin(), all.order.end()));
    const std::map<std::string, std::string> expected = {
        {"HA1", "covered"},   {"HA2", "covered"},      {"HA3", "at_risk"},      {"HA4", "at_risk"},
        {"HA5", "uncovered"}, {"HA6", "uncovered"},    {"HA7", "not_eligible"}, {"HA8", "covered"},
        {"HA9", "not_eligible"}, {"HA10", "covered"}};
    for (const auto& [h, status] : expected) {
      CAPTURE(h);
      REQUIRE(all.by_id.count(h));
      auto item = all.by_id[h];
      CHECK(Str(item, "/status") == status);
      CHECK(Str(item, "/site") == "SITE-A");
      CHECK(Str(item, "/region") == "430523");
    }
    // Evidence: the placement records behind covered and at risk, nothing else.
    auto evidence = [&](const char* h) { return Strings(all.by_id[h], "/evidence"); };
    CHECK(evidence("HA1") == std::vector<std::string>{c.placement["A1"]});
    CHECK(evidence("HA2") == std::vector<std::string>{c.placement["A2"]});
    CHECK(evidence("HA3") == std::vector<std::string>{c.placement["A3"]});
    CHECK(evidence("HA4") == std::vector<std::string>{c.placement["A4"]});
    CHECK(evidence("HA8") == std::vector<std::string>{c.placement["A8"]});
    CHECK(evidence("HA10") == std::vector<std::string>{c.placement["A10"]});
    CHECK(evidence("HA5").empty());  // temporary work is no evidence of steady work
    CHECK(evidence("HA6").empty());
    CHECK(evidence("HA7").empty());
    CHECK(Str(all.by_id["HA3"], "/risk_end") == "2026-12-20");
    CHECK(Str(all.by_id["HA4"], "/risk_end") == "2026-09-01");  // an expected end already past
    CHECK_FALSE(all.by_id["HA1"].at_pointer("/risk_end").error() == simdjson::SUCCESS);
    // Each evidence placement is one of the household's, active and steady today.
    for (const auto& [h, item] : all.by_id)
      for (const auto& pid : Strings(item, "/evidence")) {
        CAPTURE(pid);
        auto r = c.s.Get("/v1/placements/" + pid);
        REQUIRE(r->status == 200);
        Json p(r->body);
        CHECK(p.Str("/status") == "active");
        CHECK(p.Str("/start_date") <= "2026-12-01");
        CHECK_FALSE(p.Has("/end_date"));
        CHECK((p.Int("/expected_months") == 0 || p.Int("/expected_months") >= 6));
        CHECK(Str(item, "/members/0/worker") == p.Str("/worker"));
      }
    // Not eligible, with the reason.
    CHECK(Str(all.by_id["HA7"], "/not_eligible_reason") == "no_able_willing_member");
    CHECK(Str(all.by_id["HA9"], "/not_eligible_reason") == "no_able_willing_member");
    CHECK(all.by_id["HA1"].at_pointer("/not_eligible_reason").error() != simdjson::SUCCESS);
    Json hn(c.s.Get("/v1/guarantee/households?region=430523&status=not_eligible")->body);
    bool saw_hn1 = false;
    for (size_t i = 0; i < hn.Size("/items"); ++i)
      if (hn.Str(("/items/" + std::to_string(i) + "/household").c_str()) == "HN1") {
        saw_hn1 = true;
        CHECK(hn.Str(("/items/" + std::to_string(i) + "/not_eligible_reason").c_str()) == "not_relocated");
      }
    CHECK(saw_hn1);
    // Members and their current placements.
    auto ha5 = all.by_id["HA5"];
    CHECK(Str(ha5, "/members/0/worker") == "A5");
    CHECK(Str(ha5, "/members/0/name") == "李秀英");
    CHECK(Str(ha5, "/members/0/placement/id") == c.placement["A5"]);
    CHECK(Str(ha5, "/members/0/placement/kind") == "self_found");
    CHECK(Int(ha5, "/members/0/placement/expected_months") == 3);
    CHECK(IsNull(all.by_id["HA6"], "/members/0/placement"));
    CHECK(Str(all.by_id["HA10"], "/members/0/placement/kind") == "matched");
    CHECK(Str(all.by_id["HA10"], "/members/0/placement/posting") == "P1");
    CHECK(Strings(all.by_id["HA9"], "/members").empty());
    // Why: the latest match run's reason for the uncovered household; covered ones have none.
    auto why = all.by_id["HA6"];
    REQUIRE_FALSE(IsNull(why, "/why"));
    CHECK(Str(why, "/why/household") == "HA6");
    CHECK(!Str(why, "/why/reason").empty());
    CHECK(!Str(why, "/why/text").empty());
    Json run(c.s.Get("/v1/match-runs/" + c.run)->body);
    CHECK(Counts(why["why"].value()) == Counts(Find(run, "/uncovered", "household", "HA6")));
    CHECK(IsNull(all.by_id["HA1"], "/why"));
    CHECK(IsNull(all.by_id["HA7"], "/why"));

    // ?status= filters, and pages with a cursor.
    HouseholdList covered = Households(c.s, "site=SITE-A&status=covered&limit=3");
    CHECK(covered.order == std::vector<std::string>{"HA1", "HA10", "HA2", "HA8"});
    CHECK(covered.pages.size() == 2);
    HouseholdList at_risk = Households(c.s, "site=SITE-A&status=at_risk");
    CHECK(at_risk.order == std::vector<std::string>{"HA3", "HA4"});
    HouseholdList uncovered = Households(c.s, "status=uncovered");  // admin: every county
    CHECK(uncovered.order == std::vector<std::string>{"HA5", "HA6", "HX1"});
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/households?status=lost"), 400);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/households?limit=0"), 400);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/households?date=tomorrow"), 400);
  }

  TEST_CASE("one site: its row, the uncovered and at-risk households, 404 for an unknown site") {
    County c;
    auto r = c.s.Get("/v1/guarantee/sites/SITE-A");
    REQUIRE(r->status == 200);
    Json j(r->body);
    Json all(c.s.Get("/v1/guarantee/sites")->body);
    CHECK(Counts(j["site"]) == Counts(Find(all, "/sites", "site", "SITE-A")));
    REQUIRE(j.Size("/uncovered_households") == 2);
    CHECK(j.Str("/uncovered_households/0/household") == "HA5");
    CHECK(j.Str("/uncovered_households/1/household") == "HA6");
    REQUIRE(j.Size("/at_risk_households") == 2);
    CHECK(j.Str("/at_risk_households/0/household") == "HA3");
    CHECK(j.Str("/at_risk_households/0/risk_end") == "2026-12-20");
    CHECK(j.Str("/at_risk_households/1/household") == "HA4");
    CHECK(j.Str("/at_risk_households/1/risk_end") == "2026-09-01");
    // A later date: HA2 joins the at-risk list.
    Json later(c.s.Get("/v1/guarantee/sites/SITE-A?date=2026-12-16")->body);
    CHECK(later.Size("/at_risk_households") == 3);
    CHECK(later.Str("/at_risk_households/0/household") == "HA2");
    CHECK(later.Str("/at_risk_households/0/risk_end") == "2027-01-15");
    // SITE-B has nobody eligible: the lists are empty, the rate is null.
    Json b(c.s.Get("/v1/guarantee/sites/SITE-B")->body);
    CHECK(b.Size("/uncovered_households") == 0);
    CHECK(IsNull(b["site"], "/coverage_rate"));
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites/NO-SUCH-SITE"), 404);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites/SITE-X", kBureauToken), 404);  // exists, but not in 4305
    CHECK(c.s.Get("/v1/guarantee/sites/SITE-X", kOtherBureauToken)->status == 200);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites/SITE-A?date=2026-02-30"), 400);
  }

  TEST_CASE("the risk_days boundary: an end on d + 30 is at risk, on d + 31 still covered, an expected end passed is never covered") {
    County c;
    // HA2's migrant year ends 2027-01-15 (no end recorded).
    auto status_on = [&](const std::string& h, const std::string& date) {
      HouseholdList l = Households(c.s, "site=SITE-A&date=" + date);
      REQUIRE(l.by_id.count(h));
      return Str(l.by_id[h], "/status");
    };
    CHECK(status_on("HA2", "2026-12-15") == "covered");  // 2026-12-15 + 30 = 2027-01-14 < end
    CHECK(status_on("HA2", "2026-12-16") == "at_risk");  // 2026-12-16 + 30 = 2027-01-15 = end
    CHECK(status_on("HA2", "2027-01-15") == "at_risk");  // the expected end itself: still active, at risk
    CHECK(status_on("HA2", "2027-06-01") == "at_risk");  // long past, no end recorded: at risk, not covered
    // HA10's matched placement takes P1's 12 months: 2026-12-01 .. 2027-12-01.
    CHECK(status_on("HA10", "2027-10-31") == "covered");
    CHECK(status_on("HA10", "2027-11-01") == "at_risk");
    // Before a placement starts it gives nothing.
    CHECK(status_on("HA10", "2026-11-30") == "uncovered");
    // Temporary work never puts at risk either.
    CHECK(status_on("HA5", "2026-11-15") == "uncovered");
    // An open-ended job holds for ever.
    CHECK(status_on("HA1", "2030-01-01") == "covered");
    // A recorded end ahead counts the same way: A1's job ends 2027-01-20.
    auto end = c.End("A1", "2027-01-20", "contract_end");
    REQUIRE(end->status == 200);
    CHECK(Json(end->body).Str("/status") == "active");
    CHECK(status_on("HA1", "2026-12-20") == "covered");
    CHECK(status_on("HA1", "2026-12-21") == "at_risk");
    CHECK(status_on("HA1", "2027-01-19") == "at_risk");
    CHECK(status_on("HA1", "2027-01-20") == "uncovered");  // ended that day
    Json on(c.s.Get("/v1/guarantee/households?site=SITE-A&status=at_risk&date=2026-12-21")->body);
    CHECK(on.Str("/items/0/household") == "HA1");
    CHECK(on.Str("/items/0/risk_end") == "2027-01-20");
  }

  TEST_CASE("a contract nearing its end: at risk, and the sweep on that date raises contract_ending") {
    County c;
    std::unique_ptr<Json> hold;
    const auto before = Alerts(c.s, "", hold);
    // A1's open-ended job gets an end ahead: nothing changes today.
    REQUIRE(c.End("A1", "2027-01-20", "contract_end")->status == 200);
    std::unique_ptr<Json> hold2;
    CHECK(Alerts(c.s, "", hold2).size() == before.size());
    Json mid = c.Sweep("2026-12-20");
    CHECK(mid.Str("/date") == "2026-12-20");
    // On 2026-12-20 HA2's migrant year (2027-01-15) is within 30 days: its
    // household leaves covered, found by time alone.
    std::unique_ptr<Json> h3;
    auto after_mid = Alerts(c.s, "site=SITE-A", h3);
    REQUIRE(after_mid.count(AlertId("HA2", "20261220", "contract_ending")));
    CHECK(Str(after_mid[AlertId("HA2", "20261220", "contract_ending")], "/reason") == "contract_ending");
    CHECK_FALSE(after_mid.count(AlertId("HA1", "20261220", "contract_ending")));
    CHECK(mid.Int("/changes") == 1);
    CHECK(mid.Int("/alerts") == 1);
    Json sweep = c.Sweep("2026-12-21");
    CHECK(sweep.Int("/changes") == 1);
    CHECK(sweep.Int("/alerts") == 1);
    CHECK(sweep.Int("/snapshots") == 3);
    std::unique_ptr<Json> h4;
    auto alerts = Alerts(c.s, "site=SITE-A&state=open", h4);
    const std::string id = AlertId("HA1", "20261221", "contract_ending");
    REQUIRE(alerts.count(id));
    auto a = alerts[id];
    CHECK(Str(a, "/reason") == "contract_ending");
    CHECK(Str(a, "/household") == "HA1");
    CHECK(Str(a, "/site") == "SITE-A");
    CHECK(Str(a, "/region") == "430523");
    CHECK(Str(a, "/from") == "covered");
    CHECK(Str(a, "/to") == "at_risk");
    CHECK(Str(a, "/date") == "2026-12-21");
    CHECK(Str(a, "/risk_end") == "2027-01-20");
    CHECK(Str(a, "/follow_up_by") == "2027-01-20");
    CHECK(Str(a, "/helper/name") == "王建国");
    CHECK(Str(a, "/helper/phone") == "13800001234");
    CHECK(Str(a, "/state") == "open");
    // The next job is lined up after the known end: recorded now, it starts
    // 2027-02-01; until then the household stays at risk (nothing covers it
    // on 2027-01-25), from then on it is covered.
    auto next = c.s.Post("/v1/placements",
                         R"({"worker":"A1","kind":"migrant","start_date":"2027-02-01","expected_months":0})");
    REQUIRE_MESSAGE(next->status == 201, next->body);
    const std::string next_id = Json(next->body).Str("/id");
    CHECK(Str(Households(c.s, "site=SITE-A&date=2026-12-22").by_id["HA1"], "/status") == "at_risk");
    CHECK(Str(Households(c.s, "site=SITE-A&date=2027-01-25").by_id["HA1"], "/status") == "uncovered");
    HouseholdList feb = Households(c.s, "site=SITE-A&date=2027-02-01");
    CHECK(Str(feb.by_id["HA1"], "/status") == "covered");
    CHECK(Strings(feb.by_id["HA1"], "/evidence") == std::vector<std::string>{next_id});
    // A second job overlapping the first is still refused.
    CHECK_PROBLEM(c.s.Post("/v1/placements",
                           R"({"worker":"A1","kind":"migrant","start_date":"2027-01-10","expected_months":0})"),
                  409);
  }

  TEST_CASE("ending the last steady job raises placement_ended at once, with the helper and follow_up_by = date + 30") {
    County c;
    // Before: A2 works, so a run proposes nothing to it.
    Json first(c.s.Post("/v1/match-runs", R"({"region":"430523","date":"2026-12-01"})")->body);
    CHECK(Json(c.s.Get("/v1/match-runs/" + first.Str("/id") + "/proposals?worker=A2")->body).Size("/items") == 0);
    auto end = c.End("A2", "2026-12-01", "dismissed");
    REQUIRE(end->status == 200);
    CHECK(Json(end->body).Str("/status") == "ended");
    std::unique_ptr<Json> hold;
    auto alerts = Alerts(c.s, "site=SITE-A&state=open", hold);
    const std::string id = AlertId("HA2", "20261201", "placement_ended");
    REQUIRE(alerts.count(id));
    auto a = alerts[id];
    CHECK(Str(a, "/reason") == "placement_ended");
    CHECK(Str(a, "/placement") == c.placement["A2"]);
    CHECK(Str(a, "/from") == "covered");
    CHECK(Str(a, "/to") == "uncovered");
    CHECK(Str(a, "/date") == "2026-12-01");
    CHECK(Str(a, "/follow_up_by") == "2026-12-31");
    CHECK(Str(a, "/helper/name") == "王建国");
    CHECK(Str(a, "/helper/phone") == "13800001234");
    // The same day's earlier alert (registered uncovered) is kept beside it.
    REQUIRE(alerts.count(AlertId("HA2", "20261201", "newly_eligible_uncovered")));
    CHECK(Str(alerts[AlertId("HA2", "20261201", "newly_eligible_uncovered")], "/from") == "not_eligible");
    // Seen at once in the lists, with the ended placement no longer current.
    HouseholdList l = Households(c.s, "site=SITE-A&status=uncovered");
    REQUIRE(l.by_id.count("HA2"));
    CHECK(IsNull(l.by_id["HA2"], "/members/0/placement"));
    // And the household is at the front of the next run (level 1 takes it).
    auto r = c.s.Post("/v1/match-runs", R"({"region":"430523","date":"2026-12-01"})");
    Json next(r->body);
    CHECK(next.Int("/levels/relocated_households_covered") >= 1);
    Json a2(c.s.Get("/v1/match-runs/" + next.Str("/id") + "/proposals?worker=A2")->body);
    REQUIRE(a2.Size("/items") == 1);
    CHECK(a2.Str("/items/0/posting") == "P1");
    // A member moving away says so; an at-risk household losing its job alerts too.
    REQUIRE(c.End("A3", "2026-12-01", "moved")->status == 200);
    std::unique_ptr<Json> h2;
    auto moved = Alerts(c.s, "site=SITE-A", h2);
    REQUIRE(moved.count(AlertId("HA3", "20261201", "member_moved")));
    CHECK(Str(moved[AlertId("HA3", "20261201", "member_moved")], "/reason") == "member_moved");
    CHECK(Str(moved[AlertId("HA3", "20261201", "member_moved")], "/from") == "at_risk");
    // A new job covers again: no alert for getting better.
    const size_t count = moved.size();
    c.Record("A2", "self_found", "2026-12-01", 0);
    std::unique_ptr<Json> h3;
    CHECK(Alerts(c.s, "site=SITE-A", h3).size() == count);
    CHECK(Str(Households(c.s, "site=SITE-A&status=covered").by_id["HA2"], "/evidence/0") == c.placement["A2"]);
  }

  TEST_CASE("a new eligible household registered uncovered raises newly_eligible_uncovered") {
    County c;
    std::unique_ptr<Json> hold;
    const size_t before = Alerts(c.s, "", hold).size();
    // Registered without members: not eligible, no alert.
    REQUIRE(c.s.Put("/v1/households/HA11", HouseholdJson("430523", true, "SITE-A"))->status == 201);
    CHECK(Alerts(c.s, "", hold).size() == before);
    // A member unable to work: still not eligible.
    c.AddWorker("A11a", "HA11", "none", false);
    CHECK(Alerts(c.s, "", hold).size() == before);
    // A member able and willing: eligible and uncovered, alerted at once.
    c.AddWorker("A11b", "HA11");
    auto alerts = Alerts(c.s, "site=SITE-A&state=open", hold);
    const std::string id = AlertId("HA11", "20261201", "newly_eligible_uncovered");
    REQUIRE(alerts.count(id));
    CHECK(Str(alerts[id], "/reason") == "newly_eligible_uncovered");
    CHECK(Str(alerts[id], "/from") == "not_eligible");
    CHECK(Str(alerts[id], "/follow_up_by") == "2026-12-31");
    CHECK(Str(alerts[id], "/helper/phone") == "13800001234");
    // A household not relocated raises nothing; nor does a second member.
    std::unique_ptr<Json> h2;
    const size_t now = Alerts(c.s, "", h2).size();
    REQUIRE(c.s.Put("/v1/households/HN2", HouseholdJson("430523", false))->status == 201);
    c.AddWorker("N2", "HN2");
    c.AddWorker("A11c", "HA11");
    CHECK(Alerts(c.s, "", h2).size() == now);
    // Every write was checked at once: a sweep the same day finds nothing new.
    Json sweep = c.Sweep("2026-12-01");
    CHECK(sweep.Int("/alerts") == 0);
    CHECK(sweep.Int("/changes") == 0);
  }

  TEST_CASE("alerts: listed by site and state, acknowledged once with a note, who may") {
    County c;
    REQUIRE(c.End("A2", "2026-12-01", "quit")->status == 200);
    std::unique_ptr<Json> hold;
    auto open = Alerts(c.s, "site=SITE-A&state=open", hold);
    // The fixture's newly eligible households (HA1-HA6, HA10) and HA2's end.
    CHECK(open.size() == 8);
    for (const auto& [id, a] : open) {
      CHECK(Str(a, "/site") == "SITE-A");
      CHECK(Str(a, "/state") == "open");
    }
    std::unique_ptr<Json> h_all;
    auto all = Alerts(c.s, "", h_all);
    CHECK(all.count(AlertId("HX1", "20261201", "newly_eligible_uncovered")));  // the admin sees every county
    std::unique_ptr<Json> h_b;
    CHECK(Alerts(c.s, "site=SITE-B", h_b).empty());
    const std::string id = AlertId("HA2", "20261201", "placement_ended");
    REQUIRE(open.count(id));
    // Refusals first: kiosk, another region, no note, an empty note, extra fields.
    CHECK_PROBLEM(c.s.Post("/v1/alerts/" + id + "/ack", R"({"note":"x"})", kKioskToken), 403);
    CHECK_PROBLEM(c.s.Post("/v1/alerts/" + id + "/ack", R"({"note":"x"})", kOtherBureauToken), 403);
    CHECK_PROBLEM(c.s.Post("/v1/alerts/" + id + "/ack", "{}", kMonitorToken), 422);
    CHECK(ErrorPointers(c.s.Post("/v1/alerts/" + id + "/ack", "{}", kMonitorToken)->body) ==
          std::vector<std::string>{"/note"});
    CHECK_PROBLEM(c.s.Post("/v1/alerts/" + id + "/ack", "", kMonitorToken), 400);  // not JSON at all
    CHECK_PROBLEM(c.s.Post("/v1/alerts/" + id + "/ack", R"({"note":""})", kMonitorToken), 422);
    CHECK_PROBLEM(c.s.Post("/v1/alerts/" + id + "/ack", R"({"note":"ok","by":"me"})", kMonitorToken), 422);
    CHECK_PROBLEM(c.s.Post("/v1/alerts/AL-NOPE/ack", R"({"note":"x"})", kMonitorToken), 404);
    // The monitor (read-only otherwise) acknowledges.
    auto ack = c.s.Post("/v1/alerts/" + id + "/ack", R"({"note":"已上门走访，推荐到扶贫车间"})", kMonitorToken);
    REQUIRE(ack->status == 200);
    Json a(ack->body);
    CHECK(a.Str("/id") == id);
    CHECK(a.Str("/state") == "acked");
    CHECK(a.Str("/ack/note") == "已上门走访，推荐到扶贫车间");
    CHECK(a.Str("/ack/by") == "monitor-shaoyang-county");
    CHECK(!a.Str("/ack/at").empty());
    CHECK(a.Str("/reason") == "placement_ended");  // the rest is kept
    CHECK(a.Str("/follow_up_by") == "2026-12-31");
    CHECK_PROBLEM(c.s.Post("/v1/alerts/" + id + "/ack", R"({"note":"again"})", kMonitorToken), 409);
    CHECK_PROBLEM(c.s.Post("/v1/alerts/" + id + "/ack", R"({"note":"again"})"), 409);
    // The lists by state.
    std::unique_ptr<Json> h2, h3;
    auto acked = Alerts(c.s, "state=acked", h2, kMonitorToken);
    REQUIRE(acked.size() == 1);
    CHECK(acked.count(id));
    CHECK(Alerts(c.s, "site=SITE-A&state=open", h3, kMonitorToken).size() == 7);
    Json site(c.s.Get("/v1/guarantee/sites/SITE-A")->body);
    CHECK(site.Int("/open_alerts") == 7);
    // Another region sees none of these, the kiosk nothing at all.
    std::unique_ptr<Json> h4;
    auto other = Alerts(c.s, "", h4, kOtherBureauToken);
    CHECK(other.size() == 1);  // HX1's, in 433130
    CHECK(other.count(AlertId("HX1", "20261201", "newly_eligible_uncovered")));
    CHECK_PROBLEM(c.s.Get("/v1/alerts", kKioskToken), 403);
    CHECK_PROBLEM(c.s.Get("/v1/alerts?state=closed"), 400);
    // The acknowledgement is in Redis: a restarted server shows it.
    TestServer again(NoSweepConfig(), /*flush=*/false);
    std::unique_ptr<Json> h5;
    auto reloaded = Alerts(again, "state=acked", h5);
    REQUIRE(reloaded.count(id));
    CHECK(Str(reloaded[id], "/ack/note") == "已上门走访，推荐到扶贫车间");
    CHECK_PROBLEM(again.Post("/v1/alerts/" + id + "/ack", R"({"note":"x"})"), 409);
  }

  TEST_CASE("sweep idempotence: the second sweep for a date changes nothing, in its answer or in Redis") {
    County c;
    REQUIRE(c.End("A1", "2027-01-20", "contract_end")->status == 200);
    Json first = c.Sweep("2026-12-21");
    CHECK(first.Int("/households") == 13);
    CHECK(first.Int("/changes") == 2);  // HA1 and HA2 leave covered (contract_ending)
    CHECK(first.Int("/alerts") == 2);
    const std::string dump = DumpRedis();
    Json second = c.Sweep("2026-12-21");
    CHECK(second.Int("/changes") == 0);
    CHECK(second.Int("/alerts") == 0);
    CHECK(second.Int("/households") == 13);
    CHECK(second.Int("/snapshots") == first.Int("/snapshots"));
    CHECK(DumpRedis() == dump);
    // An acknowledged alert of that day stays acknowledged when the day is swept again.
    const std::string id = AlertId("HA1", "20261221", "contract_ending");
    REQUIRE(c.s.Post("/v1/alerts/" + id + "/ack", R"({"note":"续签中"})", kMonitorToken)->status == 200);
    const std::string acked = DumpRedis();
    CHECK(acked != dump);
    Json third = c.Sweep("2026-12-21");
    CHECK(third.Int("/changes") == 0);
    CHECK(third.Int("/alerts") == 0);
    CHECK(DumpRedis() == acked);
    // After a restart (statuses and alerts read back from Redis) too.
    TestServer again(NoSweepConfig(), /*flush=*/false);
    auto r = again.Post("/v1/guarantee/sweep?date=2026-12-21", "");
    REQUIRE(r->status == 200);
    CHECK(Json(r->body).Int("/changes") == 0);
    CHECK(Json(r->body).Int("/alerts") == 0);
    CHECK(DumpRedis() == acked);
    std::unique_ptr<Json> hold;
    CHECK(Str(Alerts(again, "", hold)[id], "/state") == "acked");
    // Who may sweep: admin and bureau (its region), not the monitor or kiosk.
    CHECK_PROBLEM(c.s.Post("/v1/guarantee/sweep?date=2026-12-21", "", kMonitorToken), 403);
    CHECK_PROBLEM(c.s.Post("/v1/guarantee/sweep?date=2026-12-21", "", kKioskToken), 403);
    auto bureau = c.s.Post("/v1/guarantee/sweep?date=2026-12-21", "", kBureauToken);
    REQUIRE(bureau->status == 200);
    CHECK(Json(bureau->body).Int("/households") == 12);  // 4305 only
    CHECK(Json(bureau->body).Int("/changes") == 0);
    CHECK(DumpRedis() == acked);
    CHECK_PROBLEM(c.s.Post("/v1/guarantee/sweep?date=21-12-2026", ""), 400);
  }

  TEST_CASE("history: each sweep stores the day's counts per site, from and to select days") {
    County c;
    std::map<std::string, std::string> at;  // date -> SITE-A's row as computed that day
    for (const std::string d : {"2026-12-05", "2026-12-12", "2026-12-21", "2027-01-10"}) {
      Json sweep = c.Sweep(d);
      CHECK(sweep.Int("/snapshots") == 3);
      at[d] = Counts(Json(c.s.Get("/v1/guarantee/sites/SITE-A?date=" + d)->body)["site"]);
    }
    auto r = c.s.Get("/v1/guarantee/sites/SITE-A/history?from=2026-12-10&to=2026-12-31");
    REQUIRE(r->status == 200);
    Json h(r->body);
    CHECK(h.Str("/site") == "SITE-A");
    REQUIRE(h.Size("/history") == 2);
    CHECK(h.Str("/history/0/date") == "2026-12-12");
    CHECK(h.Str("/history/1/date") == "2026-12-21");
    CHECK(Counts(h["history"].at(0)["counts"].value()) == at["2026-12-12"]);
    CHECK(Counts(h["history"].at(1)["counts"].value()) == at["2026-12-21"]);
    // The trend shows: covered drops as the contracts run out.
    // The trend shows: HA2's year ends 2027-01-15, at risk from 12-16 on.
    CHECK(h.Int("/history/0/counts/covered") == 4);
    CHECK(h.Int("/history/1/counts/covered") == 3);
    CHECK(h.Int("/history/1/counts/at_risk") == 3);
    Json whole(c.s.Get("/v1/guarantee/sites/SITE-A/history")->body);
    REQUIRE(whole.Size("/history") == 4);
    std::vector<std::string> dates;
    for (size_t i = 0; i < 4; ++i) dates.push_back(whole.Str(("/history/" + std::to_string(i) + "/date").c_str()));
    CHECK(dates == std::vector<std::string>{"2026-12-05", "2026-12-12", "2026-12-21", "2027-01-10"});
    // What happens later does not rewrite a stored day.
    REQUIRE(c.End("A1", "2026-12-01", "quit")->status == 200);
    Json after(c.s.Get("/v1/guarantee/sites/SITE-A/history?from=2026-12-05&to=2026-12-05")->body);
    REQUIRE(after.Size("/history") == 1);
    CHECK(Counts(after["history"].at(0)["counts"].value()) == at["2026-12-05"]);
    CHECK(Json(c.s.Get("/v1/guarantee/sites/SITE-A?date=2026-12-05")->body).Int("/site/covered") ==
          after.Int("/history/0/counts/covered") - 1);
    // SITE-B's rows exist too (its null rate kept as null).
    Json b(c.s.Get("/v1/guarantee/sites/SITE-B/history?from=2026-12-05&to=2026-12-05")->body);
    REQUIRE(b.Size("/history") == 1);
    CHECK(IsNull(b["history"].at(0)["counts"].value(), "/coverage_rate"));
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites/NOPE/history"), 404);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites/SITE-X/history", kBureauToken), 404);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites/SITE-A/history?from=2026-12"), 400);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites/SITE-A/history", kKioskToken), 403);
    CHECK(c.s.Get("/v1/guarantee/sites/SITE-A/history", kMonitorToken)->status == 200);
  }

  TEST_CASE("timeline: the household's placements and status changes in date order") {
    County c;
    REQUIRE(c.End("A2", "2027-01-10", "contract_end")->status == 200);  // an end ahead
    (void)c.Sweep("2026-12-20");                                        // at risk from here
    auto r = c.s.Get("/v1/households/HA2/timeline");
    REQUIRE(r->status == 200);
    Json t(r->body);
    CHECK(t.Str("/household") == "HA2");
    simdjson::dom::array events;
    REQUIRE(!t.root["events"].get_array().get(events));
    std::vector<std::string> seq, dates;
    for (auto e : events) {
      std::string s = Str(e, "/type");
      if (s == "status_changed") s += ":" + Str(e, "/to");
      seq.push_back(s);
      dates.push_back(Str(e, "/date"));
    }
    CHECK(std::is_sorted(dates.begin(), dates.end()));
    // Registered (uncovered, newly eligible), covered by the migrant job
    // started back in January, at risk on 12-20, then the recorded end.
    CHECK(seq == std::vector<std::string>{"placement_started", "status_changed:not_eligible",
                                          "status_changed:uncovered", "status_changed:covered",
                                          "status_changed:at_risk", "placement_ended"});
    REQUIRE(seq.size() == 6);
    CHECK(dates.front() == "2026-01-15");
    CHECK(dates.back() == "2027-01-10");
    auto newly = events.at(2).value();
    CHECK(Str(newly, "/reason") == "newly_eligible_uncovered");
    CHECK(Str(newly, "/from") == "not_eligible");
    CHECK(Strings(events.at(3).value(), "/evidence") == std::vector<std::string>{c.placement["A2"]});
    auto at_risk = events.at(4).value();
    CHECK(Str(at_risk, "/date") == "2026-12-20");
    CHECK(Str(at_risk, "/reason") == "contract_ending");
    CHECK(Strings(at_risk, "/evidence") == std::vector<std::string>{c.placement["A2"]});
    CHECK(Str(events.at(0).value(), "/placement") == c.placement["A2"]);
    CHECK(Str(events.at(0).value(), "/kind") == "migrant");
    CHECK(Str(events.at(5).value(), "/end_reason") == "contract_end");
    CHECK_PROBLEM(c.s.Get("/v1/households/NOPE/timeline"), 404);
    CHECK_PROBLEM(c.s.Get("/v1/households/HA2/timeline", kOtherBureauToken), 403);
    CHECK_PROBLEM(c.s.Get("/v1/households/HA2/timeline", kKioskToken), 403);
    CHECK(c.s.Get("/v1/households/HA2/timeline", kMonitorToken)->status == 200);
  }

  TEST_CASE("export.csv: BOM, Chinese headers, one row per relocated household, ID numbers never in full nor their birth date") {
    County c;
    for (const char* token : {kAdminToken, kBureauToken, kMonitorToken}) {
      CAPTURE(token);
      auto r = c.s.Get("/v1/guarantee/export.csv", token);
      REQUIRE(r->status == 200);
      CHECK(r->get_header_value("Content-Type") == "text/csv; charset=utf-8");
      CHECK(r->get_header_value("Content-Disposition").find("attachment") != std::string::npos);
      const std::string& csv = r->body;
      REQUIRE(csv.rfind("\xEF\xBB\xBF", 0) == 0);
      std::vector<std::string> lines;
      for (size_t at = 3; at < csv.size();) {
        const size_t end = csv.find("\r\n", at);
        REQUIRE(end != std::string::npos);  // every line ends with CRLF
        lines.push_back(csv.substr(at, end - at));
        at = end + 2;
      }
      REQUIRE(!lines.empty());
      const std::string& header = lines[0];
      for (const char* col : {"户编号", "安置点", "就业保障状态", "不适用原因", "成员(身份证号)", "依据(安置记录)",
                              "帮扶责任人", "帮扶人电话"})
        CHECK_MESSAGE(header.find(col) != std::string::npos, col);
      // Relocated households only: 10 + HB1 (+ HX1 for the admin only).
      const size_t rows = lines.size() - 1;
      CHECK(rows == (token == kAdminToken ? 12u : 11u));
      std::set<std::string> ids;
      for (size_t i = 1; i < lines.size(); ++i) ids.insert(lines[i].substr(11, lines[i].find(',', 11) - 11));
      CHECK(ids.size() == rows);
      CHECK_FALSE(ids.count("HN1"));
      for (const auto& [w, number] : c.id_number) {
        CAPTURE(w);
        CHECK(csv.find(number) == std::string::npos);
        CHECK(csv.find(number.substr(6, 8)) == std::string::npos);  // the birth date
        CHECK(csv.find(number.substr(0, 17)) == std::string::npos);
      }
      // HA1's row: covered, with its evidence and the helper.
      for (size_t i = 1; i < lines.size(); ++i)
        if (lines[i].find(",HA1,") != std::string::npos) {
          CHECK(lines[i].rfind("2026-12-01,HA1,SITE-A,430523,已稳定就业,", 0) == 0);
          CHECK(lines[i].find(c.placement["A1"]) != std::string::npos);
          CHECK(lines[i].find("王建国") != std::string::npos);
        }
    }
    auto site = c.s.Get("/v1/guarantee/export.csv?site=SITE-A&date=2026-12-16");
    REQUIRE(site->status == 200);
    size_t rows = 0;
    for (size_t at = site->body.find("\r\n"); (at = site->body.find("\r\n", at + 2)) != std::string::npos;) ++rows;
    CHECK(rows == 10);
    CHECK(site->body.find("2026-12-16,HA2,SITE-A,430523,有风险,") != std::string::npos);
    CHECK(site->body.find(",HA3,SITE-A,430523,有风险,,") != std::string::npos);
    CHECK(site->body.find(",HA7,SITE-A,430523,不适用,无有劳动能力且有意愿的成员,") != std::string::npos);
    CHECK(site->body.find(",HA6,SITE-A,430523,未覆盖,") != std::string::npos);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/export.csv", kKioskToken), 403);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/export.csv?site="), 400);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/export.csv?site=SITE%0AA"), 400);
  }

  TEST_CASE("a site name used by two counties: two rows, never merged, and each region sees only its own") {
    County c;
    REQUIRE(c.s.Put("/v1/households/HX2", HouseholdJson("433130", true, "SITE-A"))->status == 201);
    c.AddWorker("X2", "HX2", "full", true, 2000, "433130");  // uncovered: alerted in 433130
    Json all(c.s.Get("/v1/guarantee/sites")->body);
    REQUIRE(all.Size("/sites") == 4);
    CHECK(all.Str("/sites/0/site") == "SITE-A");
    CHECK(all.Str("/sites/0/region") == "430523");
    CHECK(all.Int("/sites/0/households") == 10);
    CHECK(all.Str("/sites/1/site") == "SITE-A");
    CHECK(all.Str("/sites/1/region") == "433130");
    CHECK(all.Int("/sites/1/households") == 1);
    // The admin's site page: both counties' rows, and the total of the two.
    Json admin(c.s.Get("/v1/guarantee/sites/SITE-A")->body);
    CHECK(admin.Size("/regions") == 2);
    CHECK(admin.Int("/site/households") == 11);
    CHECK(admin.Int("/site/uncovered") == 3);
    // Each county's people see their own row, lists and alerts only.
    Json theirs(c.s.Get("/v1/guarantee/sites/SITE-A", kOtherBureauToken)->body);
    CHECK(theirs.Size("/regions") == 1);
    CHECK(theirs.Str("/site/region") == "433130");
    CHECK(theirs.Int("/site/households") == 1);
    REQUIRE(theirs.Size("/uncovered_households") == 1);
    CHECK(theirs.Str("/uncovered_households/0/household") == "HX2");
    CHECK(theirs.Int("/open_alerts") == 1);  // HX2's, not the 7 of 430523
    Json ours(c.s.Get("/v1/guarantee/sites/SITE-A", kMonitorToken)->body);
    CHECK(ours.Int("/site/households") == 10);
    CHECK(ours.Int("/open_alerts") == 7);
    std::unique_ptr<Json> h1, h2;
    CHECK(Alerts(c.s, "site=SITE-A", h1, kOtherBureauToken).size() == 1);
    CHECK(Alerts(c.s, "site=SITE-A", h2, kMonitorToken).size() == 7);
    HouseholdList listed = Households(c.s, "site=SITE-A", kOtherBureauToken);
    CHECK(listed.order == std::vector<std::string>{"HX2"});
    auto csv = c.s.Get("/v1/guarantee/export.csv?site=SITE-A", kOtherBureauToken);
    CHECK(csv->body.find(",HX2,SITE-A,433130,") != std::string::npos);
    CHECK(csv->body.find(",HA1,") == std::string::npos);
    // A sweep stores one history row per county; each sees its own.
    (void)c.Sweep("2026-12-02");
    Json hist(c.s.Get("/v1/guarantee/sites/SITE-A/history", kOtherBureauToken)->body);
    REQUIRE(hist.Size("/history") == 1);
    CHECK(hist.Str("/history/0/counts/region") == "433130");
    Json both(c.s.Get("/v1/guarantee/sites/SITE-A/history")->body);
    CHECK(both.Size("/history") == 2);
  }

  TEST_CASE("auth: kiosk 403 everywhere, monitor reads and acks but never writes, another region 403") {
    County c;
    for (const std::string path : {"/v1/guarantee/sites", "/v1/guarantee/sites/SITE-A", "/v1/guarantee/households",
                                   "/v1/guarantee/sites/SITE-A/history", "/v1/households/HA1/timeline", "/v1/alerts",
                                   "/v1/guarantee/export.csv"}) {
      CAPTURE(path);
      CHECK_PROBLEM(c.s.Get(path, kKioskToken), 403);
      CHECK(c.s.Get(path, kMonitorToken)->status == 200);
      CHECK(c.s.Get(path, nullptr)->status == 401);
    }
    CHECK_PROBLEM(c.s.Post("/v1/guarantee/sweep", "", kKioskToken), 403);
    CHECK_PROBLEM(c.s.Post("/v1/guarantee/sweep", "", kMonitorToken), 403);
    CHECK_PROBLEM(c.s.Post("/v1/placements/" + c.placement["A1"] + "/end",
                           R"({"end_date":"2026-12-01","end_reason":"quit"})", kMonitorToken), 403);
    // Another region: asking for 430523 is refused, its own lists hold none of it.
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites?region=430523", kOtherBureauToken), 403);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/households?region=430523", kOtherBureauToken), 403);
    CHECK_PROBLEM(c.s.Get("/v1/guarantee/sites?region=4331", kMonitorToken), 403);
    Json other(c.s.Get("/v1/guarantee/sites", kOtherBureauToken)->body);
    REQUIRE(other.Size("/sites") == 1);
    CHECK(other.Str("/sites/0/site") == "SITE-X");
    HouseholdList theirs = Households(c.s, "", kOtherBureauToken);
    CHECK(theirs.order == std::vector<std::string>{"HX1"});
    HouseholdList site_a = Households(c.s, "site=SITE-A", kOtherBureauToken);
    CHECK(site_a.order.empty());
    auto csv = c.s.Get("/v1/guarantee/export.csv?site=SITE-A", kOtherBureauToken);
    REQUIRE(csv->status == 200);
    CHECK(csv->body.find("HA1") == std::string::npos);
    auto sweep = c.s.Post("/v1/guarantee/sweep?date=2026-12-02", "", kOtherBureauToken);
    REQUIRE(sweep->status == 200);
    CHECK(Json(sweep->body).Int("/households") == 1);
  }
}
