// Why it is built this way:
// - Blocking hiredis contexts in a small pool, not the async API: the store
//   does request/response work from httplib's handler threads, and a blocking
//   call with SO_RCVTIMEO/SO_SNDTIMEO (redisSetTimeout) gives a hard upper
//   bound per socket operation with no event loop to run.
// - A connection that saw any I/O error is never reused (hiredis marks the
//   context dead, and its reader may hold half a reply). The pool also drops
//   every idle connection and bumps an epoch, so connections to a Redis that
//   went away are not tried one by one after it comes back; idle ones are
//   checked with a zero-timeout poll() before use (a readable idle socket
//   means the server closed it), so a Redis restart costs no failed call.
// - hiredis 0.14 writes with write(2), which raises SIGPIPE on a closed peer.
//   Ignoring SIGPIPE process-wide is a decision for main(), not a library, so
//   each call blocks it in its own thread and swallows one it caused.
#include "connectors/redis/redis_client.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <pthread.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <ctime>
#include <utility>

namespace leye {
namespace {

constexpr size_t kPipelineWindow = 4096;  // commands in flight per round trip

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

struct ContextDeleter {
  void operator()(redisContext* c) const { redisFree(c); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;

// Blocks SIGPIPE in this thread for its lifetime and discards a SIGPIPE that
// became pending meanwhile (one that was pending before is left alone).
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &old_) == 0;
  }
  ~SigpipeBlock() {
    if (!blocked_) return;
    if (!was_pending_) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE) == 1) {
        timespec zero{0, 0};
        while (sigtimedwait(&pipe_, nullptr, &zero) == -1 && errno == EINTR) {
        }
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  sigset_t pipe_;
  sigset_t old_;
  bool was_pending_ = false;
  bool blocked_ = false;
};

timeval ToTimeval(std::chrono::milliseconds ms) {
  long long v = ms.count() < 1 ? 1 : ms.count();  // 0 would mean "no timeout"
  timeval tv;
  tv.tv_sec = static_cast<time_t>(v / 1000);
  tv.tv_usec = static_cast<suseconds_t>((v % 1000) * 1000);
  return tv;
}

std::string Where(const RedisEndpoint& e) {
  if (!e.unix_path.empty()) return "unix:" + e.unix_path;
  return e.host + ":" + std::to_string(e.port);
}

RedisValue FromReply(const redisReply* r) {
  RedisValue v;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      v.type = RedisValue::Type::kString;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      v.type = RedisValue::Type::kStatus;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      v.type = RedisValue::Type::kError;
      v.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      v.type = RedisValue::Type::kInteger;
      v.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      v.type = RedisValue::Type::kArray;
      v.elements.reserve(r->elements);
      for (size_t i = 0; i < r->elements; ++i) v.elements.push_back(FromReply(r->element[i]));
      break;
    default:
      v.type = RedisValue::Type::kNil;
      break;
  }
  return v;
}

Status ErrorReplyStatus(std::string_view context, std::string_view msg) {
  std::string text = "redis: ";
  text += context;
  text += msg;
  if (IsTransientRedisError(msg)) return Status::Unavailable(std::move(text));
  return Status::Internal(std::move(text));
}

std::string CommandName(const std::vector<std::string>& argv) {
  return argv.empty() ? std::string("(empty)") : argv[0];
}

}  // namespace

struct RedisClient::Conn {
  ContextPtr ctx;
  uint64_t epoch = 0;
};

