// Matching benchmark (issue 3, "Targets"): a generated county and province,
// solved by the Matcher, with LEMON's NetworkSimplex on the very same phase-1
// network in the same run as the reference (exact: __int128 costs with
// per-level weights sized for the instance), the incremental changes, and
// the levels at K and 4K candidates per worker.
//
//   bench_match [--scale county|province|both] [--seed N] [--threads N]
//               [--no-lemon] [--no-4k] [--changes N]
//
// Prints one line per figure. Peak memory is VmHWM, reset (clear_refs) before
// each measured part, so the matcher's peak does not include LEMON's.
#include <sys/resource.h>
#include <time.h>

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "generator/fake_register.h"
#include "matcher/lexicographic_solver.h"
#include "matcher/matcher.h"

using namespace leye;

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
// CPU seconds of the whole process (all threads): on a shared machine the
// wall time stretches with other people's load, CPU time hardly.
double Cpu() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Peak resident memory of the process since the last ResetPeak(), MiB.
double PeakMiB() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}
void ResetPeak() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
}
double RssMiB() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}

std::string Lv(const Levels& l) {
  char b[200];
  std::snprintf(b, sizeof b, "[%lld, %lld, %lld, %lld, %lld] temporary %lld",
                static_cast<long long>(l.relocated_households_covered),
                static_cast<long long>(l.poor_households_first_job),
                static_cast<long long>(l.hard_to_employ_in_public_welfare), static_cast<long long>(l.workers_placed),
                static_cast<long long>(l.total_score), static_cast<long long>(l.temporary_placed));
  return b;
}
std::string Lv(const LexCost& l) {
  char b[160];
  std::snprintf(b, sizeof b, "[%lld, %lld, %lld, %lld, %lld]", static_cast<long long>(l.v[0]),
                static_cast<long long>(l.v[1]), static_cast<long long>(l.v[2]), static_cast<long long>(l.v[3]),
                static_cast<long long>(l.v[4]));
  return b;
}

// The phase-1 network as flat arrays: what the solver and LEMON both get.
struct Network {
  std::vector<int32_t> cap;
  std::vector<HouseholdPriority> prio;
  std::vector<int32_t> group;
  std::vector<int64_t> begin;
  std::vector<SolverArc> arcs;
};

Network Phase1(const Matcher& m) {
  const IndexedProblem& ip = m.problem();
  Network n;
  for (int32_t p = 0; p < ip.num_postings(); ++p)
    n.cap.push_back(ip.Offered(p) && ip.Steady(p) ? ip.FreeSlots(p) : 0);
  for (int32_t h = 0; h < ip.num_households(); ++h) n.prio.push_back(ip.Priority(h));
  n.begin.push_back(0);
  for (int32_t w = 0; w < ip.num_workers(); ++w) {
    n.group.push_back(ip.HouseholdOf(w));
    const bool hard = ip.worker(w).hard_to_employ;
    for (const Candidate& c : m.Candidates(w, true))
      n.arcs.push_back({c.posting, c.score,
                        hard && ip.employer(ip.EmployerOf(c.posting)).kind == EmployerKind::kPublicWelfare});
    n.begin.push_back(static_cast<int64_t>(n.arcs.size()));
  }
  return n;
}

// LEMON NetworkSimplex on `n`, exact: each level's weight exceeds the most
// the levels below can add up to in this instance, in __int128.
struct LemonRun {
  double build_s = 0, run_s = 0, run_cpu = 0, peak_mib = 0;
  LexCost levels;
  bool optimal = false;
};

