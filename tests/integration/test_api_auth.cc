// Auth and personal data (issue 2, item 7): 401 without or with a wrong
// token; the role matrix (admin, bureau, monitor, kiosk) against GET, list,
// PUT, DELETE and import, inside and outside each token's region prefix;
// ID-number masking per role; the audit stream of full ID-number reads; a
// dump of Redis showing no ID number and no token in plain text.
#include <algorithm>
#include <map>

#include "tests/integration/test_server.h"

using namespace leye;
using namespace leye::testing;

namespace {

const char* kKinds[] = {"households", "workers", "employers", "postings", "trainings"};
// Three counties: 430523 (every token's home), 430524 (same prefecture
// 4305, another county), 433122 (Xiangxi, prefix 4331).
const char* kCounties[] = {"430523", "430524", "433122"};

std::string Tag(const std::string& county) {
  return county == "430523" ? "IN" : county == "430524" ? "NEAR" : "OUT";
}

int& Serial() {
  static int n = 0;
  return n;
}

// A valid body of `kind` in `county`, its parents being H<tag> / E<tag>.
std::string Body(const std::string& kind, const std::string& county) {
  if (kind == "households") return HouseholdJson(county, true, "SITE-" + Tag(county));
  if (kind == "workers") {
    const int n = ++Serial();
    return WorkerJson("H" + Tag(county), FakeIdNumber(county, std::to_string(1960 + n / 100) + "0101", 900 + n % 100),
                      "赵小" + std::string(n % 2 ? "梅" : "兰"));
  }
  if (kind == "employers") return EmployerJson(county);
  if (kind == "postings") return PostingJson("E" + Tag(county));
  return TrainingJson(county);
}

// The register every role is tried against: one record of each kind in each
// county, made by the admin. `county_of[kind][id]` follows every change.
struct Matrix {
  TestServer s{NoSweepConfig()};
  std::map<std::string, std::map<std::string, std::string>> county_of;
  std::map<std::string, std::string> bodies;  // path -> body as created

  Matrix() {
    for (const char* county : kCounties)
      for (const char* kind : kKinds) Create(kind, county);
  }
  // Creates <K><tag><suffix> as admin.
  std::string Create(const std::string& kind, const std::string& county, const std::string& suffix = "") {
    const std::string id = std::string(1, static_cast<char>(std::toupper(kind[0]))) + Tag(county) + suffix;
    const std::string path = "/v1/" + kind + "/" + id;
    const std::string body = Body(kind, county);
    auto r = s.Put(path, body);
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 201, path << ": " << r->body);
    county_of[kind][id] = county;
    bodies[path] = body;
    return id;
  }
  std::vector<std::string> Visible(const std::string& kind, const std::string& prefix) {
    std::vector<std::string> ids;
    for (const auto& [id, county] : county_of[kind])
      if (county.rfind(prefix, 0) == 0) ids.push_back(id);
    return ids;  // std::map: already in id order
  }
};

std::vector<std::string> ListIds(const std::string& body) {
  Json j(body);
  std::vector<std::string> ids;
  simdjson::dom::array items;
  REQUIRE(!j.root["items"].get_array().get(items));
  for (auto item : items) {
    std::string_view id;
    REQUIRE(!item["id"].get_string().get(id));
    ids.emplace_back(id);
  }
  return ids;
}

std::string HouseholdCsv(const std::string& id, const std::string& county) {
  return "id,region,registered_poor,poverty_status,relocated\n" + id + "," + county + ",否,exited,否\n";
}

