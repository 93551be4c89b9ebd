#include "engine/forms/form.hpp"

#include "core/clock.hpp"

#include <fmt/format.h>

#include <cmath>
#include <regex>

namespace ks::engine::forms {

using nlohmann::json;

namespace {

bool blank(const json& v) {
  if (v.is_null()) return true;
  if (v.is_string()) return v.get_ref<const std::string&>().find_first_not_of(" \t\r\n") == std::string::npos;
  if (v.is_array()) return v.empty();
  return false;
}

std::string as_string(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// The options a select/radio/checklist offers: its static values, or the valuesKey variable (a list
// of {label, value} or of plain values). nullopt when they cannot be known.
std::optional<std::vector<json>> options_of(const Component& c, const expr::Lookup& variables) {
  std::vector<json> out;
  if (!c.values_key.empty()) {
    const json* list = variables.find(c.values_key);
    if (!list || !list->is_array()) return std::nullopt;
    for (const auto& o : *list) out.push_back(o.is_object() && o.contains("value") ? o["value"] : o);
    return out;
  }
  for (const auto& o : c.options) out.push_back(o.value);
  return out;
}

// Finds the option equal to `v`, comparing as text (HTML posts text).
std::optional<json> match_option(const std::vector<json>& options, const json& v) {
  std::string text = as_string(v);
  for (const auto& o : options)
    if (o == v || as_string(o) == text) return o;
  return std::nullopt;
}

class Checker {
public:
  Checker(const expr::Lookup& variables, std::vector<FieldError>& errors) : m_vars(variables), m_errors(errors) {}

  void components(const std::vector<Component>& list, const json& in, json& out, const std::string& prefix) {
    for (const Component& c : list) {
      if (c.type == ComponentType::group) {
        if (c.path.empty()) {
          components(c.components, in, out, prefix);
        } else {
          json sub_out = json::object();
          const json& sub_in = member(in, c.path);
          components(c.components, sub_in.is_object() ? sub_in : kEmpty, sub_out, prefix + c.path + ".");
          if (!sub_out.empty()) out[c.path] = std::move(sub_out);
        }
      } else if (c.type == ComponentType::dynamiclist) {
        list_field(c, member(in, c.path), out, prefix);
      } else if (c.is_input()) {
        field(c, member(in, c.key), out, prefix + c.key);
      }
    }
  }

private:
  static const json& member(const json& in, const std::string& key) {
    if (!in.is_object()) return kNull;
    auto it = in.find(key);
    return it == in.end() ? kNull : *it;
  }

  void error(const std::string& key, std::string message, const json& value) {
    m_errors.push_back({key, std::move(message), value});
  }

  void list_field(const Component& c, const json& v, json& out, const std::string& prefix) {
    std::string key = prefix + c.path;
    if (v.is_null() || (v.is_array() && v.empty())) {
      if (c.required) error(key, "Lägg till minst en rad.", v);
      return;
    }
    if (!v.is_array()) {
      error(key, "Ska vara en lista.", v);
      return;
    }
    json rows = json::array();
    for (std::size_t i = 0; i < v.size(); ++i) {
      json row = json::object();
      components(c.components, v[i].is_object() ? v[i] : kEmpty, row, fmt::format("{}[{}].", key, i));
      rows.push_back(std::move(row));
    }
    out[c.path] = std::move(rows);
  }

  void field(const Component& c, const json& v, json& out, const std::string& key) {
    if (c.type == ComponentType::checkbox) {
      checkbox(c, v, out, key);
      return;
    }
    if (blank(v)) {
      if (c.required) error(key, "Fältet är obligatoriskt.", v);
      return;
    }
    switch (c.type) {
    case ComponentType::textfield:
    case ComponentType::textarea: text(c, v, out, key); break;
    case ComponentType::number: number(c, v, out, key); break;
    case ComponentType::datetime: datetime(c, v, out, key); break;
    case ComponentType::select:
    case ComponentType::radio: choice(c, v, out, key); break;
    case ComponentType::checklist: checklist(c, v, out, key); break;
    default: break;
    }
  }

  void text(const Component& c, const json& v, json& out, const std::string& key) {
    if (!v.is_string() && !v.is_number()) {
      error(key, "Ska vara text.", v);
      return;
    }
    std::string s = as_string(v);
    // Length in characters, not bytes: count UTF-8 lead bytes.
    std::int64_t length = 0;
    for (unsigned char ch : s)
      if ((ch & 0xC0) != 0x80) ++length;
    if (c.min_length && length < *c.min_length)
      return error(key, fmt::format("Skriv minst {} tecken.", *c.min_length), v);
    if (c.max_length && length > *c.max_length)
      return error(key, fmt::format("Skriv högst {} tecken.", *c.max_length), v);
    if (!c.pattern.empty()) {
      std::regex re(c.pattern, std::regex::ECMAScript);
      if (!std::regex_match(s, re)) return error(key, "Värdet har fel format.", v);
    }
    out[c.key] = s;
  }

  void number(const Component& c, const json& v, json& out, const std::string& key) {
    double d;
    if (v.is_number()) {
      d = v.get<double>();
    } else if (v.is_string()) {
      std::string s = v.get<std::string>();
      for (char& ch : s)
        if (ch == ',') ch = '.'; // Swedish decimal comma.
      s.erase(0, s.find_first_not_of(" \t"));
      s.erase(s.find_last_not_of(" \t") + 1);
      char* end = nullptr;
      d = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(d)) return error(key, "Ange ett tal.", v);
    } else {
      return error(key, "Ange ett tal.", v);
    }
    if (c.min && d < *c.min) return error(key, fmt::format("Talet får inte vara mindre än {}.", *c.min), v);
    if (c.max && d > *c.max) return error(key, fmt::format("Talet får inte vara större än {}.", *c.max), v);
    if (d == std::floor(d) && std::fabs(d) < 9e15) out[c.key] = static_cast<std::int64_t>(d);
    else out[c.key] = d;
  }

  void datetime(const Component& c, const json& v, json& out, const std::string& key) {
    if (!v.is_string()) return error(key, "Ange ett datum.", v);
    std::string s = v.get<std::string>();
    if (c.subtype == "time") {
      bool ok = s.size() == 5 && s[2] == ':' && std::isdigit(static_cast<unsigned char>(s[0])) &&
                std::isdigit(static_cast<unsigned char>(s[1])) && std::isdigit(static_cast<unsigned char>(s[3])) &&
                std::isdigit(static_cast<unsigned char>(s[4])) && std::stoi(s.substr(0, 2)) < 24 &&
                std::stoi(s.substr(3, 2)) < 60;
      if (!ok) return error(key, "Ange en tid som TT:MM.", v);
      out[c.key] = s;
      return;
    }
    auto at = parse_iso(s);
    if (!at) return error(key, c.subtype == "date" ? "Ange ett datum som ÅÅÅÅ-MM-DD." : "Ange datum och tid.", v);
    out[c.key] = c.subtype == "date" ? format_date(*at) : format_iso(*at);
  }

  void choice(const Component& c, const json& v, json& out, const std::string& key) {
    auto options = options_of(c, m_vars);
    if (!options) {
      out[c.key] = v;
      return;
    }
    auto m = match_option(*options, v);
    if (!m) return error(key, "Välj ett av alternativen.", v);
    out[c.key] = *m;
  }

  void checklist(const Component& c, const json& v, json& out, const std::string& key) {
    json items = v.is_array() ? v : json::array({v});
    auto options = options_of(c, m_vars);
    json chosen = json::array();
    for (const auto& item : items) {
      if (!options) {
        chosen.push_back(item);
        continue;
      }
      auto m = match_option(*options, item);
      if (!m) return error(key, "Välj bland alternativen.", v);
      chosen.push_back(*m);
    }
    out[c.key] = std::move(chosen);
  }

  void checkbox(const Component& c, const json& v, json& out, const std::string& key) {
    bool value;
    if (v.is_null()) value = false;
    else if (v.is_boolean()) value = v.get<bool>();
    else if (v.is_string() && (v == "true" || v == "on" || v == "1" || v == "ja")) value = true;
    else if (v.is_string() && (v == "false" || v == "off" || v == "0" || v == "" || v == "nej")) value = false;
    else return error(key, "Ska vara ja eller nej.", v);
    if (c.required && !value) return error(key, "Rutan måste kryssas i.", v);
    out[c.key] = value;
  }

  static const json kNull;
  static const json kEmpty;
  const expr::Lookup& m_vars;
  std::vector<FieldError>& m_errors;
};

const json Checker::kNull = nullptr;
const json Checker::kEmpty = json::object();

} // namespace

std::expected<json, std::vector<FieldError>> validate_submission(const Form& form, const json& submitted,
                                                                 const json& variables) {
  return validate_submission(form, submitted, expr::ObjectLookup(variables));
}

std::expected<json, std::vector<FieldError>> validate_submission(const Form& form, const json& submitted,
                                                                 const expr::Lookup& variables) {
  std::vector<FieldError> errors;
  json out = json::object();
  if (!submitted.is_object() && !submitted.is_null()) {
    errors.push_back({"", "Formulärdata ska vara ett JSON-objekt.", submitted});
    return std::unexpected(std::move(errors));
  }
  Checker(variables, errors).components(form.components, submitted.is_object() ? submitted : json::object(), out, "");
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return out;
}

} // namespace ks::engine::forms
