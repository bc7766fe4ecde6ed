#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/id_number.h"
#include "matcher/model.h"
#include "matcher/validation.h"

using namespace leye;

namespace {

std::string IdNumber(std::string_view first17) {
  std::string s(first17);
  s.push_back(IdNumberCheckChar(first17));
  return s;
}

Date D(std::string_view s) { return ParseDate(s).value(); }

Household ValidHousehold() {
  Household h;
  h.id = "hh-430523-0001";
  h.region = "430523";
  h.registered_poor = true;
  h.poverty_status = PovertyStatus::kNotExited;
  h.relocated = true;
  h.site = "塘渡口镇安置小区A区";
  h.helper = HelperContact{"李红梅", "138 0000 1234"};
  return h;
}

Worker ValidWorker() {
  Worker w;
  w.id = "w-0001";
  w.household = "hh-430523-0001";
  w.name = "王小明";
  w.id_number = IdNumber("43052319850612123");
  w.labor_ability = LaborAbility::kWeak;
  w.skills = {{"6-05-01-01", 3}, {"4-03", 1}};
  w.location = {27.0025, 111.2701};
  w.willingness.wants_work = true;
  w.willingness.categories = {"6-05", "4"};
  w.willingness.max_commute_km = 30;
  w.willingness.hours = {Hours::kFullTime, Hours::kHomeBased};
  w.willingness.min_monthly_wage = 2000;
  return w;
}

Employer ValidEmployer() {
  return Employer{"emp_001", "邵阳县扶贫车间", EmployerKind::kPublicWelfare, "430523", {26.99, 111.27}};
}

Posting ValidPosting() {
  Posting p;
  p.id = "post-001";
  p.employer = "emp_001";
  p.title = "保洁员（公益性岗位）";
  p.occupation = "4-10";
  p.required_skills = {{"4-10-01", 1}};
  p.slots = 5;
  p.monthly_wage = 1500;
  p.hours = Hours::kPartTime;
  p.contract_months = 0;
  p.age_min = 16;
  p.age_max = 60;
  p.open = true;
  return p;
}

Training ValidTraining() {
  Training t;
  t.id = "tr-2026-01";
  t.provider = "邵阳县职业技术学校";
  t.title = "电工培训";
  t.teaches = {{"6-31-01-03", 2}};
  t.seats = 30;
  t.region = "430523";
  t.location = {27.0, 111.3};
  t.start_date = D("2026-03-01");
  t.end_date = D("2026-03-01");
  return t;
}

Placement ValidPlacement() {
  Placement p;
  p.id = "pl-001";
  p.worker = "w-0001";
  p.posting = "post-001";
  p.kind = PlacementKind::kMatched;
  p.start_date = D("2026-01-05");
  p.expected_months = 12;
  return p;
}

// "pointer: message" per line; "" when valid.
std::string Errors(const std::vector<FieldError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.pointer + ": " + e.message + "\n";
  return out;
}
template <typename T>
std::string Errors(const T& record) {
  if constexpr (std::is_same_v<T, Placement>) {
    return Errors(ValidatePlacement(record));
  } else {
    return Errors(Validate(Record(record)));
  }
}

const char* const kIdRule = "must be 1 to 64 letters, digits, '_' or '-'";
const char* const kRegionRule = "must be a 6-digit region code (GB/T 2260)";
const char* const kCodeRule = "must be an occupation code: digit groups joined by '-', like 6-05-01-01";

std::string Line(std::string_view pointer, std::string_view message) {
  return std::string(pointer) + ": " + std::string(message) + "\n";
}

}  // namespace

