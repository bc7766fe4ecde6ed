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

// The string value of a top-level "key" in a small JSON answer.
std::string JsonField(const std::string& json, const std::string& key) {
  const std::string needle = "\"" + key + "\":\"";
  const size_t pos = json.find(needle);
  if (pos == std::string::npos) return "";
  const size_t start = pos + needle.size();
  return json.substr(start, json.find('"', start) - start);
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
  if (!ok) return 1;
  // Work found otherwise, as a bureau would record it (matched placements
  // come from accepting proposals below, the only way they arise).
  size_t recorded = 0;
  for (const Placement& p : g.placements) {
    if (p.kind == PlacementKind::kMatched) continue;
    Placement fresh = p;
    fresh.id.clear();
    fresh.end_date.reset();
    fresh.end_reason.reset();
    fresh.status = PlacementStatus::kActive;
    std::string body = EncodePlacement(fresh);
    if (const size_t at = body.find("\"id\":\"\","); at != std::string::npos) body.erase(at, 8);
    auto r = backend.Call("POST", "/v1/placements", body, "application/json");
    if (!r.ok() || r->status != 201) continue;  // e.g. a worker already placed: skip, it is a demo
    ++recorded;
    if (p.end_date) {
      const std::string id = JsonField(r->body, "id");
      std::string end = "{\"end_date\":\"" + FormatDate(*p.end_date) + "\",\"end_reason\":\"" +
                        p.end_reason.value_or("contract_end") + "\"}";
      (void)backend.Call("POST", "/v1/placements/" + id + "/end", end, "application/json");
    }
  }
  std::fprintf(stderr, "leye: demo: %zu placements found otherwise\n", recorded);
  // A first match run, and about half of its offers accepted at the kiosk.
  auto run = backend.Call("POST", "/v1/match-runs", "{\"region\":\"430523\"}", "application/json");
  if (!run.ok() || run->status != 201) {
    std::fprintf(stderr, "leye: demo: the first match run failed\n");
    return 1;
  }
  const std::string run_id = JsonField(run->body, "id");
  auto page = backend.Call("GET", "/v1/match-runs/" + run_id + "/proposals?limit=500", "", "");
  size_t accepted = 0, n = 0;
  if (page.ok() && page->status == 200) {
    for (size_t pos = page->body.find("\"id\":\""); pos != std::string::npos;
         pos = page->body.find("\"id\":\"", pos + 1)) {
      const size_t start = pos + 6, end = page->body.find('"', start);
      const std::string pid = page->body.substr(start, end - start);
      if (++n % 2 == 0) continue;
      auto a = backend.Call("POST", "/v1/proposals/" + pid + "/accept", "", "application/json");
      if (a.ok() && a->status == 201) ++accepted;
    }
  }
  std::fprintf(stderr, "leye: demo: match run %s, %zu offers accepted\n", run_id.c_str(), accepted);
  return 0;
}

}  // namespace leye::cli
