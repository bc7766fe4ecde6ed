// `leye solve` and `leye generate`: the matching engine on files, with no
// server and no Redis (issue 3, items 6 and 7). A broken input line is
// reported with its file, line and reason, and the solve refuses to run on a
// broken input rather than guess.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include "apps/cli/commands.h"
#include "connectors/json/codec.h"
#include "connectors/json/match_codec.h"
#include "connectors/json/training_codec.h"
#include "generator/fake_register.h"
#include "matcher/matcher.h"
#include "matcher/occupation_catalog.h"
#include "matcher/training_plan.h"
#include "matcher/validation.h"

namespace leye::cli {
namespace {

namespace fs = std::filesystem;

struct Problems {
  std::vector<std::string> lines;
  size_t count = 0;
  void Add(const std::string& where, const std::string& what) {
    ++count;
    if (lines.size() < 100) lines.push_back(where + ": " + what);
  }
};

// Calls `fn(line_number, text)` for each non-blank line. False when the file
// cannot be read.
template <typename Fn>
bool ForEachLine(const fs::path& file, Fn&& fn) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    fn(n, line);
  }
  return true;
}

template <typename T>
void ReadRecords(const fs::path& dir, Kind kind, std::vector<T>& out, Problems& problems, bool required) {
  const fs::path file = dir / (std::string(PluralName(kind)) + ".jsonl");
  std::set<std::string> ids;
  const bool ok = ForEachLine(file, [&](size_t n, const std::string& line) {
    const std::string where = file.filename().string() + ":" + std::to_string(n);
    auto rec = DecodeRecord(kind, line);
    if (!rec.ok()) {
      for (const auto& e : rec.status().errors()) problems.Add(where, (e.pointer.empty() ? "" : e.pointer + ": ") + e.message);
      if (rec.status().errors().empty()) problems.Add(where, rec.status().message());
      return;
    }
    auto errors = Validate(*rec);
    for (const auto& e : errors) problems.Add(where, e.pointer + ": " + e.message);
    if (!errors.empty()) return;
    T value = std::get<T>(std::move(rec).value());
    if (!ids.insert(value.id).second) return problems.Add(where, "/id: duplicate id " + value.id);
    out.push_back(std::move(value));
  });
  if (!ok && required) problems.Add(file.string(), "cannot read the file (it is required)");
}

std::string NowIso() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Reads DIR's JSON-lines files into `problem` (and `trainings` when given),
// checking every line and every reference. False, with the problems printed,
// when anything is wrong: nothing is solved on a broken input.
bool ReadInput(const fs::path& dir, MatchProblem& problem, std::vector<Training>* trainings) {
  Problems problems;
  ReadRecords(dir, Kind::kHousehold, problem.households, problems, true);
  ReadRecords(dir, Kind::kWorker, problem.workers, problems, true);
  ReadRecords(dir, Kind::kEmployer, problem.employers, problems, true);
  ReadRecords(dir, Kind::kPosting, problem.postings, problems, true);
  std::set<std::string> households, employers, workers, postings;
  for (const auto& h : problem.households) households.insert(h.id);
  for (const auto& e : problem.employers) employers.insert(e.id);
  for (const auto& w : problem.workers) {
    workers.insert(w.id);
    if (!households.count(w.household)) problems.Add("workers.jsonl", "worker " + w.id + ": /household: no household with id " + w.household);
  }
  for (const auto& p : problem.postings) {
    postings.insert(p.id);
    if (!employers.count(p.employer)) problems.Add("postings.jsonl", "posting " + p.id + ": /employer: no employer with id " + p.employer);
  }
  ForEachLine(dir / "placements.jsonl", [&](size_t n, const std::string& line) {
    const std::string where = "placements.jsonl:" + std::to_string(n);
    auto p = DecodePlacement(line);
    if (!p.ok()) {
      for (const auto& e : p.status().errors()) problems.Add(where, (e.pointer.empty() ? "" : e.pointer + ": ") + e.message);
      return;
    }
    auto errors = ValidatePlacement(*p);
    for (const auto& e : errors) problems.Add(where, e.pointer + ": " + e.message);
    if (!errors.empty()) return;
    if (!workers.count(p->worker)) return problems.Add(where, "/worker: no worker with id " + p->worker);
    if (p->posting && !postings.count(*p->posting)) return problems.Add(where, "/posting: no posting with id " + *p->posting);
    problem.placements.push_back(std::move(p).value());
  });
  ForEachLine(dir / "declines.jsonl", [&](size_t n, const std::string& line) {
    auto d = DecodeDecline(line);
    if (!d.ok()) {
      for (const auto& e : d.status().errors()) problems.Add("declines.jsonl:" + std::to_string(n), e.pointer + ": " + e.message);
      return;
    }
    problem.declines.push_back(std::move(d).value());
  });
  if (trainings) ReadRecords(dir, Kind::kTraining, *trainings, problems, true);
  if (problems.count > 0) {
    for (const auto& l : problems.lines) std::fprintf(stderr, "%s\n", l.c_str());
    if (problems.count > problems.lines.size())
      std::fprintf(stderr, "... and %zu more problems\n", problems.count - problems.lines.size());
    std::fprintf(stderr, "leye: %zu problems in the input; nothing solved\n", problems.count);
    return false;
  }
  return true;
}

