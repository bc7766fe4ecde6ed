// A small, thread-safe Redis client over hiredis: a pool of blocking
// connections, one borrowed per call. No hiredis type leaks out of this
// header, so only redis_client.cc compiles against hiredis.
//
// Failure contract (STYLE.md 9, 5): every call returns a Status / Result.
//   - Redis cannot be reached, the connection breaks, or a reply takes longer
//     than `command_timeout`: Status::Unavailable("redis: ..."). The broken
//     connection is dropped (and with it every idle one, which most likely
//     points at the same dead server); a later call connects afresh, so the
//     client recovers by itself when Redis comes back.
//   - Redis is up but cannot serve now (LOADING, BUSY, MASTERDOWN, TRYAGAIN,
//     CLUSTERDOWN, READONLY, OOM error replies): Status::Unavailable too.
//   - Any other error reply: Status::Internal("redis: <the error>") from
//     Command() and Transaction(); Pipeline() hands error replies back as
//     values of type kError.
// Calls never retry: a command that may have reached Redis is not sent twice.
// SIGPIPE is blocked in the calling thread while a call writes, so a peer
// that went away never kills the process.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "matcher/status.h"

namespace leye {

// Where Redis listens. TCP unless `unix_path` is set.
struct RedisEndpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string unix_path;  // absolute path of a Unix socket; wins over host/port
  int db = 0;             // SELECTed after connecting when not 0
  bool operator==(const RedisEndpoint&) const = default;
};

// Accepted forms:
//   redis://host            port 6379, db 0
//   redis://host:port       db 0
//   redis://host:port/db    also redis://host/db; host may be [v6 address]
//   unix:///abs/path        db 0
//   unix:///abs/path?db=N
// Anything else (other scheme, credentials, empty host, port outside
// 1..65535, db not a non-negative integer, relative socket path, unknown
// query parameter) -> Status::Invalid naming what is wrong. Credentials are
// refused rather than dropped: AUTH is not supported yet.
Result<RedisEndpoint> ParseRedisUrl(std::string_view url);

struct RedisOptions {
  RedisEndpoint endpoint;
  // Longest wait to establish a connection (TCP connect; the Unix socket
  // connect fails at once when nobody listens). Default 300 ms.
  std::chrono::milliseconds connect_timeout{300};
  // Longest wait for any single socket read or write of a call (SO_RCVTIMEO /
  // SO_SNDTIMEO through redisSetTimeout). A slow large reply is fine as long
  // as bytes keep coming. Default 2000 ms.
  std::chrono::milliseconds command_timeout{2000};
  // Most connections open at once; a call that finds all of them busy waits
  // up to connect_timeout + command_timeout, then returns Unavailable.
  // Default 8; 0 is taken as 1.
  size_t pool_size = 8;
};

// One reply, owned (copied out of hiredis's reply tree).
struct RedisValue {
  enum class Type { kNil, kString, kInteger, kArray, kStatus, kError };
  Type type = Type::kNil;
  std::string str;                   // kString, kStatus ("OK"), kError (the message)
  long long integer = 0;             // kInteger
  std::vector<RedisValue> elements;  // kArray
  bool is_nil() const { return type == Type::kNil; }
  bool is_error() const { return type == Type::kError; }
};

// True for an error reply that means "Redis cannot serve right now" rather
// than "the command was wrong": LOADING, BUSY, MASTERDOWN, TRYAGAIN,
// CLUSTERDOWN, READONLY, OOM, NOREPLICAS. Callers map it to Unavailable.
bool IsTransientRedisError(std::string_view error_reply);

// Thread-safe: any number of threads may call any method at once; each call
// borrows one pooled connection for its whole duration.
class RedisClient {
 public:
  // Connects lazily (the first call connects); never throws, never blocks.
  explicit RedisClient(RedisOptions opts);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  const RedisOptions& options() const { return opts_; }

  // One command, binary-safe (each argument sent with its length). An error
  // reply becomes a non-ok Status (see the header comment).
  // REQUIRES: !argv.empty().
  Result<RedisValue> Command(const std::vector<std::string>& argv);

  // MULTI, the commands, EXEC in one round trip on one connection; returns
  // EXEC's array (one element per command). A command refused at queue time
  // (EXECABORT) or failing inside EXEC -> Status::Internal naming it.
  // REQUIRES: the commands are not MULTI/EXEC/WATCH themselves.
  Result<RedisValue> Transaction(const std::vector<std::vector<std::string>>& commands);

  // Sends all commands pipelined on one connection and reads every reply in
  // order; for bulk work. Error replies come back as kError values (the call
  // itself succeeds); only an I/O failure fails the call, and then the caller
  // cannot tell which of the commands ran. At most 4096 commands are in
  // flight at once, so memory stays bounded for any input size.
  Result<std::vector<RedisValue>> Pipeline(const std::vector<std::vector<std::string>>& commands);

  // PING; Ok when Redis answers PONG.
  Status Ping();

 private:
  struct Conn;  // owns a redisContext
  class Lease;  // RAII: returns the connection to the pool, or drops it
  Result<std::unique_ptr<Conn>> Acquire();
  void Release(std::unique_ptr<Conn> c, bool healthy);
  Result<std::unique_ptr<Conn>> Connect() const;

  RedisOptions opts_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;  // guarded by mu_
  size_t live_ = 0;                          // connections in idle_ or borrowed; guarded by mu_
  uint64_t epoch_ = 0;  // bumped on any I/O failure; older connections are not reused
};

}  // namespace leye
