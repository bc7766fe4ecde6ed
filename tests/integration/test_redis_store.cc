// Integration tests of the Redis connector against a real Redis
// (LEYE_TEST_REDIS_URL; scripts/test starts one on a Unix socket). Each test
// case starts with FLUSHDB. The outage tests run a second redis-server of
// their own (LEYE_TEST_REDIS_SERVER, else redis-server on PATH) on a private
// Unix socket, so they never disturb the shared one. Nothing but Unix
// sockets is contacted.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "connectors/json/codec.h"
#include "connectors/redis/pii_cipher.h"
#include "connectors/redis/redis_client.h"
#include "connectors/redis/redis_store.h"
#include "matcher/id_number.h"

extern char** environ;

namespace leye {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view kSecret = "test secret, not for production, 0123456789abcdef";
constexpr std::string_view kOtherSecret = "another secret entirely, 0123456789abcdefghijklmnop";

template <typename T>
std::string Why(const Result<T>& r) {
  return r.ok() ? std::string() : r.status().message();
}

// "W17": built by appending, which also sidesteps GCC 12's false -Wrestrict
// on `const char* + std::string&&`.
std::string Id(std::string_view prefix, long long n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

RedisOptions TestOptions() {
  const char* url = std::getenv("LEYE_TEST_REDIS_URL");
  REQUIRE_MESSAGE(url != nullptr,
                  "set LEYE_TEST_REDIS_URL (scripts/test does), e.g. unix:///tmp/redis.sock");
  auto ep = ParseRedisUrl(url);
  REQUIRE_MESSAGE(ep.ok(), Why(ep));
  RedisOptions o;
  o.endpoint = *ep;
  return o;
}

// The shared test Redis, emptied.
RedisClient& FreshRedis() {
  static RedisClient client(TestOptions());
  auto r = client.Command({"FLUSHDB"});
  REQUIRE_MESSAGE(r.ok(), Why(r));
  return client;
}

PiiCipher TestCipher(std::string_view secret = kSecret) {
  auto c = PiiCipher::FromSecret(secret);
  REQUIRE(c.ok());
  return *c;
}

std::string MakeIdNumber(std::string_view region, std::string_view birth, int seq) {
  char s[8];
  std::snprintf(s, sizeof s, "%03d", seq % 1000);  // REQUIRES: seq >= 0
  std::string first17 = std::string(region) + std::string(birth) + s;
  return first17 + IdNumberCheckChar(first17);
}

Household MakeHousehold(std::string id, std::string region) {
  Household h;
  h.id = std::move(id);
  h.region = std::move(region);
  h.registered_poor = true;
  h.poverty_status = PovertyStatus::kMonitored;
  h.relocated = true;
  h.site = "幸福家园安置点";
  h.helper = HelperContact{"李帮扶", "13800000000"};
  return h;
}

Worker MakeWorker(std::string id, std::string household, std::string id_number) {
  Worker w;
  w.id = std::move(id);
  w.household = std::move(household);
  w.name = "张三";
  w.id_number = std::move(id_number);
  w.labor_ability = LaborAbility::kWeak;
  w.hard_to_employ = true;
  w.skills = {{"6-05-01-01", 3}, {"4-07", 1}};
  w.location = {27.123456789, 111.987654321};
  w.willingness.wants_work = true;
  w.willingness.categories = {"6-05", "4"};
  w.willingness.max_commute_km = 12.5;
  w.willingness.leave_county = true;
  w.willingness.hours = {Hours::kFullTime, Hours::kHomeBased};
  w.willingness.min_monthly_wage = 2200;
  return w;
}

Employer MakeEmployer(std::string id, std::string region) {
  Employer e;
  e.id = std::move(id);
  e.name = "扶贫车间 \"一号\"";
  e.kind = EmployerKind::kWorkshop;
  e.region = std::move(region);
  e.location = {27.5, 111.25};
  return e;
}

Posting MakePosting(std::string id, std::string employer) {
  Posting p;
  p.id = std::move(id);
  p.employer = std::move(employer);
  p.title = "缝纫工";
  p.occupation = "6-05-01-01";
  p.required_skills = {{"6-05", 2}};
  p.slots = 12;
  p.monthly_wage = 3100;
  p.hours = Hours::kPartTime;
  p.contract_months = 12;
  p.location = GeoPoint{27.51, 111.26};
  p.age_min = 18;
  p.age_max = 55;
  p.open = true;
  return p;
}

Training MakeTraining(std::string id, std::string region) {
  Training t;
  t.id = std::move(id);
  t.provider = "县职业技术学校";
  t.title = "电商直播";
  t.teaches = {{"4-01-02", 2}};
  t.seats = 40;
  t.region = std::move(region);
  t.location = {27.2, 111.1};
  t.start_date = Date::FromCivil(2026, 3, 1);
  t.end_date = Date::FromCivil(2026, 3, 31);
  return t;
}

long long IntCommand(RedisClient& c, const std::vector<std::string>& argv) {
  auto r = c.Command(argv);
  REQUIRE_MESSAGE(r.ok(), Why(r));
  REQUIRE(r->type == RedisValue::Type::kInteger);
  return r->integer;
}

long long StreamLen(RedisClient& c, std::string_view county) {
  return IntCommand(c, {"XLEN", RedisStore::ChangesKey(county)});
}

std::vector<std::string> AllKeys(RedisClient& c) {
  auto r = c.Command({"KEYS", "*"});
  REQUIRE(r.ok());
  std::vector<std::string> keys;
  for (auto& e : r->elements) keys.push_back(e.str);
  std::sort(keys.begin(), keys.end());
  return keys;
}

void Flatten(const RedisValue& v, std::string* out) {
  out->append(v.str);
  out->push_back('\n');
  for (const auto& e : v.elements) Flatten(e, out);
}

// Every byte Redis holds: each key's name, its DUMP serialisation and its
// value read back in its natural form (a DUMP may be LZF-compressed, which
// would hide a plain string from a byte search).
std::string EverythingInRedis(RedisClient& c) {
  std::string all;
  for (const auto& key : AllKeys(c)) {
    all += key + "\n";
    auto dump = c.Command({"DUMP", key});
    REQUIRE(dump.ok());
    all += dump->str + "\n";
    auto type = c.Command({"TYPE", key});
    REQUIRE(type.ok());
    Result<RedisValue> v = Status::Internal("unknown type " + type->str);
    if (type->str == "string")
      v = c.Command({"GET", key});
    else if (type->str == "set")
      v = c.Command({"SMEMBERS", key});
    else if (type->str == "stream")
      v = c.Command({"XRANGE", key, "-", "+"});
    else if (type->str == "hash")
      v = c.Command({"HGETALL", key});
    else if (type->str == "list")
      v = c.Command({"LRANGE", key, "0", "-1"});
    else if (type->str == "zset")
      v = c.Command({"ZRANGE", key, "0", "-1", "WITHSCORES"});
    REQUIRE_MESSAGE(v.ok(), key);
    Flatten(*v, &all);
  }
  return all;
}

// Redis's MONITOR feed, read through a raw hiredis connection: the commands
// Redis executed, in execution order, as (command, key) pairs. Used to prove
// what a store call sent inside and outside MULTI/EXEC.
class Monitor {
 public:
  explicit Monitor(const RedisEndpoint& e) {
    timeval tv{2, 0};
    ctx_ = e.unix_path.empty() ? redisConnectWithTimeout(e.host.c_str(), e.port, tv)
                               : redisConnectUnixWithTimeout(e.unix_path.c_str(), tv);
    REQUIRE((ctx_ != nullptr && ctx_->err == 0));
    REQUIRE(redisSetTimeout(ctx_, tv) == REDIS_OK);
    if (e.db != 0) Expect(redisCommand(ctx_, "SELECT %d", e.db));
    Expect(redisCommand(ctx_, "MONITOR"));
  }
  ~Monitor() { redisFree(ctx_); }
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // Everything executed since the last call, up to the ECHO this sends
  // through `c`.
  std::vector<std::pair<std::string, std::string>> Drain(RedisClient& c) {
    const std::string mark = "leye-monitor-mark-" + std::to_string(++marks_);
    REQUIRE(c.Command({"ECHO", mark}).ok());
    std::vector<std::pair<std::string, std::string>> out;
    for (;;) {
      void* raw = nullptr;
      REQUIRE(redisGetReply(ctx_, &raw) == REDIS_OK);
      std::string line(static_cast<redisReply*>(raw)->str, static_cast<redisReply*>(raw)->len);
      freeReplyObject(raw);
      // 1795948841.724111 [0 unix:/tmp/x.sock] "SET" "a" "1"
      auto tokens = Quoted(line.substr(line.find("] ") + 2));
      REQUIRE(!tokens.empty());
      if (tokens[0] == "ECHO" && tokens.size() == 2 && tokens[1] == mark) return out;
      out.emplace_back(tokens[0], tokens.size() > 1 ? tokens[1] : std::string());
    }
  }

 private:
  void Expect(void* reply) {
    REQUIRE(reply != nullptr);
    freeReplyObject(reply);
  }
  static std::vector<std::string> Quoted(std::string_view s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] != '"') continue;
      std::string t;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        t += s[i];
      }
      out.push_back(std::move(t));
    }
    return out;
  }
  redisContext* ctx_ = nullptr;
  int marks_ = 0;
};

