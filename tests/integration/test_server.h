// Test harness for the integration tests: a real leye HTTP server on a free
// loopback port, in this process, over the real Redis that scripts/test
// started (LEYE_TEST_REDIS_URL). Each TestServer flushes that Redis first;
// ctest runs these tests one at a time.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>
#include <simdjson.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "connectors/http/http_server.h"
#include "connectors/http/register_service.h"
#include "connectors/redis/pii_cipher.h"
#include "connectors/redis/redis_client.h"
#include "matcher/id_number.h"

namespace leye::testing {

inline constexpr const char* kAdminToken = "admin-token-for-tests-0001";
inline constexpr const char* kBureauToken = "bureau-token-shaoyang-4305";    // region 4305
inline constexpr const char* kOtherBureauToken = "bureau-token-xiangxi-4331";  // region 4331
inline constexpr const char* kMonitorToken = "monitor-token-430523-0001";    // region 430523
inline constexpr const char* kKioskToken = "kiosk-token-430523-00000001";
inline constexpr const char* kSecret = "test-pii-secret-0123456789abcdef0123456789";

inline std::string RedisUrl() {
  const char* url = std::getenv("LEYE_TEST_REDIS_URL");
  REQUIRE_MESSAGE(url != nullptr, "LEYE_TEST_REDIS_URL is not set: run the tests through scripts/test");
  return url;
}

inline Config TestConfig() {
  Config c;
  c.listen_host = "127.0.0.1";
  c.listen_port = 0;
  c.redis_url = RedisUrl();
  c.pii_secret = kSecret;
  c.admin_token = kAdminToken;
  c.threads = 8;
  c.max_body_bytes = 64 * 1024;
  c.max_import_bytes = 8 << 20;
  c.log_level = "warn";
  c.tokens = {{"bureau-shaoyang", Role::kBureau, "4305", Sha256Hex(kBureauToken)},
              {"bureau-xiangxi", Role::kBureau, "4331", Sha256Hex(kOtherBureauToken)},
              {"monitor-shaoyang-county", Role::kMonitor, "430523", Sha256Hex(kMonitorToken)},
              {"kiosk-1", Role::kKiosk, "430523", Sha256Hex(kKioskToken)}};
  return c;
}

inline RedisOptions TestRedisOptions(const std::string& url) {
  RedisOptions o;
  o.endpoint = ParseRedisUrl(url).value();
  return o;
}

inline void FlushRedis(const std::string& url) {
  RedisClient client(TestRedisOptions(url));
  auto r = client.Command({"FLUSHALL"});
  REQUIRE(r.ok());
}

// The date the tests treat as today.
inline Date TestToday() { return *ParseDate("2026-12-01"); }

// TestConfig() with the server's own guarantee sweep off
// (sweep_interval_s = 0), so that only the sweeps a test asks for run and
// Redis changes only when the test says so.
inline Config NoSweepConfig() {
  Config c = TestConfig();
  c.sweep_interval_s = 0;
  return c;
}

// A "today" a test can move (a scripted year): TestServer(config, flush,
// clock.Fn()). Starts at TestToday().
class TestClock {
 public:
  Date Today() const { return Date{days_.load()}; }
  void Set(Date d) { days_.store(d.days); }
  std::function<Date()> Fn() {
    return [this] { return Today(); };
  }

 private:
  std::atomic<int32_t> days_{TestToday().days};
};

class TestServer {
 public:
  // `today`: the server's clock (default: fixed at TestToday()).
  explicit TestServer(Config config = TestConfig(), bool flush = true,
                      std::function<Date()> today = [] { return TestToday(); }) {
    static bool logging = (http::ConfigureLogging("warn"), true);
    (void)logging;
    if (flush) FlushRedis(config.redis_url);
    svc_ = std::make_unique<http::RegisterService>(config, PiiCipher::FromSecret(config.pii_secret).value(),
                                                   std::move(today));
    http_ = std::make_unique<http::HttpServer>(*svc_);
    REQUIRE(http_->Bind().ok());
    svc_->StartLoading();
    thread_ = std::thread([this] { http_->Run(); });
    for (int i = 0; i < 400 && !(http_->running() && svc_->ready()); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~TestServer() {
    http_->Stop();
    thread_.join();
    svc_->Stop();
  }
  int port() const { return http_->port(); }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port()); }
  http::RegisterService& service() { return *svc_; }

