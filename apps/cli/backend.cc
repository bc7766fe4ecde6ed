#include "apps/cli/backend.h"

#include <httplib.h>

#include <cstdlib>

#include "connectors/config/clock.h"
#include "connectors/config/config.h"
#include "connectors/http/http_server.h"
#include "connectors/http/register_service.h"

namespace leye::cli {
namespace {

class HttpBackend : public Backend {
 public:
  HttpBackend(const std::string& base, std::string token) : client_(base), token_(std::move(token)) {
    client_.set_connection_timeout(5, 0);
    client_.set_read_timeout(600, 0);
    client_.set_write_timeout(600, 0);
  }
  Result<Response> Call(const std::string& method, const std::string& path, std::string_view body,
                        const std::string& content_type) override {
    httplib::Headers headers{{"Authorization", "Bearer " + token_}};
    httplib::Result r(nullptr, httplib::Error::Unknown);
    if (method == "GET") r = client_.Get(path, headers);
    else if (method == "DELETE") r = client_.Delete(path, headers);
    else if (method == "PUT") r = client_.Put(path, headers, std::string(body), content_type);
    else r = client_.Post(path, headers, std::string(body), content_type);
    if (!r) return Status::Unavailable("cannot reach the server: " + httplib::to_string(r.error()));
    return Response{r->status, r->body};
  }

 private:
  httplib::Client client_;
  std::string token_;
};

// Serves the same routes in-process against Redis: the server's code path
// without a socket, so both backends behave identically.
class RedisBackend : public Backend {
 public:
  explicit RedisBackend(std::unique_ptr<http::RegisterService> svc)
      : svc_(std::move(svc)), server_(*svc_) {}
  Status Start() {
    if (Status s = svc_->LoadNow(); !s.ok()) return s;
    if (Status s = server_.Bind(); !s.ok()) return s;
    thread_ = std::thread([this] { server_.Run(); });
    while (!server_.running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    http_ = std::make_unique<HttpBackend>("http://127.0.0.1:" + std::to_string(server_.port()),
                                          svc_->config().admin_token);
    return Status::Ok();
  }
  ~RedisBackend() override {
    server_.Stop();
    if (thread_.joinable()) thread_.join();
  }
  Result<Response> Call(const std::string& method, const std::string& path, std::string_view body,
                        const std::string& content_type) override {
    return http_->Call(method, path, body, content_type);
  }

 private:
  std::unique_ptr<http::RegisterService> svc_;
  http::HttpServer server_;
  std::thread thread_;
  std::unique_ptr<HttpBackend> http_;
};

}  // namespace

Result<std::unique_ptr<Backend>> MakeBackend(const BackendOptions& opts) {
  if (opts.redis_url.empty()) {
    std::string token = opts.token;
    if (token.empty() && std::getenv("LEYE_TOKEN")) token = std::getenv("LEYE_TOKEN");
    if (token.empty() && std::getenv("LEYE_ADMIN_TOKEN")) token = std::getenv("LEYE_ADMIN_TOKEN");
    if (token.empty()) return Status::Invalid("no token: pass --token or set LEYE_TOKEN");
    return std::unique_ptr<Backend>(std::make_unique<HttpBackend>(opts.server, token));
  }
  // Direct to Redis: an in-process service on a private loopback port, with
  // a one-off admin token that never leaves this process.
  std::string one_off(48, 'x');
  {
    std::random_device rd;
    static const char kHex[] = "0123456789abcdef";
    for (auto& c : one_off) c = kHex[rd() % 16];
  }
  auto config = LoadConfig(opts.config_path, [&](const char* name) -> const char* {
    std::string_view n(name);
    if (n == "LEYE_REDIS_URL") return opts.redis_url.c_str();
    if (n == "LEYE_LISTEN") return "127.0.0.1:0";
    if (n == "LEYE_ADMIN_TOKEN") return one_off.c_str();
    return std::getenv(name);
  });
  if (!config.ok()) return config.status();
  auto cipher = PiiCipher::FromSecret(config->pii_secret);
  if (!cipher.ok()) return cipher.status();
  auto backend = std::make_unique<RedisBackend>(
      std::make_unique<http::RegisterService>(*config, std::move(cipher).value(), TodayInChina));
  if (Status s = backend->Start(); !s.ok()) return s;
  return std::unique_ptr<Backend>(std::move(backend));
}

}  // namespace leye::cli
