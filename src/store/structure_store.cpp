#include "store/structure_store.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "domain/functions.hpp"

namespace ks::store::structure {

namespace {

using domain::AssignmentPeriod;
using domain::Unit;
using domain::UnitKind;

constexpr std::string_view kUnitColumns =
    "id, kind, name, parent_id, county, code, municipal_participation, purpose, commission, start_date, "
    "end_date, status";

Result<Unit> unit_from_row(const Row& r) {
  Unit u;
  u.id = r.text(0);
  const auto kind = domain::parse_unit_kind(r.text(1));
  if (!kind) return fail(Error::internal(fmt::format("unit {} has unknown kind \"{}\" in the database", u.id, r.text(1))));
  u.kind = *kind;
  u.name = r.text(2);
  u.parent_id = r.opt_text(3);
  u.county = r.opt_text(4);
  u.code = r.opt_text(5);
  u.municipal_participation = r.boolean(6);
  u.purpose = r.text(7);
  u.commission = r.text(8);
  u.start_date = r.opt_text(9);
  u.end_date = r.opt_text(10);
  if (const auto s = r.opt_text(11)) u.status = domain::parse_lag_status(*s);
  return u;
}

UnitRef ref_of(const Unit& u) { return {u.id, u.kind, u.name, u.county, u.code, u.municipal_participation}; }

// Regions and municipalities by their code, everything else by name in Swedish order.
bool unit_order(const Unit& a, const Unit& b) {
  const auto ka = a.code.value_or("~"), kb = b.code.value_or("~");
  if (ka != kb) return ka < kb;
  return domain::swedish_sort_key(a.name) < domain::swedish_sort_key(b.name);
}

Result<std::vector<Unit>> query_units(Connection& c, std::string_view where, std::span<const Value> params) {
  const auto sql = fmt::format("SELECT {} FROM units{}{}", kUnitColumns, where.empty() ? "" : " WHERE ", where);
  auto rows = KS_TRY(c.query(sql, params));
  std::vector<Unit> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(KS_TRY(unit_from_row(r)));
  std::sort(out.begin(), out.end(), unit_order);
  return out;
}

std::string opt_or_empty(const std::optional<std::string>& s) { return s.value_or(""); }

Status write_unit(Connection& c, const Unit& u, Instant now) {
  KS_TRY(c.exec("INSERT INTO units (id, kind, name, name_folded, parent_id, county, code, municipal_participation, "
                "purpose, commission, start_date, end_date, status, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
                "name_folded = excluded.name_folded, parent_id = excluded.parent_id, county = excluded.county, "
                "code = excluded.code, municipal_participation = excluded.municipal_participation, "
                "purpose = excluded.purpose, commission = excluded.commission, start_date = excluded.start_date, "
                "end_date = excluded.end_date, status = excluded.status, updated_at = excluded.updated_at",
                u.id, domain::to_key(u.kind), u.name, domain::fold_for_search(u.name), u.parent_id, u.county, u.code,
                u.municipal_participation, u.purpose, u.commission, u.start_date, u.end_date,
                u.status ? std::optional<std::string>(std::string(domain::to_key(*u.status))) : std::nullopt,
                now.ms));
  return {};
}

// The id of a function slot, created when missing; a non-empty label replaces the stored one.
Result<std::int64_t> ensure_slot(Connection& c, std::string_view function, std::string_view unit_id,
                                 const std::optional<std::string>& principal_id, std::string_view label) {
  return c.insert("INSERT INTO unit_functions (function, unit_id, principal_id, label) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (function, unit_id, principal_id) DO UPDATE SET label = CASE WHEN excluded.label <> '' "
                  "THEN excluded.label ELSE unit_functions.label END RETURNING id",
                  function, unit_id, opt_or_empty(principal_id), label);
}

AssignmentPeriod period(std::string_view from, const std::optional<std::string>& to, std::string_view today) {
  domain::Assignment a;
  a.valid_from = std::string(from);
  a.valid_to = to;
  return domain::period_of(a, today);
}

// Holdings: joined rows of assignments, slots, people and units.
constexpr std::string_view kHoldingSelect =
    "SELECT f.function, f.label, u.id, u.kind, u.name, u.county, u.code, u.municipal_participation, "
    "f.principal_id, p.id, p.name, p.username, a.valid_from, a.valid_to "
    "FROM function_assignments a JOIN unit_functions f ON f.id = a.unit_function_id "
    "JOIN people p ON p.id = a.person_id JOIN units u ON u.id = f.unit_id ";

Result<std::vector<Holding>> query_holdings(Connection& c, std::string_view where, std::span<const Value> params,
                                            std::string_view today) {
  auto rows = KS_TRY(c.query(fmt::format("{} WHERE {} ORDER BY a.valid_from DESC, p.name", kHoldingSelect, where), params));
  std::map<std::string, std::optional<UnitRef>> principals;
  std::vector<Holding> out;
  for (const auto& r : rows) {
    Holding h;
    h.function = r.text(0);
    h.label = r.text(1);
    const auto kind = domain::parse_unit_kind(r.text(3));
    h.unit = UnitRef{r.text(2), kind.value_or(UnitKind::lpo), r.text(4), r.opt_text(5), r.opt_text(6), r.boolean(7)};
    if (!r.text(8).empty()) {
      auto [it, fresh] = principals.try_emplace(r.text(8));
      if (fresh) {
        auto p = KS_TRY(find_unit(c, r.text(8)));
        if (p) it->second = ref_of(*p);
      }
      h.principal = it->second;
    }
    h.person_id = r.text(9);
    h.person_name = r.text(10);
    h.username = r.text(11);
    h.valid_from = r.text(12);
    h.valid_to = r.opt_text(13);
    h.period = period(h.valid_from, h.valid_to, today);
    out.push_back(std::move(h));
  }
  return out;
}

domain::Person person_from_row(const Row& r) { return {r.text(0), r.text(1), r.text(2), r.text(3)}; }

std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char ch : domain::fold_for_search(text)) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

} // namespace

