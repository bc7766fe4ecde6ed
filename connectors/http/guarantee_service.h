// Guarantee tracking as a service (issue 4, items 2-7): the status of every
// household and relocation site for a date (computed by the pure core,
// matcher/guarantee.h, from the register and the placements), the alerts
// raised when a household leaves "covered" or a new eligible household is
// uncovered, the daily sweep that finds time-driven changes and stores each
// site's counts for that day, the household timeline and the CSV export.
//
// Status changes are detected two ways: at once after a write that may move
// a household (a placement created or ended, a household or worker changed:
// CheckHouseholds), and by the sweep for time (contracts nearing their end).
// Both compare with the last stored status, so running the sweep twice for
// one date changes nothing.
//
// Thread safety: all public calls may run concurrently (mu_ guards the
// cached statuses and alerts; check_mu_ serialises checks and sweeps).
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "connectors/http/match_service.h"
#include "connectors/http/placement_service.h"
#include "connectors/http/register_service.h"
#include "connectors/redis/guarantee_store.h"
#include "matcher/guarantee.h"

namespace leye::http {

struct HouseholdQuery {
  std::string site, status, region, cursor;
  size_t limit = 100;
};

class GuaranteeService {
 public:
  GuaranteeService(RegisterService& reg, PlacementService& placements, MatchService& match, PolicyConfig policy,
                   int follow_up_days, int sweep_interval_s);
  ~GuaranteeService();

  // Starts the daily sweep thread (checks every sweep_interval_s whether
  // today's sweep ran; 0 = never).
  void Start();
  void Stop();

  Result<std::string> Sites(const std::string& region, std::optional<Date> date, const Principal& who);
  Result<std::string> Site(const std::string& site, std::optional<Date> date, const Principal& who);
  Result<std::string> Households(const HouseholdQuery& q, std::optional<Date> date, const Principal& who);
  Result<std::string> Timeline(const std::string& household, const Principal& who);
  // {"date","households","changes","alerts","snapshots"}
  Result<std::string> Sweep(std::optional<Date> date, const Principal& who);
  Result<std::string> Alerts(const std::string& site, const std::string& state, const Principal& who);
  Result<std::string> Ack(const std::string& id, std::string_view body, const Principal& who);
  Result<std::string> History(const std::string& site, std::optional<Date> from, std::optional<Date> to,
                              const Principal& who);
  Result<std::string> ExportCsv(const std::string& site, std::optional<Date> date, const Principal& who);

  // Supplies worker -> {guidance, offers, training} delivered, for the
  // sites' "311" counts (set once at start).
  using DeliveredProvider = std::function<std::map<std::string, std::array<bool, 3>>()>;
  void SetDeliveredProvider(DeliveredProvider p) { delivered_ = std::move(p); }

  // Recomputes these households for today and records any change.
  void CheckHouseholds(const std::vector<std::string>& households);

 private:
  struct Alert {
    std::string id, county, household, site, json, state;
  };
  Status EnsureLoaded();
  // The report over the households passing `keep` (all when null).
  GuaranteeReport Compute(Date d, const std::function<bool(const Household&)>& keep);
  // Compares `report` with the stored statuses; records changes, events and
  // alerts. Returns (changes, alerts).
  Result<std::pair<int64_t, int64_t>> Record(const GuaranteeReport& report, Date d);
  Result<std::string> SweepImpl(Date d, const std::string& region_prefix);
  std::string SiteJson(const SiteSummary& s) const;
  // (region, site) -> workers with guidance, offers, training delivered.
  using ServiceCounts = std::map<std::pair<std::string, std::string>, std::array<int64_t, 3>>;
  ServiceCounts CountServices(const GuaranteeReport& report);
  std::string SiteJson(const SiteSummary& s, const ServiceCounts& counts) const;
  DeliveredProvider delivered_;

  RegisterService& reg_;
  PlacementService& placements_;
  MatchService& match_;
  PolicyConfig policy_;
  int follow_up_days_;
  int sweep_interval_s_;
  GuaranteeStore store_;

  std::mutex check_mu_;
  mutable std::mutex mu_;
  bool loaded_ = false;
  std::map<std::string, std::string> statuses_;  // household -> status as last recorded
  std::map<std::string, Alert> alerts_;           // by id
  std::optional<Date> last_sweep_;

  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread sweeper_;
};

}  // namespace leye::http
