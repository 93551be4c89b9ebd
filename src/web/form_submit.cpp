// Posted HTML fields → the JSON submission of an engine form (declared in form_html.hpp).
#include <charconv>

#include <fmt/format.h>

#include "web/form_html.hpp"

namespace ks::web {

using engine::forms::Component;
using engine::forms::ComponentType;
using engine::forms::Form;
using nlohmann::json;
using Posted = std::multimap<std::string, std::string>;

namespace {

std::optional<std::string> first(const Posted& posted, const std::string& name) {
  auto it = posted.find(name);
  if (it == posted.end()) return std::nullopt;
  return it->second;
}

std::size_t to_size(const std::optional<std::string>& s, std::size_t fallback) {
  if (!s) return fallback;
  std::size_t n = fallback;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), n);
  if (ec != std::errc() || p != s->data() + s->size()) return fallback;
  return std::min<std::size_t>(n, 200); // A bound on what a client can make us render.
}

bool blank_row(const json& row) {
  for (const auto& [k, v] : row.items()) {
    if (v.is_string() && v.get_ref<const std::string&>().find_first_not_of(" \t\r\n") != std::string::npos) return false;
    if (v.is_array() && !v.empty()) return false;
    if (v.is_boolean() && v.get<bool>()) return false;
    if (v.is_object() && !blank_row(v)) return false;
  }
  return true;
}

void read(const std::vector<Component>& list, const Posted& posted, const std::string& prefix, json& out) {
  for (const Component& c : list) {
    if (c.type == ComponentType::group) {
      if (c.path.empty()) {
        read(c.components, posted, prefix, out);
      } else {
        json sub = json::object();
        read(c.components, posted, prefix + c.path + ".", sub);
        out[c.path] = std::move(sub);
      }
    } else if (c.type == ComponentType::dynamiclist) {
      const std::string name = prefix + c.path;
      const std::size_t rows = to_size(first(posted, name + ".__rows"), 0);
      json list_json = json::array();
      for (std::size_t i = 0; i < rows; ++i) {
        json row = json::object();
        read(c.components, posted, fmt::format("{}[{}].", name, i), row);
        if (!blank_row(row)) list_json.push_back(std::move(row));
      }
      out[c.path] = std::move(list_json);
    } else if (c.type == ComponentType::checklist) {
      json values = json::array();
      auto [b, e] = posted.equal_range(prefix + c.key);
      for (auto it = b; it != e; ++it) values.push_back(it->second);
      out[c.key] = std::move(values);
    } else if (c.type == ComponentType::checkbox) {
      auto v = first(posted, prefix + c.key);
      out[c.key] = v && (*v == "true" || *v == "on");
    } else if (c.is_input()) {
      auto v = first(posted, prefix + c.key);
      if (v) out[c.key] = *v;
    }
  }
}

// Finds the dynamiclist whose field name is `name` and the prefix its rows live under.
json* list_at(json& values, const std::string& name) {
  // name: "path" or "group.path" or "outer[0].path"; walk it.
  json* cur = &values;
  std::size_t pos = 0;
  while (pos < name.size()) {
    auto end = name.find_first_of(".[", pos);
    std::string key = name.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!cur->is_object()) return nullptr;
    cur = &(*cur)[key];
    if (end == std::string::npos) break;
    if (name[end] == '[') {
      auto close = name.find(']', end);
      if (close == std::string::npos || !cur->is_array()) return nullptr;
      std::size_t i = to_size(name.substr(end + 1, close - end - 1), SIZE_MAX);
      if (i >= cur->size()) return nullptr;
      cur = &(*cur)[i];
      pos = close + 2; // Skip "].".
    } else {
      pos = end + 1;
    }
  }
  return cur;
}

// Like read(), but keeps blank rows (the person is still filling them in).
void read_keep_rows(const std::vector<Component>& list, const Posted& posted, const std::string& prefix, json& out) {
  for (const Component& c : list) {
    if (c.type == ComponentType::group && !c.path.empty()) {
      json sub = json::object();
      read_keep_rows(c.components, posted, prefix + c.path + ".", sub);
      out[c.path] = std::move(sub);
    } else if (c.type == ComponentType::group) {
      read_keep_rows(c.components, posted, prefix, out);
    } else if (c.type == ComponentType::dynamiclist) {
      const std::string name = prefix + c.path;
      const std::size_t rows = to_size(first(posted, name + ".__rows"), 0);
      json list_json = json::array();
      for (std::size_t i = 0; i < rows; ++i) {
        json row = json::object();
        read_keep_rows(c.components, posted, fmt::format("{}[{}].", name, i), row);
        list_json.push_back(std::move(row));
      }
      out[c.path] = std::move(list_json);
    } else {
      read({c}, posted, prefix, out);
    }
  }
}

} // namespace

json form_submission(const Form& form, const Posted& posted) {
  json out = json::object();
  read(form.components, posted, "", out);
  return out;
}

std::optional<json> apply_row_action(const Form& form, const Posted& posted) {
  auto add = first(posted, "__add_row");
  auto remove = first(posted, "__remove_row");
  if (!add && !remove) return std::nullopt;
  json values = json::object();
  read_keep_rows(form.components, posted, "", values);
  if (add) {
    json* list = list_at(values, *add);
    if (list && list->is_array() && list->size() < 200) list->push_back(json::object());
    else if (list && list->is_null()) *list = json::array({json::object()});
  } else {
    auto colon = remove->rfind(':');
    if (colon != std::string::npos) {
      json* list = list_at(values, remove->substr(0, colon));
      std::size_t i = to_size(remove->substr(colon + 1), SIZE_MAX);
      if (list && list->is_array() && i < list->size()) list->erase(i);
    }
  }
  return values;
}

} // namespace ks::web
