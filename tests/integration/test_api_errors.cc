// Bad input gets a clear answer and writes nothing (issue 2, items 5 and 9):
// every rejection class answers 4xx application/problem+json with one
// errors[] entry per broken field (exact JSON Pointers), and Redis is
// byte-for-byte what it was before. Unknown paths 404, wrong methods 405
// with Allow, chunked bodies 411, compressed bodies 415, bodies over the
// limit 413; a few hundred mutated bodies never get a 5xx.
#include <algorithm>
#include <random>

#include "tests/integration/test_server.h"

using namespace leye::testing;

namespace {

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// A register with a household, a worker, an employer and a posting, so that
// references can resolve and uniqueness can clash.
struct Fixture {
  TestServer s{NoSweepConfig()};
  std::string taken_id_number = FakeIdNumber("430523", "19880415", 913);
  Fixture() {
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    REQUIRE(s.Put("/v1/workers/W1", WorkerJson("H1", taken_id_number))->status == 201);
    REQUIRE(s.Put("/v1/employers/E1", EmployerJson())->status == 201);
    REQUIRE(s.Put("/v1/postings/P1", PostingJson("E1"))->status == 201);
  }

  // PUT `body` to `path`: `status`, problem+json, exactly these pointers (in
  // any order), and Redis unchanged. Returns the problem body.
  std::string Rejects(const std::string& path, const std::string& body, int status,
                      const std::vector<std::string>& pointers) {
    const std::string before = DumpRedis();
    auto r = s.Put(path, body);
    CHECK_PROBLEM(r, status);
    if (!r) return "";
    CHECK(Sorted(ErrorPointers(r->body)) == Sorted(pointers));
    CHECK(DumpRedis() == before);
    return r->body;
  }
};

// `json` with the first `"field":value` (value up to the next , or } at the
// same level, or a whole [...] / {...}) replaced by `"field":replacement`.
std::string With(std::string json, const std::string& field, const std::string& replacement) {
  const std::string key = "\"" + field + "\":";
  const size_t at = json.find(key);
  REQUIRE_MESSAGE(at != std::string::npos, field << " not in " << json);
  const size_t start = at + key.size();
  size_t end = start;
  int depth = 0;
  bool in_string = false;
  for (; end < json.size(); ++end) {
    const char c = json[end];
    if (in_string) {
      if (c == '\\') ++end;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') ++depth;
    else if (c == ']' || c == '}') {
      if (depth == 0) break;
      --depth;
    } else if (c == ',' && depth == 0) break;
  }
  json.replace(start, end - start, replacement);
  return json;
}
// `json` without `"field":value`.
std::string Without(std::string json, const std::string& field) {
  std::string marked = With(json, field, "@@");
  const size_t at = marked.find("\"" + field + "\":@@");
  size_t from = at, to = at + field.size() + 5;
  if (to < marked.size() && marked[to] == ',') ++to;
  else if (from > 0 && marked[from - 1] == ',') --from;
  marked.erase(from, to - from);
  return marked;
}

const char* kTypes[] = {"/v1/households/", "/v1/workers/", "/v1/employers/", "/v1/postings/", "/v1/trainings/"};

}  // namespace

TEST_SUITE("api_errors") {
  TEST_CASE("malformed JSON and bodies that are not an object: 400 problem+json, nothing written") {
    Fixture f;
    const std::string deep(60000, '[');  // under the 64 KiB limit, far over the depth limit
    for (const std::string& body :
         {std::string(R"({"region":)"), std::string("{'region':'430523'}"), std::string("not json"),
          std::string(R"({"region":"430523",})"), std::string(""), std::string(R"({"a":1}{"b":2})"),
          std::string("{\"region\":\"43\xff\xfe\"}"), std::string(R"({"region":"430523")") + std::string(1, '\0') + "}", deep,
          std::string("[]"), std::string("\"household\""), std::string("42"), std::string("null"),
          std::string("\xEF\xBB\xBF")}) {
      CAPTURE(body.substr(0, 40));
      const std::string problem = f.Rejects("/v1/households/H9", body, 400, {});
      if (!problem.empty()) CHECK(!Json(problem).Str("/detail").empty());
    }
    // Where it broke is in the detail.
    const std::string problem = f.Rejects("/v1/households/H9", "{\n  \"region\": \"430523\",\n  oops\n}", 400, {});
    CHECK(Json(problem).Str("/detail").find("line 3") != std::string::npos);
  }

  TEST_CASE("wrong JSON types: 422 with one pointer per field, nested ones included") {
    Fixture f;
    f.Rejects("/v1/households/H9",
              R"({"region":430523,"registered_poor":"yes","poverty_status":["exited"],"relocated":1,"site":"S"})", 422,
              {"/region", "/registered_poor", "/poverty_status", "/relocated"});
    std::string w = WorkerJson("H1", FakeIdNumber("430523", "19900101", 921));
    w = With(w, "level", R"("3")");
    w = With(w, "lat", R"("27.0")");
    w = With(w, "hours", R"("full_time")");
    w = With(w, "wants_work", "1");
    w = With(w, "hard_to_employ", "null");
    f.Rejects("/v1/workers/W9", w, 422,
              {"/skills/0/level", "/location/lat", "/willingness/hours", "/willingness/wants_work", "/hard_to_employ"});
    f.Rejects("/v1/workers/W9", With(WorkerJson("H1", "x"), "id_number", "430523199001019216"), 422, {"/id_number"});
    f.Rejects("/v1/postings/P9", With(PostingJson("E1"), "slots", "2.5"), 422, {"/slots"});
    f.Rejects("/v1/postings/P9", With(PostingJson("E1"), "required_skills", "{}"), 422, {"/required_skills"});
    f.Rejects("/v1/employers/E9", With(EmployerJson(), "location", "[27,111]"), 422, {"/location"});
    f.Rejects("/v1/trainings/T9", With(TrainingJson(), "start_date", "20270105"), 422, {"/start_date"});
    f.Rejects("/v1/trainings/T9", With(TrainingJson(), "end_date", R"("2027-02-30")"), 422, {"/end_date"});
    // A field the model does not have, and one given twice.
    f.Rejects("/v1/employers/E9", With(EmployerJson(), "kind", R"("workshop","colour":"red")"), 422, {"/colour"});
    f.Rejects("/v1/employers/E9", With(EmployerJson(), "kind", R"("workshop","kind":"workshop")"), 422, {"/kind"});
  }

  TEST_CASE("missing required fields: 422 naming each one") {
    Fixture f;
    f.Rejects("/v1/households/H9", "{}", 422, {"/region", "/registered_poor", "/poverty_status", "/relocated"});
    f.Rejects("/v1/households/H9", Without(HouseholdJson(), "site"), 422, {"/site"});  // required when relocated
    const std::string w = WorkerJson("H1", FakeIdNumber("430523", "19900101", 921));
    f.Rejects("/v1/workers/W9", Without(Without(w, "name"), "id_number"), 422, {"/name", "/id_number"});
    f.Rejects("/v1/workers/W9", Without(w, "wants_work"), 422, {"/willingness/wants_work"});
    f.Rejects("/v1/workers/W9", With(w, "skills", R"([{"code":"6-05-01-01"}])"), 422, {"/skills/0/level"});
    f.Rejects("/v1/postings/P9", Without(PostingJson("E1"), "open"), 422, {"/open"});
    f.Rejects("/v1/employers/E9", Without(EmployerJson(), "location"), 422, {"/location"});
    f.Rejects("/v1/employers/E9", With(EmployerJson(), "location", R"({"lat":27})"), 422, {"/location/lng"});
    f.Rejects("/v1/trainings/T9", Without(Without(TrainingJson(), "seats"), "teaches"), 422, {"/seats", "/teaches"});
  }

  TEST_CASE("values out of range: 422 naming each one") {
    Fixture f;
    std::string w = WorkerJson("H1", FakeIdNumber("430523", "19900101", 921));
    w = With(w, "skills", R"([{"code":"6-05-01-01","level":7},{"code":"6-01","level":0}])");
    w = With(w, "location", R"({"lat":95,"lng":-181})");
    w = With(w, "min_monthly_wage", "-5");
    f.Rejects("/v1/workers/W9", w, 422,
              {"/skills/0/level", "/skills/1/level", "/location/lat", "/location/lng", "/willingness/min_monthly_wage"});
    std::string p = PostingJson("E1");
    p = With(p, "slots", "-1");
    p = With(p, "monthly_wage", "2000000");
    p = With(p, "contract_months", "601");
    p = With(p, "open", "true,\"age_min\":10,\"age_max\":120");
    const std::string problem = f.Rejects("/v1/postings/P9", p, 422,
                                          {"/slots", "/monthly_wage", "/contract_months", "/age_min", "/age_max"});
    if (!problem.empty()) CHECK(Json(problem).Str("/errors/0/message").find("between") != std::string::npos);
    f.Rejects("/v1/postings/P9", With(PostingJson("E1"), "open", "true,\"age_min\":50,\"age_max\":40"), 422,
              {"/age_max"});
    f.Rejects("/v1/postings/P9", With(PostingJson("E1"), "slots", "99999999999999999999"), 422, {"/slots"});
    f.Rejects("/v1/workers/W9", With(WorkerJson("H1", FakeIdNumber("430523", "19900101", 921)), "max_commute_km",
                                     "1e400"),
              422, {"/willingness/max_commute_km"});
    std::string t = With(TrainingJson(), "start_date", R"("2027-03-01")");
    f.Rejects("/v1/trainings/T9", t, 422, {"/end_date"});
    f.Rejects("/v1/trainings/T9", With(TrainingJson(), "teaches", R"([{"code":"6-05","level":6}])"), 422,
              {"/teaches/0/level"});
    f.Rejects("/v1/trainings/T9", With(TrainingJson(), "teaches", R"([{"code":"six","level":2}])"), 422,
              {"/teaches/0/code"});
    f.Rejects("/v1/households/H9", With(HouseholdJson(), "phone", R"("call me")"), 422, {"/helper/phone"});
  }

  TEST_CASE("unknown enum values: 422 naming the field and the allowed values") {
    Fixture f;
    std::string problem =
        f.Rejects("/v1/households/H9", With(HouseholdJson(), "poverty_status", R"("gone")"), 422, {"/poverty_status"});
    if (!problem.empty()) CHECK(Json(problem).Str("/errors/0/message").find("monitored") != std::string::npos);
    const std::string w = WorkerJson("H1", FakeIdNumber("430523", "19900101", 921));
    f.Rejects("/v1/workers/W9", With(w, "labor_ability", R"("half")"), 422, {"/labor_ability"});
    f.Rejects("/v1/workers/W9", With(w, "hours", R"(["full_time","night"])"), 422, {"/willingness/hours/1"});
    f.Rejects("/v1/employers/E9", With(EmployerJson(), "kind", R"("shop")"), 422, {"/kind"});
    f.Rejects("/v1/postings/P9", With(PostingJson("E1"), "hours", R"("night")"), 422, {"/hours"});
    f.Rejects("/v1/postings/P9", With(PostingJson("E1"), "hours", R"("FULL_TIME")"), 422, {"/hours"});
  }

  TEST_CASE("ID numbers: wrong check digit, rounded by Excel, wrong length or date: 422 /id_number") {
    Fixture f;
    const std::string good = FakeIdNumber("430523", "19900101", 921);
    std::string wrong_check = good;
    wrong_check.back() = wrong_check.back() == '1' ? '2' : '1';
    struct Case {
      std::string id_number;
      const char* says;
    };
    for (const Case& c : {Case{wrong_check, "check digit"}, Case{"4.30523199001E+17", "Excel"},
                          Case{"430523198804150000", "Excel"}, Case{good.substr(0, 17), "18 characters"},
                          Case{good + "1", "18 characters"}, Case{"43052319901301921" + std::string("X"), "birth date"},
                          Case{good.substr(0, 17) + "x", ""}, Case{"", ""}}) {
      CAPTURE(c.id_number);
      const std::string problem = f.Rejects("/v1/workers/W9", WorkerJson("H1", c.id_number), 422, {"/id_number"});
      if (!problem.empty()) {
        const std::string message = Json(problem).Str("/errors/0/message");
        CHECK_MESSAGE(message.find(c.says) != std::string::npos, message);
        CHECK(message.find(c.id_number.empty() ? "@" : c.id_number) == std::string::npos);  // not echoed
      }
    }
    // A valid number already held by another worker: 409.
    const std::string before = DumpRedis();
    auto r = f.s.Put("/v1/workers/W9", WorkerJson("H1", f.taken_id_number));
    CHECK_PROBLEM(r, 409);
    CHECK(DumpRedis() == before);
    CHECK(f.s.Put("/v1/workers/W9", WorkerJson("H1", good))->status == 201);
  }

  TEST_CASE("region codes that are not 6 digits: 422 /region") {
    Fixture f;
    for (const char* region : {"43052", "4305231", "43052a", "", "４３０５２３", " 430523"}) {
      CAPTURE(region);
      f.Rejects("/v1/households/H9", HouseholdJson(region), 422, {"/region"});
      f.Rejects("/v1/employers/E9", EmployerJson(region), 422, {"/region"});
      f.Rejects("/v1/trainings/T9", TrainingJson(region), 422, {"/region"});
    }
  }

  TEST_CASE("a reference to a record that does not exist: 422 /household or /employer") {
    Fixture f;
    std::string problem =
        f.Rejects("/v1/workers/W9", WorkerJson("NOPE", FakeIdNumber("430523", "19900101", 921)), 422, {"/household"});
    if (!problem.empty()) CHECK(Json(problem).Str("/errors/0/message").find("NOPE") != std::string::npos);
    f.Rejects("/v1/postings/P9", PostingJson("NOPE"), 422, {"/employer"});
    // Also when the existing worker or posting is moved to a missing parent.
    f.Rejects("/v1/workers/W1", WorkerJson("NOPE", f.taken_id_number), 422, {"/household"});
    f.Rejects("/v1/postings/P1", PostingJson("E404"), 422, {"/employer"});
    // An id in the path that is not an id at all.
    CHECK_PROBLEM(f.s.Put("/v1/households/bad.id", HouseholdJson()), 400);
    CHECK_PROBLEM(f.s.Put("/v1/households/" + std::string(65, 'a'), HouseholdJson()), 400);
    CHECK(f.s.Put("/v1/households/" + std::string(64, 'a'), HouseholdJson())->status == 201);
    CHECK(f.s.Delete("/v1/households/" + std::string(64, 'a'))->status == 204);
  }

  TEST_CASE("a body over the limit: 413 before it is read, the limit itself is accepted") {
    Fixture f;  // TestConfig: 64 KiB for JSON, 8 MiB for imports
    const std::string before = DumpRedis();
    std::string body = HouseholdJson();
    std::string big = body;
    big.insert(big.size() - 1, std::string(70000, ' '));
    CHECK_PROBLEM(f.s.Put("/v1/households/H9", big), 413);
    // Announced but never sent: the answer comes from the headers alone.
    std::string raw = RawHttp(f.s.port(),
                              "PUT /v1/households/H9 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                                  std::string(kAdminToken) +
                                  "\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{");
    CHECK(RawStatus(raw) == 413);
    CHECK(RawHeader(raw, "Content-Type") == "application/problem+json");
    raw = RawHttp(f.s.port(), "POST /v1/import/workers HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                                  std::string(kAdminToken) + "\r\nContent-Type: text/csv\r\nContent-Length: " +
                                  std::to_string((8 << 20) + 1) + "\r\n\r\nid,");
    CHECK(RawStatus(raw) == 413);
    raw = RawHttp(f.s.port(), "PUT /v1/households/H9 HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                                  std::string(kAdminToken) + "\r\nContent-Length: -5\r\n\r\n");
    CHECK(RawStatus(raw) >= 400);
    CHECK(RawStatus(raw) < 500);
    CHECK(DumpRedis() == before);
    // Exactly at the limit is fine.
    std::string exact = body;
    exact.insert(exact.size() - 1, std::string(64 * 1024 - body.size(), ' '));
    REQUIRE(exact.size() == 64 * 1024);
    auto r = f.s.Put("/v1/households/H9", exact);
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 201, r->body);
  }

  TEST_CASE("a file sent as form data (curl -d / --data-binary without a type): 413 over 8 KiB says which type to send") {
    Fixture f;
    std::string csv = "id,region,registered_poor,poverty_status,relocated\n";
    for (int i = 0; csv.size() < 20000; ++i) csv += "HF" + std::to_string(i) + ",430523,否,exited,否\n";
    const std::string before = DumpRedis();
    auto r = f.s.Post("/v1/import/households", csv, kAdminToken, "application/x-www-form-urlencoded");
    CHECK_PROBLEM(r, 413);
    if (r) CHECK(Json(r->body).Str("/detail").find("Content-Type") != std::string::npos);
    CHECK(DumpRedis() == before);
    // The same file with its own type is imported.
    r = f.s.Post("/v1/import/households", csv, kAdminToken, "text/csv");
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 200, r->body);
    // A small one goes through either way.
    r = f.s.Post("/v1/import/households", csv.substr(0, csv.find('\n', 2000) + 1), kAdminToken,
                 "application/x-www-form-urlencoded");
    REQUIRE(r);
    CHECK_MESSAGE(r->status == 200, r->body);
  }

