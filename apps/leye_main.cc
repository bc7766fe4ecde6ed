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
  export_cmd->add_option("--kind", export_args.kind, "households|workers|employers|postings|trainings")->required();
  export_cmd->add_option("--region", export_args.region, "region code or prefix");
  export_cmd->add_option("--out", export_args.out, "output file (default: stdout)");
  add_backend(export_cmd);

  leye::cli::DemoArgs demo_args;
  auto* demo_cmd = app.add_subcommand("demo", "load a generated demo county (only when the register is empty)");
  demo_cmd->add_option("--seed", demo_args.seed, "generator seed");
  demo_cmd->add_flag("--force", demo_args.force, "load even when the register has data");
  add_backend(demo_cmd);

  CLI11_PARSE(app, argc, argv);

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
