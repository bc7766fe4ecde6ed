#include "connectors/redis/match_store.h"

#include <algorithm>

#include "connectors/redis/redis_store.h"

namespace leye {
namespace {

std::string RunKey(const std::string& region, const std::string& id) {
  return RedisStore::CountyKey(region, "run:" + id);
}
std::string ProposalsKey(const std::string& region, const std::string& id) {
  return RedisStore::CountyKey(region, "run:" + id + ":proposals");
}

}  // namespace

Result<int64_t> MatchStore::NextRunNumber() {
  auto r = client_.Command({"INCR", "leye:match-run-seq"});
  if (!r.ok()) return r.status();
  return r->integer;
}

Status MatchStore::SaveRunDoc(const StoredRunDoc& run) {
  auto r = client_.Transaction({{"SET", RunKey(run.region, run.id), run.json},
                                {"ZADD", "leye:match-runs", std::to_string(run.number), run.region + "|" + run.id}});
  return r.ok() ? Status::Ok() : r.status();
}

Status MatchStore::SaveFinishedRun(const StoredRunDoc& run,
                                   const std::vector<std::pair<std::string, std::string>>& proposals,
                                   const std::vector<StoredProposalUpdate>& superseded) {
  std::vector<std::vector<std::string>> cmds;
  cmds.push_back({"SET", RunKey(run.region, run.id), run.json});
  cmds.push_back({"ZADD", "leye:match-runs", std::to_string(run.number), run.region + "|" + run.id});
  // HSET in chunks: one huge argv is fine for Redis but costly to build twice.
  constexpr size_t kChunk = 1000;
  for (size_t i = 0; i < proposals.size(); i += kChunk) {
    std::vector<std::string> hset{"HSET", ProposalsKey(run.region, run.id)};
    for (size_t j = i; j < std::min(proposals.size(), i + kChunk); ++j) {
      hset.push_back(proposals[j].first);
      hset.push_back(proposals[j].second);
    }
    cmds.push_back(std::move(hset));
  }
  for (const auto& u : superseded) cmds.push_back({"HSET", ProposalsKey(u.region, u.run), u.id, u.json});
  auto r = client_.Transaction(cmds);
  return r.ok() ? Status::Ok() : r.status();
}

Status MatchStore::UpdateProposal(const StoredProposalUpdate& update, const Decline* decline,
                                  const std::string& worker_county) {
  std::vector<std::vector<std::string>> cmds{{"HSET", ProposalsKey(update.region, update.run), update.id, update.json}};
  if (decline)
    cmds.push_back({"SADD", RedisStore::CountyKey(worker_county, "declines"), decline->worker + "|" + decline->posting});
  if (decline) cmds.push_back({"SADD", "leye:decline-counties", worker_county});
  auto r = client_.Transaction(cmds);
  return r.ok() ? Status::Ok() : r.status();
}

Result<MatchStoreContents> MatchStore::LoadAll() {
  MatchStoreContents out;
  auto runs = client_.Command({"ZRANGE", "leye:match-runs", "0", "-1", "WITHSCORES"});
  if (!runs.ok()) return runs.status();
  for (size_t i = 0; i + 1 < runs->elements.size(); i += 2) {
    const std::string& member = runs->elements[i].str;
    const auto bar = member.find('|');
    if (bar == std::string::npos) continue;
    StoredRunDoc doc;
    doc.region = member.substr(0, bar);
    doc.id = member.substr(bar + 1);
    doc.number = std::stoll(runs->elements[i + 1].str);
    auto json = client_.Command({"GET", RunKey(doc.region, doc.id)});
    if (!json.ok()) return json.status();
    if (json->type != RedisValue::Type::kString) continue;
    doc.json = json->str;
    auto props = client_.Command({"HGETALL", ProposalsKey(doc.region, doc.id)});
    if (!props.ok()) return props.status();
    std::vector<std::pair<std::string, std::string>> list;
    for (size_t j = 0; j + 1 < props->elements.size(); j += 2)
      list.emplace_back(props->elements[j].str, props->elements[j + 1].str);
    std::sort(list.begin(), list.end());
    out.runs.push_back(std::move(doc));
    out.proposals.push_back(std::move(list));
  }
  auto counties = client_.Command({"SMEMBERS", "leye:decline-counties"});
  if (!counties.ok()) return counties.status();
  for (const auto& c : counties->elements) {
    auto pairs = client_.Command({"SMEMBERS", RedisStore::CountyKey(c.str, "declines")});
    if (!pairs.ok()) return pairs.status();
    for (const auto& p : pairs->elements) {
      const auto bar = p.str.find('|');
      if (bar != std::string::npos) out.declines.push_back({p.str.substr(0, bar), p.str.substr(bar + 1)});
    }
  }
  return out;
}

}  // namespace leye
