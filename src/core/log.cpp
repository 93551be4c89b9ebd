#include "core/log.hpp"

#include <atomic>
#include <memory>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"

namespace ks::log {

namespace {
std::atomic<int> g_level{static_cast<int>(Level::info)};

spdlog::logger& logger() {
  static std::shared_ptr<spdlog::logger> l = [] {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto lg = std::make_shared<spdlog::logger>("ks", sink);
    lg->set_pattern("%v");
    lg->set_level(spdlog::level::trace);
    lg->flush_on(spdlog::level::trace);
    return lg;
  }();
  return *l;
}

const char* name(Level l) {
  switch (l) {
  case Level::debug: return "debug";
  case Level::info: return "info";
  case Level::warn: return "warn";
  case Level::error: return "error";
  }
  return "info";
}
} // namespace

bool set_level(std::string_view level) {
  for (auto l : {Level::debug, Level::info, Level::warn, Level::error}) {
    if (level == name(l)) {
      g_level = static_cast<int>(l);
      return true;
    }
  }
  return false;
}

void write(Level level, std::string_view message, const nlohmann::json& fields) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  nlohmann::json line = {{"ts", format_iso(SystemClock().now())}, {"level", name(level)}, {"msg", message}};
  if (fields.is_object())
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
  logger().info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace ks::log
