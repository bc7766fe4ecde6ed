// A run's life: Launch() stores it as running and starts a thread; the thread
// waits its turn (run_mu_), snapshots the register under the shared lock,
// solves without any lock, then stores the run, its proposals and the
// superseded ones in one MULTI/EXEC before memory changes. A run that fails
// (Redis down while storing) is marked failed and changes nothing else. Runs
// found "running" at start were cut off by a stop; they load as failed.
#include "connectors/http/match_service.h"

#include <simdjson.h>

#include <cstdio>
#include <ctime>

#include "connectors/http/json_out.h"
#include "connectors/http/region_date_request.h"
#include "connectors/json/codec.h"
#include "connectors/json/match_codec.h"
#include "matcher/matcher.h"
#include "matcher/occupation_catalog.h"

namespace leye::http {
namespace {

std::string NowIso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

MatchService::MatchService(RegisterService& reg, PlacementService& placements, PolicyConfig policy)
    : reg_(reg), policy_(policy), store_(reg.redis()), placements_(placements) {}

MatchService::~MatchService() { Stop(); }

void MatchService::Stop() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    threads.swap(threads_);
  }
  for (auto& t : threads)
    if (t.joinable()) t.join();
}

Status MatchService::EnsureLoaded() {
  if (!reg_.ready()) return Status::Unavailable("the register is still loading from Redis; retry shortly");
  if (Status s = placements_.EnsureLoaded(); !s.ok()) return s;
  {
    std::lock_guard lock(mu_);
    if (loaded_) return Status::Ok();
  }
  auto contents = store_.LoadAll();
  if (!contents.ok()) return contents.status();
  std::lock_guard lock(mu_);
  if (loaded_) return Status::Ok();
  simdjson::dom::parser parser;
  for (size_t i = 0; i < contents->runs.size(); ++i) {
    const StoredRunDoc& doc = contents->runs[i];
    simdjson::dom::element el;
    if (parser.parse(doc.json).get(el)) continue;
    RunState r;
    r.id = doc.id;
    r.region = doc.region;
    r.number = doc.number;
    auto str = [&](const char* key, std::string& out) {
      std::string_view v;
      if (!el[key].get_string().get(v)) out = std::string(v);
    };
    std::string date;
    str("date", date);
    if (auto d = ParseDate(date)) r.date = *d;
    str("status", r.status);
    str("stage", r.stage);
    str("started_at", r.started_at);
    str("finished_at", r.finished_at);
    str("trigger", r.trigger);
    str("error", r.error);
    if (r.status == "running") {
      r.status = "failed";
      r.error = "the server stopped while this run worked; start a new run";
    }
    simdjson::dom::object levels;
    if (!el["levels"].get_object().get(levels)) {
      Levels l;
      auto num = [&](const char* key, int64_t& out) { if (levels[key].get_int64().get(out)) {} };
      num("relocated_households_covered", l.relocated_households_covered);
      num("poor_households_first_job", l.poor_households_first_job);
      num("hard_to_employ_in_public_welfare", l.hard_to_employ_in_public_welfare);
      num("workers_placed", l.workers_placed);
      num("total_score", l.total_score);
      num("temporary_placed", l.temporary_placed);
      r.levels = l;
    }
    auto num = [&](const char* key, int64_t& out) { if (el[key].get_int64().get(out)) {} };
    num("proposals", r.proposals);
    num("steady_proposals", r.steady_proposals);
    num("workers", r.workers);
    num("households", r.households);
    num("postings", r.postings);
    for (const char* list : {"uncovered", "unplaced_workers"}) {
      simdjson::dom::array arr;
      if (el[list].get_array().get(arr)) continue;
      for (auto item : arr)
        (list[1] == 'n' && list[2] == 'c' ? r.uncovered_json : r.unplaced_json)
            .push_back(simdjson::minify(item));
    }
    for (const auto& [pid, pjson] : contents->proposals[i]) {
      ProposalMeta meta;
      auto p = DecodeProposal(pjson, &meta);
      if (!p.ok()) continue;
      StoredProposal sp{std::move(p).value(), pid, r.id, r.region, meta.status};
      current_by_worker_[sp.p.worker] = pid;  // runs load in start order: the last wins
      proposals_[pid] = std::move(sp);
    }
    runs_[r.id] = std::move(r);
  }
  for (const auto& d : contents->declines) declines_.insert({d.worker, d.posting});
  loaded_ = true;
  return Status::Ok();
}

std::string MatchService::ProposalJson(const StoredProposal& p) const {
  return EncodeProposal(p.p, {p.id, p.run, p.status});
}

