// Storage of the structure (src/domain/structure.hpp) in the tables of migration 0010.
//
// Every function takes a Connection& inside a transaction the caller opened (Database::write or
// read), so that a service can compose them with other changes and its audit event in one
// transaction. Errors are the database's (unavailable, internal) unless stated.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/structure.hpp"
#include "domain/structure_csv.hpp"
#include "store/database.hpp"

namespace ks::store::structure {

// What an import changed.
struct ImportReport {
  std::size_t units_added = 0;
  std::size_t units_updated = 0;
  std::size_t relations_added = 0;
  std::size_t functions_added = 0;
  std::size_t people_added = 0;
  std::size_t people_updated = 0;
  std::size_t assignments_added = 0;
  std::size_t assignments_updated = 0;
};

// Units and people already stored, for domain::check_references().
Result<domain::ExistingStructure> existing(Connection& c);

// Checks the batch against what is stored (domain::check_references) and writes it: units and
// people by id, function slots by (function, unit, principal), assignments by (person, slot,
// valid_from) are inserted or replaced; relations are added when missing. On an invalid_input
// error nothing has been written by this call, and the caller's transaction should be rolled back
// (Database::write does so) so that an import is all or nothing.
Result<ImportReport> import_batch(Connection& c, const domain::StructureBatch& batch, Instant now);

// A short reference to a unit, for lists and links.
struct UnitRef {
  std::string id;
  domain::UnitKind kind = domain::UnitKind::lpo;
  std::string name;
  std::optional<std::string> county;
  std::optional<std::string> code;
  bool municipal_participation = false;
};

struct UnitFilter {
  std::vector<domain::UnitKind> kinds; // Empty: every kind.
  std::optional<std::string> county;   // Owner region / county code "NN".
  std::optional<std::string> parent_id;
};
// Units matching the filter, ordered by code (regions and municipalities) and then name.
Result<std::vector<domain::Unit>> list_units(Connection& c, const UnitFilter& filter);

Result<std::optional<domain::Unit>> find_unit(Connection& c, std::string_view id);
// The names of those of `ids` that are units: id → name.
Result<std::map<std::string, std::string>> unit_names(Connection& c, const std::set<std::string>& ids);
// The names of the people with those of `usernames` that are someone's: username → name.
Result<std::map<std::string, std::string>> person_names(Connection& c, const std::set<std::string>& usernames);

// A relation seen from one unit: the other unit and whether this unit is the relation's `unit`
// (outgoing: "Region Halland belongs_to Västra") or its `related` (incoming).
struct RelationView {
  domain::RelationKind kind = domain::RelationKind::member_of;
  bool outgoing = true;
  UnitRef other;
};

// A person in a function, with the period and where it stands today.
struct Holding {
  std::string function;    // Function key.
  std::string label;       // The slot's own label, or empty.
  UnitRef unit;
  std::optional<UnitRef> principal;
  std::string person_id;
  std::string person_name;
  std::string username;
  std::string valid_from;
  std::optional<std::string> valid_to;
  domain::AssignmentPeriod period = domain::AssignmentPeriod::current;
};

// A function slot in a unit with its current holders (empty: vacant).
struct FunctionView {
  std::string function;
  std::string label;
  std::optional<UnitRef> principal;
  std::vector<Holding> current;
};

struct UnitDetail {
  domain::Unit unit;
  domain::Level level = domain::Level::local;
  std::optional<UnitRef> parent;
  std::vector<UnitRef> children;
  std::vector<RelationView> relations;
  std::vector<FunctionView> functions; // Every slot, holders current on `today`.
  std::vector<Holding> past;           // Assignments that ended before today, newest first.
  std::vector<Holding> upcoming;       // Assignments that start after today.
};
// The unit with its parent, children, relations and members by function, or nullopt.
Result<std::optional<UnitDetail>> unit_detail(Connection& c, std::string_view id, std::string_view today);

// The persons holding `function` in `unit_id` on `today` (optionally for one principal). This is
// how routines resolve "FUNCTION@SCOPE" to people.
Result<std::vector<Holding>> holders(Connection& c, std::string_view function, std::string_view unit_id,
                                     std::string_view today, std::optional<std::string_view> principal_id = {});

// Functions held on behalf of a principal elsewhere (e.g. its representative in Länsledningen),
// current on `today`.
Result<std::vector<Holding>> holdings_for_principal(Connection& c, std::string_view principal_id,
                                                    std::string_view today);

Result<std::optional<domain::Person>> find_person(Connection& c, std::string_view id);
Result<std::optional<domain::Person>> find_person_by_username(Connection& c, std::string_view username);
Result<std::vector<domain::Person>> list_people(Connection& c);

struct PersonDetail {
  domain::Person person;
  std::vector<Holding> current;
  std::vector<Holding> past;
  std::vector<Holding> upcoming;
};
Result<std::optional<PersonDetail>> person_detail(Connection& c, std::string_view id, std::string_view today);

// Units and people whose name contains `text`, case-insensitively (also Å, Ä, Ö), at most `limit`
// of each, ordered by name.
struct SearchResult {
  std::vector<UnitRef> units;
  std::vector<domain::Person> people;
};
Result<SearchResult> search(Connection& c, std::string_view text, std::size_t limit);

// Everything stored, in the order the import format expects (for export).
Result<domain::StructureSnapshot> snapshot(Connection& c);

// Changes a LAG's status (domain::check_lag_transition). not_found, invalid_input for a non-LAG,
// conflict for a forbidden transition.
Status set_lag_status(Connection& c, std::string_view lag_id, domain::LagStatus to, Instant now);
// Reactivates a dormant LAG, with or without additions to its commission (domain::reactivate_lag).
Result<domain::Unit> reactivate_lag(Connection& c, std::string_view lag_id,
                                    std::optional<std::string_view> additions, std::string_view today, Instant now);

} // namespace ks::store::structure