// Borrowed connection: goes back to the pool on destruction unless marked
// broken, in which case it is closed.
class RedisClient::Lease {
 public:
  Lease(RedisClient* client, std::unique_ptr<Conn> conn)
      : client_(client), conn_(std::move(conn)) {}
  ~Lease() { client_->Release(std::move(conn_), !broken_); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  redisContext* ctx() const { return conn_->ctx.get(); }
  void MarkBroken() { broken_ = true; }

 private:
  RedisClient* client_;
  std::unique_ptr<Conn> conn_;
  bool broken_ = false;
};

namespace {

// Sends `commands` on `c` and appends one value per command to `out`. On an
// I/O failure sets *broken (the context must be dropped) and returns
// Unavailable.
// PERF: arguments are passed to hiredis by pointer and length (no copies);
// replies are read after each window of kPipelineWindow commands, so a bulk
// call costs one round trip per window while its buffers stay bounded.
Status RunCommands(redisContext* c, const std::vector<std::vector<std::string>>& commands,
                   std::vector<RedisValue>* out, const std::string& where, bool* broken) {
  SigpipeBlock no_sigpipe;
  std::vector<const char*> argv;
  std::vector<size_t> argvlen;
  out->reserve(out->size() + commands.size());
  for (size_t begin = 0; begin < commands.size(); begin += kPipelineWindow) {
    size_t end = std::min(commands.size(), begin + kPipelineWindow);
    for (size_t i = begin; i < end; ++i) {
      const auto& cmd = commands[i];
      argv.clear();
      argvlen.clear();
      for (const auto& a : cmd) {
        argv.push_back(a.data());
        argvlen.push_back(a.size());
      }
      if (redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(), argvlen.data()) !=
          REDIS_OK) {
        *broken = true;
        return Status::Unavailable("redis: " + where + ": " + c->errstr);
      }
    }
    for (size_t i = begin; i < end; ++i) {
      void* raw = nullptr;
      if (redisGetReply(c, &raw) != REDIS_OK || raw == nullptr) {
        *broken = true;
        std::string why = c->err ? c->errstr : "no reply";
        if (c->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK))
          why = "timed out waiting for a reply";
        return Status::Unavailable("redis: " + where + ": " + why);
      }
      ReplyPtr reply(static_cast<redisReply*>(raw));
      out->push_back(FromReply(reply.get()));
    }
  }
  return Status::Ok();
}

}  // namespace

bool IsTransientRedisError(std::string_view error_reply) {
  std::string_view word = error_reply.substr(0, error_reply.find(' '));
  return word == "LOADING" || word == "BUSY" || word == "MASTERDOWN" || word == "TRYAGAIN" ||
         word == "CLUSTERDOWN" || word == "READONLY" || word == "OOM" || word == "NOREPLICAS";
}

RedisClient::RedisClient(RedisOptions opts) : opts_(std::move(opts)) {
  if (opts_.pool_size == 0) opts_.pool_size = 1;
}

RedisClient::~RedisClient() = default;

Result<std::unique_ptr<RedisClient::Conn>> RedisClient::Connect() const {
  const RedisEndpoint& e = opts_.endpoint;
  timeval ctv = ToTimeval(opts_.connect_timeout);
  ContextPtr ctx(e.unix_path.empty() ? redisConnectWithTimeout(e.host.c_str(), e.port, ctv)
                                     : redisConnectUnixWithTimeout(e.unix_path.c_str(), ctv));
  if (!ctx) return Status::Unavailable("redis: " + Where(e) + ": out of memory");
  if (ctx->err)
    return Status::Unavailable("redis: cannot connect to " + Where(e) + ": " + ctx->errstr);
  if (redisSetTimeout(ctx.get(), ToTimeval(opts_.command_timeout)) != REDIS_OK)
    return Status::Unavailable("redis: " + Where(e) + ": cannot set timeout: " + ctx->errstr);
  if (e.unix_path.empty()) redisEnableKeepAlive(ctx.get());  // best effort
  if (e.db != 0) {
    std::vector<RedisValue> out;
    bool broken = false;
    Status s = RunCommands(ctx.get(), {{"SELECT", std::to_string(e.db)}}, &out, Where(e), &broken);
    if (!s.ok()) return s;
    if (out[0].is_error())
      return Status::Unavailable("redis: " + Where(e) + ": SELECT " + std::to_string(e.db) +
                                 " failed: " + out[0].str);
  }
  auto conn = std::make_unique<Conn>();
  conn->ctx = std::move(ctx);
  return conn;
}

