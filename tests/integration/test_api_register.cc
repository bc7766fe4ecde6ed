// The register's API over real HTTP and the real Redis (issue 2, item 4):
// PUT creates (201) then replaces (200) and is idempotent, GET, DELETE (204,
// then 404; 409 while referenced), lists with filters, stable id order,
// `limit` bounds and cursor paging; the change stream grows by exactly one
// entry per real change; a worker's age and sex come from the ID number.
#include <algorithm>
#include <atomic>
#include <random>
#include <set>

#include "tests/integration/test_server.h"

using namespace leye::testing;

namespace {

// The newest entry of a county's change stream as "op kind id".
std::string LastChange(const std::string& county = "430523") {
  auto v = RedisCmd({"XREVRANGE", ChangesKey(county), "+", "-", "COUNT", "1"});
  REQUIRE(v.elements.size() == 1);
  const auto& fields = v.elements[0].elements[1].elements;
  std::string op, kind, id;
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    if (fields[i].str == "op") op = fields[i + 1].str;
    if (fields[i].str == "kind") kind = fields[i + 1].str;
    if (fields[i].str == "id") id = fields[i + 1].str;
  }
  return op + " " + kind + " " + id;
}

bool KeyExists(const std::string& key) { return RedisCmd({"EXISTS", key}).integer == 1; }

// PUT 201 then 200, GET, a real change, DELETE 204 then 404, re-create; the
// change stream and the record's key in Redis follow each step.
void CheckLifecycle(TestServer& s, const std::string& plural, const std::string& singular, const std::string& id,
                    const std::string& body, const std::string& changed, const char* changed_pointer,
                    const std::string& changed_value) {
  const std::string path = "/v1/" + plural + "/" + id;
  const std::string key = "leye:{430523}:" + singular + ":" + id;
  CHECK_PROBLEM(s.Get(path), 404);
  CHECK_FALSE(KeyExists(key));
  const long long c0 = Changes();

  auto r = s.Put(path, body);
  REQUIRE(r);
  CHECK_MESSAGE(r->status == 201, r->body);
  CHECK(r->get_header_value("Location") == path);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  CHECK(Json(r->body).Str("/id") == id);
  const std::string created = r->body;
  CHECK(Changes() == c0 + 1);
  CHECK(LastChange() == "put " + plural + " " + id);
  CHECK(KeyExists(key));
  CHECK(RedisCmd({"SISMEMBER", "leye:{430523}:" + plural, id}).integer == 1);

  // The same body again: 200, nothing new on the change stream.
  r = s.Put(path, body);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK_FALSE(r->has_header("Location"));
  CHECK(r->body == created);
  CHECK(Changes() == c0 + 1);

  r = s.Get(path);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  CHECK(r->body == created);

  // A real change: 200 and one entry.
  r = s.Put(path, changed);
  REQUIRE(r);
  CHECK_MESSAGE(r->status == 200, r->body);
  CHECK(Changes() == c0 + 2);
  r = s.Get(path);
  REQUIRE(r);
  CHECK(Json(r->body).Str(changed_pointer) == changed_value);

  r = s.Delete(path);
  REQUIRE(r);
  CHECK(r->status == 204);
  CHECK(r->body.empty());
  CHECK(Changes() == c0 + 3);
  CHECK(LastChange() == "delete " + plural + " " + id);
  CHECK_FALSE(KeyExists(key));
  CHECK(RedisCmd({"SISMEMBER", "leye:{430523}:" + plural, id}).integer == 0);
  CHECK_PROBLEM(s.Get(path), 404);
  CHECK_PROBLEM(s.Delete(path), 404);
  CHECK(Changes() == c0 + 3);

  // Gone means gone: the same PUT creates it again.
  r = s.Put(path, body);
  REQUIRE(r);
  CHECK(r->status == 201);
  CHECK(Changes() == c0 + 4);
}

struct Page {
  std::vector<std::string> ids;
  std::optional<std::string> next;
};