// Tries `token` (role `prefix`, may it read / write the register) against
// every endpoint of every kind in every county.
void CheckRole(const char* token, const std::string& prefix, bool can_read, bool can_write) {
  Matrix m;
  TestServer& s = m.s;
  for (const char* kind_name : kKinds) {
    const std::string kind = kind_name;
    CAPTURE(kind);
    for (const char* county_name : kCounties) {
      const std::string county = county_name;
      CAPTURE(county);
      const bool inside = std::string(county).rfind(prefix, 0) == 0;
      const std::string id = std::string(1, static_cast<char>(std::toupper(kind[0]))) + Tag(county);
      const std::string path = std::string("/v1/") + kind + "/" + id;

      // GET an existing record.
      auto r = s.Get(path, token);
      REQUIRE(r);
      if (can_read && inside) {
        CHECK_MESSAGE(r->status == 200, r->body);
        CHECK(Json(r->body).Str("/id") == id);
      } else {
        CHECK_PROBLEM(r, 403);
      }

      // PUT over an existing record (the same body: 200, no change).
      std::string before = DumpRedis();
      r = s.Put(path, m.bodies[path], token);
      if (can_write && inside) {
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 200, r->body);
      } else {
        CHECK_PROBLEM(r, 403);
        CHECK(DumpRedis() == before);
      }

      // PUT a new record.
      before = DumpRedis();
      const std::string new_path = path + "NEW";
      const std::string body = Body(kind, county);
      r = s.Put(new_path, body, token);
      if (can_write && inside) {
        REQUIRE(r);
        CHECK_MESSAGE(r->status == 201, r->body);
        m.county_of[kind][id + "NEW"] = county;
      } else {
        CHECK_PROBLEM(r, 403);
        CHECK(DumpRedis() == before);
        CHECK(s.Get(new_path)->status == 404);
      }

      // DELETE a record nothing points at.
      const std::string del_id = m.Create(kind, county, "DEL");
      before = DumpRedis();
      r = s.Delete(std::string("/v1/") + kind + "/" + del_id, token);
      if (can_write && inside) {
        REQUIRE(r);
        CHECK(r->status == 204);
        m.county_of[kind].erase(del_id);
      } else {
        CHECK_PROBLEM(r, 403);
        CHECK(DumpRedis() == before);
      }
    }

    // A write may not move a record out of the token's region (nor in from outside).
    if (can_write && !prefix.empty() && (std::string(kind) == "households" || std::string(kind) == "employers" ||
                                         std::string(kind) == "trainings")) {
      const std::string in_county = prefix == "4331" ? "433122" : "430523";
      const std::string out_county = prefix == "4331" ? "430523" : "433122";
      const std::string path =
          std::string("/v1/") + kind + "/" + std::string(1, static_cast<char>(std::toupper(kind[0]))) + "MOVE";
      REQUIRE(s.Put(path, Body(kind, in_county))->status == 201);
      const std::string before = DumpRedis();
      CHECK_PROBLEM(s.Put(path, Body(kind, out_county), token), 403);
      CHECK(DumpRedis() == before);
      CHECK(s.Delete(path)->status == 204);
    }

    // Lists: only what lies inside the prefix; a region filter outside it is 403.
    auto r = s.Get(std::string("/v1/") + kind, token);
    if (can_read) {
      REQUIRE(r);
      REQUIRE_MESSAGE(r->status == 200, r->body);
      CHECK(ListIds(r->body) == m.Visible(kind, prefix));
      r = s.Get(std::string("/v1/") + kind + "?region=43", token);  // wider than the prefix: narrowed to it
      REQUIRE(r);
      REQUIRE_MESSAGE(r->status == 200, r->body);
      CHECK(ListIds(r->body) == m.Visible(kind, prefix.empty() ? "43" : prefix));
      const bool xiangxi_visible = prefix.empty() || std::string("4331").rfind(prefix, 0) == 0;
      r = s.Get(std::string("/v1/") + kind + "?region=4331", token);
      if (xiangxi_visible) {
        REQUIRE(r);
        CHECK(r->status == 200);
        CHECK(ListIds(r->body) == m.Visible(kind, "4331"));
      } else {
        CHECK_PROBLEM(r, 403);
      }
    } else {
      CHECK_PROBLEM(r, 403);
    }
  }

  // Import: a writer's rows inside its region are stored, rows outside are
  // rejected one by one (field "region"); a reader or kiosk gets 403.
  for (const char* county_name : kCounties) {
    const std::string county = county_name;
    CAPTURE(county);
    const bool inside = std::string(county).rfind(prefix, 0) == 0;
    const std::string id = std::string("HIMP") + Tag(county);
    const std::string before = DumpRedis();
    auto r = s.Post("/v1/import/households", HouseholdCsv(id, county), token, "text/csv");
    if (!can_write) {
      CHECK_PROBLEM(r, 403);
      CHECK(DumpRedis() == before);
      continue;
    }
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    Json report(r->body);
    if (inside) {
      CHECK(report.Int("/accepted") == 1);
      CHECK(report.Int("/created") == 1);
      CHECK(s.Get("/v1/households/" + id)->status == 200);
    } else {
      CHECK(report.Int("/accepted") == 0);
      REQUIRE(report.Size("/rejected") == 1);
      CHECK(report.Int("/rejected/0/line") == 2);
      CHECK(report.Str("/rejected/0/field") == "region");
      CHECK(DumpRedis() == before);
    }
  }
}