Result<std::unique_ptr<RedisClient::Conn>> RedisClient::Acquire() {
  std::vector<std::unique_ptr<Conn>> stale;  // closed outside the lock
  uint64_t epoch = 0;
  {
    std::unique_lock lock(mu_);
    auto deadline =
        std::chrono::steady_clock::now() + opts_.connect_timeout + opts_.command_timeout;
    for (;;) {
      while (!idle_.empty()) {
        std::unique_ptr<Conn> c = std::move(idle_.back());
        idle_.pop_back();
        // An idle connection has nothing to read; readable means EOF/HUP
        // (the server closed it) or garbage: either way unusable.
        pollfd p{c->ctx->fd, POLLIN, 0};
        if (c->ctx->err == 0 && poll(&p, 1, 0) == 0) return c;
        --live_;
        stale.push_back(std::move(c));
      }
      if (live_ < opts_.pool_size) {
        ++live_;
        epoch = epoch_;
        break;
      }
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
          live_ >= opts_.pool_size)
        return Status::Unavailable("redis: all " + std::to_string(opts_.pool_size) +
                                   " connections busy");
    }
  }
  stale.clear();
  auto conn = Connect();
  if (!conn.ok()) {
    {
      std::lock_guard lock(mu_);
      --live_;
    }
    cv_.notify_one();
    return conn.status();
  }
  (*conn)->epoch = epoch;
  return conn;
}

void RedisClient::Release(std::unique_ptr<Conn> c, bool healthy) {
  std::vector<std::unique_ptr<Conn>> drop;  // closed outside the lock
  {
    std::lock_guard lock(mu_);
    if (healthy && c->ctx->err == 0 && c->epoch == epoch_) {
      idle_.push_back(std::move(c));
    } else {
      --live_;
      drop.push_back(std::move(c));
      if (!healthy) {
        // The server is probably gone: its other idle connections are dead
        // too, and borrowed ones must not come back.
        ++epoch_;
        live_ -= idle_.size();
        for (auto& i : idle_) drop.push_back(std::move(i));
        idle_.clear();
      }
    }
  }
  cv_.notify_all();
}

Result<RedisValue> RedisClient::Command(const std::vector<std::string>& argv) {
  auto out = Pipeline({argv});
  if (!out.ok()) return out.status();
  RedisValue& v = (*out)[0];
  if (v.is_error()) return ErrorReplyStatus(CommandName(argv) + ": ", v.str);
  return std::move(v);
}

Result<std::vector<RedisValue>> RedisClient::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  std::vector<RedisValue> out;
  if (commands.empty()) return out;
  for (const auto& cmd : commands)
    if (cmd.empty()) return Status::Internal("redis: empty command");
  auto conn = Acquire();
  if (!conn.ok()) return conn.status();
  Lease lease(this, std::move(*conn));
  bool broken = false;
  Status s = RunCommands(lease.ctx(), commands, &out, Where(opts_.endpoint), &broken);
  if (broken) lease.MarkBroken();
  if (!s.ok()) return s;
  return out;
}

Result<RedisValue> RedisClient::Transaction(const std::vector<std::vector<std::string>>& commands) {
  std::vector<std::vector<std::string>> all;
  all.reserve(commands.size() + 2);
  all.push_back({"MULTI"});
  all.insert(all.end(), commands.begin(), commands.end());
  all.push_back({"EXEC"});
  auto out = Pipeline(all);
  if (!out.ok()) return out.status();
  std::vector<RedisValue>& r = *out;
  if (r[0].is_error()) return ErrorReplyStatus("MULTI: ", r[0].str);
  for (size_t i = 0; i < commands.size(); ++i)
    if (r[i + 1].is_error())
      return ErrorReplyStatus(
          "command " + std::to_string(i) + " (" + CommandName(commands[i]) + ") refused: ",
          r[i + 1].str);
  RedisValue& exec = r.back();
  if (exec.is_error()) return ErrorReplyStatus("EXEC: ", exec.str);
  if (exec.type != RedisValue::Type::kArray)
    return Status::Internal("redis: EXEC did not run the transaction");
  for (size_t i = 0; i < exec.elements.size() && i < commands.size(); ++i)
    if (exec.elements[i].is_error())
      return ErrorReplyStatus(
          "command " + std::to_string(i) + " (" + CommandName(commands[i]) + ") failed: ",
          exec.elements[i].str);
  return std::move(exec);
}

