// Test harness for the integration tests: a real leye HTTP server on a free
// loopback port, in this process, over the real Redis that scripts/test
// started (LEYE_TEST_REDIS_URL). Each TestServer flushes that Redis first;
// ctest runs these tests one at a time.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>
#include <simdjson.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

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

class TestServer {
 public:
  explicit TestServer(Config config = TestConfig(), bool flush = true) {
    static bool logging = (http::ConfigureLogging("warn"), true);
    (void)logging;
    if (flush) FlushRedis(config.redis_url);
    svc_ = std::make_unique<http::RegisterService>(config, PiiCipher::FromSecret(config.pii_secret).value(),
                                                   [] { return TestToday(); });
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
  char buf[4];
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

}  // namespace leye::testing