  httplib::Result Get(const std::string& path, const char* token = kAdminToken) {
    return Client().Get(path, Auth(token));
  }
  httplib::Result Put(const std::string& path, const std::string& body, const char* token = kAdminToken) {
    return Client().Put(path, Auth(token), body, "application/json");
  }
  httplib::Result Post(const std::string& path, const std::string& body, const char* token = kAdminToken,
                       const char* type = "application/json") {
    return Client().Post(path, Auth(token), body, type);
  }
  httplib::Result Delete(const std::string& path, const char* token = kAdminToken) {
    return Client().Delete(path, Auth(token));
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port());
    c.set_connection_timeout(2, 0);
    c.set_read_timeout(30, 0);
    return c;
  }
  static httplib::Headers Auth(const char* token) {
    if (!token) return {};
    return {{"Authorization", std::string("Bearer ") + token}};
  }

 private:
  std::unique_ptr<http::RegisterService> svc_;
  std::unique_ptr<http::HttpServer> http_;
  std::thread thread_;
};

// A parsed JSON answer (owned).
struct Json {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  explicit Json(const std::string& text) {
    auto err = parser.parse(text).get(root);
    REQUIRE_MESSAGE(!err, "not JSON: " << text);
  }
  simdjson::dom::element operator[](const char* key) const { return root[key].value(); }
  std::string Str(const char* pointer) const {
    std::string_view v;
    REQUIRE_MESSAGE(!root.at_pointer(pointer).get_string().get(v), "no string at " << pointer);
    return std::string(v);
  }
  int64_t Int(const char* pointer) const {
    int64_t v = 0;
    REQUIRE_MESSAGE(!root.at_pointer(pointer).get_int64().get(v), "no integer at " << pointer);
    return v;
  }
  bool Has(const char* pointer) const { return !root.at_pointer(pointer).error(); }
  size_t Size(const char* pointer) const {
    simdjson::dom::array a;
    REQUIRE_MESSAGE(!root.at_pointer(pointer).get_array().get(a), "no array at " << pointer);
    return a.size();
  }
};

// A valid fake ID number: region, birth date, a 9xx sequence, check digit.
inline std::string FakeIdNumber(const std::string& region, const std::string& yyyymmdd, int seq) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "%03d", seq % 1000);
  std::string first17 = region + yyyymmdd + buf;
  return first17 + IdNumberCheckChar(first17);
}

inline std::string HouseholdJson(const std::string& region = "430523", bool relocated = true,
                                 const std::string& site = "SITE-TANGDU") {
  return std::string(R"({"region":")") + region +
         R"(","registered_poor":true,"poverty_status":"exited","relocated":)" + (relocated ? "true" : "false") +
         (relocated ? R"(,"site":")" + site + "\"" : "") +
         R"(,"helper":{"name":"王建国","phone":"13800001234"}})";
}

inline std::string WorkerJson(const std::string& household, const std::string& id_number,
                              const std::string& name = "李秀英") {
  return R"({"household":")" + household + R"(","name":")" + name + R"(","id_number":")" + id_number +
         R"(","labor_ability":"full","hard_to_employ":false,"skills":[{"code":"6-05-01-01","level":3}],)"
         R"("location":{"lat":27.0,"lng":111.2},"willingness":{"wants_work":true,"categories":["6-05"],)"
         R"("max_commute_km":15,"leave_county":false,"leave_province":false,"hours":["full_time"],)"
         R"("min_monthly_wage":2000}})";
}

inline std::string EmployerJson(const std::string& region = "430523", const std::string& kind = "workshop") {
  return R"({"name":"塘渡口扶贫车间","kind":")" + kind + R"(","region":")" + region +
         R"(","location":{"lat":27.01,"lng":111.21}})";
}

inline std::string PostingJson(const std::string& employer, int slots = 5) {
  return R"({"employer":")" + employer + R"(","title":"缝纫工","occupation":"6-05-01-01",)"
         R"("required_skills":[{"code":"6-05","level":2}],"slots":)" + std::to_string(slots) +
         R"(,"monthly_wage":2600,"hours":"full_time","contract_months":12,"open":true})";
}

inline std::string TrainingJson(const std::string& region = "430523") {
  return R"({"provider":"邵阳县职业技术学校","title":"缝纫工培训","teaches":[{"code":"6-05-01-01","level":2}],)"
         R"("seats":30,"region":")" + region +
         R"(","location":{"lat":27.0,"lng":111.2},"start_date":"2027-01-05","end_date":"2027-02-05"})";
}