Result<domain::ExistingStructure> existing(Connection& c) {
  domain::ExistingStructure e;
  for (const auto& r : KS_TRY(c.rows("SELECT id, kind, parent_id FROM units"))) {
    const auto kind = domain::parse_unit_kind(r.text(1));
    if (!kind) return fail(Error::internal(fmt::format("unit {} has unknown kind \"{}\"", r.text(0), r.text(1))));
    e.units[r.text(0)] = domain::KnownUnit{*kind, r.opt_text(2)};
  }
  for (const auto& r : KS_TRY(c.rows("SELECT id FROM people"))) e.people.insert(r.text(0));
  return e;
}

Result<ImportReport> import_batch(Connection& c, const domain::StructureBatch& batch, Instant now) {
  const auto known = KS_TRY(existing(c));
  KS_TRY(domain::check_references(batch, known));

  ImportReport report;
  for (const auto& [u, origin] : batch.units) {
    (known.units.contains(u.id) ? report.units_updated : report.units_added)++;
    KS_TRY(write_unit(c, u, now));
  }
  for (const auto& [r, origin] : batch.relations) {
    const auto n = KS_TRY(c.exec("INSERT INTO unit_relations (unit_id, kind, related_id) VALUES (?, ?, ?) "
                                 "ON CONFLICT DO NOTHING",
                                 r.unit_id, domain::to_key(r.kind), r.related_id));
    report.relations_added += static_cast<std::size_t>(n);
  }
  for (const auto& [f, origin] : batch.functions) {
    const auto before = KS_TRY(c.row("SELECT id FROM unit_functions WHERE function = ? AND unit_id = ? AND "
                                     "principal_id = ?",
                                     f.function, f.unit_id, opt_or_empty(f.principal_id)));
    if (!before) ++report.functions_added;
    KS_TRY(ensure_slot(c, f.function, f.unit_id, f.principal_id, f.label));
  }
  for (const auto& [p, origin] : batch.people) {
    // Usernames are unique: a different person with the same username is an error at that row.
    const auto clash = KS_TRY(c.row("SELECT id FROM people WHERE username = ? AND id <> ?", p.username, p.id));
    if (clash)
      return fail(Error::invalid(fmt::format("username \"{}\" already belongs to person \"{}\"", p.username,
                                             clash->text(0)),
                                 origin.where("username")));
    (known.people.contains(p.id) ? report.people_updated : report.people_added)++;
    KS_TRY(c.exec("INSERT INTO people (id, name, name_folded, username, email, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_folded = excluded.name_folded, "
                  "username = excluded.username, email = excluded.email, updated_at = excluded.updated_at",
                  p.id, p.name, domain::fold_for_search(p.name), p.username, p.email, now.ms));
  }
  for (const auto& [a, origin] : batch.assignments) {
    const auto slot = KS_TRY(ensure_slot(c, a.function, a.unit_id, a.principal_id, ""));
    const auto before = KS_TRY(c.row("SELECT id FROM function_assignments WHERE person_id = ? AND "
                                     "unit_function_id = ? AND valid_from = ?",
                                     a.person_id, slot, a.valid_from));
    if (before) {
      ++report.assignments_updated;
      KS_TRY(c.exec("UPDATE function_assignments SET valid_to = ?, updated_at = ? WHERE id = ?", a.valid_to, now.ms,
                    before->integer(0)));
    } else {
      ++report.assignments_added;
      KS_TRY(c.exec("INSERT INTO function_assignments (person_id, unit_function_id, valid_from, valid_to, "
                    "updated_at) VALUES (?, ?, ?, ?, ?)",
                    a.person_id, slot, a.valid_from, a.valid_to, now.ms));
    }
  }
  return report;
}

