// Placements in Redis (issue 4): the record, the slots it holds and the
// worker's active job, changed in one Lua script so that two accepts racing
// for the last slot (even from two instances) can never both win.
//
// Keys (C: the worker's county, E: the posting's county, as hash tags):
//   leye:{C}:placement:<id>        string  the placement's JSON
//   leye:{C}:placements            set     placement ids
//   leye:{C}:jobs:<worker>         zset    placement id -> the day number its
//                                          work ends (+inf when unknown), so
//                                          "active on d" is ZCOUNT (d +inf
//   leye:{E}:holders:<posting>     zset    the same, per posting: the slots
//                                          held on d are ZCOUNT (d +inf
//   leye:{C}:changes               stream  op=put kind=placements id=<id>
//   leye:placement-counties        set     counties with placements (for loading)
// An end date ahead simply becomes the score, so a known coming end frees the
// slot on that day with no sweep. On Redis Cluster, a matched placement whose
// posting lies in another county spans two slots (noted in the docs).
#pragma once

#include <string>
#include <vector>

#include "connectors/redis/match_store.h"
#include "connectors/redis/redis_client.h"
#include "matcher/model.h"
#include "matcher/status.h"

namespace leye {

class PlacementStore {
 public:
  explicit PlacementStore(RedisClient& client) : client_(client) {}

  Result<int64_t> NextPlacementNumber();
  // Writes a new placement when, on `today`, the worker holds no active job
  // and (for a placement with a posting) the posting has fewer than `slots`
  // active holders; also writes `proposal_updates` (the accepted proposal,
  // the worker's lapsed ones). Conflict("posting_full" / "worker_placed")
  // otherwise, and nothing is written.
  Status Create(const Placement& p, const std::string& worker_county, const std::string& posting_county,
                int32_t slots, Date today, const std::vector<StoredProposalUpdate>& proposal_updates);
  // Rewrites a placement (its end recorded) and moves its end in both zsets.
  Status Update(const Placement& p, const std::string& worker_county, const std::string& posting_county);
  // Every placement of every county.
  Result<std::vector<Placement>> LoadAll();

 private:
  RedisClient& client_;
};

}  // namespace leye