// The --date and --input both commands take: the date, or nullopt after
// saying what is wrong.
std::optional<Date> CheckDateAndInput(const std::string& date_text, const std::string& input) {
  auto date = ParseDate(date_text);
  if (!date) {
    std::fprintf(stderr, "leye: --date must be YYYY-MM-DD\n");
    return std::nullopt;
  }
  if (!fs::is_directory(fs::path(input))) {
    std::fprintf(stderr, "leye: --input %s is not a directory\n", input.c_str());
    return std::nullopt;
  }
  return date;
}

}  // namespace

int RunSolve(const SolveArgs& args) {
  const auto date = CheckDateAndInput(args.date, args.input);
  if (!date) return 2;
  const fs::path dir(args.input);
  auto t0 = std::chrono::steady_clock::now();
  MatchProblem problem;
  problem.date = *date;
  problem.policy.candidates_per_worker = args.k;
  if (!ReadInput(dir, problem, nullptr)) return 1;
  std::fprintf(stderr, "leye: read %zu households, %zu workers, %zu employers, %zu postings, %zu placements, %zu declines in %.2f s\n",
               problem.households.size(), problem.workers.size(), problem.employers.size(), problem.postings.size(),
               problem.placements.size(), problem.declines.size(), Since(t0));

  OccupationNames names = OccupationNameMap();
  const std::string started = NowIso();
  Matcher m;
  m.SetProblem(std::move(problem)).SetOccupationNames(std::move(names)).SetThreads(args.threads);
  t0 = std::chrono::steady_clock::now();
  if (m.FindCandidates() != Matcher::Outcome::kOptimal) {
    std::fprintf(stderr, "leye: %s\n", m.error().message().c_str());
    return 1;
  }
  std::fprintf(stderr, "leye: candidate search %.2f s\n", Since(t0));
  t0 = std::chrono::steady_clock::now();
  if (m.Solve() != Matcher::Outcome::kOptimal) {
    std::fprintf(stderr, "leye: %s\n", m.error().message().c_str());
    return 1;
  }
  std::fprintf(stderr, "leye: solve %.2f s\n", Since(t0));
  const MatchResult& r = m.result();

  const std::string out_path = args.out.empty() ? "proposals.jsonl" : args.out;
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::fprintf(stderr, "leye: cannot write %s\n", out_path.c_str());
    return 2;
  }
  for (const auto& p : r.proposals) out << EncodeProposal(p) << '\n';
  out.close();
  std::fprintf(stderr, "leye: %zu proposals written to %s\n", r.proposals.size(), out_path.c_str());

  std::string doc = "{\"id\":\"solve\",\"region\":\"\",\"date\":\"" + FormatDate(m.problem().date()) +
                    "\",\"status\":\"finished\",\"started_at\":\"" + started + "\",\"finished_at\":\"" + NowIso() +
                    "\",\"levels\":" + EncodeLevels(r.levels) + ",\"proposals\":" + std::to_string(r.proposals.size()) +
                    ",\"uncovered\":[";
  for (size_t i = 0; i < r.uncovered_households.size(); ++i)
    doc += (i ? "," : "") + EncodeUncoveredHousehold(r.uncovered_households[i]);
  doc += "],\"unplaced_workers\":[";
  for (size_t i = 0; i < r.unplaced_workers.size(); ++i)
    doc += (i ? "," : "") + EncodeUnplacedWorker(r.unplaced_workers[i]);
  doc += "]}";
  std::cout << doc << '\n';
  return 0;
}

