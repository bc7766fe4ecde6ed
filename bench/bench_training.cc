// Training placement benchmark (issue 5, item 5): a generated province (or
// county) with its courses, the latest match run solved by the Matcher (its
// proposals take slots and their workers), then PlanTraining: time, sizes,
// totals, exact or the bound's gap, peak memory. A second plan without the
// integer program shows what the flow and the greedy repair reach alone.
//
//   bench_training [--scale county|province] [--seed N] [--threads N]
//                  [--nodes N] [--max-ilp-columns N] [--no-greedy]
//                  [--proposals FILE]
//
// --proposals FILE keeps the latest run's proposals (worker, posting, steady
// per line): read from FILE when it exists, else computed and written there,
// so repeated runs skip the match.
//
// Prints one line per figure. Peak memory is VmHWM, reset (clear_refs)
// before each measured part.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "generator/fake_register.h"
#include "matcher/matcher.h"
#include "matcher/training_plan.h"

using namespace leye;

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double StatusMiB(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(key, 0) == 0) return std::atof(line.c_str() + std::strlen(key)) / 1024.0;
  return 0;
}
void ResetPeak() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
}

std::string Tot(const TrainingTotals& t) {
  char b[120];
  std::snprintf(b, sizeof b, "[%lld, %lld, %lld]", static_cast<long long>(t.relocated_households_coverable),
                static_cast<long long>(t.poor_households_coverable), static_cast<long long>(t.workers_gaining_posting));
  return b;
}

