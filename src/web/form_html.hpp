// An engine form (Camunda Forms JSON, engine/forms/form.hpp) as plain accessible HTML, and a posted
// HTML form back as the JSON submission the engine validates. No JavaScript needed:
//  - every input has a <label>; radio groups and checklists are fieldsets with a legend;
//  - descriptions are hints tied with aria-describedby; required fields say so in the label;
//  - after a failed validation each field carries aria-invalid and its message (aria-describedby),
//    and an error summary at the top links to the fields; the submitted values are kept;
//  - a dynamiclist shows N rows, with "add row" / "remove row" submit buttons handled by the server.
//
// Field names: `key`; inside a group with a path `path.key`; inside a dynamiclist `path[i].key`
// (the same as engine FieldError keys, so errors find their fields). A dynamiclist also posts
// `path.__rows` (the number of rows shown).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/forms/form.hpp"

namespace ks::web {

struct FormView {
  std::string lang = "sv";
  nlohmann::json values = nlohmann::json::object();    // Current values (variables, or as submitted).
  nlohmann::json variables = nlohmann::json::object(); // Supplies options for valuesKey components.
  // Unit kind key → [{label, value}]: the suggestions a textfield with "ks:units" offers (a
  // <datalist>; any text may still be typed).
  nlohmann::json unit_suggestions = nlohmann::json::object();
  std::vector<engine::forms::FieldError> errors;
  bool readonly = false; // Show the values only (a completed task).
};

struct RenderedForm {
  std::string error_summary; // Empty when there are no errors; put it first in <main>'s form area.
  std::string fields;        // The fields, to put inside a <form>.
};

RenderedForm render_form(const engine::forms::Form& form, const FormView& view);

// The unit kinds the form's textfields suggest units of ("ks:units"), each once.
std::vector<std::string> suggested_unit_kinds(const engine::forms::Form& form);

// The posted fields of an HTML form (Request::query for a POST) as the submission JSON:
// checklists as arrays, checkboxes as booleans, dynamiclists as arrays of row objects (rows left
// entirely blank are dropped), groups with a path as objects; other values as posted strings.
nlohmann::json form_submission(const engine::forms::Form& form, const std::multimap<std::string, std::string>& posted);

// The "add row" / "remove row" buttons of dynamiclists (no JavaScript): when the POST was one of
// them, the changed values to show again (without validating); nullopt for a real submission.
std::optional<nlohmann::json> apply_row_action(const engine::forms::Form& form,
                                               const std::multimap<std::string, std::string>& posted);

// The HTML id of the input for a field name ("lag_functions[0].function" → "f-lag_functions-0-function").
std::string field_id(std::string_view name);

// Escapes text for HTML element content and attribute values.
std::string html_escape(std::string_view text);

} // namespace ks::web