Result<std::vector<Unit>> list_units(Connection& c, const UnitFilter& filter) {
  std::string where;
  std::vector<Value> params;
  auto add = [&](std::string_view clause) { where += (where.empty() ? "" : " AND ") + std::string(clause); };
  if (!filter.kinds.empty()) {
    std::string in;
    for (auto k : filter.kinds) {
      in += in.empty() ? "?" : ", ?";
      params.emplace_back(domain::to_key(k));
    }
    add(fmt::format("kind IN ({})", in));
  }
  if (filter.county) {
    add("county = ?");
    params.emplace_back(*filter.county);
  }
  if (filter.parent_id) {
    add("parent_id = ?");
    params.emplace_back(*filter.parent_id);
  }
  return query_units(c, where, params);
}

Result<std::optional<Unit>> find_unit(Connection& c, std::string_view id) {
  const Value params[] = {Value(id)};
  auto units = KS_TRY(query_units(c, "id = ?", params));
  if (units.empty()) return std::optional<Unit>();
  return std::optional<Unit>(std::move(units.front()));
}

namespace {

// key → name of the rows `select` ("SELECT key, name FROM t WHERE key IN (") reads for `keys`.
Result<std::map<std::string, std::string>> names_by(Connection& c, std::string sql, const std::set<std::string>& keys) {
  std::map<std::string, std::string> out;
  if (keys.empty()) return out;
  std::vector<Value> params;
  for (const auto& key : keys) {
    sql += params.empty() ? "?" : ",?";
    params.emplace_back(key);
  }
  for (const auto& r : KS_TRY(c.query(sql + ")", params))) out.emplace(r.text(0), r.text(1));
  return out;
}

} // namespace

Result<std::map<std::string, std::string>> unit_names(Connection& c, const std::set<std::string>& ids) {
  return names_by(c, "SELECT id, name FROM units WHERE id IN (", ids);
}

Result<std::map<std::string, std::string>> person_names(Connection& c, const std::set<std::string>& usernames) {
  return names_by(c, "SELECT username, name FROM people WHERE username IN (", usernames);
}

