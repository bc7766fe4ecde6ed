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
  std::string kind;
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

}  // namespace leye::cli
