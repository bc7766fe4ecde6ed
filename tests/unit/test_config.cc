// LoadConfig (issue 2, item 3): defaults, a TOML file, the environment over
// the file, LEYE_TOKENS, and one clear line naming the setting for each
// invalid value.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "connectors/config/config.h"

using namespace leye;

namespace {

constexpr const char* kSecret = "test-pii-secret-0123456789abcdef0123456789";
const std::string kShaA(64, 'a');
const std::string kShaB = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";  // sha256("test")

using Env = std::map<std::string, std::string>;

Result<Config> Load(const std::string& path, const Env& env) {
  return LoadConfig(path, [&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

// A TOML file in a fresh temporary directory, removed at the end.
class TomlFile {
 public:
  explicit TomlFile(const std::string& text) {
    std::string dir = (std::filesystem::temp_directory_path() / "leye-config-XXXXXX").string();
    REQUIRE(::mkdtemp(dir.data()) != nullptr);
    dir_ = dir;
    path_ = dir_ + "/leye.toml";
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TomlFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string dir_, path_;
};

// The error of an invalid configuration: one line, starting the same way,
// naming `setting`.
void CheckRefused(const Result<Config>& c, const std::string& setting) {
  REQUIRE_FALSE(c.ok());
  const std::string m = c.status().message();
  CAPTURE(m);
  CHECK(c.status().code() == StatusCode::kInvalidArgument);
  CHECK(m.rfind("invalid configuration: ", 0) == 0);
  CHECK(m.find(setting) != std::string::npos);
  CHECK(m.find('\n') == std::string::npos);
  CHECK(!m.empty());
}

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("defaults: no file, only the required secret") {
    auto c = Load("", {{"LEYE_PII_SECRET", kSecret}});
    REQUIRE_MESSAGE(c.ok(), c.status().message());
    const Config d;
    CHECK(c->listen_host == "127.0.0.1");
    CHECK(c->listen_port == 8080);
    CHECK(c->threads == 8);
    CHECK(c->max_queued == 256);
    CHECK(c->max_body_bytes == 4 << 20);
    CHECK(c->max_import_bytes == 64 << 20);
    CHECK(c->read_timeout_s == 10);
    CHECK(c->write_timeout_s == 10);
    CHECK(c->keep_alive_max == 100);
    CHECK(c->keep_alive_timeout_s == 5);
    CHECK(c->log_level == "info");
    CHECK(c->redis_url == "redis://127.0.0.1:6379/0");
    CHECK(c->redis_connect_timeout_ms == 300);
    CHECK(c->redis_command_timeout_ms == 2000);
    CHECK(c->pii_secret == kSecret);
    CHECK(c->admin_token.empty());
    CHECK(c->tokens.empty());
    CHECK(c->follow_up_days == d.follow_up_days);
    CHECK(c->sweep_interval_s == d.sweep_interval_s);
    CHECK(c->policy.steady_months == d.policy.steady_months);
  }

  TEST_CASE("the shipped config/leye.toml loads and says what the defaults say") {
    auto c = Load(std::string(LEYE_SOURCE_DIR) + "/config/leye.toml", {{"LEYE_PII_SECRET", kSecret}});
    REQUIRE_MESSAGE(c.ok(), c.status().message());
    const Config d;
    CHECK(c->listen_host == d.listen_host);
    CHECK(c->listen_port == d.listen_port);
    CHECK(c->threads == d.threads);
    CHECK(c->max_queued == d.max_queued);
    CHECK(c->max_body_bytes == d.max_body_bytes);
    CHECK(c->max_import_bytes == d.max_import_bytes);
    CHECK(c->read_timeout_s == d.read_timeout_s);
    CHECK(c->write_timeout_s == d.write_timeout_s);
    CHECK(c->keep_alive_max == d.keep_alive_max);
    CHECK(c->keep_alive_timeout_s == d.keep_alive_timeout_s);
    CHECK(c->log_level == d.log_level);
    CHECK(c->redis_url == d.redis_url);
    CHECK(c->redis_connect_timeout_ms == d.redis_connect_timeout_ms);
    CHECK(c->redis_command_timeout_ms == d.redis_command_timeout_ms);
    CHECK(c->tokens.empty());
    CHECK(c->policy.steady_months == d.policy.steady_months);
    CHECK(c->policy.risk_days == d.policy.risk_days);
    CHECK(c->follow_up_days == d.follow_up_days);
    CHECK(c->sweep_interval_s == d.sweep_interval_s);
    // Without the secret the shipped file alone is not enough: it names it.
    CheckRefused(Load(std::string(LEYE_SOURCE_DIR) + "/config/leye.toml", {}), "LEYE_PII_SECRET");
  }

  TEST_CASE("every setting is read from the file") {
    TomlFile f(R"([server]
listen = "0.0.0.0:9090"
threads = 3
max_queued = 17
max_body_bytes = 2048
max_import_bytes = 4096
read_timeout_s = 7
write_timeout_s = 8
keep_alive_max = 9
keep_alive_timeout_s = 2
log_level = "debug"

[redis]
url = "unix:///run/redis/redis.sock"
connect_timeout_ms = 111
command_timeout_ms = 222

[security]
pii_secret = "file-secret-0123456789abcdef-0123456789"
admin_token = "file-admin-token-0123456789"

[[tokens]]
name = "shaoyang-bureau"
role = "bureau"
region = "4305"
sha256 = ")" + kShaA + R"("

[[tokens]]
name = "province-monitor"
role = "monitor"
region = ""
sha256 = ")" + kShaB + R"("
)");
    auto c = Load(f.path(), {});
    REQUIRE_MESSAGE(c.ok(), c.status().message());
    CHECK(c->listen_host == "0.0.0.0");
    CHECK(c->listen_port == 9090);
    CHECK(c->threads == 3);
    CHECK(c->max_queued == 17);
    CHECK(c->max_body_bytes == 2048);
    CHECK(c->max_import_bytes == 4096);
    CHECK(c->read_timeout_s == 7);
    CHECK(c->write_timeout_s == 8);
    CHECK(c->keep_alive_max == 9);
    CHECK(c->keep_alive_timeout_s == 2);
    CHECK(c->log_level == "debug");
    CHECK(c->redis_url == "unix:///run/redis/redis.sock");
    CHECK(c->redis_connect_timeout_ms == 111);
    CHECK(c->redis_command_timeout_ms == 222);
    CHECK(c->pii_secret == "file-secret-0123456789abcdef-0123456789");
    CHECK(c->admin_token == "file-admin-token-0123456789");
    REQUIRE(c->tokens.size() == 2);
    CHECK(c->tokens[0].name == "shaoyang-bureau");
    CHECK(c->tokens[0].role == Role::kBureau);
    CHECK(c->tokens[0].region_prefix == "4305");
    CHECK(c->tokens[0].sha256 == kShaA);
    CHECK(c->tokens[1].name == "province-monitor");
    CHECK(c->tokens[1].role == Role::kMonitor);
    CHECK(c->tokens[1].region_prefix.empty());
    CHECK(c->tokens[1].sha256 == kShaB);
  }

  TEST_CASE("the environment overrides the file, setting by setting, an empty variable overrides nothing") {
    TomlFile f(R"([server]
listen = "0.0.0.0:9090"
threads = 3
log_level = "debug"
read_timeout_s = 7

[redis]
url = "redis://10.0.0.5:6380/2"

[security]
pii_secret = "file-secret-0123456789abcdef-0123456789"
admin_token = "file-admin-token-0123456789"
)");
    auto c = Load(f.path(), {{"LEYE_LISTEN", "127.0.0.1:0"},
                             {"LEYE_THREADS", "12"},
                             {"LEYE_LOG_LEVEL", "warn"},
                             {"LEYE_REDIS_URL", "unix:///tmp/r.sock"},
                             {"LEYE_PII_SECRET", kSecret},
                             {"LEYE_ADMIN_TOKEN", "env-admin-token-0123456789"},
                             {"LEYE_REDIS_COMMAND_TIMEOUT_MS", "750"},
                             {"LEYE_READ_TIMEOUT_S", ""}});
    REQUIRE_MESSAGE(c.ok(), c.status().message());
    CHECK(c->listen_host == "127.0.0.1");
    CHECK(c->listen_port == 0);
    CHECK(c->threads == 12);
    CHECK(c->log_level == "warn");
    CHECK(c->redis_url == "unix:///tmp/r.sock");
    CHECK(c->pii_secret == kSecret);
    CHECK(c->admin_token == "env-admin-token-0123456789");
    CHECK(c->redis_command_timeout_ms == 750);
    CHECK(c->read_timeout_s == 7);            // "" leaves the file's value
    CHECK(c->redis_connect_timeout_ms == 300);  // in neither: the default
    // Every integer setting has its variable.
    for (const auto& [var, expected] : std::vector<std::pair<std::string, int64_t>>{{"LEYE_MAX_QUEUED", 5},
                                                                                   {"LEYE_MAX_BODY_BYTES", 5000},
                                                                                   {"LEYE_MAX_IMPORT_BYTES", 6000},
                                                                                   {"LEYE_WRITE_TIMEOUT_S", 4},
                                                                                   {"LEYE_KEEP_ALIVE_MAX", 3},
                                                                                   {"LEYE_KEEP_ALIVE_TIMEOUT_S", 2},
                                                                                   {"LEYE_REDIS_CONNECT_TIMEOUT_MS", 50}}) {
      CAPTURE(var);
      auto e = Load(f.path(), {{var, std::to_string(expected)}});
      REQUIRE_MESSAGE(e.ok(), e.status().message());
      const int64_t got = var == "LEYE_MAX_QUEUED"                 ? e->max_queued
                          : var == "LEYE_MAX_BODY_BYTES"           ? e->max_body_bytes
                          : var == "LEYE_MAX_IMPORT_BYTES"         ? e->max_import_bytes
                          : var == "LEYE_WRITE_TIMEOUT_S"          ? e->write_timeout_s
                          : var == "LEYE_KEEP_ALIVE_MAX"           ? e->keep_alive_max
                          : var == "LEYE_KEEP_ALIVE_TIMEOUT_S"     ? e->keep_alive_timeout_s
                                                                   : e->redis_connect_timeout_ms;
      CHECK(got == expected);
    }
  }

  TEST_CASE("LEYE_TOKENS: name:role:region:sha256, comma-separated, added after the file's tokens") {
    TomlFile f(R"([[tokens]]
name = "from-file"
role = "admin"
sha256 = ")" + kShaA + R"("
)");
    auto c = Load(f.path(), {{"LEYE_PII_SECRET", kSecret},
                             {"LEYE_TOKENS", "shaoyang:bureau:4305:" + kShaB + ",kiosk-7:kiosk:430523:" + kShaA +
                                                 ",hunan-monitor:monitor::" + kShaB}});
    REQUIRE_MESSAGE(c.ok(), c.status().message());
    REQUIRE(c->tokens.size() == 4);
    CHECK(c->tokens[0].name == "from-file");
    CHECK(c->tokens[0].role == Role::kAdmin);
    CHECK(c->tokens[0].region_prefix.empty());
    CHECK(c->tokens[1].name == "shaoyang");
    CHECK(c->tokens[1].role == Role::kBureau);
    CHECK(c->tokens[1].region_prefix == "4305");
    CHECK(c->tokens[1].sha256 == kShaB);
    CHECK(c->tokens[2].name == "kiosk-7");
    CHECK(c->tokens[2].role == Role::kKiosk);
    CHECK(c->tokens[2].region_prefix == "430523");
    CHECK(c->tokens[3].name == "hunan-monitor");
    CHECK(c->tokens[3].role == Role::kMonitor);
    CHECK(c->tokens[3].region_prefix.empty());
    // Roles by name both ways.
    for (Role r : {Role::kAdmin, Role::kBureau, Role::kMonitor, Role::kKiosk}) CHECK(ParseRole(ToString(r)) == r);
    CHECK_FALSE(ParseRole("root"));
    CHECK_FALSE(ParseRole("Admin"));
  }

  TEST_CASE("each invalid setting stops loading with one line naming it") {
    struct Case {
      Env env;
      std::string file;  // TOML text, "" = no file
      std::string names;
    };
    const Env ok = {{"LEYE_PII_SECRET", kSecret}};
    auto with = [&](Env extra) {
      Env e = ok;
      for (auto& [k, v] : extra) e[k] = v;
      return e;
    };
    const std::vector<Case> cases = {
        {with({{"LEYE_LISTEN", "localhost"}}), "", "LEYE_LISTEN"},
        {with({{"LEYE_LISTEN", ":8080"}}), "", "LEYE_LISTEN"},
        {with({{"LEYE_LISTEN", "127.0.0.1:"}}), "", "LEYE_LISTEN"},
        {with({{"LEYE_LISTEN", "127.0.0.1:65536"}}), "", "LEYE_LISTEN"},
        {with({{"LEYE_LISTEN", "127.0.0.1:-1"}}), "", "LEYE_LISTEN"},
        {with({{"LEYE_LISTEN", "127.0.0.1:80x"}}), "", "LEYE_LISTEN"},
        {{}, "", "LEYE_PII_SECRET"},
        {with({{"LEYE_PII_SECRET", std::string(31, 's')}}), "", "LEYE_PII_SECRET"},
        {with({{"LEYE_REDIS_URL", "http://127.0.0.1:6379"}}), "", "LEYE_REDIS_URL"},
        {with({{"LEYE_REDIS_URL", "127.0.0.1:6379"}}), "", "LEYE_REDIS_URL"},
        {with({{"LEYE_REDIS_URL", "rediss://127.0.0.1"}}), "", "LEYE_REDIS_URL"},
        {with({{"LEYE_LOG_LEVEL", "verbose"}}), "", "LEYE_LOG_LEVEL"},
        {with({{"LEYE_LOG_LEVEL", "INFO"}}), "", "LEYE_LOG_LEVEL"},
        {with({{"LEYE_ADMIN_TOKEN", "short"}}), "", "LEYE_ADMIN_TOKEN"},
        {with({{"LEYE_THREADS", "0"}}), "", "LEYE_THREADS"},
        {with({{"LEYE_THREADS", "257"}}), "", "LEYE_THREADS"},
        {with({{"LEYE_THREADS", "eight"}}), "", "LEYE_THREADS"},
        {with({{"LEYE_MAX_BODY_BYTES", "10"}}), "", "LEYE_MAX_BODY_BYTES"},
        {with({{"LEYE_REDIS_COMMAND_TIMEOUT_MS", "1.5"}}), "", "LEYE_REDIS_COMMAND_TIMEOUT_MS"},
        {with({{"LEYE_TOKENS", "a:bureau:4305:" + std::string(64, 'A')}}), "", "LEYE_TOKENS"},  // upper-case hex
        {with({{"LEYE_TOKENS", "a:bureau:4305:" + std::string(63, 'a')}}), "", "LEYE_TOKENS"},  // too short
        {with({{"LEYE_TOKENS", "a:bureau:4305:" + std::string(63, 'a') + "g"}}), "", "LEYE_TOKENS"},
        {with({{"LEYE_TOKENS", "a:root:4305:" + kShaA}}), "", "LEYE_TOKENS"},
        {with({{"LEYE_TOKENS", "a:bureau:43x5:" + kShaA}}), "", "LEYE_TOKENS"},
        {with({{"LEYE_TOKENS", "a:bureau:4305231:" + kShaA}}), "", "LEYE_TOKENS"},
        {with({{"LEYE_TOKENS", ":bureau:4305:" + kShaA}}), "", "LEYE_TOKENS"},
        {with({{"LEYE_TOKENS", "a:bureau:" + kShaA}}), "", "LEYE_TOKENS"},
        {with({{"LEYE_TOKENS", "a:bureau:4305:" + kShaA + ","}}), "", "LEYE_TOKENS"},
        {ok, "[server]\nlisten = \"127.0.0.1:8080\nthreads = 4\n", "leye.toml"},  // malformed TOML
        {ok, "[server\nthreads = 4\n", "line 1"},
        {ok, "[server]\nlisten = 8080\n", "server.listen"},
        {ok, "[server]\nlisten = \"nohost\"\n", "server.listen"},
        {ok, "[server]\nthreads = \"8\"\n", "server.threads"},
        {ok, "[server]\nthreads = 0\n", "server.threads"},
        {ok, "[redis]\ncommand_timeout_ms = 2.5\n", "redis.command_timeout_ms"},
        {ok, "[redis]\nurl = 6379\n", "redis.url"},
        {ok, "[redis]\nurl = \"tcp://127.0.0.1\"\n", "redis.url"},
        {ok, "[server]\nlog_level = \"chatty\"\n", "log_level"},
        {ok, "[[tokens]]\nname = \"x\"\nrole = \"bureau\"\nregion = \"4305\"\nsha256 = \"abc\"\n", "tokens[0].sha256"},
        {ok, "[[tokens]]\nname = \"x\"\nrole = \"boss\"\nsha256 = \"" + kShaA + "\"\n", "tokens[0].role"},
        {ok, "[[tokens]]\nrole = \"bureau\"\nsha256 = \"" + kShaA + "\"\n", "tokens[0].name"},
        {ok, "[[tokens]]\nname = \"x\"\nrole = \"bureau\"\nregion = \"hunan\"\nsha256 = \"" + kShaA + "\"\n",
         "tokens[0].region"},
        {ok, "[[tokens]]\nname = \"ok\"\nrole = \"admin\"\nsha256 = \"" + kShaA +
                 "\"\n[[tokens]]\nname = \"y\"\nrole = \"admin\"\nsha256 = \"" + kShaA + "Z\"\n",
         "tokens[1].sha256"},
        {{}, "[security]\npii_secret = \"too-short\"\n", "pii_secret"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.names);
      CAPTURE(c.file);
      if (c.file.empty()) {
        CheckRefused(Load("", c.env), c.names);
      } else {
        TomlFile f(c.file);
        CheckRefused(Load(f.path(), c.env), c.names);
      }
    }
    // A file that is not there is named.
    CheckRefused(Load("/nonexistent/leye-config.toml", ok), "/nonexistent/leye-config.toml");
  }

  TEST_CASE("a secret given in the environment never appears in an error message") {
    auto c = Load("", {{"LEYE_PII_SECRET", "short-secret"}, {"LEYE_ADMIN_TOKEN", "tiny"}});
    REQUIRE_FALSE(c.ok());
    CHECK(c.status().message().find("short-secret") == std::string::npos);
    c = Load("", {{"LEYE_PII_SECRET", kSecret}, {"LEYE_ADMIN_TOKEN", "tiny"}});
    REQUIRE_FALSE(c.ok());
    CHECK(c.status().message().find("tiny") == std::string::npos);
    CHECK(c.status().message().find(kSecret) == std::string::npos);
  }
}