Status RedisClient::Ping() {
  auto v = Command({"PING"});
  if (!v.ok()) return v.status();
  if (v->str != "PONG") return Status::Internal("redis: PING answered '" + v->str + "'");
  return Status::Ok();
}

// ---------------------------------------------------------------------------

namespace {

bool ParseInt(std::string_view s, int lo, int hi, int* out) {
  if (s.empty()) return false;
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return false;
  *out = v;
  return true;
}

}  // namespace

Result<RedisEndpoint> ParseRedisUrl(std::string_view url) {
  RedisEndpoint e;
  constexpr std::string_view kRedis = "redis://";
  constexpr std::string_view kUnix = "unix://";
  const std::string shown(url);
  if (url.starts_with(kUnix)) {
    std::string_view rest = url.substr(kUnix.size());
    std::string_view query;
    if (auto q = rest.find('?'); q != std::string_view::npos) {
      query = rest.substr(q + 1);
      rest = rest.substr(0, q);
    }
    if (rest.empty() || rest[0] != '/')
      return Status::Invalid("redis url '" + shown +
                             "': the socket path must be absolute (unix:///path/to/redis.sock)");
    if (rest.size() == 1 || rest.back() == '/')
      return Status::Invalid("redis url '" + shown + "': the socket path names no file");
    e.unix_path = std::string(rest);
    e.host.clear();
    e.port = 0;
    if (!query.empty()) {
      if (!query.starts_with("db="))
        return Status::Invalid("redis url '" + shown +
                               "': the only query parameter allowed is db=N");
      if (!ParseInt(query.substr(3), 0, 1 << 20, &e.db))
        return Status::Invalid("redis url '" + shown + "': db must be a non-negative integer");
    }
    return e;
  }
  if (!url.starts_with(kRedis))
    return Status::Invalid("redis url '" + shown + "': the scheme must be redis:// or unix://");
  std::string_view rest = url.substr(kRedis.size());
  std::string_view path;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (rest.find('@') != std::string_view::npos)
    return Status::Invalid("redis url '" + shown + "': credentials are not supported");
  if (rest.find('?') != std::string_view::npos || path.find('?') != std::string_view::npos)
    return Status::Invalid("redis url '" + shown + "': query parameters are not supported");
  std::string_view host = rest;
  std::string_view port;
  if (rest.starts_with("[")) {  // [IPv6]:port
    auto close = rest.find(']');
    if (close == std::string_view::npos)
      return Status::Invalid("redis url '" + shown + "': unclosed '[' in the host");
    host = rest.substr(1, close - 1);
    std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':')
        return Status::Invalid("redis url '" + shown + "': unexpected text after the host");
      port = after.substr(1);
      if (port.empty()) return Status::Invalid("redis url '" + shown + "': empty port");
    }
  } else if (auto colon = rest.find(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty()) return Status::Invalid("redis url '" + shown + "': empty port");
  }
  if (host.empty()) return Status::Invalid("redis url '" + shown + "': empty host");
  e.host = std::string(host);
  if (!port.empty() && !ParseInt(port, 1, 65535, &e.port))
    return Status::Invalid("redis url '" + shown + "': port must be a number 1..65535");
  if (!path.empty() && !ParseInt(path, 0, 1 << 20, &e.db))
    return Status::Invalid("redis url '" + shown + "': db must be a non-negative integer");
  return e;
}

}  // namespace leye
