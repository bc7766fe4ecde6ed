#include <doctest/doctest.h>

#include "matcher/date.h"
#include "matcher/id_number.h"
#include "matcher/model.h"

using namespace leye;

TEST_SUITE("date") {
  TEST_CASE("parse and format round-trip, and reject non-dates") {
    CHECK(FormatDate(*ParseDate("2026-12-01")) == "2026-12-01");
    CHECK(ParseDate("1970-01-01")->days == 0);
    CHECK_FALSE(ParseDate("2026-02-29"));
    CHECK(ParseDate("2024-02-29"));
    CHECK_FALSE(ParseDate("2026-13-01"));
    CHECK_FALSE(ParseDate("2026-1-01"));
    CHECK_FALSE(ParseDate("20261201"));
  }
  TEST_CASE("adding calendar months clamps to the month's last day") {
    CHECK(FormatDate(AddMonthsClamped(*ParseDate("2026-01-31"), 1)) == "2026-02-28");
    CHECK(FormatDate(AddMonthsClamped(*ParseDate("2024-01-31"), 1)) == "2024-02-29");
    CHECK(FormatDate(AddMonthsClamped(*ParseDate("2026-08-15"), 6)) == "2027-02-15");
    CHECK(FormatDate(AddMonthsClamped(*ParseDate("2026-12-31"), 12)) == "2027-12-31");
  }
}

TEST_SUITE("id_number") {
  // 11010519491231002X is the standard's own published example.
  TEST_CASE("check digit follows ISO 7064 MOD 11-2") {
    CHECK(IdNumberCheckChar("11010519491231002") == 'X');
    CHECK_FALSE(IdNumberProblem("11010519491231002X"));
    CHECK(IdNumberProblem("110105194912310021").value().find("check digit") != std::string::npos);
  }
  TEST_CASE("Excel-rounded numbers are explained") {
    CHECK(IdNumberProblem("4.30523199001011E+17").value().find("Excel") != std::string::npos);
    CHECK(IdNumberProblem("430523199001011000").value().find("Excel") != std::string::npos);
  }
  TEST_CASE("shape errors") {
    CHECK(IdNumberProblem("12345"));
    CHECK(IdNumberProblem("11010519491231002x"));  // lower-case x
    CHECK(IdNumberProblem("110105194913310023"));  // month 13
  }
  TEST_CASE("birth date, sex and age") {
    const std::string id = "11010519491231002X";
    CHECK(FormatDate(IdNumberBirthDate(id)) == "1949-12-31");
    CHECK(IdNumberSex(id) == Sex::kFemale);  // 17th digit 2: even
    CHECK(AgeOn(IdNumberBirthDate(id), *ParseDate("2026-12-30")) == 76);
    CHECK(AgeOn(IdNumberBirthDate(id), *ParseDate("2026-12-31")) == 77);
  }
  TEST_CASE("a 29 February birthday falls on 1 March in other years") {
    const Date b = *ParseDate("2000-02-29");
    CHECK(AgeOn(b, *ParseDate("2018-02-28")) == 17);
    CHECK(AgeOn(b, *ParseDate("2018-03-01")) == 18);
    CHECK(AgeOn(b, *ParseDate("2024-02-29")) == 24);
  }
  TEST_CASE("masks never show the birth date") {
    const std::string id = "11010519491231002X";
    CHECK(MaskIdNumber(id, IdVisibility::kFull) == id);
    CHECK(MaskIdNumber(id, IdVisibility::kPartial) == "110***********002X");
    CHECK(MaskIdNumber(id, IdVisibility::kMinimal) == "1****************X");
  }
}

TEST_SUITE("model") {
  TEST_CASE("ids, regions and occupation codes") {
    CHECK(IsValidId("HH-430523_0001"));
    CHECK_FALSE(IsValidId(""));
    CHECK_FALSE(IsValidId(std::string(65, 'a')));
    CHECK_FALSE(IsValidId("a b"));
    CHECK(IsValidRegion("430523"));
    CHECK_FALSE(IsValidRegion("43052"));
    CHECK(IsValidOccupationCode("6-05-01-01"));
    CHECK(IsValidOccupationCode("6"));
    CHECK_FALSE(IsValidOccupationCode("6-"));
    CHECK_FALSE(IsValidOccupationCode("6--05"));
  }
  TEST_CASE("enum names round-trip") {
    CHECK(ToString(*ParseHours("home_based")) == "home_based");
    CHECK_FALSE(ParseEmployerKind("factory"));
    CHECK(*ParseKindPlural("trainings") == Kind::kTraining);
  }
}