void Report(const char* name, const TrainingPlan& p, double seconds, double peak_mib) {
  const TrainingStats& s = p.stats;
  std::printf("%s: %.2f s, peak %.0f MiB, totals %s, %s, method %s\n", name, seconds, peak_mib, Tot(p.totals).c_str(),
              p.exact ? "exact" : "NOT exact", p.method.c_str());
  if (p.upper_bound) {
    const TrainingTotals& u = *p.upper_bound;
    std::printf("%s: upper bound %s, gap [%lld, %lld, %lld]\n", name, Tot(u).c_str(),
                static_cast<long long>(u.relocated_households_coverable - p.totals.relocated_households_coverable),
                static_cast<long long>(u.poor_households_coverable - p.totals.poor_households_coverable),
                static_cast<long long>(u.workers_gaining_posting - p.totals.workers_gaining_posting));
  }
  std::printf("%s: components %lld (flow-proven %lld, to CBC %lld, CBC-proven %lld, with a bound %lld), "
              "largest program %lld columns, %lld nodes, %lld LP iterations\n",
              name, static_cast<long long>(s.components), static_cast<long long>(s.components_flow),
              static_cast<long long>(s.components_ilp), static_cast<long long>(s.components_ilp_proven),
              static_cast<long long>(s.components_bound), static_cast<long long>(s.largest_ilp_columns),
              static_cast<long long>(s.ilp_nodes), static_cast<long long>(s.lp_iterations));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const char* scale = "province";
  uint64_t seed = 1;
  int threads = 2;
  int32_t nodes = TrainingOptions{}.max_ilp_nodes;
  int64_t columns = TrainingOptions{}.max_ilp_columns;
  bool greedy = true;
  std::string cache;  // the latest run's proposals: read from here if present, else written here
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--scale") && i + 1 < argc) scale = argv[++i];
    else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--nodes") && i + 1 < argc) nodes = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--max-ilp-columns") && i + 1 < argc) columns = std::atoll(argv[++i]);
    else if (!std::strcmp(argv[i], "--no-greedy")) greedy = false;
    else if (!std::strcmp(argv[i], "--proposals") && i + 1 < argc) cache = argv[++i];
    else {
      std::fprintf(stderr, "usage: bench_training [--scale county|province] [--seed N] [--threads N] [--nodes N] [--max-ilp-columns N] [--no-greedy] [--proposals FILE]\n");
      return 2;
    }
  }
  const Date today = Date::FromCivil(2026, 12, 1);
  const GeneratorOptions opts =
      std::strcmp(scale, "county") == 0 ? CountyOptions(seed, today) : ProvinceOptions(seed, today);
  auto t0 = Clock::now();
  GeneratedRegister reg = Generate(opts);
  int64_t seats = 0;
  for (const Training& t : reg.trainings) seats += t.seats;
  std::printf("%s (seed %llu): %zu households, %zu workers, %zu postings, %zu courses with %lld seats; generated in %.2f s\n",
              scale, static_cast<unsigned long long>(seed), reg.households.size(), reg.workers.size(),
              reg.postings.size(), reg.trainings.size(), static_cast<long long>(seats), Since(t0));
  std::fflush(stdout);

  // The latest match run: its proposals are an input of the plan.
  MatchProblem mp;
  mp.households = reg.households;
  mp.workers = reg.workers;
  mp.employers = reg.employers;
  mp.postings = reg.postings;
  mp.placements = reg.placements;
  mp.date = today;
  t0 = Clock::now();
  std::vector<Proposal> proposals;
  if (std::ifstream in(cache); !cache.empty() && in) {
    Proposal p;
    int steady = 0;
    while (in >> p.worker >> p.posting >> steady) {
      p.steady = steady != 0;
      proposals.push_back(p);
    }
  } else {
    Matcher m;
    m.SetProblem(std::move(mp)).SetThreads(threads);
    if (m.Run() != Matcher::Outcome::kOptimal) {
      std::fprintf(stderr, "match failed: %s\n", m.error().message().c_str());
      return 1;
    }
    for (const Worker& w : reg.workers)
      if (auto p = m.ProposalFor(w.id)) proposals.push_back(std::move(*p));
    if (!cache.empty()) {
      std::ofstream out(cache);
      for (const Proposal& p : proposals) out << p.worker << ' ' << p.posting << ' ' << (p.steady ? 1 : 0) << '\n';
    }
  }
  std::printf("latest match run: %.2f s, %zu proposals\n", Since(t0), proposals.size());
  std::fflush(stdout);

  TrainingProblem tp;
  tp.households = std::move(reg.households);
  tp.workers = std::move(reg.workers);
  tp.employers = std::move(reg.employers);
  tp.postings = std::move(reg.postings);
  tp.trainings = std::move(reg.trainings);
  tp.placements = std::move(reg.placements);
  tp.proposals = std::move(proposals);
  tp.date = today;

  TrainingOptions o;
  o.threads = threads;
  o.max_ilp_nodes = nodes;
  o.max_ilp_columns = columns;
  const double base_mib = StatusMiB("VmRSS:");
  ResetPeak();
  t0 = Clock::now();
  Result<TrainingPlan> plan = PlanTraining(tp, o);
  const double plan_s = Since(t0);
  if (!plan.ok()) {
    std::fprintf(stderr, "plan failed: %s\n", plan.status().message().c_str());
    return 1;
  }
  const TrainingStats& s = plan->stats;
  std::printf("instance: %lld trainees with a course within reach, %lld courses (%lld free seats), "
              "%lld steady postings with a free slot (%lld slots), %lld (trainee, course) options, "
              "%lld (trainee, posting) pairs, %lld triples\n",
              static_cast<long long>(s.trainees), static_cast<long long>(s.courses), static_cast<long long>(s.seats),
              static_cast<long long>(s.postings), static_cast<long long>(s.slots), static_cast<long long>(s.options),
              static_cast<long long>(s.pairs), static_cast<long long>(s.triples));
  std::printf("input held in memory before the plan: %.0f MiB\n", base_mib);
  Report("plan", *plan, plan_s, StatusMiB("VmHWM:"));
  int64_t levels[4] = {0, 0, 0, 0};
  for (const TrainingAssignment& a : plan->assignments) ++levels[a.level];
  std::printf("plan: %zu assignments (level 1: %lld, level 2: %lld, level 3: %lld)\n", plan->assignments.size(),
              static_cast<long long>(levels[1]), static_cast<long long>(levels[2]), static_cast<long long>(levels[3]));
  if (!plan->assignments.empty()) std::printf("example: %s -> %s\n", plan->assignments.front().worker.c_str(), plan->assignments.front().why.c_str());

  if (greedy) {
    o.max_ilp_columns = 0;
    ResetPeak();
    t0 = Clock::now();
    Result<TrainingPlan> g = PlanTraining(tp, o);
    const double g_s = Since(t0);
    if (g.ok()) Report("without CBC", *g, g_s, StatusMiB("VmHWM:"));
  }

  // The 311 advice for a few workers, one call each (a kiosk's request).
  {
    int asked = 0, advised = 0;
    t0 = Clock::now();
    for (size_t i = 0; i < tp.workers.size() && asked < 20; i += tp.workers.size() / 20 + 1, ++asked) {
      auto r = BestCourseFor(tp, tp.workers[i].id);
      advised += r.ok() && r->has_value();
    }
    std::printf("BestCourseFor: %.1f ms per worker (%d asked, %d advised)\n", Since(t0) * 1000 / std::max(1, asked),
                asked, advised);
  }
  return 0;
}
