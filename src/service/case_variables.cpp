#include "service/case_variables.hpp"

#include "store/structure_store.hpp"

namespace ks::service {

namespace st = store::structure;
using domain::UnitKind;
using nlohmann::json;

namespace {

Result<std::vector<domain::Unit>> county_units(store::Connection& c, UnitKind kind, const std::string& county) {
  st::UnitFilter f;
  f.kinds = {kind};
  f.county = county;
  return st::list_units(c, f);
}

// A form's options (valuesKey) for these units: {label: name, value: id}, in their order.
json options_of(const std::vector<domain::Unit>& units) {
  json out = json::array();
  for (const auto& u : units) out.push_back({{"label", u.name}, {"value", u.id}});
  return out;
}

Result<std::optional<std::string>> first_of(store::Connection& c, UnitKind kind, const std::string& county) {
  auto units = KS_TRY(county_units(c, kind, county));
  if (units.empty()) return std::optional<std::string>();
  return std::optional<std::string>(units.front().id);
}

} // namespace

Result<json> start_variables(store::Connection& c, const CaseStartInput& in, std::string_view today) {
  (void)today;
  if (!in.overrides.is_object()) return fail(Error::invalid("variables ska vara ett JSON-objekt", "variables"));
  auto region = KS_TRY(st::find_unit(c, in.region_id));
  if (!region || region->kind != UnitKind::region || !region->county)
    return fail(Error::invalid("okänd region: " + in.region_id, "region_id"));
  const std::string county = *region->county;

  json v = json::object();
  v["region"] = region->id;
  v["knowledge_support_id"] = in.knowledge_support_id;
  v["knowledge_support_title"] = in.knowledge_support_title;

  const bool needs_lpo = in.routine == "vasternorrland" || in.routine == "region-only";
  if (in.lpo_id && !in.lpo_id->empty()) {
    auto lpo = KS_TRY(st::find_unit(c, *in.lpo_id));
    if (!lpo || lpo->kind != UnitKind::lpo || lpo->county != region->county)
      return fail(Error::invalid("okänt LPO i " + region->name + ": " + *in.lpo_id, "lpo_id"));
    v["lpo"] = lpo->id;
  } else if (needs_lpo && !in.overrides.contains("lpo")) {
    return fail(Error::invalid("berört LPO saknas", "lpo_id"));
  }

  if (auto kfvn = KS_TRY(first_of(c, UnitKind::association, county))) v["kfvn"] = *kfvn;
  auto lansledning = KS_TRY(c.row("SELECT u.id FROM units u JOIN unit_functions f ON f.unit_id = u.id "
                                  "WHERE u.county = ? AND u.kind = 'collaboration_body' "
                                  "AND f.function = 'collaboration_coordinator' ORDER BY u.id LIMIT 1",
                                  county));
  // Step 13: the steering groups the case may be routed to instead, those within the Länsledning
  // (the form's select; a unit id typed by hand could name no unit, leaving the forum's tasks to
  // nobody).
  json steering_groups = json::array();
  if (lansledning) {
    v["lansledning"] = lansledning->text(0);
    st::UnitFilter f;
    f.kinds = {UnitKind::collaboration_body, UnitKind::steering_group};
    f.county = county;
    f.parent_id = lansledning->text(0);
    steering_groups = options_of(KS_TRY(st::list_units(c, f)));
  }
  v["steering_group_options"] = std::move(steering_groups);
  if (auto g = KS_TRY(first_of(c, UnitKind::preparation_group, county))) v["ksgb"] = *g;
  if (auto g = KS_TRY(first_of(c, UnitKind::steering_group, county))) v["lghs"] = *g;

  json municipalities = options_of(KS_TRY(county_units(c, UnitKind::municipality, county)));
  json principals = json::array({{{"label", region->name}, {"value", region->id}}});
  for (const auto& m : municipalities) principals.push_back(m);
  v["municipality_options"] = std::move(municipalities);
  v["principal_options"] = std::move(principals);
  // Dalarna's divisions (D2 chooses among them; their verksamhetschefer and heads get D7–D8).
  v["division_options"] = options_of(KS_TRY(county_units(c, UnitKind::division, county)));

  for (const auto& [k, value] : in.overrides.items()) v[k] = value;
  return v;
}

Result<engine::InstanceState> state_of(const store::cases::Case& k) {
  auto state = engine::state_from_text(k.fields.state);
  if (!state) return fail(Error::internal("case " + std::to_string(k.id) + ": " + state.error().message));
  return state;
}

nlohmann::json variables_of(const store::cases::Case& k) {
  auto state = nlohmann::json::parse(k.fields.state, nullptr, false);
  if (state.is_object())
    if (auto vars = state.find("vars"); vars != state.end() && vars->is_object()) return std::move(*vars); // Not a copy.
  return nlohmann::json::object();
}

Scope case_scope(const store::cases::Case& k, const nlohmann::json& variables) {
  Scope s;
  s.region_id = k.fields.region_id;
  if (auto it = variables.find("lpo"); it != variables.end() && it->is_string()) s.lpo_id = it->get<std::string>();
  s.case_id = std::to_string(k.id);
  return s;
}

} // namespace ks::service
