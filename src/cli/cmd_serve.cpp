#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <pthread.h>
#include <thread>

#include "cli/cli.hpp"
#include "core/log.hpp"
#include "http/routes.hpp"
#include "http/server.hpp"
#include "service/timer_worker.hpp"

namespace ks::cli {

namespace {

struct ServeFlags {
  std::optional<std::string> host;
  std::optional<int> port;
  bool demo = false;
};

int serve(GlobalOptions& options, const ServeFlags& flags) {
  auto config = resolve_config(options);
  if (!config) return kExitInvalid;
  if (flags.host) config->host = *flags.host;
  if (flags.port) config->port = *flags.port;
  if (flags.demo) config->demo = true;

  // SIGTERM/SIGINT are handled by a watcher thread (blocked everywhere else).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  // Refuse a port in use before touching the database, so the answer is one clear line.
  if (auto s = http::probe_port(config->host, config->port); !s) return report(s.error());

  SystemClock system_clock;
  std::unique_ptr<FileClock> file_clock;
  if (const char* path = std::getenv("KS_CLOCK_FILE"); path && *path) {
    file_clock = FileClock::open(path);
    if (!file_clock)
      return report(Error::invalid(std::string("KS_CLOCK_FILE ") + path + " does not hold an instant (UTC ms or an ISO date)",
                                   "KS_CLOCK_FILE"));
    log::warn("the clock is read from a file (KS_CLOCK_FILE): for rehearsals and tests only", {{"file", path}});
  }
  const Clock& clock = file_clock ? static_cast<const Clock&>(*file_clock) : system_clock;
  auto opened = open_database(*config, clock);
  if (!opened) return report(opened.error());
  auto& db = *opened;
  service::Context context{*db, clock, *config};
  http::Server server(context);
  http::register_all_routes(server);
  if (auto s = server.bind(config->host, config->port); !s) return report(s.error());

  std::thread watcher([&server, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    log::info("shutting down", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    server.stop();
  });
  log::info("serving", {{"url", "http://" + config->host + ":" + std::to_string(server.port())},
                        {"db", db->describe()}});
  std::printf("KS is running at http://%s:%d (database %s)\n", config->host == "0.0.0.0" ? "localhost" : config->host.c_str(),
              server.port(), db->describe().c_str());
  std::fflush(stdout);
  // Due timers of every case, claimed with row locks so several `ks serve` share the work.
  service::TimerWorker timers(context, config->timer_interval_ms);
  timers.start();
  server.run();
  timers.stop();
  // run() returns after stop(); make the watcher return if we stopped for another reason.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  log::info("stopped");
  return 0;
}

} // namespace

void add_serve_command(CLI::App& app, GlobalOptions& options) {
  auto* cmd = app.add_subcommand("serve", "Serve KS over HTTP (migrates the database first)");
  auto flags = std::make_shared<ServeFlags>();
  cmd->add_option("--host", flags->host, "Address to listen on (default 127.0.0.1; $KS_HOST)");
  cmd->add_option("--port", flags->port, "Port (default 8080; $KS_PORT)");
  cmd->add_flag("--demo", flags->demo, "Demo mode: load demo people and show their passwords on the login page");
  cmd->callback([&options, flags] {
    int rc = serve(options, *flags);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

} // namespace ks::cli
