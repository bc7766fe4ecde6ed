// Guarantee status benchmark (issue 4, "Done when": the status of 300 000
// households for one date computes in well under a second). Generates a fake
// province of 300 000 households (~660 000 workers, placements for ~25 % of
// the willing) and times ComputeGuarantee for one date: the median of 5 runs
// with the records in id order (as the register hands them over), 12 further
// dates, and the median of 5 with every input shuffled (the sort and hash
// paths). Prints one line per phase; no Redis, no I/O beyond stdout.
//
// Usage: build/bench_guarantee [households]   (default 300000)
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <utility>
#include <vector>

#include "generator/fake_register.h"
#include "matcher/guarantee.h"

using namespace leye;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// CPU time of this thread: on a shared machine it says what the call costs
// even when other processes take turns on the cores.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Timing {
  double wall = 0;  // median wall-clock seconds
  double cpu = 0;   // median thread CPU seconds
};

// Medians of `runs` timed calls; keeps the last report in *out (the previous
// one is destroyed outside the timed region).
Timing Median(const GuaranteeInput& in, int runs, GuaranteeReport* out) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    *out = GuaranteeReport{};
    const double c0 = CpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    GuaranteeReport r = ComputeGuarantee(in);
    wall.push_back(Seconds(t0));
    cpu.push_back(CpuSeconds() - c0);
    *out = std::move(r);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  const size_t households = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 300000;
  const Date today = *ParseDate("2026-12-01");
  GeneratorOptions opts = ProvinceOptions(7, today);
  opts.households = households;

  auto t0 = std::chrono::steady_clock::now();
  const GeneratedRegister g = Generate(opts);
  size_t relocated = 0, active = 0;
  for (const auto& h : g.households) relocated += h.relocated;
  for (const auto& p : g.placements) active += p.start_date <= today && (!p.end_date || *p.end_date > today);
  std::printf("generate: %zu households (%zu relocated), %zu workers, %zu placements (%zu active), %zu postings in %.2f s\n",
              g.households.size(), relocated, g.workers.size(), g.placements.size(), active, g.postings.size(),
              Seconds(t0));
  const double rss_generated = PeakRssMb();

  GuaranteeInput in;
  in.date = today;
  for (const auto& x : g.households) in.households.push_back(&x);
  for (const auto& x : g.workers) in.workers.push_back(&x);
  for (const auto& x : g.placements) in.placements.push_back(&x);
  for (const auto& x : g.postings) in.postings.push_back(&x);
  for (const auto& x : g.employers) in.employers.push_back(&x);

  constexpr int kRuns = 5;
  GuaranteeReport r;
  const Timing sorted = Median(in, kRuns, &r);
  std::printf("ComputeGuarantee, records in id order: median of %d %.3f s wall, %.3f s CPU\n", kRuns, sorted.wall,
              sorted.cpu);
  std::printf("  %zu sites, %zu counties; total: eligible %lld, covered %lld, at_risk %lld, uncovered %lld, "
              "not_eligible %lld, coverage %.3f, workers placed %lld\n",
              r.sites.size(), r.regions.size(), static_cast<long long>(r.total.eligible),
              static_cast<long long>(r.total.covered), static_cast<long long>(r.total.at_risk),
              static_cast<long long>(r.total.uncovered), static_cast<long long>(r.total.not_eligible),
              r.total.coverage_rate.value_or(0), static_cast<long long>(r.total.placed.Total()));

  const double rss_computed = PeakRssMb();

  // Other dates, as when the daily snapshots of a year are rebuilt.
  std::vector<double> per_date, per_date_cpu;
  for (int i = 1; i <= 12; ++i) {
    in.date = Date{today.days + 30 * i};
    const double c0 = CpuSeconds();
    const auto t1 = std::chrono::steady_clock::now();
    GuaranteeReport other = ComputeGuarantee(in);
    per_date.push_back(Seconds(t1));
    per_date_cpu.push_back(CpuSeconds() - c0);
  }
  std::sort(per_date.begin(), per_date.end());
  std::sort(per_date_cpu.begin(), per_date_cpu.end());
  std::printf("ComputeGuarantee for 12 further dates (monthly): median %.3f s wall (max %.3f), %.3f s CPU\n",
              per_date[6], per_date.back(), per_date_cpu[6]);
  in.date = today;

  std::mt19937 rng(7);
  std::shuffle(in.households.begin(), in.households.end(), rng);
  std::shuffle(in.workers.begin(), in.workers.end(), rng);
  std::shuffle(in.placements.begin(), in.placements.end(), rng);
  std::shuffle(in.postings.begin(), in.postings.end(), rng);
  GuaranteeReport shuffled;
  const Timing shuffled_t = Median(in, kRuns, &shuffled);
  const bool same = shuffled.households == r.households && shuffled.sites == r.sites && shuffled.total == r.total;
  std::printf("ComputeGuarantee, every input shuffled: median of %d %.3f s wall, %.3f s CPU (same report: %s)\n", kRuns,
              shuffled_t.wall, shuffled_t.cpu, same ? "yes" : "NO");
  std::printf("peak RSS: %.0f MB after generating, %.0f MB after the first reports, %.0f MB at the end\n",
              rss_generated, rss_computed, PeakRssMb());
  return same ? 0 : 1;
}
