#include "connectors/redis/placement_store.h"

#include <algorithm>

#include "connectors/json/codec.h"
#include "connectors/redis/redis_store.h"

namespace leye {
namespace {

// KEYS: 1 jobs zset, 2 holders zset (or the jobs key again when no posting),
//       3 placement key, 4 placements set, 5 changes stream, 6 counties set,
//       7.. proposal hashes (one per update)
// ARGV: 1 today (day number), 2 slots (-1: no posting), 3 placement id,
//       4 json, 5 end score, 6 county, 7.. pairs (proposal id, json)
constexpr const char* kCreateScript = R"LUA(
local today = ARGV[1]
if redis.call('ZCOUNT', KEYS[1], '(' .. today, '+inf') > 0 then
  return redis.error_reply('worker_placed')
end
local slots = tonumber(ARGV[2])
if slots >= 0 and redis.call('ZCOUNT', KEYS[2], '(' .. today, '+inf') >= slots then
  return redis.error_reply('posting_full')
end
redis.call('ZADD', KEYS[1], ARGV[5], ARGV[3])
if slots >= 0 then redis.call('ZADD', KEYS[2], ARGV[5], ARGV[3]) end
redis.call('SET', KEYS[3], ARGV[4])
redis.call('SADD', KEYS[4], ARGV[3])
redis.call('XADD', KEYS[5], 'MAXLEN', '~', '1000000', '*', 'op', 'put', 'kind', 'placements', 'id', ARGV[3])
redis.call('SADD', KEYS[6], ARGV[6])
for i = 7, #KEYS do
  redis.call('HSET', KEYS[i], ARGV[2 * (i - 7) + 7], ARGV[2 * (i - 7) + 8])
end
return 'OK'
)LUA";

// An expected end passed without a record keeps the placement active
// (ARCHITECTURE: at risk, not silently ended): only a recorded end_date frees
// the slot and the worker.
std::string EndScore(const Placement& p) {
  return p.end_date ? std::to_string(p.end_date->days) : "+inf";
}

}  // namespace

Result<int64_t> PlacementStore::NextPlacementNumber() {
  auto r = client_.Command({"INCR", "leye:placement-seq"});
  if (!r.ok()) return r.status();
  return r->integer;
}

Status PlacementStore::Create(const Placement& p, const std::string& worker_county,
                              const std::string& posting_county, int32_t slots, Date today,
                              const std::vector<StoredProposalUpdate>& proposal_updates) {
  const std::string jobs = RedisStore::CountyKey(worker_county, "jobs:" + p.worker);
  const std::string holders =
      p.posting ? RedisStore::CountyKey(posting_county, "holders:" + *p.posting) : jobs;
  std::vector<std::string> argv{"EVAL", kCreateScript, std::to_string(6 + proposal_updates.size()), jobs, holders,
                                RedisStore::CountyKey(worker_county, "placement:" + p.id),
                                RedisStore::CountyKey(worker_county, "placements"),
                                RedisStore::ChangesKey(worker_county), "leye:placement-counties"};
  for (const auto& u : proposal_updates) argv.push_back(RedisStore::CountyKey(u.region, "run:" + u.run + ":proposals"));
  argv.push_back(std::to_string(today.days));
  argv.push_back(std::to_string(p.posting ? slots : -1));
  argv.push_back(p.id);
  argv.push_back(EncodePlacement(p));
  argv.push_back(EndScore(p));
  argv.push_back(worker_county);
  for (const auto& u : proposal_updates) {
    argv.push_back(u.id);
    argv.push_back(u.json);
  }
  auto r = client_.Command(argv);
  if (!r.ok()) {
    const std::string& m = r.status().message();
    if (m.find("worker_placed") != std::string::npos)
      return Status::Conflict("the worker already holds an active placement; end it first");
    if (m.find("posting_full") != std::string::npos)
      return Status::Conflict("the posting has no free slot left");
    return r.status();
  }
  return Status::Ok();
}

Status PlacementStore::Update(const Placement& p, const std::string& worker_county,
                              const std::string& posting_county) {
  std::vector<std::vector<std::string>> cmds{
      {"SET", RedisStore::CountyKey(worker_county, "placement:" + p.id), EncodePlacement(p)},
      {"ZADD", RedisStore::CountyKey(worker_county, "jobs:" + p.worker), EndScore(p), p.id},
      {"XADD", RedisStore::ChangesKey(worker_county), "MAXLEN", "~", "1000000", "*", "op", "put", "kind",
       "placements", "id", p.id}};
  if (p.posting)
    cmds.push_back({"ZADD", RedisStore::CountyKey(posting_county, "holders:" + *p.posting), EndScore(p), p.id});
  auto r = client_.Transaction(cmds);
  return r.ok() ? Status::Ok() : r.status();
}

Result<std::vector<Placement>> PlacementStore::LoadAll() {
  std::vector<Placement> out;
  auto counties = client_.Command({"SMEMBERS", "leye:placement-counties"});
  if (!counties.ok()) return counties.status();
  for (const auto& c : counties->elements) {
    auto ids = client_.Command({"SMEMBERS", RedisStore::CountyKey(c.str, "placements")});
    if (!ids.ok()) return ids.status();
    std::vector<std::vector<std::string>> gets;
    for (const auto& id : ids->elements) gets.push_back({"GET", RedisStore::CountyKey(c.str, "placement:" + id.str)});
    auto values = client_.Pipeline(gets);
    if (!values.ok()) return values.status();
    for (const auto& v : *values) {
      if (v.type != RedisValue::Type::kString) continue;
      auto p = DecodePlacement(v.str);
      if (!p.ok()) return Status::Internal("a stored placement does not decode");
      out.push_back(std::move(p).value());
    }
  }
  std::sort(out.begin(), out.end(), [](const Placement& a, const Placement& b) { return a.id < b.id; });
  return out;
}

}  // namespace leye
