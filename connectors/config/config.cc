// toml++ parses the file; every setting is then looked up once more in the
// environment, so a container or a test can change anything without a file.
// Each setting is named in exactly one table below: file key, environment
// variable and parser stay together.
#include "connectors/config/config.h"

#include <charconv>
#include <toml++/toml.h>

namespace leye {

std::string_view ToString(Role r) {
  switch (r) {
    case Role::kAdmin: return "admin";
    case Role::kBureau: return "bureau";
    case Role::kMonitor: return "monitor";
    case Role::kKiosk: return "kiosk";
  }
  return "?";
}

std::optional<Role> ParseRole(std::string_view s) {
  for (Role r : {Role::kAdmin, Role::kBureau, Role::kMonitor, Role::kKiosk})
    if (ToString(r) == s) return r;
  return std::nullopt;
}

namespace {

Status Bad(const std::string& setting, const std::string& why) {
  return Status::Invalid("invalid configuration: " + setting + ": " + why);
}

bool ParseInt(std::string_view s, int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

bool DigitsOnly(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

Status ParseListen(std::string_view v, Config& c) {
  const auto colon = v.rfind(':');
  int64_t port = 0;
  if (colon == std::string_view::npos || colon == 0 || !ParseInt(v.substr(colon + 1), port) ||
      port < 0 || port > 65535)
    return Bad("LEYE_LISTEN / server.listen", "must be host:port with a port 0..65535, got '" +
                                                   std::string(v) + "'");
  c.listen_host = std::string(v.substr(0, colon));
  c.listen_port = static_cast<int>(port);
  return Status::Ok();
}

Status CheckToken(const TokenConfig& t, const std::string& where) {
  if (t.name.empty()) return Bad(where + ".name", "is required");
  if (!IsHex64(t.sha256)) return Bad(where + ".sha256", "must be 64 lowercase hex characters (sha256 of the token)");
  if (t.region_prefix.size() > 6 || !DigitsOnly(t.region_prefix))
    return Bad(where + ".region", "must be a region code prefix of at most 6 digits");
  return Status::Ok();
}

// Integer settings: file key, environment variable, bounds, target.
struct IntSetting {
  const char* key;
  const char* env;
  int64_t min;
  int64_t max;
  std::function<void(Config&, int64_t)> set;
};

const std::vector<IntSetting>& IntSettings() {
  static const std::vector<IntSetting> kSettings = {
      {"server.threads", "LEYE_THREADS", 1, 256, [](Config& c, int64_t v) { c.threads = int(v); }},
      {"server.max_queued", "LEYE_MAX_QUEUED", 1, 100000, [](Config& c, int64_t v) { c.max_queued = int(v); }},
      {"server.max_body_bytes", "LEYE_MAX_BODY_BYTES", 1024, 1LL << 30, [](Config& c, int64_t v) { c.max_body_bytes = v; }},
      {"server.max_import_bytes", "LEYE_MAX_IMPORT_BYTES", 1024, 1LL << 31, [](Config& c, int64_t v) { c.max_import_bytes = v; }},
      {"server.read_timeout_s", "LEYE_READ_TIMEOUT_S", 1, 3600, [](Config& c, int64_t v) { c.read_timeout_s = int(v); }},
      {"server.write_timeout_s", "LEYE_WRITE_TIMEOUT_S", 1, 3600, [](Config& c, int64_t v) { c.write_timeout_s = int(v); }},
      {"server.keep_alive_max", "LEYE_KEEP_ALIVE_MAX", 1, 100000, [](Config& c, int64_t v) { c.keep_alive_max = int(v); }},
      {"server.keep_alive_timeout_s", "LEYE_KEEP_ALIVE_TIMEOUT_S", 1, 3600, [](Config& c, int64_t v) { c.keep_alive_timeout_s = int(v); }},
      {"redis.connect_timeout_ms", "LEYE_REDIS_CONNECT_TIMEOUT_MS", 10, 60000, [](Config& c, int64_t v) { c.redis_connect_timeout_ms = int(v); }},
      {"redis.command_timeout_ms", "LEYE_REDIS_COMMAND_TIMEOUT_MS", 10, 600000, [](Config& c, int64_t v) { c.redis_command_timeout_ms = int(v); }},
      {"policy.steady_months", "LEYE_POLICY_STEADY_MONTHS", 1, 120, [](Config& c, int64_t v) { c.policy.steady_months = int32_t(v); }},
      {"policy.risk_days", "LEYE_POLICY_RISK_DAYS", 0, 365, [](Config& c, int64_t v) { c.policy.risk_days = int32_t(v); }},
      {"policy.follow_up_days", "LEYE_POLICY_FOLLOW_UP_DAYS", 1, 365, [](Config& c, int64_t v) { c.follow_up_days = int(v); }},
      {"server.sweep_interval_s", "LEYE_SWEEP_INTERVAL_S", 0, 86400, [](Config& c, int64_t v) { c.sweep_interval_s = int(v); }},
      {"policy.candidates_per_worker", "LEYE_POLICY_K", 1, 10000, [](Config& c, int64_t v) { c.policy.candidates_per_worker = int32_t(v); }},
  };
  return kSettings;
}

struct StringSetting {
  const char* key;
  const char* env;
  std::function<std::string*(Config&)> field;
};

const std::vector<StringSetting>& StringSettings() {
  static const std::vector<StringSetting> kSettings = {
      {"server.log_level", "LEYE_LOG_LEVEL", [](Config& c) { return &c.log_level; }},
      {"redis.url", "LEYE_REDIS_URL", [](Config& c) { return &c.redis_url; }},
      {"security.pii_secret", "LEYE_PII_SECRET", [](Config& c) { return &c.pii_secret; }},
      {"security.admin_token", "LEYE_ADMIN_TOKEN", [](Config& c) { return &c.admin_token; }},
  };
  return kSettings;
}

Result<TokenConfig> ParseTokenSpec(std::string_view spec, const std::string& where) {
  // name:role:region:sha256 (region may be empty)
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= spec.size(); ++i) {
    if (i == spec.size() || spec[i] == ':') {
      parts.emplace_back(spec.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 4) return Bad(where, "each token must be name:role:region:sha256");
  TokenConfig t{parts[0], Role::kMonitor, parts[2], parts[3]};
  auto role = ParseRole(parts[1]);
  if (!role) return Bad(where, "role must be admin, bureau, monitor or kiosk");
  t.role = *role;
  if (Status s = CheckToken(t, where); !s.ok()) return s;
  return t;
}

}  // namespace

Result<Config> LoadConfig(const std::string& path,
                          const std::function<const char*(const char*)>& getenv) {
  Config c;
  toml::table file;
  if (!path.empty()) {
    try {
      file = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      return Status::Invalid("invalid configuration: " + path + ": " + std::string(e.description()) +
                             " at line " + std::to_string(e.source().begin.line));
    }
  }
  if (auto v = file.at_path("server.listen").value<std::string>()) {
    if (Status s = ParseListen(*v, c); !s.ok()) return s;
  } else if (file.at_path("server.listen")) {
    return Bad("server.listen", "must be a string host:port");
  }
  for (const auto& s : IntSettings()) {
    if (auto node = file.at_path(s.key)) {
      auto v = node.value<int64_t>();
      if (!v) return Bad(s.key, "must be an integer");
      if (*v < s.min || *v > s.max)
        return Bad(s.key, "must be between " + std::to_string(s.min) + " and " + std::to_string(s.max));
      s.set(c, *v);
    }
  }
  for (const auto& s : StringSettings()) {
    if (auto node = file.at_path(s.key)) {
      auto v = node.value<std::string>();
      if (!v) return Bad(s.key, "must be a string");
      *s.field(c) = *v;
    }
  }
  if (auto* arr = file["tokens"].as_array()) {
    for (size_t i = 0; i < arr->size(); ++i) {
      const std::string where = "tokens[" + std::to_string(i) + "]";
      auto* t = arr->get(i)->as_table();
      if (!t) return Bad(where, "must be a table");
      TokenConfig tok;
      tok.name = (*t)["name"].value_or(std::string());
      tok.region_prefix = (*t)["region"].value_or(std::string());
      tok.sha256 = (*t)["sha256"].value_or(std::string());
      auto role = ParseRole((*t)["role"].value_or(std::string()));
      if (!role) return Bad(where + ".role", "must be admin, bureau, monitor or kiosk");
      tok.role = *role;
      if (Status s = CheckToken(tok, where); !s.ok()) return s;
      c.tokens.push_back(tok);
    }
  }

  // The environment overrides the file.
  if (const char* v = getenv("LEYE_LISTEN"); v && *v) {
    if (Status s = ParseListen(v, c); !s.ok()) return s;
  }
  for (const auto& s : IntSettings()) {
    const char* v = getenv(s.env);
    if (!v || !*v) continue;
    int64_t n = 0;
    if (!ParseInt(v, n)) return Bad(s.env, "must be an integer");
    if (n < s.min || n > s.max)
      return Bad(s.env, "must be between " + std::to_string(s.min) + " and " + std::to_string(s.max));
    s.set(c, n);
  }
  for (const auto& s : StringSettings()) {
    if (const char* v = getenv(s.env); v && *v) *s.field(c) = v;
  }
  if (const char* v = getenv("LEYE_TOKENS"); v && *v) {
    std::string_view all(v);
    size_t start = 0;
    for (size_t i = 0; i <= all.size(); ++i) {
      if (i == all.size() || all[i] == ',') {
        auto tok = ParseTokenSpec(all.substr(start, i - start), "LEYE_TOKENS");
        if (!tok.ok()) return tok.status();
        c.tokens.push_back(*tok);
        start = i + 1;
      }
    }
  }

  // Cross-field checks.
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "off"};
  bool level_ok = false;
  for (const char* l : kLevels) level_ok = level_ok || c.log_level == l;
  if (!level_ok) return Bad("LEYE_LOG_LEVEL / server.log_level", "must be trace, debug, info, warn, error or off");
  if (c.redis_url.rfind("redis://", 0) != 0 && c.redis_url.rfind("unix://", 0) != 0)
    return Bad("LEYE_REDIS_URL / redis.url", "must start with redis:// or unix://");
  if (c.pii_secret.size() < 32)
    return Bad("LEYE_PII_SECRET / security.pii_secret",
               "is required and must be at least 32 characters (it keys the ID-number encryption)");
  if (!c.admin_token.empty() && c.admin_token.size() < 16)
    return Bad("LEYE_ADMIN_TOKEN / security.admin_token", "must be at least 16 characters");
  return c;
}

}  // namespace leye