std::string KindKey(const Record& r) {
  return std::to_string(static_cast<int>(KindOf(r))) + "/" + IdOf(r);
}

// A redis-server of the test's own, on a private Unix socket.
class OwnRedis {
 public:
  OwnRedis() {
    char tmpl[] = "/tmp/leye-redis-test.XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    dir_ = tmpl;
    socket_ = dir_ + "/redis.sock";
    const char* server = std::getenv("LEYE_TEST_REDIS_SERVER");
    server_ = server && *server ? server : "redis-server";
  }
  ~OwnRedis() {
    Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  OwnRedis(const OwnRedis&) = delete;
  OwnRedis& operator=(const OwnRedis&) = delete;

  const std::string& socket() const { return socket_; }
  pid_t pid() const { return pid_; }

  // `extra`: more "--option value" arguments.
  void Start(const std::vector<std::string>& extra = {}) {
    REQUIRE(pid_ == 0);
    std::vector<std::string> args = {server_, "--port", "0", "--unixsocket", socket_};
    args.insert(args.end(), extra.begin(), extra.end());
    for (std::string a : {"--unixsocketperm 700", "--appendonly no", "--daemonize no"}) {
      args.push_back(a.substr(0, a.find(' ')));
      args.push_back(a.substr(a.find(' ') + 1));
    }
    args.insert(args.end(), {"--save", "", "--dir", dir_, "--logfile", dir_ + "/redis.log"});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The server's stdio goes to /dev/null, so it never holds the test's
    // output pipe open (it logs to its --logfile).
    posix_spawn_file_actions_t io;
    posix_spawn_file_actions_init(&io);
    for (int fd : {0, 1, 2})
      posix_spawn_file_actions_addopen(&io, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    int rc = posix_spawnp(&pid_, server_.c_str(), &io, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&io);
    REQUIRE_MESSAGE(rc == 0, "cannot start " << server_);
    RedisOptions o;
    o.endpoint.unix_path = socket_;
    RedisClient probe(o);  // a client of its own, so the one under test is untouched
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (!probe.Ping().ok()) {
      REQUIRE_MESSAGE(Clock::now() < deadline, "own redis-server did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  void Stop() {
    if (pid_ == 0) return;
    kill(pid_, SIGCONT);  // in case a test left it stopped
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
  }

 private:
  std::string dir_;
  std::string socket_;
  std::string server_;
  pid_t pid_ = 0;
};

}  // namespace

TEST_SUITE("redis_store") {
  TEST_CASE("ParseRedisUrl accepts the documented forms") {
    FreshRedis();
    struct Good {
      const char* url;
      RedisEndpoint want;
    };
    auto tcp = [](std::string host, int port, int db) {
      RedisEndpoint e;
      e.host = std::move(host);
      e.port = port;
      e.db = db;
      return e;
    };
    auto sock = [](std::string path, int db) {
      RedisEndpoint e;
      e.host.clear();
      e.port = 0;
      e.unix_path = std::move(path);
      e.db = db;
      return e;
    };
    const Good good[] = {
        {"redis://127.0.0.1:6380/2", tcp("127.0.0.1", 6380, 2)},
        {"redis://redis", tcp("redis", 6379, 0)},
        {"redis://redis:7000", tcp("redis", 7000, 0)},
        {"redis://redis/3", tcp("redis", 6379, 3)},
        {"redis://[::1]:6390/1", tcp("::1", 6390, 1)},
        {"unix:///var/run/redis/redis.sock", sock("/var/run/redis/redis.sock", 0)},
        {"unix:///tmp/r.sock?db=5", sock("/tmp/r.sock", 5)},
    };
    for (const auto& g : good) {
      CAPTURE(g.url);
      auto e = ParseRedisUrl(g.url);
      REQUIRE_MESSAGE(e.ok(), Why(e));
      CHECK(*e == g.want);
    }
  }

  TEST_CASE("ParseRedisUrl refuses bad urls and says what is wrong") {
    FreshRedis();
    struct Bad {
      const char* url;
      const char* says;
    };
    const Bad bad[] = {
        {"", "scheme"},
        {"http://redis:6379", "scheme"},
        {"redis:/host", "scheme"},
        {"redis://", "empty host"},
        {"redis://:6379", "empty host"},
        {"redis://host:", "empty port"},
        {"redis://host:0", "port"},
        {"redis://host:65536", "port"},
        {"redis://host:63a9", "port"},
        {"redis://host/x", "db"},
        {"redis://host/-1", "db"},
        {"redis://user:pw@host", "credentials"},
        {"redis://host?db=1", "query"},
        {"redis://[::1", "unclosed"},
        {"unix://relative/path", "absolute"},
        {"unix://", "absolute"},
        {"unix:///", "no file"},
        {"unix:///tmp/r.sock?db=x", "db"},
        {"unix:///tmp/r.sock?timeout=1", "db=N"},
    };
    for (const auto& b : bad) {
      CAPTURE(b.url);
      auto e = ParseRedisUrl(b.url);
      REQUIRE_FALSE(e.ok());
      CHECK(e.status().code() == StatusCode::kInvalidArgument);
      CHECK(e.status().message().find(b.says) != std::string::npos);
    }
  }

  TEST_CASE("RedisClient: binary-safe commands, transactions, pipelines, errors, concurrency") {
    RedisClient& c = FreshRedis();
    const std::string binary("a\0b\r\n$3\r\nzz\xff", 12);
    REQUIRE(c.Command({"SET", "leye:test:bin", binary}).ok());
    auto got = c.Command({"GET", "leye:test:bin"});
    REQUIRE(got.ok());
    CHECK(got->type == RedisValue::Type::kString);
    CHECK(got->str == binary);
    CHECK(c.Command({"GET", "leye:test:none"})->is_nil());
    CHECK(c.Ping().ok());

    SUBCASE("the endpoint's db is SELECTed on every connection") {
      RedisOptions o = c.options();
      o.endpoint.db = (o.endpoint.db + 1) % 16;
      o.pool_size = 2;
      RedisClient other_db(o);
      std::vector<std::thread> ts;  // several connections, each must SELECT
      for (int i = 0; i < 4; ++i)
        ts.emplace_back([&, i] {
          CHECK(other_db.Command({"SET", Id("leye:test:db", i), "1"}).ok());
        });
      for (auto& t : ts) t.join();
      for (int i = 0; i < 4; ++i) {
        CHECK(c.Command({"GET", Id("leye:test:db", i)})->is_nil());
        CHECK(other_db.Command({"GET", Id("leye:test:db", i)})->str == "1");
      }
      CHECK(other_db.Command({"FLUSHDB"}).ok());
      o.endpoint.db = 100000;
      RedisClient no_such_db(o);
      Status s = no_such_db.Ping();
      CHECK(s.code() == StatusCode::kUnavailable);
      CHECK(s.message().find("SELECT") != std::string::npos);
    }
    SUBCASE("an error reply is Internal from Command, a value from Pipeline") {
      auto bad = c.Command({"INCR", "leye:test:bin"});
      REQUIRE_FALSE(bad.ok());
      CHECK(bad.status().code() == StatusCode::kInternal);
      CHECK(bad.status().message().find("not an integer") != std::string::npos);
      auto p =
          c.Pipeline({{"INCR", "leye:test:n"}, {"INCR", "leye:test:bin"}, {"INCR", "leye:test:n"}});
      REQUIRE(p.ok());
      REQUIRE(p->size() == 3);
      CHECK((*p)[0].integer == 1);
      CHECK((*p)[1].is_error());
      CHECK((*p)[2].integer == 2);
    }
    SUBCASE("Transaction returns EXEC's array; an error inside is Internal") {
      auto t = c.Transaction({{"SET", "leye:test:a", "1"}, {"INCR", "leye:test:a"}});
      REQUIRE(t.ok());
      REQUIRE(t->elements.size() == 2);
      CHECK(t->elements[1].integer == 2);
      auto failing = c.Transaction({{"INCR", "leye:test:a"}, {"INCR", "leye:test:bin"}});
      REQUIRE_FALSE(failing.ok());
      CHECK(failing.status().code() == StatusCode::kInternal);
      auto refused = c.Transaction({{"INCR"}});  // wrong arity: refused at queue time
      REQUIRE_FALSE(refused.ok());
      CHECK(refused.status().code() == StatusCode::kInternal);
      CHECK(c.Ping().ok());  // the connection is still good afterwards
    }
    SUBCASE("a pipeline longer than the in-flight window keeps order") {
      std::vector<std::vector<std::string>> cmds;
      for (int i = 0; i < 10000; ++i) cmds.push_back({"INCR", "leye:test:count"});
      auto p = c.Pipeline(cmds);
      REQUIRE(p.ok());
      REQUIRE(p->size() == 10000);
      for (int i = 0; i < 10000; ++i) REQUIRE((*p)[i].integer == i + 1);
    }
    SUBCASE("many threads share the pool") {
      RedisOptions o = c.options();
      o.pool_size = 3;
      RedisClient small(o);
      std::vector<std::thread> threads;
      std::atomic<int> failures{0};
      for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
          for (int i = 0; i < 200; ++i)
            if (!small.Command({"INCR", "leye:test:shared"}).ok()) ++failures;
        });
      for (auto& t : threads) t.join();
      CHECK(failures == 0);
      CHECK(c.Command({"GET", "leye:test:shared"})->str == "1600");
    }
  }

  TEST_CASE("PiiCipher: seal and open, tamper detection, wrong key, hashes") {
    FreshRedis();
    PiiCipher c = TestCipher();
    const std::string idn = MakeIdNumber("430523", "19850312", 123);

    CHECK(PiiCipher::FromSecret("too short").status().code() == StatusCode::kInvalidArgument);
    CHECK(PiiCipher::FromSecret(std::string(31, 'x')).status().code() ==
          StatusCode::kInvalidArgument);
    CHECK(PiiCipher::FromSecret(std::string(32, 'x')).ok());

    const std::string sealed = c.Seal(idn);
    CHECK(sealed.starts_with("v1:"));
    CHECK(sealed.find(idn) == std::string::npos);
    CHECK(sealed.find(idn.substr(6, 8)) == std::string::npos);  // not even the birth date
    CHECK(PiiCipher::LooksSealed(sealed));
    CHECK_FALSE(PiiCipher::LooksSealed(idn));
    // 12-byte nonce + 18 bytes + 16-byte tag = 46 bytes -> 64 base64 characters.
    CHECK(sealed.size() == 3 + 64);
    CHECK(c.Seal(idn) != sealed);  // a fresh nonce each time
    auto opened = c.Open(sealed);
    REQUIRE(opened.ok());
    CHECK(*opened == idn);
    CHECK(*c.Open(c.Seal("")) == "");
    const std::string long_text(10000, 'z');
    CHECK(*c.Open(c.Seal(long_text)) == long_text);

    SUBCASE("any changed character is detected") {
      for (size_t i = 3; i < sealed.size(); ++i) {
        std::string t = sealed;
        t[i] = t[i] == 'A' ? 'B' : 'A';
        auto r = c.Open(t);
        CAPTURE(i);
        REQUIRE_FALSE(r.ok());
        CHECK(r.status().code() == StatusCode::kInternal);
        CHECK(r.status().message().find(idn) == std::string::npos);
      }
    }
    SUBCASE("malformed input is refused, never crashes") {
      for (std::string bad :
           {std::string(""), std::string("v1:"), std::string("v2:") + sealed.substr(3),
            sealed.substr(0, sealed.size() - 4), sealed + "AAAA", sealed + "=",
            std::string("v1:!!!!"), idn})
        CHECK(c.Open(bad).status().code() == StatusCode::kInternal);
    }
    SUBCASE("another secret cannot open it, and hashes differently") {
      PiiCipher other = TestCipher(kOtherSecret);
      auto r = other.Open(sealed);
      REQUIRE_FALSE(r.ok());
      CHECK(r.status().code() == StatusCode::kInternal);
      CHECK(other.Hmac(idn) != c.Hmac(idn));
    }
    SUBCASE("HMAC: deterministic lowercase hex, keyed") {
      const std::string h = c.Hmac(idn);
      CHECK(h.size() == 64);
      CHECK(std::all_of(h.begin(), h.end(),
                        [](char ch) { return std::isdigit(ch) || (ch >= 'a' && ch <= 'f'); }));
      CHECK(c.Hmac(idn) == h);
      CHECK(TestCipher().Hmac(idn) == h);  // same secret, same key
      CHECK(c.Hmac(MakeIdNumber("430523", "19850312", 125)) != h);
      CHECK(h != Sha256Hex(idn));
    }
    SUBCASE("SHA-256 known answers (FIPS 180-2)") {
      CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
      CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
  }

  TEST_CASE("put and get round trip every kind") {
    RedisClient& redis = FreshRedis();
    PiiCipher cipher = TestCipher();
    RedisStore store(redis, cipher);
    const std::string county = "430523";
    Household bare = MakeHousehold("H0", county);
    bare.relocated = false;
    bare.site.clear();
    bare.helper.reset();
    Posting bare_posting = MakePosting("P0", "E1");
    bare_posting.location.reset();
    bare_posting.age_min.reset();
    bare_posting.age_max.reset();
    const std::vector<Record> records = {
        MakeHousehold("H1", county),
        bare,
        MakeWorker("W1", "H1", MakeIdNumber(county, "19850312", 123)),
        MakeWorker("W-2_b", "H1", MakeIdNumber(county, "20000229", 44)),
        MakeEmployer("E1", county),
        MakePosting("P1", "E1"),
        bare_posting,
        MakeTraining("T1", county),
    };
    for (const auto& r : records) {
      CAPTURE(KindKey(r));
      REQUIRE(store.Put(r, county).ok());
      auto back = store.Get(KindOf(r), county, IdOf(r));
      REQUIRE_MESSAGE(back.ok(), Why(back));
      CHECK(*back == r);
      // The stored bytes are the canonical JSON, the id number aside.
      auto raw = redis.Command({"GET", RedisStore::RecordKey(county, KindOf(r), IdOf(r))});
      REQUIRE(raw.ok());
      if (const Worker* w = std::get_if<Worker>(&r)) {
        CHECK(raw->str.find(w->id_number) == std::string::npos);
        auto decoded = DecodeRecord(Kind::kWorker, raw->str);
        REQUIRE(decoded.ok());
        CHECK(PiiCipher::LooksSealed(std::get<Worker>(*decoded).id_number));
      } else {
        CHECK(raw->str == EncodeRecord(r, {IdVisibility::kFull, std::nullopt}));
      }
    }
    // Overwrite is idempotent and keeps one member per id.
    REQUIRE(store.Put(records[0], county).ok());
    CHECK(IntCommand(redis, {"SCARD", RedisStore::KindSetKey(county, Kind::kHousehold)}) == 2);
    CHECK(IntCommand(redis, {"SCARD", RedisStore::KindSetKey(county, Kind::kWorker)}) == 2);

    auto missing = store.Get(Kind::kWorker, county, "nobody");
    CHECK(missing.status().code() == StatusCode::kNotFound);
    CHECK(store.Get(Kind::kWorker, "43052", "W1").status().code() == StatusCode::kInvalidArgument);
    CHECK(store.Put(records[0], "4305231").code() == StatusCode::kInvalidArgument);
    CHECK(store.Put(records[0], "{43052").code() == StatusCode::kInvalidArgument);
  }

  TEST_CASE("no ID number in plain text anywhere in Redis") {
    RedisClient& redis = FreshRedis();
    PiiCipher cipher = TestCipher();
    RedisStore store(redis, cipher);
    std::vector<std::string> idns;
    for (int i = 0; i < 20; ++i) {
      std::string county = i % 2 ? "430523" : "522701";
      std::string idn = MakeIdNumber(county, "19790101", 100 + i);
      idns.push_back(idn);
      REQUIRE(store.Put(MakeHousehold(Id("H", i), county), county).ok());
      REQUIRE(store.Put(MakeWorker(Id("W", i), Id("H", i), idn), county).ok());
    }
    // An update with a changed ID number, a move, a delete and an audit entry
    // exercise every other write path.
    Worker w0 = MakeWorker("W0", "H0", idns[0]);
    Worker w0b = w0;
    w0b.id_number = MakeIdNumber("522701", "19790101", 999);
    idns.push_back(w0b.id_number);
    Record prev0 = w0;
    REQUIRE(store.Put(w0b, "522701", &prev0).ok());
    Record prev1 = MakeWorker("W1", "H1", idns[1]);
    REQUIRE(store.Put(prev1, "522701", &prev1, "430523").ok());
    REQUIRE(store.Delete(MakeWorker("W2", "H2", idns[2]), "522701").ok());
    REQUIRE(store.AppendAudit({"admin", "read_id_number", "workers", "W3", 0}).ok());
    std::vector<std::pair<Record, std::string>> many;
    for (int i = 0; i < 50; ++i) {
      std::string idn = MakeIdNumber("430523", "19900101", 500 + i);
      idns.push_back(idn);
      many.emplace_back(MakeWorker(Id("M", i), "H1", idn), "430523");
    }
    REQUIRE(store.PutMany(many).ok());

    const std::string everything = EverythingInRedis(redis);
    CHECK(everything.find("张三") != std::string::npos);  // the scan does see the values
    for (const auto& idn : idns) {
      CAPTURE(idn);
      CHECK(everything.find(idn) == std::string::npos);
      CHECK(everything.find(idn.substr(0, 17)) == std::string::npos);
    }
  }

  TEST_CASE("the ID-number index holds the HMAC and finds the worker") {
    RedisClient& redis = FreshRedis();
    PiiCipher cipher = TestCipher();
    RedisStore store(redis, cipher);
    const std::string county = "430523";
    const std::string idn = MakeIdNumber(county, "19850312", 123);
    Worker w = MakeWorker("W1", "H1", idn);
    REQUIRE(store.Put(w, county).ok());

    auto ix = redis.Command({"GET", RedisStore::IdNumberKey(county, cipher.Hmac(idn))});
    REQUIRE(ix.ok());
    CHECK(ix->str == "W1");
    auto found = store.FindWorkerByIdNumber(idn, county);
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK(**found == w);
    auto anywhere = store.FindWorkerByIdNumber(idn);
    REQUIRE(anywhere.ok());
    REQUIRE(anywhere->has_value());
    CHECK((*anywhere)->id == "W1");
    CHECK_FALSE(store.FindWorkerByIdNumber(idn, "522701")->has_value());
    CHECK_FALSE(store.FindWorkerByIdNumber(MakeIdNumber(county, "19850312", 125))->has_value());

    SUBCASE("a changed ID number moves the index key") {
      Worker w2 = w;
      w2.id_number = MakeIdNumber(county, "19850312", 125);
      Record prev = w;
      REQUIRE(store.Put(w2, county, &prev).ok());
      CHECK(redis.Command({"GET", RedisStore::IdNumberKey(county, cipher.Hmac(idn))})->is_nil());
      CHECK(
          redis.Command({"GET", RedisStore::IdNumberKey(county, cipher.Hmac(w2.id_number))})->str ==
          "W1");
      CHECK_FALSE(store.FindWorkerByIdNumber(idn)->has_value());
      CHECK((*store.FindWorkerByIdNumber(w2.id_number))->id == "W1");
    }
    SUBCASE("a stale index entry never gives a wrong answer") {
      Worker w2 = w;
      w2.id_number = MakeIdNumber(county, "19850312", 125);
      REQUIRE(store.PutMany({{w2, county}}).ok());  // no previous: the old key stays
      CHECK(redis.Command({"GET", RedisStore::IdNumberKey(county, cipher.Hmac(idn))})->str == "W1");
      CHECK_FALSE(store.FindWorkerByIdNumber(idn)->has_value());
      CHECK((*store.FindWorkerByIdNumber(w2.id_number))->id == "W1");
    }
    SUBCASE("a move to another county moves the index key") {
      Record prev = w;
      REQUIRE(store.Put(w, "522701", &prev, county).ok());
      CHECK(redis.Command({"GET", RedisStore::IdNumberKey(county, cipher.Hmac(idn))})->is_nil());
      CHECK(redis.Command({"GET", RedisStore::IdNumberKey("522701", cipher.Hmac(idn))})->str ==
            "W1");
      CHECK_FALSE(store.FindWorkerByIdNumber(idn, county)->has_value());
      CHECK(store.FindWorkerByIdNumber(idn, "522701")->has_value());
    }
  }

  TEST_CASE("every write is one atomic step with one change entry, every key is hash-tagged") {
    RedisClient& redis = FreshRedis();
    PiiCipher cipher = TestCipher();
    RedisStore store(redis, cipher);
    const std::string a = "430523";
    const std::string b = "522701";
    const std::string idn = MakeIdNumber(a, "19850312", 123);

    long long len_a = 0;
    auto expect_one_more = [&](const Status& s) {
      REQUIRE_MESSAGE(s.ok(), s.message());
      CHECK(StreamLen(redis, a) == ++len_a);
    };
    expect_one_more(store.Put(MakeHousehold("H1", a), a));
    expect_one_more(store.Put(MakeHousehold("H1", a), a));  // unchanged rewrite: still one entry
    expect_one_more(store.Put(MakeWorker("W1", "H1", idn), a));
    expect_one_more(store.Put(MakeEmployer("E1", a), a));
    expect_one_more(store.Put(MakePosting("P1", "E1"), a));
    expect_one_more(store.Put(MakeTraining("T1", a), a));
    expect_one_more(store.Delete(MakeTraining("T1", a), a));

    auto last = redis.Command({"XREVRANGE", RedisStore::ChangesKey(a), "+", "-", "COUNT", "1"});
    REQUIRE(last.ok());
    REQUIRE(last->elements.size() == 1);
    const auto& fields = last->elements[0].elements[1].elements;
    REQUIRE(fields.size() == 6);
    CHECK(fields[0].str == "op");
    CHECK(fields[1].str == "delete");
    CHECK(fields[2].str == "kind");
    CHECK(fields[3].str == "trainings");
    CHECK(fields[4].str == "id");
    CHECK(fields[5].str == "T1");

    // A move: one entry on each county's stream, old keys gone in the same step.
    Record prev = MakeWorker("W1", "H1", idn);
    REQUIRE(store.Put(MakeWorker("W1", "H1", idn), b, &prev, a).ok());
    CHECK(StreamLen(redis, a) == len_a + 1);
    CHECK(StreamLen(redis, b) == 1);
    CHECK(redis.Command({"EXISTS", RedisStore::RecordKey(a, Kind::kWorker, "W1")})->integer == 0);
    CHECK(redis.Command({"SISMEMBER", RedisStore::KindSetKey(a, Kind::kWorker), "W1"})->integer ==
          0);
    CHECK(store.Get(Kind::kWorker, b, "W1").ok());
    auto moved = redis.Command({"XREVRANGE", RedisStore::ChangesKey(a), "+", "-", "COUNT", "1"});
    const auto& mf = moved->elements[0].elements[1].elements;
    REQUIRE(mf.size() == 8);
    CHECK(mf[1].str == "delete");
    CHECK(mf[6].str == "moved_to");
    CHECK(mf[7].str == b);

    // Every key: leye:counties, leye:audit, or leye:{6 digits}:...
    REQUIRE(store.AppendAudit({"u", "put", "workers", "W1", 0}).ok());
    const std::regex tagged(R"(leye:\{[0-9]{6}\}:.+)");
    auto keys = AllKeys(redis);
    CHECK(keys.size() > 8);
    for (const auto& k : keys) {
      CAPTURE(k);
      CHECK((k == RedisStore::kCountiesKey || k == RedisStore::kAuditKey ||
             std::regex_match(k, tagged)));
    }
    auto counties = redis.Command({"SMEMBERS", std::string(RedisStore::kCountiesKey)});
    CHECK(counties->elements.size() == 2);

    SUBCASE("a concurrent reader never sees half a write") {
      // Puts and deletes alternate; the reader's snapshot (one MULTI/EXEC of
      // reads) must see the record, its set member, its index key and the
      // stream length all agree. (Consistency only: the MONITOR test below is
      // what proves each write is a transaction.)
      REQUIRE(redis.Command({"FLUSHDB"}).ok());
      Worker w = MakeWorker("W9", "H1", idn);
      std::atomic<bool> done{false};
      std::atomic<int> snapshots{0};
      std::atomic<int> torn{0};
      std::thread reader([&] {
        while (!done) {
          auto t = redis.Transaction({{"EXISTS", RedisStore::RecordKey(a, Kind::kWorker, "W9")},
                                      {"SISMEMBER", RedisStore::KindSetKey(a, Kind::kWorker), "W9"},
                                      {"EXISTS", RedisStore::IdNumberKey(a, cipher.Hmac(idn))},
                                      {"XLEN", RedisStore::ChangesKey(a)}});
          if (!t.ok()) {
            ++torn;
            continue;
          }
          long long rec = t->elements[0].integer, mem = t->elements[1].integer,
                    ix = t->elements[2].integer, len = t->elements[3].integer;
          if (rec != mem || rec != ix || rec != len % 2) ++torn;
          ++snapshots;
        }
      });
      for (int i = 0; i < 300; ++i) {
        REQUIRE(store.Put(w, a).ok());
        REQUIRE(store.Delete(w, a).ok());
      }
      done = true;
      reader.join();
      CHECK(torn == 0);
      CHECK(snapshots > 10);
      CHECK(StreamLen(redis, a) == 600);
    }
  }

  TEST_CASE("MONITOR shows each store write as exactly one MULTI/EXEC holding all its commands") {
    // The snapshot reader above cannot tell a transaction from a plain
    // pipeline (Redis runs one client's buffered commands back to back), so
    // this reads what Redis executed.
    RedisClient& redis = FreshRedis();
    PiiCipher cipher = TestCipher();
    RedisStore store(redis, cipher);
    Monitor monitor(redis.options().endpoint);
    const std::string a = "430523";
    const std::string b = "522701";
    const std::string idn = MakeIdNumber(a, "19850312", 123);
    const std::string idn2 = MakeIdNumber(a, "19850312", 125);

    struct Trace {
      std::vector<std::string> outside;            // "CMD key" run outside MULTI/EXEC
      std::vector<std::vector<std::string>> txns;  // "CMD key" of each transaction
    };
    auto trace = [&] {
      Trace t;
      bool in = false;
      for (const auto& [cmd, key] : monitor.Drain(redis)) {
        if (cmd == "MULTI") {
          REQUIRE_FALSE(in);
          in = true;
          t.txns.emplace_back();
        } else if (cmd == "EXEC") {
          REQUIRE(in);
          in = false;
        } else {
          (in ? t.txns.back() : t.outside).push_back(cmd + " " + key);
        }
      }
      CHECK_FALSE(in);
      return t;
    };
    const std::vector<std::string> counties_only = {"SADD leye:counties"};
    auto rec = [](const std::string& c, Kind k, const std::string& id) {
      return RedisStore::RecordKey(c, k, id);
    };
    auto set = [](const std::string& c, Kind k) { return RedisStore::KindSetKey(c, k); };
    auto ix = [&](const std::string& c, const std::string& n) {
      return RedisStore::IdNumberKey(c, cipher.Hmac(n));
    };
    trace();  // FLUSHDB and set-up

    Worker w = MakeWorker("W1", "H1", idn);
    REQUIRE(store.Put(w, a).ok());
    Trace t = trace();
    CHECK(t.outside == counties_only);
    REQUIRE(t.txns.size() == 1);
    CHECK(t.txns[0] == std::vector<std::string>{
                           "SET " + rec(a, Kind::kWorker, "W1"), "SADD " + set(a, Kind::kWorker),
                           "SET " + ix(a, idn), "XADD " + RedisStore::ChangesKey(a)});

    Worker w2 = w;
    w2.id_number = idn2;
    Record prev = w;
    REQUIRE(store.Put(w2, a, &prev).ok());
    t = trace();
    CHECK(t.outside == counties_only);
    REQUIRE(t.txns.size() == 1);
    CHECK(t.txns[0] ==
          std::vector<std::string>{"DEL " + ix(a, idn), "SET " + rec(a, Kind::kWorker, "W1"),
                                   "SADD " + set(a, Kind::kWorker), "SET " + ix(a, idn2),
                                   "XADD " + RedisStore::ChangesKey(a)});

    prev = w2;
    REQUIRE(store.Put(w2, b, &prev, a).ok());
    t = trace();
    CHECK(t.outside == counties_only);
    REQUIRE(t.txns.size() == 1);
    CHECK(t.txns[0] == std::vector<std::string>{
                           "DEL " + rec(a, Kind::kWorker, "W1"), "SREM " + set(a, Kind::kWorker),
                           "DEL " + ix(a, idn2), "SET " + rec(b, Kind::kWorker, "W1"),
                           "SADD " + set(b, Kind::kWorker), "SET " + ix(b, idn2),
                           "XADD " + RedisStore::ChangesKey(b),
                           "XADD " + RedisStore::ChangesKey(a)});

    REQUIRE(store.Delete(w2, b).ok());
    t = trace();
    CHECK(t.outside.empty());
    REQUIRE(t.txns.size() == 1);
    CHECK(t.txns[0] == std::vector<std::string>{
                           "DEL " + rec(b, Kind::kWorker, "W1"), "SREM " + set(b, Kind::kWorker),
                           "DEL " + ix(b, idn2), "XADD " + RedisStore::ChangesKey(b)});

    REQUIRE(store
                .PutMany({{MakeHousehold("H1", a), a},
                          {MakeEmployer("E1", b), b},
                          {MakeTraining("T1", a), a}})
                .ok());
    t = trace();
    CHECK(t.outside == counties_only);
    REQUIRE(t.txns.size() == 3);
    CHECK(t.txns[1] == std::vector<std::string>{"SET " + rec(b, Kind::kEmployer, "E1"),
                                                "SADD " + set(b, Kind::kEmployer),
                                                "XADD " + RedisStore::ChangesKey(b)});
    for (const auto& txn : t.txns) CHECK(txn.size() == 3);
  }

  TEST_CASE("PutMany stores 10 000 records, LoadAll gives back exactly the register") {
    RedisClient& redis = FreshRedis();
    PiiCipher cipher = TestCipher();
    RedisStore store(redis, cipher);
    const std::vector<std::string> counties = {"430523", "522701", "620102"};
    std::vector<std::pair<Record, std::string>> items;
    // 1000 households, 7000 workers, 300 employers, 1200 postings, 500 trainings.
    for (int i = 0; i < 1000; ++i)
      items.emplace_back(MakeHousehold(Id("H", i), counties[i % 3]), counties[i % 3]);
    for (int i = 0; i < 7000; ++i) {
      int h = i % 1000;
      // Distinct ID numbers: birth year by thousand, sequence by the rest.
      Worker w = MakeWorker(
          Id("W", i), Id("H", h),
          MakeIdNumber(counties[h % 3], std::to_string(19600101 + (i / 1000) * 10000), i % 1000));
      w.location.lat += i * 1e-5;
      items.emplace_back(std::move(w), counties[h % 3]);
    }
    for (int i = 0; i < 300; ++i)
      items.emplace_back(MakeEmployer(Id("E", i), counties[i % 3]), counties[i % 3]);
    for (int i = 0; i < 1200; ++i) {
      int e = i % 300;
      Posting p = MakePosting(Id("P", i), Id("E", e));
      p.slots = 1 + i % 20;
      items.emplace_back(std::move(p), counties[e % 3]);
    }
    for (int i = 0; i < 500; ++i)
      items.emplace_back(MakeTraining(Id("T", i), counties[i % 3]), counties[i % 3]);
    REQUIRE(items.size() == 10000);
    std::shuffle(items.begin(), items.end(), std::mt19937(7));

    size_t stored = 0;
    auto t0 = Clock::now();
    Status s = store.PutMany(items, &stored);
    double secs = Seconds(Clock::now() - t0);
    REQUIRE_MESSAGE(s.ok(), s.message());
    CHECK(stored == items.size());
    MESSAGE("PutMany: " << items.size() << " records in " << secs
                        << " s = " << static_cast<long>(items.size() / secs) << " records/s");
    CHECK(secs < 10.0);

    long long members = 0, entries = 0;
    for (const auto& c : counties) {
      for (Kind k : kAllKinds)
        members += IntCommand(redis, {"SCARD", RedisStore::KindSetKey(c, k)});
      entries += StreamLen(redis, c);
    }
    CHECK(members == 10000);
    CHECK(entries == 10000);  // one change entry per record

    t0 = Clock::now();
    auto all = store.LoadAll();
    MESSAGE("LoadAll: 10000 records in " << Seconds(Clock::now() - t0) << " s");
    REQUIRE_MESSAGE(all.ok(), Why(all));
    REQUIRE(all->size() == items.size());
    // Kind-major order (referenced kinds first).
    CHECK(std::is_sorted(all->begin(), all->end(),
                         [](const Record& x, const Record& y) { return x.index() < y.index(); }));
    std::map<std::string, const Record*> want;
    for (const auto& [r, c] : items) want[KindKey(r)] = &r;
    REQUIRE(want.size() == items.size());
    size_t equal = 0;
    for (const auto& r : *all) {
      auto it = want.find(KindKey(r));
      REQUIRE(it != want.end());
      if (*it->second == r) ++equal;
    }
    CHECK(equal == items.size());

    SUBCASE("PutMany refuses a bad county before writing anything") {
      size_t n = 99;
      std::vector<std::pair<Record, std::string>> bad = {{MakeHousehold("X1", "430523"), "430523"},
                                                         {MakeHousehold("X2", "bad"), "bad"}};
      CHECK(store.PutMany(bad, &n).code() == StatusCode::kInvalidArgument);
      CHECK(n == 0);
      CHECK(store.Get(Kind::kHousehold, "430523", "X1").status().code() == StatusCode::kNotFound);
    }
    SUBCASE("a store with the wrong secret refuses to load") {
      PiiCipher other = TestCipher(kOtherSecret);
      RedisStore wrong(redis, other);
      auto r = wrong.LoadAll();
      REQUIRE_FALSE(r.ok());
      CHECK(r.status().code() == StatusCode::kInternal);
    }
  }

  TEST_CASE("tampered stored data is detected on load") {
    RedisClient& redis = FreshRedis();
    PiiCipher cipher = TestCipher();
    RedisStore store(redis, cipher);
    const std::string county = "430523";
    const std::string idn = MakeIdNumber(county, "19850312", 123);
    REQUIRE(store.Put(MakeWorker("W1", "H1", idn), county).ok());
    const std::string key = RedisStore::RecordKey(county, Kind::kWorker, "W1");
    std::string json = redis.Command({"GET", key})->str;
    auto decoded = DecodeRecord(Kind::kWorker, json);
    REQUIRE(decoded.ok());
    Worker w = std::get<Worker>(*decoded);

    SUBCASE("a flipped character of the sealed ID number") {
      std::string& s = w.id_number;
      s[10] = s[10] == 'A' ? 'B' : 'A';
    }
    SUBCASE("the ID number written in plain text") {
      w.id_number = idn;  // someone wrote the number in plain text
    }
    REQUIRE(
        redis.Command({"SET", key, EncodeRecord(Record(w), {IdVisibility::kFull, std::nullopt})})
            .ok());
    auto get = store.Get(Kind::kWorker, county, "W1");
    REQUIRE_FALSE(get.ok());
    CHECK(get.status().code() == StatusCode::kInternal);
    CHECK(get.status().message().find(idn) == std::string::npos);
    auto all = store.LoadAll();
    REQUIRE_FALSE(all.ok());
    CHECK(all.status().code() == StatusCode::kInternal);
    CHECK(all.status().message().find(key) != std::string::npos);
  }

  TEST_CASE("delete removes the record, its set member and its index key") {
    RedisClient& redis = FreshRedis();
    PiiCipher cipher = TestCipher();
    RedisStore store(redis, cipher);
    const std::string county = "430523";
    const std::string idn = MakeIdNumber(county, "19850312", 123);
    Worker w = MakeWorker("W1", "H1", idn);
    REQUIRE(store.Put(MakeHousehold("H1", county), county).ok());
    REQUIRE(store.Put(w, county).ok());
    REQUIRE(store.Put(MakeWorker("W2", "H1", MakeIdNumber(county, "19850312", 125)), county).ok());

    REQUIRE(store.Delete(w, county).ok());
    CHECK(store.Get(Kind::kWorker, county, "W1").status().code() == StatusCode::kNotFound);
    CHECK(IntCommand(redis, {"SISMEMBER", RedisStore::KindSetKey(county, Kind::kWorker), "W1"}) ==
          0);
    CHECK(IntCommand(redis, {"EXISTS", RedisStore::IdNumberKey(county, cipher.Hmac(idn))}) == 0);
    CHECK_FALSE(store.FindWorkerByIdNumber(idn)->has_value());
    auto all = store.LoadAll();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(IdOf((*all)[0]) == "H1");
    CHECK(IdOf((*all)[1]) == "W2");
    CHECK(StreamLen(redis, county) == 4);
    // Deleting again is harmless and still recorded.
    REQUIRE(store.Delete(w, county).ok());
    CHECK(StreamLen(redis, county) == 5);
  }

  TEST_CASE("audit entries come back newest last") {
    RedisClient& redis = FreshRedis();
    PiiCipher cipher = TestCipher();
    RedisStore store(redis, cipher);
    CHECK(store.ReadAudit(10)->empty());
    for (int i = 0; i < 5; ++i)
      REQUIRE(store.AppendAudit({Id("staff", i), "put", "workers", Id("W", i), 1700000000000 + i})
                  .ok());
    auto last3 = store.ReadAudit(3);
    REQUIRE(last3.ok());
    REQUIRE(last3->size() == 3);
    for (int i = 0; i < 3; ++i) {
      RedisStore::AuditEntry want{Id("staff", i + 2), "put", "workers", Id("W", i + 2),
                                  1700000000000 + i + 2};
      CHECK((*last3)[i] == want);
    }
    CHECK(store.ReadAudit(100)->size() == 5);
    CHECK(store.ReadAudit(0)->empty());
    // at_ms 0 means now.
    auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    REQUIRE(store.AppendAudit({"kiosk", "identify", "workers", "W9", 0}).ok());
    auto newest = store.ReadAudit(1);
    REQUIRE(newest->size() == 1);
    CHECK((*newest)[0].actor == "kiosk");
    CHECK((*newest)[0].at_ms >= before);
    CHECK((*newest)[0].at_ms < before + 60000);
  }

  TEST_CASE("Redis down: calls fail fast with Unavailable, the same client recovers") {
    FreshRedis();
    OwnRedis own;
    own.Start();
    RedisOptions o;
    o.endpoint.unix_path = own.socket();
    RedisClient client(o);
    PiiCipher cipher = TestCipher();
    RedisStore store(client, cipher);
    const std::string county = "430523";
    REQUIRE(store.Put(MakeHousehold("H1", county), county).ok());
    // Fill the pool with several idle connections.
    {
      std::vector<std::thread> ts;
      for (int i = 0; i < 4; ++i) ts.emplace_back([&] { CHECK(client.Ping().ok()); });
      for (auto& t : ts) t.join();
    }

    own.Stop();
    auto expect_unavailable_fast = [](const Status& s, const char* what) {
      CAPTURE(what);
      CHECK(s.code() == StatusCode::kUnavailable);
      CHECK(s.message().starts_with("redis"));
    };
    for (int round = 0; round < 3; ++round) {
      auto t0 = Clock::now();
      expect_unavailable_fast(client.Ping(), "ping");
      expect_unavailable_fast(store.Put(MakeHousehold("H2", county), county), "put");
      auto all = store.LoadAll();
      REQUIRE_FALSE(all.ok());
      expect_unavailable_fast(all.status(), "load");
      expect_unavailable_fast(store.Get(Kind::kHousehold, county, "H1").status(), "get");
      size_t n = 99;
      expect_unavailable_fast(store.PutMany({{MakeHousehold("H3", county), county}}, &n),
                              "put many");
      CHECK(n == 0);
      CHECK(Seconds(Clock::now() - t0) < 1.0);
    }

    own.Start();  // empty again: no persistence
    CHECK(client.Ping().ok());
    REQUIRE(store.Put(MakeHousehold("H1", county), county).ok());
    CHECK(store.Get(Kind::kHousehold, county, "H1").ok());

    SUBCASE("a restart while idle costs no failed call") {
      std::vector<std::thread> ts;
      for (int i = 0; i < 4; ++i) ts.emplace_back([&] { CHECK(client.Ping().ok()); });
      for (auto& t : ts) t.join();
      own.Stop();
      own.Start();
      for (int i = 0; i < 6; ++i) CHECK(client.Ping().ok());
    }
  }

  TEST_CASE("a Redis that refuses writes (OOM) gives Unavailable, not Internal") {
    FreshRedis();
    OwnRedis own;
    own.Start();
    RedisOptions o;
    o.endpoint.unix_path = own.socket();
    RedisClient client(o);
    PiiCipher cipher = TestCipher();
    RedisStore store(client, cipher);
    const std::string county = "430523";
    REQUIRE(store.Put(MakeHousehold("H1", county), county).ok());
    REQUIRE(client.Command({"CONFIG", "SET", "maxmemory", "1"}).ok());
    Status put = store.Put(MakeHousehold("H2", county), county);
    CHECK(put.code() == StatusCode::kUnavailable);
    CHECK(put.message().find("OOM") != std::string::npos);
    CHECK(store.PutMany({{MakeHousehold("H3", county), county}}).code() ==
          StatusCode::kUnavailable);
    CHECK(client.Command({"SET", "x", "y"}).status().code() == StatusCode::kUnavailable);
    CHECK(store.Get(Kind::kHousehold, county, "H1").ok());  // reads still work
    REQUIRE(client.Command({"CONFIG", "SET", "maxmemory", "0"}).ok());
    CHECK(store.Put(MakeHousehold("H2", county), county).ok());
  }

  TEST_CASE("a peer that closes mid-write gives Unavailable, not a SIGPIPE death") {
    // Redis drops a client whose bulk argument exceeds proto-max-bulk-len as
    // soon as it reads the length, while the client is still writing: the next
    // write(2) raises SIGPIPE, whose default action would end this process.
    FreshRedis();
    OwnRedis own;
    own.Start({"--proto-max-bulk-len", "1mb"});
    RedisOptions o;
    o.endpoint.unix_path = own.socket();
    RedisClient client(o);
    REQUIRE(client.Ping().ok());
    const std::string huge(32 << 20, 'x');
    for (int i = 0; i < 3; ++i) {
      auto r = client.Command({"SET", "k", huge});
      REQUIRE_FALSE(r.ok());
      CHECK(r.status().code() == StatusCode::kUnavailable);
    }
    CHECK(client.Ping().ok());  // still alive, and the client reconnected
  }

  TEST_CASE("a Redis that stops answering times out instead of hanging") {
    FreshRedis();
    OwnRedis own;
    own.Start();
    RedisOptions o;
    o.endpoint.unix_path = own.socket();
    o.command_timeout = std::chrono::milliseconds(300);
    RedisClient client(o);
    REQUIRE(client.Ping().ok());

    REQUIRE(kill(own.pid(), SIGSTOP) == 0);
    auto t0 = Clock::now();
    Status s = client.Ping();
    double secs = Seconds(Clock::now() - t0);
    CHECK(s.code() == StatusCode::kUnavailable);
    CHECK(secs >= 0.25);
    CHECK(secs < 1.0);
    REQUIRE(kill(own.pid(), SIGCONT) == 0);
    CHECK(client.Ping().ok());
    auto v = client.Command({"ECHO", "still in step"});
    REQUIRE(v.ok());
    CHECK(v->str == "still in step");  // not the late PONG of the timed-out call
  }

}  // TEST_SUITE

}  // namespace leye
