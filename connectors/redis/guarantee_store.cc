#include "connectors/redis/guarantee_store.h"

#include <algorithm>

#include "connectors/redis/redis_store.h"

namespace leye {

Status GuaranteeStore::ApplyChanges(const std::vector<HouseholdChangeRecord>& changes) {
  if (changes.empty()) return Status::Ok();
  // Pipelined, one MULTI/EXEC per household (a sweep may change thousands).
  std::vector<std::vector<std::string>> cmds;
  for (const auto& c : changes) {
    cmds.push_back({"MULTI"});
    cmds.push_back({"HSET", RedisStore::CountyKey(c.county, "hh-status"), c.household, c.status});
    if (!c.event_json.empty())
      cmds.push_back({"RPUSH", RedisStore::CountyKey(c.county, "hh-events:" + c.household), c.event_json});
    if (!c.alert_id.empty())
      cmds.push_back({"HSET", RedisStore::CountyKey(c.county, "alerts"), c.alert_id, c.alert_json});
    cmds.push_back({"EXEC"});
    cmds.push_back({"SADD", "leye:guarantee-counties", c.county});
  }
  auto r = client_.Pipeline(cmds);
  if (!r.ok()) return r.status();
  for (const auto& v : *r)
    if (v.type == RedisValue::Type::kError) return Status::Internal("redis: " + v.str);
  return Status::Ok();
}

Status GuaranteeStore::SaveAlert(const std::string& county, const std::string& id, const std::string& json) {
  auto r = client_.Command({"HSET", RedisStore::CountyKey(county, "alerts"), id, json});
  return r.ok() ? Status::Ok() : r.status();
}

Status GuaranteeStore::SaveSnapshots(
    const std::vector<std::tuple<std::string, std::string, std::string, std::string>>& rows) {
  std::vector<std::vector<std::string>> cmds;
  for (const auto& [county, site, date, json] : rows) {
    cmds.push_back({"HSET", RedisStore::CountyKey(county, "site-history:" + site), date, json});
    cmds.push_back({"SADD", "leye:guarantee-counties", county});
  }
  if (cmds.empty()) return Status::Ok();
  auto r = client_.Pipeline(cmds);
  if (!r.ok()) return r.status();
  for (const auto& v : *r)
    if (v.type == RedisValue::Type::kError) return Status::Internal("redis: " + v.str);
  return Status::Ok();
}

Result<std::vector<std::pair<std::string, std::string>>> GuaranteeStore::History(const std::string& county,
                                                                                 const std::string& site) {
  auto r = client_.Command({"HGETALL", RedisStore::CountyKey(county, "site-history:" + site)});
  if (!r.ok()) return r.status();
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i + 1 < r->elements.size(); i += 2) out.emplace_back(r->elements[i].str, r->elements[i + 1].str);
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<std::string>> GuaranteeStore::Events(const std::string& county, const std::string& household) {
  auto r = client_.Command({"LRANGE", RedisStore::CountyKey(county, "hh-events:" + household), "0", "-1"});
  if (!r.ok()) return r.status();
  std::vector<std::string> out;
  for (const auto& e : r->elements) out.push_back(e.str);
  return out;
}

Result<GuaranteeStoreContents> GuaranteeStore::LoadAll() {
  GuaranteeStoreContents out;
  auto counties = client_.Command({"SMEMBERS", "leye:guarantee-counties"});
  if (!counties.ok()) return counties.status();
  for (const auto& c : counties->elements) {
    auto st = client_.Command({"HGETALL", RedisStore::CountyKey(c.str, "hh-status")});
    if (!st.ok()) return st.status();
    for (size_t i = 0; i + 1 < st->elements.size(); i += 2) out.statuses[st->elements[i].str] = st->elements[i + 1].str;
    auto al = client_.Command({"HGETALL", RedisStore::CountyKey(c.str, "alerts")});
    if (!al.ok()) return al.status();
    for (size_t i = 0; i + 1 < al->elements.size(); i += 2)
      out.alerts[al->elements[i].str] = {c.str, al->elements[i + 1].str};
  }
  return out;
}

}  // namespace leye