std::string MatchService::RunJson(const RunState& r) const {
  JsonOut j;
  j.BeginObject();
  j.Key("id").Str(r.id);
  j.Key("region").Str(r.region);
  j.Key("date").Str(FormatDate(r.date));
  j.Key("status").Str(r.status);
  j.Key("stage").Str(r.stage);
  j.Key("trigger").Str(r.trigger);
  j.Key("started_at").Str(r.started_at);
  j.Key("finished_at");
  r.finished_at.empty() ? j.Null() : j.Str(r.finished_at);
  if (!r.error.empty()) j.Key("error").Str(r.error);
  j.Key("levels");
  if (r.levels) j.Raw(EncodeLevels(*r.levels)); else j.Null();
  j.Key("households").Int(r.households);
  j.Key("workers").Int(r.workers);
  j.Key("postings").Int(r.postings);
  j.Key("proposals").Int(r.proposals);
  j.Key("steady_proposals").Int(r.steady_proposals);
  j.Key("uncovered").BeginArray();
  for (const auto& u : r.uncovered_json) j.Raw(u);
  j.EndArray();
  j.Key("unplaced_workers").BeginArray();
  for (const auto& u : r.unplaced_json) j.Raw(u);
  j.EndArray();
  j.EndObject();
  return j.str();
}

Result<MatchService::RunState*> MatchService::Launch(const std::string& region, Date date,
                                                     const std::string& trigger) {
  auto number = store_.NextRunNumber();
  if (!number.ok()) return number.status();
  char id[32];
  std::snprintf(id, sizeof id, "MR%06lld", static_cast<long long>(*number));
  RunState r;
  r.id = id;
  r.region = region;
  r.number = *number;
  r.date = date;
  r.trigger = trigger;
  r.started_at = NowIso();
  if (Status s = store_.SaveRunDoc({r.region, r.id, r.number, RunJson(r)}); !s.ok()) return s;
  std::lock_guard lock(mu_);
  if (stopping_) return Status::Unavailable("the server is stopping");
  RunState& stored = runs_[r.id] = std::move(r);
  threads_.emplace_back([this, run_id = stored.id] { Execute(run_id); });
  return &stored;
}

void MatchService::SetStage(const std::string& run_id, const char* stage) {
  std::lock_guard lock(mu_);
  runs_[run_id].stage = stage;
  changed_.notify_all();
}

