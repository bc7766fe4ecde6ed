// Storage and durability (issue 2, items 6 and 9): the register survives a
// restart and a kill -9 right after each acknowledged write; SIGTERM stops
// the server gracefully; while Redis is down requests fail fast with 503 and
// the server recovers by itself when Redis returns.
#include <atomic>
#include <map>
#include <mutex>

#include "tests/integration/test_server.h"

using namespace leye;
using namespace leye::testing;

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

httplib::Result PutTo(httplib::Client& c, const std::string& path, const std::string& body) {
  return c.Put(path, TestServer::Auth(kAdminToken), body, "application/json");
}

// Polls `fn` (true = done) every 20 ms for at most `seconds`.
template <typename Fn>
bool Eventually(double seconds, Fn fn) {
  const auto start = Clock::now();
  while (SecondsSince(start) < seconds) {
    if (fn()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return fn();
}

}  // namespace

TEST_SUITE("api_durability") {
  TEST_CASE("a restarted server rebuilds the whole register from Redis: records, deletions, indexes") {
    std::map<std::string, std::string> seen;  // path -> body as the admin read it
    const std::string taken = FakeIdNumber("430523", "19880415", 913);
    {
      TestServer s(NoSweepConfig());
      REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
      REQUIRE(s.Put("/v1/households/H2", HouseholdJson("433122", false))->status == 201);
      REQUIRE(s.Put("/v1/households/H3", HouseholdJson())->status == 201);
      REQUIRE(s.Put("/v1/workers/W1", WorkerJson("H1", taken))->status == 201);
      REQUIRE(s.Put("/v1/workers/W2", WorkerJson("H2", FakeIdNumber("433122", "19920202", 922)))->status == 201);
      REQUIRE(s.Put("/v1/employers/E1", EmployerJson())->status == 201);
      REQUIRE(s.Put("/v1/postings/P1", PostingJson("E1"))->status == 201);
      REQUIRE(s.Put("/v1/trainings/T1", TrainingJson("433122"))->status == 201);
      // A change, a move to another county, a deletion.
      REQUIRE(s.Put("/v1/workers/W2", WorkerJson("H2", FakeIdNumber("433122", "19920202", 922), "韩小雪"))->status == 200);
      REQUIRE(s.Put("/v1/households/H3", HouseholdJson("430524"))->status == 200);
      REQUIRE(s.Delete("/v1/trainings/T1")->status == 204);
      for (const char* path : {"/v1/households/H1", "/v1/households/H2", "/v1/households/H3", "/v1/workers/W1",
                               "/v1/workers/W2", "/v1/employers/E1", "/v1/postings/P1", "/v1/households",
                               "/v1/workers", "/v1/employers", "/v1/postings", "/v1/trainings",
                               "/v1/households?region=430524"}) {
        auto r = s.Get(path);
        REQUIRE(r);
        REQUIRE(r->status == 200);
        seen[path] = r->body;
      }
    }
    TestServer again(NoSweepConfig(), /*flush=*/false);
    for (const auto& [path, body] : seen) {
      CAPTURE(path);
      auto r = again.Get(path);
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body == body);
    }
    CHECK(again.Get("/v1/trainings/T1")->status == 404);
    CHECK(Json(again.Get("/v1/workers/W2")->body).Str("/name") == "韩小雪");
    // The indexes are back too: references, and one worker per ID number.
    CHECK_PROBLEM(again.Delete("/v1/households/H1"), 409);
    CHECK_PROBLEM(again.Delete("/v1/employers/E1"), 409);
    CHECK_PROBLEM(again.Put("/v1/workers/W9", WorkerJson("H1", taken)), 409);
    CHECK(again.Put("/v1/workers/W1", WorkerJson("H1", taken))->status == 200);
  }

  TEST_CASE("kill -9 right after each acknowledged write loses nothing (the real leye-server)") {
    FlushRedis(RedisUrl());
    TempDir dir;
    std::map<std::string, std::optional<std::string>> acknowledged;  // path -> body as answered (nullopt: deleted)
    const std::vector<std::pair<std::string, std::string>> writes = {
        {"/v1/households/H1", HouseholdJson()},
        {"/v1/workers/W1", WorkerJson("H1", FakeIdNumber("430523", "19880415", 913))},
        {"/v1/employers/E1", EmployerJson()},
        {"/v1/postings/P1", PostingJson("E1")},
        {"/v1/trainings/T1", TrainingJson()},
        {"/v1/households/H2", HouseholdJson("430524", false)},
        {"/v1/workers/W1", WorkerJson("H1", FakeIdNumber("430523", "19880415", 913), "冯秀珍")},  // a change
        {"/v1/workers/W2", WorkerJson("H2", FakeIdNumber("430524", "19750505", 924))},
        {"DELETE /v1/trainings/T1", ""},
        {"/v1/postings/P1", PostingJson("E1", 9)},
    };
    auto verify = [&](ServerProcess& server) {
      httplib::Client c = server.Client();
      for (const auto& [path, body] : acknowledged) {
        CAPTURE(path);
        auto r = c.Get(path, TestServer::Auth(kAdminToken));
        REQUIRE(r);
        if (body) {
          CHECK(r->status == 200);
          CHECK(r->body == *body);
        } else {
          CHECK(r->status == 404);
        }
      }
    };
    for (const auto& [target, body] : writes) {
      CAPTURE(target);
      ServerProcess server(RedisUrl(), dir);
      REQUIRE_MESSAGE(server.WaitReady(), server.process().Stderr());
      verify(server);
      httplib::Client c = server.Client();
      if (target.rfind("DELETE ", 0) == 0) {
        const std::string path = target.substr(7);
        auto r = c.Delete(path, TestServer::Auth(kAdminToken));
        REQUIRE(r);
        REQUIRE(r->status == 204);
        server.process().Signal(SIGKILL);
        acknowledged[path] = std::nullopt;
      } else {
        auto r = PutTo(c, target, body);
        REQUIRE(r);
        REQUIRE_MESSAGE((r->status == 200 || r->status == 201), r->body);
        server.process().Signal(SIGKILL);
        acknowledged[target] = r->body;
      }
      const auto st = server.process().Wait(std::chrono::seconds(10));
      REQUIRE(st);
      CHECK(WIFSIGNALED(*st));
    }
    ServerProcess last(RedisUrl(), dir);
    REQUIRE(last.WaitReady());
    verify(last);
  }

  TEST_CASE("kill -9 in the middle of concurrent writes: every acknowledged one is there after the restart") {
    FlushRedis(RedisUrl());
    TempDir dir;
    std::mutex mu;
    std::vector<std::string> acknowledged;
    {
      ServerProcess server(RedisUrl(), dir);
      REQUIRE(server.WaitReady());
      std::atomic<bool> stop{false};
      std::vector<std::thread> writers;
      for (int t = 0; t < 4; ++t) {
        writers.emplace_back([&, t] {
          httplib::Client c = server.Client();
          for (int i = 0; i < 5000 && !stop.load(); ++i) {
            const std::string path = "/v1/households/T" + std::to_string(t) + "N" + std::to_string(i);
            auto r = PutTo(c, path, HouseholdJson());
            if (!r) break;  // killed
            if (r->status == 201) {
              std::lock_guard lock(mu);
              acknowledged.push_back(path);
            }
          }
        });
      }
      Eventually(5, [&] {
        std::lock_guard lock(mu);
        return acknowledged.size() >= 200;
      });
      server.process().Signal(SIGKILL);
      stop = true;
      for (auto& w : writers) w.join();
      REQUIRE(server.process().Wait(std::chrono::seconds(10)));
    }
    REQUIRE(acknowledged.size() >= 200);
    MESSAGE(acknowledged.size() << " writes acknowledged before the kill");
    ServerProcess again(RedisUrl(), dir);
    REQUIRE(again.WaitReady());
    httplib::Client c = again.Client();
    size_t missing = 0;
    for (const auto& path : acknowledged) {
      auto r = c.Get(path, TestServer::Auth(kAdminToken));
      REQUIRE(r);
      if (r->status != 200) ++missing;
    }
    CHECK(missing == 0);
  }

  TEST_CASE("a record in Redis that does not decode: not ready, the log says which key, ready by itself once it is mended") {
    FlushRedis(RedisUrl());
    RedisCmd({"SET", "leye:{430523}:household:HBAD", "{\"id\":\"HBAD\",\"region\":"});
    RedisCmd({"SADD", "leye:{430523}:households", "HBAD"});
    RedisCmd({"SADD", "leye:counties", "430523"});
    TempDir dir;
    ServerProcess server(RedisUrl(), dir);
    CHECK_FALSE(server.WaitReady(std::chrono::milliseconds(1500)));
    httplib::Client c = server.Client();
    auto r = c.Get("/readyz");
    CHECK_PROBLEM(r, 503);
    const std::string err = server.process().Stderr();
    CAPTURE(err);
    CHECK(err.find("loading the register from Redis failed") != std::string::npos);
    CHECK(err.find("leye:{430523}:household:HBAD") != std::string::npos);
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);  // once, not once a second
    RedisCmd({"DEL", "leye:{430523}:household:HBAD"});
    RedisCmd({"SREM", "leye:{430523}:households", "HBAD"});
    CHECK(server.WaitReady(std::chrono::seconds(5)));
  }

  TEST_CASE("SIGTERM stops the server gracefully: requests in progress finish, exit code 0") {
    FlushRedis(RedisUrl());
    TempDir dir;
    for (int sig : {SIGTERM, SIGINT}) {
      CAPTURE(sig);
      ServerProcess server(RedisUrl(), dir);
      REQUIRE(server.WaitReady());
      // Writes keep coming while the signal arrives: each answered one is a
      // whole answer, and every 201 is stored.
      std::atomic<int> created{0}, broken{0};
      std::vector<std::string> done;
      std::mutex mu;
      std::thread writer([&] {
        httplib::Client c = server.Client();
        for (int i = 0; i < 100000; ++i) {
          const std::string path = "/v1/households/S" + std::to_string(sig) + "N" + std::to_string(i);
          auto r = PutTo(c, path, HouseholdJson());
          if (!r) break;
          if (r->status == 201) {
            ++created;
            std::lock_guard lock(mu);
            done.push_back(path);
          } else {
            ++broken;
          }
        }
      });
      Eventually(5, [&] { return created.load() >= 20; });
      const auto t0 = Clock::now();
      server.process().Signal(sig);
      CHECK(server.process().ExitCode(std::chrono::seconds(10)) == 0);
      CHECK(SecondsSince(t0) < 5);
      writer.join();
      CHECK(broken.load() == 0);
      // Nothing listens any more.
      httplib::Client c = server.Client();
      CHECK_FALSE(c.Get("/livez"));
      ServerProcess again(RedisUrl(), dir);
      REQUIRE(again.WaitReady());
      httplib::Client c2 = again.Client();
      for (const auto& path : done) CHECK(c2.Get(path, TestServer::Auth(kAdminToken))->status == 200);
      again.process().Signal(SIGTERM);
      CHECK(again.process().ExitCode() == 0);
    }
  }

  TEST_CASE("Redis down: writes answer 503 problem+json within a second, /readyz 503, Redis back: 2xx again by itself") {
    PrivateRedis redis;
    Config config = NoSweepConfig();
    config.redis_url = redis.url();
    TestServer s(config);
    REQUIRE(s.service().ready());
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    REQUIRE(s.Put("/v1/workers/W1", WorkerJson("H1", FakeIdNumber("430523", "19880415", 913)))->status == 201);
    REQUIRE(s.Get("/readyz", nullptr)->status == 200);

    redis.Stop();
    for (int attempt = 0; attempt < 3; ++attempt) {  // the first finds pooled connections dead, later ones none
      CAPTURE(attempt);
      auto t0 = Clock::now();
      auto r = s.Put("/v1/households/H2", HouseholdJson());
      const double put_seconds = SecondsSince(t0);
      CHECK_PROBLEM(r, 503);
      if (r) CHECK(r->get_header_value("Retry-After") == "1");
      CHECK(put_seconds < 3.0);
      MESSAGE("PUT with Redis down answered in " << put_seconds << " s");
      t0 = Clock::now();
      CHECK_PROBLEM(s.Get("/readyz", nullptr), 503);
      CHECK(SecondsSince(t0) < 3.0);
      CHECK_PROBLEM(s.Delete("/v1/workers/W1"), 503);
      CHECK_PROBLEM(s.Post("/v1/import/households", "id,region,registered_poor,poverty_status,relocated\nH3,430523,否,exited,否\n",
                           kAdminToken, "text/csv"),
                    503);
      // A full ID number is shown only with its audit record: no Redis, no number.
      CHECK_PROBLEM(s.Get("/v1/workers/W1"), 503);
    }
    // Reads that need no audit are served from memory.
    CHECK(s.Get("/v1/households/H1")->status == 200);
    CHECK(s.Get("/v1/workers/W1", kBureauToken)->status == 200);
    CHECK(s.Get("/livez", nullptr)->status == 200);

    redis.Start();  // same socket, same AOF directory
    CHECK(Eventually(5, [&] {
      auto r = s.Put("/v1/households/H2", HouseholdJson());
      return r && r->status == 201;
    }));
    CHECK(Eventually(5, [&] { return s.Get("/readyz", nullptr)->status == 200; }));
    CHECK(s.Get("/v1/workers/W1")->status == 200);
    CHECK(s.Delete("/v1/workers/W1")->status == 204);
    // Nothing was half-written while Redis was away: H1 and H2 in Redis, W1 gone, no H3.
    CHECK(RedisCmd({"SMEMBERS", "leye:{430523}:households"}, redis.url()).elements.size() == 2);
    CHECK(RedisCmd({"EXISTS", "leye:{430523}:household:H3"}, redis.url()).integer == 0);
    CHECK(RedisCmd({"EXISTS", "leye:{430523}:worker:W1"}, redis.url()).integer == 0);
  }

  TEST_CASE("Redis hanging (SIGSTOP): a write answers 503 after the command timeout, not later, SIGCONT: 2xx again") {
    PrivateRedis redis;
    Config config = NoSweepConfig();
    config.redis_url = redis.url();
    config.redis_command_timeout_ms = 500;
    TestServer s(config);
    REQUIRE(s.Put("/v1/households/H1", HouseholdJson())->status == 201);
    redis.Signal(SIGSTOP);
    auto t0 = Clock::now();
    CHECK_PROBLEM(s.Put("/v1/households/H2", HouseholdJson()), 503);
    const double seconds = SecondsSince(t0);
    MESSAGE("PUT with Redis hanging answered in " << seconds << " s");
    CHECK(seconds >= 0.4);
    CHECK(seconds < 3.0);
    t0 = Clock::now();
    CHECK_PROBLEM(s.Get("/readyz", nullptr), 503);
    CHECK(SecondsSince(t0) < 3.0);
    redis.Signal(SIGCONT);
    CHECK(Eventually(5, [&] {
      auto r = s.Put("/v1/households/H3", HouseholdJson());
      return r && r->status == 201;
    }));
    CHECK(s.Get("/readyz", nullptr)->status == 200);
    CHECK(s.Get("/v1/households/H1")->status == 200);
  }

  TEST_CASE("a server started while Redis is down answers 503 until Redis comes, then loads the register by itself") {
    PrivateRedis redis;
    Config config = NoSweepConfig();
    config.redis_url = redis.url();
    {
      TestServer first(config);
      REQUIRE(first.Put("/v1/households/H1", HouseholdJson())->status == 201);
    }
    redis.Stop();
    TestServer s(config, /*flush=*/false);  // waits up to 2 s for a load that cannot happen
    CHECK_FALSE(s.service().ready());
    CHECK(s.Get("/livez", nullptr)->status == 200);
    CHECK_PROBLEM(s.Get("/readyz", nullptr), 503);
    CHECK_PROBLEM(s.Get("/v1/households/H1"), 503);
    CHECK_PROBLEM(s.Put("/v1/households/H2", HouseholdJson()), 503);
    redis.Start();
    CHECK(Eventually(5, [&] { return s.Get("/readyz", nullptr)->status == 200; }));
    CHECK(s.Get("/v1/households/H1")->status == 200);
    CHECK(s.Put("/v1/households/H2", HouseholdJson())->status == 201);
  }
}
