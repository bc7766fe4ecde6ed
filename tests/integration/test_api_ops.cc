// Operations and hardening (issue 2, items 3 and 9): /livez, /readyz, the
// OpenAPI document against the router's own table, request ids on every
// answer, client address headers ignored, structured logs without personal
// data, no Nagle stalls on keep-alive, a read timeout for slow clients, and
// leye-server refusing an invalid configuration with one line.
#include <netinet/tcp.h>

#include <set>

#include "connectors/http/routes.h"
#include "tests/integration/test_server.h"

using namespace leye;
using namespace leye::testing;

namespace {

// Every route the server registers: a Router filled by AddAllRoutes, with the
// services wired as HttpServer wires them (http_server.cc, HttpServer::Impl).
// The services are only constructed (no threads started, nothing called).
struct AllRoutes {
  http::PlacementService placements;
  http::MatchService match;
  http::GuaranteeService guarantee;
  http::WorkerServices services;
  http::Router router;
  explicit AllRoutes(http::RegisterService& s)
      : placements(s),
        match(s, placements, s.config().policy),
        guarantee(s, placements, match, s.config().policy, s.config().follow_up_days, s.config().sweep_interval_s),
        services(s, placements, match, s.config().policy),
        router(s.auth()) {
    http::AddAllRoutes(router, s, match, placements, guarantee, services);
  }
};

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Every "$ref" string anywhere under `e`.
void CollectRefs(simdjson::dom::element e, std::set<std::string>& refs) {
  simdjson::dom::object object;
  simdjson::dom::array array;
  if (!e.get_object().get(object)) {
    for (auto [key, value] : object) {
      std::string_view ref;
      if (key == "$ref" && !value.get_string().get(ref)) refs.emplace(ref);
      else CollectRefs(value, refs);
    }
  } else if (!e.get_array().get(array)) {
    for (auto v : array) CollectRefs(v, refs);
  }
}

// The path with each {param} replaced by a plain id.
std::string Concrete(const std::string& templ) {
  std::string out;
  bool in_param = false;
  for (char c : templ) {
    if (c == '{') {
      in_param = true;
      out += "X1";
    } else if (c == '}') {
      in_param = false;
    } else if (!in_param) {
      out += c;
    }
  }
  return out;
}

bool IsJson(std::string_view line) {
  simdjson::dom::parser p;
  simdjson::dom::element e;
  return !p.parse(line.data(), line.size()).get(e) && e.is_object();
}

}  // namespace

