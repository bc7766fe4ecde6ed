// The `leye` subcommands. Each returns the process exit code:
// 0 success, 1 done but with rejected rows / failed requests, 2 usage or
// connection error.
#pragma once

#include <cstdint>
#include <string>

#include "apps/cli/backend.h"

namespace leye::cli {

struct ImportArgs {
  std::string file;
  std::string kind;  // "" = from the file name (workers.csv -> workers)
};
int RunImport(Backend& backend, const ImportArgs& args);

struct ExportArgs {
  std::string kind;  // a register kind, or "guarantee" (the monitors' CSV report)
  std::string site;  // guarantee: one relocation site
  std::string date;  // guarantee: the report's date (default today)
  std::string region;
  std::string out;  // "" = stdout; JSON lines, one record per line
};
int RunExport(Backend& backend, const ExportArgs& args);

struct DemoArgs {
  uint64_t seed = 20261201;
  bool force = false;  // load even when the register has households already
};
// Loads a generated demo county through the API, the first time only.
int RunDemo(Backend& backend, const DemoArgs& args);

struct SolveArgs {
  std::string input;  // directory of *.jsonl
  std::string date;
  std::string out;    // proposals as JSON lines; "" = proposals.jsonl
  int k = 50;
  int threads = 2;
};
// Solves from files with no server and no Redis; prints the run's JSON.
int RunSolve(const SolveArgs& args);

struct TrainPlanArgs {
  std::string input;  // directory of *.jsonl, trainings.jsonl included
  std::string date;
  int threads = 2;
};
// Matches, then plans course seats; prints the plan's JSON.
int RunTrainPlan(const TrainPlanArgs& args);

struct GenerateArgs {
  std::string scale = "county";  // demo | county | province
  uint64_t seed = 1;
  std::string date = "2026-12-01";
  std::string out;
};
// Writes a generated register as *.jsonl into a directory.
int RunGenerate(const GenerateArgs& args);

}  // namespace leye::cli