void MatchService::Execute(std::string run_id) {
  std::lock_guard run_lock(run_mu_);
  std::string region;
  Date date;
  {
    std::lock_guard lock(mu_);
    region = runs_[run_id].region;
    date = runs_[run_id].date;
  }
  auto fail = [&](const std::string& why) {
    std::lock_guard lock(mu_);
    RunState& r = runs_[run_id];
    r.status = "failed";
    r.error = why;
    r.finished_at = NowIso();
    (void)store_.SaveRunDoc({r.region, r.id, r.number, RunJson(r)});
    changed_.notify_all();
  };

  SetStage(run_id, "snapshot");
  MatchProblem problem;
  problem.date = date;
  problem.policy = policy_;
  std::set<std::string> run_workers;
  reg_.WithRegister([&](const Register& reg) {
    for (const Household* h : reg.All<Household>(Kind::kHousehold))
      if (StartsWith(h->region, region)) problem.households.push_back(*h);
    std::set<std::string> in_region;
    for (const auto& h : problem.households) in_region.insert(h.id);
    for (const Worker* w : reg.All<Worker>(Kind::kWorker))
      if (in_region.count(w->household)) {
        problem.workers.push_back(*w);
        run_workers.insert(w->id);
      }
    // The whole labour market: a county's workers may take work in other
    // counties and provinces (leave_county / leave_province).
    for (const Employer* e : reg.All<Employer>(Kind::kEmployer)) problem.employers.push_back(*e);
    for (const Posting* p : reg.All<Posting>(Kind::kPosting)) problem.postings.push_back(*p);
    return 0;
  });
  problem.placements = placements_.Snapshot();
  {
    std::lock_guard lock(mu_);
    for (const auto& [w, p] : declines_) problem.declines.push_back({w, p});
    RunState& r = runs_[run_id];
    r.households = static_cast<int64_t>(problem.households.size());
    r.workers = static_cast<int64_t>(problem.workers.size());
    r.postings = static_cast<int64_t>(problem.postings.size());
  }

  Matcher m;
  m.SetProblem(std::move(problem)).SetOccupationNames(OccupationNameMap()).SetThreads(2);
  SetStage(run_id, "candidates");
  if (m.FindCandidates() != Matcher::Outcome::kOptimal) return fail(m.error().message());
  SetStage(run_id, "solving");
  if (m.Solve() != Matcher::Outcome::kOptimal) return fail(m.error().message());
  SetStage(run_id, "explaining");
  const MatchResult& result = m.result();
  SetStage(run_id, "storing");

  // Build everything to store, then write it in one step, then apply.
  std::vector<StoredProposal> fresh;
  fresh.reserve(result.proposals.size());
  std::vector<std::pair<std::string, std::string>> fresh_json;
  int64_t steady = 0;
  for (size_t i = 0; i < result.proposals.size(); ++i) {
    char pid[48];
    std::snprintf(pid, sizeof pid, "%s-%06zu", run_id.c_str(), i + 1);
    fresh.push_back({result.proposals[i], pid, run_id, region, "proposed"});
    fresh_json.emplace_back(pid, ProposalJson(fresh.back()));
    steady += result.proposals[i].steady ? 1 : 0;
  }
  std::vector<StoredProposalUpdate> superseded;
  std::vector<std::string> superseded_ids;
  RunState finished;
  StoredRunDoc doc;
  {
    std::lock_guard lock(mu_);
    for (const auto& w : run_workers) {
      auto cur = current_by_worker_.find(w);
      if (cur == current_by_worker_.end()) continue;
      auto it = proposals_.find(cur->second);
      if (it == proposals_.end() || it->second.status != "proposed") continue;
      StoredProposal expired = it->second;
      expired.status = "expired";
      superseded.push_back({expired.region, expired.run, expired.id, ProposalJson(expired)});
      superseded_ids.push_back(expired.id);
    }
    // The finished state is built apart and becomes visible only after Redis
    // has it and the proposals are in memory: a waiter that sees "finished"
    // can list the proposals at once.
    finished = runs_[run_id];
    finished.levels = result.levels;
    finished.proposals = static_cast<int64_t>(result.proposals.size());
    finished.steady_proposals = steady;
    finished.uncovered_json.clear();
    finished.unplaced_json.clear();
    for (const auto& u : result.uncovered_households) finished.uncovered_json.push_back(EncodeUncoveredHousehold(u));
    for (const auto& u : result.unplaced_workers) finished.unplaced_json.push_back(EncodeUnplacedWorker(u));
    finished.status = "finished";
    finished.stage = "done";
    finished.finished_at = NowIso();
    doc = {finished.region, finished.id, finished.number, RunJson(finished)};
  }
  if (Status s = store_.SaveFinishedRun(doc, fresh_json, superseded); !s.ok())
    return fail("storing the run failed: " + s.message());
  std::lock_guard lock(mu_);
  for (const auto& id : superseded_ids)
    if (proposals_[id].status == "proposed") proposals_[id].status = "expired";
  for (const auto& w : run_workers) current_by_worker_.erase(w);
  for (auto& p : fresh) {
    current_by_worker_[p.p.worker] = p.id;
    std::string id = p.id;
    proposals_[id] = std::move(p);
  }
  runs_[run_id] = std::move(finished);
  changed_.notify_all();
}

MatchService::Answer MatchService::WaitFor(const std::string& run_id, std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  changed_.wait_for(lock, wait, [&] { return runs_[run_id].status != "running"; });
  const RunState& r = runs_[run_id];
  Answer a;
  a.status = r.status == "running" ? 202 : 201;
  a.json = RunJson(r);
  a.location = "/v1/match-runs/" + run_id;
  return a;
}

Result<MatchService::Answer> MatchService::StartRun(std::string_view body, const Principal& who,
                                                    std::chrono::milliseconds wait) {
  if (!who.CanWriteRegister()) return Status::PermissionDenied("your role may not run matches");
  auto request = ParseRegionDate(body, reg_.Today(), "match run");
  if (!request.ok()) return request.status();
  const std::string region = request->region;
  const Date date = request->date;
  if (!StartsWith(region, who.region_prefix))
    return Status::PermissionDenied("region " + region + " is not inside your region " + who.region_prefix);
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  auto run = Launch(region, date, "request");
  if (!run.ok()) return run.status();
  return WaitFor((*run)->id, wait);
}

Result<std::string> MatchService::GetRun(const std::string& id, const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read match runs");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  std::lock_guard lock(mu_);
  auto it = runs_.find(id);
  if (it == runs_.end()) return Status::NotFound("no match run with id " + id);
  if (!StartsWith(it->second.region, who.region_prefix))
    return Status::PermissionDenied("this run's region is outside your region");
  return RunJson(it->second);
}

