// Match runs as a service (issue 3, item 5): a run takes a snapshot of the
// register for a region, solves it with the core Matcher on its own thread
// (so other requests go on), shows its progress while it works, and stores
// the run and its proposals in Redis in one step when it is done. A newer
// run's proposals supersede the older ones of the same workers; a decline
// is recorded (rule 11) and re-optimises the region.
//
// Thread safety: all public calls may run concurrently. Runs execute one at
// a time (run_mu_), so two runs never propose the same free slot twice.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "connectors/http/placement_service.h"
#include "connectors/http/register_service.h"
#include "connectors/redis/match_store.h"
#include "matcher/match_result.h"
#include "matcher/policy.h"

namespace leye::http {

struct ProposalQuery {
  std::string worker, posting, household, cursor;
  size_t limit = 100;
};

class MatchService {
 public:
  MatchService(RegisterService& reg, PlacementService& placements, PolicyConfig policy);
  ~MatchService();

  struct Answer {
    int status = 200;
    std::string json;
    std::string location;  // for 201/202
  };
  // POST /v1/match-runs {"region","date"}; waits up to `wait` for the run to
  // finish (201 with the whole run), else answers 202 with its progress.
  Result<Answer> StartRun(std::string_view body, const Principal& who, std::chrono::milliseconds wait);
  Result<std::string> GetRun(const std::string& id, const Principal& who);
  Result<std::string> ListProposals(const std::string& run, const ProposalQuery& q, const Principal& who);
  Result<std::string> GetProposal(const std::string& id, const Principal& who);
  // The worker accepts: an active matched placement (start_date from the
  // body, default today; expected_months = the posting's contract_months),
  // the posting's free slots drop, the worker's other proposals lapse.
  Result<Answer> Accept(const std::string& proposal_id, std::string_view body, const Principal& who);
  // Records the decline and re-optimises the run's region (a new run).
  Result<Answer> Decline(const std::string& proposal_id, const Principal& who, std::chrono::milliseconds wait);

  // Why the latest finished run over `county` left `household` uncovered
  // (the encoded UncoveredHousehold), or nullopt.
  std::optional<std::string> LatestUncoveredReason(const std::string& household, const std::string& county) const;

  // What the latest finished run over `county` (a run covering it, or one
  // inside it when `county` is a wider prefix) means for one worker: the
  // proposals it gave per posting to other workers, and this worker's open
  // proposal (posting, id), if any.
  struct RunView {
    std::map<std::string, int32_t, std::less<>> taken_by_others;
    std::optional<std::string> current_posting;
    std::string current_proposal_id;
    std::vector<Proposal> proposals;  // all of the run's proposals
  };
  RunView LatestRunFor(const std::string& county, const std::string& worker) const;
  // Every recorded decline (rule 11).
  std::vector<leye::Decline> Declines() const;

  // Stops accepting runs and waits for the running one.
  void Stop();

 private:
  struct RunState {
    std::string id, region, trigger;
    int64_t number = 0;
    Date date;
    std::string status = "running";  // running | finished | failed
    std::string stage = "queued";    // queued | snapshot | candidates | solving | explaining | storing | done
    std::string started_at, finished_at, error;
    std::optional<Levels> levels;
    int64_t proposals = 0, steady_proposals = 0, workers = 0, households = 0, postings = 0;
    std::vector<std::string> uncovered_json, unplaced_json;  // encoded, in id order
  };
  struct StoredProposal {
    Proposal p;
    std::string id, run, region, status;
  };

  Status EnsureLoaded();
  Result<RunState*> Launch(const std::string& region, Date date, const std::string& trigger);
  void Execute(std::string run_id);
  std::string RunJson(const RunState& r) const;  // REQUIRES: mu_ held
  std::string ProposalJson(const StoredProposal& p) const;
  Answer WaitFor(const std::string& run_id, std::chrono::milliseconds wait);
  void SetStage(const std::string& run_id, const char* stage);

  RegisterService& reg_;
  PolicyConfig policy_;
  MatchStore store_;
  PlacementService& placements_;

  mutable std::mutex mu_;  // everything below
  std::condition_variable changed_;
  bool loaded_ = false;
  bool stopping_ = false;
  std::map<std::string, RunState> runs_;
  std::map<std::string, StoredProposal> proposals_;       // by id: "<run>-<nnnnnn>", so a run's are contiguous
  std::map<std::string, std::string> current_by_worker_;  // worker -> its latest proposal id
  std::set<std::pair<std::string, std::string>> declines_;
  std::vector<std::thread> threads_;

  std::mutex run_mu_;  // one run at a time
};

}  // namespace leye::http
