// What the `leye` commands talk to: a running server over HTTP, or Redis
// directly through the same RegisterService the server uses (for bulk work
// on a machine without the server, and for first loads).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "matcher/model.h"
#include "matcher/status.h"

namespace leye::cli {

struct Response {
  int status = 0;
  std::string body;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // method: GET, PUT, POST, DELETE; path with query; body as is.
  virtual Result<Response> Call(const std::string& method, const std::string& path, std::string_view body,
                                const std::string& content_type) = 0;
};

struct BackendOptions {
  std::string server = "http://127.0.0.1:8080";  // --server
  std::string token;                             // --token / LEYE_TOKEN / LEYE_ADMIN_TOKEN
  std::string redis_url;                         // --redis: talk to Redis, not a server
  std::string config_path;                       // --config (for --redis: secrets, timeouts)
};

// Builds the backend; Status::Invalid with one line when the options don't fit.
Result<std::unique_ptr<Backend>> MakeBackend(const BackendOptions& opts);

}  // namespace leye::cli