TEST_SUITE("api_ops") {
  TEST_CASE("/livez and /readyz answer without a token") {
    TestServer s(NoSweepConfig());
    auto r = s.Get("/livez", nullptr);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    CHECK(Json(r->body).Str("/status") == "ok");
    r = s.Get("/readyz", nullptr);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(Json(r->body).Str("/status") == "ready");
    r = s.Client().Head("/livez");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.empty());
    // A token does not hurt, even a wrong one.
    CHECK(s.Get("/livez", "not-a-token")->status == 200);
  }

  TEST_CASE("/openapi.json is an OpenAPI 3 document with exactly the router's routes") {
    TestServer s(NoSweepConfig());
    auto r = s.Get("/openapi.json", nullptr);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    Json doc(r->body);
    CHECK(doc.Str("/openapi").rfind("3.", 0) == 0);
    CHECK(!doc.Str("/info/title").empty());
    CHECK(!doc.Str("/info/version").empty());

    AllRoutes all(s.service());
    const auto& routes = all.router.routes();
    REQUIRE(routes.size() >= 25);  // ops 3, register 20, import 5, and the later features
    std::set<std::pair<std::string, std::string>> from_router;
    for (const auto& route : routes) {
      CAPTURE(route.method);
      CAPTURE(route.path);
      // JSON Pointer: "/" inside a key is written "~1".
      std::string escaped_path;
      for (char c : route.path) escaped_path += c == '/' ? std::string("~1") : std::string(1, c);
      const std::string at = "/paths/" + escaped_path + "/" + Lower(route.method);
      REQUIRE_MESSAGE(doc.Has(at.c_str()), "not in the document: " << route.method << " " << route.path);
      CHECK(!doc.Str((at + "/summary").c_str()).empty());
      CHECK(doc.Has((at + "/responses").c_str()));
      CHECK(doc.Has((at + "/responses/503").c_str()));
      if (route.needs_auth) {
        CHECK(doc.Has((at + "/responses/401").c_str()));
        CHECK(doc.Has((at + "/responses/403").c_str()));
        CHECK(doc.Has((at + "/security/0/bearer").c_str()));
      }
      if (route.method == "PUT") CHECK(doc.Has((at + "/responses/201").c_str()));
      if (!route.request_schema.empty()) CHECK(doc.Has((at + "/requestBody").c_str()));
      // One path parameter per {name}, then the query parameters.
      size_t params = static_cast<size_t>(std::count(route.path.begin(), route.path.end(), '{'));
      CHECK(doc.Size((at + "/parameters").c_str()) == params + route.query.size());
      from_router.emplace(route.path, Lower(route.method));
    }
    CHECK(from_router.size() == routes.size());  // no route twice
    // ...and nothing in the document that the router does not have.
    std::set<std::pair<std::string, std::string>> from_doc;
    simdjson::dom::object paths;
    REQUIRE(!doc.root["paths"].get_object().get(paths));
    for (auto [path, item] : paths) {
      simdjson::dom::object ops;
      REQUIRE(!item.get_object().get(ops));
      for (auto [method, op] : ops) from_doc.emplace(std::string(path), std::string(method));
    }
    CHECK(from_doc == from_router);
    // Every $ref points at a schema that exists.
    std::set<std::string> refs;
    CollectRefs(doc.root, refs);
    CHECK(!refs.empty());
    for (const auto& ref : refs) {
      CAPTURE(ref);
      REQUIRE(ref.rfind("#/components/schemas/", 0) == 0);
      CHECK(doc.Has(("/components/schemas/" + ref.substr(21)).c_str()));
    }
  }

  TEST_CASE("every documented route is served: 401 without a token where one is needed, never 404 or 405") {
    TestServer s(NoSweepConfig());
    AllRoutes all(s.service());
    httplib::Client c = s.Client();
    for (const auto& route : all.router.routes()) {
      const std::string path = Concrete(route.path);
      CAPTURE(route.method);
      CAPTURE(path);
      httplib::Result r(nullptr, httplib::Error::Unknown);
      if (route.method == "GET") r = c.Get(path);
      else if (route.method == "DELETE") r = c.Delete(path);
      else if (route.method == "PUT") r = c.Put(path, "{}", "application/json");
      else if (route.method == "POST") r = c.Post(path, "{}", "application/json");
      else if (route.method == "PATCH") r = c.Patch(path, "{}", "application/json");
      else FAIL("a method the test does not know: " << route.method);
      REQUIRE(r);
      if (route.needs_auth) {
        CHECK(r->status == 401);
      } else {
        CHECK(r->status != 404);
        CHECK(r->status != 405);
        CHECK(r->status < 500);
      }
    }
  }

  TEST_CASE("every answer carries an X-Request-Id, a plain one from the client is kept, any other replaced") {
    TestServer s(NoSweepConfig());
    std::set<std::string> ids;
    httplib::Client c = s.Client();
    std::vector<httplib::Result> answers;
    answers.push_back(c.Get("/livez"));
    answers.push_back(c.Get("/v1/households"));
    answers.push_back(c.Get("/nowhere"));
    answers.push_back(c.Delete("/livez"));
    answers.push_back(s.Get("/v1/households/NOPE"));
    answers.push_back(s.Put("/v1/households/H1", "{"));
    for (const auto& r : answers) {
      REQUIRE(r);
      CAPTURE(r->status);
      const std::string id = r->get_header_value("X-Request-Id");
      CHECK(!id.empty());
      ids.insert(id);
    }
    CHECK(ids.size() == 6);
    // Answers made before routing: 411, 413, 415, and the library's own 400 and 414.
    for (const std::string& request :
         {std::string("PUT /v1/households/H1 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
          std::string("PUT /v1/households/H1 HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999\r\n\r\n"),
          std::string("PUT /v1/households/H1 HTTP/1.1\r\nHost: t\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n"),
          std::string("GET /livez\r\nHost: t\r\n\r\n"),
          "GET /livez?" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n"}) {
      const std::string raw = RawHttp(s.port(), request);
      CAPTURE(raw.substr(0, 120));
      CHECK(RawStatus(raw) >= 400);
      CHECK(!RawHeader(raw, "X-Request-Id").empty());
    }
    httplib::Headers h = {{"X-Request-Id", "kiosk-7_req-0042"}};
    CHECK(c.Get("/livez", h)->get_header_value("X-Request-Id") == "kiosk-7_req-0042");
    for (const std::string& bad : {std::string("a b"), std::string("<script>"), std::string(65, 'a'),
                                   std::string("id\"},{\"level\":\"error")}) {
      httplib::Headers hb = {{"X-Request-Id", bad}};
      const std::string id = c.Get("/livez", hb)->get_header_value("X-Request-Id");
      CHECK(!id.empty());
      CHECK(id != bad);
    }
  }

  TEST_CASE("X-Forwarded-For and other client address headers change nothing") {
    TestServer s(NoSweepConfig());
    REQUIRE(s.Put("/v1/households/HIN", HouseholdJson())->status == 201);
    REQUIRE(s.Put("/v1/households/HOUT", HouseholdJson("433122"))->status == 201);
    const std::vector<httplib::Headers> spoofs = {
        {{"X-Forwarded-For", "127.0.0.1"}},
        {{"X-Forwarded-For", "10.0.0.1, 127.0.0.1"}},
        {{"X-Real-IP", "127.0.0.1"}},
        {{"Forwarded", "for=127.0.0.1;proto=https"}},
        {{"X-Forwarded-Host", "admin.internal"}, {"X-Forwarded-Proto", "https"}, {"X-Client-IP", "::1"}}};
    struct Probe {
      const char* path;
      const char* token;
    };
    httplib::Client c = s.Client();
    for (const Probe& p : {Probe{"/v1/households", nullptr}, Probe{"/v1/households/HOUT", kBureauToken},
                           Probe{"/v1/households", kMonitorToken}, Probe{"/v1/households/HIN", kKioskToken},
                           Probe{"/v1/households", kAdminToken}}) {
      CAPTURE(p.path);
      auto plain = c.Get(p.path, TestServer::Auth(p.token));
      REQUIRE(plain);
      for (const auto& spoof : spoofs) {
        httplib::Headers h = TestServer::Auth(p.token);
        h.insert(spoof.begin(), spoof.end());
        auto r = c.Get(p.path, h);
        REQUIRE(r);
        CHECK(r->status == plain->status);
        CHECK(r->body == plain->body);
      }
    }
  }

  TEST_CASE("logs: one JSON object per line on stderr with the request id, never a name, ID number or address") {
    FlushRedis(RedisUrl());
    TempDir dir;
    ServerProcess server(RedisUrl(), dir, {{"LEYE_LOG_LEVEL", "info"}});
    REQUIRE(server.WaitReady());
    httplib::Client c = server.Client();
    const auto auth = TestServer::Auth(kAdminToken);
    const std::string idn = FakeIdNumber("430523", "19880415", 913);
    const std::string name = "欧阳秀梅";
    std::vector<std::string> request_ids;
    auto note = [&](const httplib::Result& r) {
      REQUIRE(r);
      request_ids.push_back(r->get_header_value("X-Request-Id"));
      return r->status;
    };
    httplib::Headers spoof = auth;
    spoof.emplace("X-Forwarded-For", "203.0.113.77");
    CHECK(note(c.Put("/v1/households/H1", spoof, HouseholdJson(), "application/json")) == 201);
    CHECK(note(c.Put("/v1/workers/W1", auth, WorkerJson("H1", idn, name), "application/json")) == 201);
    CHECK(note(c.Get("/v1/workers/W1", auth)) == 200);
    CHECK(note(c.Get("/v1/workers?household=H1&cursor=" + idn, auth)) == 200);
    std::string bad = WorkerJson("H1", idn.substr(0, 17) + (idn.back() == '1' ? "2" : "1"), name);
    bad.insert(bad.size() - 1, R"(,"disability":"一级肢体残疾")");
    CHECK(note(c.Put("/v1/workers/W2", auth, bad, "application/json")) == 422);
    CHECK(note(c.Put("/v1/workers/W3", auth, "{\"name\":\"" + name + "\",", "application/json")) == 400);
    CHECK(note(c.Post("/v1/import/workers", auth,
                      "人员编号,户编号,姓名,身份证号\nW4,H1," + name + "," + idn + "\n", "text/csv")) >= 400);
    CHECK(note(c.Get("/v1/workers/W1", {{"Authorization", "Bearer " + idn}})) == 401);
    server.process().Signal(SIGTERM);
    REQUIRE(server.process().ExitCode() == 0);

    const std::string err = server.process().Stderr();
    size_t lines = 0;
    size_t start = 0;
    while (start < err.size()) {
      size_t end = err.find('\n', start);
      if (end == std::string::npos) end = err.size();
      const std::string line = err.substr(start, end - start);
      start = end + 1;
      if (line.empty()) continue;
      ++lines;
      CAPTURE(line);
      CHECK(IsJson(line));
    }
    CHECK(lines >= request_ids.size());
    for (const auto& id : request_ids) {
      CAPTURE(id);
      CHECK(err.find("\"request_id\":\"" + id + "\"") != std::string::npos);
    }
    const std::string all = err + server.process().Stdout();
    for (const std::string& secret : {idn, idn.substr(0, 17), idn.substr(6, 8), name, std::string("李秀英"),
                                      std::string("一级肢体残疾"), std::string("203.0.113.77"),
                                      std::string(kAdminToken), std::string(kSecret)}) {
      CAPTURE(secret);
      CHECK(all.find(secret) == std::string::npos);
    }
  }

  TEST_CASE("keep-alive requests are not held back by Nagle's algorithm") {
    TestServer s(NoSweepConfig());
    httplib::Client c = s.Client();
    c.set_keep_alive(true);
    c.set_tcp_nodelay(true);  // the client's side; the server must set its own
    REQUIRE(c.Get("/livez"));
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 50; ++i) {
      auto r = c.Get("/v1/households", TestServer::Auth(kAdminToken));
      REQUIRE(r);
      REQUIRE(r->status == 200);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    MESSAGE("50 keep-alive requests in " << seconds << " s");
    CHECK(seconds < 1.0);  // ~2 s when each answer waits for a delayed ACK
  }

  TEST_CASE("a keep-alive connection serves at most keep_alive_max requests, then the server closes it") {
    Config config = NoSweepConfig();
    config.keep_alive_max = 3;
    TestServer s(config);
    const int fd = ConnectLoopback(s.port());
    const std::string request = "GET /livez HTTP/1.1\r\nHost: t\r\n\r\n";
    int answered = 0;
    bool closed = false;
    std::string last;
    for (int i = 0; i < 5 && !closed; ++i) {
      if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) break;
      std::string in;
      char buf[1024];
      while (!RawComplete(in)) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 3000) <= 0) break;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
          closed = true;
          break;
        }
        in.append(buf, static_cast<size_t>(n));
      }
      if (RawStatus(in) == 200) {
        ++answered;
        last = in;
      }
    }
    if (!closed) {  // the third answer said so; the server then hangs up
      pollfd p{fd, POLLIN, 0};
      char c;
      closed = ::poll(&p, 1, 3000) == 1 && ::recv(fd, &c, 1, 0) == 0;
    }
    ::close(fd);
    CHECK(answered == 3);
    CHECK(RawHeader(last, "Connection") == "close");
    CHECK(closed);
  }

  TEST_CASE("a client that sends its request too slowly is cut off at the read timeout, others are served") {
    Config config = NoSweepConfig();
    config.read_timeout_s = 1;
    TestServer s(config);
    const int fd = ConnectLoopback(s.port());
    const std::string partial = "GET /livez HTTP/1.1\r\nHost: t\r\nX-Slow: ";
    REQUIRE(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(partial.size()));
    CHECK(s.Get("/livez", nullptr)->status == 200);
    const auto t0 = std::chrono::steady_clock::now();
    pollfd p{fd, POLLIN, 0};
    REQUIRE(::poll(&p, 1, 5000) == 1);
    char buf[512];
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ::close(fd);
    CHECK(n >= 0);  // closed (0) or a 4xx answer, within the timeout
    if (n > 0) CHECK(RawStatus(std::string(buf, static_cast<size_t>(n))) >= 400);
    CHECK(seconds < 3.0);
  }

  TEST_CASE("leye-server refuses an invalid configuration: exit 2 and one line on stderr naming the setting") {
    TempDir dir;
    {
      std::ofstream f(dir / "broken.toml");
      f << "[server]\nlisten = \"127.0.0.1:8080\nthreads = 4\n";
    }
    {
      std::ofstream f(dir / "typed.toml");
      f << "[server]\nthreads = \"many\"\n";
    }
    struct Case {
      std::vector<std::pair<std::string, std::string>> env;
      std::vector<std::string> args;
      const char* names;
    };
    const std::vector<Case> cases = {
        {{{"LEYE_LISTEN", "localhost"}}, {}, "LEYE_LISTEN"},
        {{{"LEYE_LISTEN", "127.0.0.1:99999"}}, {}, "LEYE_LISTEN"},
        {{{"LEYE_LISTEN", "127.0.0.1:http"}}, {}, "LEYE_LISTEN"},
        {{{"LEYE_LISTEN", ":8080"}}, {}, "LEYE_LISTEN"},
        {{{"LEYE_PII_SECRET", "short"}}, {}, "LEYE_PII_SECRET"},
        {{{"LEYE_PII_SECRET", ""}}, {}, "LEYE_PII_SECRET"},
        {{{"LEYE_REDIS_URL", "http://127.0.0.1:6379"}}, {}, "LEYE_REDIS_URL"},
        {{{"LEYE_REDIS_URL", "redis://127.0.0.1:0/0"}}, {}, "LEYE_REDIS_URL"},
        {{{"LEYE_REDIS_URL", "unix://relative/path.sock"}}, {}, "LEYE_REDIS_URL"},
        {{{"LEYE_LOG_LEVEL", "loud"}}, {}, "LEYE_LOG_LEVEL"},
        {{{"LEYE_TOKENS", "ops:admin::ABCDEF"}}, {}, "LEYE_TOKENS"},
        {{{"LEYE_TOKENS", "ops:root::" + std::string(64, 'a')}}, {}, "LEYE_TOKENS"},
        {{{"LEYE_THREADS", "0"}}, {}, "LEYE_THREADS"},
        {{{"LEYE_ADMIN_TOKEN", "short"}}, {}, "LEYE_ADMIN_TOKEN"},
        {{}, {"--config", dir / "broken.toml"}, "broken.toml"},
        {{}, {"--config", dir / "typed.toml"}, "server.threads"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.names);
      std::vector<std::pair<std::string, std::string>> env = {{"LEYE_LISTEN", "127.0.0.1:0"},
                                                              {"LEYE_REDIS_URL", RedisUrl()},
                                                              {"LEYE_PII_SECRET", kSecret},
                                                              {"LEYE_ADMIN_TOKEN", kAdminToken}};
      for (const auto& [k, v] : c.env) {
        bool replaced = false;
        for (auto& [ek, ev] : env)
          if (ek == k) ev = v, replaced = true;
        if (!replaced) env.emplace_back(k, v);
      }
      std::vector<std::string> argv = {std::string(LEYE_BINARY_DIR) + "/leye-server"};
      argv.insert(argv.end(), c.args.begin(), c.args.end());
      Process p(argv, env, dir.path());
      CHECK(p.ExitCode(std::chrono::seconds(10)) == 2);
      const std::string err = p.Stderr();
      CAPTURE(err);
      CHECK(!err.empty());
      CHECK(std::count(err.begin(), err.end(), '\n') == 1);
      CHECK(err.back() == '\n');
      CHECK(err.find(c.names) != std::string::npos);
      for (const auto& [k, v] : c.env)  // secrets are named, never echoed
        if ((k == "LEYE_PII_SECRET" || k == "LEYE_ADMIN_TOKEN") && !v.empty()) CHECK(err.find(v) == std::string::npos);
    }
    // A port already taken: start-up fails with one line naming the address.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd, 1) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    const std::string taken = "127.0.0.1:" + std::to_string(ntohs(a.sin_port));
    Process p({std::string(LEYE_BINARY_DIR) + "/leye-server"},
              {{"LEYE_LISTEN", taken}, {"LEYE_REDIS_URL", RedisUrl()}, {"LEYE_PII_SECRET", kSecret}}, dir.path());
    const int code = p.ExitCode(std::chrono::seconds(10));
    ::close(fd);
    CHECK(code != 0);
    const std::string err = p.Stderr();
    CAPTURE(err);
    CHECK(err.find(taken) != std::string::npos);
    CHECK(std::count(err.begin(), err.end(), '\n') == 1);
  }
}
