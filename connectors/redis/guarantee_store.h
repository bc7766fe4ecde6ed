// Guarantee tracking's state in Redis (issue 4): the last known status of
// each household, its status-change events, the alerts, and the daily
// per-site snapshots. C is the household's county (hash tag):
//   leye:{C}:hh-status            hash    household -> status (as last checked)
//   leye:{C}:hh-events:<hh>       list    status-change events (JSON), oldest first
//   leye:{C}:alerts               hash    alert id -> alert JSON
//   leye:{C}:site-history:<site>  hash    YYYY-MM-DD -> site summary JSON
//   leye:guarantee-counties       set     counties with any of the above
// One household's change (status, event, alert) is one MULTI/EXEC, so an
// alert never exists without the status change that raised it.
#pragma once

#include <map>
#include <tuple>
#include <optional>
#include <string>
#include <vector>

#include "connectors/redis/redis_client.h"
#include "matcher/status.h"

namespace leye {

struct HouseholdChangeRecord {
  std::string county, household, status;  // the new status
  std::string event_json;                  // appended to the household's events
  std::string alert_id, alert_json;        // "" = no alert
};

struct GuaranteeStoreContents {
  std::map<std::string, std::string> statuses;               // household -> status
  std::map<std::string, std::pair<std::string, std::string>> alerts;  // id -> (county, json)
};

class GuaranteeStore {
 public:
  explicit GuaranteeStore(RedisClient& client) : client_(client) {}
  Status ApplyChanges(const std::vector<HouseholdChangeRecord>& changes);
  Status SaveAlert(const std::string& county, const std::string& id, const std::string& json);
  // (county, site, date, json) rows.
  Status SaveSnapshots(const std::vector<std::tuple<std::string, std::string, std::string, std::string>>& rows);
  Result<std::vector<std::pair<std::string, std::string>>> History(const std::string& county, const std::string& site);
  Result<std::vector<std::string>> Events(const std::string& county, const std::string& household);
  Result<GuaranteeStoreContents> LoadAll();

 private:
  RedisClient& client_;
};

}  // namespace leye
