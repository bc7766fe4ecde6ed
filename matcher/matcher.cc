// The facade keeps everything a later change needs: the indexed snapshot,
// the candidate index, each worker's kept candidates per kind, and both
// phases' solvers with their optimal flows and potentials. Phase 2 sees a
// worker's temporary candidates only while phase 1 leaves the worker
// unplaced, so a change re-optimises phase 1 first, then hands phase 2 the
// workers whose phase-1 standing moved.
#include "matcher/matcher.h"

#include <algorithm>
#include <map>
#include <thread>
#include <unordered_map>

#include "matcher/geo.h"

namespace leye {

// Each worker's kept candidates of one kind, best first: one flat array from
// the full search, plus the lists replaced by later changes.
class Matcher::CandidateLists {
 public:
  std::span<const Candidate> Get(int32_t w) const {
    if (auto it = replaced_.find(w); it != replaced_.end()) return it->second;
    return {data_.data() + begin_[w], data_.data() + begin_[w + 1]};
  }
  void Set(int32_t w, std::vector<Candidate> c) { replaced_[w] = std::move(c); }
  void Assign(std::vector<int64_t> begin, std::vector<Candidate> data) {
    begin_ = std::move(begin);
    data_ = std::move(data);
    replaced_.clear();
  }
  int64_t total() const { return static_cast<int64_t>(data_.size()); }