// ---------------------------------------------------------------------------
// Redis, as a test sees it: raw commands on the test Redis (or another URL).

inline RedisValue RedisCmd(const std::vector<std::string>& argv, const std::string& url = RedisUrl()) {
  RedisClient client(TestRedisOptions(url));
  auto r = client.Command(argv);
  REQUIRE_MESSAGE(r.ok(), "redis " << argv[0] << ": " << r.status().message());
  return *r;
}
inline long long DbSize(const std::string& url = RedisUrl()) { return RedisCmd({"DBSIZE"}, url).integer; }
inline std::string ChangesKey(const std::string& county = "430523") { return "leye:{" + county + "}:changes"; }
inline long long XLen(const std::string& key, const std::string& url = RedisUrl()) {
  return RedisCmd({"XLEN", key}, url).integer;
}
inline long long Changes(const std::string& county = "430523") { return XLen(ChangesKey(county)); }

// Every key with its whole value as text (KEYS * and GET / SMEMBERS / XRANGE /
// HGETALL / LRANGE / ZRANGE by type): what someone holding a dump would read.
inline std::string DumpRedis(const std::string& url = RedisUrl()) {
  std::string out;
  std::function<void(const RedisValue&)> add = [&](const RedisValue& v) {
    out += v.str;
    if (v.type == RedisValue::Type::kInteger) out += std::to_string(v.integer);
    out += '\n';
    for (const auto& e : v.elements) add(e);
  };
  // Sorted, so that two dumps of the same data compare equal.
  std::vector<std::string> keys;
  for (const auto& k : RedisCmd({"KEYS", "*"}, url).elements) keys.push_back(k.str);
  std::sort(keys.begin(), keys.end());
  for (const auto& key : keys) {
    out += "KEY " + key + "\n";
    const std::string type = RedisCmd({"TYPE", key}, url).str;
    if (type == "string") {
      add(RedisCmd({"GET", key}, url));
    } else if (type == "set") {
      RedisValue members = RedisCmd({"SMEMBERS", key}, url);
      std::sort(members.elements.begin(), members.elements.end(),
                [](const RedisValue& a, const RedisValue& b) { return a.str < b.str; });
      add(members);
    } else if (type == "stream") {
      add(RedisCmd({"XRANGE", key, "-", "+"}, url));
    } else if (type == "hash") {
      add(RedisCmd({"HGETALL", key}, url));
    } else if (type == "list") {
      add(RedisCmd({"LRANGE", key, "0", "-1"}, url));
    } else if (type == "zset") {
      add(RedisCmd({"ZRANGE", key, "0", "-1", "WITHSCORES"}, url));
    } else {
      FAIL("unexpected Redis type " << type << " of " << key);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Answers.

// The errors[].pointer values of a problem body, in order.
inline std::vector<std::string> ErrorPointers(const std::string& body) {
  Json j(body);
  std::vector<std::string> out;
  simdjson::dom::array a;
  if (j.root["errors"].get_array().get(a)) return out;
  for (auto e : a) {
    std::string_view p;
    if (!e["pointer"].get_string().get(p)) out.emplace_back(p);
  }
  return out;
}
inline std::vector<std::string> ErrorParameters(const std::string& body) {
  Json j(body);
  std::vector<std::string> out;
  simdjson::dom::array a;
  if (j.root["errors"].get_array().get(a)) return out;
  for (auto e : a) {
    std::string_view p;
    if (!e["parameter"].get_string().get(p)) out.emplace_back(p);
  }
  return out;
}

// Checks an answer is an RFC 9457 problem with this status: the media type
// and the members type, title, status (equal to the HTTP status), detail and
// errors.
#define CHECK_PROBLEM(result, expected_status)                                                       \
  do {                                                                                               \
    const auto& res_ = (result);                                                                     \
    REQUIRE_MESSAGE(res_, "no answer: " << httplib::to_string(res_.error()));                       \
    CHECK_MESSAGE(res_->status == (expected_status), res_->body);                                    \
    CHECK(res_->get_header_value("Content-Type") == "application/problem+json");                     \
    ::leye::testing::Json pj_(res_->body);                                                           \
    CHECK(pj_.Int("/status") == (expected_status));                                                  \
    CHECK(!pj_.Str("/type").empty());                                                                \
    CHECK(!pj_.Str("/title").empty());                                                               \
    CHECK(pj_.Has("/detail"));                                                                       \
    CHECK(pj_.Has("/errors"));                                                                       \
  } while (0)

// ---------------------------------------------------------------------------
// Raw HTTP over a socket, for requests httplib::Client will not send.

inline int ConnectLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

// Whether `response` holds a whole answer: headers and Content-Length bytes.
inline bool RawComplete(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  const std::string head = response.substr(0, end);
  size_t length = 0;
  for (size_t at = 0; (at = head.find("\r\n", at)) != std::string::npos;) {
    at += 2;
    if (strncasecmp(head.c_str() + at, "Content-Length:", 15) == 0) length = std::strtoul(head.c_str() + at + 15, nullptr, 10);
  }
  return response.size() >= end + 4 + length;
}

// Sends `request` (ignoring a peer that closes early) and reads one answer:
// until it is complete (headers and Content-Length body), the peer closes, or
// `timeout_ms` passes without data.
inline std::string RawHttp(int port, const std::string& request, int timeout_ms = 3000) {
  const int fd = ConnectLoopback(port);
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer and close before reading it all
    sent += static_cast<size_t>(n);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) break;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (RawComplete(out)) break;
  }
  ::close(fd);
  return out;
}
// The status code of a raw answer, 0 when there is none.
inline int RawStatus(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.substr(9, 3).c_str());
}
// A header's value in a raw answer ("" when absent; name case-insensitive).
inline std::string RawHeader(const std::string& response, const std::string& name) {
  std::istringstream in(response.substr(0, response.find("\r\n\r\n")));
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon != name.size()) continue;
    if (strncasecmp(line.c_str(), name.c_str(), name.size()) != 0) continue;
    size_t v = colon + 1;
    while (v < line.size() && line[v] == ' ') ++v;
    return line.substr(v);
  }
  return "";
}
inline std::string RawBody(const std::string& response) {
  const auto end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}

