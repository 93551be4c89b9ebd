#include "web/form_html.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "web/form_text.hpp"
#include "web/pages.hpp"

namespace ks::web {

using engine::forms::Component;
using engine::forms::ComponentType;
using engine::forms::FieldError;
using engine::forms::Form;
using nlohmann::json;

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default: out += c;
    }
  }
  return out;
}

std::string field_id(std::string_view name) {
  std::string id = "f-";
  for (char c : name) {
    if (c == '[' || c == '.') id += '-';
    else if (c == ']') continue;
    else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') id += c;
    else id += '_';
  }
  return id;
}

namespace {

std::string as_text(const json& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

const json& member(const json& scope, const std::string& key) {
  static const json null_value = nullptr;
  if (!scope.is_object()) return null_value;
  auto it = scope.find(key);
  return it == scope.end() ? null_value : *it;
}

struct Choice {
  std::string label;
  std::string value;
};

std::vector<Choice> choices(const Component& c, const json& variables) {
  std::vector<Choice> out;
  if (!c.values_key.empty()) {
    const json& list = member(variables, c.values_key);
    if (!list.is_array()) return out;
    for (const auto& o : list) {
      if (o.is_object()) out.push_back({as_text(member(o, "label")), as_text(member(o, "value"))});
      else out.push_back({as_text(o), as_text(o)});
    }
    return out;
  }
  for (const auto& o : c.options) out.push_back({o.label, as_text(o.value)});
  return out;
}

bool contains_value(const json& v, const std::string& value) {
  if (v.is_array()) {
    for (const auto& e : v)
      if (as_text(e) == value) return true;
    return false;
  }
  return as_text(v) == value;
}

bool checked(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  auto s = as_text(v);
  return s == "true" || s == "on" || s == "1" || s == "ja";
}

class Renderer {
public:
  Renderer(const FormView& view) : m_view(view) {}

  void components(const std::vector<Component>& list, const json& scope, const std::string& prefix, int depth) {
    for (const Component& c : list) component(c, scope, prefix, depth);
  }

  std::string html() { return std::move(m_out); }

  std::string summary() const {
    if (m_view.errors.empty()) return {};
    std::string out = fmt::format(
        "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\" "
        "id=\"error-summary\">\n<h2 id=\"error-summary-title\">{}</h2>\n<ul>\n",
        html_escape(t(m_view.lang, "form_error_summary")));
    for (const auto& e : m_view.errors) {
      auto label = m_labels.find(e.key);
      std::string text = label != m_labels.end() ? label->second + ": " + e.message : e.message;
      std::string target = m_targets.contains(e.key) ? m_targets.at(e.key) : field_id(e.key);
      out += fmt::format("<li><a href=\"#{}\">{}</a></li>\n", target, html_escape(text));
    }
    return out + "</ul>\n</div>\n";
  }

private:
  const FieldError* error_for(const std::string& name) const {
    for (const auto& e : m_view.errors)
      if (e.key == name) return &e;
    return nullptr;
  }

  // The label text with the required mark.
  std::string label_html(const Component& c) const {
    std::string out = html_escape(c.label.empty() ? c.key : c.label);
    if (c.required && !m_view.readonly)
      out += fmt::format(" <span class=\"required\">({})</span>", html_escape(t(m_view.lang, "form_required")));
    return out;
  }

  // Hint and error paragraphs, and the ids for aria-describedby.
  std::string describe(const Component& c, const std::string& id, const FieldError* err, std::string& describedby) const {
    std::string out;
    if (!c.description.empty()) {
      out += fmt::format("<p class=\"hint\" id=\"{}-hint\">{}</p>\n", id, html_escape(c.description));
      describedby += id + "-hint";
    }
    if (err) {
      out += fmt::format("<p class=\"field-error\" id=\"{}-error\"><span class=\"visually-hidden\">{}: </span>{}</p>\n",
                         id, html_escape(t(m_view.lang, "form_error_prefix")), html_escape(err->message));
      if (!describedby.empty()) describedby += ' ';
      describedby += id + "-error";
    }
    return out;
  }

  static std::string aria(const FieldError* err, const std::string& describedby) {
    std::string out;
    if (err) out += " aria-invalid=\"true\"";
    if (!describedby.empty()) out += " aria-describedby=\"" + describedby + "\"";
    return out;
  }

  void component(const Component& c, const json& scope, const std::string& prefix, int depth) {
    switch (c.type) {
    case ComponentType::text: m_out += form_text_html(c.text, depth); return;
    case ComponentType::spacer: m_out += "<div class=\"form-spacer\"></div>\n"; return;
    case ComponentType::separator: m_out += "<hr>\n"; return;
    case ComponentType::group: group(c, scope, prefix, depth); return;
    case ComponentType::dynamiclist: dynamic_list(c, scope, prefix, depth); return;
    default: break;
    }
    const std::string name = prefix + c.key;
    const std::string id = field_id(name);
    m_labels[name] = c.label.empty() ? c.key : c.label;
    const json& value = member(scope, c.key).is_null() && !c.default_value.is_null() && m_view.errors.empty()
                            ? c.default_value
                            : member(scope, c.key);
    const FieldError* err = error_for(name);
    if (c.type == ComponentType::radio || c.type == ComponentType::checklist) return choice_group(c, name, id, value, err);
    if (c.type == ComponentType::checkbox) return checkbox(c, name, id, value, err);

    std::string describedby;
    std::string cls = err ? "field has-error" : "field";
    m_out += fmt::format("<div class=\"{}\">\n<label for=\"{}\">{}</label>\n", cls, id, label_html(c));
    m_out += describe(c, id, err, describedby);
    std::string common = fmt::format("id=\"{}\" name=\"{}\"{}{}", id, html_escape(name), aria(err, describedby),
                                     c.readonly || m_view.readonly ? " readonly" : "");
    const std::string text = html_escape(as_text(value));
    switch (c.type) {
    case ComponentType::textarea:
      m_out += fmt::format("<textarea {} rows=\"5\">{}</textarea>\n", common, text);
      break;
    case ComponentType::number:
      m_out += fmt::format("<input type=\"text\" inputmode=\"decimal\" class=\"input-short\" {} value=\"{}\">\n", common, text);
      break;
    case ComponentType::datetime: {
      const char* type = c.subtype == "time" ? "time" : c.subtype == "datetime" ? "datetime-local" : "date";
      m_out += fmt::format("<input type=\"{}\" class=\"input-short\" {} value=\"{}\">\n", type, common, text);
      break;
    }
    case ComponentType::select: {
      if (m_view.readonly || c.readonly) common += " disabled";
      m_out += fmt::format("<select {}>\n<option value=\"\">{}</option>\n", common, html_escape(t(m_view.lang, "form_choose")));
      for (const auto& o : choices(c, m_view.variables))
        m_out += fmt::format("<option value=\"{}\"{}>{}</option>\n", html_escape(o.value),
                             contains_value(value, o.value) ? " selected" : "", html_escape(o.label));
      m_out += "</select>\n";
      break;
    }
    default: {
      const auto suggestions = m_view.readonly || c.readonly ? std::vector<Choice>() : unit_suggestions(c);
      if (suggestions.empty()) {
        m_out += fmt::format("<input type=\"text\" {} value=\"{}\">\n", common, text);
        break;
      }
      // The units of the kinds the field names, offered as the reader types; any id may be typed.
      m_out += fmt::format("<input type=\"text\" {} value=\"{}\" list=\"{}-units\" autocomplete=\"off\">\n", common, text, id);
      m_out += fmt::format("<datalist id=\"{}-units\">\n", id);
      for (const auto& o : suggestions)
        m_out += fmt::format("<option value=\"{}\">{}</option>\n", html_escape(o.value), html_escape(o.label));
      m_out += "</datalist>\n";
      break;
    }
    }
    m_out += "</div>\n";
  }

  std::vector<Choice> unit_suggestions(const Component& c) const {
    std::vector<Choice> out;
    for (const auto& kind : c.suggested_units) {
      const json& list = member(m_view.unit_suggestions, kind);
      if (!list.is_array()) continue;
      for (const auto& o : list) out.push_back({as_text(member(o, "label")), as_text(member(o, "value"))});
    }
    return out;
  }

  void choice_group(const Component& c, const std::string& name, const std::string& id, const json& value,
                    const FieldError* err) {
    const bool radio = c.type == ComponentType::radio;
    std::string describedby;
    m_out += fmt::format("<div class=\"{}\">\n", err ? "field has-error" : "field");
    std::string hints = describe(c, id, err, describedby);
    m_out += fmt::format("<fieldset{}>\n<legend>{}</legend>\n{}", aria(nullptr, describedby), label_html(c), hints);
    auto opts = choices(c, m_view.variables);
    if (opts.empty()) // The error summary links here.
      m_out += fmt::format("<p id=\"{}\" tabindex=\"-1\">{}</p>\n", id, html_escape(t(m_view.lang, "form_no_options")));
    for (std::size_t i = 0; i < opts.size(); ++i) {
      std::string oid = i == 0 ? id : fmt::format("{}-{}", id, i);
      m_out += fmt::format(
          "<div class=\"choice\"><input type=\"{}\" id=\"{}\" name=\"{}\" value=\"{}\"{}{}{}> <label for=\"{}\">{}</label></div>\n",
          radio ? "radio" : "checkbox", oid, html_escape(name), html_escape(opts[i].value),
          contains_value(value, opts[i].value) ? " checked" : "", err ? " aria-invalid=\"true\"" : "",
          c.readonly || m_view.readonly ? " disabled" : "", oid, html_escape(opts[i].label));
    }
    m_out += "</fieldset>\n</div>\n";
  }

  void checkbox(const Component& c, const std::string& name, const std::string& id, const json& value,
                const FieldError* err) {
    std::string describedby;
    m_out += fmt::format("<div class=\"{}\">\n", err ? "field has-error" : "field");
    std::string hints = describe(c, id, err, describedby);
    m_out += fmt::format("<div class=\"choice\"><input type=\"checkbox\" id=\"{}\" name=\"{}\" value=\"true\"{}{}{}> "
                         "<label for=\"{}\">{}</label></div>\n{}</div>\n",
                         id, html_escape(name), checked(value) ? " checked" : "", aria(err, describedby),
                         c.readonly || m_view.readonly ? " disabled" : "", id, label_html(c), hints);
  }

  void group(const Component& c, const json& scope, const std::string& prefix, int depth) {
    m_out += "<fieldset class=\"form-group\">\n";
    if (!c.label.empty()) m_out += fmt::format("<legend>{}</legend>\n", html_escape(c.label));
    if (c.path.empty()) components(c.components, scope, prefix, depth + 1);
    else components(c.components, member(scope, c.path), prefix + c.path + ".", depth + 1);
    m_out += "</fieldset>\n";
  }

  void dynamic_list(const Component& c, const json& scope, const std::string& prefix, int depth) {
    const std::string name = prefix + c.path;
    const std::string id = field_id(name);
    const json& rows = member(scope, c.path);
    const FieldError* err = error_for(name);
    m_labels[name] = c.label.empty() ? c.path : c.label;
    std::size_t count = rows.is_array() ? rows.size() : 0;
    if (!rows.is_array() && !m_view.readonly) count = 1; // An empty row to fill in.
    m_out += fmt::format("<fieldset class=\"dynamiclist{}\" id=\"{}\">\n<legend>{}</legend>\n", err ? " has-error" : "", id,
                         label_html(c));
    std::string describedby;
    m_out += describe(c, id, err, describedby);
    if (count == 0) m_out += fmt::format("<p>{}</p>\n", html_escape(t(m_view.lang, "form_no_rows")));
    for (std::size_t i = 0; i < count; ++i) {
      const std::string row_prefix = fmt::format("{}[{}].", name, i);
      const std::string row_label = fmt::format("{} {}", t(m_view.lang, "form_row"), i + 1);
      m_out += fmt::format("<fieldset class=\"list-row\">\n<legend>{}</legend>\n", html_escape(row_label));
      components(c.components, rows.is_array() ? rows[i] : json::object(), row_prefix, depth + 1);
      if (!m_view.readonly)
        m_out += fmt::format("<button type=\"submit\" class=\"secondary\" name=\"__remove_row\" value=\"{}\" "
                             "formnovalidate>{}</button>\n",
                             html_escape(fmt::format("{}:{}", name, i)),
                             html_escape(fmt::format("{} ({})", t(m_view.lang, "form_remove_row"), row_label)));
      m_out += "</fieldset>\n";
    }
    if (!m_view.readonly) {
      m_out += fmt::format("<input type=\"hidden\" name=\"{}.__rows\" value=\"{}\">\n", html_escape(name), count);
      m_out += fmt::format("<button type=\"submit\" class=\"secondary\" name=\"__add_row\" value=\"{}\" formnovalidate>{}</button>\n",
                           html_escape(name), html_escape(t(m_view.lang, "form_add_row") + ": " + m_labels[name]));
    }
    m_out += "</fieldset>\n";
    // The summary links to the first field of the list.
    m_targets[name] = id;
  }

  const FormView& m_view;
  std::string m_out;
  std::map<std::string, std::string> m_labels;  // Field name → label, for the error summary.
  std::map<std::string, std::string> m_targets; // Field name → id, where it differs from field_id.
};

void add_suggested_kinds(const std::vector<Component>& list, std::vector<std::string>& out) {
  for (const auto& c : list) {
    for (const auto& kind : c.suggested_units)
      if (std::find(out.begin(), out.end(), kind) == out.end()) out.push_back(kind);
    add_suggested_kinds(c.components, out);
  }
}

} // namespace

std::vector<std::string> suggested_unit_kinds(const Form& form) {
  std::vector<std::string> out;
  add_suggested_kinds(form.components, out);
  return out;
}

RenderedForm render_form(const Form& form, const FormView& view) {
  Renderer r(view);
  r.components(form.components, view.values, "", 2);
  RenderedForm out;
  out.error_summary = r.summary(); // After rendering: labels are known.
  out.fields = r.html();
  return out;
}

} // namespace ks::web
