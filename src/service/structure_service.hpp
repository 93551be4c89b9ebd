// Use cases on the structure: import and export, loading the shipped data, and the read models the
// web pages and the JSON API show. Each runs in one transaction of its own (Database::write or
// read). "Today" for current/past assignments is the context's clock in UTC.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/context.hpp"
#include "store/structure_store.hpp"

namespace ks::service {

// Parses CSV text in the structure import format (docs/structure-import.md) and imports it, all or
// nothing. source names the file in errors. Errors: invalid_input naming "<source>: line L,
// column C (name)" with the value in the message; nothing is written then.
Result<store::structure::ImportReport> import_structure_csv(Context& ctx, std::string_view text,
                                                            std::string_view source);

enum class WithDemo { no, yes };
struct ShippedLoad {
  bool structure_loaded = false; // False when it had been loaded before.
  bool demo_loaded = false;
  store::structure::ImportReport report;
};
// Loads the shipped structure (data/structure) once per database, and the demo people (data/demo)
// once when asked; remembered in the settings table ("structure.shipped", "structure.demo"), so
// that later edits are not overwritten at the next start. Safe to call at every start.
Result<ShippedLoad> ensure_shipped_structure(store::Database& db, const Clock& clock, WithDemo demo);

enum class ExportFormat { csv, xlsx };
std::optional<ExportFormat> parse_export_format(std::string_view name);
// The whole structure in the import format: CSV text (UTF-8) or the bytes of an XLSX workbook with
// the same columns.
Result<std::string> export_structure(Context& ctx, ExportFormat format);

// Today's date in the context's clock, "YYYY-MM-DD".
std::string today(const Context& ctx);

// Units for the lists: kind keys (case-insensitive, comma-separated or repeated) and a county code.
// invalid_input ("kind") for an unknown kind or ("county") for a county that is not two digits.
struct UnitListQuery {
  std::vector<std::string> kinds;
  std::optional<std::string> county;
  std::optional<std::string> parent_id;
};
Result<std::vector<domain::Unit>> list_units(Context& ctx, const UnitListQuery& query);

// The units of each kind (keys, e.g. "lag") in the county of unit `unit_id` (a case's region), as
// a form's suggestions: kind key → [{label: name, value: id}], in list_units' order. Empty lists
// for a unit without a county; invalid_input ("kind") for an unknown kind.
Result<nlohmann::json> county_unit_options(Context& ctx, std::string_view unit_id, const std::vector<std::string>& kinds);

Result<std::optional<store::structure::UnitDetail>> unit_detail(Context& ctx, std::string_view id);
// The names of those of `ids` that are units: id → name, for showing ids by name.
Result<std::map<std::string, std::string>> unit_names(Context& ctx, const std::set<std::string>& ids);
// The names of the people who sign in as those of `usernames`: username → name (a case's
// timeline shows who acted by name).
Result<std::map<std::string, std::string>> person_names(Context& ctx, const std::set<std::string>& usernames);
Result<std::vector<store::structure::Holding>> holdings_for_principal(Context& ctx, std::string_view principal_id);
Result<std::optional<store::structure::PersonDetail>> person_detail(Context& ctx, std::string_view id);
Result<store::structure::SearchResult> search_structure(Context& ctx, std::string_view text);
// Relations of many units at once, for list pages: unit id → relations.
Result<std::vector<store::structure::UnitDetail>> unit_details(Context& ctx, const std::vector<domain::Unit>& units);

} // namespace ks::service
