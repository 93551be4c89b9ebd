#include "web/pages.hpp"

#include <mustache.hpp>

#include <map>
#include <mutex>
#include <span>

#include "core/embedded.hpp"

namespace ks::templates {
std::span<const ks::EmbeddedFile> embedded_files();
}
namespace ks::i18n {
std::span<const ks::EmbeddedFile> embedded_files();
}

namespace ks::web {

namespace mst = kainjow::mustache;

namespace {

nlohmann::json load_strings(std::string_view lang) {
  nlohmann::json out = nlohmann::json::object();
  std::string prefix = std::string(lang) + "/";
  for (const auto& f : ks::i18n::embedded_files()) {
    if (!f.path.starts_with(prefix)) continue;
    auto j = nlohmann::json::parse(f.data, nullptr, false);
    if (!j.is_object()) continue;
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = it.value();
  }
  return out;
}

mst::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
  case nlohmann::json::value_t::object: {
    mst::data d{mst::data::type::object};
    for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
    return d;
  }
  case nlohmann::json::value_t::array: {
    mst::data d{mst::data::type::list};
    for (const auto& e : j) d.push_back(to_data(e));
    return d;
  }
  case nlohmann::json::value_t::string: {
    // As in mustache.js, an empty string is falsy: {{#error}}…{{/error}} shows nothing for "".
    // Rendering a false value prints nothing, so {{x}} is still "".
    const auto& text = j.get_ref<const std::string&>();
    if (text.empty()) return mst::data(mst::data::type::bool_false);
    return mst::data(text);
  }
  case nlohmann::json::value_t::boolean: return j.get<bool>() ? mst::data(mst::data::type::bool_true)
                                                              : mst::data(mst::data::type::bool_false);
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned: return mst::data(std::to_string(j.get<std::int64_t>()));
  case nlohmann::json::value_t::number_float: {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", j.get<double>());
    return mst::data(std::string(buf));
  }
  default: return mst::data(mst::data::type::bool_false);
  }
}

std::optional<std::string_view> template_text(std::string_view name) {
  return find_embedded(ks::templates::embedded_files(), std::string(name) + ".mustache");
}

nlohmann::json meta_json(const PageMeta& meta) {
  nlohmann::json flash = nlohmann::json::array();
  for (const auto& f : meta.flash) flash.push_back(f);
  return {{"lang", meta.lang},
          {"title", meta.title},
          {"path", meta.path},
          {"user", meta.user},
          {"signed_in", !meta.user.empty()},
          {"csrf_token", meta.csrf_token},
          {"demo", meta.demo},
          {"flash", flash},
          {"other_lang", meta.lang == "sv" ? "en" : "sv"},
          {"other_lang_name", meta.lang == "sv" ? "English" : "Svenska"}};
}

} // namespace

const nlohmann::json& strings(std::string_view lang) {
  static const nlohmann::json sv = load_strings("sv");
  static const nlohmann::json en = [] {
    nlohmann::json e = sv;
    const nlohmann::json english = load_strings("en"); // Named: a temporary would die before the loop.
    for (const auto& [k, v] : english.items()) e[k] = v;
    return e;
  }();
  return lang == "en" ? en : sv;
}

std::string t(std::string_view lang, std::string_view key) {
  const auto& s = strings(lang);
  auto it = s.find(std::string(key));
  return it == s.end() ? std::string(key) : it->get<std::string>();
}

std::string count_text(std::string_view lang, std::int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n));
  const std::string_view separator = lang == "en" ? "," : "\u00a0";
  std::string out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

std::string render(std::string_view name, const PageMeta& meta, nlohmann::json context) {
  auto text = template_text(name);
  if (!text) return "[template " + std::string(name) + " missing]";
  context["t"] = strings(meta.lang);
  context["meta"] = meta_json(meta);
  mst::data data = to_data(context);
  // Every partials/<x>.mustache is available as {{> x}}.
  for (const auto& f : ks::templates::embedded_files()) {
    if (!f.path.starts_with("partials/") || !f.path.ends_with(".mustache")) continue;
    std::string pname(f.path.substr(9, f.path.size() - 9 - 9));
    std::string body(f.data);
    data.set(pname, mst::partial([body] { return body; }));
  }
  mst::mustache tmpl{std::string(*text)};
  if (!tmpl.is_valid()) return "[template " + std::string(name) + ": " + tmpl.error_message() + "]";
  return tmpl.render(data);
}

std::string render_page(std::string_view name, const PageMeta& meta, nlohmann::json context) {
  std::string content = render(name, meta, context);
  nlohmann::json layout = {{"content", content}};
  return render("layout", meta, std::move(layout));
}

std::string render_error_page(std::string_view lang, int status, const std::string& message,
                              const std::string& field) {
  PageMeta meta;
  meta.lang = std::string(lang);
  std::string key = "error_" + std::to_string(status);
  meta.title = t(lang, key);
  if (meta.title == key) meta.title = t(lang, "error_generic");
  return render_page("error", meta, {{"status", status}, {"message", message}, {"field", field}, {"heading", meta.title}});
}

} // namespace ks::web
