// Placements (issue 4, item 1): created by accepting a proposal or recorded
// for work found otherwise, ended with a date and a reason; history is kept,
// never overwritten. One worker holds at most one active placement and a
// posting never holds more than its slots: checked in memory for a clear
// answer, and again atomically in Redis (PlacementStore's script), which is
// what makes parallel accepts safe.
//
// Thread safety: all public calls may run concurrently; writes are
// serialised by write_mu_.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/http/register_service.h"
#include "connectors/redis/placement_store.h"
#include "matcher/placement_book.h"

namespace leye::http {

class PlacementService {
 public:
  explicit PlacementService(RegisterService& reg);

  // Called after a placement is created or ended, with the worker's household.
  void OnHouseholdsChanged(RegisterService::HouseholdsChanged fn) { households_changed_ = std::move(fn); }

  Status EnsureLoaded();
  std::vector<Placement> Snapshot() const;
  std::vector<Placement> OfWorkers(const std::vector<std::string>& workers) const;

  // Stores a new placement (its id is assigned here) with the proposal
  // updates that go with it. Conflict when the worker already works or the
  // posting is full or closed.
  Result<Placement> Create(Placement p, const std::vector<StoredProposalUpdate>& proposal_updates);

  // POST /v1/placements: work found otherwise.
  Result<std::string> Record(std::string_view body, const Principal& who);
  // POST /v1/placements/{id}/end {"end_date","end_reason"}.
  Result<std::string> End(const std::string& id, std::string_view body, const Principal& who);
  Result<std::string> Get(const std::string& id, const Principal& who);
  // ?worker= or ?posting= (one of them), history oldest first.
  Result<std::string> List(const std::string& worker, const std::string& posting, const Principal& who);

 private:
  std::string WorkerCounty(const std::string& worker) const;
  void Notify(const std::string& worker) const;
  std::string PostingCounty(const std::string& posting) const;

  RegisterService& reg_;
  PlacementStore store_;
  mutable std::mutex mu_;  // book_ and loaded_
  PlacementBook book_;
  bool loaded_ = false;
  std::mutex write_mu_;
  RegisterService::HouseholdsChanged households_changed_;
};

}  // namespace leye::http
