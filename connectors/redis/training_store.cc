#include "connectors/redis/training_store.h"

#include <algorithm>

#include "connectors/redis/redis_store.h"

namespace leye {
namespace {

// KEYS: 1 seats set, 2 course-of key, 3 enrolment key, 4 enrolments set, 5 counties set
// ARGV: 1 seats, 2 id, 3 json, 4 county
constexpr const char* kEnrolScript = R"LUA(
if redis.call('EXISTS', KEYS[2]) == 1 then return redis.error_reply('worker_enrolled') end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[1]) then return redis.error_reply('course_full') end
redis.call('SADD', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('SADD', KEYS[4], ARGV[2])
redis.call('SADD', KEYS[5], ARGV[4])
return 'OK'
)LUA";

std::string EnrolmentKey(const StoredEnrolment& e) { return RedisStore::CountyKey(e.county, "enrolment:" + e.id); }

}  // namespace

Result<int64_t> TrainingStore::NextEnrolmentNumber() {
  auto r = client_.Command({"INCR", "leye:enrolment-seq"});
  if (!r.ok()) return r.status();
  return r->integer;
}

Status TrainingStore::Enrol(const StoredEnrolment& e, int32_t seats) {
  auto r = client_.Command({"EVAL", kEnrolScript, "5",
                            RedisStore::CountyKey(e.training_county, "seats:" + e.training),
                            RedisStore::CountyKey(e.county, "course-of:" + e.worker), EnrolmentKey(e),
                            RedisStore::CountyKey(e.county, "enrolments"), "leye:enrolment-counties",
                            std::to_string(seats), e.id, e.json, e.county});
  if (!r.ok()) {
    const std::string& m = r.status().message();
    if (m.find("worker_enrolled") != std::string::npos)
      return Status::Conflict("the worker is already enrolled in a course; complete or drop it first");
    if (m.find("course_full") != std::string::npos) return Status::Conflict("the course has no free seat left");
    return r.status();
  }
  return Status::Ok();
}

Status TrainingStore::Close(const StoredEnrolment& e) {
  auto r = client_.Transaction({{"SET", EnrolmentKey(e), e.json},
                                {"SREM", RedisStore::CountyKey(e.training_county, "seats:" + e.training), e.id},
                                {"DEL", RedisStore::CountyKey(e.county, "course-of:" + e.worker)}});
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::vector<StoredEnrolment>> TrainingStore::LoadAll() {
  std::vector<StoredEnrolment> out;
  auto counties = client_.Command({"SMEMBERS", "leye:enrolment-counties"});
  if (!counties.ok()) return counties.status();
  for (const auto& c : counties->elements) {
    auto ids = client_.Command({"SMEMBERS", RedisStore::CountyKey(c.str, "enrolments")});
    if (!ids.ok()) return ids.status();
    for (const auto& id : ids->elements) {
      auto v = client_.Command({"GET", RedisStore::CountyKey(c.str, "enrolment:" + id.str)});
      if (!v.ok()) return v.status();
      if (v->type != RedisValue::Type::kString) continue;
      out.push_back({id.str, c.str, "", "", "", v->str});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

Status TrainingStore::SetDelivered(const std::string& county, const std::string& worker,
                                   const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<std::string> cmd{"HSET", RedisStore::CountyKey(county, "delivered:" + worker)};
  for (const auto& [k, v] : fields) {
    cmd.push_back(k);
    cmd.push_back(v);
  }
  auto r = client_.Transaction({cmd, {"SADD", RedisStore::CountyKey(county, "delivered-workers"), worker},
                                 {"SADD", "leye:enrolment-counties", county}});
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::map<std::string, std::map<std::string, std::string>>> TrainingStore::AllDelivered() {
  std::map<std::string, std::map<std::string, std::string>> out;
  auto counties = client_.Command({"SMEMBERS", "leye:enrolment-counties"});
  if (!counties.ok()) return counties.status();
  for (const auto& c : counties->elements) {
    auto workers = client_.Command({"SMEMBERS", RedisStore::CountyKey(c.str, "delivered-workers")});
    if (!workers.ok()) return workers.status();
    for (const auto& w : workers->elements) {
      auto d = Delivered(c.str, w.str);
      if (!d.ok()) return d.status();
      out[w.str] = std::move(d).value();
    }
  }
  return out;
}

Result<std::map<std::string, std::string>> TrainingStore::Delivered(const std::string& county,
                                                                    const std::string& worker) {
  auto r = client_.Command({"HGETALL", RedisStore::CountyKey(county, "delivered:" + worker)});
  if (!r.ok()) return r.status();
  std::map<std::string, std::string> out;
  for (size_t i = 0; i + 1 < r->elements.size(); i += 2) out[r->elements[i].str] = r->elements[i + 1].str;
  return out;
}

}  // namespace leye