Result<std::string> MatchService::ListProposals(const std::string& run, const ProposalQuery& q,
                                                const Principal& who) {
  if (!who.CanReadRegister()) return Status::PermissionDenied("your role may not read match runs");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  std::lock_guard lock(mu_);
  auto rit = runs_.find(run);
  if (rit == runs_.end()) return Status::NotFound("no match run with id " + run);
  if (!StartsWith(rit->second.region, who.region_prefix))
    return Status::PermissionDenied("this run's region is outside your region");
  const std::string prefix = run + "-";
  auto it = q.cursor.empty() ? proposals_.lower_bound(prefix) : proposals_.upper_bound(q.cursor);
  JsonOut j;
  j.BeginObject().Key("items").BeginArray();
  size_t n = 0;
  std::string last;
  bool more = false;
  for (; it != proposals_.end() && StartsWith(it->first, prefix); ++it) {
    const StoredProposal& p = it->second;
    if (!q.worker.empty() && p.p.worker != q.worker) continue;
    if (!q.posting.empty() && p.p.posting != q.posting) continue;
    if (!q.household.empty() && p.p.household != q.household) continue;
    if (n == q.limit) {
      more = true;
      break;
    }
    j.Raw(ProposalJson(p));
    last = p.id;
    ++n;
  }
  j.EndArray().Key("next");
  more ? j.Str(last) : j.Null();
  j.EndObject();
  return j.str();
}

Result<std::string> MatchService::GetProposal(const std::string& id, const Principal& who) {
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  std::lock_guard lock(mu_);
  auto it = proposals_.find(id);
  if (it == proposals_.end()) return Status::NotFound("no proposal with id " + id);
  if (!StartsWith(it->second.region, who.region_prefix) && !StartsWith(who.region_prefix, it->second.region))
    return Status::PermissionDenied("this proposal is outside your region");
  return ProposalJson(it->second);
}

MatchService::RunView MatchService::LatestRunFor(const std::string& county, const std::string& worker) const {
  RunView view;
  std::lock_guard lock(mu_);
  for (auto it = runs_.rbegin(); it != runs_.rend(); ++it) {
    const RunState& r = it->second;
    // The run covers the region, or lies inside it.
    if (r.status != "finished" || !(StartsWith(county, r.region) || StartsWith(r.region, county))) continue;
    const std::string prefix = r.id + "-";
    for (auto p = proposals_.lower_bound(prefix); p != proposals_.end() && StartsWith(p->first, prefix); ++p) {
      view.proposals.push_back(p->second.p);
      if (p->second.p.worker == worker) {
        if (p->second.status == "proposed") {
          view.current_posting = p->second.p.posting;
          view.current_proposal_id = p->first;
        }
        continue;
      }
      // An open offer holds its slot; an accepted one holds it through its
      // placement (counted there); declined and expired ones free it.
      if (p->second.status == "proposed") ++view.taken_by_others[p->second.p.posting];
    }
    break;
  }
  return view;
}

std::vector<leye::Decline> MatchService::Declines() const {
  std::lock_guard lock(mu_);
  std::vector<leye::Decline> out;
  for (const auto& [w, p] : declines_) out.push_back({w, p});
  return out;
}

std::optional<std::string> MatchService::LatestUncoveredReason(const std::string& household,
                                                              const std::string& county) const {
  std::lock_guard lock(mu_);
  const std::string needle = "{\"household\":" + JsonQuote(household) + ",";
  for (auto it = runs_.rbegin(); it != runs_.rend(); ++it) {
    const RunState& r = it->second;
    if (r.status != "finished" || !StartsWith(county, r.region)) continue;
    for (const auto& u : r.uncovered_json)
      if (u.rfind(needle, 0) == 0) return u;
    return std::nullopt;  // the latest run over it did not leave it uncovered
  }
  return std::nullopt;
}

