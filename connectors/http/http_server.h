// The HTTP server: cpp-httplib hardened (its 0.11.4 defaults are unsafe: no
// body limit, chunked bodies bypassing the limit, exception text sent to the
// client), with request ids, structured access logs and problem+json for
// every error, including the ones the library produces itself.
#pragma once

#include <memory>
#include <string>

#include "connectors/http/register_service.h"
#include "matcher/status.h"

namespace leye::http {

class HttpServer {
 public:
  explicit HttpServer(RegisterService& svc);
  ~HttpServer();
  // Binds to the configured host and port (port 0: any free port).
  Status Bind();
  int port() const;
  // Serves until Stop(); returns when the server has stopped.
  void Run();
  // Stops accepting, finishes running requests. Safe from another thread.
  void Stop();
  bool running() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Logs as one JSON object per line on stderr at `level` (never personal data:
// handlers log ids and counts only).
void ConfigureLogging(const std::string& level);

}  // namespace leye::http