std::vector<std::string> AuditEntries() {
  std::vector<std::string> out;
  auto v = RedisCmd({"XRANGE", "leye:audit", "-", "+"});
  for (const auto& entry : v.elements) {
    std::map<std::string, std::string> f;
    const auto& fields = entry.elements[1].elements;
    for (size_t i = 0; i + 1 < fields.size(); i += 2) f[fields[i].str] = fields[i + 1].str;
    out.push_back(f["actor"] + " " + f["action"] + " " + f["kind"] + " " + f["record_id"]);
  }
  return out;
}

}  // namespace

TEST_SUITE("api_auth") {
  TEST_CASE("every /v1 request needs a known bearer token: 401 with WWW-Authenticate otherwise") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    const std::string before = DumpRedis();
    const std::vector<std::string> headers = {"",
                                              "Bearer wrong-token-0000000000",
                                              std::string("Bearer ") + kAdminToken + "x",
                                              std::string("Bearer  ") + kAdminToken,
                                              std::string("Basic ") + kAdminToken,
                                              std::string("Token ") + kAdminToken,
                                              std::string(kAdminToken),
                                              "Bearer",
                                              "Bearer " + std::string(600, 'a'),
                                              std::string("Bearer ") + Sha256Hex(kAdminToken)};
    for (const std::string& h : headers) {
      CAPTURE(h);
      httplib::Headers hs;
      if (!h.empty()) hs.emplace("Authorization", h);
      httplib::Client c = s.Client();
      std::vector<httplib::Result> answers;
      answers.push_back(c.Get("/v1/households/H1", hs));
      answers.push_back(c.Get("/v1/households/NOPE", hs));  // 401, not 404: nothing leaks
      answers.push_back(c.Get("/v1/workers", hs));
      answers.push_back(c.Put("/v1/households/H2", hs, HouseholdJson(), "application/json"));
      answers.push_back(c.Put("/v1/households/H3", hs, "{", "application/json"));
      answers.push_back(c.Delete("/v1/households/H1", hs));
      answers.push_back(c.Post("/v1/import/households", hs, HouseholdCsv("H4", "430523"), "text/csv"));
      for (auto& r : answers) {
        CHECK_PROBLEM(r, 401);
        if (r) CHECK(r->get_header_value("WWW-Authenticate") == "Bearer");
      }
    }
    CHECK(DumpRedis() == before);
    // The operations endpoints need none.
    CHECK(s.Get("/livez", nullptr)->status == 200);
    CHECK(s.Get("/readyz", nullptr)->status == 200);
    CHECK(s.Get("/openapi.json", nullptr)->status == 200);
  }

  TEST_CASE("admin: every endpoint, every region") { CheckRole(kAdminToken, "", true, true); }

  TEST_CASE("bureau: reads and writes only inside its region prefix (4305)") {
    CheckRole(kBureauToken, "4305", true, true);
  }

  TEST_CASE("bureau of another prefecture (4331): the same rules for its own prefix") {
    CheckRole(kOtherBureauToken, "4331", true, true);
  }

  TEST_CASE("monitor: reads inside its prefix (430523), writes nothing") {
    CheckRole(kMonitorToken, "430523", true, false);
  }

  TEST_CASE("kiosk: no access to the register at all") { CheckRole(kKioskToken, "430523", false, false); }

  TEST_CASE("ID numbers: admin sees them whole, bureau first 3 and last 4, monitor first and last, never the birth date") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    std::vector<std::string> numbers = {FakeIdNumber("430523", "19880415", 913)};
    for (int seq = 900; seq < 1000 && numbers.size() < 2; ++seq)
      if (FakeIdNumber("430523", "19790823", seq).back() == 'X') numbers.push_back(FakeIdNumber("430523", "19790823", seq));
    REQUIRE(numbers.size() == 2);
    for (size_t i = 0; i < numbers.size(); ++i)
      REQUIRE(s.Put("/v1/workers/W" + std::to_string(i), WorkerJson("H1", numbers[i]))->status == 201);

    for (size_t i = 0; i < numbers.size(); ++i) {
      const std::string& n = numbers[i];
      CAPTURE(n);
      const std::string path = "/v1/workers/W" + std::to_string(i);
      const std::string partial = n.substr(0, 3) + std::string(11, '*') + n.substr(14);
      const std::string minimal = n.substr(0, 1) + std::string(16, '*') + n.substr(17);
      struct Reader {
        const char* token;
        std::string expected;
      };
      for (const Reader& reader : {Reader{kAdminToken, n}, Reader{kBureauToken, partial},
                                   Reader{kMonitorToken, minimal}}) {
        auto r = s.Get(path, reader.token);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        CHECK(Json(r->body).Str("/id_number") == reader.expected);
        r = s.Get("/v1/workers?household=H1", reader.token);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        CHECK(Json(r->body).Str(("/items/" + std::to_string(i) + "/id_number").c_str()) == reader.expected);
        if (reader.expected != n) {
          CHECK(reader.expected.substr(6, 8) == std::string(8, '*'));  // characters 7-14: the birth date
          CHECK(r->body.find(n.substr(6, 8)) == std::string::npos);
          CHECK(r->body.find(n) == std::string::npos);
        }
      }
      CHECK_PROBLEM(s.Get(path, kKioskToken), 403);
      CHECK_PROBLEM(s.Get(path, kOtherBureauToken), 403);
      // A write answers with the record as the writer may see it.
      auto r = s.Put(path, WorkerJson("H1", n, "钱小红"), kBureauToken);
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(Json(r->body).Str("/id_number") == partial);
      CHECK(r->body.find(n) == std::string::npos);
    }
  }

  TEST_CASE("each full ID-number read by an admin is recorded in leye:audit (who, when, which record)") {
    Config config = NoSweepConfig();
    const char* kOpsAdmin = "ops-admin-token-000000000001";
    config.tokens.push_back({"ops-admin", Role::kAdmin, "", Sha256Hex(kOpsAdmin)});
    TestServer s(config);
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    for (int i = 0; i < 3; ++i)
      REQUIRE(s.Put("/v1/workers/W" + std::to_string(i), WorkerJson("H1", FakeIdNumber("430523", "19900101", 941 + i)),
                    kBureauToken)
                  ->status == 201);
    CHECK(AuditEntries().empty());  // bureau writes and reads show masked numbers: nothing to record

    const auto t0 = std::chrono::system_clock::now();
    REQUIRE(s.Get("/v1/workers/W1")->status == 200);
    std::vector<std::string> expected = {"env-admin read_id_number worker W1"};
    CHECK(AuditEntries() == expected);
    REQUIRE(s.Get("/v1/workers/W2", kOpsAdmin)->status == 200);
    expected.push_back("ops-admin read_id_number worker W2");
    CHECK(AuditEntries() == expected);
    // A list shows three numbers: three entries.
    REQUIRE(s.Get("/v1/workers", kOpsAdmin)->status == 200);
    for (int i = 0; i < 3; ++i) expected.push_back("ops-admin read_id_number worker W" + std::to_string(i));
    CHECK(AuditEntries() == expected);
    // An admin write answers with the number: recorded too.
    REQUIRE(s.Put("/v1/workers/W0", WorkerJson("H1", FakeIdNumber("430523", "19900101", 941), "孙小燕"))->status == 200);
    expected.push_back("env-admin read_id_number worker W0");
    CHECK(AuditEntries() == expected);
    // Reads that show no full number add nothing.
    REQUIRE(s.Get("/v1/workers/W1", kBureauToken)->status == 200);
    REQUIRE(s.Get("/v1/workers", kMonitorToken)->status == 200);
    REQUIRE(s.Get("/v1/households/H1")->status == 200);
    REQUIRE(s.Get("/v1/workers?household=NOPE")->status == 200);
    REQUIRE(s.Get("/v1/workers/NOPE")->status == 404);
    CHECK(AuditEntries() == expected);
    // When: at_ms is the time of the read.
    auto v = RedisCmd({"XRANGE", "leye:audit", "-", "+", "COUNT", "1"});
    const auto& fields = v.elements[0].elements[1].elements;
    int64_t at_ms = 0;
    for (size_t i = 0; i + 1 < fields.size(); i += 2)
      if (fields[i].str == "at_ms") at_ms = std::stoll(fields[i + 1].str);
    const int64_t t0_ms = std::chrono::duration_cast<std::chrono::milliseconds>(t0.time_since_epoch()).count();
    CHECK(at_ms >= t0_ms - 1000);
    CHECK(at_ms <= t0_ms + 60000);
  }

  TEST_CASE("a dump of Redis never shows an ID number or a token in plain text") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    REQUIRE(s.Put("/v1/households/H2", HouseholdJson("430524"))->status == 201);
    std::vector<std::string> numbers;
    for (int i = 0; i < 5; ++i) {
      numbers.push_back(FakeIdNumber(i < 3 ? "430523" : "430524", "1985061" + std::to_string(i), 951 + i));
      REQUIRE(s.Put("/v1/workers/W" + std::to_string(i), WorkerJson(i < 3 ? "H1" : "H2", numbers.back()),
                    i % 2 ? kBureauToken : kAdminToken)
                  ->status == 201);
    }
    // One through an import, one changed to another number (the old index goes).
    numbers.push_back(FakeIdNumber("430523", "19770707", 961));
    const std::string csv =
        "人员编号,户编号,姓名,身份证号,劳动能力,就业困难人员,纬度,经度,有就业意愿,最远通勤公里,愿意出县,愿意出省,工作时间\n"
        "W9,H1,郑小芳," + numbers.back() + ",全劳动力,否,27.0,111.2,是,10,否,否,全职\n";
    auto r = s.Post("/v1/import/workers", csv, kAdminToken, "text/csv");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    REQUIRE_MESSAGE(Json(r->body).Int("/created") == 1, r->body);
    numbers.push_back(FakeIdNumber("430523", "19660606", 962));
    REQUIRE(s.Put("/v1/workers/W0", WorkerJson("H1", numbers.back()))->status == 200);
    for (int i = 0; i < 5; ++i) REQUIRE(s.Get("/v1/workers/W" + std::to_string(i))->status == 200);  // audit entries
    REQUIRE(s.Delete("/v1/workers/W4")->status == 204);

    const std::string dump = DumpRedis();
    CHECK(dump.find("leye:{430523}:worker:W0") != std::string::npos);  // the dump is real
    CHECK(dump.find("李秀英") != std::string::npos);
    for (const std::string& n : numbers) {
      CAPTURE(n);
      CHECK(dump.find(n) == std::string::npos);
      CHECK(dump.find(n.substr(0, 17)) == std::string::npos);
      CHECK(dump.find(n.substr(6, 12)) == std::string::npos);  // birth date and sequence
    }
    for (const char* token : {kAdminToken, kBureauToken, kOtherBureauToken, kMonitorToken, kKioskToken, kSecret}) {
      CAPTURE(token);
      CHECK(dump.find(token) == std::string::npos);
    }
  }
}
