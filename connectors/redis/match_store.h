// Match runs, their proposals and the declines in Redis (issue 3). Keys carry
// a hash tag like the register's: R is the run's region (a code prefix, as
// the caller gave it), C a worker's county.
//   leye:{R}:run:<id>              string  the run's JSON (levels, uncovered...)
//   leye:{R}:run:<id>:proposals    hash    proposal id -> proposal JSON (with status)
//   leye:match-runs                zset    "<R>|<id>" scored by run number (start order)
//   leye:match-run-seq             string  INCR counter for run numbers
//   leye:{C}:declines              set     "<worker>|<posting>" pairs (rule 11)
// A finished run is written in one MULTI/EXEC: its document, all its
// proposals and the expiry of the proposals it supersedes. On a single Redis
// that spans slots; on Redis Cluster the superseded updates would need one
// transaction per slot (noted in docs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/redis/redis_client.h"
#include "matcher/match_problem.h"
#include "matcher/status.h"

namespace leye {

struct StoredProposalUpdate {
  std::string region;  // the run's region
  std::string run;
  std::string id;
  std::string json;
};

struct StoredRunDoc {
  std::string region;
  std::string id;
  int64_t number = 0;
  std::string json;
};

struct MatchStoreContents {
  std::vector<StoredRunDoc> runs;  // by number
  // proposals[i] holds the JSON of runs[i]'s proposals, in id order.
  std::vector<std::vector<std::pair<std::string, std::string>>> proposals;
  std::vector<Decline> declines;
};

class MatchStore {
 public:
  explicit MatchStore(RedisClient& client) : client_(client) {}

  Result<int64_t> NextRunNumber();
  // A run's document alone (while it works: progress).
  Status SaveRunDoc(const StoredRunDoc& run);
  // A finished run: document, proposals (id, json) and superseded proposals,
  // atomically.
  Status SaveFinishedRun(const StoredRunDoc& run, const std::vector<std::pair<std::string, std::string>>& proposals,
                         const std::vector<StoredProposalUpdate>& superseded);
  // One proposal's new JSON and, when given, a decline recorded with it.
  Status UpdateProposal(const StoredProposalUpdate& update, const Decline* decline,
                        const std::string& worker_county);
  Result<MatchStoreContents> LoadAll();

 private:
  RedisClient& client_;
};

}  // namespace leye
