// Importing the bureau's spreadsheets: table_reader (CSV/.xlsx to cells) and
// record_import (cells to records). The sample files under tests/data are
// real files as Excel and bureaus write them (pass_*: every row imports;
// fail_*: rows or whole files that must be refused); all personal data in
// them is made up, ID numbers carry valid check digits unless a test says
// otherwise. The .xlsx samples were written with openpyxl (pass_*) and from
// hand-written SpreadsheetML zipped (fail_*), the GB18030 CSV with
// `iconv -f UTF-8 -t GB18030`.
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "connectors/importer/record_import.h"
#include "connectors/importer/table_reader.h"
#include "matcher/model.h"

using namespace leye;

namespace {

std::string ReadFile(const std::string& name) {
  std::ifstream in(std::string(LEYE_SOURCE_DIR "/tests/data/") + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing sample file " << name);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Table ReadOk(std::string_view bytes, const TableLimits& limits = {}) {
  Result<Table> t = ReadTable(bytes, limits);
  REQUIRE_MESSAGE(t.ok(), t.status().message());
  return std::move(t).value();
}

ImportBatch ImportOk(Kind kind, std::string_view bytes) {
  const Table table = ReadOk(bytes);
  Result<ImportBatch> b = ImportTable(kind, table);
  REQUIRE_MESSAGE(b.ok(), b.status().message());
  return std::move(b).value();
}

ImportBatch ImportFile(Kind kind, const std::string& name) {
  return ImportOk(kind, ReadFile(name));
}

// The Invalid message of reading `bytes` ("" when it was read).
std::string ReadError(std::string_view bytes, const TableLimits& limits = {}) {
  Result<Table> t = ReadTable(bytes, limits);
  if (t.ok()) return "";
  CHECK(t.status().code() == StatusCode::kInvalidArgument);
  return t.status().message();
}

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

template <typename T>
const T& As(const Record& r) {
  REQUIRE(std::holds_alternative<T>(r));
  return std::get<T>(r);
}

std::string RejectionsText(const ImportBatch& b) {
  std::string s;
  for (const auto& r : b.rejected)
    s += std::to_string(r.line) + " " + r.field + ": " + r.reason + "\n";
  return s;
}

// Deterministic bytes for the garbage and mutation tests.
struct Lcg {
  uint64_t x;
  uint32_t Next() {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(x >> 33);
  }
};

}  // namespace

TEST_SUITE("import") {
  TEST_CASE("households CSV: BOM, CRLF, quoted comma and line break, empty rows skipped") {
    const Table t = ReadOk(ReadFile("pass_households.csv"));
    CHECK(t.header.front() == "户编号");  // the BOM is gone
    std::vector<size_t> lines;
    for (const auto& r : t.rows) lines.push_back(r.line);
    CHECK(lines == std::vector<size_t>{2, 3, 5, 6, 8});  // line 4 empty; H004 spans 6-7
    CHECK(t.rows[2].cells[5] == "白仓镇安置点, 二期");
    CHECK(t.rows[3].cells[1] == "430524");                // trimmed
    CHECK(t.rows[3].cells[5] == "五峰铺镇\n集中安置点");  // CRLF inside quotes -> "\n"

    const ImportBatch b = ImportFile(Kind::kHousehold, "pass_households.csv");
    CHECK_MESSAGE(b.rejected.empty(), RejectionsText(b));
    REQUIRE(b.accepted.size() == 5);
    CHECK(b.rows == 5);
    CHECK(b.accepted_lines == std::vector<size_t>{2, 3, 5, 6, 8});
    const auto& h1 = As<Household>(b.accepted[0]);
    CHECK(h1.id == "H001");
    CHECK(h1.region == "430523");
    CHECK(h1.registered_poor);
    CHECK(h1.poverty_status == PovertyStatus::kExited);
    CHECK(h1.relocated);
    CHECK(h1.site == "塘渡口镇幸福安置小区");
    REQUIRE(h1.helper);
    CHECK(*h1.helper == HelperContact{"李建国", "13807390001"});
    const auto& h2 = As<Household>(b.accepted[1]);
    CHECK(h2.poverty_status == PovertyStatus::kNotExited);
    CHECK_FALSE(h2.relocated);
    CHECK_FALSE(h2.helper);  // both helper cells empty: absent
    CHECK(As<Household>(b.accepted[2]).poverty_status == PovertyStatus::kMonitored);
    const auto& h4 = As<Household>(b.accepted[3]);
    CHECK(h4.registered_poor);                           // "Y"
    CHECK(h4.relocated);                                 // "1"
    CHECK(h4.poverty_status == PovertyStatus::kExited);  // the English name
  }

  TEST_CASE("workers: UTF-8 CSV, GB18030 CSV and .xlsx give the same records") {
    const ImportBatch utf8 = ImportFile(Kind::kWorker, "pass_workers_utf8.csv");
    const ImportBatch gbk = ImportFile(Kind::kWorker, "pass_workers_gbk.csv");
    const ImportBatch xlsx = ImportFile(Kind::kWorker, "pass_workers.xlsx");
    CHECK_MESSAGE(utf8.rejected.empty(), RejectionsText(utf8));
    CHECK_MESSAGE(gbk.rejected.empty(), RejectionsText(gbk));
    CHECK_MESSAGE(xlsx.rejected.empty(), RejectionsText(xlsx));
    REQUIRE(utf8.accepted.size() == 5);
    CHECK(gbk.accepted == utf8.accepted);
    CHECK(xlsx.accepted == utf8.accepted);
    CHECK(gbk.accepted_lines == utf8.accepted_lines);
    CHECK(xlsx.accepted_lines == utf8.accepted_lines);

    const auto& w1 = As<Worker>(utf8.accepted[0]);
    CHECK(w1.name == "张晓梅");
    CHECK(w1.id_number == "43052319850312002X");
    CHECK(w1.labor_ability == LaborAbility::kFull);
    CHECK_FALSE(w1.hard_to_employ);
    CHECK(w1.skills == std::vector<Skill>{{"6-05-01-01", 3}, {"4-03-02", 2}});  // "；" separates
    CHECK(w1.location == GeoPoint{27.0012, 111.2634});
    CHECK(w1.willingness.wants_work);
    CHECK(w1.willingness.categories == std::vector<std::string>{"6-05", "4-03"});  // "、" separates
    CHECK(w1.willingness.max_commute_km == 15);
    CHECK(w1.willingness.leave_county);
    CHECK_FALSE(w1.willingness.leave_province);
    CHECK(w1.willingness.hours == std::vector<Hours>{Hours::kFullTime, Hours::kPartTime});
    CHECK(w1.willingness.min_monthly_wage == 2500);
    const auto& w2 = As<Worker>(utf8.accepted[1]);
    CHECK(w2.labor_ability == LaborAbility::kWeak);
    CHECK(w2.hard_to_employ);
    CHECK(w2.skills.empty());
    CHECK(w2.willingness.min_monthly_wage == 0);  // empty optional cell: absent
    CHECK(w2.willingness.hours == std::vector<Hours>{Hours::kHomeBased});
    CHECK(As<Worker>(utf8.accepted[2]).willingness.min_monthly_wage == 3000);  // "3,000"
    CHECK(As<Worker>(utf8.accepted[3]).labor_ability == LaborAbility::kNone);
    const auto& w5 = As<Worker>(utf8.accepted[4]);
    CHECK(w5.willingness.leave_county);  // "Y"
    CHECK(w5.willingness.hours == std::vector<Hours>{Hours::kPartTime, Hours::kHomeBased});
    CHECK(w5.skills == std::vector<Skill>{{"6-05-01-01", 2}, {"6-01-02", 1}});
  }

  TEST_CASE("a CSV of good and bad rows: every broken field with its line and column") {
    const ImportBatch b = ImportFile(Kind::kWorker, "fail_workers_mixed.csv");
    CHECK(b.rows == 10);
    CHECK(b.accepted_lines == std::vector<size_t>{2, 9, 11});  // 9 spans lines 9-10
    REQUIRE(b.accepted.size() == 3);
    CHECK(As<Worker>(b.accepted[1]).skills ==
          std::vector<Skill>{{"6-05-01-01", 1}, {"6-01-02", 2}});
    const std::vector<RowRejection> expected = {
        {3, "身份证号", "check digit is wrong (ISO 7064 MOD 11-2)"},
        {4, "技能", "must be between 1 and 5"},
        {5, "劳动能力",
         "\"半劳力\" is not a known value; must be one of: full (全劳动力), weak (弱劳动力), none "
         "(无劳动能力)"},
        {6, "姓名", "is required"},
        {7, "人员编号", "duplicate id in this file, first on line 2"},
        {8, "location.lat", "must be between -90 and 90"},
        {8, "愿意出县", "must be 是 or 否 (also true/false, 1/0, Y/N)"},
        {8, "willingness.hours",
         "\"夜班\" is not a known value; each value must be one of: full_time (全职), part_time "
         "(兼职), "
         "home_based (居家)"},
        {12, "column Q", "a value in a column without a header"},
    };
    CHECK_MESSAGE(b.rejected == expected, RejectionsText(b));
  }

  TEST_CASE("ID numbers Excel stored as numbers are refused with the Excel explanation") {
    const Table t = ReadOk(ReadFile("fail_workers_excel_number.xlsx"));
    REQUIRE(t.rows.size() == 3);
    CHECK(t.rows[0].line == 2);
    CHECK(t.rows[2].line == 5);  // row 4 is absent from the sheet
    CHECK(t.rows[0].cells[3] == "4.30523199001011E+17");
    CHECK(t.rows[1].cells[3] == "430523199001011000");
    CHECK(t.rows[0].cells[2] == "张晓燕");  // rich-text runs joined, phonetic guide left out
    CHECK(t.rows[0].cells[6] == "");        // a cell the sheet skips
    CHECK(t.rows[2].cells[3] == "430523199001011231");  // inline string

    const ImportBatch b = ImportOk(Kind::kWorker, ReadFile("fail_workers_excel_number.xlsx"));
    CHECK(b.accepted_lines == std::vector<size_t>{5});
    REQUIRE(b.rejected.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
      CHECK(b.rejected[i].line == 2 + i);
      CHECK(b.rejected[i].field == "身份证号");
      CHECK(Contains(b.rejected[i].reason, "Excel"));
      CHECK(Contains(b.rejected[i].reason, "text"));
    }
  }

  TEST_CASE("employers, postings and trainings, dates as typed and as Excel date cells") {
    const ImportBatch e = ImportFile(Kind::kEmployer, "pass_employers.csv");
    CHECK_MESSAGE(e.rejected.empty(), RejectionsText(e));
    REQUIRE(e.accepted.size() == 4);
    CHECK(As<Employer>(e.accepted[0]).kind == EmployerKind::kWorkshop);
    CHECK(As<Employer>(e.accepted[1]).kind == EmployerKind::kPublicWelfare);
    CHECK(As<Employer>(e.accepted[2]).kind == EmployerKind::kEnterprise);
    CHECK(As<Employer>(e.accepted[3]).kind == EmployerKind::kCooperative);

    const ImportBatch p =
        ImportFile(Kind::kPosting, "pass_postings.csv");  // 合同期限（月）: full-width
    CHECK_MESSAGE(p.rejected.empty(), RejectionsText(p));
    REQUIRE(p.accepted.size() == 3);
    const auto& p1 = As<Posting>(p.accepted[0]);
    CHECK(p1.required_skills == std::vector<Skill>{{"6-05-01-01", 2}});
    CHECK(p1.contract_months == 12);
    CHECK_FALSE(p1.location);  // both cells empty: the employer's
    CHECK(p1.age_min == 18);
    CHECK(p1.open);
    const auto& p2 = As<Posting>(p.accepted[1]);
    CHECK(p2.hours == Hours::kPartTime);
    CHECK(p2.location == GeoPoint{26.9990, 111.2611});
    CHECK_FALSE(p2.age_max);
    CHECK(As<Posting>(p.accepted[2]).monthly_wage == 4500);
    CHECK_FALSE(As<Posting>(p.accepted[2]).open);

    const ImportBatch csv = ImportFile(Kind::kTraining, "pass_trainings.csv");
    const ImportBatch xlsx = ImportFile(Kind::kTraining, "pass_trainings.xlsx");
    CHECK_MESSAGE(csv.rejected.empty(), RejectionsText(csv));
    CHECK_MESSAGE(xlsx.rejected.empty(), RejectionsText(xlsx));
    REQUIRE(csv.accepted.size() == 2);
    CHECK(xlsx.accepted == csv.accepted);
    const auto& t1 = As<Training>(csv.accepted[0]);
    CHECK(FormatDate(t1.start_date) == "2026-03-01");  // 2026/3/1
    CHECK(FormatDate(t1.end_date) == "2026-03-31");
    const auto& t2 = As<Training>(csv.accepted[1]);
    CHECK(FormatDate(t2.start_date) == "2026-04-15");  // 2026年4月15日
    CHECK(FormatDate(t2.end_date) == "2026-05-05");
    CHECK(t2.teaches == std::vector<Skill>{{"4-10-01", 1}});
    // The .xlsx holds serial day numbers in date formats (one with a time).
    const Table tx = ReadOk(ReadFile("pass_trainings.xlsx"));
    CHECK(tx.rows[0].cells[8] == "2026-03-01");
    CHECK(tx.rows[0].cells[9] == "2026-03-31");
    CHECK(tx.rows[1].cells[5] == "430523");  // a number cell, as written
  }

  TEST_CASE("cell formats") {
    const std::string header =
        "id,provider,title,teaches,seats,region,location.lat,location.lng,start_date,end_date\n";
    auto one = [&](const std::string& row) {
      return ImportOk(Kind::kTraining, header + row + "\n");
    };
    SUBCASE("dates") {
      const ImportBatch b =
          one("T1,p,t,6-05:1,1,430523,27,111,46082,20260331");  // Excel serial, YYYYMMDD
      REQUIRE(b.accepted.size() == 1);
      CHECK(FormatDate(As<Training>(b.accepted[0]).start_date) == "2026-03-01");
      CHECK(FormatDate(As<Training>(b.accepted[0]).end_date) == "2026-03-31");
      const ImportBatch c = one("T1,p,t,6-05:1,1,430523,27,111,2026.3.1,2026/03/31 0:00");
      CHECK_MESSAGE(c.rejected.empty(), RejectionsText(c));
      const ImportBatch bad = one("T1,p,t,6-05:1,1,430523,27,111,2026,2026-02-30");
      CHECK(bad.rejected == std::vector<RowRejection>{
                                {2, "start_date", "must be a date like 2026-03-01 (also 2026/3/1)"},
                                {2, "end_date", "must be a date like 2026-03-01 (also 2026/3/1)"}});
    }
    SUBCASE("numbers and skills") {
      const ImportBatch b =
          one("T1,p,t,6-05:1；6-01：2,\"1,200\",430523,+27.5,111,2026-03-01,2026-03-02");
      REQUIRE_MESSAGE(b.accepted.size() == 1, RejectionsText(b));
      CHECK(As<Training>(b.accepted[0]).seats == 1200);
      CHECK(As<Training>(b.accepted[0]).teaches == std::vector<Skill>{{"6-05", 1}, {"6-01", 2}});
      const ImportBatch bad = one("T1,p,t,6-05,12.5,430523,north,111,2026-03-01,2026-03-02");
      CHECK(bad.rejected == std::vector<RowRejection>{
                                {2, "teaches", "\"6-05\" must be code:level, like 6-05-01-01:3"},
                                {2, "seats", "must be a whole number, like 3000"},
                                {2, "location.lat", "must be a number, like 28.25"}});
    }
    SUBCASE("a value rule across fields") {
      const ImportBatch b = one("T1,p,t,,1,430523,27,111,2026-03-02,2026-03-01");
      CHECK(b.rejected ==
            std::vector<RowRejection>{{2, "end_date", "must not be before start_date"}});
    }
  }

  TEST_CASE("a pointer with no single column stays a pointer") {
    // No phone column: the decoder's /helper/phone cannot be named by a column.
    const ImportBatch b = ImportOk(Kind::kHousehold,
                                   "户编号,所属区县,是否建档立卡,脱贫状态,是否易地搬迁,帮扶责任人\n"
                                   "H1,430523,是,已脱贫,是,李建国\n");
    const std::vector<RowRejection> expected = {{2, "/helper/phone", "is required"},
                                                {2, "/site", "is required when relocated"}};
    CHECK_MESSAGE(b.rejected == expected, RejectionsText(b));
  }

  TEST_CASE("a header that does not fit the kind imports nothing") {
    auto header_error = [](Kind kind, const std::string& csv) {
      const Table t = ReadOk(csv);
      Result<ImportBatch> b = ImportTable(kind, t);
      REQUIRE_FALSE(b.ok());
      CHECK(b.status().code() == StatusCode::kInvalidArgument);
      return b.status();
    };
    SUBCASE("unknown column") {
      const Status s = header_error(
          Kind::kEmployer,
          "单位编号,单位名称,单位类型,所属区县,纬度,经度,备注\nE1,a,企业,430523,27,111,x\n");
      CHECK(Contains(s.message(), "unknown column \"备注\" (column G)"));
      CHECK(s.errors().size() == 1);
    }
    SUBCASE("the same column twice, under two names") {
      const Status s =
          header_error(Kind::kEmployer, "id,单位编号,单位名称,单位类型,所属区县,纬度,经度\n");
      CHECK(
          Contains(s.message(), "column \"单位编号\" (column B) repeats column \"id\" (column A)"));
    }
    SUBCASE("missing required columns, all named") {
      const Status s = header_error(Kind::kWorker, "人员编号,户编号,姓名\n");
      CHECK(Contains(s.message(), "missing column id_number (身份证号)"));
      CHECK(Contains(s.message(), "missing column willingness.hours (工作时间)"));
      CHECK(Contains(s.message(), "workers file"));
      bool has_pointer = false;
      for (const auto& e : s.errors())
        has_pointer = has_pointer || e.pointer == "/willingness/hours";
      CHECK(has_pointer);
    }
    SUBCASE("header names are matched without case, blanks or required marks") {
      const Table t =
          ReadOk("*ID, Name ,KIND,所属 区县,纬度,经度\nE1,a,enterprise,430523,27,111\n");
      Result<ImportBatch> b = ImportTable(Kind::kEmployer, t);
      REQUIRE_MESSAGE(b.ok(), b.status().message());
      CHECK(b->accepted.size() == 1);
    }
  }

  TEST_CASE("importing the same file twice gives the same batch") {
    for (const char* name : {"fail_workers_mixed.csv", "pass_workers.xlsx"}) {
      const ImportBatch a = ImportFile(Kind::kWorker, name);
      const ImportBatch b = ImportFile(Kind::kWorker, name);
      CHECK(a.accepted == b.accepted);
      CHECK(a.accepted_lines == b.accepted_lines);
      CHECK(a.rejected == b.rejected);
    }
  }

  TEST_CASE("CSV that cannot be read is refused with its line") {
    CHECK(Contains(ReadError("a,b\nc,d\"e\n"), "line 2"));                       // stray quote
    CHECK(Contains(ReadError("a,b\nc,\"d\n\ne,f\n"), "line 2: a quoted cell"));  // never closed
    CHECK(Contains(ReadError("a,b\nc,d\ne,\x81\x20\n"), "line 3"));  // neither UTF-8 nor GB18030
    // Mostly UTF-8 with one stray byte: not converted (that would garble it).
    std::string mostly_utf8 = "姓名,安置点\n";
    for (int i = 0; i < 20; ++i) mostly_utf8 += "张晓梅,幸福安置小区\n";
    mostly_utf8 += "李\xB9\xFA强,x\n";
    CHECK(Contains(ReadError(mostly_utf8), "line 22: not valid UTF-8"));
    CHECK(Contains(ReadError("\xFF\xFEi\0d\0"), "UTF-16"));
    CHECK(Contains(ReadError("\xEF\xBB\xBFid\n\xC3\x28\n"), "line 2"));
    CHECK(Contains(ReadError(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)), ".xls"));
    CHECK(Contains(ReadError(""), "no rows"));
    CHECK(Contains(ReadError("\n,,,\n  \n"), "no rows"));
  }

