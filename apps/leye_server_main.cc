// leye-server: reads the configuration, loads the register from Redis and
// serves the API until SIGTERM or SIGINT, then stops gracefully.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "connectors/config/clock.h"
#include "connectors/config/config.h"
#include "connectors/http/http_server.h"
#include "connectors/redis/pii_cipher.h"
#include "connectors/redis/redis_client.h"

int main(int argc, char** argv) {
  CLI::App app{"leye-server: employment matching service"};
  std::string config_path;
  app.add_option("--config", config_path, "TOML configuration file (default: config/leye.toml when it exists)");
  CLI11_PARSE(app, argc, argv);
  if (config_path.empty() && std::filesystem::exists("config/leye.toml")) config_path = "config/leye.toml";

  auto config = leye::LoadConfig(config_path, [](const char* name) { return std::getenv(name); });
  if (!config.ok()) {
    std::fprintf(stderr, "leye-server: %s\n", config.status().message().c_str());
    return 2;
  }
  if (auto ep = leye::ParseRedisUrl(config->redis_url); !ep.ok()) {
    std::fprintf(stderr, "leye-server: invalid configuration: LEYE_REDIS_URL / redis.url: %s\n",
                 ep.status().message().c_str());
    return 2;
  }
  auto cipher = leye::PiiCipher::FromSecret(config->pii_secret);
  if (!cipher.ok()) {
    std::fprintf(stderr, "leye-server: invalid configuration: LEYE_PII_SECRET: %s\n",
                 cipher.status().message().c_str());
    return 2;
  }
  leye::http::ConfigureLogging(config->log_level);

  // Block the stop signals before any thread starts, so only the waiter
  // below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  leye::http::RegisterService svc(*config, std::move(cipher).value(), leye::TodayInChina);
  leye::http::HttpServer server(svc);
  if (leye::Status s = server.Bind(); !s.ok()) {
    std::fprintf(stderr, "leye-server: %s\n", s.message().c_str());
    return 1;
  }
  svc.StartLoading();
  std::printf("leye-server listening on http://%s:%d\n", config->listen_host.c_str(), server.port());
  std::fflush(stdout);
  spdlog::info(R"("msg":"listening","port":{})", server.port());

  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info(R"("msg":"stopping","signal":{})", sig);
    server.Stop();
  });
  server.Run();
  // Run() can also return by itself (a listen failure): wake the waiter.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  svc.Stop();
  spdlog::info(R"("msg":"stopped")");
  return 0;
}
