#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "connectors/json/codec.h"
#include "matcher/id_number.h"
#include "matcher/model.h"

using namespace leye;

namespace {

std::string IdNumber(std::string_view first17) {
  std::string s(first17);
  s.push_back(IdNumberCheckChar(first17));
  return s;
}
// Born 1985-06-12 in 430523, sequence 123 (odd: a man).
const std::string kManId = IdNumber("43052319850612123");
// Born 1992-02-29, sequence 004 (even: a woman).
const std::string kWomanId = IdNumber("43052319920229004");

Date D(std::string_view s) { return ParseDate(s).value(); }

Household SampleHousehold() {
  Household h;
  h.id = "hh-430523-0001";
  h.region = "430523";
  h.registered_poor = true;
  h.poverty_status = PovertyStatus::kMonitored;
  h.relocated = true;
  h.site = "塘渡口镇安置小区A区";
  h.helper = HelperContact{"李红梅", "+86 138-0000-1234"};
  return h;
}

Worker SampleWorker() {
  Worker w;
  w.id = "w-0001";
  w.household = "hh-430523-0001";
  w.name = "王小明";
  w.id_number = kManId;
  w.labor_ability = LaborAbility::kFull;
  w.hard_to_employ = true;
  w.skills = {{"6-05-01-01", 3}, {"4-03", 2}};
  w.location = {27.0025, 111.2701};
  w.willingness.wants_work = true;
  w.willingness.categories = {"6-05", "4-03-01"};
  w.willingness.max_commute_km = 25.5;
  w.willingness.leave_county = true;
  w.willingness.leave_province = false;
  w.willingness.hours = {Hours::kFullTime, Hours::kPartTime};
  w.willingness.min_monthly_wage = 2500;
  return w;
}

Employer SampleEmployer() {
  return Employer{"emp-001", "邵阳县扶贫车间", EmployerKind::kWorkshop, "430523", {26.99, 111.27}};
}

Posting SamplePosting() {
  Posting p;
  p.id = "post-001";
  p.employer = "emp-001";
  p.title = "缝纫工";
  p.occupation = "6-05-01-01";
  p.required_skills = {{"6-05", 2}};
  p.slots = 12;
  p.monthly_wage = 3200;
  p.hours = Hours::kFullTime;
  p.contract_months = 12;
  p.location = GeoPoint{26.9912, 111.2734};
  p.age_min = 18;
  p.age_max = 55;
  p.open = true;
  return p;
}

Training SampleTraining() {
  Training t;
  t.id = "tr-2026-01";
  t.provider = "邵阳县职业技术学校";
  t.title = "家政服务员培训";
  t.teaches = {{"4-10-01-06", 2}};
  t.seats = 40;
  t.region = "430523";
  t.location = {27.0, 111.3};
  t.start_date = D("2026-03-01");
  t.end_date = D("2026-03-20");
  return t;
}

Placement SamplePlacement() {
  Placement p;
  p.id = "pl-001";
  p.worker = "w-0001";
  p.posting = "post-001";
  p.kind = PlacementKind::kMatched;
  p.start_date = D("2026-01-05");
  p.expected_months = 12;
  p.end_date = D("2026-06-30");
  p.status = PlacementStatus::kEnded;
  p.end_reason = "合同到期";
  return p;
}

const EncodeOptions kFull{IdVisibility::kFull, std::nullopt};

// "pointer: message" per line, or "ok".
std::string Errors(const Status& s) {
  std::string out;
  for (const auto& e : s.errors()) out += e.pointer + ": " + e.message + "\n";
  return out;
}
template <typename T>
std::string Errors(const Result<T>& r) {
  return r.ok() ? "ok" : Errors(r.status());
}

// `s` with its one occurrence of `from` replaced by `to`.
std::string Replace(std::string s, std::string_view from, std::string_view to) {
  const size_t at = s.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "fixture lacks ", std::string(from));
  REQUIRE_MESSAGE(s.find(from, at + 1) == std::string::npos, "fixture has twice ", std::string(from));
  return s.replace(at, from.size(), to);
}

std::string WorkerJson() { return EncodeRecord(SampleWorker(), kFull); }
std::string PostingJson() { return EncodeRecord(SamplePosting(), kFull); }

Result<Record> DecodeWorker(std::string_view json) { return DecodeRecord(Kind::kWorker, json); }
Result<Record> DecodePosting(std::string_view json) { return DecodeRecord(Kind::kPosting, json); }

}  // namespace