  TEST_CASE("hostile inputs give Invalid, never a crash") {
    SUBCASE("a 2 MB single line") {
      const std::string line(2u << 20, 'a');
      CHECK(Contains(ReadError("id,name\n" + line + "\n"), "line 2 is longer than 1 MiB"));
      CHECK(Contains(
          ReadError("id,name\nx,\"" + std::string(600'000, 'a') + "\n" + std::string(600'000, 'b')),
          "line 3: the row holds more than 1 MiB"));  // a quoted cell over many lines
    }
    SUBCASE("binary garbage") {
      Lcg rng{42};
      std::string junk(100'000, '\0');
      for (char& c : junk) c = static_cast<char>(rng.Next());
      CHECK_FALSE(ReadError(junk).empty());
      CHECK_FALSE(ReadError("PK\x03\x04" + junk).empty());  // a zip signature, then junk
    }
    SUBCASE("a truncated .xlsx") {
      const std::string x = ReadFile("pass_workers.xlsx");
      for (size_t keep : {size_t{4}, size_t{30}, x.size() / 2, x.size() - 10})
        CHECK(Contains(ReadError(x.substr(0, keep)), "damaged"));
    }
    SUBCASE("a zip that claims a huge uncompressed size") {
      CHECK(Contains(ReadError(ReadFile("fail_xlsx_bomb_claim.xlsx")),
                     "unpacks to more than 256 MiB"));
    }
    SUBCASE("a zip whose part inflates past what it claims") {
      TableLimits small;
      small.max_xlsx_uncompressed = 1u << 20;
      CHECK(Contains(ReadError(ReadFile("fail_xlsx_size_lie.xlsx"), small),
                     "unpacks to more than 1 MiB"));
      // Within the limit it reads, or is refused as damaged: never a crash.
      const std::string e = ReadError(ReadFile("fail_xlsx_size_lie.xlsx"));
      CHECK((e.empty() || Contains(e, "damaged")));
    }
    SUBCASE("too many zip entries, rows, columns") {
      TableLimits few;
      few.max_xlsx_entries = 3;
      CHECK(Contains(ReadError(ReadFile("pass_workers.xlsx"), few), "more than 3 parts"));
      TableLimits rows;
      rows.max_rows = 2;
      CHECK(Contains(ReadError(ReadFile("pass_households.csv"), rows), "line 5: more than 2 rows"));
      CHECK(Contains(ReadError(ReadFile("pass_workers.xlsx"), rows), "more than 2 rows"));
      TableLimits cols;
      cols.max_columns = 3;
      CHECK(Contains(ReadError("a,b,c,d\n", cols), "column D, past the 3 columns"));
      CHECK(ReadError("a,b,c,,,,,,,,,,,\n", cols).empty());  // trailing empty cells do not count
    }
    SUBCASE("random damage to a real workbook") {
      const std::string x = ReadFile("pass_workers.xlsx");
      Lcg rng{7};
      for (int round = 0; round < 300; ++round) {
        std::string y = x;
        for (int k = 0; k < 8; ++k) y[rng.Next() % y.size()] = static_cast<char>(rng.Next());
        Result<Table> t = ReadTable(y);
        if (!t.ok()) CHECK(t.status().code() == StatusCode::kInvalidArgument);
      }
    }
  }

  TEST_CASE("docs/IMPORT.md lists every column") {
    const std::string doc = [] {
      std::ifstream in(LEYE_SOURCE_DIR "/docs/IMPORT.md", std::ios::binary);
      return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }();
    for (Kind kind : kAllKinds) {
      for (const ImportColumn& c : ImportColumns(kind)) {
        CHECK_MESSAGE(Contains(doc, "`" + c.field + "`"), c.field);
        for (const auto& n : c.names) CHECK_MESSAGE(Contains(doc, n), n);
      }
    }
  }
}
