// Import (issue 2, item 8): POST /v1/import/<kind> with the sample files of
// tests/data (CSV in UTF-8 with and without a BOM, GBK, .xlsx): rows
// accepted, each rejected row with its line, field and reason; valid rows
// stored and readable, rejected ones not; the same file twice changes
// nothing; `leye import FILE` prints the report and exits 1 on rejections.
#include <algorithm>
#include <map>

#include "tests/integration/test_server.h"

using namespace leye;
using namespace leye::testing;

namespace {

struct Rejection {
  int64_t line;
  std::string field;
  std::string reason;  // a part of the reason
};

// Posts `file` (a name under tests/data) to /v1/import/<kind>; 200 expected.
std::string Import(TestServer& s, const std::string& kind, const std::string& file, const char* token = kAdminToken) {
  const std::string bytes = ReadFile(DataFile(file));
  REQUIRE_MESSAGE(!bytes.empty(), "missing sample " << file);
  const bool xlsx = bytes.rfind("PK\x03\x04", 0) == 0;
  auto r = s.Post("/v1/import/" + kind, bytes, token,
                  xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
  REQUIRE(r);
  REQUIRE_MESSAGE(r->status == 200, file << ": " << r->body);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  return r->body;
}

void CheckCounts(const std::string& report, const std::string& kind, int64_t rows, int64_t accepted, int64_t created,
                 int64_t updated, int64_t unchanged) {
  Json j(report);
  CAPTURE(report);
  CHECK(j.Str("/kind") == kind);
  CHECK(j.Int("/rows") == rows);
  CHECK(j.Int("/accepted") == accepted);
  CHECK(j.Int("/created") == created);
  CHECK(j.Int("/updated") == updated);
  CHECK(j.Int("/unchanged") == unchanged);
}

void CheckRejected(const std::string& report, const std::vector<Rejection>& expected) {
  Json j(report);
  CAPTURE(report);
  REQUIRE(j.Size("/rejected") == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const std::string at = "/rejected/" + std::to_string(i);
    CHECK(j.Int((at + "/line").c_str()) == expected[i].line);
    const std::string field = j.Str((at + "/field").c_str());
    // A reference or uniqueness refusal is reported under the record's field
    // name ("household", "id_number"), the others under the file's own
    // column header ("户编号", "身份证号"); either names the column.
    if (expected[i].field == "户编号")
      CHECK((field == "户编号" || field == "household"));
    else if (expected[i].field == "身份证号" && expected[i].reason.find("ID number") != std::string::npos)
      CHECK((field == "身份证号" || field == "id_number"));
    else
      CHECK(field == expected[i].field);
    CHECK_MESSAGE(j.Str((at + "/reason").c_str()).find(expected[i].reason) != std::string::npos,
                  j.Str((at + "/reason").c_str()));
  }
}

int HttpStatus(TestServer& s, const std::string& path) {
  auto r = s.Get(path);
  REQUIRE(r);
  return r->status;
}

void PutHouseholds(TestServer& s) {
  REQUIRE(s.Put("/v1/households/H1", HouseholdJson("430523", false))->status == 201);
  REQUIRE(s.Put("/v1/households/H2", HouseholdJson("430523", true, "SITE-BAICANG"))->status == 201);
}

// What tests/data/api_workers_{bom,gbk}.csv reject (lines 4 to 8; 2, 3 and 7 are valid).
const std::vector<Rejection> kApiWorkersRejected = {
    {4, "身份证号", "check digit is wrong"},
    {5, "技能", "must be between 1 and 5"},
    {6, "户编号", "no household with id H404"},
    {8, "身份证号", "same ID number as line 2"},
};

// Runs the leye CLI against `s`; returns the exit code, stdout in `out`.
int RunCli(TestServer& s, const std::vector<std::string>& args, std::string* out, std::string* err = nullptr,
           std::vector<std::pair<std::string, std::string>> env = {}) {
  TempDir dir;
  std::vector<std::string> argv = {std::string(LEYE_BINARY_DIR) + "/leye"};
  argv.insert(argv.end(), args.begin(), args.end());
  for (auto& a : argv)
    if (a == "@SERVER") a = s.base();
  Process p(argv, env, dir.path());
  const int code = p.ExitCode(std::chrono::seconds(30));
  if (out) *out = p.Stdout();
  if (err) *err = p.Stderr();
  return code;
}

}  // namespace

TEST_SUITE("api_import") {
  TEST_CASE("the pass_* samples import cleanly and every row is stored and readable") {
    TestServer s(NoSweepConfig());
    const std::string before = DumpRedis();
    CheckCounts(Import(s, "households", "pass_households.csv"), "households", 5, 5, 5, 0, 0);
    CheckCounts(Import(s, "employers", "pass_employers.csv"), "employers", 4, 4, 4, 0, 0);
    CheckCounts(Import(s, "postings", "pass_postings.csv"), "postings", 3, 3, 3, 0, 0);
    CheckCounts(Import(s, "trainings", "pass_trainings.csv"), "trainings", 2, 2, 2, 0, 0);
    CheckCounts(Import(s, "workers", "pass_workers_gbk.csv"), "workers", 5, 5, 5, 0, 0);
    for (const char* id : {"H001", "H002", "H003", "H004", "H005"}) CHECK(HttpStatus(s, std::string("/v1/households/") + id) == 200);
    for (const char* id : {"E01", "E02", "E03", "E04"}) CHECK(HttpStatus(s, std::string("/v1/employers/") + id) == 200);
    for (const char* id : {"P01", "P02", "P03"}) CHECK(HttpStatus(s, std::string("/v1/postings/") + id) == 200);
    for (const char* id : {"T01", "T02"}) CHECK(HttpStatus(s, std::string("/v1/trainings/") + id) == 200);
    for (const char* id : {"W001", "W002", "W003", "W004", "W005"}) CHECK(HttpStatus(s, std::string("/v1/workers/") + id) == 200);
    // GBK decoded: the names are the same characters as in the UTF-8 file.
    Json w1(s.Get("/v1/workers/W001")->body);
    CHECK(w1.Str("/name") == "张晓梅");
    CHECK(w1.Str("/household") == "H001");
    CHECK(w1.Size("/skills") == 2);
    Json h3(s.Get("/v1/households/H003")->body);
    CHECK(h3.Str("/site") == "白仓镇安置点, 二期");
    CHECK(h3.Str("/poverty_status") == "monitored");
    // The same register in UTF-8 and as .xlsx: nothing new.
    const long long changes = Changes();
    CheckCounts(Import(s, "workers", "pass_workers_utf8.csv"), "workers", 5, 5, 0, 0, 5);
    CheckCounts(Import(s, "workers", "pass_workers.xlsx"), "workers", 5, 5, 0, 0, 5);
    CheckCounts(Import(s, "trainings", "pass_trainings.xlsx"), "trainings", 2, 2, 0, 0, 2);
    CHECK(Changes() == changes);
    CHECK(DumpRedis() != before);
  }

  TEST_CASE("CSV UTF-8 with a BOM: valid rows stored, each rejected row reported with line, field and reason") {
    TestServer s(NoSweepConfig());
    PutHouseholds(s);
    const long long changes = Changes();
    const std::string report = Import(s, "workers", "api_workers_bom.csv");
    CheckCounts(report, "workers", 7, 3, 3, 0, 0);
    CheckRejected(report, kApiWorkersRejected);
    CHECK(Changes() == changes + 3);
    for (const char* id : {"B01", "B02", "B06"}) CHECK(HttpStatus(s, std::string("/v1/workers/") + id) == 200);
    for (const char* id : {"B03", "B04", "B05", "B07"}) CHECK(HttpStatus(s, std::string("/v1/workers/") + id) == 404);
    Json b1(s.Get("/v1/workers/B01")->body);
    CHECK(b1.Str("/name") == "欧阳春燕");  // the BOM is not part of the first column's name
    CHECK(b1.Str("/id_number") == FakeIdNumber("430523", "19870312", 901));
    CHECK(b1.Int("/skills/0/level") == 3);
    CHECK(b1.Int("/willingness/min_monthly_wage") == 2500);
    Json b6(s.Get("/v1/workers/B06")->body);
    CHECK(b6.Size("/willingness/hours") == 2);
    CHECK(b6.Str("/willingness/hours/1") == "part_time");
  }

  TEST_CASE("CSV in GBK (Chinese Excel's plain CSV): decoded, the same rows accepted and rejected") {
    TestServer s(NoSweepConfig());
    PutHouseholds(s);
    const std::string report = Import(s, "workers", "api_workers_gbk.csv");
    CheckCounts(report, "workers", 7, 3, 3, 0, 0);
    CheckRejected(report, kApiWorkersRejected);
    for (const char* id : {"G01", "G02", "G06"}) CHECK(HttpStatus(s, std::string("/v1/workers/") + id) == 200);
    for (const char* id : {"G03", "G04", "G05", "G07"}) CHECK(HttpStatus(s, std::string("/v1/workers/") + id) == 404);
    CHECK(Json(s.Get("/v1/workers/G06")->body).Str("/name") == "东方海燕");
    CHECK(Json(s.Get("/v1/workers/G02")->body).Str("/labor_ability") == "weak");
  }

  TEST_CASE(".xlsx: strings, numbers and an ID number Excel stored as a number (rejected with the reason)") {
    TestServer s(NoSweepConfig());
    PutHouseholds(s);
    const std::string report = Import(s, "workers", "api_workers.xlsx");
    CheckCounts(report, "workers", 3, 2, 2, 0, 0);
    CheckRejected(report, {{3, "身份证号", "Excel"}});
    CHECK(HttpStatus(s, "/v1/workers/X02") == 404);
    Json x1(s.Get("/v1/workers/X01")->body);
    CHECK(x1.Str("/name") == "慕容秋菊");
    CHECK(x1.Str("/id_number") == FakeIdNumber("430523", "19760909", 941));
    CHECK(x1.Int("/willingness/min_monthly_wage") == 2200);
    Json x3(s.Get("/v1/workers/X03")->body);
    CHECK(x3.Str("/sex") == "female");
    CHECK(x3.Str("/labor_ability") == "weak");
  }

  TEST_CASE("fail_* samples: every broken row reported, the good rows of the same file stored") {
    TestServer s(NoSweepConfig());
    Import(s, "households", "pass_households.csv");
    std::string report = Import(s, "workers", "fail_workers_mixed.csv");
    CheckCounts(report, "workers", 10, 3, 3, 0, 0);
    Json j(report);
    std::map<int64_t, std::vector<std::string>> fields;  // line -> fields
    simdjson::dom::array rejected;
    REQUIRE(!j.root["rejected"].get_array().get(rejected));
    for (auto r : rejected) {
      const int64_t line = r["line"].get_int64().value();
      const std::string_view field = r["field"].get_string().value();
      const std::string_view reason = r["reason"].get_string().value();
      CHECK(!field.empty());
      CHECK(!reason.empty());
      fields[line].emplace_back(field);
    }
    const std::map<int64_t, std::vector<std::string>> expected = {
        {3, {"身份证号"}}, {4, {"技能"}},     {5, {"劳动能力"}},
        {6, {"姓名"}},     {7, {"人员编号"}}, {8, {"location.lat", "愿意出县", "willingness.hours"}},
        {12, {"column Q"}}};
    CHECK(fields == expected);
    // Lines 2, 9 (a quoted cell over two lines) and 11 are the valid ones.
    for (const char* id : {"W101", "W108", "W109"}) CHECK(HttpStatus(s, std::string("/v1/workers/") + id) == 200);
    CHECK(Json(s.Get("/v1/workers/W101")->body).Str("/name") == "赵春花");  // line 2, not the duplicate on line 7
    CHECK(Json(s.Get("/v1/workers/W108")->body).Size("/skills") == 2);
    for (const char* id : {"W102", "W103", "W104", "W105", "W107", "W110"})
      CHECK(HttpStatus(s, std::string("/v1/workers/") + id) == 404);

    report = Import(s, "workers", "fail_workers_excel_number.xlsx");
    CheckCounts(report, "workers", 3, 1, 1, 0, 0);
    CheckRejected(report, {{2, "身份证号", "Excel"}, {3, "身份证号", "Excel"}});
  }

  TEST_CASE("a file that cannot be a register file: 4xx with the reason, nothing stored") {
    TestServer s(NoSweepConfig());
    const std::string before = DumpRedis();
    struct Case {
      std::string kind, body;
      int status;
      const char* says;
    };
    std::string utf16 = "\xff\xfe";
    for (char c : std::string("id,region\n")) utf16 += std::string(1, c) + '\0';
    for (const Case& c :
         {Case{"households", ReadFile(DataFile("pass_workers_utf8.csv")), 422, "人员编号"},
          Case{"workers", ReadFile(DataFile("pass_households.csv")), 422, "missing column"},
          Case{"households", "id\nH1\n", 422, "missing column region"},
          Case{"households", "", 400, "empty"},
          Case{"households", utf16, 400, "UTF-16"},
          Case{"households", ReadFile(DataFile("fail_xlsx_bomb_claim.xlsx")), 400, "256 MiB"},
          Case{"households", std::string("PK\x03\x04garbage", 11), 400, ""},
          Case{"households", "id,region,registered_poor,poverty_status,relocated\nH1,430523,否,exited,\"否\n", 400, ""}}) {
      CAPTURE(c.kind);
      CAPTURE(c.says);
      auto r = s.Post("/v1/import/" + c.kind, c.body, kAdminToken, "text/csv");
      CHECK_PROBLEM(r, c.status);
      if (r) CHECK(Json(r->body).Str("/detail").find(c.says) != std::string::npos);
    }
    CHECK(DumpRedis() == before);
  }

  TEST_CASE("importing the same file twice: the second report is all unchanged and the change stream does not grow") {
    TestServer s(NoSweepConfig());
    PutHouseholds(s);
    const std::string first = Import(s, "workers", "api_workers_bom.csv");
    CheckCounts(first, "workers", 7, 3, 3, 0, 0);
    const long long changes = Changes();
    const std::string dump = DumpRedis();
    const std::string second = Import(s, "workers", "api_workers_bom.csv");
    CheckCounts(second, "workers", 7, 3, 0, 0, 3);
    // The rejected rows stay rejected (line 8 now clashes with the stored B01).
    CheckRejected(second, {{4, "身份证号", "check digit is wrong"},
                           {5, "技能", "must be between 1 and 5"},
                           {6, "户编号", "no household with id H404"},
                           {8, "身份证号", "ID number"}});
    CHECK(Changes() == changes);
    CHECK(DumpRedis() == dump);
    // Households from a file, twice.
    CheckCounts(Import(s, "households", "pass_households.csv"), "households", 5, 5, 5, 0, 0);
    const long long h_changes = Changes() + Changes("430524");
    CheckCounts(Import(s, "households", "pass_households.csv"), "households", 5, 5, 0, 0, 5);
    CHECK(Changes() + Changes("430524") == h_changes);
    // A changed row is an update: one change entry for it.
    std::string changed = ReadFile(DataFile("api_workers_bom.csv"));
    changed.replace(changed.find("欧阳建军"), std::string("欧阳建军").size(), "欧阳建国");
    const long long before_update = Changes();
    auto r = s.Post("/v1/import/workers", changed, kAdminToken, "text/csv");
    REQUIRE(r);
    CheckCounts(r->body, "workers", 7, 3, 0, 1, 2);
    CHECK(Changes() == before_update + 1);
    CHECK(Json(s.Get("/v1/workers/B02")->body).Str("/name") == "欧阳建国");
  }

  TEST_CASE("a multipart form upload (a browser's file field) imports the same way") {
    TestServer s(NoSweepConfig());
    httplib::Client c = s.Client();
    httplib::MultipartFormDataItems items = {
        {"file", ReadFile(DataFile("pass_households.csv")), "pass_households.csv", "text/csv"}};
    auto r = c.Post("/v1/import/households", TestServer::Auth(kAdminToken), items);
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    CheckCounts(r->body, "households", 5, 5, 5, 0, 0);
    CHECK(HttpStatus(s, "/v1/households/H004") == 200);
  }

  TEST_CASE("leye import FILE: prints the report, exits 0 when every row is accepted and 1 when some are rejected") {
    TestServer s(NoSweepConfig());
    std::string out, err;
    int code = RunCli(s, {"import", DataFile("pass_households.csv"), "--server", "@SERVER", "--token", kAdminToken},
                      &out, &err);
    CHECK_MESSAGE(code == 0, err);
    CHECK_MESSAGE(out.find("5 rows, 5 accepted (5 new, 0 changed, 0 unchanged), 0 rejected") != std::string::npos, out);
    CHECK(HttpStatus(s, "/v1/households/H001") == 200);

    // Rows rejected: exit 1, each one printed with its line, field and reason.
    code = RunCli(s, {"import", DataFile("fail_workers_excel_number.xlsx"), "--server", "@SERVER"}, &out, &err,
                  {{"LEYE_TOKEN", kAdminToken}});
    CHECK_MESSAGE(code == 1, err);
    CHECK_MESSAGE(out.find("3 rows, 1 accepted (1 new, 0 changed, 0 unchanged), 2 rejected") != std::string::npos, out);
    CHECK(out.find("line 2, 身份证号: looks like a number Excel rounded") != std::string::npos);
    CHECK(out.find("line 3, 身份证号: ends in 000") != std::string::npos);

    // The kind from --kind when the file name does not say it; the same file
    // again changes nothing.
    TempDir dir;
    const std::string renamed = dir / "register.csv";
    {
      std::ofstream f(renamed, std::ios::binary);
      f << ReadFile(DataFile("pass_households.csv"));
    }
    const long long changes = Changes();
    code = RunCli(s, {"import", renamed, "--kind", "households", "--server", "@SERVER", "--token", kAdminToken}, &out,
                  &err);
    CHECK_MESSAGE(code == 0, err);
    CHECK(out.find("5 rows, 5 accepted (0 new, 0 changed, 5 unchanged), 0 rejected") != std::string::npos);
    CHECK(Changes() == changes);
    code = RunCli(s, {"import", renamed, "--server", "@SERVER", "--token", kAdminToken}, &out, &err);
    CHECK(code == 2);
    CHECK(err.find("--kind") != std::string::npos);

    // A wrong token or a role that may not write: exit 2 with the server's answer.
    code = RunCli(s, {"import", DataFile("pass_households.csv"), "--server", "@SERVER", "--token", "wrong-token-000000"},
                  &out, &err);
    CHECK(code == 2);
    CHECK(err.find("401") != std::string::npos);
    code = RunCli(s, {"import", DataFile("pass_households.csv"), "--server", "@SERVER", "--token", kMonitorToken}, &out,
                  &err);
    CHECK(code == 2);
    CHECK(err.find("403") != std::string::npos);
    // A missing file.
    code = RunCli(s, {"import", dir / "missing_households.csv", "--server", "@SERVER", "--token", kAdminToken}, &out,
                  &err);
    CHECK(code == 2);
    CHECK(err.find("cannot read") != std::string::npos);
    // No server there: exit 2 with the reason, at once.
    const auto t0 = std::chrono::steady_clock::now();
    code = RunCli(s, {"import", DataFile("pass_households.csv"), "--server", "http://127.0.0.1:1", "--token", kAdminToken},
                  &out, &err);
    CHECK(code == 2);
    CHECK(err.find("cannot reach the server") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
  }

  TEST_CASE("leye import --redis: the same import straight into Redis, seen by a server started afterwards") {
    FlushRedis(RedisUrl());
    std::string out, err;
    {
      TestServer s(NoSweepConfig(), /*flush=*/false);
      REQUIRE(s.Put("/v1/households/H1", HouseholdJson("430523", false))->status == 201);
      REQUIRE(s.Put("/v1/households/H2", HouseholdJson())->status == 201);
      const int code = RunCli(s, {"import", DataFile("api_workers_bom.csv"), "--redis", RedisUrl()}, &out, &err,
                              {{"LEYE_PII_SECRET", kSecret}});
      CHECK_MESSAGE(code == 1, err);
      CHECK_MESSAGE(out.find("7 rows, 3 accepted (3 new, 0 changed, 0 unchanged), 4 rejected") != std::string::npos, out);
      CHECK(out.find("line 4, 身份证号: check digit is wrong") != std::string::npos);
    }
    TestServer again(NoSweepConfig(), /*flush=*/false);
    for (const char* id : {"B01", "B02", "B06"}) CHECK(HttpStatus(again, std::string("/v1/workers/") + id) == 200);
    CHECK(HttpStatus(again, "/v1/workers/B03") == 404);
    CHECK(Json(again.Get("/v1/workers/B01")->body).Str("/id_number") == FakeIdNumber("430523", "19870312", 901));
    // Without the secret there is no way in: one line naming it, exit 2.
    const int code = RunCli(again, {"import", DataFile("api_workers_bom.csv"), "--redis", RedisUrl()}, &out, &err);
    CHECK(code == 2);
    CHECK(err.find("LEYE_PII_SECRET") != std::string::npos);
  }

  TEST_CASE("leye export: every record of a kind as JSON lines, following the cursor, optionally by region") {
    TestServer s(NoSweepConfig());
    httplib::Client c = s.Client();
    for (int i = 0; i < 1203; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "H%04d", i);
      auto r = c.Put(std::string("/v1/households/") + id, TestServer::Auth(kAdminToken),
                     HouseholdJson(i % 3 ? "430523" : "430524"), "application/json");
      REQUIRE(r);
      REQUIRE(r->status == 201);
    }
    std::string out, err;
    int code = RunCli(s, {"export", "--kind", "households", "--server", "@SERVER", "--token", kAdminToken}, &out, &err);
    CHECK_MESSAGE(code == 0, err);
    std::vector<std::string> lines;
    for (size_t start = 0; start < out.size();) {
      const size_t end = out.find('\n', start);
      REQUIRE(end != std::string::npos);
      lines.push_back(out.substr(start, end - start));
      start = end + 1;
    }
    REQUIRE(lines.size() == 1203);
    for (size_t i = 0; i < lines.size(); ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "H%04zu", i);
      CHECK(Json(lines[i]).Str("/id") == id);
    }
    TempDir dir;
    code = RunCli(s, {"export", "--kind", "households", "--region", "430524", "--out", dir / "h.jsonl", "--server",
                      "@SERVER", "--token", kBureauToken},
                  &out, &err);
    CHECK_MESSAGE(code == 0, err);
    const std::string file = ReadFile(dir / "h.jsonl");
    CHECK(std::count(file.begin(), file.end(), '\n') == 401);
    CHECK(file.find("\"region\":\"430523\"") == std::string::npos);
    code = RunCli(s, {"export", "--kind", "households", "--server", "@SERVER", "--token", kKioskToken}, &out, &err);
    CHECK(code == 2);
    CHECK(err.find("403") != std::string::npos);
  }
}
