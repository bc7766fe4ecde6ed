// Training enrolments and the "311" delivery ledger in Redis (issue 5).
// C: the worker's county; T: the course's county (hash tags).
//   leye:{C}:enrolment:<id>        string  the enrolment's JSON
//   leye:{C}:enrolments            set     enrolment ids
//   leye:{C}:course-of:<worker>    string  the worker's open enrolment id
//   leye:{T}:seats:<training>      set     open enrolment ids (one per seat)
//   leye:{C}:delivered:<worker>    hash    guidance|offers|training -> date
//   leye:{C}:delivered-workers     set     workers with a delivered hash
//   leye:enrolment-counties        set     counties with enrolments
// Enrolling is one Lua script: the seat count and the worker's one course
// are checked and taken together, so parallel enrolments never overfill.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "connectors/redis/redis_client.h"
#include "matcher/status.h"

namespace leye {

struct StoredEnrolment {
  std::string id, county, training_county, training, worker, json;
};

class TrainingStore {
 public:
  explicit TrainingStore(RedisClient& client) : client_(client) {}
  Result<int64_t> NextEnrolmentNumber();
  // Conflict("course_full" / "worker_enrolled") and nothing written otherwise.
  Status Enrol(const StoredEnrolment& e, int32_t seats);
  // Completes or drops: frees the seat and the worker's course.
  Status Close(const StoredEnrolment& e);
  Result<std::vector<StoredEnrolment>> LoadAll();
  Status SetDelivered(const std::string& county, const std::string& worker,
                      const std::vector<std::pair<std::string, std::string>>& fields);
  Result<std::map<std::string, std::string>> Delivered(const std::string& county, const std::string& worker);
  // worker -> (kind -> date) for every worker with a delivery recorded.
  Result<std::map<std::string, std::map<std::string, std::string>>> AllDelivered();

 private:
  RedisClient& client_;
};

}  // namespace leye
