#include "tests/integration/test_server.h"

using namespace leye::testing;

TEST_SUITE("api_smoke") {
  TEST_CASE("a household and a worker go in, come back, and survive a restart") {
    const std::string id_number = FakeIdNumber("430523", "19880415", 913);
    {
      TestServer server;
      auto r = server.Put("/v1/households/H1", HouseholdJson());
      REQUIRE(r);
      CHECK(r->status == 201);
      r = server.Put("/v1/households/H1", HouseholdJson());
      CHECK(r->status == 200);
      r = server.Put("/v1/workers/W1", WorkerJson("H1", id_number));
      REQUIRE(r);
      CHECK_MESSAGE(r->status == 201, r->body);
      Json w(r->body);
      CHECK(w.Str("/id_number") == id_number);  // admin sees it in full
      CHECK(w.Int("/age") == 38);
      CHECK(w.Str("/sex") == "male");
    }
    TestServer again(TestConfig(), /*flush=*/false);
    auto r = again.Get("/v1/workers/W1", kBureauToken);
    REQUIRE(r);
    CHECK(r->status == 200);
    Json w(r->body);
    CHECK(w.Str("/id_number") == "430***********" + id_number.substr(14));
    CHECK(w.Str("/name") == "李秀英");
  }
}
