#include <doctest/doctest.h>

#include <algorithm>

#include "matcher/register.h"

using namespace leye;

namespace {

Household MakeHousehold(const std::string& id, const std::string& region, const std::string& site) {
  Household h;
  h.id = id;
  h.region = region;
  h.registered_poor = true;
  h.relocated = !site.empty();
  h.site = site;
  return h;
}

Worker MakeWorker(const std::string& id, const std::string& household, const std::string& id_number) {
  Worker w;
  w.id = id;
  w.household = household;
  w.name = "张三";
  w.id_number = id_number;
  return w;
}

Employer MakeEmployer(const std::string& id, const std::string& region) {
  Employer e;
  e.id = id;
  e.name = "车间";
  e.region = region;
  return e;
}

Posting MakePosting(const std::string& id, const std::string& employer) {
  Posting p;
  p.id = id;
  p.employer = employer;
  return p;
}

}  // namespace

TEST_SUITE("register") {
  TEST_CASE("a record's county comes from itself or the record it belongs to") {
    Register reg;
    reg.Upsert(MakeHousehold("H1", "430523", "S1"));
    reg.Upsert(MakeEmployer("E1", "440300"));
    CHECK(reg.CountyOf(MakeWorker("W1", "H1", "x")) == "430523");
    CHECK(reg.CountyOf(MakePosting("P1", "E1")) == "440300");
    CHECK(reg.CountyOf(MakeWorker("W2", "missing", "y")).empty());
  }

  TEST_CASE("references must resolve, and referenced records cannot go") {
    Register reg;
    auto errors = reg.CheckReferences(MakeWorker("W1", "H1", "x"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].pointer == "/household");
    reg.Upsert(MakeHousehold("H1", "430523", "S1"));
    CHECK(reg.CheckReferences(MakeWorker("W1", "H1", "x")).empty());
    reg.Upsert(MakeWorker("W1", "H1", "x"));
    CHECK(reg.ReferencedBy(Kind::kHousehold, "H1") == std::vector<std::string>{"worker W1"});
    reg.Upsert(MakeEmployer("E1", "430523"));
    reg.Upsert(MakePosting("P1", "E1"));
    CHECK(reg.ReferencedBy(Kind::kEmployer, "E1") == std::vector<std::string>{"posting P1"});
    CHECK(reg.Erase(Kind::kWorker, "W1"));
    CHECK(reg.ReferencedBy(Kind::kHousehold, "H1").empty());
    CHECK_FALSE(reg.Erase(Kind::kWorker, "W1"));
  }

  TEST_CASE("moving a worker to another household moves the reverse index") {
    Register reg;
    reg.Upsert(MakeHousehold("H1", "430523", "S1"));
    reg.Upsert(MakeHousehold("H2", "430523", "S2"));
    reg.Upsert(MakeWorker("W1", "H1", "id-1"));
    reg.Upsert(MakeWorker("W1", "H2", "id-2"));
    CHECK(reg.ReferencedBy(Kind::kHousehold, "H1").empty());
    CHECK(reg.ReferencedBy(Kind::kHousehold, "H2").size() == 1);
    CHECK(reg.WorkerWithIdNumber("id-1").empty());
    CHECK(reg.WorkerWithIdNumber("id-2") == "W1");
  }

  TEST_CASE("listing pages in id order with filters, without gaps or repeats") {
    Register reg;
    reg.Upsert(MakeHousehold("H1", "430523", "S1"));
    reg.Upsert(MakeHousehold("H2", "433130", "S9"));
    for (int i = 0; i < 25; ++i) {
      char id[8];
      std::snprintf(id, sizeof id, "W%02d", i);
      reg.Upsert(MakeWorker(id, i % 2 ? "H1" : "H2", std::string("n") + id));
    }
    SUBCASE("by region, paged") {
      Register::ListFilter f;
      f.region_prefix = "4305";
      std::vector<std::string> seen;
      std::string cursor;
      bool more = true;
      while (more) {
        auto page = reg.List(Kind::kWorker, f, cursor, 5, &more);
        for (auto* r : page) seen.push_back(IdOf(*r));
        if (!page.empty()) cursor = IdOf(*page.back());
      }
      REQUIRE(seen.size() == 12);
      CHECK(std::is_sorted(seen.begin(), seen.end()));
      CHECK(seen.front() == "W01");
    }
    SUBCASE("by site and by household") {
      Register::ListFilter f;
      f.site = "S9";
      bool more = false;
      CHECK(reg.List(Kind::kWorker, f, "", 100, &more).size() == 13);
      Register::ListFilter g;
      g.household = "H1";
      auto page = reg.List(Kind::kWorker, g, "W05", 3, &more);
      REQUIRE(page.size() == 3);
      CHECK(IdOf(*page[0]) == "W07");
      CHECK(more);
    }
  }

  TEST_CASE("filters apply only to the kinds they name") {
    CHECK(Register::FilterApplies(Kind::kWorker, "site"));
    CHECK_FALSE(Register::FilterApplies(Kind::kEmployer, "site"));
    CHECK(Register::FilterApplies(Kind::kPosting, "employer"));
    CHECK_FALSE(Register::FilterApplies(Kind::kHousehold, "household"));
  }
}