  TEST_CASE("unknown paths: 404 problem+json, with or without a token") {
    Fixture f;
    for (const char* path : {"/", "/v1", "/v1/", "/v1/nothing", "/v2/households", "/v1/households/H1/extra",
                             "/v1/households/", "/v1/import/people", "/v1/import", "/V1/households", "/livez/x",
                             "/v1/households/H1/H2"}) {
      CAPTURE(path);
      CHECK_PROBLEM(f.s.Get(path), 404);
      CHECK_PROBLEM(f.s.Get(path, nullptr), 404);
      CHECK_PROBLEM(f.s.Put(path, "{}"), 404);
    }
    CHECK_PROBLEM(f.s.Get("/v1/workers/NOPE"), 404);
  }

  TEST_CASE("wrong methods: 405 problem+json with an Allow header") {
    Fixture f;
    auto allow = [](const httplib::Result& r) {
      std::vector<std::string> out;
      std::string v = r->get_header_value("Allow");
      size_t start = 0;
      while (start <= v.size()) {
        size_t comma = v.find(',', start);
        if (comma == std::string::npos) comma = v.size();
        std::string m = v.substr(start, comma - start);
        while (!m.empty() && m.front() == ' ') m.erase(0, 1);
        if (!m.empty()) out.push_back(m);
        start = comma + 1;
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    httplib::Client c = f.s.Client();
    const auto auth = TestServer::Auth(kAdminToken);
    auto r = c.Post("/v1/households/H1", auth, "{}", "application/json");
    CHECK_PROBLEM(r, 405);
    CHECK(allow(r) == std::vector<std::string>{"DELETE", "GET", "PUT"});
    r = c.Patch("/v1/households/H1", auth, "{}", "application/json");
    CHECK_PROBLEM(r, 405);
    CHECK(allow(r) == std::vector<std::string>{"DELETE", "GET", "PUT"});
    for (const char* kind : kTypes) {
      std::string list(kind);
      list.pop_back();
      r = c.Put(list, auth, "{}", "application/json");
      CHECK_PROBLEM(r, 405);
      CHECK(allow(r) == std::vector<std::string>{"GET"});
      r = c.Delete(list, auth);
      CHECK_PROBLEM(r, 405);
    }
    r = c.Get("/v1/import/workers", auth);
    CHECK_PROBLEM(r, 405);
    CHECK(allow(r) == std::vector<std::string>{"POST"});
    r = c.Delete("/livez");
    CHECK_PROBLEM(r, 405);
    CHECK(allow(r) == std::vector<std::string>{"GET"});
    r = c.Post("/openapi.json", "{}", "application/json");
    CHECK_PROBLEM(r, 405);
    r = c.Options("/v1/households");
    CHECK_PROBLEM(r, 405);
    // A method the server does not know at all still gets an answer, not a crash.
    const std::string raw = RawHttp(f.s.port(), "BREW /v1/households HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    CHECK(RawStatus(raw) >= 400);
    CHECK(RawStatus(raw) < 500);
    CHECK(f.s.Get("/livez")->status == 200);
  }

  TEST_CASE("a chunked request body is refused with 411 and nothing is written") {
    Fixture f;
    const std::string before = DumpRedis();
    const std::string body = HouseholdJson();
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size());
    const std::string head = "Host: t\r\nAuthorization: Bearer " + std::string(kAdminToken) +
                             "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    std::string raw = RawHttp(f.s.port(), "PUT /v1/households/H9 HTTP/1.1\r\n" + head + size + "\r\n" + body +
                                              "\r\n0\r\n\r\n");
    CHECK(RawStatus(raw) == 411);
    CHECK(RawHeader(raw, "Content-Type") == "application/problem+json");
    CHECK(Json(RawBody(raw)).Int("/status") == 411);
    // The import route, and a chunk far over the limit that is never sent.
    raw = RawHttp(f.s.port(), "POST /v1/import/households HTTP/1.1\r\n" + head + "7fffffff\r\nid,region\r\n");
    CHECK(RawStatus(raw) == 411);
    // Also when a Content-Length is given as well.
    raw = RawHttp(f.s.port(), "PUT /v1/households/H9 HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) +
                                  "\r\n" + head + size + "\r\n" + body + "\r\n0\r\n\r\n");
    CHECK(RawStatus(raw) == 411);
    CHECK(DumpRedis() == before);
    CHECK_PROBLEM(f.s.Get("/v1/households/H9"), 404);
  }

  TEST_CASE("a compressed request body (Content-Encoding) is refused with 415 and nothing is written") {
    Fixture f;
    const std::string before = DumpRedis();
    httplib::Client c = f.s.Client();
    for (const char* encoding : {"gzip", "deflate", "br", "x-gzip", "gzip, identity"}) {
      CAPTURE(encoding);
      httplib::Headers h = TestServer::Auth(kAdminToken);
      h.emplace("Content-Encoding", encoding);
      // Bytes that are a valid gzip stream header; the server must not inflate them.
      const std::string gz("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00\x43\xbf\xa6\xa3\x02\x00\x00\x00",
                           22);
      CHECK_PROBLEM(c.Put("/v1/households/H9", h, gz, "application/json"), 415);
      CHECK_PROBLEM(c.Post("/v1/import/households", h, gz, "text/csv"), 415);
    }
    CHECK(DumpRedis() == before);
    httplib::Headers identity = TestServer::Auth(kAdminToken);
    identity.emplace("Content-Encoding", "identity");
    auto r = c.Put("/v1/households/H9", identity, HouseholdJson(), "application/json");
    REQUIRE(r);
    CHECK(r->status == 201);
  }

  TEST_CASE("an over-long request line or header, or very many headers: a 4xx or a closed connection, never a crash") {
    Fixture f;
    const std::string auth = "Authorization: Bearer " + std::string(kAdminToken) + "\r\n";
    for (const std::string& request :
         {"GET /v1/households?region=" + std::string(100000, '4') + " HTTP/1.1\r\nHost: t\r\n" + auth + "\r\n",
          "GET /v1/households HTTP/1.1\r\nHost: t\r\nX-Long: " + std::string(200000, 'a') + "\r\n" + auth + "\r\n",
          [&] {
            std::string r = "GET /v1/households HTTP/1.1\r\nHost: t\r\n" + auth;
            for (int i = 0; i < 5000; ++i) r += "X-H" + std::to_string(i) + ": v\r\n";
            return r + "\r\n";
          }(),
          std::string("GET /v1/households HTTP/1.1\r\nHost: t\r\n") + auth + "X-Bin: \x01\x02\xff\r\n\r\n",
          std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), std::string("GET\r\n\r\n")}) {
      const std::string raw = RawHttp(f.s.port(), request, 1000);
      const int status = RawStatus(raw);
      CHECK_MESSAGE((status == 0 || status < 500), raw.substr(0, 200));
    }
    CHECK(f.s.Get("/livez")->status == 200);
    CHECK(f.s.Get("/v1/households/H1")->status == 200);
  }