Result<std::optional<UnitDetail>> unit_detail(Connection& c, std::string_view id, std::string_view today) {
  auto unit = KS_TRY(find_unit(c, id));
  if (!unit) return std::optional<UnitDetail>();
  UnitDetail d;
  d.unit = std::move(*unit);
  std::optional<UnitKind> parent_kind;
  if (d.unit.parent_id) {
    if (auto p = KS_TRY(find_unit(c, *d.unit.parent_id))) {
      d.parent = ref_of(*p);
      parent_kind = p->kind;
    }
  }
  d.level = domain::level_of(d.unit.kind, parent_kind);
  UnitFilter children;
  children.parent_id = d.unit.id;
  for (const auto& u : KS_TRY(list_units(c, children))) d.children.push_back(ref_of(u));

  auto relations = KS_TRY(c.rows("SELECT kind, related_id, 1 FROM unit_relations WHERE unit_id = ? "
                                 "UNION ALL SELECT kind, unit_id, 0 FROM unit_relations WHERE related_id = ?",
                                 id, id));
  for (const auto& r : relations) {
    const auto kind = domain::parse_relation_kind(r.text(0));
    auto other = KS_TRY(find_unit(c, r.text(1)));
    if (!kind || !other) continue;
    d.relations.push_back({*kind, r.integer(2) == 1, ref_of(*other)});
  }
  std::sort(d.relations.begin(), d.relations.end(), [](const RelationView& a, const RelationView& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.outgoing != b.outgoing) return a.outgoing;
    const auto ka = a.other.code.value_or("~"), kb = b.other.code.value_or("~");
    if (ka != kb) return ka < kb;
    return domain::swedish_sort_key(a.other.name) < domain::swedish_sort_key(b.other.name);
  });

  const Value unit_param[] = {Value(id)};
  const auto holdings = KS_TRY(query_holdings(c, "f.unit_id = ?", unit_param, today));
  auto slots = KS_TRY(c.rows("SELECT function, label, principal_id FROM unit_functions WHERE unit_id = ?", id));
  for (const auto& s : slots) {
    FunctionView v;
    v.function = s.text(0);
    v.label = s.text(1);
    if (!s.text(2).empty())
      if (auto p = KS_TRY(find_unit(c, s.text(2)))) v.principal = ref_of(*p);
    for (const auto& h : holdings)
      if (h.function == v.function && h.period == AssignmentPeriod::current &&
          (h.principal ? h.principal->id : std::string()) == s.text(2))
        v.current.push_back(h);
    d.functions.push_back(std::move(v));
  }
  // In the order of domain::function_kinds(), then by principal code.
  auto function_rank = [](std::string_view key) {
    const auto kinds = domain::function_kinds();
    for (std::size_t i = 0; i < kinds.size(); ++i)
      if (kinds[i].key == key) return i;
    return kinds.size();
  };
  std::sort(d.functions.begin(), d.functions.end(), [&](const FunctionView& a, const FunctionView& b) {
    if (a.function != b.function) return function_rank(a.function) < function_rank(b.function);
    return (a.principal ? a.principal->code.value_or(a.principal->id) : "") <
           (b.principal ? b.principal->code.value_or(b.principal->id) : "");
  });
  for (const auto& h : holdings) {
    if (h.period == AssignmentPeriod::past) d.past.push_back(h);
    if (h.period == AssignmentPeriod::future) d.upcoming.push_back(h);
  }
  std::sort(d.past.begin(), d.past.end(), [](const Holding& a, const Holding& b) {
    return a.valid_to.value_or("") > b.valid_to.value_or("");
  });
  return std::optional<UnitDetail>(std::move(d));
}

Result<std::vector<Holding>> holders(Connection& c, std::string_view function, std::string_view unit_id,
                                     std::string_view today, std::optional<std::string_view> principal_id) {
  std::vector<Value> params = {Value(function), Value(unit_id), Value(today), Value(today)};
  std::string where = "f.function = ? AND f.unit_id = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)";
  if (principal_id) {
    where += " AND f.principal_id = ?";
    params.emplace_back(*principal_id);
  }
  return query_holdings(c, where, params, today);
}

Result<std::vector<Holding>> holdings_for_principal(Connection& c, std::string_view principal_id,
                                                    std::string_view today) {
  const Value params[] = {Value(principal_id), Value(today), Value(today)};
  return query_holdings(c, "f.principal_id = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)",
                        params, today);
}

Result<std::optional<domain::Person>> find_person(Connection& c, std::string_view id) {
  auto r = KS_TRY(c.row("SELECT id, name, username, email FROM people WHERE id = ?", id));
  if (!r) return std::optional<domain::Person>();
  return std::optional<domain::Person>(person_from_row(*r));
}

Result<std::optional<domain::Person>> find_person_by_username(Connection& c, std::string_view username) {
  auto r = KS_TRY(c.row("SELECT id, name, username, email FROM people WHERE username = ?", username));
  if (!r) return std::optional<domain::Person>();
  return std::optional<domain::Person>(person_from_row(*r));
}

Result<std::vector<domain::Person>> list_people(Connection& c) {
  std::vector<domain::Person> out;
  for (const auto& r : KS_TRY(c.rows("SELECT id, name, username, email FROM people"))) out.push_back(person_from_row(r));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return domain::swedish_sort_key(a.name) < domain::swedish_sort_key(b.name);
  });
  return out;
}

