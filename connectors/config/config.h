// The service's configuration: one struct, each field with its default, read
// from a TOML file and then overridden by environment variables (STYLE.md 10).
// Validated once at start-up; an invalid value stops start-up with one line
// naming the setting.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "matcher/policy.h"
#include "matcher/status.h"

namespace leye {

enum class Role { kAdmin, kBureau, kMonitor, kKiosk };
std::string_view ToString(Role r);
std::optional<Role> ParseRole(std::string_view s);

// An API token. Only its SHA-256 is configured, never the token itself.
struct TokenConfig {
  std::string name;           // who it is, for the audit log ("shaoyang-bureau")
  Role role = Role::kMonitor;
  std::string region_prefix;  // "" = every region; "43" = Hunan; "430523" = one county
  std::string sha256;         // lowercase hex of the token's SHA-256
};

struct Config {
  // [server]
  std::string listen_host = "127.0.0.1";  // LEYE_LISTEN=host:port
  int listen_port = 8080;
  int threads = 8;                  // LEYE_THREADS: handler threads
  int max_queued = 256;             // LEYE_MAX_QUEUED: connections waiting for a thread
  int64_t max_body_bytes = 4 << 20; // LEYE_MAX_BODY_BYTES: JSON request bodies
  int64_t max_import_bytes = 64 << 20;  // LEYE_MAX_IMPORT_BYTES: spreadsheet uploads
  int read_timeout_s = 10;          // LEYE_READ_TIMEOUT_S
  int write_timeout_s = 10;         // LEYE_WRITE_TIMEOUT_S
  int keep_alive_max = 100;         // LEYE_KEEP_ALIVE_MAX: requests per connection
  int keep_alive_timeout_s = 5;     // LEYE_KEEP_ALIVE_TIMEOUT_S
  std::string log_level = "info";   // LEYE_LOG_LEVEL: trace|debug|info|warn|error|off
  // [redis]
  std::string redis_url = "redis://127.0.0.1:6379/0";  // LEYE_REDIS_URL (or unix:///path)
  int redis_connect_timeout_ms = 300;   // LEYE_REDIS_CONNECT_TIMEOUT_MS
  int redis_command_timeout_ms = 2000;  // LEYE_REDIS_COMMAND_TIMEOUT_MS
  // [security]
  std::string pii_secret;   // LEYE_PII_SECRET: >= 32 characters; keys the ID-number cipher and HMAC
  std::string admin_token;  // LEYE_ADMIN_TOKEN: an admin token accepted besides `tokens`
  std::vector<TokenConfig> tokens;  // [[tokens]]; LEYE_TOKENS="name:role:region:sha256,..."
  // [policy]: steady_months (LEYE_POLICY_STEADY_MONTHS), risk_days
  // (LEYE_POLICY_RISK_DAYS), candidates_per_worker (LEYE_POLICY_K); defaults
  // in matcher/policy.h.
  PolicyConfig policy;
  int follow_up_days = 30;    // policy.follow_up_days / LEYE_POLICY_FOLLOW_UP_DAYS: an alert's deadline
  int sweep_interval_s = 60;  // server.sweep_interval_s / LEYE_SWEEP_INTERVAL_S: how often the server
                              // checks whether today's guarantee sweep ran (0 = never by itself)
};

// Reads `path` (empty: no file, defaults only) and then the environment
// through `getenv` (so tests pass their own). Status::Invalid with one line
// naming the setting when a value is wrong or missing.
Result<Config> LoadConfig(const std::string& path,
                          const std::function<const char*(const char*)>& getenv);

}  // namespace leye
