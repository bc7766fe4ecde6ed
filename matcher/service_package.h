// The "311" package for one worker (issue 5, item 1): up to three job offers,
// every one feasible under the hard rules, and guidance sentences built from
// the worker's situation. Pure: the caller passes the register's records,
// the placements, the latest match run's proposals and the date.
//
// Offers: the worker's current proposal first (when it is still feasible),
// then the best alternatives by fit that still have a free slot after the
// latest run: a posting's slots minus its active placements minus the
// proposals the run gave to other workers. Never a posting the run filled
// with others, never an infeasible one.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "matcher/feasibility.h"
#include "matcher/fit_score.h"
#include "matcher/model.h"
#include "matcher/policy.h"

namespace leye {

struct ServiceOffer {
  std::string posting;
  std::string employer;
  std::string title;
  EmployerKind employer_kind = EmployerKind::kEnterprise;
  bool steady = true;
  bool current_proposal = false;  // the worker's proposal from the latest run
  std::string proposal_id;        // when current_proposal
  int32_t free_slots = 0;         // after the latest run
  double distance_km = 0;
  FitScore fit;
};

struct GuidanceLine {
  // missing_skill | wage_floor | commute | confirm_willingness | no_postings | not_willing | working
  std::string kind;
  std::string text;  // plain Chinese
};

struct ServicePackageInput {
  const Worker* worker = nullptr;
  const Household* household = nullptr;
  std::vector<const Posting*> postings;
  std::vector<const Employer*> employers;
  std::vector<const Training*> trainings;
  std::vector<const Placement*> placements;  // all (slots, the worker's own)
  // The latest run's proposals per posting, excluding this worker's.
  std::map<std::string, int32_t, std::less<>> run_taken;
  // The worker's proposal in the latest run, if any, and its id.
  std::optional<std::string> current_posting;
  std::string current_proposal_id;
  std::set<std::pair<std::string, std::string>> declines;
  Date date;
  PolicyConfig policy;
  const OccupationNames* names = nullptr;
  int32_t confirm_after_days = 180;  // ask to confirm wishes older than this
};

struct ServicePackage {
  std::vector<ServiceOffer> offers;  // at most 3
  std::vector<GuidanceLine> guidance;
};

ServicePackage BuildServicePackage(const ServicePackageInput& in);

}  // namespace leye
