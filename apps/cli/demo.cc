// The demo county for a newcomer: generated, fake, loaded through the API
// itself, so the demo shows exactly what a bureau's own data would.
#include <cstdio>

#include "apps/cli/commands.h"
#include "connectors/config/clock.h"
#include "connectors/json/codec.h"
#include "generator/fake_register.h"

namespace leye::cli {
namespace {

template <typename T>
bool PutAll(Backend& backend, const std::vector<T>& records, const char* plural) {
  EncodeOptions full;
  full.id_visibility = IdVisibility::kFull;
  size_t done = 0;
  for (const T& rec : records) {
    auto r = backend.Call("PUT", std::string("/v1/") + plural + "/" + rec.id, EncodeRecord(Record(rec), full),
                          "application/json");
    if (!r.ok() || (r->status != 200 && r->status != 201)) {
      std::fprintf(stderr, "leye: loading %s %s failed: %s\n", plural, rec.id.c_str(),
                   r.ok() ? r->body.c_str() : r.status().message().c_str());
      return false;
    }
    ++done;
  }
  std::fprintf(stderr, "leye: demo: %zu %s\n", done, plural);
  return true;
}

}  // namespace

int RunDemo(Backend& backend, const DemoArgs& args) {
  auto probe = backend.Call("GET", "/v1/households?limit=1", "", "");
  if (!probe.ok()) {
    std::fprintf(stderr, "leye: %s\n", probe.status().message().c_str());
    return 2;
  }
  if (probe->status != 200) {
    std::fprintf(stderr, "leye: the server answered %d: %s\n", probe->status, probe->body.c_str());
    return 2;
  }
  if (!args.force && probe->body.find("\"items\":[]") == std::string::npos) {
    std::fprintf(stderr, "leye: demo: the register already has households; not loading (use --force)\n");
    return 0;
  }
  const GeneratedRegister g = Generate(DemoOptions(args.seed, TodayInChina()));
  const bool ok = PutAll(backend, g.households, "households") && PutAll(backend, g.employers, "employers") &&
                  PutAll(backend, g.workers, "workers") && PutAll(backend, g.postings, "postings") &&
                  PutAll(backend, g.trainings, "trainings");
  return ok ? 0 : 1;
}

}  // namespace leye::cli
