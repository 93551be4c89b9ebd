#include "engine/forms/form.hpp"

#include <regex>

#include <fmt/format.h>

#include "domain/structure.hpp"

namespace ks::engine::forms {

using nlohmann::json;

namespace {

constexpr int kMaxDepth = 16;

struct Known {
  std::string_view name;
  ComponentType type;
};
constexpr Known kTypes[] = {
    {"textfield", ComponentType::textfield}, {"textarea", ComponentType::textarea},
    {"number", ComponentType::number},       {"datetime", ComponentType::datetime},
    {"select", ComponentType::select},       {"radio", ComponentType::radio},
    {"checkbox", ComponentType::checkbox},   {"checklist", ComponentType::checklist},
    {"group", ComponentType::group},         {"dynamiclist", ComponentType::dynamiclist},
    {"text", ComponentType::text},           {"spacer", ComponentType::spacer},
    {"separator", ComponentType::separator},
};

std::string name_of(const json& c) {
  if (c.contains("key") && c["key"].is_string()) return fmt::format("'{}'", c["key"].get<std::string>());
  if (c.contains("id") && c["id"].is_string()) return fmt::format("with id '{}'", c["id"].get<std::string>());
  return "without key or id";
}

std::string str(const json& c, const char* key) {
  auto it = c.find(key);
  if (it == c.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

Result<Component> read_component(const json& c, int depth) {
  if (!c.is_object()) return fail(Error::invalid("a component is not a JSON object"));
  if (depth > kMaxDepth) return fail(Error::invalid("components are nested too deeply"));
  std::string type_name = str(c, "type");
  Component out;
  bool found = false;
  for (const auto& k : kTypes)
    if (k.name == type_name) {
      out.type = k.type;
      found = true;
    }
  if (!found)
    return fail(Error::invalid(fmt::format("component {}: unknown component type '{}'", name_of(c), type_name),
                               str(c, "key")));
  out.id = str(c, "id");
  out.key = str(c, "key");
  out.path = str(c, "path");
  out.label = str(c, "label");
  out.description = str(c, "description");
  out.text = str(c, "text");
  out.subtype = str(c, "subtype");
  out.readonly = c.value("readonly", false) == true || c.value("disabled", false) == true;
  if (c.contains("defaultValue")) out.default_value = c["defaultValue"];
  if (out.type == ComponentType::dynamiclist && out.path.empty()) out.path = out.key;
  if (out.is_input() && out.key.empty())
    return fail(Error::invalid(fmt::format("component {} of type '{}' has no key", name_of(c), type_name)));
  if (out.type == ComponentType::dynamiclist && out.path.empty())
    return fail(Error::invalid(fmt::format("dynamiclist {} has no path", name_of(c))));
  if (out.type == ComponentType::datetime) {
    if (out.subtype.empty()) out.subtype = "date";
    if (out.subtype != "date" && out.subtype != "datetime" && out.subtype != "time")
      return fail(Error::invalid(fmt::format("datetime {}: unknown subtype '{}'", name_of(c), out.subtype), out.key));
  }
  if (auto v = c.find("validate"); v != c.end() && v->is_object()) {
    out.required = v->value("required", false) == true;
    auto number = [&](const char* k) -> std::optional<double> {
      auto it = v->find(k);
      if (it == v->end() || !it->is_number()) return std::nullopt;
      return it->get<double>();
    };
    out.min = number("min");
    out.max = number("max");
    if (auto n = number("minLength")) out.min_length = static_cast<std::int64_t>(*n);
    if (auto n = number("maxLength")) out.max_length = static_cast<std::int64_t>(*n);
    out.pattern = str(*v, "pattern");
    if (!out.pattern.empty()) {
      try {
        std::regex check(out.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        return fail(Error::invalid(fmt::format("component {}: invalid pattern '{}': {}", name_of(c), out.pattern, e.what()),
                                   out.key));
      }
    }
  }
  if (auto v = c.find("values"); v != c.end()) {
    if (!v->is_array()) return fail(Error::invalid(fmt::format("component {}: values must be a list", name_of(c)), out.key));
    for (const auto& o : *v) {
      if (!o.is_object() || !o.contains("value"))
        return fail(Error::invalid(fmt::format("component {}: every value needs label and value", name_of(c)), out.key));
      out.options.push_back({str(o, "label"), o["value"]});
    }
  }
  out.values_key = str(c, "valuesKey");
  if (auto props = c.find("properties"); props != c.end()) {
    if (!props->is_object())
      return fail(Error::invalid(fmt::format("component {}: properties must be an object", name_of(c)), out.key));
    if (auto units = props->find("ks:units"); units != props->end()) {
      if (!units->is_string() || out.type != ComponentType::textfield)
        return fail(Error::invalid(
            fmt::format("component {}: ks:units is a text of unit kinds, for a textfield", name_of(c)), out.key));
      const auto& list = units->get_ref<const std::string&>();
      for (std::size_t start = 0; start <= list.size();) {
        const auto end = std::min(list.find(',', start), list.size());
        const auto key = list.substr(start, end - start);
        const auto kind = domain::parse_unit_kind(key);
        if (!kind)
          return fail(Error::invalid(fmt::format("component {}: ks:units names an unknown unit kind '{}'", name_of(c), key),
                                     out.key));
        out.suggested_units.emplace_back(domain::to_key(*kind));
        start = end + 1;
      }
    }
  }
  bool has_options = out.type == ComponentType::select || out.type == ComponentType::radio ||
                     out.type == ComponentType::checklist;
  if (has_options && out.options.empty() && out.values_key.empty())
    return fail(Error::invalid(fmt::format("component {}: needs values or valuesKey", name_of(c)), out.key));
  if (out.type == ComponentType::group || out.type == ComponentType::dynamiclist) {
    auto kids = c.find("components");
    if (kids != c.end()) {
      if (!kids->is_array())
        return fail(Error::invalid(fmt::format("component {}: components must be a list", name_of(c)), out.key));
      for (const auto& k : *kids) out.components.push_back(KS_TRY(read_component(k, depth + 1)));
    }
  }
  return out;
}

void collect(const std::vector<Component>& list, std::vector<const Component*>& out) {
  for (const auto& c : list) {
    if (c.type == ComponentType::group) collect(c.components, out);
    else if (c.is_input() || c.type == ComponentType::dynamiclist) out.push_back(&c);
  }
}

} // namespace

std::string_view to_string(ComponentType type) {
  for (const auto& k : kTypes)
    if (k.type == type) return k.name;
  return "?";
}

bool Component::is_input() const {
  switch (type) {
  case ComponentType::group:
  case ComponentType::dynamiclist:
  case ComponentType::text:
  case ComponentType::spacer:
  case ComponentType::separator: return false;
  default: return true;
  }
}

Result<Form> parse_form(std::string_view json_text) {
  json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded()) return fail(Error::invalid("the form is not valid JSON"));
  if (!doc.is_object()) return fail(Error::invalid("the form is not a JSON object"));
  Form form;
  form.id = str(doc, "id");
  if (form.id.empty()) return fail(Error::invalid("the form has no id", "id"));
  auto comps = doc.find("components");
  if (comps == doc.end() || !comps->is_array()) return fail(Error::invalid("the form has no components list", "components"));
  for (const auto& c : *comps) form.components.push_back(KS_TRY(read_component(c, 1)));
  // Keys must be unique among the fields that share one values object.
  std::vector<const Component*> fields = input_fields(form);
  auto name = [](const Component* c) { return c->type == ComponentType::dynamiclist ? c->path : c->key; };
  for (std::size_t i = 0; i < fields.size(); ++i)
    for (std::size_t j = i + 1; j < fields.size(); ++j)
      if (name(fields[i]) == name(fields[j]))
        return fail(Error::invalid(fmt::format("key '{}' is used by two components", name(fields[i])), name(fields[i])));
  return form;
}

std::vector<const Component*> input_fields(const Form& form) {
  std::vector<const Component*> out;
  collect(form.components, out);
  return out;
}

} // namespace ks::engine::forms
