// The input of one match run: the register's records of a region, the
// placements and declines that constrain them, the date and the policy.
// Plain owned values: a run takes a snapshot, so the register may change
// while a long run works.
#pragma once

#include <string>
#include <vector>

#include "matcher/date.h"
#include "matcher/model.h"
#include "matcher/policy.h"

namespace leye {

// A worker said no to a posting (a declined proposal): rule 11 keeps the pair
// apart in every later run.
struct Decline {
  std::string worker;
  std::string posting;
  bool operator==(const Decline&) const = default;
};

struct MatchProblem {
  // Any order: the matcher sorts by id, so the result does not depend on the
  // order given. Ids must be unique per kind. Every worker's household and
  // every posting's employer must be present; every worker's id_number must
  // be valid (its birth date gives the age of rule 4).
  std::vector<Household> households;
  std::vector<Worker> workers;
  std::vector<Employer> employers;
  std::vector<Posting> postings;
  // Placements of these workers, active or not. Ones naming an absent worker
  // or posting are ignored (they may belong to another region).
  std::vector<Placement> placements;
  // Ones naming an absent worker or posting are ignored.
  std::vector<Decline> declines;
  Date date;  // "today" of the run: the core reads no clock
  PolicyConfig policy;
};

}  // namespace leye
