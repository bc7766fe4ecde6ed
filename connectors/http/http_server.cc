// Hardening, one line each (issue 2, item 9):
// - body limit: set_payload_max_length(max_import_bytes); JSON routes are held
//   to max_body_bytes by Content-Length in the pre-routing hook, before the
//   body is read;
// - chunked request bodies are refused (411): 0.11.4 does not count them
//   against the limit;
// - compressed request bodies are refused (415): no decompression bombs;
// - read/write timeouts, keep-alive count and timeout from the config;
// - a bounded task queue: the accept loop waits while it is full instead of
//   queueing without end;
// - an exception handler answering a plain 500 problem, never e.what();
// - no client-sent address header (X-Forwarded-For...) is read anywhere.
#include "connectors/http/http_server.h"

#include <httplib.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include "connectors/json/codec.h"
#include "connectors/http/problem.h"
#include "connectors/http/routes.h"

namespace leye::http {
namespace {

// httplib::ThreadPool in 0.11.4 queues without bound; this one makes the
// accepting thread wait for room instead, so a flood cannot grow memory.
class BoundedThreadPool : public httplib::TaskQueue {
 public:
  BoundedThreadPool(size_t threads, size_t max_queued) : max_queued_(max_queued) {
    for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return jobs_.size() < max_queued_ || shutdown_; });
    jobs_.push_back(std::move(fn));
    lock.unlock();
    ready_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard lock(mu_);
      shutdown_ = true;
    }
    ready_.notify_all();
    room_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mu_);
        ready_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
        if (shutdown_ && jobs_.empty()) return;
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      room_.notify_one();
      fn();
    }
  }
  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool shutdown_ = false;
};

// Request ids: a random per-process prefix and a counter; a client's own
// X-Request-Id is kept when it is short and plain.
std::string NextRequestId() {
  static const std::string prefix = [] {
    std::random_device rd;
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", rd());
    return std::string(buf);
  }();
  static std::atomic<uint64_t> counter{0};
  return prefix + "-" + std::to_string(++counter);
}

bool PlainId(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}

thread_local std::chrono::steady_clock::time_point t_request_start;

}  // namespace

struct HttpServer::Impl {
  explicit Impl(RegisterService& s)
      : svc(s),
        placements(s),
        match(s, placements, s.config().policy),
        guarantee(s, placements, match, s.config().policy, s.config().follow_up_days, s.config().sweep_interval_s),
        services(s, placements, match, s.config().policy),
        router(s.auth()) {}
  RegisterService& svc;
  PlacementService placements;
  MatchService match;
  GuaranteeService guarantee;
  WorkerServices services;
  httplib::Server server;
  Router router;
  int port = -1;
};

void ConfigureLogging(const std::string& level) {
  auto logger = spdlog::get("leye");
  if (!logger) logger = spdlog::stderr_logger_mt("leye");
  logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v})");
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

