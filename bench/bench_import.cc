// Import benchmark (issue 2, "Done when"): how long a bureau waits for a
// spreadsheet of 100 000 workers. Generates a fake county, writes it as the
// CSV a bureau would upload, and imports it through the RegisterService (the
// server's own code path, minus the socket) into a real Redis at
// LEYE_BENCH_REDIS_URL (scripts/bench starts one). Prints one line per phase.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "connectors/http/register_service.h"
#include "connectors/importer/record_import.h"
#include "connectors/importer/table_reader.h"
#include "connectors/redis/pii_cipher.h"
#include "generator/fake_register.h"

using namespace leye;

namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

std::string Bool(bool b) { return b ? "true" : "false"; }

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ";") + s;
  return out;
}

std::string HouseholdsCsv(const std::vector<Household>& hs) {
  std::string csv = "id,region,registered_poor,poverty_status,relocated,site\n";
  for (const auto& h : hs)
    csv += h.id + "," + h.region + "," + Bool(h.registered_poor) + "," + std::string(ToString(h.poverty_status)) +
           "," + Bool(h.relocated) + "," + h.site + "\n";
  return csv;
}

std::string WorkersCsv(const std::vector<Worker>& ws) {
  std::string csv =
      "id,household,name,id_number,labor_ability,hard_to_employ,skills,location.lat,location.lng,"
      "willingness.wants_work,willingness.categories,willingness.max_commute_km,willingness.leave_county,"
      "willingness.leave_province,willingness.hours,willingness.min_monthly_wage\n";
  char num[64];
  for (const auto& w : ws) {
    std::vector<std::string> skills, hours;
    for (const auto& s : w.skills) skills.push_back(s.code + ":" + std::to_string(s.level));
    for (Hours h : w.willingness.hours) hours.emplace_back(ToString(h));
    csv += w.id + "," + w.household + "," + w.name + "," + w.id_number + "," +
           std::string(ToString(w.labor_ability)) + "," + Bool(w.hard_to_employ) + "," + Join(skills) + ",";
    std::snprintf(num, sizeof num, "%.6f,%.6f,", w.location.lat, w.location.lng);
    csv += num;
    csv += Bool(w.willingness.wants_work) + "," + Join(w.willingness.categories) + ",";
    std::snprintf(num, sizeof num, "%.1f,", w.willingness.max_commute_km);
    csv += num;
    csv += Bool(w.willingness.leave_county) + "," + Bool(w.willingness.leave_province) + "," + Join(hours) + "," +
           std::to_string(w.willingness.min_monthly_wage) + "\n";
  }
  return csv;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t target_workers = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const char* url = std::getenv("LEYE_BENCH_REDIS_URL");
  if (!url) {
    std::fprintf(stderr, "bench_import: set LEYE_BENCH_REDIS_URL (scripts/bench does)\n");
    return 2;
  }
  const Date today = *ParseDate("2026-12-01");
  GeneratorOptions opts = CountyOptions(7, today);
  opts.households = static_cast<size_t>(static_cast<double>(target_workers) / opts.workers_per_household);
  auto t0 = std::chrono::steady_clock::now();
  GeneratedRegister g = Generate(opts);
  if (g.workers.size() > target_workers) g.workers.resize(target_workers);
  std::printf("generate: %zu households, %zu workers in %.2f s\n", g.households.size(), g.workers.size(), Seconds(t0));
  const std::string households_csv = HouseholdsCsv(g.households);
  const std::string workers_csv = WorkersCsv(g.workers);
  std::printf("csv: workers file %.1f MB\n", static_cast<double>(workers_csv.size()) / 1e6);

  Config config;
  config.redis_url = url;
  config.pii_secret = "bench-pii-secret-0123456789abcdef0123456789";
  config.admin_token = "bench-admin-token-000001";
  http::RegisterService svc(config, PiiCipher::FromSecret(config.pii_secret).value(), [=] { return today; });
  if (!svc.RedisHealth().ok() || !svc.redis().Command({"FLUSHALL"}).ok()) {
    std::fprintf(stderr, "bench_import: Redis at %s is not reachable\n", url);
    return 2;
  }
  if (!svc.LoadNow().ok()) return 2;
  const http::Principal admin{"bench", Role::kAdmin, ""};

  t0 = std::chrono::steady_clock::now();
  auto hr = svc.Import(Kind::kHousehold, households_csv, admin);
  if (!hr.ok()) {
    std::fprintf(stderr, "households: %s\n", hr.status().message().c_str());
    return 1;
  }
  std::printf("import households: %zu rows, %zu accepted in %.2f s\n", hr->rows, hr->accepted, Seconds(t0));

  // Phases of the workers' import, measured apart, then the whole call.
  t0 = std::chrono::steady_clock::now();
  auto table = ReadTable(workers_csv);
  const double read_s = Seconds(t0);
  t0 = std::chrono::steady_clock::now();
  auto batch = ImportTable(Kind::kWorker, *table);
  const double map_s = Seconds(t0);
  std::printf("  read CSV: %.2f s; map+decode+validate %zu rows: %.2f s\n", read_s, batch->rows, map_s);

  t0 = std::chrono::steady_clock::now();
  auto wr = svc.Import(Kind::kWorker, workers_csv, admin);
  if (!wr.ok()) {
    std::fprintf(stderr, "workers: %s\n", wr.status().message().c_str());
    return 1;
  }
  const double total = Seconds(t0);
  std::printf("import workers: %zu rows, %zu accepted (%zu new), %zu rejected in %.2f s (%.0f rows/s)\n", wr->rows,
              wr->accepted, wr->created, wr->rejected.size(), total, static_cast<double>(wr->rows) / total);
  t0 = std::chrono::steady_clock::now();
  auto again = svc.Import(Kind::kWorker, workers_csv, admin);
  std::printf("re-import same file: %zu unchanged in %.2f s\n", again.ok() ? again->unchanged : 0, Seconds(t0));
  t0 = std::chrono::steady_clock::now();
  if (!svc.LoadNow().ok()) return 1;
  std::printf("reload register from Redis: %.2f s\n", Seconds(t0));
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS: %.0f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return wr->rejected.empty() ? 0 : 1;
}
