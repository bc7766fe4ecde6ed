// The "311" service (issue 5): each willing worker's package of up to three
// job offers, one training course and guidance; the ledger of what was
// delivered; course enrolments (seats never overfilled) whose completion
// adds the course's skills to the worker, so the next match uses them.
//
// Thread safety: all public calls may run concurrently.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "connectors/http/match_service.h"
#include "connectors/http/placement_service.h"
#include "connectors/http/register_service.h"
#include "connectors/redis/training_store.h"
#include "matcher/training_plan.h"

namespace leye::http {

class WorkerServices {
 public:
  WorkerServices(RegisterService& reg, PlacementService& placements, MatchService& match, PolicyConfig policy);

  // GET /v1/workers/{id}/services?date=
  Result<std::string> Package(const std::string& worker, std::optional<Date> date, const Principal& who);
  // POST /v1/workers/{id}/services/delivered {"guidance"|"offers"|"training": "YYYY-MM-DD"}
  Result<std::string> Delivered(const std::string& worker, std::string_view body, const Principal& who);
  // POST /v1/trainings/{id}/enrolments {"worker"}
  Result<std::string> Enrol(const std::string& training, std::string_view body, const Principal& who);
  // POST /v1/enrolments/{id}/complete | drop
  Result<std::string> Close(const std::string& enrolment, bool completed, const Principal& who);
  Result<std::string> GetEnrolment(const std::string& enrolment, const Principal& who);
  // POST /v1/training-plans {"region","date"}: course seats for the workers
  // whose training lets the most households get their first steady job.
  Result<std::string> Plan(std::string_view body, const Principal& who);
  // POST /v1/workers/lookup {"id_number"}: a kiosk identifies the worker by
  // the ID card (in the body, so the number never sits in a URL or a log).
  Result<std::string> Lookup(std::string_view body, const Principal& who);

  // worker -> which of guidance / offers / training were ever delivered
  // (for the sites' 311 counts).
  std::map<std::string, std::array<bool, 3>> DeliveredSnapshot();

 private:
  struct Enrolment {
    std::string id, training, worker, status, enrolled_on, closed_on, county, training_county;
  };
  Status EnsureLoaded();
  std::string EnrolmentJson(const Enrolment& e) const;
  std::string WorkerCounty(const std::string& worker) const;
  std::vector<ActiveEnrolment> OpenEnrolments();

  RegisterService& reg_;
  PlacementService& placements_;
  MatchService& match_;
  PolicyConfig policy_;
  TrainingStore store_;
  std::mutex mu_;
  bool loaded_ = false;
  std::map<std::string, Enrolment> enrolments_;
  std::map<std::string, std::array<bool, 3>> delivered_;
};

}  // namespace leye::http