TEST_SUITE("codec") {
  TEST_CASE("every record kind round-trips through encode and decode") {
    SUBCASE("household with site and helper") {
      const Record r = SampleHousehold();
      CHECK(DecodeRecord(Kind::kHousehold, EncodeRecord(r)).value() == r);
    }
    SUBCASE("household without the optional fields") {
      Household h = SampleHousehold();
      h.relocated = false;
      h.site.clear();
      h.helper.reset();
      const std::string json = EncodeRecord(h);
      CHECK(json.find("site") == std::string::npos);
      CHECK(json.find("helper") == std::string::npos);
      CHECK(std::get<Household>(DecodeRecord(Kind::kHousehold, json).value()) == h);
    }
    SUBCASE("worker (ID number shown in full)") {
      const Record r = SampleWorker();
      CHECK(DecodeRecord(Kind::kWorker, EncodeRecord(r, kFull)).value() == r);
    }
    SUBCASE("employer") {
      const Record r = SampleEmployer();
      CHECK(DecodeRecord(Kind::kEmployer, EncodeRecord(r)).value() == r);
    }
    SUBCASE("posting with location and age limits") {
      const Record r = SamplePosting();
      CHECK(DecodeRecord(Kind::kPosting, EncodeRecord(r)).value() == r);
    }
    SUBCASE("posting without the optional fields") {
      Posting p = SamplePosting();
      p.location.reset();
      p.age_min.reset();
      p.age_max.reset();
      const std::string json = EncodeRecord(p);
      CHECK(json.find("location") == std::string::npos);
      CHECK(json.find("age_") == std::string::npos);
      CHECK(std::get<Posting>(DecodeRecord(Kind::kPosting, json).value()) == p);
    }
    SUBCASE("training") {
      const Record r = SampleTraining();
      CHECK(DecodeRecord(Kind::kTraining, EncodeRecord(r)).value() == r);
    }
    SUBCASE("placement, all fields") {
      CHECK(DecodePlacement(EncodePlacement(SamplePlacement())).value() == SamplePlacement());
    }
    SUBCASE("placement, self-found with only the required fields") {
      Placement p;
      p.id = "pl-002";
      p.worker = "w-0002";
      p.kind = PlacementKind::kSelfFound;
      p.start_date = D("2025-11-20");
      const std::string json = EncodePlacement(p);
      CHECK(json ==
            R"({"id":"pl-002","worker":"w-0002","kind":"self_found","start_date":"2025-11-20","status":"active"})");
      CHECK(DecodePlacement(json).value() == p);
    }
    SUBCASE("doubles keep every bit") {
      Employer e = SampleEmployer();
      e.location = {0.1 + 0.2, -179.99999999999997};
      const Record back = DecodeRecord(Kind::kEmployer, EncodeRecord(e)).value();
      CHECK(std::get<Employer>(back).location.lat == 0.1 + 0.2);
      CHECK(std::get<Employer>(back).location.lng == -179.99999999999997);
    }
  }

  TEST_CASE("encoding is canonical and deterministic") {
    SUBCASE("exact bytes: data model order, no whitespace, shortest doubles") {
      CHECK(EncodeRecord(SampleEmployer()) ==
            R"({"id":"emp-001","name":"邵阳县扶贫车间","kind":"workshop","region":"430523","location":{"lat":26.99,"lng":111.27}})");
      CHECK(EncodeRecord(SampleWorker(), kFull) ==
            R"({"id":"w-0001","household":"hh-430523-0001","name":"王小明","id_number":")" + kManId +
                R"(","labor_ability":"full","hard_to_employ":true,"skills":[{"code":"6-05-01-01","level":3},{"code":"4-03","level":2}],"location":{"lat":27.0025,"lng":111.2701},"willingness":{"wants_work":true,"categories":["6-05","4-03-01"],"max_commute_km":25.5,"leave_county":true,"leave_province":false,"hours":["full_time","part_time"],"min_monthly_wage":2500}})");
    }
    SUBCASE("the same record always gives the same bytes, also after a round trip") {
      for (const Record& r : std::vector<Record>{SampleHousehold(), SampleWorker(), SampleEmployer(),
                                                 SamplePosting(), SampleTraining()}) {
        const std::string once = EncodeRecord(r, kFull);
        CHECK(EncodeRecord(r, kFull) == once);
        CHECK(EncodeRecord(DecodeRecord(KindOf(r), once).value(), kFull) == once);
      }
      CHECK(EncodePlacement(DecodePlacement(EncodePlacement(SamplePlacement())).value()) ==
            EncodePlacement(SamplePlacement()));
    }
    SUBCASE("field order does not depend on the order a body came in") {
      const auto a = DecodeRecord(Kind::kEmployer,
                                  R"({"location":{"lng":111.27,"lat":26.99},"region":"430523",)"
                                  R"("kind":"workshop","name":"邵阳县扶贫车间","id":"emp-001"})");
      CHECK(EncodeRecord(a.value()) == EncodeRecord(SampleEmployer()));
    }
    SUBCASE("a non-finite double is written as null, keeping the JSON valid") {
      Employer e = SampleEmployer();
      e.location.lat = std::numeric_limits<double>::quiet_NaN();
      const std::string json = EncodeRecord(e);
      CHECK(json.find(R"("lat":null)") != std::string::npos);
      CHECK(Errors(DecodeRecord(Kind::kEmployer, json)) == "/location/lat: must be a number\n");
    }
    SUBCASE("invalid UTF-8 in a stored string is replaced, never emitted") {
      Employer e = SampleEmployer();
      e.name = "车间\xff\xfe";
      const std::string json = EncodeRecord(e);
      CHECK(json.find("车间\xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
      CHECK(DecodeRecord(Kind::kEmployer, json).ok());
    }
  }

  TEST_CASE("a worker's ID number is masked unless the reader may see it") {
    const Worker w = SampleWorker();
    const auto id_in = [](const std::string& json) {
      const size_t at = json.find(R"("id_number":")") + 13;
      return json.substr(at, json.find('"', at) - at);
    };
    SUBCASE("default: first and last character") {
      CHECK(id_in(EncodeRecord(w)) == "4****************" + kManId.substr(17));
    }
    SUBCASE("partial: first 3 and last 4, never the birth date") {
      const std::string shown = id_in(EncodeRecord(w, {IdVisibility::kPartial, std::nullopt}));
      CHECK(shown == "430***********" + kManId.substr(14));
      CHECK(shown.find("19850612") == std::string::npos);
    }
    SUBCASE("full") { CHECK(id_in(EncodeRecord(w, kFull)) == kManId); }
    SUBCASE("the masked form never leaks the number anywhere in the body") {
      CHECK(EncodeRecord(w).find(kManId.substr(6, 8)) == std::string::npos);
    }
  }

  TEST_CASE("age and sex are derived from the ID number when today is given") {
    Worker w = SampleWorker();
    SUBCASE("a man, the day before and on his birthday") {
      const std::string before = EncodeRecord(w, {IdVisibility::kMinimal, D("2026-06-11")});
      CHECK(before.find(R"("age":40,"sex":"male")") != std::string::npos);
      const std::string on = EncodeRecord(w, {IdVisibility::kMinimal, D("2026-06-12")});
      CHECK(on.find(R"("age":41,"sex":"male")") != std::string::npos);
    }
    SUBCASE("a woman born on 29 February turns a year older on 1 March") {
      w.id_number = kWomanId;
      CHECK(EncodeRecord(w, {IdVisibility::kMinimal, D("2026-02-28")}).find(R"("age":33,"sex":"female")") !=
            std::string::npos);
      CHECK(EncodeRecord(w, {IdVisibility::kMinimal, D("2026-03-01")}).find(R"("age":34,"sex":"female")") !=
            std::string::npos);
    }
    SUBCASE("no derived fields without today, nor from an invalid ID number") {
      CHECK(EncodeRecord(w).find("\"age\"") == std::string::npos);
      w.id_number = "430523198506121230";  // check digit wrong
      const std::string json = EncodeRecord(w, {IdVisibility::kFull, D("2026-01-01")});
      CHECK(json.find("\"age\"") == std::string::npos);
      CHECK(json.find("\"sex\"") == std::string::npos);
    }
    SUBCASE("the derived fields are read-only: a body carrying them decodes to the same worker") {
      const std::string json = EncodeRecord(w, {IdVisibility::kFull, D("2026-01-01")});
      REQUIRE(json.find("\"age\"") != std::string::npos);
      CHECK(std::get<Worker>(DecodeWorker(json).value()) == w);
    }
  }

  TEST_CASE("missing required fields are each reported, optional ones are not") {
    SUBCASE("household") {
      CHECK(Errors(DecodeRecord(Kind::kHousehold, "{}")) ==
            "/id: is required\n/region: is required\n/registered_poor: is required\n"
            "/poverty_status: is required\n/relocated: is required\n");
    }
    SUBCASE("worker, including the nested objects") {
      CHECK(Errors(DecodeWorker("{}")) ==
            "/id: is required\n/household: is required\n/name: is required\n/id_number: is required\n"
            "/labor_ability: is required\n/hard_to_employ: is required\n/skills: is required\n"
            "/location: is required\n/willingness: is required\n");
      std::string json = Replace(WorkerJson(), R"({"code":"4-03","level":2})", "{}");
      json = Replace(json, R"({"lat":27.0025,"lng":111.2701})", "{}");
      json = Replace(json, json.substr(json.find(R"({"wants_work")"),
                                       json.size() - 1 - json.find(R"({"wants_work")")),
                     "{}");
      CHECK(Errors(DecodeWorker(json)) ==
            "/skills/1/code: is required\n/skills/1/level: is required\n/location/lat: is required\n"
            "/location/lng: is required\n/willingness/wants_work: is required\n"
            "/willingness/max_commute_km: is required\n/willingness/leave_county: is required\n"
            "/willingness/leave_province: is required\n/willingness/hours: is required\n");
    }
    SUBCASE("willingness defaults: categories empty, min_monthly_wage 0") {
      std::string json = Replace(WorkerJson(), R"("categories":["6-05","4-03-01"],)", "");
      json = Replace(json, R"(,"min_monthly_wage":2500)", "");
      const Worker w = std::get<Worker>(DecodeWorker(json).value());
      CHECK(w.willingness.categories.empty());
      CHECK(w.willingness.min_monthly_wage == 0);
    }
    SUBCASE("employer") {
      CHECK(Errors(DecodeRecord(Kind::kEmployer, "{}")) ==
            "/id: is required\n/name: is required\n/kind: is required\n/region: is required\n"
            "/location: is required\n");
    }
    SUBCASE("posting") {
      CHECK(Errors(DecodePosting("{}")) ==
            "/id: is required\n/employer: is required\n/title: is required\n/occupation: is required\n"
            "/required_skills: is required\n/slots: is required\n/monthly_wage: is required\n"
            "/hours: is required\n/contract_months: is required\n/open: is required\n");
    }
    SUBCASE("training") {
      CHECK(Errors(DecodeRecord(Kind::kTraining, "{}")) ==
            "/id: is required\n/provider: is required\n/title: is required\n/teaches: is required\n"
            "/seats: is required\n/region: is required\n/location: is required\n"
            "/start_date: is required\n/end_date: is required\n");
    }
    SUBCASE("placement: status defaults to active") {
      CHECK(Errors(DecodePlacement("{}")) ==
            "/id: is required\n/worker: is required\n/kind: is required\n/start_date: is required\n");
      const auto p = DecodePlacement(R"({"id":"p1","worker":"w1","kind":"migrant","start_date":"2026-01-01"})");
      CHECK(p.value().status == PlacementStatus::kActive);
      CHECK_FALSE(p.value().posting);
      CHECK_FALSE(p.value().expected_months);
      CHECK_FALSE(p.value().end_date);
      CHECK_FALSE(p.value().end_reason);
    }
  }

  TEST_CASE("null means absent for optional fields and is a type error for required ones") {
    std::string json = Replace(PostingJson(), R"("age_min":18)", R"("age_min":null)");
    CHECK_FALSE(std::get<Posting>(DecodePosting(json).value()).age_min);
    json = Replace(json, R"("title":"缝纫工")", R"("title":null)");
    CHECK(Errors(DecodePosting(json)) == "/title: must be a string\n");
  }

  TEST_CASE("wrong JSON types name the type expected") {
    SUBCASE("string") {
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"("name":"王小明")", R"("name":42)"))) ==
            "/name: must be a string\n");
    }
    SUBCASE("boolean") {
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"("hard_to_employ":true)", R"("hard_to_employ":"true")"))) ==
            "/hard_to_employ: must be a boolean\n");
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"("leave_county":true)", R"("leave_county":1)"))) ==
            "/willingness/leave_county: must be a boolean\n");
    }
    SUBCASE("integer") {
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"("level":3)", R"("level":"3")"))) ==
            "/skills/0/level: must be an integer\n");
    }
    SUBCASE("number") {
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"("lat":27.0025)", R"("lat":"27.0025")"))) ==
            "/location/lat: must be a number\n");
    }
    SUBCASE("array") {
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"("hours":["full_time","part_time"])",
                                        R"("hours":"full_time")"))) == "/willingness/hours: must be an array\n");
    }
    SUBCASE("object") {
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"({"lat":27.0025,"lng":111.2701})", "[27.0025,111.2701]"))) ==
            "/location: must be an object\n");
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"({"code":"4-03","level":2})", R"("4-03")"))) ==
            "/skills/1: must be an object\n");
    }
  }

  TEST_CASE("integers: range and fractions") {
    SUBCASE("int32 fields refuse values past 2^31-1 and below -2^31") {
      CHECK(Errors(DecodePosting(Replace(PostingJson(), R"("slots":12)", R"("slots":2147483648)"))) ==
            "/slots: must be an integer\n");
      CHECK(Errors(DecodePosting(Replace(PostingJson(), R"("slots":12)", R"("slots":-2147483649)"))) ==
            "/slots: must be an integer\n");
      const auto edge = DecodePosting(Replace(PostingJson(), R"("slots":12)", R"("slots":2147483647)"));
      CHECK(std::get<Posting>(edge.value()).slots == 2147483647);
    }
    SUBCASE("int64 fields refuse values past 2^63-1") {
      CHECK(Errors(DecodePosting(Replace(PostingJson(), R"("monthly_wage":3200)",
                                         R"("monthly_wage":9223372036854775808)"))) ==
            "/monthly_wage: must be an integer\n");
      const auto edge = DecodePosting(Replace(PostingJson(), R"("monthly_wage":3200)",
                                              R"("monthly_wage":-9223372036854775808)"));
      CHECK(std::get<Posting>(edge.value()).monthly_wage == INT64_MIN);
    }
    SUBCASE("a fraction is not an integer; an integral value written with a point is") {
      CHECK(Errors(DecodePosting(Replace(PostingJson(), R"("slots":12)", R"("slots":2.5)"))) ==
            "/slots: must be an integer\n");
      CHECK(Errors(DecodePosting(Replace(PostingJson(), R"("slots":12)", R"("slots":1e10)"))) ==
            "/slots: must be an integer\n");
      CHECK(std::get<Posting>(DecodePosting(Replace(PostingJson(), R"("slots":12)", R"("slots":12.0)")).value())
                .slots == 12);
    }
    SUBCASE("doubles accept integers") {
      const auto r = DecodeWorker(Replace(WorkerJson(), R"("max_commute_km":25.5)", R"("max_commute_km":30)"));
      CHECK(std::get<Worker>(r.value()).willingness.max_commute_km == 30.0);
    }
  }

  TEST_CASE("numbers no machine type holds become field errors, and the rest is still checked") {
    std::string json = Replace(PostingJson(), R"("slots":12)", R"("slots":123456789012345678901234567890)");
    json = Replace(json, R"("lat":26.9912)", R"("lat":1e400)");
    json = Replace(json, R"("title":"缝纫工")", R"("title":-99999999999999999999999)");
    json = Replace(json, R"("open":true)", R"("open":"yes")");
    CHECK(Errors(DecodePosting(json)) ==
          "/title: must be a string\n/slots: must be an integer\n/location/lat: is out of range\n"
          "/open: must be a boolean\n");
    SUBCASE("a tiny number rounds to zero like any parser does") {
      const auto r = DecodePosting(Replace(PostingJson(), R"("lat":26.9912)", R"("lat":1e-400)"));
      CHECK(std::get<Posting>(r.value()).location->lat == 0.0);
    }
  }

  TEST_CASE("enum names and dates") {
    SUBCASE("unknown enum names list the allowed ones") {
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"("hours":["full_time","part_time"])",
                                        R"("hours":["full_time","night_shift",3])"))) ==
            "/willingness/hours/1: must be one of: full_time, part_time, home_based\n"
            "/willingness/hours/2: must be one of: full_time, part_time, home_based\n");
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), R"("labor_ability":"full")", R"("labor_ability":"Full")"))) ==
            "/labor_ability: must be one of: full, weak, none\n");
      CHECK(Errors(DecodeRecord(Kind::kEmployer, Replace(EncodeRecord(SampleEmployer()), R"("kind":"workshop")",
                                                         R"("kind":"factory")"))) ==
            "/kind: must be one of: workshop, public_welfare, enterprise, cooperative\n");
      CHECK(Errors(DecodeRecord(Kind::kHousehold,
                                Replace(EncodeRecord(SampleHousehold()), R"("poverty_status":"monitored")",
                                        R"("poverty_status":"poor")"))) ==
            "/poverty_status: must be one of: not_exited, exited, monitored\n");
      const std::string pl = EncodePlacement(SamplePlacement());
      CHECK(Errors(DecodePlacement(Replace(pl, R"("kind":"matched")", R"("kind":"found")"))) ==
            "/kind: must be one of: matched, self_found, self_employed, migrant\n");
      CHECK(Errors(DecodePlacement(Replace(pl, R"("status":"ended")", R"("status":"done")"))) ==
            "/status: must be one of: active, ended\n");
    }
    SUBCASE("dates must be real calendar days written YYYY-MM-DD") {
      const std::string t = EncodeRecord(SampleTraining());
      CHECK(Errors(DecodeRecord(Kind::kTraining, Replace(t, R"("start_date":"2026-03-01")",
                                                         R"("start_date":"2026-02-30")"))) ==
            "/start_date: must be a date YYYY-MM-DD\n");
      CHECK(Errors(DecodeRecord(Kind::kTraining, Replace(t, R"("end_date":"2026-03-20")",
                                                         R"("end_date":"2026/03/20")"))) ==
            "/end_date: must be a date YYYY-MM-DD\n");
      CHECK(Errors(DecodeRecord(Kind::kTraining, Replace(t, R"("end_date":"2026-03-20")",
                                                         R"("end_date":20260320)"))) ==
            "/end_date: must be a date YYYY-MM-DD\n");
      CHECK(Errors(DecodePlacement(Replace(EncodePlacement(SamplePlacement()), R"("end_date":"2026-06-30")",
                                           R"("end_date":"30.06.2026")"))) ==
            "/end_date: must be a date YYYY-MM-DD\n");
    }
  }

  TEST_CASE("unknown and repeated fields") {
    SUBCASE("at the top and nested, with RFC 6901 escaping") {
      std::string json = Replace(WorkerJson(), R"("name":"王小明",)", R"("name":"王小明","nickname":"小明","a/b~c":1,)");
      json = Replace(json, R"("lng":111.2701)", R"("lng":111.2701,"alt":300)");
      CHECK(Errors(DecodeWorker(json)) == "/nickname: unknown field\n/a~1b~0c: unknown field\n"
                                          "/location/alt: unknown field\n");
    }
    SUBCASE("a field given twice") {
      const std::string json = Replace(WorkerJson(), R"("name":"王小明",)", R"("name":"王小明","name":"王大明",)");
      CHECK(Errors(DecodeWorker(json)) == "/name: duplicate field\n");
    }
    SUBCASE("age and sex are ignored only on workers") {
      const std::string json = Replace(EncodeRecord(SampleEmployer()), R"("kind")", R"("age":3,"kind")");
      CHECK(Errors(DecodeRecord(Kind::kEmployer, json)) == "/age: unknown field\n");
    }
  }

  TEST_CASE("the id in the path") {
    const std::string with_id = EncodeRecord(SampleEmployer());
    const std::string without_id = Replace(with_id, R"("id":"emp-001",)", "");
    SUBCASE("absent from the body: taken from the path") {
      CHECK(IdOf(DecodeRecord(Kind::kEmployer, without_id, "emp-001").value()) == "emp-001");
    }
    SUBCASE("present and equal") { CHECK(DecodeRecord(Kind::kEmployer, with_id, "emp-001").ok()); }
    SUBCASE("present and different") {
      CHECK(Errors(DecodeRecord(Kind::kEmployer, with_id, "emp-002")) == "/id: must equal the id in the path\n");
    }
    SUBCASE("no path id: the body must carry one") {
      CHECK(Errors(DecodeRecord(Kind::kEmployer, without_id)) == "/id: is required\n");
    }
    SUBCASE("placements too") {
      const std::string pl = Replace(EncodePlacement(SamplePlacement()), R"("id":"pl-001",)", "");
      CHECK(DecodePlacement(pl, "pl-001").value() == SamplePlacement());
      CHECK(Errors(DecodePlacement(Replace(pl, "{", R"({"id":"pl-9",)"), "pl-001")) ==
            "/id: must equal the id in the path\n");
    }
  }

  TEST_CASE("every broken field is listed, not just the first") {
    std::string json = Replace(WorkerJson(), R"("name":"王小明")", R"("name":null)");
    json = Replace(json, R"("level":2)", R"("level":2.5)");
    json = Replace(json, R"("wants_work":true)", R"("wants_work":"yes")");
    json = Replace(json, R"(,"labor_ability":"full")", "");
    json = Replace(json, R"("hours":["full_time","part_time"])", R"("hours":["full_time",{}])");
    const auto r = DecodeWorker(json);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
    CHECK(r.status().message() == "invalid worker: 5 problems");
    CHECK(Errors(r) ==
          "/name: must be a string\n/labor_ability: is required\n/skills/1/level: must be an integer\n"
          "/willingness/wants_work: must be a boolean\n"
          "/willingness/hours/1: must be one of: full_time, part_time, home_based\n");
  }

  TEST_CASE("a flood of broken entries is listed up to 100, then counted") {
    std::string json = R"({"id":"w-1","skills":[)";
    for (int i = 0; i < 500; ++i) json += i ? R"(,{"code":1})" : R"({"code":1})";
    json += "]}";
    const auto r = DecodeWorker(json);
    REQUIRE_FALSE(r.ok());
    // 500 skills x 2 (code not a string, level missing) + 7 missing top-level fields.
    CHECK(r.status().message() == "invalid worker: 1007 problems");
    REQUIRE(r.status().errors().size() == 101);
    CHECK(r.status().errors()[0] == FieldError{"/household", "is required"});
    CHECK(r.status().errors()[5] == FieldError{"/skills/0/code", "must be a string"});
    CHECK(r.status().errors()[6] == FieldError{"/skills/0/level", "is required"});
    CHECK(r.status().errors()[100] == FieldError{"", "and 907 more problems not listed"});
  }

  TEST_CASE("malformed documents give one error at the root saying where and what") {
    const auto malformed = [](std::string_view json) {
      const auto r = DecodeWorker(json);
      REQUIRE_FALSE(r.ok());
      REQUIRE(r.status().errors().size() == 1);
      CHECK(r.status().errors()[0].pointer == "");
      CHECK(r.status().message() == "malformed JSON");
      return r.status().errors()[0].message;
    };
    SUBCASE("truncated") {
      CHECK(malformed(R"({"id":"w-1","name":"王)") ==
            "malformed JSON at line 1, column 20 (in /name): a string is opened here but never closed");
      CHECK(malformed(R"({"id":"w-1",)") ==
            "malformed JSON at line 1, column 13: expected a field name in double quotes, found end of the document");
      CHECK(malformed("{\"skills\":[{\"code\":\"6\",\n  \"level\":") ==
            "malformed JSON at line 2, column 11 (in /skills/0/level): expected a value, found the end of the document");
    }
    SUBCASE("a trailing comma and a missing comma") {
      CHECK(malformed(R"({"id":"w-1",})") == "malformed JSON at line 1, column 13: a ',' must not come before '}'");
      CHECK(malformed("{\"id\":\"w-1\"\n \"name\":\"x\"}") ==
            "malformed JSON at line 2, column 2: expected ',' or '}', found '\"'");
    }
    SUBCASE("a full-width comma typed by a Chinese input method") {
      CHECK(malformed(R"({"id":"w-1"，"name":"x"})") ==
            "malformed JSON at line 1, column 12: expected ',' or '}', found '，'");
    }
    SUBCASE("bad literals, numbers and escapes") {
      CHECK(malformed(R"({"name":王小明})") ==
            "malformed JSON at line 1, column 9 (in /name): expected a value, found '王'");
      CHECK(malformed(R"({"open":tru})") == "malformed JSON at line 1, column 9 (in /open): expected a value, "
                                            "found 't' (text needs double quotes; true, false and null are lower case)");
      CHECK(malformed(R"({"open":True})").find("true, false and null are lower case") != std::string::npos);
      CHECK(malformed(R"({"slots":012})").find("leading zero") != std::string::npos);
      CHECK(malformed(R"({"slots":-})").find("(in /slots): a number needs a digit after '-'") != std::string::npos);
      CHECK(malformed(R"({"name":"\x41"})").find("unknown escape \\x") != std::string::npos);
      CHECK(malformed(R"({"name":"\ud800"})").find("surrogate") != std::string::npos);
      CHECK(malformed("{\"name\":\"a\tb\"}").find("must be escaped") != std::string::npos);
    }
    SUBCASE("invalid UTF-8") {
      CHECK(malformed("{\"name\":\"\xe7\x8e\"}") == "malformed JSON at line 1, column 10 (in /name): invalid UTF-8 inside a string");
      CHECK(malformed("{\"name\":\"\xc0\xaf\"}").find("invalid UTF-8") != std::string::npos);
      CHECK(malformed("{\"name\":\"\xed\xa0\x80\"}").find("invalid UTF-8") != std::string::npos);
    }
    SUBCASE("empty and trailing text") {
      CHECK(malformed("") == "malformed JSON at line 1, column 1: the document is empty");
      CHECK(malformed(" \n ") == "malformed JSON at line 2, column 2: the document is empty");
      CHECK(malformed("{} {}") == "malformed JSON at line 1, column 4: unexpected '{' after the end of the document");
    }
    SUBCASE("deeper than 32 levels") {
      // The root object is level 1, so 31 arrays inside it make 32.
      const std::string ok = R"({"x":)" + std::string(31, '[') + std::string(31, ']') + "}";
      CHECK(Errors(DecodeWorker(Replace(WorkerJson(), "{\"id\"", ok.substr(0, ok.size() - 1) + ",\"id\""))) ==
            "/x: unknown field\n");
      const std::string deep = R"({"x":)" + std::string(32, '[') + std::string(32, ']') + "}";
      CHECK(malformed(deep).find("nested deeper than 32 levels") != std::string::npos);
      CHECK(malformed(std::string(100000, '[')).find("nested deeper than 32 levels") != std::string::npos);
    }
  }

  TEST_CASE("a body that is valid JSON but not an object") {
    for (const char* json : {"[]", R"([{"id":"w-1"}])", R"("w-1")", "42", "null", "true"}) {
      CAPTURE(json);
      CHECK(Errors(DecodeWorker(json)) == ": must be an object\n");
    }
    CHECK(Errors(DecodePlacement("[]")) == ": must be an object\n");
    CHECK(Errors(DecodeWorker("1e999")) == ": must be an object\n");
  }

  TEST_CASE("a UTF-8 byte order mark is skipped") {
    CHECK(DecodeWorker("\xEF\xBB\xBF" + WorkerJson()).ok());
  }

  TEST_CASE("garbage never crashes and always explains itself") {
    const std::string good = WorkerJson() ;
    const auto sane = [](std::string_view json) {
      const auto r = DecodeWorker(json);
      if (r.ok()) return true;
      return r.status().code() == StatusCode::kInvalidArgument && !r.status().errors().empty() &&
             !r.status().errors()[0].message.empty();
    };
    SUBCASE("every truncation") {
      for (size_t n = 0; n < good.size(); ++n) {
        const auto r = DecodeWorker(std::string_view(good).substr(0, n));
        REQUIRE_FALSE(r.ok());
        REQUIRE(r.status().errors().size() == 1);
        REQUIRE(r.status().errors()[0].pointer.empty());
      }
    }
    SUBCASE("random byte edits") {
      uint64_t state = 0x9E3779B97F4A7C15ull;
      const auto next = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
      };
      const std::string alphabet = std::string("{}[]\",:0-1e.\\ \t\nxu") + '\0' + "\xff\xe4\xbd";
      int checked = 0;
      for (int round = 0; round < 3000; ++round) {
        std::string s = good;
        const int edits = 1 + static_cast<int>(next() % 4);
        for (int e = 0; e < edits; ++e) {
          const size_t at = next() % (s.size() + 1);
          const char c = alphabet[next() % alphabet.size()];
          switch (next() % 3) {
            case 0:
              if (at < s.size()) s[at] = c;
              break;
            case 1:
              s.insert(at, 1, c);
              break;
            default:
              if (at < s.size()) s.erase(at, 1);
          }
        }
        checked += sane(s) ? 1 : 0;
      }
      CHECK(checked == 3000);
    }
    SUBCASE("odd but valid JSON") {
      CHECK(sane(R"({"id":{"id":{"id":[]}}})"));
      CHECK(sane(R"({"skills":[[],{},null,1,"x",[[[]]]]})"));
      CHECK(sane(R"({"id":"\u0000\u001f"})"));
      CHECK(sane(std::string(1 << 16, ' ') + "{}"));
      std::string many = "{\"skills\":[";
      for (int i = 0; i < 20000; ++i) many += i ? ",{}" : "{}";
      CHECK(sane(many + "]}"));
    }
  }

  TEST_CASE("decoding from many threads at once") {
    const std::string good = WorkerJson();
    const std::string bad = Replace(good, R"("level":3)", R"("level":"3")");
    std::vector<std::thread> threads;
    std::vector<int> failures(4, 0);
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 300; ++i) {
          if (!DecodeWorker(good).ok()) ++failures[t];
          if (Errors(DecodeWorker(bad)) != "/skills/0/level: must be an integer\n") ++failures[t];
        }
      });
    }
    for (auto& th : threads) th.join();
    CHECK(failures == std::vector<int>(4, 0));
  }

  TEST_CASE("JsonQuote escapes for hand-built bodies") {
    CHECK(JsonQuote("plain") == R"("plain")");
    CHECK(JsonQuote("王小明") == R"("王小明")");
    CHECK(JsonQuote("a\"b\\c") == R"("a\"b\\c")");
    CHECK(JsonQuote("line\nnext\t\x01") == R"("line\nnext\t\u0001")");
    CHECK(JsonQuote(std::string_view("nul\0!", 5)) == R"("nul\u0000!")");
    CHECK(JsonQuote("bad\xff") == "\"bad\xEF\xBF\xBD\"");
    CHECK(JsonQuote("") == R"("")");
  }
}
