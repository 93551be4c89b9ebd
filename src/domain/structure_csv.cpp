#include "domain/structure_csv.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include <fmt/format.h>

#include "domain/csv.hpp"
#include "domain/functions.hpp"

namespace ks::domain {

namespace {

constexpr std::array<std::string_view, 22> kColumns = {
    "record",    "id",         "kind",       "name",     "parent",    "county",     "code",     "municipal_participation",
    "purpose",   "commission", "start_date", "end_date", "status",    "unit",       "related",  "function",
    "principal", "person",     "username",   "email",    "valid_from", "valid_to",
};

enum class RecordKind { unit, relation, function, person, assignment };

struct RecordSpec {
  RecordKind kind;
  std::string_view key;
  std::vector<std::string_view> allowed;  // Besides `record`.
  std::vector<std::string_view> required;
};

const std::vector<RecordSpec>& record_specs() {
  static const std::vector<RecordSpec> specs = {
      {RecordKind::unit,
       "unit",
       {"id", "kind", "name", "parent", "county", "code", "municipal_participation", "purpose", "commission",
        "start_date", "end_date", "status"},
       {"id", "kind", "name"}},
      {RecordKind::relation, "relation", {"unit", "kind", "related"}, {"unit", "kind", "related"}},
      {RecordKind::function, "function", {"unit", "function", "principal", "name"}, {"unit", "function"}},
      {RecordKind::person, "person", {"id", "name", "username", "email"}, {"id", "name"}},
      {RecordKind::assignment,
       "assignment",
       {"person", "function", "unit", "principal", "valid_from", "valid_to"},
       {"person", "function", "unit", "valid_from"}},
  };
  return specs;
}

std::string excerpt(std::string_view v) {
  std::string s(v.substr(0, 80));
  if (v.size() > 80) s += "…";
  return s;
}

// One data row with its header, for reading fields by column name.
class Fields {
public:
  Fields(const CsvRecord& r, const Origin& origin) : m_record(r), m_origin(origin) {}
  std::size_t column(std::string_view name) const {
    const auto& h = *m_origin.header;
    for (std::size_t i = 0; i < h.size(); ++i)
      if (h[i] == name) return i + 1;
    return 0;
  }
  std::string_view get(std::string_view name) const {
    const auto c = column(name);
    return c ? std::string_view(m_record.fields[c - 1]) : std::string_view();
  }
  std::optional<std::string> opt(std::string_view name) const {
    const auto v = get(name);
    if (v.empty()) return std::nullopt;
    return std::string(v);
  }
  // An error at this row and column that quotes the column's value.
  Error error(std::string_view name, std::string message) const {
    const auto value = get(name);
    if (message.find(fmt::format("\"{}\"", value)) == std::string::npos)
      message += fmt::format(" (value \"{}\")", excerpt(value));
    return Error::invalid(std::move(message), m_origin.where(name));
  }
  // Moves a validate() error (whose field is a column name) to this row.
  Error relocate(Error e) const {
    auto name = e.field.empty() ? std::string("id") : e.field;
    return error(name, std::move(e.message));
  }

private:
  const CsvRecord& m_record;
  const Origin& m_origin;
};

Result<bool> parse_yes_no(const Fields& f, std::string_view name) {
  const auto v = f.get(name);
  if (v.empty() || v == "no" || v == "nej" || v == "0" || v == "false") return false;
  if (v == "yes" || v == "ja" || v == "1" || v == "true") return true;
  return fail(f.error(name, fmt::format("\"{}\" is not yes or no", excerpt(v))));
}

Result<Unit> read_unit(const Fields& f) {
  Unit u;
  u.id = std::string(f.get("id"));
  const auto kind = parse_unit_kind(f.get("kind"));
  if (!kind) {
    std::string keys;
    for (const auto& k : unit_kinds()) keys += (keys.empty() ? "" : ", ") + std::string(k.key);
    return fail(f.error("kind", fmt::format("unknown unit kind \"{}\"; one of: {}", excerpt(f.get("kind")), keys)));
  }
  u.kind = *kind;
  u.name = std::string(f.get("name"));
  u.parent_id = f.opt("parent");
  u.county = f.opt("county");
  u.code = f.opt("code");
  u.municipal_participation = KS_TRY(parse_yes_no(f, "municipal_participation"));
  u.purpose = std::string(f.get("purpose"));
  u.commission = std::string(f.get("commission"));
  u.start_date = f.opt("start_date");
  u.end_date = f.opt("end_date");
  if (const auto s = f.opt("status")) {
    u.status = parse_lag_status(*s);
    if (!u.status)
      return fail(f.error("status", fmt::format("unknown LAG status \"{}\"; one of: active, dormant, closed",
                                                excerpt(*s))));
  }
  if (auto s = validate(u); !s) return fail(f.relocate(s.error()));
  return u;
}

Result<Relation> read_relation(const Fields& f) {
  const auto kind = parse_relation_kind(f.get("kind"));
  if (!kind)
    return fail(f.error("kind", fmt::format("unknown relation kind \"{}\"; one of: belongs_to, hosted_by, "
                                            "member_of, represented_in, supports",
                                            excerpt(f.get("kind")))));
  Relation r{std::string(f.get("unit")), *kind, std::string(f.get("related"))};
  if (r.unit_id == r.related_id) return fail(f.error("related", "a unit cannot be related to itself"));
  return r;
}

Status check_function_key(const Fields& f) {
  if (find_function(f.get("function"))) return {};
  std::string keys;
  for (const auto& k : function_kinds()) keys += (keys.empty() ? "" : ", ") + std::string(k.key);
  return fail(f.error("function", fmt::format("unknown function \"{}\"; one of: {}", excerpt(f.get("function")), keys)));
}

Result<FunctionSlot> read_function(const Fields& f) {
  KS_TRY(check_function_key(f));
  return FunctionSlot{std::string(f.get("function")), std::string(f.get("unit")), f.opt("principal"),
                      std::string(f.get("name"))};
}

Result<Person> read_person(const Fields& f) {
  Person p{std::string(f.get("id")), std::string(f.get("name")), std::string(f.get("username")),
           std::string(f.get("email"))};
  if (p.username.empty()) p.username = p.id;
  if (auto s = validate(p); !s) return fail(f.relocate(s.error()));
  return p;
}

Result<Assignment> read_assignment(const Fields& f) {
  KS_TRY(check_function_key(f));
  Assignment a{std::string(f.get("person")), std::string(f.get("function")), std::string(f.get("unit")),
               f.opt("principal"), std::string(f.get("valid_from")), f.opt("valid_to")};
  if (auto s = validate(a); !s) return fail(f.relocate(s.error()));
  return a;
}

std::string slot_key(std::string_view function, std::string_view unit, const std::optional<std::string>& principal) {
  return fmt::format("{}@{}/{}", function, unit, principal.value_or(""));
}

} // namespace

std::string Origin::where(std::string_view column) const {
  std::size_t index = 0;
  if (header)
    for (std::size_t i = 0; i < header->size(); ++i)
      if ((*header)[i] == column) index = i + 1;
  auto pos = csv_position(line, index, column);
  return source.empty() ? pos : fmt::format("{}: {}", source, pos);
}

void StructureBatch::append(StructureBatch other) {
  auto move_all = [](auto& to, auto& from) { std::move(from.begin(), from.end(), std::back_inserter(to)); };
  move_all(units, other.units);
  move_all(relations, other.relations);
  move_all(functions, other.functions);
  move_all(people, other.people);
  move_all(assignments, other.assignments);
}

std::span<const std::string_view> structure_columns() { return kColumns; }

Result<StructureBatch> parse_structure_csv(std::string_view text, std::string_view source) {
  auto prefix = [&](Error e) {
    if (!source.empty()) e.field = fmt::format("{}: {}", source, e.field);
    return e;
  };
  auto records = parse_csv(text);
  if (!records) return fail(prefix(records.error()));
  if (records->empty())
    return fail(prefix(Error::invalid("the file is empty; it needs a header row with a record column", "line 1")));

  const auto& head = records->front();
  auto header = std::make_shared<std::vector<std::string>>();
  for (std::size_t c = 0; c < head.fields.size(); ++c) {
    const auto& name = head.fields[c];
    if (std::find(kColumns.begin(), kColumns.end(), name) == kColumns.end())
      return fail(prefix(Error::invalid(fmt::format("unknown column \"{}\"", excerpt(name)),
                                        csv_position(head.line, c + 1))));
    if (std::find(header->begin(), header->end(), name) != header->end())
      return fail(prefix(Error::invalid(fmt::format("column \"{}\" appears twice", name),
                                        csv_position(head.line, c + 1))));
    header->push_back(name);
  }
  if (std::find(header->begin(), header->end(), "record") == header->end())
    return fail(prefix(Error::invalid("the header has no \"record\" column", csv_position(head.line, 1))));

  StructureBatch batch;
  for (std::size_t r = 1; r < records->size(); ++r) {
    const auto& rec = (*records)[r];
    Origin origin{std::string(source), rec.line, header};
    if (rec.fields.size() != header->size())
      return fail(Error::invalid(fmt::format("the row has {} fields, the header has {}", rec.fields.size(),
                                             header->size()),
                                 origin.where(rec.fields.size() > header->size() ? "" : "record")));
    const Fields f(rec, origin);
    const auto record_key = f.get("record");
    const auto spec = std::find_if(record_specs().begin(), record_specs().end(),
                                   [&](const RecordSpec& s) { return s.key == record_key; });
    if (spec == record_specs().end())
      return fail(f.error("record", fmt::format("unknown record \"{}\"; one of: unit, relation, function, person, "
                                                "assignment",
                                                excerpt(record_key))));
    for (const auto& name : *header) {
      if (name == "record" || f.get(name).empty()) continue;
      if (std::find(spec->allowed.begin(), spec->allowed.end(), name) == spec->allowed.end())
        return fail(f.error(name, fmt::format("column {} does not apply to a {} record", name, spec->key)));
    }
    for (const auto& name : spec->required)
      if (f.get(name).empty())
        return fail(f.error(name, fmt::format("a {} record needs a value in column {}", spec->key, name)));

    switch (spec->kind) {
    case RecordKind::unit: batch.units.push_back({KS_TRY(read_unit(f)), origin}); break;
    case RecordKind::relation: batch.relations.push_back({KS_TRY(read_relation(f)), origin}); break;
    case RecordKind::function: batch.functions.push_back({KS_TRY(read_function(f)), origin}); break;
    case RecordKind::person: batch.people.push_back({KS_TRY(read_person(f)), origin}); break;
    case RecordKind::assignment: batch.assignments.push_back({KS_TRY(read_assignment(f)), origin}); break;
    }
  }
  return batch;
}

Status check_references(const StructureBatch& batch, const ExistingStructure& existing) {
  auto at = [](const Origin& o, std::string_view column, std::string message) {
    return fail(Error::invalid(std::move(message), o.where(column)));
  };

  // The units as they will be after the import.
  std::map<std::string, KnownUnit, std::less<>> units = existing.units;
  std::set<std::string, std::less<>> seen;
  for (const auto& [u, o] : batch.units) {
    if (!seen.insert(u.id).second)
      return at(o, "id", fmt::format("unit \"{}\" is given twice in this import", u.id));
    units[u.id] = KnownUnit{u.kind, u.parent_id};
  }
  auto find_unit = [&](std::string_view id) -> const KnownUnit* {
    auto it = units.find(id);
    return it == units.end() ? nullptr : &it->second;
  };

  for (const auto& [u, o] : batch.units) {
    if (!u.parent_id) {
      if (requires_parent(u.kind))
        return at(o, "parent", fmt::format("a {} needs a parent (value \"\")", to_key(u.kind)));
      continue;
    }
    const auto* parent = find_unit(*u.parent_id);
    if (!parent) return at(o, "parent", fmt::format("no unit has id \"{}\"", *u.parent_id));
    if (!allowed_parent(u.kind, parent->kind))
      return at(o, "parent", fmt::format("a {} cannot sit under a {} (value \"{}\")", to_key(u.kind),
                                         to_key(parent->kind), *u.parent_id));
    // Walk up: reaching this unit again is a cycle.
    std::string current = *u.parent_id;
    for (std::size_t steps = 0; steps <= units.size(); ++steps) {
      if (current == u.id)
        return at(o, "parent", fmt::format("parent \"{}\" makes a cycle: {} would be its own ancestor",
                                           *u.parent_id, u.id));
      const auto* p = find_unit(current);
      if (!p || !p->parent_id) break;
      current = *p->parent_id;
    }
  }

  std::set<std::string, std::less<>> relation_keys;
  for (const auto& [r, o] : batch.relations) {
    const auto* unit = find_unit(r.unit_id);
    if (!unit) return at(o, "unit", fmt::format("no unit has id \"{}\"", r.unit_id));
    const auto* related = find_unit(r.related_id);
    if (!related) return at(o, "related", fmt::format("no unit has id \"{}\"", r.related_id));
    if (auto s = check_relation(r.kind, unit->kind, related->kind); !s)
      return at(o, s.error().field, fmt::format("{} (value \"{}\")", s.error().message,
                                                s.error().field == "unit" ? r.unit_id : r.related_id));
    if (!relation_keys.insert(fmt::format("{}|{}|{}", r.unit_id, to_key(r.kind), r.related_id)).second)
      return at(o, "related", fmt::format("relation {} {} {} is given twice in this import", r.unit_id,
                                          to_key(r.kind), r.related_id));
  }

  auto check_principal = [&](const Origin& o, const std::optional<std::string>& principal) -> Status {
    if (!principal) return {};
    const auto* p = find_unit(*principal);
    if (!p) return at(o, "principal", fmt::format("no unit has id \"{}\"", *principal));
    if (!is_principal(p->kind))
      return at(o, "principal", fmt::format("\"{}\" is a {}, not a principal (region or municipality)", *principal,
                                            to_key(p->kind)));
    return {};
  };

  std::set<std::string, std::less<>> slots;
  for (const auto& [fs, o] : batch.functions) {
    if (!find_unit(fs.unit_id)) return at(o, "unit", fmt::format("no unit has id \"{}\"", fs.unit_id));
    KS_TRY(check_principal(o, fs.principal_id));
    if (!slots.insert(slot_key(fs.function, fs.unit_id, fs.principal_id)).second)
      return at(o, "function", fmt::format("function \"{}\" in \"{}\" is given twice in this import", fs.function,
                                           fs.unit_id));
  }

  std::set<std::string, std::less<>> people = existing.people;
  std::set<std::string, std::less<>> batch_people;
  for (const auto& [p, o] : batch.people) {
    if (!batch_people.insert(p.id).second)
      return at(o, "id", fmt::format("person \"{}\" is given twice in this import", p.id));
    people.insert(p.id);
  }

  std::set<std::string, std::less<>> assignment_keys;
  for (const auto& [a, o] : batch.assignments) {
    if (!people.contains(a.person_id)) return at(o, "person", fmt::format("no person has id \"{}\"", a.person_id));
    if (!find_unit(a.unit_id)) return at(o, "unit", fmt::format("no unit has id \"{}\"", a.unit_id));
    KS_TRY(check_principal(o, a.principal_id));
    if (!assignment_keys
             .insert(fmt::format("{}|{}|{}", a.person_id, slot_key(a.function, a.unit_id, a.principal_id), a.valid_from))
             .second)
      return at(o, "valid_from", fmt::format("{} is assigned to {} in {} from {} twice in this import", a.person_id,
                                             a.function, a.unit_id, a.valid_from));
  }
  return {};
}

std::vector<std::vector<std::string>> structure_table(const StructureSnapshot& s) {
  std::vector<std::vector<std::string>> rows;
  rows.emplace_back(kColumns.begin(), kColumns.end());
  auto row = [&](std::initializer_list<std::pair<std::string_view, std::string>> values) {
    std::vector<std::string> r(kColumns.size());
    for (const auto& [name, value] : values) {
      const auto it = std::find(kColumns.begin(), kColumns.end(), name);
      r[static_cast<std::size_t>(it - kColumns.begin())] = value;
    }
    rows.push_back(std::move(r));
  };
  for (const auto& u : s.units)
    row({{"record", "unit"},
         {"id", u.id},
         {"kind", std::string(to_key(u.kind))},
         {"name", u.name},
         {"parent", u.parent_id.value_or("")},
         {"county", u.county.value_or("")},
         {"code", u.code.value_or("")},
         {"municipal_participation", u.municipal_participation ? "yes" : "no"},
         {"purpose", u.purpose},
         {"commission", u.commission},
         {"start_date", u.start_date.value_or("")},
         {"end_date", u.end_date.value_or("")},
         {"status", u.status ? std::string(to_key(*u.status)) : ""}});
  for (const auto& r : s.relations)
    row({{"record", "relation"}, {"unit", r.unit_id}, {"kind", std::string(to_key(r.kind))}, {"related", r.related_id}});
  for (const auto& f : s.functions)
    row({{"record", "function"},
         {"unit", f.unit_id},
         {"function", f.function},
         {"principal", f.principal_id.value_or("")},
         {"name", f.label}});
  for (const auto& p : s.people)
    row({{"record", "person"}, {"id", p.id}, {"name", p.name}, {"username", p.username}, {"email", p.email}});
  for (const auto& a : s.assignments)
    row({{"record", "assignment"},
         {"person", a.person_id},
         {"function", a.function},
         {"unit", a.unit_id},
         {"principal", a.principal_id.value_or("")},
         {"valid_from", a.valid_from},
         {"valid_to", a.valid_to.value_or("")}});
  return rows;
}

std::string format_structure_csv(const StructureSnapshot& s) {
  std::string out;
  for (const auto& r : structure_table(s)) out += format_csv_record(r);
  return out;
}

} // namespace ks::domain
