// Structured logs: one JSON object per line on stderr, {"ts":..., "level":..., "msg":..., ...fields}.
// Never pass passwords, tokens or session ids as fields.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace ks::log {

enum class Level { debug, info, warn, error };

// Sets the lowest level written; "debug", "info", "warn" or "error". Returns false for others.
bool set_level(std::string_view level);

void write(Level level, std::string_view message, const nlohmann::json& fields = nlohmann::json::object());
inline void debug(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { write(Level::debug, m, f); }
inline void info(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { write(Level::info, m, f); }
inline void warn(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { write(Level::warn, m, f); }
inline void error(std::string_view m, const nlohmann::json& f = nlohmann::json::object()) { write(Level::error, m, f); }

} // namespace ks::log