  TEST_CASE("a few hundred mutated bodies never get a 5xx, rejections write nothing, the server keeps answering") {
    Fixture f;
    std::mt19937 rng(20261201);
    auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    const std::vector<std::pair<std::string, std::string>> bases = {
        {"/v1/households/F", HouseholdJson()},
        {"/v1/workers/F", WorkerJson("H1", FakeIdNumber("430523", "19900101", 931))},
        {"/v1/employers/F", EmployerJson()},
        {"/v1/postings/F", PostingJson("E1")},
        {"/v1/trainings/F", TrainingJson()}};
    const std::vector<std::string> tokens = {
        "\"", "{", "}", "[", "]", ",", ":", "null", "true", "false", "-1", "0", "1e400", "-1e400",
        "99999999999999999999999", "2.5", "NaN", "\"\\u0000\"", "\"\\ud800\"", "\"\\uZZZZ\"", "\xff", "\xc3",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "{\"a\":", "\"\"", "\"430523\"", "\"H1\"", "\"E1\"",
        "{\"lat\":1e308,\"lng\":-1e308}", "[{\"code\":\"6\",\"level\":5}]", std::string(3000, 'x'), "\\", "\t\n "};
    const auto mutate = [&](std::string s) {
      const int n = 1 + static_cast<int>(pick(3));
      for (int i = 0; i < n && !s.empty(); ++i) {
        switch (pick(6)) {
          case 0: s[pick(s.size())] = static_cast<char>(rng() & 0xff); break;
          case 1: {
            const size_t at = pick(s.size());
            s.erase(at, 1 + pick(std::min<size_t>(20, s.size() - at)));
            break;
          }
          case 2: {
            const size_t at = pick(s.size());
            s.insert(at, s.substr(at, pick(30)));
            break;
          }
          case 3: s.insert(pick(s.size() + 1), tokens[pick(tokens.size())]); break;
          case 4: s.resize(pick(s.size())); break;
          case 5: {  // replace a value after a colon
            const size_t colon = s.find(':', pick(s.size()));
            if (colon == std::string::npos) break;
            size_t end = colon + 1;
            while (end < s.size() && s[end] != ',' && s[end] != '}') ++end;
            s.replace(colon + 1, end - colon - 1, tokens[pick(tokens.size())]);
            break;
          }
        }
      }
      return s;
    };
    auto fingerprint = [] {
      return std::to_string(DbSize()) + "/" + std::to_string(Changes()) + "/" + std::to_string(XLen("leye:audit"));
    };
    int answered = 0, created = 0;
    for (int i = 0; i < 400; ++i) {
      const auto& [path, body] = bases[pick(bases.size())];
      const std::string mutated = mutate(body);
      CAPTURE(i);
      CAPTURE(mutated);
      const std::string before = fingerprint();
      auto r = f.s.Put(path + std::to_string(i), mutated);
      REQUIRE_MESSAGE(r, "no answer: " << httplib::to_string(r.error()));
      ++answered;
      CHECK(r->status < 500);
      if (r->status >= 400) {
        CHECK(r->get_header_value("Content-Type") == "application/problem+json");
        CHECK(Json(r->body).Int("/status") == r->status);
        CHECK(fingerprint() == before);
      } else {
        CHECK(r->status == 201);
        ++created;
      }
    }
    CHECK(answered == 400);
    MESSAGE(created << " of 400 mutated bodies were still valid");
    CHECK(f.s.Get("/livez")->status == 200);
    CHECK(f.s.Put("/v1/households/AFTER", HouseholdJson())->status == 201);
  }
}
