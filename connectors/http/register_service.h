// The register's application logic between the HTTP handlers and the core:
// decode + validate, check references and regions, write to Redis (the
// system of record) and only then to memory. Handlers stay thin (STYLE.md 7);
// this class is what the integration tests exercise through HTTP.
//
// Thread safety: all public calls may run concurrently. Reads share a lock;
// a write holds it exclusively from its checks to its apply, so two writes
// never see each other half done.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "connectors/config/config.h"
#include "connectors/http/auth.h"
#include "connectors/redis/pii_cipher.h"
#include "connectors/redis/redis_client.h"
#include "connectors/redis/redis_store.h"
#include "matcher/date.h"
#include "matcher/register.h"

namespace leye::http {

struct ListQuery {
  Register::ListFilter filter;
  std::string cursor;  // the last id of the previous page
  size_t limit = 100;
};

struct ImportRowError {
  size_t line = 0;
  std::string field;
  std::string reason;
};
struct ImportReport {
  size_t rows = 0;
  size_t accepted = 0;   // valid rows (stored, or already stored unchanged)
  size_t created = 0;
  size_t updated = 0;
  size_t unchanged = 0;
  std::vector<ImportRowError> rejected;
};

class RegisterService {
 public:
  // `today` gives the current date (China time) for derived ages.
  RegisterService(Config config, PiiCipher cipher, std::function<Date()> today);
  ~RegisterService();

  const Config& config() const { return config_; }
  const Authenticator& auth() const { return auth_; }
  Date Today() const { return today_(); }

  // Loads the register from Redis in the background, retrying each second
  // until it succeeds; ready() turns true then.
  void StartLoading();
  void Stop();
  bool ready() const { return ready_.load(); }
  // Loads synchronously (the CLI and tests).
  Status LoadNow();
  Status RedisHealth() { return client_.Ping(); }

  struct PutOutcome {
    bool created = false;
    std::string json;  // the stored record as the caller may see it
  };
  Result<PutOutcome> Put(Kind kind, const std::string& id, std::string_view body, const Principal& who);
  Result<std::string> Get(Kind kind, const std::string& id, const Principal& who);
  Status Delete(Kind kind, const std::string& id, const Principal& who);
  // {"items":[...],"next":cursor|null}
  Result<std::string> List(Kind kind, const ListQuery& q, const Principal& who);
  Result<ImportReport> Import(Kind kind, std::string_view file_bytes, const Principal& who);

  // Called after a write that may change households' guarantee status, with
  // their ids, outside any lock (guarantee tracking hooks in here).
  using HouseholdsChanged = std::function<void(const std::vector<std::string>&)>;
  void OnHouseholdsChanged(HouseholdsChanged fn) { households_changed_ = std::move(fn); }

  // For read-only use by later features (matching): runs `fn` under the shared lock.
  template <typename Fn>
  auto WithRegister(Fn&& fn) const {
    std::shared_lock lock(mu_);
    return fn(register_);
  }
  RedisClient& redis() { return client_; }
  RedisStore& store() { return store_; }

 private:
  Result<PutOutcome> PutImpl(Kind kind, const std::string& id, std::string_view body, const Principal& who,
                             std::vector<std::string>* affected);
  Status DeleteImpl(Kind kind, const std::string& id, const Principal& who, std::vector<std::string>* affected);
  Result<ImportReport> ImportImpl(Kind kind, std::string_view bytes, const Principal& who,
                                  std::vector<std::string>* affected);
  void Notify(const std::vector<std::string>& households) const {
    if (households_changed_ && !households.empty()) households_changed_(households);
  }
  Status EnsureReady() const;
  std::string Encode(const Record& r, const Principal& who) const;
  Status AuditIdReads(const Principal& who, const std::vector<const Record*>& shown);
  // Checks of a write that need the register: references, regions, the
  // ID number's uniqueness, a region change under dependants.
  std::vector<FieldError> CheckWrite(const Record& r, const Record* previous, const Principal& who,
                                     Status* refusal) const;

  Config config_;
  Authenticator auth_;
  PiiCipher cipher_;
  std::function<Date()> today_;
  RedisClient client_;
  RedisStore store_;
  mutable std::shared_mutex mu_;
  Register register_;
  std::atomic<bool> ready_{false};
  std::atomic<bool> stopping_{false};
  std::thread loader_;
  HouseholdsChanged households_changed_;
};

}  // namespace leye::http
