// Two candidate searches build the instance, both through the matcher's own
// CandidateIndex, so "feasible" here is the matcher's word for word:
//   1. on the problem itself (proposals entered as placements): which
//      available workers already have a feasible steady posting with a free
//      slot (not trainees; their households are already coverable);
//   2. on a copy holding only the trainees, each given the union of the
//      skills of every course within reach, and only the steady postings
//      with a free slot (slots = the free ones): rule 7 is monotone in the
//      skills, so this finds a superset of what any one course opens, and
//      the other rules do not depend on skills. Each posting found is then
//      checked against each course within reach on rule 7 alone (the
//      requirements the worker misses must all be met by the course).
// PERF NOTES: search 1 is the matcher's candidate search over the available
// workers (the plan's largest fixed cost); search 2 touches trainees only.
// Courses within reach come from a latitude-sorted list (a band of
// +-radius), since there are few courses (about one per 20 postings).
#include "matcher/training_instance.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "matcher/candidate_index.h"
#include "matcher/geo.h"
#include "matcher/placement_rules.h"

namespace leye {

namespace {

// Runs f(lo, hi, chunk) on `threads` contiguous chunks of [0, n).
template <typename F>
void ParallelChunks(int32_t n, int threads, F&& f) {
  const int nt = std::max(1, std::min(threads, n / 500 + 1));
  if (nt == 1) {
    f(0, n, 0);
    return;
  }
  std::vector<std::thread> pool;
  for (int t = 1; t < nt; ++t)
    pool.emplace_back([&, t] { f(static_cast<int32_t>(int64_t{n} * t / nt), static_cast<int32_t>(int64_t{n} * (t + 1) / nt), t); });
  f(0, static_cast<int32_t>(int64_t{n} / nt), 0);
  for (auto& th : pool) th.join();
}
int ChunkCount(int32_t n, int threads) { return std::max(1, std::min(threads, n / 500 + 1)); }

// Every requirement in `missing` is met by one of `teaches` (rule 7's test).
bool Covers(const std::vector<Skill>& missing, const std::vector<Skill>& teaches) {
  return !Rule7MissingSkill(missing, teaches);
}

// One chunk's share of the trainees' options and pairs.
struct PairChunk {
  std::vector<int32_t> opt_count, pair_count;
  std::vector<int32_t> opt_course;
  std::vector<double> opt_km;
  std::vector<int32_t> pair_posting, pair_score;
  std::vector<int32_t> opens_count, opens;
};

}  // namespace

int32_t TrainingInstance::TraineeOfOption(int64_t o) const {
  return static_cast<int32_t>(std::upper_bound(opt_begin.begin(), opt_begin.end(), o) - opt_begin.begin()) - 1;
}

std::vector<Placement> ProposalPlacements(const TrainingProblem& tp) {
  std::unordered_set<std::string_view> busy;
  for (const Placement& pl : tp.placements)
    if (IsActiveOn(pl, tp.date)) busy.insert(pl.worker);
  std::unordered_map<std::string_view, const Posting*> posting_by_id;
  for (const Posting& p : tp.postings) posting_by_id.emplace(p.id, &p);
  std::vector<Placement> out;
  for (const Proposal& pr : tp.proposals) {
    if (busy.count(pr.worker)) continue;
    Placement x;
    x.id = "proposal-" + pr.worker;
    x.worker = pr.worker;
    x.posting = pr.posting;
    x.kind = PlacementKind::kMatched;
    x.start_date = tp.date;
    auto it = posting_by_id.find(pr.posting);
    int32_t months = it != posting_by_id.end() ? it->second->contract_months : (pr.steady ? 0 : 1);
    if (!pr.steady && months == 0) months = 1;
    x.expected_months = months;
    x.status = PlacementStatus::kActive;
    out.push_back(std::move(x));
  }
  return out;
}

Result<TrainingInstance> BuildTrainingInstance(const TrainingProblem& tp, int threads) {
  TrainingInstance in;
  {
    MatchProblem mp;
    mp.households = tp.households;
    mp.workers = tp.workers;
    mp.employers = tp.employers;
    mp.postings = tp.postings;
    mp.placements = tp.placements;
    std::vector<Placement> extra = ProposalPlacements(tp);
    mp.placements.insert(mp.placements.end(), std::make_move_iterator(extra.begin()),
                         std::make_move_iterator(extra.end()));
    mp.declines = tp.declines;
    mp.date = tp.date;
    mp.policy = tp.policy;
    Result<IndexedProblem> built = IndexedProblem::Build(std::move(mp));
    if (!built.ok()) return built.status();
    in.ip = std::make_unique<IndexedProblem>(std::move(built).value());
  }
  const IndexedProblem& ip = *in.ip;
  const Date date = tp.date;

  // Courses.
  {
    std::vector<int32_t> order(tp.trainings.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int32_t>(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](int32_t a, int32_t b) { return tp.trainings[a].id < tp.trainings[b].id; });
    std::vector<FieldError> errors;
    for (size_t i = 0; i < order.size(); ++i) {
      if (i > 0 && tp.trainings[order[i]].id == tp.trainings[order[i - 1]].id)
        errors.push_back({"/trainings/" + std::to_string(order[i]) + "/id",
                          "duplicate id " + tp.trainings[order[i]].id});
      in.trainings.push_back(tp.trainings[order[i]]);
    }
    if (!errors.empty()) return Status::Invalid("the training input is not consistent", std::move(errors));
  }
  std::unordered_map<std::string_view, int32_t> taken;
  std::unordered_set<std::string_view> enrolled;
  for (const ActiveEnrolment& e : tp.enrolments) {
    ++taken[e.training];
    enrolled.insert(e.worker);
  }
  for (size_t i = 0; i < in.trainings.size(); ++i) {
    const Training& t = in.trainings[i];
    auto it = taken.find(t.id);
    const int32_t free = t.seats - (it == taken.end() ? 0 : it->second);
    if (t.start_date > date && free > 0) {
      in.course_training.push_back(static_cast<int32_t>(i));
      in.course_seats.push_back(free);
    }
  }

  // Postings.
  for (int32_t p = 0; p < ip.num_postings(); ++p) {
    if (!ip.Offered(p) || !ip.Steady(p)) continue;
    in.posting_ip.push_back(p);
    in.posting_slots.push_back(ip.FreeSlots(p));
  }

  // Search 1: who already has a feasible steady posting with a free slot.
  const int32_t nw = ip.num_workers();
  std::vector<uint8_t> has_work(nw, 0), maybe(nw, 0);
  {
    CandidateIndex index(ip);
    ParallelChunks(nw, threads, [&](int32_t lo, int32_t hi, int) {
      CandidateIndex::Scratch scratch;
      std::vector<Candidate> out;
      for (int32_t w = lo; w < hi; ++w) {
        if (!ip.Available(w)) continue;
        index.Find(w, true, 1, &out, &scratch);  // any one will do
        if (!out.empty())
          has_work[w] = 1;
        else
          maybe[w] = !enrolled.count(ip.worker(w).id);
      }
    });
  }
  in.household_coverable.assign(ip.num_households(), 0);
  for (int32_t w = 0; w < nw; ++w)
    if (has_work[w]) in.household_coverable[ip.HouseholdOf(w)] = 1;

  // Courses within reach of each possible trainee.
  std::vector<std::pair<double, int32_t>> by_lat;
  for (int32_t c = 0; c < in.num_courses(); ++c)
    by_lat.emplace_back(in.trainings[in.course_training[c]].location.lat, c);
  std::sort(by_lat.begin(), by_lat.end());
  constexpr double kKmPerDegLat = kEarthRadiusKm * 3.14159265358979323846 / 180.0;
  std::vector<int32_t> candidates;                 // ip workers with a course within reach
  std::vector<int64_t> reach_begin(1, 0);
  std::vector<std::pair<int32_t, double>> reach;   // (course, km)
  for (int32_t w = 0; w < nw; ++w) {
    if (!maybe[w]) continue;
    const Worker& wk = ip.worker(w);
    const double r = wk.willingness.max_commute_km;
    const double band = r / kKmPerDegLat + 1e-6;
    auto lo = std::lower_bound(by_lat.begin(), by_lat.end(), std::make_pair(wk.location.lat - band, -1));
    const size_t before = reach.size();
    for (auto it = lo; it != by_lat.end() && it->first <= wk.location.lat + band; ++it) {
      const double km = GreatCircleKm(wk.location, in.trainings[in.course_training[it->second]].location);
      if (km <= r) reach.emplace_back(it->second, km);
    }
    if (reach.size() == before) continue;
    std::sort(reach.begin() + static_cast<int64_t>(before), reach.end());
    candidates.push_back(w);
    reach_begin.push_back(static_cast<int64_t>(reach.size()));
  }
  in.reachable_trainees = static_cast<int64_t>(candidates.size());

  // Search 2: the candidates with the union of their courses' skills, over the
  // steady postings with a free slot.
  const int32_t nc = static_cast<int32_t>(candidates.size());
  std::unique_ptr<IndexedProblem> ip1;
  {
    MatchProblem mp;
    std::vector<int32_t> households;
    for (int32_t i = 0; i < nc; ++i) {
      Worker wk = ip.worker(candidates[i]);
      std::vector<Skill> extra;
      for (int64_t k = reach_begin[i]; k < reach_begin[i + 1]; ++k)
        for (const Skill& s : in.trainings[in.course_training[reach[k].first]].teaches) {
          auto it = std::find_if(extra.begin(), extra.end(), [&](const Skill& e) { return e.code == s.code; });
          if (it == extra.end()) extra.push_back(s);
          else it->level = std::max(it->level, s.level);
        }
      wk.skills.insert(wk.skills.end(), extra.begin(), extra.end());
      mp.workers.push_back(std::move(wk));
      households.push_back(ip.HouseholdOf(candidates[i]));
    }
    std::sort(households.begin(), households.end());
    households.erase(std::unique(households.begin(), households.end()), households.end());
    for (int32_t h : households) mp.households.push_back(ip.household(h));
    mp.employers = ip.problem().employers;
    for (int32_t q = 0; q < in.num_postings(); ++q) {
      Posting p = ip.posting(in.posting_ip[q]);
      p.slots = in.posting_slots[q];
      mp.postings.push_back(std::move(p));
    }
    mp.declines = tp.declines;
    mp.date = date;
    mp.policy = tp.policy;
    Result<IndexedProblem> built = IndexedProblem::Build(std::move(mp));
    if (!built.ok()) return Status::Internal("the trainees' problem did not index: " + built.status().message());
    ip1 = std::make_unique<IndexedProblem>(std::move(built).value());
  }

  const int nchunks = ChunkCount(nc, threads);
  std::vector<PairChunk> chunks(nchunks);
  {
    CandidateIndex index(*ip1);
    ParallelChunks(nc, threads, [&](int32_t lo, int32_t hi, int t) {
      PairChunk& out = chunks[t];
      CandidateIndex::Scratch scratch;
      std::vector<Candidate> found;
      std::vector<std::vector<int32_t>> opens_by_reach;
      std::vector<Skill> missing;
      for (int32_t i = lo; i < hi; ++i) {
        const int32_t w = candidates[i];
        index.Find(i, true, std::numeric_limits<int32_t>::max(), &found, &scratch);
        std::sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) { return a.posting < b.posting; });
        const int64_t r0 = reach_begin[i], r1 = reach_begin[i + 1];
        opens_by_reach.assign(r1 - r0, {});
        int32_t kept = 0;
        const std::vector<Skill>& own = ip.worker(w).skills;
        for (const Candidate& c : found) {
          missing.clear();
          for (const Skill& req : ip1->posting(c.posting).required_skills)
            if (Rule7MissingSkill(std::span<const Skill>(&req, 1), own)) missing.push_back(req);
          bool any = false;
          for (int64_t k = r0; k < r1; ++k) {
            if (!Covers(missing, in.trainings[in.course_training[reach[k].first]].teaches)) continue;
            opens_by_reach[k - r0].push_back(kept);
            any = true;
          }
          if (!any) continue;
          out.pair_posting.push_back(c.posting);
          out.pair_score.push_back(c.score);
          ++kept;
        }
        int32_t options = 0;
        for (int64_t k = r0; k < r1; ++k) {
          const auto& v = opens_by_reach[k - r0];
          if (v.empty()) continue;
          out.opt_course.push_back(reach[k].first);
          out.opt_km.push_back(reach[k].second);
          out.opens_count.push_back(static_cast<int32_t>(v.size()));
          out.opens.insert(out.opens.end(), v.begin(), v.end());
          ++options;
        }
        out.opt_count.push_back(options);
        out.pair_count.push_back(kept);
      }
    });
  }

  // Join the chunks in order; keep the candidates with at least one option.
  in.opt_begin.push_back(0);
  in.pair_begin.push_back(0);
  in.opens_begin.push_back(0);
  std::vector<int32_t> households;
  {
    int32_t i = 0;
    for (PairChunk& ch : chunks) {
      int64_t o = 0, p = 0, k = 0;
      for (size_t j = 0; j < ch.opt_count.size(); ++j, ++i) {
        const int32_t no = ch.opt_count[j], np = ch.pair_count[j];
        if (no > 0) {
          in.trainee_worker.push_back(candidates[i]);
          households.push_back(ip.HouseholdOf(candidates[i]));
          for (int32_t x = 0; x < no; ++x) {
            in.opt_course.push_back(ch.opt_course[o + x]);
            in.opt_km.push_back(ch.opt_km[o + x]);
            const int32_t cnt = ch.opens_count[o + x];
            in.opens.insert(in.opens.end(), ch.opens.begin() + k, ch.opens.begin() + k + cnt);
            k += cnt;
            in.opens_begin.push_back(static_cast<int64_t>(in.opens.size()));
          }
          in.pair_posting.insert(in.pair_posting.end(), ch.pair_posting.begin() + p, ch.pair_posting.begin() + p + np);
          in.pair_score.insert(in.pair_score.end(), ch.pair_score.begin() + p, ch.pair_score.begin() + p + np);
          in.opt_begin.push_back(static_cast<int64_t>(in.opt_course.size()));
          in.pair_begin.push_back(static_cast<int64_t>(in.pair_posting.size()));
        } else {
          for (int32_t x = 0; x < no; ++x) k += ch.opens_count[o + x];
        }
        o += no;
        p += np;
      }
      ch = PairChunk{};
    }
  }

  // Groups: the trainees' households, with the level they count at.
  std::vector<int32_t> group_ids = households;
  std::sort(group_ids.begin(), group_ids.end());
  group_ids.erase(std::unique(group_ids.begin(), group_ids.end()), group_ids.end());
  in.group_household = group_ids;
  for (int32_t h : group_ids) {
    uint8_t level = 0;
    if (!in.household_coverable[h]) {
      if (ip.Priority(h) == HouseholdPriority::kRelocated && ip.Eligible(h)) level = 1;
      else if (ip.Priority(h) == HouseholdPriority::kPoor) level = 2;
    }
    in.group_level.push_back(level);
  }
  for (int32_t h : households)
    in.trainee_group.push_back(static_cast<int32_t>(std::lower_bound(group_ids.begin(), group_ids.end(), h) - group_ids.begin()));
  return in;
}

}  // namespace leye