 private:
  std::vector<int64_t> begin_;
  std::vector<Candidate> data_;
  std::unordered_map<int32_t, std::vector<Candidate>> replaced_;
};

Matcher::Matcher() = default;
Matcher::~Matcher() = default;

Matcher& Matcher::SetProblem(MatchProblem problem) {
  pending_ = std::move(problem);
  return *this;
}

Matcher& Matcher::SetOccupationNames(OccupationNames names) {
  names_ = std::move(names);
  result_.reset();
  return *this;
}

Matcher& Matcher::SetProgress(std::function<void(std::string_view, double)> progress) {
  progress_ = std::move(progress);
  return *this;
}

Matcher& Matcher::SetThreads(int threads) {
  threads_ = std::max(1, threads);
  return *this;
}

Matcher::Outcome Matcher::Run() {
  if (FindCandidates() != Outcome::kOptimal) return Outcome::kInvalidInput;
  return Solve();
}

Matcher::Outcome Matcher::FindCandidates() {
  result_.reset();
  ip_.reset();
  index_.reset();
  solved_ = false;
  stats_ = {};
  if (!pending_) {
    error_ = Status::Invalid("no problem set");
    return Outcome::kInvalidInput;
  }
  Result<IndexedProblem> built = IndexedProblem::Build(std::move(*pending_));
  pending_.reset();
  if (!built.ok()) {
    error_ = built.status();
    return Outcome::kInvalidInput;
  }
  error_ = Status::Ok();
  ip_ = std::make_unique<IndexedProblem>(std::move(built).value());
  index_ = std::make_unique<CandidateIndex>(*ip_);

  // Workers split into contiguous chunks, one per thread; the chunks' lists
  // are joined in worker order, so the result does not depend on threads_.
  const int32_t nw = ip_->num_workers();
  const int32_t k = ip_->policy().candidates_per_worker;
  const int nt = std::max(1, std::min(threads_, nw / 1000 + 1));
  struct Chunk {
    std::vector<int32_t> count[2];
    std::vector<Candidate> data[2];
    int64_t at_k = 0;
  };
  std::vector<Chunk> chunks(nt);
  auto work = [&](int t) {
    const int32_t lo = static_cast<int32_t>(int64_t{nw} * t / nt), hi = static_cast<int32_t>(int64_t{nw} * (t + 1) / nt);
    CandidateIndex::Scratch scratch;
    std::vector<Candidate> out;
    Chunk& c = chunks[t];
    for (int kind = 0; kind < 2; ++kind) c.count[kind].reserve(hi - lo);
    for (int32_t w = lo; w < hi; ++w) {
      if (t == 0 && progress_ && ((w - lo) & 4095) == 0) progress_("candidates", double(w - lo) / std::max(1, hi - lo));
      bool cut = false;
      for (int kind = 0; kind < 2; ++kind) {
        cut = index_->Find(w, kind == 1, k, &out, &scratch) || cut;
        c.count[kind].push_back(static_cast<int32_t>(out.size()));
        c.data[kind].insert(c.data[kind].end(), out.begin(), out.end());
      }
      c.at_k += cut;
    }
  };
  if (nt == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (int t = 1; t < nt; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
  }
  steady_ = std::make_unique<CandidateLists>();
  temporary_ = std::make_unique<CandidateLists>();
  for (int kind = 0; kind < 2; ++kind) {
    std::vector<int64_t> begin(1, 0);
    begin.reserve(nw + 1);
    std::vector<Candidate> data;
    size_t total = 0;
    for (const Chunk& c : chunks) total += c.data[kind].size();
    data.reserve(total);
    for (Chunk& c : chunks) {
      for (int32_t n : c.count[kind]) begin.push_back(begin.back() + n);
      data.insert(data.end(), c.data[kind].begin(), c.data[kind].end());
      c.data[kind] = {};
    }
    (kind == 1 ? steady_ : temporary_)->Assign(std::move(begin), std::move(data));
  }
  for (const Chunk& c : chunks) stats_.workers_at_k += c.at_k;
  stats_.steady_arcs = steady_->total();
  stats_.temporary_arcs = temporary_->total();
  return Outcome::kOptimal;
}

std::span<const Candidate> Matcher::Candidates(int32_t w, bool steady) const {
  return (steady ? steady_ : temporary_)->Get(w);
}

std::vector<SolverArc> Matcher::Arcs(int32_t w, bool steady) const {
  std::vector<SolverArc> out;
  const bool hard = ip_->worker(w).hard_to_employ;
  for (const Candidate& c : (steady ? steady_ : temporary_)->Get(w)) {
    const bool pw = hard && ip_->employer(ip_->EmployerOf(c.posting)).kind == EmployerKind::kPublicWelfare;
    out.push_back({c.posting, c.score, pw});
  }
  return out;
}

Matcher::Outcome Matcher::Solve() {
  if (!ip_) {
    if (error_.ok()) error_ = Status::Invalid("FindCandidates() has not succeeded");
    return Outcome::kInvalidInput;
  }
  result_.reset();
  solved_ = false;
  const int32_t nw = ip_->num_workers(), nh = ip_->num_households(), np = ip_->num_postings();
  std::vector<int32_t> household_of(nw);
  for (int32_t w = 0; w < nw; ++w) household_of[w] = ip_->HouseholdOf(w);

  auto build = [&](LexicographicSolver& s, bool steady, const std::vector<int32_t>* skip_placed) {
    std::vector<int32_t> cap(np, 0);
    for (int32_t p = 0; p < np; ++p)
      if (ip_->Offered(p) && ip_->Steady(p) == steady) cap[p] = ip_->FreeSlots(p);
    std::vector<HouseholdPriority> prio(nh, HouseholdPriority::kNone);
    if (steady)
      for (int32_t h = 0; h < nh; ++h) prio[h] = ip_->Priority(h);
    std::vector<int64_t> begin(1, 0);
    begin.reserve(nw + 1);
    std::vector<SolverArc> arcs;
    arcs.reserve(static_cast<size_t>(steady ? stats_.steady_arcs : stats_.temporary_arcs));
    for (int32_t w = 0; w < nw; ++w) {
      if (!skip_placed || (*skip_placed)[w] < 0) {
        std::vector<SolverArc> a = Arcs(w, steady);
        arcs.insert(arcs.end(), a.begin(), a.end());
      }
      begin.push_back(static_cast<int64_t>(arcs.size()));
    }
    s.SetPostings(std::move(cap)).SetHouseholds(std::move(prio), household_of).SetArcs(std::move(begin), std::move(arcs));
    if (progress_) {
      const std::string_view stage = steady ? "steady" : "temporary";
      s.SetProgress([this, stage](int64_t done, int64_t total) { progress_(stage, total ? double(done) / total : 1.0); });
    }
    return s.Run();
  };
  if (build(phase1_, true, nullptr) != LexicographicSolver::Outcome::kOptimal) {
    error_ = Status::Internal("phase 1 rejected its network");
    return Outcome::kInvalidInput;
  }
  placed1_.assign(nw, -1);
  for (int32_t w = 0; w < nw; ++w) placed1_[w] = phase1_.AssignedPosting(w);
  if (build(phase2_, false, &placed1_) != LexicographicSolver::Outcome::kOptimal) {
    error_ = Status::Internal("phase 2 rejected its network");
    return Outcome::kInvalidInput;
  }
  solved_ = true;
  stats_.augmentations = phase1_.counters().searches + phase2_.counters().searches;
  stats_.nodes_scanned = phase1_.counters().nodes_settled + phase2_.counters().nodes_settled;
  stats_.global_updates = phase1_.counters().global_updates + phase2_.counters().global_updates;
  stats_.pivots = phase1_.counters().pivots + phase2_.counters().pivots;
  return Outcome::kOptimal;
}

Levels Matcher::levels() const {
  Levels l;
  if (!ip_ || !solved_) return l;
  std::vector<uint8_t> counted(ip_->num_households(), 0);
  for (int32_t w = 0; w < ip_->num_workers(); ++w) {
    if (phase2_.AssignedPosting(w) >= 0) ++l.temporary_placed;
    const int32_t p = placed1_[w];
    if (p < 0) continue;
    const int32_t h = ip_->HouseholdOf(w);
    if (!counted[h]) {
      counted[h] = 1;
      if (ip_->Priority(h) == HouseholdPriority::kRelocated) ++l.relocated_households_covered;
      if (ip_->Priority(h) == HouseholdPriority::kPoor) ++l.poor_households_first_job;
    }
    if (ip_->worker(w).hard_to_employ && ip_->employer(ip_->EmployerOf(p)).kind == EmployerKind::kPublicWelfare)
      ++l.hard_to_employ_in_public_welfare;
    ++l.workers_placed;
    l.total_score += phase1_.AssignedArc(w)->score;
  }
  return l;
}

std::optional<Proposal> Matcher::ProposalFor(std::string_view worker_id) const {
  if (!ip_ || !solved_) return std::nullopt;
  const auto w = ip_->FindWorker(worker_id);
  if (!w) return std::nullopt;
  const bool steady = placed1_[*w] >= 0;
  const SolverArc* arc = steady ? phase1_.AssignedArc(*w) : phase2_.AssignedArc(*w);
  if (!arc) return std::nullopt;
  const Worker& wk = ip_->worker(*w);
  const Posting& post = ip_->posting(arc->posting);
  const double km = GreatCircleKm(wk.location, ip_->Location(arc->posting));
  FitScore fit = ExplainFit(wk, post, km, ip_->policy(), names_.empty() ? nullptr : &names_);
  return Proposal{wk.id, post.id, ip_->household(ip_->HouseholdOf(*w)).id, steady, arc->score,
                  std::move(fit.factors)};
}

std::string_view ToString(UnplacedReason r) {
  return r == UnplacedReason::kNoFeasiblePosting ? "no_feasible_posting" : "postings_taken";
}

std::string_view ToString(UncoveredReason r) {
  switch (r) {
    case UncoveredReason::kNoAvailableMember: return "no_available_member";
    case UncoveredReason::kNoFeasiblePosting: return "no_feasible_posting";
    case UncoveredReason::kPostingsTaken: return "postings_taken";
  }
  return "";
}

namespace {

// The most common rule among (worker, posting, rule) findings, ties to the
// smaller rule number; its example is its first finding.
std::optional<Blocker> MostCommon(const IndexedProblem& ip,
                                  const std::vector<std::tuple<int32_t, int32_t, HardRule>>& found) {
  if (found.empty()) return std::nullopt;
  int32_t count[kHardRuleCount + 1] = {};
  for (const auto& f : found) ++count[static_cast<int>(std::get<2>(f))];
  int best = 1;
  for (int r = 1; r <= kHardRuleCount; ++r)
    if (count[r] > count[best]) best = r;
  for (const auto& [w, p, r] : found) {
    if (static_cast<int>(r) != best) continue;
    return Blocker{r, count[best], ip.posting(p).id, ExplainBrokenRule(r, ip.Pair(w, p))};
  }
  return std::nullopt;
}

std::string Joined(const std::vector<std::string>& ids) {
  std::string s;
  for (const std::string& id : ids) s += (s.empty() ? "" : "、") + id;
  return s;
}

}  // namespace

void Matcher::BuildResult() {
  MatchResult r;
  r.levels = levels();
  const int32_t nw = ip_->num_workers(), nh = ip_->num_households();
  CandidateIndex::Scratch scratch;
  for (int32_t w = 0; w < nw; ++w)
    if (auto p = ProposalFor(ip_->worker(w).id)) r.proposals.push_back(std::move(*p));

  auto taken = [&](int32_t w, bool steady_only, std::vector<std::string>* out) {
    for (int kind = 1; kind >= (steady_only ? 1 : 0); --kind)
      for (const Candidate& c : (kind == 1 ? steady_ : temporary_)->Get(w))
        if (out->size() < 3) out->push_back(ip_->posting(c.posting).id);
  };
  const double radius = ip_->policy().diagnose_radius_km;
  for (int32_t w = 0; w < nw; ++w) {
    if (!ip_->Available(w) || placed1_[w] >= 0 || phase2_.AssignedPosting(w) >= 0) continue;
    UnplacedWorker u;
    u.worker = ip_->worker(w).id;
    u.household = ip_->household(ip_->HouseholdOf(w)).id;
    const size_t feasible = steady_->Get(w).size() + temporary_->Get(w).size();
    if (feasible > 0) {
      u.reason = UnplacedReason::kPostingsTaken;
      taken(w, false, &u.taken_postings);
      u.text = "符合条件的 " + std::to_string(feasible) + " 个岗位都已安排给优先级更高或更合适的人员（如岗位 " +
               Joined(u.taken_postings) + "）";
    } else {
      u.reason = UnplacedReason::kNoFeasiblePosting;
      std::vector<std::tuple<int32_t, int32_t, HardRule>> found;
      for (const auto& [p, rule] : index_->Diagnose(w, false, &scratch)) found.emplace_back(w, p, rule);
      u.blocker = MostCommon(*ip_, found);
      u.text = u.blocker ? "没有符合条件的岗位：附近 " + std::to_string(found.size()) + " 个岗位中 " +
                               std::to_string(u.blocker->postings) + " 个不符合，例如" + u.blocker->text
                         : "没有符合条件的岗位：通勤范围和周边 " +
                               std::to_string(static_cast<int>(std::max(radius, ip_->worker(w).willingness.max_commute_km))) +
                               " 公里内没有岗位";
    }
    r.unplaced_workers.push_back(std::move(u));
  }

  for (int32_t h = 0; h < nh; ++h) {
    if (!ip_->Eligible(h) || ip_->Work(h) == HouseholdWork::kSteady) continue;
    bool placed = false, temp = false;
    std::vector<int32_t> available;
    for (int32_t w : ip_->Members(h)) {
      placed = placed || placed1_[w] >= 0;
      temp = temp || phase2_.AssignedPosting(w) >= 0;
      if (ip_->Available(w)) available.push_back(w);
    }
    if (placed) continue;
    UncoveredHousehold u;
    u.household = ip_->household(h).id;
    u.site = ip_->household(h).site;
    u.work = ip_->Work(h);
    u.temporary_proposal = temp;
    bool any_steady = false;
    for (int32_t w : available) any_steady = any_steady || !steady_->Get(w).empty();
    if (available.empty()) {
      u.reason = UncoveredReason::kNoAvailableMember;
      u.text = "家中没有可安排就业的成员（有劳动能力的成员已在岗或暂不想就业）";
    } else if (any_steady) {
      u.reason = UncoveredReason::kPostingsTaken;
      for (int32_t w : available) taken(w, true, &u.taken_postings);
      if (u.taken_postings.size() > 3) u.taken_postings.resize(3);
      u.text = "成员符合条件的稳定岗位都已安排给优先级更高或更合适的人员（如岗位 " + Joined(u.taken_postings) + "）";
    } else {
      u.reason = UncoveredReason::kNoFeasiblePosting;
      std::vector<std::tuple<int32_t, int32_t, HardRule>> found;
      for (int32_t w : available)
        for (const auto& [p, rule] : index_->Diagnose(w, true, &scratch)) found.emplace_back(w, p, rule);
      u.blocker = MostCommon(*ip_, found);
      u.text = u.blocker ? "成员没有符合条件的稳定岗位，例如" + u.blocker->text
                         : "成员通勤范围和周边没有稳定岗位";
    }
    if (temp) u.text += "；已安排临时性工作（不计入稳定就业）";
    r.uncovered_households.push_back(std::move(u));
  }
  result_ = std::move(r);
}

const MatchResult& Matcher::result() {
  if (!result_) {
    if (!ip_ || !solved_) result_ = MatchResult{};
    else BuildResult();
  }
  return *result_;
}

Result<std::vector<std::string>> Matcher::Reoptimise(std::vector<int32_t> new_postings,
                                                     std::vector<int32_t> steady_changed,
                                                     std::vector<int32_t> temporary_changed) {
  result_.reset();
  const int32_t nw = ip_->num_workers();
  std::vector<int32_t> before2(nw);
  for (int32_t w = 0; w < nw; ++w) before2[w] = phase2_.AssignedPosting(w);

  LexicographicSolver::Update u1, u2;
  for (int32_t p : new_postings) {
    const int32_t free = ip_->Offered(p) ? ip_->FreeSlots(p) : 0;
    u1.new_posting_capacity.push_back(ip_->Steady(p) ? free : 0);
    u2.new_posting_capacity.push_back(ip_->Steady(p) ? 0 : free);
  }
  for (int32_t w : steady_changed) u1.worker_arcs.emplace_back(w, Arcs(w, true));
  if (phase1_.Apply(u1) != LexicographicSolver::Outcome::kOptimal) return Status::Internal("phase 1 rejected the change");

  std::vector<std::string> changed;
  std::vector<int32_t> phase2_workers = std::move(temporary_changed);
  for (int32_t w = 0; w < nw; ++w) {
    const int32_t now = phase1_.AssignedPosting(w);
    if (now == placed1_[w]) continue;
    if ((now < 0) != (placed1_[w] < 0)) phase2_workers.push_back(w);
    placed1_[w] = now;
    changed.push_back(ip_->worker(w).id);
  }
  std::sort(phase2_workers.begin(), phase2_workers.end());
  phase2_workers.erase(std::unique(phase2_workers.begin(), phase2_workers.end()), phase2_workers.end());
  for (int32_t w : phase2_workers)
    u2.worker_arcs.emplace_back(w, placed1_[w] >= 0 ? std::vector<SolverArc>{} : Arcs(w, false));
  if (phase2_.Apply(u2) != LexicographicSolver::Outcome::kOptimal) return Status::Internal("phase 2 rejected the change");
  for (int32_t w = 0; w < nw; ++w)
    if (phase2_.AssignedPosting(w) != before2[w]) changed.push_back(ip_->worker(w).id);
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

Result<std::vector<std::string>> Matcher::AddPosting(Posting posting) {
  if (!ip_ || !solved_) return Status::Invalid("no successful run to change");
  Result<int32_t> added = ip_->AddPosting(std::move(posting));
  if (!added.ok()) return added.status();
  const int32_t q = *added;
  index_->AddPosting(q);
  const bool steady = ip_->Steady(q);
  CandidateLists& lists = steady ? *steady_ : *temporary_;
  const int32_t k = ip_->policy().candidates_per_worker;
  std::vector<int32_t> changed;
  if (ip_->Offered(q)) {
    for (const Candidate& c : index_->WorkersFor(q)) {
      const int32_t w = c.posting;
      std::span<const Candidate> cur = lists.Get(w);
      std::vector<Candidate> next(cur.begin(), cur.end());
      next.push_back({q, c.score});
      std::sort(next.begin(), next.end(), [&](const Candidate& a, const Candidate& b) {
        return a.score != b.score ? a.score > b.score : ip_->PostingRank(a.posting) < ip_->PostingRank(b.posting);
      });
      if (static_cast<int32_t>(next.size()) > k) next.resize(std::max(0, k));
      if (std::none_of(next.begin(), next.end(), [&](const Candidate& x) { return x.posting == q; })) continue;
      lists.Set(w, std::move(next));
      changed.push_back(w);
    }
  }
  return Reoptimise({q}, steady ? changed : std::vector<int32_t>{}, steady ? std::vector<int32_t>{} : changed);
}

Result<std::vector<std::string>> Matcher::AddDecline(const Decline& decline) {
  if (!ip_ || !solved_) return Status::Invalid("no successful run to change");
  const auto w = ip_->FindWorker(decline.worker);
  const auto p = ip_->FindPosting(decline.posting);
  if (!w) return Status::Invalid("no worker with id " + decline.worker);
  if (!p) return Status::Invalid("no posting with id " + decline.posting);
  ip_->AddDecline(*w, *p);
  std::vector<int32_t> changed[2];
  CandidateIndex::Scratch scratch;
  std::vector<Candidate> out;
  for (int kind = 0; kind < 2; ++kind) {
    CandidateLists& lists = kind == 1 ? *steady_ : *temporary_;
    index_->Find(*w, kind == 1, ip_->policy().candidates_per_worker, &out, &scratch);
    std::span<const Candidate> cur = lists.Get(*w);
    if (std::equal(cur.begin(), cur.end(), out.begin(), out.end())) continue;
    lists.Set(*w, out);
    changed[kind].push_back(*w);
  }
  return Reoptimise({}, changed[1], changed[0]);
}

std::string Matcher::CheckOptimality() const {
  if (!ip_ || !solved_) return "not solved";
  if (std::string s = phase1_.CheckOptimality(); !s.empty()) return "phase 1: " + s;
  if (std::string s = phase2_.CheckOptimality(); !s.empty()) return "phase 2: " + s;
  return "";
}

}  // namespace leye