LemonRun Lemon(const Network& n) {
  using G = lemon::SmartDigraph;
  using Cost = __int128;
  LemonRun r;
  ResetPeak();
  const auto t0 = Clock::now();
  const int64_t nw = static_cast<int64_t>(n.group.size()), nh = static_cast<int64_t>(n.prio.size());
  std::vector<int64_t> members(nh, 0);
  int64_t units = 0, max_l5 = 0;
  for (int64_t w = 0; w < nw; ++w) {
    if (n.begin[w + 1] == n.begin[w]) continue;
    ++members[n.group[w]];
    ++units;
    int32_t best = 0;
    for (int64_t a = n.begin[w]; a < n.begin[w + 1]; ++a) best = std::max(best, n.arcs[a].score);
    max_l5 += best;
  }
  int64_t max_l3 = 0, max_l2 = 0;
  for (int64_t w = 0; w < nw; ++w)
    for (int64_t a = n.begin[w]; a < n.begin[w + 1]; ++a)
      if (n.arcs[a].public_welfare) {
        ++max_l3;
        break;
      }
  for (int64_t h = 0; h < nh; ++h) max_l2 += members[h] > 0 && n.prio[h] == HouseholdPriority::kPoor;
  const Cost w5 = 1, w4 = Cost(max_l5) + 1, w3 = w4 * (units + 1) + max_l5, w2 = w3 * (max_l3 + 1) + w3,
             w1 = w2 * (max_l2 + 1) + w2;
  G g;
  g.reserveNode(static_cast<int>(2 + nh + nw + n.cap.size()));
  g.reserveArc(static_cast<int>(n.arcs.size() + 2 * nw + n.cap.size() + 1));
  const G::Node s = g.addNode(), t = g.addNode();
  std::vector<G::Node> hn(nh), wn(nw), pn(n.cap.size());
  for (auto& x : hn) x = g.addNode();
  for (auto& x : wn) x = g.addNode();
  for (auto& x : pn) x = g.addNode();
  std::vector<int32_t> upper;
  std::vector<Cost> cost;
  auto arc = [&](G::Node a, G::Node b, Cost c, int32_t u) {
    g.addArc(a, b);
    upper.push_back(u);
    cost.push_back(c);
  };
  for (int64_t h = 0; h < nh; ++h) {
    if (members[h] == 0) continue;
    const Cost bonus = n.prio[h] == HouseholdPriority::kRelocated ? w1 : n.prio[h] == HouseholdPriority::kPoor ? w2 : 0;
    arc(s, hn[h], -bonus, 1);
    if (members[h] > 1) arc(s, hn[h], 0, static_cast<int32_t>(members[h] - 1));
  }
  const int first_worker_arc = static_cast<int>(upper.size());
  for (int64_t w = 0; w < nw; ++w) {
    if (n.begin[w + 1] == n.begin[w]) continue;
    arc(hn[n.group[w]], wn[w], 0, 1);
    for (int64_t a = n.begin[w]; a < n.begin[w + 1]; ++a)
      arc(wn[w], pn[n.arcs[a].posting], -(w3 * n.arcs[a].public_welfare + w4 + w5 * n.arcs[a].score), 1);
  }
  for (size_t p = 0; p < n.cap.size(); ++p) arc(pn[p], t, 0, n.cap[p]);
  arc(s, t, 0, static_cast<int32_t>(units));
  // LEMON's own maps cannot hold __int128 under C++20 (its ArrayMap uses
  // allocator members C++20 removed): a read map over the vector instead.
  struct CostMap {
    using Key = G::Arc;
    using Value = Cost;
    const G* g;
    const std::vector<Cost>* v;
    Value operator[](const Key& k) const { return (*v)[g->id(k)]; }
  } co{&g, &cost};
  G::ArcMap<int32_t> up(g);
  for (G::ArcIt a(g); a != lemon::INVALID; ++a) up[a] = upper[g.id(a)];
  G::NodeMap<int32_t> supply(g, 0);
  supply[s] = static_cast<int32_t>(units);
  supply[t] = -static_cast<int32_t>(units);
  lemon::NetworkSimplex<G, int32_t, Cost> ns(g);
  ns.upperMap(up).costMap(co).supplyMap(supply);
  r.build_s = Since(t0);
  const auto t1 = Clock::now();
  const double c1 = Cpu();
  r.optimal = ns.run() == lemon::NetworkSimplex<G, int32_t, Cost>::OPTIMAL;
  r.run_s = Since(t1);
  r.run_cpu = Cpu() - c1;
  r.peak_mib = PeakMiB();
  // Levels of LEMON's flow.
  std::vector<uint8_t> counted(nh, 0);
  int id = first_worker_arc;
  for (int64_t w = 0; w < nw; ++w) {
    if (n.begin[w + 1] == n.begin[w]) continue;
    ++id;  // household -> worker
    for (int64_t a = n.begin[w]; a < n.begin[w + 1]; ++a, ++id) {
      if (ns.flow(g.arcFromId(id)) <= 0) continue;
      const int32_t h = n.group[w];
      if (!counted[h]) {
        counted[h] = 1;
        if (n.prio[h] == HouseholdPriority::kRelocated) ++r.levels.v[0];
        if (n.prio[h] == HouseholdPriority::kPoor) ++r.levels.v[1];
      }
      r.levels.v[2] += n.arcs[a].public_welfare;
      r.levels.v[3] += 1;
      r.levels.v[4] += n.arcs[a].score;
    }
  }
  return r;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

MatchProblem ProblemOf(const GeneratedRegister& reg, Date today, int32_t k) {
  MatchProblem p;
  p.households = reg.households;
  p.workers = reg.workers;
  p.employers = reg.employers;
  p.postings = reg.postings;
  p.placements = reg.placements;
  p.date = today;
  p.policy.candidates_per_worker = k;
  return p;
}

void Bench(const char* scale, uint64_t seed, int threads, bool lemon, bool four_k, int changes) {
  const Date today = Date::FromCivil(2026, 12, 1);
  std::printf("== %s (seed %llu, %d candidate-search thread%s)\n", scale, static_cast<unsigned long long>(seed),
              threads, threads == 1 ? "" : "s");
  auto t = Clock::now();
  const GeneratorOptions opts =
      std::strcmp(scale, "county") == 0 ? CountyOptions(seed, today) : ProvinceOptions(seed, today);
  GeneratedRegister reg = Generate(opts);
  std::printf("generate: %.2f s; %zu households, %zu workers, %zu employers, %zu postings, %zu placements\n",
              Since(t), reg.households.size(), reg.workers.size(), reg.employers.size(), reg.postings.size(),
              reg.placements.size());
  const double base_rss = RssMiB();
  ResetPeak();

  Matcher m;
  // Phase 1 (steady postings) timed by its progress: from its first report to its last.
  double steady_t0 = -1, steady_c0 = 0, steady_s = 0, steady_cpu = 0;
  const auto origin = Clock::now();
  m.SetProblem(ProblemOf(reg, today, 50)).SetThreads(threads).SetProgress([&](std::string_view stage, double done) {
    if (stage != "steady") return;
    if (steady_t0 < 0) {
      steady_t0 = Since(origin);
      steady_c0 = Cpu();
    }
    if (done >= 1.0) {
      steady_s = Since(origin) - steady_t0;
      steady_cpu = Cpu() - steady_c0;
    }
  });
  t = Clock::now();
  double c = Cpu();
  if (m.FindCandidates() != Matcher::Outcome::kOptimal) {
    std::printf("invalid input: %s\n", m.error().message().c_str());
    return;
  }
  const double cand_s = Since(t), cand_cpu = Cpu() - c;
  t = Clock::now();
  c = Cpu();
  if (m.Solve() != Matcher::Outcome::kOptimal) {
    std::printf("solve failed: %s\n", m.error().message().c_str());
    return;
  }
  const double solve_s = Since(t), solve_cpu = Cpu() - c;
  const double peak = PeakMiB();
  const Levels levels = m.levels();
  const MatchStats& st = m.stats();
  int64_t slots = 0, steady_slots = 0;
  for (int32_t p = 0; p < m.problem().num_postings(); ++p)
    if (m.problem().Offered(p)) {
      slots += m.problem().FreeSlots(p);
      if (m.problem().Steady(p)) steady_slots += m.problem().FreeSlots(p);
    }
  std::printf("free slots: %lld (steady %lld)\n", static_cast<long long>(slots), static_cast<long long>(steady_slots));
  std::printf("candidate search (K = 50): %.3f s wall, %.3f s CPU; %lld steady + %lld temporary arcs; %lld workers cut to K\n", cand_s, cand_cpu,
              static_cast<long long>(st.steady_arcs), static_cast<long long>(st.temporary_arcs),
              static_cast<long long>(st.workers_at_k));
  std::printf("solve, both phases: %.3f s wall, %.3f s CPU (%lld pivots; %lld searches, %lld nodes settled, %lld global updates)\n", solve_s,
              solve_cpu, static_cast<long long>(st.pivots), static_cast<long long>(st.augmentations),
              static_cast<long long>(st.nodes_scanned), static_cast<long long>(st.global_updates));
  std::printf("candidate search + solve: %.3f s wall, %.3f s CPU\n", cand_s + solve_s, cand_cpu + solve_cpu);
  std::printf("peak memory, matcher (VmHWM, process base %.0f MiB before): %.0f MiB\n", base_rss, peak);
  std::printf("levels: %s\n", Lv(levels).c_str());
  t = Clock::now();
  const MatchResult& r = m.result();
  std::printf("result with factors and reasons: %.3f s; %zu proposals, %zu unplaced workers, %zu uncovered households\n",
              Since(t), r.proposals.size(), r.unplaced_workers.size(), r.uncovered_households.size());

  const Network net = Phase1(m);
  {
    LexCost mine;
    mine.v[0] = levels.relocated_households_covered;
    mine.v[1] = levels.poor_households_first_job;
    mine.v[2] = levels.hard_to_employ_in_public_welfare;
    mine.v[3] = levels.workers_placed;
    mine.v[4] = levels.total_score;
    std::printf("phase-1 network: %zu households, %zu workers, %zu postings, %zu arcs\n", net.prio.size(),
                net.group.size(), net.cap.size(), net.arcs.size());
    std::printf("phase 1 (steady postings) of the solve: %.3f s wall, %.3f s CPU\n", steady_s, steady_cpu);
    if (lemon) {
      const LemonRun lr = Lemon(net);
      std::printf("phase 1 by LEMON NetworkSimplex (__int128 exact): build %.3f s, run %.3f s wall, %.3f s CPU, "
                  "peak %.0f MiB, %s, levels %s -> %s\n",
                  lr.build_s, lr.run_s, lr.run_cpu, lr.peak_mib, lr.optimal ? "optimal" : "NOT OPTIMAL",
                  Lv(lr.levels).c_str(), lr.levels == mine ? "equal" : "DIFFERENT");
      std::printf("ratio solver / LEMON run: %.3f wall, %.3f CPU\n", steady_s / lr.run_s, steady_cpu / lr.run_cpu);
    }
  }

  // Incremental: new 1-slot postings (copies of random steady ones), then
  // declines of random proposals.
  if (changes > 0) {
    std::mt19937_64 rng(seed);
    std::vector<double> post_ms, decline_ms;
    for (int i = 0; i < changes; ++i) {
      Posting q = reg.postings[rng() % reg.postings.size()];
      q.id = "BENCH-NEW-" + std::to_string(i);
      q.slots = 1;
      q.open = true;
      t = Clock::now();
      auto ch = m.AddPosting(q);
      post_ms.push_back(Since(t) * 1000);
      if (!ch.ok()) std::printf("AddPosting failed: %s\n", ch.status().message().c_str());
    }
    std::vector<std::pair<std::string, std::string>> picks;
    for (const Proposal& p : m.result().proposals)
      if (rng() % 50 == 0 && picks.size() < static_cast<size_t>(changes)) picks.emplace_back(p.worker, p.posting);
    for (const auto& [w, p] : picks) {
      t = Clock::now();
      auto ch = m.AddDecline({w, p});
      decline_ms.push_back(Since(t) * 1000);
      if (!ch.ok()) std::printf("AddDecline failed: %s\n", ch.status().message().c_str());
    }
    std::printf("incremental: new 1-slot posting median %.2f ms (max %.2f), decline median %.2f ms (max %.2f), "
                "%d each\n",
                Median(post_ms), post_ms.empty() ? 0 : *std::max_element(post_ms.begin(), post_ms.end()),
                Median(decline_ms), decline_ms.empty() ? 0 : *std::max_element(decline_ms.begin(), decline_ms.end()),
                changes);
    t = Clock::now();
    Matcher fresh;
    fresh.SetProblem(m.problem().problem()).SetThreads(threads);
    fresh.Run();
    // Levels 1-5 must be equal; temporary_placed (phase 2, over the workers
    // phase 1 leaves) may differ where phase 1 has several optima.
    Levels a = m.levels(), b = fresh.levels();
    a.temporary_placed = b.temporary_placed = 0;
    std::printf("after the changes: levels %s; a fresh run: %s -> levels 1-5 %s (%.2f s)\n", Lv(m.levels()).c_str(),
                Lv(fresh.levels()).c_str(), a == b ? "equal" : "DIFFERENT", Since(t));
  }

  if (four_k) {
    Matcher m4;
    m4.SetProblem(ProblemOf(reg, today, 200)).SetThreads(threads);
    t = Clock::now();
    m4.FindCandidates();
    const double c4 = Since(t);
    t = Clock::now();
    m4.Solve();
    const double s4 = Since(t);
    const Levels l4 = m4.levels();
    std::printf("K = 200: candidate search %.3f s, solve %.3f s, %lld steady arcs, %lld workers cut; levels %s\n", c4,
                s4, static_cast<long long>(m4.stats().steady_arcs), static_cast<long long>(m4.stats().workers_at_k),
                Lv(l4).c_str());
    std::printf("K -> 4K: level 1 %+lld, level 2 %+lld, level 3 %+lld, level 4 %+lld, level 5 %+lld, temporary %+lld\n",
                static_cast<long long>(l4.relocated_households_covered - levels.relocated_households_covered),
                static_cast<long long>(l4.poor_households_first_job - levels.poor_households_first_job),
                static_cast<long long>(l4.hard_to_employ_in_public_welfare - levels.hard_to_employ_in_public_welfare),
                static_cast<long long>(l4.workers_placed - levels.workers_placed),
                static_cast<long long>(l4.total_score - levels.total_score),
                static_cast<long long>(l4.temporary_placed - levels.temporary_placed));
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows line by line when redirected
  std::string scale = "both";
  uint64_t seed = 1;
  int threads = 2, changes = 20;
  bool lemon = true, four_k = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--scale" && i + 1 < argc) scale = argv[++i];
    else if (a == "--seed" && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--threads" && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (a == "--changes" && i + 1 < argc) changes = std::atoi(argv[++i]);
    else if (a == "--no-lemon") lemon = false;
    else if (a == "--no-4k") four_k = false;
    else {
      std::fprintf(stderr,
                   "usage: bench_match [--scale county|province|both] [--seed N] [--threads N] [--no-lemon] "
                   "[--no-4k] [--changes N]\n");
      return 2;
    }
  }
  if (scale == "county" || scale == "both") Bench("county", seed, threads, lemon, four_k, changes);
  if (scale == "province" || scale == "both") Bench("province", seed, threads, lemon, four_k, changes);
  return 0;
}