int RunTrainPlan(const TrainPlanArgs& args) {
  const auto date = CheckDateAndInput(args.date, args.input);
  if (!date) return 2;
  const fs::path dir(args.input);
  MatchProblem problem;
  problem.date = *date;
  std::vector<Training> trainings;
  if (!ReadInput(dir, problem, &trainings)) return 1;
  // The plan starts from the match: its proposals take their slots first.
  TrainingProblem tp;
  tp.households = problem.households;
  tp.workers = problem.workers;
  tp.employers = problem.employers;
  tp.postings = problem.postings;
  tp.trainings = std::move(trainings);
  tp.placements = problem.placements;
  tp.declines = problem.declines;
  tp.date = *date;
  tp.policy = problem.policy;
  auto t0 = std::chrono::steady_clock::now();
  Matcher m;
  m.SetProblem(std::move(problem)).SetThreads(args.threads);
  if (m.Run() != Matcher::Outcome::kOptimal) {
    std::fprintf(stderr, "leye: %s\n", m.error().message().c_str());
    return 1;
  }
  tp.proposals = m.result().proposals;
  std::fprintf(stderr, "leye: match %.2f s, %zu proposals\n", Since(t0), tp.proposals.size());
  t0 = std::chrono::steady_clock::now();
  auto plan = PlanTraining(tp);
  if (!plan.ok()) {
    std::fprintf(stderr, "leye: %s\n", plan.status().message().c_str());
    return 1;
  }
  std::fprintf(stderr, "leye: training plan %.2f s, %zu trainees, %s\n", Since(t0), plan->assignments.size(),
               plan->exact ? "exact" : "with an upper bound");
  std::cout << EncodeTrainingPlan(*plan, "", *date) << '\n';
  return 0;
}

int RunGenerate(const GenerateArgs& args) {
  auto date = ParseDate(args.date);
  if (!date) {
    std::fprintf(stderr, "leye: --date must be YYYY-MM-DD\n");
    return 2;
  }
  GeneratorOptions opts;
  if (args.scale == "demo") opts = DemoOptions(args.seed, *date);
  else if (args.scale == "county") opts = CountyOptions(args.seed, *date);
  else if (args.scale == "province") opts = ProvinceOptions(args.seed, *date);
  else {
    std::fprintf(stderr, "leye: --scale must be demo, county or province\n");
    return 2;
  }
  const GeneratedRegister g = Generate(opts);
  std::error_code ec;
  fs::create_directories(args.out, ec);
  EncodeOptions full;
  full.id_visibility = IdVisibility::kFull;
  auto write = [&](const char* name, const auto& records, auto encode) {
    std::ofstream out(fs::path(args.out) / name, std::ios::binary | std::ios::trunc);
    for (const auto& r : records) out << encode(r) << '\n';
    return static_cast<bool>(out);
  };
  auto rec = [&](const auto& r) { return EncodeRecord(Record(r), full); };
  const bool ok = write("households.jsonl", g.households, rec) && write("workers.jsonl", g.workers, rec) &&
                  write("employers.jsonl", g.employers, rec) && write("postings.jsonl", g.postings, rec) &&
                  write("trainings.jsonl", g.trainings, rec) &&
                  write("placements.jsonl", g.placements, [](const Placement& p) { return EncodePlacement(p); });
  if (!ok) {
    std::fprintf(stderr, "leye: cannot write into %s\n", args.out.c_str());
    return 2;
  }
  std::fprintf(stderr, "leye: %s: %zu households, %zu workers, %zu employers, %zu postings, %zu trainings, %zu placements\n",
               args.out.c_str(), g.households.size(), g.workers.size(), g.employers.size(), g.postings.size(),
               g.trainings.size(), g.placements.size());
  return 0;
}

}  // namespace leye::cli