Page List(TestServer& s, const std::string& path_and_query, const char* token = kAdminToken) {
  auto r = s.Get(path_and_query, token);
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, path_and_query << ": " << r->body);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  Json j(r->body);
  Page p;
  simdjson::dom::array items;
  REQUIRE(!j.root["items"].get_array().get(items));
  for (auto item : items) p.ids.emplace_back(std::string_view(item["id"].get_string().value()));
  std::string_view next;
  if (!j.root["next"].get_string().get(next)) p.next = std::string(next);
  else CHECK(j.root["next"].is_null());
  return p;
}

std::vector<std::string> Ids(std::initializer_list<const char*> ids) { return {ids.begin(), ids.end()}; }

}  // namespace

TEST_SUITE("api_register") {
  TEST_CASE("households: PUT 201 then 200 (idempotent), GET, change, DELETE 204 then 404") {
    TestServer s(NoSweepConfig());
    CheckLifecycle(s, "households", "household", "H1", HouseholdJson(),
                   HouseholdJson("430523", true, "SITE-BAICANG"), "/site", "SITE-BAICANG");
  }

  TEST_CASE("workers: PUT 201 then 200 (idempotent), GET, change, DELETE 204 then 404") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    const std::string idn = FakeIdNumber("430523", "19880415", 913);
    CheckLifecycle(s, "workers", "worker", "W1", WorkerJson("H1", idn), WorkerJson("H1", idn, "李秀兰"), "/name",
                   "李秀兰");
  }

  TEST_CASE("employers: PUT 201 then 200 (idempotent), GET, change, DELETE 204 then 404") {
    TestServer s(NoSweepConfig());
    CheckLifecycle(s, "employers", "employer", "E1", EmployerJson(), EmployerJson("430523", "cooperative"),
                   "/kind", "cooperative");
  }

  TEST_CASE("postings: PUT 201 then 200 (idempotent), GET, change, DELETE 204 then 404") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/employers/E1", EmployerJson())->status == 201);
    std::string changed = PostingJson("E1");
    changed.replace(changed.find("缝纫工"), std::string("缝纫工").size(), "熨烫工");
    CheckLifecycle(s, "postings", "posting", "P1", PostingJson("E1"), changed, "/title", "熨烫工");
  }

  TEST_CASE("trainings: PUT 201 then 200 (idempotent), GET, change, DELETE 204 then 404") {
    TestServer s(NoSweepConfig());
    std::string changed = TrainingJson();
    changed.replace(changed.find("2027-02-05"), 10, "2027-03-05");
    CheckLifecycle(s, "trainings", "training", "T1", TrainingJson(), changed, "/end_date", "2027-03-05");
  }

  TEST_CASE("a PUT body may carry the id of its path, but not another one (422 /id)") {
    TestServer s(NoSweepConfig());
    std::string body = HouseholdJson();
    body.insert(1, R"("id":"H1",)");
    auto r = s.Put("/v1/households/H1", body);
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 201, r->body);

    const long long db = DbSize(), ch = Changes();
    std::string other = HouseholdJson();
    other.insert(1, R"("id":"H2",)");
    r = s.Put("/v1/households/H1", other);
    CHECK_PROBLEM(r, 422);
    CHECK(ErrorPointers(r->body) == Ids({"/id"}));
    r = s.Put("/v1/households/H3", other);
    CHECK_PROBLEM(r, 422);
    CHECK(ErrorPointers(r->body) == Ids({"/id"}));
    CHECK_PROBLEM(s.Get("/v1/households/H3"), 404);
    CHECK(Json(s.Get("/v1/households/H1")->body).Str("/id") == "H1");
    CHECK(DbSize() == db);
    CHECK(Changes() == ch);
  }

  TEST_CASE("DELETE of a household is refused (409) while a worker points at it") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    REQUIRE(s.Put("/v1/workers/W1", WorkerJson("H1", FakeIdNumber("430523", "19880415", 913)))->status == 201);
    const long long ch = Changes();
    auto r = s.Delete("/v1/households/H1");
    CHECK_PROBLEM(r, 409);
    CHECK(Json(r->body).Str("/detail").find("worker W1") != std::string::npos);
    CHECK(Changes() == ch);
    CHECK(s.Get("/v1/households/H1")->status == 200);
    CHECK(s.Delete("/v1/workers/W1")->status == 204);
    CHECK(s.Delete("/v1/households/H1")->status == 204);
    CHECK(Changes() == ch + 2);
  }

  TEST_CASE("DELETE of an employer is refused (409) while a posting points at it") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/employers/E1", EmployerJson())->status == 201);
    REQUIRE(s.Put("/v1/postings/P1", PostingJson("E1"))->status == 201);
    const long long ch = Changes();
    auto r = s.Delete("/v1/employers/E1");
    CHECK_PROBLEM(r, 409);
    CHECK(Json(r->body).Str("/detail").find("posting P1") != std::string::npos);
    CHECK(Changes() == ch);
    CHECK(s.Get("/v1/employers/E1")->status == 200);
    CHECK(s.Delete("/v1/postings/P1")->status == 204);
    CHECK(s.Delete("/v1/employers/E1")->status == 204);
  }

  TEST_CASE("lists filter by region prefix, site, household and employer") {
    TestServer s(NoSweepConfig());
    auto put = [&](const std::string& path, const std::string& body) {
      auto r = s.Put(path, body);
      REQUIRE(r);
      REQUIRE_MESSAGE(r->status == 201, path << ": " << r->body);
    };
    put("/v1/households/HA1", HouseholdJson("430523", true, "S1"));
    put("/v1/households/HA2", HouseholdJson("430523", true, "S2"));
    put("/v1/households/HB1", HouseholdJson("430524", true, "S1"));
    put("/v1/households/HC1", HouseholdJson("433122", false));
    put("/v1/workers/WA1a", WorkerJson("HA1", FakeIdNumber("430523", "19800101", 901)));
    put("/v1/workers/WA1b", WorkerJson("HA1", FakeIdNumber("430523", "19820202", 902)));
    put("/v1/workers/WA2", WorkerJson("HA2", FakeIdNumber("430523", "19830303", 903)));
    put("/v1/workers/WB1", WorkerJson("HB1", FakeIdNumber("430524", "19840404", 904)));
    put("/v1/workers/WC1", WorkerJson("HC1", FakeIdNumber("433122", "19850505", 905)));
    put("/v1/employers/E1", EmployerJson("430523"));
    put("/v1/employers/E2", EmployerJson("433122", "enterprise"));
    put("/v1/postings/P1a", PostingJson("E1"));
    put("/v1/postings/P1b", PostingJson("E1", 2));
    put("/v1/postings/P2", PostingJson("E2"));
    put("/v1/trainings/T1", TrainingJson("430523"));
    put("/v1/trainings/T2", TrainingJson("433122"));

    CHECK(List(s, "/v1/households").ids == Ids({"HA1", "HA2", "HB1", "HC1"}));
    CHECK_FALSE(List(s, "/v1/households").next);
    CHECK(List(s, "/v1/households?region=430523").ids == Ids({"HA1", "HA2"}));
    CHECK(List(s, "/v1/households?region=4305").ids == Ids({"HA1", "HA2", "HB1"}));
    CHECK(List(s, "/v1/households?region=43").ids == Ids({"HA1", "HA2", "HB1", "HC1"}));
    CHECK(List(s, "/v1/households?region=11").ids.empty());
    CHECK(List(s, "/v1/households?site=S1").ids == Ids({"HA1", "HB1"}));
    CHECK(List(s, "/v1/households?site=S1&region=430523").ids == Ids({"HA1"}));
    CHECK(List(s, "/v1/households?site=NOWHERE").ids.empty());

    CHECK(List(s, "/v1/workers").ids == Ids({"WA1a", "WA1b", "WA2", "WB1", "WC1"}));
    CHECK(List(s, "/v1/workers?household=HA1").ids == Ids({"WA1a", "WA1b"}));
    CHECK(List(s, "/v1/workers?site=S1").ids == Ids({"WA1a", "WA1b", "WB1"}));
    CHECK(List(s, "/v1/workers?region=430524").ids == Ids({"WB1"}));
    CHECK(List(s, "/v1/workers?region=4331").ids == Ids({"WC1"}));
    CHECK(List(s, "/v1/workers?household=HA1&region=4331").ids.empty());
    CHECK(List(s, "/v1/workers?household=NOPE").ids.empty());

    CHECK(List(s, "/v1/employers?region=4331").ids == Ids({"E2"}));
    CHECK(List(s, "/v1/postings?employer=E1").ids == Ids({"P1a", "P1b"}));
    CHECK(List(s, "/v1/postings?region=433122").ids == Ids({"P2"}));
    CHECK(List(s, "/v1/trainings?region=4305").ids == Ids({"T1"}));
    CHECK(List(s, "/v1/trainings").ids == Ids({"T1", "T2"}));

    // A filter that does not apply to the kind, or a malformed value: 400
    // naming the parameter.
    struct Bad {
      const char* query;
      const char* parameter;
    };
    for (const Bad& b : {Bad{"/v1/employers?site=S1", "site"}, Bad{"/v1/households?employer=E1", "employer"},
                         Bad{"/v1/trainings?household=HA1", "household"}, Bad{"/v1/workers?color=red", "color"},
                         Bad{"/v1/households?region=43a", "region"}, Bad{"/v1/households?region=4305231", "region"},
                         Bad{"/v1/households?region=", "region"}, Bad{"/v1/workers?household=H%201", "household"},
                         Bad{"/v1/households?cursor=a%2Fb", "cursor"}}) {
      CAPTURE(b.query);
      auto r = s.Get(b.query);
      CHECK_PROBLEM(r, 400);
      CHECK(ErrorParameters(r->body) == Ids({b.parameter}));
    }
  }

  TEST_CASE("lists come in id order, the same every time and after a restart") {
    std::vector<std::string> ids = {"h-10", "H2", "a_1", "Z9", "h-2", "0001", "H10", "h_1", "A", "zz-top", "9"};
    std::vector<std::string> shuffled = ids;
    std::mt19937 rng(7);
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    std::sort(ids.begin(), ids.end());  // byte order
    {
      TestServer s(NoSweepConfig());
      for (const auto& id : shuffled) REQUIRE(s.Put("/v1/households/" + id, HouseholdJson())->status == 201);
      CHECK(List(s, "/v1/households").ids == ids);
      CHECK(List(s, "/v1/households").ids == ids);
      // One at a time, following `next`, gives the same order.
      std::vector<std::string> one_by_one;
      std::string q = "/v1/households?limit=1";
      for (int i = 0; i < 20; ++i) {
        Page p = List(s, q);
        one_by_one.insert(one_by_one.end(), p.ids.begin(), p.ids.end());
        if (!p.next) break;
        CHECK(*p.next == p.ids.back());
        q = "/v1/households?limit=1&cursor=" + *p.next;
      }
      CHECK(one_by_one == ids);
    }
    TestServer again(NoSweepConfig(), /*flush=*/false);
    CHECK(List(again, "/v1/households").ids == ids);
  }

  TEST_CASE("limit must be 1..500 (400 naming the parameter otherwise), the default page is 100") {
    TestServer s(NoSweepConfig());
    for (int i = 0; i < 120; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "H%03d", i);
      REQUIRE(s.Put(std::string("/v1/households/") + id, HouseholdJson())->status == 201);
    }
    for (const char* bad : {"0", "501", "-1", "abc", "1.5", "", "1e2", "99999999999999999999999"}) {
      CAPTURE(bad);
      auto r = s.Get(std::string("/v1/households?limit=") + bad);
      CHECK_PROBLEM(r, 400);
      CHECK(ErrorParameters(r->body) == Ids({"limit"}));
    }
    Page p = List(s, "/v1/households?limit=1");
    CHECK(p.ids == Ids({"H000"}));
    CHECK(p.next == std::optional<std::string>("H000"));
    p = List(s, "/v1/households");
    CHECK(p.ids.size() == 100);
    CHECK(p.next == std::optional<std::string>("H099"));
    p = List(s, "/v1/households?limit=500");
    CHECK(p.ids.size() == 120);
    CHECK_FALSE(p.next);
    p = List(s, "/v1/households?limit=120");
    CHECK(p.ids.size() == 120);
    // Exactly the last record on a full page: the next page is empty.
    if (p.next) CHECK(List(s, "/v1/households?limit=120&cursor=" + *p.next).ids.empty());
  }

  TEST_CASE("cursor paging over 1200 records gives each exactly once, also while records change") {
    TestServer s(NoSweepConfig());
    httplib::Client c = s.Client();
    std::vector<std::string> all;
    for (int i = 0; i < 1200; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "H%05d", i * 3);  // gaps, for inserts between
      all.emplace_back(id);
    }
    std::vector<std::string> order = all;
    std::shuffle(order.begin(), order.end(), std::mt19937(11));
    const std::string body = HouseholdJson();
    for (const auto& id : order) {
      auto r = c.Put("/v1/households/" + id, TestServer::Auth(kAdminToken), body, "application/json");
      REQUIRE(r);
      REQUIRE(r->status == 201);
    }
    for (int limit : {500, 7, 100}) {
      CAPTURE(limit);
      std::vector<std::string> seen;
      std::string q = "/v1/households?limit=" + std::to_string(limit);
      int pages = 0;
      for (; pages < 1000; ++pages) {
        Page p = List(s, q);
        CHECK(p.ids.size() <= static_cast<size_t>(limit));
        seen.insert(seen.end(), p.ids.begin(), p.ids.end());
        if (!p.next) break;
        q = "/v1/households?limit=" + std::to_string(limit) + "&cursor=" + *p.next;
      }
      CHECK(pages == (1200 + limit - 1) / limit - 1);
      CHECK(seen == all);  // sorted, no duplicates, no gaps
    }

    // Records added after the cursor appear, records deleted before they are
    // reached do not; nothing repeats.
    std::vector<std::string> seen;
    Page p = List(s, "/v1/households?limit=300");
    seen = p.ids;
    REQUIRE(p.next == std::optional<std::string>("H00897"));
    REQUIRE(s.Put("/v1/households/H00898", body)->status == 201);  // after the cursor
    REQUIRE(s.Put("/v1/households/H00001", body)->status == 201);  // before it
    REQUIRE(s.Delete("/v1/households/H00900")->status == 204);
    while (p.next) {
      p = List(s, "/v1/households?limit=300&cursor=" + *p.next);
      seen.insert(seen.end(), p.ids.begin(), p.ids.end());
    }
    std::vector<std::string> expected = all;
    expected.insert(std::find(expected.begin(), expected.end(), "H00900"), "H00898");
    expected.erase(std::find(expected.begin(), expected.end(), "H00900"));
    CHECK(seen == expected);
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == seen.size());
    // A cursor that is not a stored id still works: the ids after it.
    CHECK(List(s, "/v1/households?limit=2&cursor=H00004").ids == Ids({"H00006", "H00009"}));
  }

  TEST_CASE("a worker moved to a household in another county leaves no trace in the old county, also after a restart") {
    const std::string idn = FakeIdNumber("430523", "19880415", 913);
    {
      TestServer s(NoSweepConfig());
      REQUIRE(s.Put("/v1/households/H1", HouseholdJson("430523"))->status == 201);
      REQUIRE(s.Put("/v1/households/H2", HouseholdJson("433122"))->status == 201);
      REQUIRE(s.Put("/v1/workers/W1", WorkerJson("H1", idn))->status == 201);
      const long long old_county = Changes("430523"), new_county = Changes("433122");
      auto r = s.Put("/v1/workers/W1", WorkerJson("H2", idn));
      REQUIRE(r);
      CHECK_MESSAGE(r->status == 200, r->body);
      CHECK(Changes("430523") == old_county + 1);  // a delete with moved_to
      CHECK(Changes("433122") == new_county + 1);  // a put
      CHECK(LastChange("430523") == "delete workers W1");
      CHECK(LastChange("433122") == "put workers W1");
      CHECK_FALSE(KeyExists("leye:{430523}:worker:W1"));
      CHECK(KeyExists("leye:{433122}:worker:W1"));
      CHECK(RedisCmd({"SCARD", "leye:{430523}:workers"}).integer == 0);
      CHECK(RedisCmd({"KEYS", "leye:{430523}:idn:*"}).elements.empty());
      CHECK(RedisCmd({"KEYS", "leye:{433122}:idn:*"}).elements.size() == 1);
      CHECK(List(s, "/v1/workers?region=430523").ids.empty());
      CHECK(List(s, "/v1/workers?region=433122").ids == Ids({"W1"}));
      // H1 has no worker any more; H2 has one.
      CHECK(s.Delete("/v1/households/H1")->status == 204);
      CHECK_PROBLEM(s.Delete("/v1/households/H2"), 409);
    }
    TestServer again(NoSweepConfig(), /*flush=*/false);
    CHECK(Json(again.Get("/v1/workers/W1")->body).Str("/household") == "H2");
    CHECK(List(again, "/v1/workers").ids == Ids({"W1"}));
  }

  TEST_CASE("a household or employer cannot change county while records point at it (409), without them it can") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson("430523"))->status == 201);
    REQUIRE(s.Put("/v1/workers/W1", WorkerJson("H1", FakeIdNumber("430523", "19880415", 913)))->status == 201);
    REQUIRE(s.Put("/v1/employers/E1", EmployerJson("430523"))->status == 201);
    REQUIRE(s.Put("/v1/postings/P1", PostingJson("E1"))->status == 201);
    const long long ch = Changes();
    CHECK_PROBLEM(s.Put("/v1/households/H1", HouseholdJson("430524")), 409);
    CHECK_PROBLEM(s.Put("/v1/employers/E1", EmployerJson("430524")), 409);
    CHECK(Changes() == ch);
    CHECK(Changes("430524") == 0);
    // Another field in the same county is fine.
    CHECK(s.Put("/v1/households/H1", HouseholdJson("430523", true, "SITE-NEW"))->status == 200);
    REQUIRE(s.Delete("/v1/postings/P1")->status == 204);
    auto r = s.Put("/v1/employers/E1", EmployerJson("430524"));
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 200, r->body);
    CHECK_FALSE(KeyExists("leye:{430523}:employer:E1"));
    CHECK(KeyExists("leye:{430524}:employer:E1"));
    CHECK(List(s, "/v1/employers?region=430524").ids == Ids({"E1"}));
  }

  TEST_CASE("ID numbers are unique across the register, a changed or deleted worker frees its number") {
    const std::string a = FakeIdNumber("430523", "19880415", 913);
    const std::string b = FakeIdNumber("430523", "19900101", 925);
    {
      TestServer s(NoSweepConfig());
      REQUIRE(s.Put("/v1/households/H1", HouseholdJson("430523"))->status == 201);
      REQUIRE(s.Put("/v1/households/H2", HouseholdJson("433122"))->status == 201);
      REQUIRE(s.Put("/v1/workers/W1", WorkerJson("H1", a))->status == 201);
      CHECK_PROBLEM(s.Put("/v1/workers/W2", WorkerJson("H1", a)), 409);
      CHECK_PROBLEM(s.Put("/v1/workers/W2", WorkerJson("H2", a)), 409);  // another county too
      // W1 takes another number: the old one is free.
      REQUIRE(s.Put("/v1/workers/W1", WorkerJson("H1", b))->status == 200);
      CHECK(RedisCmd({"KEYS", "leye:{430523}:idn:*"}).elements.size() == 1);
      REQUIRE(s.Put("/v1/workers/W2", WorkerJson("H2", a))->status == 201);
      CHECK_PROBLEM(s.Put("/v1/workers/W3", WorkerJson("H1", b)), 409);
    }
    TestServer again(NoSweepConfig(), /*flush=*/false);
    CHECK_PROBLEM(again.Put("/v1/workers/W3", WorkerJson("H1", a)), 409);
    CHECK_PROBLEM(again.Put("/v1/workers/W3", WorkerJson("H1", b)), 409);
    REQUIRE(again.Delete("/v1/workers/W1")->status == 204);
    CHECK(RedisCmd({"KEYS", "leye:{430523}:idn:*"}).elements.empty());
    CHECK(again.Put("/v1/workers/W3", WorkerJson("H1", b))->status == 201);
  }

  TEST_CASE("concurrent PUTs of one new record: exactly one 201, the rest 200, one change entry per real change") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    const long long ch = Changes();
    std::vector<std::thread> threads;
    std::atomic<int> created{0}, replaced{0}, other{0};
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 10; ++i) {
          // Two workers race for one ID number, and everyone races for W1.
          const std::string path = "/v1/workers/" + std::string(i % 2 ? "W1" : "W2");
          auto r = s.Put(path, WorkerJson("H1", FakeIdNumber("430523", "19880415", 913)));
          if (!r) ++other;
          else if (r->status == 201) ++created;
          else if (r->status == 200) ++replaced;
          else if (r->status != 409) ++other;
          (void)t;
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(other.load() == 0);
    CHECK(created.load() == 1);
    CHECK(Changes() == ch + 1);
    CHECK(List(s, "/v1/workers").ids.size() == 1);
  }

  TEST_CASE("a worker's age and sex come from the ID number and are not taken from the body") {
    TestServer s(NoSweepConfig());  // today is 2026-12-01
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    struct Case {
      std::string birth;
      int seq;
      int64_t age;
      const char* sex;
    };
    // The 17th digit decides: odd male, even female.
    std::string x_seq_birth = "19750630";
    int x_seq = 0;
    for (int seq = 900; seq < 1000 && !x_seq; ++seq)
      if (FakeIdNumber("430523", x_seq_birth, seq).back() == 'X') x_seq = seq;
    REQUIRE(x_seq != 0);
    std::vector<Case> cases = {{"19901201", 914, 36, "female"},  // birthday today
                               {"19901202", 915, 35, "male"},    // birthday tomorrow
                               {"20000229", 916, 26, "female"},  // 29 February
                               {"19600101", 917, 66, "male"},
                               {x_seq_birth, x_seq, 51, x_seq % 2 ? "male" : "female"}};
    int n = 0;
    for (const Case& c : cases) {
      const std::string idn = FakeIdNumber("430523", c.birth, c.seq);
      CAPTURE(idn);
      std::string body = WorkerJson("H1", idn);
      body.insert(1, R"("age":99,"sex":"female",)");  // read-only: ignored
      const std::string path = "/v1/workers/W" + std::to_string(++n);
      auto r = s.Put(path, body);
      REQUIRE(r);
      REQUIRE_MESSAGE(r->status == 201, r->body);
      CHECK(Json(r->body).Int("/age") == c.age);
      CHECK(Json(r->body).Str("/sex") == c.sex);
      r = s.Get(path, kBureauToken);  // derived for every reader, also with the number masked
      REQUIRE(r);
      CHECK(Json(r->body).Int("/age") == c.age);
      CHECK(Json(r->body).Str("/sex") == c.sex);
      // Stored bodies do not age.
      const std::string stored = RedisCmd({"GET", "leye:{430523}:worker:W" + std::to_string(n)}).str;
      CHECK(stored.find("\"age\"") == std::string::npos);
      CHECK(stored.find("\"sex\"") == std::string::npos);
    }
    auto r = s.Get("/v1/workers?household=H1", kMonitorToken);
    REQUIRE(r);
    Json page(r->body);
    CHECK(page.Int("/items/0/age") == 36);
    CHECK(page.Str("/items/1/sex") == "male");
  }
}