Result<MatchService::Answer> MatchService::Accept(const std::string& proposal_id, std::string_view body,
                                                  const Principal& who) {
  if (who.role == Role::kMonitor) return Status::PermissionDenied("your role may not accept proposals");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  Date start = reg_.Today();
  if (body.find_first_not_of(" \t\r\n") != std::string_view::npos) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    simdjson::dom::object obj;
    if (parser.parse(body.data(), body.size()).get(doc) || doc.get_object().get(obj))
      return Status::Invalid("the body must be empty or a JSON object like {\"start_date\":\"2026-12-01\"}");
    std::vector<FieldError> errors;
    for (auto [key, value] : obj) {
      std::string_view v;
      if (key == "start_date") {
        if (value.get_string().get(v) || !ParseDate(v)) errors.push_back({"/start_date", "must be a date YYYY-MM-DD"});
        else start = *ParseDate(v);
      } else {
        errors.push_back({"/" + std::string(key), "unknown field"});
      }
    }
    if (!errors.empty()) return Status::Invalid("invalid acceptance", std::move(errors));
  }
  StoredProposal accepted;
  std::vector<StoredProposal> lapsed;
  {
    std::lock_guard lock(mu_);
    auto it = proposals_.find(proposal_id);
    if (it == proposals_.end()) return Status::NotFound("no proposal with id " + proposal_id);
    accepted = it->second;
    for (const auto& [id, p] : proposals_)
      if (p.p.worker == accepted.p.worker && id != proposal_id && p.status == "proposed") lapsed.push_back(p);
  }
  auto [county, contract_months] = reg_.WithRegister([&](const Register& reg) {
    const Record* w = reg.Find(Kind::kWorker, accepted.p.worker);
    const Record* p = reg.Find(Kind::kPosting, accepted.p.posting);
    return std::pair<std::string, int32_t>(w ? reg.CountyOf(*w) : std::string(),
                                           p ? std::get<Posting>(*p).contract_months : -1);
  });
  if (!who.CoversRegion(county)) return Status::PermissionDenied("this worker is outside your region");
  if (accepted.status != "proposed")
    return Status::Conflict("proposal " + proposal_id + " is " + accepted.status + ", not open any more");
  if (contract_months < 0) return Status::Conflict("the proposal's posting no longer exists");
  accepted.status = "accepted";
  std::vector<StoredProposalUpdate> updates{{accepted.region, accepted.run, accepted.id, ProposalJson(accepted)}};
  for (auto& l : lapsed) {
    l.status = "expired";
    updates.push_back({l.region, l.run, l.id, ProposalJson(l)});
  }
  Placement placement;
  placement.worker = accepted.p.worker;
  placement.posting = accepted.p.posting;
  placement.kind = PlacementKind::kMatched;
  placement.start_date = start;
  placement.expected_months = contract_months;
  auto created = placements_.Create(std::move(placement), updates);
  if (!created.ok()) return created.status();
  {
    std::lock_guard lock(mu_);
    proposals_[proposal_id].status = "accepted";
    for (const auto& l : lapsed)
      if (proposals_[l.id].status == "proposed") proposals_[l.id].status = "expired";
  }
  JsonOut j;
  j.BeginObject().Key("id").Str(created->id).Key("placement").Raw(EncodePlacement(*created));
  j.Key("proposal").Raw(ProposalJson(accepted)).EndObject();
  return Answer{201, j.str(), "/v1/placements/" + created->id};
}

Result<MatchService::Answer> MatchService::Decline(const std::string& proposal_id, const Principal& who,
                                                   std::chrono::milliseconds wait) {
  if (who.role == Role::kMonitor) return Status::PermissionDenied("your role may not decline proposals");
  if (Status s = EnsureLoaded(); !s.ok()) return s;
  StoredProposal declined;
  Date date;
  {
    std::lock_guard lock(mu_);
    auto it = proposals_.find(proposal_id);
    if (it == proposals_.end()) return Status::NotFound("no proposal with id " + proposal_id);
    declined = it->second;
    date = runs_[declined.run].date;
  }
  const std::string county = reg_.WithRegister([&](const Register& reg) {
    const Record* w = reg.Find(Kind::kWorker, declined.p.worker);
    return w ? reg.CountyOf(*w) : std::string();
  });
  if (!who.CoversRegion(county)) return Status::PermissionDenied("this worker is outside your region");
  if (declined.status != "proposed")
    return Status::Conflict("proposal " + proposal_id + " is " + declined.status + ", not open any more");
  declined.status = "declined";
  const leye::Decline pair{declined.p.worker, declined.p.posting};
  if (Status s = store_.UpdateProposal({declined.region, declined.run, declined.id, ProposalJson(declined)}, &pair,
                                       county.empty() ? declined.region : county);
      !s.ok())
    return s;
  {
    std::lock_guard lock(mu_);
    proposals_[proposal_id].status = "declined";
    declines_.insert({pair.worker, pair.posting});
  }
  // Re-optimise the region the proposal came from, on the same date.
  auto run = Launch(declined.region, date, "decline " + proposal_id);
  if (!run.ok()) return run.status();
  Answer a = WaitFor((*run)->id, wait);
  JsonOut j;
  j.BeginObject().Key("proposal").Raw(ProposalJson(declined)).Key("run").Raw(a.json).EndObject();
  a.json = j.str();
  return a;
}

}  // namespace leye::http
