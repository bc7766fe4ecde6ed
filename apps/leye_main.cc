// leye: the command-line tool. Subcommands share the core and the
// connectors with the server; see `leye --help`.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "apps/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"leye: employment matching for poverty-alleviation employment work"};
  app.require_subcommand(1);
  leye::cli::BackendOptions backend_opts;
  auto add_backend = [&](CLI::App* cmd) {
    cmd->add_option("--server", backend_opts.server, "server base URL")->default_val(backend_opts.server);
    cmd->add_option("--token", backend_opts.token, "API token (default: $LEYE_TOKEN, then $LEYE_ADMIN_TOKEN)");
    cmd->add_option("--redis", backend_opts.redis_url, "work on Redis directly (redis://host:port/db or unix:///path)");
    cmd->add_option("--config", backend_opts.config_path, "configuration file, for --redis");
  };

  leye::cli::ImportArgs import_args;
  auto* import_cmd = app.add_subcommand("import", "import a CSV or .xlsx file of households, workers, ...");
  import_cmd->add_option("file", import_args.file, "the file")->required();
  import_cmd->add_option("--kind", import_args.kind, "households|workers|employers|postings|trainings (default: from the file name)");
  add_backend(import_cmd);

  leye::cli::ExportArgs export_args;
  auto* export_cmd = app.add_subcommand("export", "export records as JSON lines");
  export_cmd->add_option("kind", export_args.kind, "households|workers|employers|postings|trainings, or guarantee (CSV report)");
  export_cmd->add_option("--kind", export_args.kind, "the same, as an option");
  export_cmd->add_option("--site", export_args.site, "guarantee: one relocation site");
  export_cmd->add_option("--date", export_args.date, "guarantee: the report's date YYYY-MM-DD");
  export_cmd->add_option("--region", export_args.region, "region code or prefix");
  export_cmd->add_option("--out", export_args.out, "output file (default: stdout)");
  add_backend(export_cmd);

  leye::cli::DemoArgs demo_args;
  auto* demo_cmd = app.add_subcommand("demo", "load a generated demo county (only when the register is empty)");
  demo_cmd->add_option("--seed", demo_args.seed, "generator seed");
  demo_cmd->add_flag("--force", demo_args.force, "load even when the register has data");
  add_backend(demo_cmd);

  leye::cli::SolveArgs solve_args;
  auto* solve_cmd = app.add_subcommand("solve", "match workers to postings from files, no server needed");
  solve_cmd->add_option("--input", solve_args.input, "directory with households/workers/employers/postings.jsonl "
                        "(and optional placements.jsonl, declines.jsonl)")->required();
  solve_cmd->add_option("--date", solve_args.date, "the run's date YYYY-MM-DD")->required();
  solve_cmd->add_option("--out", solve_args.out, "proposals as JSON lines (default: proposals.jsonl)");
  solve_cmd->add_option("--k", solve_args.k, "candidate postings kept per worker")->default_val(50);
  solve_cmd->add_option("--threads", solve_args.threads, "threads for the candidate search")->default_val(2);

  leye::cli::TrainPlanArgs plan_args;
  auto* plan_cmd = app.add_subcommand("train-plan", "plan course seats from files (after a match), no server needed");
  plan_cmd->add_option("--input", plan_args.input, "directory with the *.jsonl files, trainings.jsonl included")->required();
  plan_cmd->add_option("--date", plan_args.date, "the plan's date YYYY-MM-DD")->required();
  plan_cmd->add_option("--threads", plan_args.threads, "threads for the match's candidate search")->default_val(2);

  leye::cli::GenerateArgs gen_args;
  auto* gen_cmd = app.add_subcommand("generate", "write a generated fake register as JSON lines");
  gen_cmd->add_option("--scale", gen_args.scale, "demo | county | province")->default_val("county");
  gen_cmd->add_option("--seed", gen_args.seed, "seed")->default_val(1);
  gen_cmd->add_option("--date", gen_args.date, "today of the generated data")->default_val("2026-12-01");
  gen_cmd->add_option("--out", gen_args.out, "output directory")->required();

  CLI11_PARSE(app, argc, argv);
  if (*solve_cmd) return leye::cli::RunSolve(solve_args);
  if (*gen_cmd) return leye::cli::RunGenerate(gen_args);
  if (*plan_cmd) return leye::cli::RunTrainPlan(plan_args);

  if (*export_cmd && export_args.kind.empty()) {
    std::fprintf(stderr, "leye: say what to export: leye export workers | leye export guarantee\n");
    return 2;
  }
  auto backend = leye::cli::MakeBackend(backend_opts);
  if (!backend.ok()) {
    std::fprintf(stderr, "leye: %s\n", backend.status().message().c_str());
    return 2;
  }
  if (*import_cmd) return leye::cli::RunImport(**backend, import_args);
  if (*export_cmd) return leye::cli::RunExport(**backend, export_args);
  if (*demo_cmd) return leye::cli::RunDemo(**backend, demo_args);
  return 2;
}
