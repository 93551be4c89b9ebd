// Forms are data: the Camunda Forms JSON that Camunda Modeler's form editor writes
// ({"type":"default","id":...,"components":[...]}), a documented subset (docs/bpmn-subset.md
// "Forms"). This module reads a form, lists its fields for rendering, and validates a submission.
// Pure: no I/O, no HTML (the web layer renders from Component).
#pragma once

#include "core/result.hpp"
#include "engine/expr/expression.hpp"

#include <nlohmann/json.hpp>

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ks::engine::forms {

enum class ComponentType {
  textfield,
  textarea,
  number,
  datetime,
  select,
  radio,
  checkbox,
  checklist,
  group,
  dynamiclist,
  text,      // Display only: `text` is markdown-ish text.
  spacer,    // Display only.
  separator, // Display only.
};

std::string_view to_string(ComponentType type);

struct Option {
  std::string label;
  nlohmann::json value; // Usually a string.
};

struct Component {
  ComponentType type = ComponentType::text;
  std::string id;
  std::string key;   // Input components: the variable name the value is stored under.
  std::string path;  // group (optional) and dynamiclist: the variable holding the nested values.
  std::string label;
  std::string description;
  std::string text;    // For `text`.
  std::string subtype; // For datetime: "date" (default), "datetime" or "time".
  bool required = false;
  bool readonly = false;
  std::optional<double> min, max;                    // number
  std::optional<std::int64_t> min_length, max_length; // textfield, textarea
  std::string pattern;                                // textfield, textarea (ECMAScript regex)
  std::vector<Option> options;                        // select, radio, checklist: static options
  std::string values_key; // select, radio, checklist: options come from this variable instead.
  // textfield: the unit kinds (keys, e.g. "lag") whose units the page offers as suggestions while
  // any unit id may still be typed (a LAG set up after the case began). From the component's
  // custom property "ks:units", kind keys separated by commas.
  std::vector<std::string> suggested_units;
  nlohmann::json default_value;
  std::vector<Component> components; // group, dynamiclist

  bool is_input() const;
};

struct Form {
  std::string id;
  std::vector<Component> components;
};

// Reads a form file. Errors (invalid_input) name the component by key or id and the problem:
// not JSON, missing id, an unknown component type, an input without key, a bad pattern.
Result<Form> parse_form(std::string_view json_text);

// Every input component, depth first, as a renderer or validator sees them (groups flattened; a
// dynamiclist is listed itself, not its item fields).
std::vector<const Component*> input_fields(const Form& form);

// A problem with one submitted value. `key` is the field key, or "list[2].field" inside a
// dynamiclist. Messages are Swedish, for the person filling in the form.
struct FieldError {
  std::string key;
  std::string message;
  nlohmann::json value;
  bool operator==(const FieldError&) const = default;
};

// The normalised values (a JSON object holding only the form's keys: numbers as numbers,
// checkboxes as booleans, dates as "YYYY-MM-DD", empty optional fields left out) or every error.
// `submitted` is a JSON object as posted (strings are accepted for numbers and booleans, as HTML
// forms send them). `variables` supplies options for components with valuesKey; when it has no
// such variable any value is accepted for that field.
std::expected<nlohmann::json, std::vector<FieldError>> validate_submission(const Form& form,
                                                                          const nlohmann::json& submitted,
                                                                          const expr::Lookup& variables);
// The same with the variables as the members of a JSON object.
std::expected<nlohmann::json, std::vector<FieldError>> validate_submission(
    const Form& form, const nlohmann::json& submitted, const nlohmann::json& variables = nlohmann::json::object());

} // namespace ks::engine::forms