// ---------------------------------------------------------------------------
// Files and processes.

// A fresh directory, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("LEYE_TEST_TMP");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/leye-itest.XXXXXX";
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
inline std::string DataFile(const std::string& name) {
  return std::string(LEYE_SOURCE_DIR) + "/tests/data/" + name;
}

// A child process (fork + exec) whose stdout and stderr go to files, so it can
// never block on a full pipe. `env` is added to this process's environment
// after removing every LEYE_* variable except LEYE_TEST_*. Killed (SIGKILL)
// and reaped on destruction if still running.
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& env,
          const std::string& dir)
      : out_path_(dir + "/stdout." + std::to_string(++Counter())),
        err_path_(dir + "/stderr." + std::to_string(Counter())) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
      std::string_view v(*e);
      if (v.rfind("LEYE_", 0) == 0 && v.rfind("LEYE_TEST_", 0) != 0) continue;
      bool overridden = false;
      for (const auto& [k, val] : env) overridden = overridden || v.rfind(k + "=", 0) == 0;
      if (!overridden) env_strings.emplace_back(v);
    }
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> cargv, cenv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    for (const auto& e : env_strings) cenv.push_back(const_cast<char*>(e.c_str()));
    cenv.push_back(nullptr);
    const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(out >= 0);
    REQUIRE(err >= 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {  // only async-signal-safe calls until exec
      if (::chdir(dir.c_str()) != 0) ::_exit(126);
      ::dup2(out, 1);
      ::dup2(err, 2);
      const int devnull = ::open("/dev/null", O_RDONLY);
      if (devnull >= 0) ::dup2(devnull, 0);
      ::execvpe(cargv[0], cargv.data(), cenv.data());
      ::_exit(127);
    }
    ::close(out);
    ::close(err);
  }
  ~Process() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      Wait(std::chrono::seconds(10));
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  bool running() const { return pid_ > 0 && !status_; }
  void Signal(int sig) {
    if (running()) ::kill(pid_, sig);
  }
  // The raw wait status once the child has exited, nullopt on timeout.
  std::optional<int> Wait(std::chrono::milliseconds timeout) {
    if (status_) return status_;
    const auto end = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int st = 0;
      const pid_t r = ::waitpid(pid_, &st, WNOHANG);
      if (r == pid_) {
        status_ = st;
        return status_;
      }
      if (std::chrono::steady_clock::now() >= end) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  // Exit code after a normal exit, -1 otherwise (a signal, or still running
  // after `timeout`).
  int ExitCode(std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    auto st = Wait(timeout);
    if (!st || !WIFEXITED(*st)) return -1;
    return WEXITSTATUS(*st);
  }
  std::string Stdout() const { return ReadFile(out_path_); }
  std::string Stderr() const { return ReadFile(err_path_); }

 private:
  static int& Counter() {
    static int n = 0;
    return n;
  }
  std::string out_path_, err_path_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// A private redis-server on a Unix socket in its own directory, with AOF on,
// that a test may stop and start again (same socket, same data).
class PrivateRedis {
 public:
  PrivateRedis() { Start(); }
  ~PrivateRedis() { Stop(); }
  std::string socket() const { return dir_ / "r.sock"; }
  std::string url() const { return "unix://" + socket(); }
  const TempDir& dir() const { return dir_; }
  void Start() {
    REQUIRE(!process_);
    const char* bin = std::getenv("LEYE_TEST_REDIS_SERVER");
    process_ = std::make_unique<Process>(
        std::vector<std::string>{bin && *bin ? bin : "redis-server", "--port", "0", "--unixsocket", socket(),
                                 "--unixsocketperm", "700", "--dir", dir_.path(), "--appendonly", "yes",
                                 "--save", "", "--daemonize", "no", "--logfile", dir_ / "redis.log"},
        std::vector<std::pair<std::string, std::string>>{}, dir_.path());
    for (int i = 0; i < 500; ++i) {
      if (std::filesystem::exists(socket())) {
        RedisClient c(TestRedisOptions(url()));
        if (c.Ping().ok()) return;
      }
      REQUIRE_MESSAGE(process_->running(), "redis-server exited: " << ReadFile(dir_ / "redis.log"));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("redis-server did not answer PING within 5 s");
  }
  // SIGSTOP / SIGCONT: a Redis that hangs without closing its connections.
  void Signal(int sig) {
    REQUIRE(process_);
    process_->Signal(sig);
  }
  // SIGTERM: Redis writes its AOF and exits.
  void Stop() {
    if (!process_) return;
    process_->Signal(SIGCONT);  // in case a test left it stopped
    process_->Signal(SIGTERM);
    if (!process_->Wait(std::chrono::seconds(10))) process_->Signal(SIGKILL);
    process_.reset();
  }

 private:
  TempDir dir_;
  std::unique_ptr<Process> process_;
};

// The real leye-server binary as a child process, listening on a free
// loopback port (LEYE_LISTEN=127.0.0.1:0, the port read from its first line
// of output), against `redis_url`, in a temporary working directory.
class ServerProcess {
 public:
  ServerProcess(const std::string& redis_url, const TempDir& dir,
                std::vector<std::pair<std::string, std::string>> env = {})
      : process_({std::string(LEYE_BINARY_DIR) + "/leye-server"}, WithDefaults(redis_url, std::move(env)),
                 dir.path()) {
    for (int i = 0; i < 1000 && port_ == 0; ++i) {
      const std::string out = process_.Stdout();
      const auto at = out.find("http://127.0.0.1:");
      if (at != std::string::npos && out.find('\n', at) != std::string::npos)
        port_ = std::atoi(out.c_str() + at + std::strlen("http://127.0.0.1:"));
      else if (!process_.running() || process_.Wait(std::chrono::milliseconds(0)))
        break;
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE_MESSAGE(port_ > 0, "leye-server did not start: " << process_.Stderr());
  }
  int port() const { return port_; }
  Process& process() { return process_; }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(2, 0);
    c.set_read_timeout(10, 0);
    return c;
  }
  // Polls /readyz until 200 or `timeout`.
  bool WaitReady(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      auto r = Client().Get("/readyz");
      if (r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

 private:
  static std::vector<std::pair<std::string, std::string>> WithDefaults(
      const std::string& redis_url, std::vector<std::pair<std::string, std::string>> env) {
    std::vector<std::pair<std::string, std::string>> out = {{"LEYE_LISTEN", "127.0.0.1:0"},
                                                            {"LEYE_REDIS_URL", redis_url},
                                                            {"LEYE_PII_SECRET", kSecret},
                                                            {"LEYE_ADMIN_TOKEN", kAdminToken},
                                                            {"LEYE_LOG_LEVEL", "warn"},
                                                            {"LEYE_SWEEP_INTERVAL_S", "0"}};
    for (auto& [k, v] : env) {
      bool replaced = false;
      for (auto& [ok, ov] : out)
        if (ok == k) ov = v, replaced = true;
      if (!replaced) out.emplace_back(k, v);
    }
    return out;
  }
  int port_ = 0;
  Process process_;  // declared last: started after port_ is zeroed
};

}  // namespace leye::testing