HttpServer::HttpServer(RegisterService& svc) : impl_(std::make_unique<Impl>(svc)) {
  const Config& c = svc.config();
  auto& s = impl_->server;
  AddAllRoutes(impl_->router, svc, impl_->match, impl_->placements, impl_->guarantee,
               impl_->services);
  // A write that may move a household's guarantee status is checked at once.
  auto check = [this](const std::vector<std::string>& households) { impl_->guarantee.CheckHouseholds(households); };
  svc.OnHouseholdsChanged(check);
  impl_->placements.OnHouseholdsChanged(check);
  impl_->guarantee.SetDeliveredProvider([this] { return impl_->services.DeliveredSnapshot(); });

  s.new_task_queue = [t = c.threads, q = c.max_queued] {
    return new BoundedThreadPool(static_cast<size_t>(t), static_cast<size_t>(q));
  };
  s.set_payload_max_length(static_cast<size_t>(std::max(c.max_import_bytes, c.max_body_bytes)));
  s.set_read_timeout(c.read_timeout_s, 0);
  s.set_write_timeout(c.write_timeout_s, 0);
  s.set_keep_alive_max_count(static_cast<size_t>(c.keep_alive_max));
  s.set_keep_alive_timeout(c.keep_alive_timeout_s);
  // httplib writes headers and body separately: without TCP_NODELAY, Nagle
  // holds the body until the client's delayed ACK, ~40 ms per keep-alive request.
  s.set_tcp_nodelay(true);

  const int64_t max_body = c.max_body_bytes;
  const int64_t max_import = c.max_import_bytes;
  s.set_pre_routing_handler([max_body, max_import](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    const std::string client_id = req.get_header_value("X-Request-Id");
    res.set_header("X-Request-Id", PlainId(client_id) ? client_id : NextRequestId());
    if (req.has_header("Transfer-Encoding")) {
      res.set_header("Connection", "close");
      SendProblem(res, 411, "chunked request bodies are not accepted: send a Content-Length");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Content-Encoding") && req.get_header_value("Content-Encoding") != "identity") {
      res.set_header("Connection", "close");
      SendProblem(res, 415, "compressed request bodies are not accepted: send the body uncompressed");
      return httplib::Server::HandlerResponse::Handled;
    }
    const bool is_import = req.path.rfind("/v1/import/", 0) == 0;
    const int64_t limit = is_import ? max_import : max_body;
    const std::string length = req.get_header_value("Content-Length");
    if (!length.empty()) {
      char* end = nullptr;
      const long long n = std::strtoll(length.c_str(), &end, 10);
      if (*end != '\0' || n < 0 || n > limit) {
        res.set_header("Connection", "close");
        SendProblem(res, 413, "the request body is larger than " + std::to_string(limit) + " bytes");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    impl_->router.Dispatch(req, res);
  };
  s.Get(".*", dispatch);
  s.Post(".*", dispatch);
  s.Put(".*", dispatch);
  s.Delete(".*", dispatch);
  s.Patch(".*", dispatch);
  s.Options(".*", dispatch);

  s.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    spdlog::error(R"("msg":"handler threw","path":"{}")", req.path);
    SendProblem(res, 500, "the server failed; nothing was changed by this request");
  });
  s.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
        // Answers httplib makes itself (400, 414) never passed the pre-routing hook.
        if (!res.has_header("X-Request-Id")) res.set_header("X-Request-Id", NextRequestId());
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string detail = ProblemTitle(res.status);
        if (res.status == 400 && (req.method == "POST" || req.method == "PUT") && !req.has_header("Content-Length"))
          detail = "a " + req.method + " needs a Content-Length header (for no body: Content-Length: 0)";
        else if (res.status == 400)
          detail = "the HTTP request could not be read";
        else if (res.status == 413 && req.get_header_value("Content-Type") == "application/x-www-form-urlencoded")
          // httplib parses such bodies as form fields and caps them at 8 KiB
          // (what `curl -d` / `--data-binary` send without -H Content-Type).
          detail = "a body sent as application/x-www-form-urlencoded may be at most " +
                   std::to_string(CPPHTTPLIB_FORM_URL_ENCODED_PAYLOAD_MAX_LENGTH) +
                   " bytes: send it with its own Content-Type (text/csv, application/json), e.g. "
                   "curl -H 'Content-Type: text/csv' --data-binary @FILE";
        else if (res.status == 413)
          detail = "the request body is too large";
        else if (res.status == 414)
          detail = "the request URI is too long";
        SendProblem(res, res.status, detail);
        return httplib::Server::HandlerResponse::Handled;
      }));
  s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    // Path only: query strings may carry names typed into a search.
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_request_start).count();
    spdlog::info(R"("msg":"request","request_id":"{}","method":{},"path":{},"status":{},"ms":{:.2f})",
                 res.get_header_value("X-Request-Id"), JsonQuote(req.method), JsonQuote(req.path), res.status, ms);
  });
}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Bind() {
  const Config& c = impl_->svc.config();
  if (c.listen_port == 0) {
    impl_->port = impl_->server.bind_to_any_port(c.listen_host);
  } else {
    impl_->port = impl_->server.bind_to_port(c.listen_host, c.listen_port) ? c.listen_port : -1;
  }
  if (impl_->port < 0)
    return Status::Unavailable("cannot listen on " + c.listen_host + ":" + std::to_string(c.listen_port));
  return Status::Ok();
}

int HttpServer::port() const { return impl_->port; }
void HttpServer::Run() {
  impl_->guarantee.Start();
  impl_->server.listen_after_bind();
}
void HttpServer::Stop() {
  if (impl_->server.is_running()) impl_->server.stop();
  impl_->guarantee.Stop();
  impl_->match.Stop();
}
bool HttpServer::running() const { return impl_->server.is_running(); }

}  // namespace leye::http
