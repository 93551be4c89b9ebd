// The structure: JSON API (/api/v1/organisations, /groups, /groups/{id}, /people/{id},
// /structure/search) and the Swedish pages under /structure. People's names are shown only to
// signed-in users; the organisations and groups themselves are public.
#include <algorithm>

#include "http/page.hpp"
#include "http/routes.hpp"
#include "http/structure_json.hpp"
#include "service/structure_service.hpp"

namespace ks::http {

namespace {

namespace st = store::structure;
using nlohmann::json;
using domain::UnitKind;

bool signed_in(const Request& req) { return req.principal.user_id != 0; }
ShowPeople show_people(const Request& req) { return signed_in(req) ? ShowPeople::yes : ShowPeople::no; }

std::vector<std::string> kinds_of(const Request& req, bool organisations) {
  auto kinds = req.params("kind");
  if (kinds.empty())
    for (const auto& k : domain::unit_kinds())
      if (k.organisation == organisations) kinds.emplace_back(k.key);
  return kinds;
}

// Refuses kinds that belong to the other list (a region is not a group).
Status check_kinds(const std::vector<domain::Unit>& units, bool organisations) {
  for (const auto& u : units)
    if (domain::is_organisation(u.kind) != organisations)
      return fail(Error::invalid(std::string("kind ") + std::string(domain::to_key(u.kind)) +
                                     (organisations ? " is a group: use /api/v1/groups" : " is an organisation: use /api/v1/organisations"),
                                 "kind"));
  return {};
}

// Units as JSON; regions carry their healthcare regions, NPOs their host.
Result<json> list_json(service::Context& ctx, const std::vector<domain::Unit>& units) {
  std::vector<domain::Unit> with_relations;
  for (const auto& u : units)
    if (u.kind == UnitKind::region || u.kind == UnitKind::npo || u.kind == UnitKind::nsg) with_relations.push_back(u);
  const auto details = KS_TRY(service::unit_details(ctx, with_relations));
  json out = json::array();
  for (const auto& u : units) {
    json j = unit_json(u);
    for (const auto& d : details) {
      if (d.unit.id != u.id) continue;
      if (u.kind == UnitKind::region) j["healthcare_regions"] = json::array();
      for (const auto& r : d.relations) {
        if (!r.outgoing) continue;
        if (r.kind == domain::RelationKind::belongs_to) j["healthcare_regions"].push_back(unit_ref_json(r.other));
        if (r.kind == domain::RelationKind::hosted_by) j["host"] = unit_ref_json(r.other);
      }
    }
    out.push_back(std::move(j));
  }
  return out;
}

Result<std::vector<domain::Unit>> units_of_kinds(service::Context& ctx, std::initializer_list<UnitKind> kinds,
                                                 std::optional<std::string> county = std::nullopt) {
  service::UnitListQuery q;
  for (auto k : kinds) q.kinds.emplace_back(domain::to_key(k));
  q.county = std::move(county);
  return service::list_units(ctx, q);
}

// The levels for /structure.
Result<json> browse_context(service::Context& ctx) {
  json j;
  j["national_bodies"] = KS_TRY(list_json(ctx, KS_TRY(units_of_kinds(ctx, {UnitKind::national_body}))));
  j["npos"] = KS_TRY(list_json(ctx, KS_TRY(units_of_kinds(ctx, {UnitKind::npo}))));
  j["nsgs"] = KS_TRY(list_json(ctx, KS_TRY(units_of_kinds(ctx, {UnitKind::nsg}))));
  auto national_groups = KS_TRY(units_of_kinds(ctx, {UnitKind::nag, UnitKind::council}));
  std::erase_if(national_groups, [](const domain::Unit& u) { return u.county.has_value(); });
  // Councils under a healthcare region are shown with it, below.
  auto hcrs = KS_TRY(units_of_kinds(ctx, {UnitKind::healthcare_region}));
  const auto hcr_details = KS_TRY(service::unit_details(ctx, hcrs));
  std::erase_if(national_groups, [&](const domain::Unit& u) {
    return std::any_of(hcrs.begin(), hcrs.end(), [&](const auto& h) { return u.parent_id == h.id; });
  });
  j["national_groups"] = KS_TRY(list_json(ctx, national_groups));
  j["healthcare_regions"] = json::array();
  for (const auto& d : hcr_details) {
    json h = unit_json(d.unit);
    h["regions"] = json::array();
    for (const auto& r : d.relations)
      if (r.kind == domain::RelationKind::belongs_to && !r.outgoing) h["regions"].push_back(unit_ref_json(r.other));
    h["groups"] = json::array();
    for (const auto& c : d.children) h["groups"].push_back(unit_ref_json(c));
    j["healthcare_regions"].push_back(std::move(h));
  }
  j["regions"] = KS_TRY(list_json(ctx, KS_TRY(units_of_kinds(ctx, {UnitKind::region}))));
  j["associations"] = KS_TRY(list_json(ctx, KS_TRY(units_of_kinds(ctx, {UnitKind::association}))));
  return j;
}

// Local groups owned by a region, by kind, for the region's page.
Result<json> region_groups(service::Context& ctx, const std::string& county) {
  json sections = json::array();
  for (auto kind : {UnitKind::lpo, UnitKind::lsg, UnitKind::lag, UnitKind::collaboration_body, UnitKind::association,
                    UnitKind::steering_group, UnitKind::preparation_group, UnitKind::division}) {
    auto units = KS_TRY(units_of_kinds(ctx, {kind}, county));
    if (units.empty()) continue;
    json list = json::array();
    for (const auto& u : units) list.push_back(unit_json(u));
    sections.push_back({{"label", domain::info(kind).plural_sv}, {"units", list}});
  }
  return sections;
}

Result<Response> unit_page(service::Context& ctx, Request& req) {
  const auto& id = req.path_param("id");
  auto d = KS_TRY(service::unit_detail(ctx, id));
  if (!d) return fail(Error::not_found("Det finns ingen enhet med id " + id));
  json j = unit_detail_json(*d, show_people(req));
  j["show_people"] = signed_in(req);
  j["is_lag"] = d->unit.kind == UnitKind::lag;
  j["is_principal"] = domain::is_principal(d->unit.kind);
  j["has_children"] = !d->children.empty();
  j["has_relations"] = !d->relations.empty();
  j["has_purpose"] = !d->unit.purpose.empty();
  j["has_past"] = !d->past.empty();
  j["has_upcoming"] = !d->upcoming.empty();
  if (d->unit.kind == UnitKind::region && d->unit.code) {
    json munis = json::array();
    for (const auto& m : KS_TRY(units_of_kinds(ctx, {UnitKind::municipality}, *d->unit.code))) munis.push_back(unit_json(m));
    j["municipalities"] = munis;
    j["has_municipalities"] = !munis.empty();
    j["group_sections"] = KS_TRY(region_groups(ctx, *d->unit.code));
    j["has_group_sections"] = !j["group_sections"].empty();
  }
  if (domain::is_principal(d->unit.kind) && signed_in(req)) {
    json reps = json::array();
    for (const auto& h : KS_TRY(service::holdings_for_principal(ctx, d->unit.id))) reps.push_back(holding_json(h));
    j["on_behalf"] = reps;
    j["has_on_behalf"] = !reps.empty();
  }
  return page(req, "structure_unit", d->unit.name, j);
}

} // namespace

void register_structure_routes(Server& server) {
  auto& ctx = server.context();
  auto& r = server.router();

  r.add(Method::get, "/api/v1/organisations", [&ctx](Request& req) -> Result<Response> {
    service::UnitListQuery q{kinds_of(req, true), req.param("county"), std::nullopt};
    auto units = KS_TRY(service::list_units(ctx, q));
    KS_TRY(check_kinds(units, true));
    return Response::json({{"organisations", KS_TRY(list_json(ctx, units))}, {"count", units.size()}});
  });

  r.add(Method::get, "/api/v1/groups", [&ctx](Request& req) -> Result<Response> {
    service::UnitListQuery q{kinds_of(req, false), req.param("region"), req.param("parent")};
    if (!q.county) q.county = req.param("county");
    auto units = KS_TRY(service::list_units(ctx, q));
    KS_TRY(check_kinds(units, false));
    return Response::json({{"groups", KS_TRY(list_json(ctx, units))}, {"count", units.size()}});
  });

  r.add(Method::get, "/api/v1/groups/{id}", [&ctx](Request& req) -> Result<Response> {
    auto d = KS_TRY(service::unit_detail(ctx, req.path_param("id")));
    if (!d) return fail(Error::not_found("no unit has id " + req.path_param("id")));
    return Response::json(unit_detail_json(*d, show_people(req)));
  });

  r.add(Method::get, "/api/v1/people/{id}", [&ctx](Request& req) -> Result<Response> {
    auto d = KS_TRY(service::person_detail(ctx, req.path_param("id")));
    if (!d) return fail(Error::not_found("no person has id " + req.path_param("id")));
    return Response::json(person_detail_json(*d));
  });

  r.add(Method::get, "/api/v1/structure/search", [&ctx](Request& req) -> Result<Response> {
    const auto q = req.param("q").value_or("");
    if (q.empty()) return fail(Error::invalid("a search needs text", "q"));
    auto s = KS_TRY(service::search_structure(ctx, q));
    json units = json::array(), people = json::array();
    for (const auto& u : s.units) units.push_back(unit_ref_json(u));
    if (signed_in(req))
      for (const auto& p : s.people) people.push_back({{"id", p.id}, {"name", p.name}, {"username", p.username}});
    return Response::json({{"units", units}, {"people", people}});
  });

  r.add(Method::get, "/structure", [&ctx](Request& req) -> Result<Response> {
    return page(req, "structure_index", "Struktur", KS_TRY(browse_context(ctx)));
  });

  r.add(Method::get, "/structure/units/{id}", [&ctx](Request& req) { return unit_page(ctx, req); });

  r.add(Method::get, "/structure/people/{id}", [&ctx](Request& req) -> Result<Response> {
    auto d = KS_TRY(service::person_detail(ctx, req.path_param("id")));
    if (!d) return fail(Error::not_found("Det finns ingen person med id " + req.path_param("id")));
    json j = person_detail_json(*d);
    j["has_current"] = !d->current.empty();
    j["has_past"] = !d->past.empty();
    j["has_upcoming"] = !d->upcoming.empty();
    return page(req, "structure_person", d->person.name, j);
  });

  r.add(Method::get, "/structure/search", [&ctx](Request& req) -> Result<Response> {
    const auto q = req.param("q").value_or("");
    json j = {{"q", q}, {"searched", !q.empty()}, {"units", json::array()}, {"people", json::array()}};
    if (!q.empty()) {
      auto s = KS_TRY(service::search_structure(ctx, q));
      for (const auto& u : s.units) j["units"].push_back(unit_ref_json(u));
      if (signed_in(req))
        for (const auto& p : s.people) j["people"].push_back({{"id", p.id}, {"name", p.name}});
      j["has_units"] = !j["units"].empty();
      j["has_people"] = !j["people"].empty();
      j["none"] = j["units"].empty() && j["people"].empty();
    }
    return page(req, "structure_search", "Sök i strukturen", j);
  });
}

} // namespace ks::http
