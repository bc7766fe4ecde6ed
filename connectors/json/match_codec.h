// JSON of the matching engine's values: levels, proposals with their fit
// factors, and the reasons for workers and households left without one. Used
// by the match-run API and `leye solve`, so both print the same shapes.
#pragma once

#include <string>
#include <string_view>

#include "matcher/match_problem.h"
#include "matcher/match_result.h"
#include "matcher/status.h"

namespace leye {

// {"relocated_households_covered":..,"poor_households_first_job":..,
//  "hard_to_employ_in_public_welfare":..,"workers_placed":..,"total_score":..,
//  "temporary_placed":..}
std::string EncodeLevels(const Levels& levels);

// Where a proposal stands in the service; `leye solve` leaves it empty.
struct ProposalMeta {
  std::string id;      // "" = not written
  std::string run;     // "" = not written
  std::string status;  // proposed|accepted|declined|expired; "" = not written
};
// {"id","run","worker","posting","household","steady","score",
//  "factors":[{"kind","points","max_points","text"}],"reasons":[text...],"status"}
std::string EncodeProposal(const Proposal& p, const ProposalMeta& meta = {});
// {"worker","household","reason","blocker":{...}|absent,"taken_postings":[..],"text"}
std::string EncodeUnplacedWorker(const UnplacedWorker& u);
// {"household","site","work":"at_risk|none","reason",...,"text"}
std::string EncodeUncoveredHousehold(const UncoveredHousehold& u);

// Reads back what EncodeProposal wrote (the service's stored proposals).
Result<Proposal> DecodeProposal(std::string_view json, ProposalMeta* meta);

// {"worker":"W1","posting":"P1"} (a line of declines.jsonl).
Result<Decline> DecodeDecline(std::string_view json);

}  // namespace leye
