// Server-rendered HTML: mustache templates from src/web/templates (compiled in), with the Swedish
// or English strings of src/web/i18n/<lang>/*.json available as {{t.key}}. Every template in
// templates/partials/ can be included as {{> name}}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ks::web {

// What the layout needs about the request and the signed-in user.
struct PageMeta {
  std::string lang = "sv";
  std::string title;
  std::string path;          // Current path, for the language switch and navigation state.
  std::string user;          // Display name; empty when signed out.
  std::string csrf_token;    // Put into every form as a hidden field.
  bool demo = false;
  std::vector<std::string> flash; // Messages shown once at the top of main.
};

// The strings of a language ("sv" or "en"; unknown keys fall back to Swedish).
const nlohmann::json& strings(std::string_view lang);
// One string.
std::string t(std::string_view lang, std::string_view key);
// A count as the language writes it: "4 951" in Swedish (a no-break space between groups of
// three digits), "4,951" in English.
std::string count_text(std::string_view lang, std::int64_t n);

// Renders templates/<name>.mustache with context (plus "t" and "meta"). Unknown template → a
// visible error text (a bug, found by tests).
std::string render(std::string_view name, const PageMeta& meta, nlohmann::json context);

// Renders a whole page: templates/<name>.mustache inside templates/layout.mustache.
std::string render_page(std::string_view name, const PageMeta& meta, nlohmann::json context);

// The error page for a status (used by http/errors.cpp).
std::string render_error_page(std::string_view lang, int status, const std::string& message,
                              const std::string& field);

} // namespace ks::web