Result<std::optional<PersonDetail>> person_detail(Connection& c, std::string_view id, std::string_view today) {
  auto person = KS_TRY(find_person(c, id));
  if (!person) return std::optional<PersonDetail>();
  PersonDetail d;
  d.person = std::move(*person);
  const Value params[] = {Value(id)};
  for (auto& h : KS_TRY(query_holdings(c, "a.person_id = ?", params, today))) {
    switch (h.period) {
    case AssignmentPeriod::current: d.current.push_back(std::move(h)); break;
    case AssignmentPeriod::past: d.past.push_back(std::move(h)); break;
    case AssignmentPeriod::future: d.upcoming.push_back(std::move(h)); break;
    }
  }
  return std::optional<PersonDetail>(std::move(d));
}

Result<SearchResult> search(Connection& c, std::string_view text, std::size_t limit) {
  SearchResult out;
  const auto pattern = like_pattern(text);
  const Value params[] = {Value(pattern)};
  auto units = KS_TRY(query_units(c, "name_folded LIKE ? ESCAPE '\\'", params));
  std::sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
    return domain::swedish_sort_key(a.name) < domain::swedish_sort_key(b.name);
  });
  for (const auto& u : units) {
    if (out.units.size() >= limit) break;
    out.units.push_back(ref_of(u));
  }
  auto people = KS_TRY(c.rows("SELECT id, name, username, email FROM people WHERE name_folded LIKE ? ESCAPE '\\'",
                              pattern));
  for (const auto& r : people) out.people.push_back(person_from_row(r));
  std::sort(out.people.begin(), out.people.end(), [](const auto& a, const auto& b) {
    return domain::swedish_sort_key(a.name) < domain::swedish_sort_key(b.name);
  });
  if (out.people.size() > limit) out.people.resize(limit);
  return out;
}

Result<domain::StructureSnapshot> snapshot(Connection& c) {
  domain::StructureSnapshot s;
  s.units = KS_TRY(query_units(c, "", {}));
  for (const auto& r : KS_TRY(c.rows("SELECT unit_id, kind, related_id FROM unit_relations ORDER BY unit_id, kind, "
                                     "related_id"))) {
    if (auto k = domain::parse_relation_kind(r.text(1))) s.relations.push_back({r.text(0), *k, r.text(2)});
  }
  for (const auto& r : KS_TRY(c.rows("SELECT function, unit_id, principal_id, label FROM unit_functions ORDER BY "
                                     "unit_id, function, principal_id"))) {
    s.functions.push_back({r.text(0), r.text(1), r.text(2).empty() ? std::nullopt : r.opt_text(2), r.text(3)});
  }
  s.people = KS_TRY(list_people(c));
  for (const auto& r : KS_TRY(c.rows("SELECT a.person_id, f.function, f.unit_id, f.principal_id, a.valid_from, "
                                     "a.valid_to FROM function_assignments a JOIN unit_functions f ON "
                                     "f.id = a.unit_function_id ORDER BY f.unit_id, f.function, a.valid_from, "
                                     "a.person_id"))) {
    s.assignments.push_back({r.text(0), r.text(1), r.text(2), r.text(3).empty() ? std::nullopt : r.opt_text(3),
                             r.text(4), r.opt_text(5)});
  }
  return s;
}

Status set_lag_status(Connection& c, std::string_view lag_id, domain::LagStatus to, Instant now) {
  auto lag = KS_TRY(find_unit(c, lag_id));
  if (!lag) return fail(Error::not_found(fmt::format("no unit has id \"{}\"", lag_id)));
  if (lag->kind != UnitKind::lag) return fail(Error::invalid(fmt::format("{} is not a LAG", lag_id), "id"));
  KS_TRY(domain::check_lag_transition(lag->status.value_or(domain::LagStatus::active), to));
  KS_TRY(c.exec("UPDATE units SET status = ?, updated_at = ? WHERE id = ?", domain::to_key(to), now.ms, lag_id));
  return {};
}

Result<Unit> reactivate_lag(Connection& c, std::string_view lag_id, std::optional<std::string_view> additions,
                            std::string_view today, Instant now) {
  auto lag = KS_TRY(find_unit(c, lag_id));
  if (!lag) return fail(Error::not_found(fmt::format("no unit has id \"{}\"", lag_id)));
  auto updated = KS_TRY(domain::reactivate_lag(std::move(*lag), additions, today));
  KS_TRY(write_unit(c, updated, now));
  return updated;
}

} // namespace ks::store::structure