TEST_SUITE("validation") {
  TEST_CASE("realistic records are valid") {
    CHECK(Errors(ValidHousehold()) == "");
    CHECK(Errors(ValidWorker()) == "");
    CHECK(Errors(ValidEmployer()) == "");
    CHECK(Errors(ValidPosting()) == "");
    CHECK(Errors(ValidTraining()) == "");
    CHECK(Errors(ValidPlacement()) == "");
    SUBCASE("the typed overloads agree with the Record one") {
      Worker w = ValidWorker();
      w.name.clear();
      CHECK(Validate(w) == Validate(Record(w)));
    }
  }

  TEST_CASE("ids and references") {
    SUBCASE("id syntax") {
      for (const char* bad : {"", "w 1", "w/1", "王", "w.1", "w#1"}) {
        CAPTURE(bad);
        Worker w = ValidWorker();
        w.id = bad;
        CHECK(Errors(w) == Line("/id", kIdRule));
      }
      Worker w = ValidWorker();
      w.id = std::string(64, 'a');
      CHECK(Errors(w) == "");
      w.id = std::string(65, 'a');
      CHECK(Errors(w) == Line("/id", kIdRule));
      w.id = "A-z_09";
      CHECK(Errors(w) == "");
    }
    SUBCASE("each kind checks its own id") {
      Household h = ValidHousehold();
      h.id = "";
      CHECK(Errors(h) == Line("/id", kIdRule));
      Employer e = ValidEmployer();
      e.id = "e 1";
      CHECK(Errors(e) == Line("/id", kIdRule));
      Posting p = ValidPosting();
      p.id = "p?";
      CHECK(Errors(p) == Line("/id", kIdRule));
      Training t = ValidTraining();
      t.id = "";
      CHECK(Errors(t) == Line("/id", kIdRule));
      Placement pl = ValidPlacement();
      pl.id = "";
      CHECK(Errors(pl) == Line("/id", kIdRule));
    }
    SUBCASE("references are ids too") {
      Worker w = ValidWorker();
      w.household = "";
      CHECK(Errors(w) == Line("/household", kIdRule));
      Posting p = ValidPosting();
      p.employer = "邵阳车间";
      CHECK(Errors(p) == Line("/employer", kIdRule));
      Placement pl = ValidPlacement();
      pl.worker = "w 1";
      pl.posting = "";
      CHECK(Errors(pl) == Line("/worker", kIdRule) + Line("/posting", kIdRule));
    }
  }

  TEST_CASE("region codes are 6 digits") {
    for (const char* bad : {"", "43052", "4305230", "43O523", "湖南"}) {
      CAPTURE(bad);
      Household h = ValidHousehold();
      h.region = bad;
      CHECK(Errors(h) == Line("/region", kRegionRule));
      Employer e = ValidEmployer();
      e.region = bad;
      CHECK(Errors(e) == Line("/region", kRegionRule));
      Training t = ValidTraining();
      t.region = bad;
      CHECK(Errors(t) == Line("/region", kRegionRule));
    }
  }

  TEST_CASE("household: site and helper") {
    Household h = ValidHousehold();
    SUBCASE("a relocated household names its site") {
      h.site.clear();
      CHECK(Errors(h) == "/site: is required when relocated\n");
      h.relocated = false;
      CHECK(Errors(h) == "");
    }
    SUBCASE("helper name") {
      h.helper->name.clear();
      CHECK(Errors(h) == "/helper/name: must not be empty\n");
    }
    SUBCASE("helper phone: 5 to 20 of digits, +, - and spaces") {
      const std::string rule = "/helper/phone: must be 5 to 20 characters of digits, '+', '-' or spaces\n";
      for (const char* ok : {"12345", "+86 138-0000-1234", "0739-1234567", "12345678901234567890"}) {
        CAPTURE(ok);
        h.helper->phone = ok;
        CHECK(Errors(h) == "");
      }
      for (const char* bad : {"", "1234", "123456789012345678901", "138x0000", "１３８００００１２３４",
                              "(0739)123456"}) {
        CAPTURE(bad);
        h.helper->phone = bad;
        CHECK(Errors(h) == rule);
      }
    }
    SUBCASE("no helper is fine") {
      h.helper.reset();
      CHECK(Errors(h) == "");
    }
  }

  TEST_CASE("worker: name and ID number") {
    Worker w = ValidWorker();
    SUBCASE("name is 1 to 64 characters, counted as characters not bytes") {
      w.name = "";
      CHECK(Errors(w) == "/name: must not be empty\n");
      std::string long_name;
      for (int i = 0; i < 64; ++i) long_name += "王";  // 192 bytes
      w.name = long_name;
      CHECK(Errors(w) == "");
      w.name += "明";
      CHECK(Errors(w) == "/name: must be at most 64 characters\n");
    }
    SUBCASE("the ID number's problem is the message") {
      for (const std::string& bad : {std::string("12345"), IdNumber("43052319850612123").substr(0, 17) + "Y",
                                    std::string("4.30523198506121E+17"), std::string("430523198506121230")}) {
        CAPTURE(bad);
        w.id_number = bad;
        CHECK(Errors(w) == Line("/id_number", IdNumberProblem(bad).value()));
      }
    }
    SUBCASE("an X check character is valid") {
      w.id_number = "11010519491231002X";
      CHECK(Errors(w) == "");
    }
  }

  TEST_CASE("skills, required skills and what a course teaches") {
    SUBCASE("codes, levels and repeats in a worker's skills") {
      Worker w = ValidWorker();
      w.skills = {{"6-05-01-01", 0}, {"6-05-", 3}, {"4-03", 6}, {"6-05-01-01", 2}, {"", 1}, {"6--05", 5}};
      CHECK(Errors(w) ==
            Line("/skills/0/level", "must be between 1 and 5") + Line("/skills/1/code", kCodeRule) +
                Line("/skills/2/level", "must be between 1 and 5") +
                Line("/skills/3/code", "must not repeat a code: 6-05-01-01 is already at /skills/0") +
                Line("/skills/4/code", kCodeRule) + Line("/skills/5/code", kCodeRule));
    }
    SUBCASE("a family code and a full code are different codes") {
      Worker w = ValidWorker();
      w.skills = {{"6", 1}, {"6-05", 1}, {"6-05-01", 1}, {"6-05-01-01", 5}};
      CHECK(Errors(w) == "");
      w.skills.clear();
      CHECK(Errors(w) == "");
    }
    SUBCASE("posting.required_skills") {
      Posting p = ValidPosting();
      p.required_skills = {{"4-10-01", 1}, {"4-10-01", 3}, {"x", 9}};
      CHECK(Errors(p) ==
            Line("/required_skills/1/code", "must not repeat a code: 4-10-01 is already at /required_skills/0") +
                Line("/required_skills/2/code", kCodeRule) + Line("/required_skills/2/level", "must be between 1 and 5"));
    }
    SUBCASE("training.teaches") {
      Training t = ValidTraining();
      t.teaches = {{"6-31-01-03", -1}};
      CHECK(Errors(t) == Line("/teaches/0/level", "must be between 1 and 5"));
    }
  }

  TEST_CASE("locations") {
    SUBCASE("bounds are inclusive") {
      Worker w = ValidWorker();
      for (const GeoPoint g : {GeoPoint{90, 180}, GeoPoint{-90, -180}, GeoPoint{0, 0}}) {
        w.location = g;
        CHECK(Errors(w) == "");
      }
    }
    SUBCASE("out of range, and NaN") {
      Worker w = ValidWorker();
      w.location = {90.0001, -180.5};
      CHECK(Errors(w) == "/location/lat: must be between -90 and 90\n/location/lng: must be between -180 and 180\n");
      w.location = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()};
      CHECK(Errors(w) == "/location/lat: must be between -90 and 90\n/location/lng: must be between -180 and 180\n");
    }
    SUBCASE("lat and lng swapped by mistake is caught for China") {
      Employer e = ValidEmployer();
      e.location = {111.27, 26.99};
      CHECK(Errors(e) == "/location/lat: must be between -90 and 90\n");
    }
    SUBCASE("every kind with a location") {
      Training t = ValidTraining();
      t.location.lng = 181;
      CHECK(Errors(t) == "/location/lng: must be between -180 and 180\n");
      Posting p = ValidPosting();
      CHECK_FALSE(p.location);
      p.location = GeoPoint{-91, 0};
      CHECK(Errors(p) == "/location/lat: must be between -90 and 90\n");
    }
  }

  TEST_CASE("willingness") {
    Worker w = ValidWorker();
    SUBCASE("categories are occupation codes or prefixes") {
      w.willingness.categories = {"6-05", "cook", "6-"};
      CHECK(Errors(w) == Line("/willingness/categories/1", kCodeRule) + Line("/willingness/categories/2", kCodeRule));
      w.willingness.categories.clear();
      CHECK(Errors(w) == "");
    }
    SUBCASE("max_commute_km 0..20000") {
      w.willingness.max_commute_km = 0;
      CHECK(Errors(w) == "");
      w.willingness.max_commute_km = 20000;
      CHECK(Errors(w) == "");
      w.willingness.max_commute_km = -0.5;
      CHECK(Errors(w) == "/willingness/max_commute_km: must be between 0 and 20000\n");
      w.willingness.max_commute_km = 20000.1;
      CHECK(Errors(w) == "/willingness/max_commute_km: must be between 0 and 20000\n");
      w.willingness.max_commute_km = std::nan("");
      CHECK(Errors(w) == "/willingness/max_commute_km: must be between 0 and 20000\n");
    }
    SUBCASE("hours: at least one, none twice") {
      w.willingness.hours.clear();
      CHECK(Errors(w) == "/willingness/hours: must name at least one of full_time, part_time, home_based\n");
      w.willingness.hours = {Hours::kPartTime, Hours::kFullTime, Hours::kPartTime};
      CHECK(Errors(w) == "/willingness/hours/2: must not repeat: part_time is already at /willingness/hours/0\n");
    }
    SUBCASE("min_monthly_wage 0..1000000") {
      w.willingness.min_monthly_wage = -1;
      CHECK(Errors(w) == "/willingness/min_monthly_wage: must be between 0 and 1000000\n");
      w.willingness.min_monthly_wage = 1000001;
      CHECK(Errors(w) == "/willingness/min_monthly_wage: must be between 0 and 1000000\n");
      w.willingness.min_monthly_wage = 1000000;
      CHECK(Errors(w) == "");
    }
  }

  TEST_CASE("employer name") {
    Employer e = ValidEmployer();
    e.name = "";
    CHECK(Errors(e) == "/name: must not be empty\n");
    e.name = std::string(200, 'a');
    CHECK(Errors(e) == "");
    e.name += "厂";
    CHECK(Errors(e) == "/name: must be at most 200 characters\n");
  }

  TEST_CASE("posting") {
    Posting p = ValidPosting();
    SUBCASE("title and occupation") {
      p.title = "";
      p.occupation = "4-10-";
      CHECK(Errors(p) == "/title: must not be empty\n" + Line("/occupation", kCodeRule));
      p.title = std::string(201, 't');
      p.occupation = "4-10";
      CHECK(Errors(p) == "/title: must be at most 200 characters\n");
    }
    SUBCASE("counts and money") {
      p.slots = -1;
      p.monthly_wage = 1000001;
      p.contract_months = 601;
      CHECK(Errors(p) == "/slots: must be between 0 and 100000\n/monthly_wage: must be between 0 and 1000000\n"
                         "/contract_months: must be between 0 and 600\n");
      p.slots = 100000;
      p.monthly_wage = 0;
      p.contract_months = 600;
      CHECK(Errors(p) == "");
      p.slots = 100001;
      p.monthly_wage = -5;
      p.contract_months = -1;
      CHECK(Errors(p) == "/slots: must be between 0 and 100000\n/monthly_wage: must be between 0 and 1000000\n"
                         "/contract_months: must be between 0 and 600\n");
    }
    SUBCASE("age limits 16..100, min not above max") {
      p.age_min = 15;
      p.age_max = 101;
      CHECK(Errors(p) == "/age_min: must be between 16 and 100\n/age_max: must be between 16 and 100\n");
      p.age_min = 50;
      p.age_max = 40;
      CHECK(Errors(p) == "/age_max: must not be less than age_min\n");
      p.age_min = 40;
      p.age_max = 40;
      CHECK(Errors(p) == "");
      p.age_min.reset();
      p.age_max = 16;
      CHECK(Errors(p) == "");
      p.age_max.reset();
      p.age_min = 100;
      CHECK(Errors(p) == "");
    }
  }

  TEST_CASE("training") {
    Training t = ValidTraining();
    SUBCASE("provider and title") {
      t.provider = "";
      t.title = "";
      CHECK(Errors(t) == "/provider: must not be empty\n/title: must not be empty\n");
    }
    SUBCASE("seats 0..100000") {
      t.seats = -3;
      CHECK(Errors(t) == "/seats: must be between 0 and 100000\n");
      t.seats = 100001;
      CHECK(Errors(t) == "/seats: must be between 0 and 100000\n");
      t.seats = 0;
      CHECK(Errors(t) == "");
    }
    SUBCASE("a course ends no earlier than it starts") {
      t.end_date = D("2026-02-28");
      CHECK(Errors(t) == "/end_date: must not be before start_date\n");
    }
  }

  TEST_CASE("placement") {
    Placement p = ValidPlacement();
    SUBCASE("expected_months 0..600 when given") {
      p.expected_months = 601;
      CHECK(Errors(p) == "/expected_months: must be between 0 and 600\n");
      p.expected_months = -1;
      CHECK(Errors(p) == "/expected_months: must be between 0 and 600\n");
      p.expected_months = 0;
      CHECK(Errors(p) == "");
      p.expected_months.reset();
      CHECK(Errors(p) == "");
    }
    SUBCASE("end_date not before start_date") {
      p.end_date = D("2026-01-04");
      CHECK(Errors(p) == "/end_date: must not be before start_date\n");
      p.end_date = D("2026-01-05");
      CHECK(Errors(p) == "");
    }
    SUBCASE("a matched placement names its posting; other kinds need not") {
      p.posting.reset();
      CHECK(Errors(p) == "/posting: is required when kind is matched\n");
      for (PlacementKind k : {PlacementKind::kSelfFound, PlacementKind::kSelfEmployed, PlacementKind::kMigrant}) {
        p.kind = k;
        CHECK(Errors(p) == "");
      }
    }
  }

  TEST_CASE("every broken rule is listed, in field order") {
    Worker w = ValidWorker();
    w.id = "";
    w.name = "";
    w.id_number = "12345";
    w.skills = {{"6-05", 9}};
    w.location.lat = 100;
    w.willingness.hours.clear();
    w.willingness.min_monthly_wage = -1;
    const auto errors = Validate(w);
    REQUIRE(errors.size() == 7);
    CHECK(Errors(errors) == Line("/id", kIdRule) + "/name: must not be empty\n" +
                                Line("/id_number", IdNumberProblem("12345").value()) +
                                "/skills/0/level: must be between 1 and 5\n"
                                "/location/lat: must be between -90 and 90\n"
                                "/willingness/hours: must name at least one of full_time, part_time, home_based\n"
                                "/willingness/min_monthly_wage: must be between 0 and 1000000\n");
  }
}
