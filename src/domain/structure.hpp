// The structure of kunskapsstyrning: every organisation and group is a Unit (one table), with a
// stable text id and a kind. Parent/child is the unit's `parent_id`; every other membership (a
// region in a healthcare region, an NPO hosted by a healthcare region, a municipality in a network,
// an association represented in a group) is a Relation. People hold functions (domain/functions.hpp)
// in units through Assignments with a validity period, so that history is kept.
//
// Unit-id conventions relied on by routines and other data: "hcr-<slug>" healthcare regions,
// "region-NN" (county code), "municipality-NNNN" (official code), "npo-<slug>", "vn-lpo-<slug>"
// Västernorrland's LPOs, "vn-kfvn", "vn-lansledningen", "nb-kommuner", "da-lghs", "da-ksgb".
// Dates are ISO text "YYYY-MM-DD"; comparing such text compares the dates.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ks::domain {

enum class Level { national, healthcare_regional, local };
std::string_view to_key(Level level);
std::string_view label_sv(Level level);

enum class UnitKind {
  healthcare_region,  // Sjukvårdsregion.
  region,             // Region: a principal (huvudman).
  municipality,       // Kommun: a principal.
  association,        // Municipalities' association (KFVN, Norrbottens Kommuner).
  national_body,      // Nationell styrgrupp, beredningsgrupp.
  npo,                // Nationellt programområde.
  nsg,                // Nationell samverkansgrupp.
  nag,                // Nationell arbetsgrupp.
  rpo,                // Sjukvårdsregionalt programområde.
  rsg,                // Sjukvårdsregional samverkansgrupp.
  rag,                // Sjukvårdsregional arbetsgrupp.
  council,            // Råd, e.g. primärvårdsråd (national or healthcare-regional).
  lpo,                // Lokalt programområde.
  lpo_area,           // A sub-area (delområde) of an LPO.
  lsg,                // Lokal samverkansgrupp.
  lag,                // Lokal arbetsgrupp: has a commission, dates and a status.
  collaboration_body, // Region–municipality collaboration: HälSam, Länsledningen, networks.
  steering_group,     // A region's own steering group for kunskapsstyrning (Dalarna's LGHS).
  preparation_group,  // A region's preparation group (Dalarna's KSG-B).
  division,           // A region's division (Region Dalarna's Division medicin…): its verksamhetschefer
                      // and division head decide and carry out the region's part of a routine.
};

struct UnitKindInfo {
  UnitKind kind;
  std::string_view key;       // Stable key in data files and the API ("lpo").
  std::string_view label_sv;  // "Lokalt programområde (LPO)".
  std::string_view plural_sv; // "Lokala programområden".
  Level level;                // Councils are placed by their parent; see level_of().
  bool organisation;          // Listed under /organisations rather than /groups.
};

// Every kind, in display order.
std::span<const UnitKindInfo> unit_kinds();
const UnitKindInfo& info(UnitKind kind);
std::string_view to_key(UnitKind kind);
// Case-insensitive ("LPO" and "lpo"); nullopt for an unknown key.
std::optional<UnitKind> parse_unit_kind(std::string_view key);
// Regions and municipalities are the principals (huvudmän).
bool is_principal(UnitKind kind);
bool is_organisation(UnitKind kind);
// The level of a unit of this kind whose parent (if any) has parent_kind. A council under a
// healthcare region or an RPO is healthcare-regional; otherwise national.
Level level_of(UnitKind kind, std::optional<UnitKind> parent_kind);
// Whether a unit of kind `child` may have a parent of kind `parent`. Healthcare regions, regions
// and municipalities have no parent; an LPO area's parent is an LPO; a LAG's an LPO or LSG.
bool allowed_parent(UnitKind child, UnitKind parent);
// Whether a unit of this kind must have a parent (LPO area, LAG, NAG, RAG).
bool requires_parent(UnitKind kind);

// A LAG's life: active → dormant → active again (reactivated, with or without additions), and
// active or dormant → closed, which is final.
enum class LagStatus { active, dormant, closed };
std::string_view to_key(LagStatus status);
std::string_view label_sv(LagStatus status);
std::optional<LagStatus> parse_lag_status(std::string_view key);
// ok when a LAG may go from `from` to `to`; conflict otherwise (also for from == to).
Status check_lag_transition(LagStatus from, LagStatus to);

struct Unit {
  std::string id;
  UnitKind kind = UnitKind::lpo;
  std::string name; // Swedish.
  std::optional<std::string> parent_id;
  std::optional<std::string> county; // Owner region's county code "NN" for regional/local units.
  std::optional<std::string> code;   // Official code: county code of a region, municipality code.
  bool municipal_participation = false;
  std::string purpose;
  // LAG only.
  std::string commission; // The documented assignment (uppdrag).
  std::optional<std::string> start_date;
  std::optional<std::string> end_date;
  std::optional<LagStatus> status;
};

// Checks one unit on its own (not its references): id syntax (lower-case letters, digits, '-'),
// a name, county "NN", code digits (two for a region, four for a municipality, equal to the id's
// number), LAG fields only on a LAG and a status on every LAG, dates valid and start <= end.
// invalid_input naming the field ("id", "county", "status"...).
Status validate(const Unit& unit);

// Reactivates a dormant LAG (step 12: "återaktivera en tidigare LAG, med eller utan komplettering").
// additions, when given, is appended to the commission with today's date. end_date is cleared
// when it lies before today. conflict when the LAG is not dormant; invalid_input for a non-LAG.
Result<Unit> reactivate_lag(Unit lag, std::optional<std::string_view> additions, std::string_view today);

enum class RelationKind {
  belongs_to,     // A region in a healthcare region (Halland: two).
  hosted_by,      // An NPO (or NSG) hosted by a healthcare region (värdskap).
  member_of,      // A principal in a network, association or collaboration body.
  represented_in, // An organisation has representatives in a group (Norrbottens Kommuner in NAG Diabetes).
  supports,       // A collaboration group supporting a programme area (LSG → LPO).
};
std::string_view to_key(RelationKind kind);
std::string_view label_sv(RelationKind kind);
// The relation read from the related unit's side: "Regioner", "Värd för", "Medlemmar"...
std::string_view inverse_label_sv(RelationKind kind);
std::optional<RelationKind> parse_relation_kind(std::string_view key);

struct Relation {
  std::string unit_id;
  RelationKind kind = RelationKind::member_of;
  std::string related_id;
};
// Kind rules: belongs_to goes from a region to a healthcare region; hosted_by from an NPO or NSG
// to a healthcare region; member_of from any unit to an association or collaboration body; a unit
// is never related to itself. invalid_input naming "unit" or "related".
Status check_relation(RelationKind kind, UnitKind unit, UnitKind related);

struct Person {
  std::string id;       // Stable text id; also the demo login name unless username is given.
  std::string name;
  std::string username; // Login name; defaults to id.
  std::string email;
};
Status validate(const Person& person);

// A function (domain/functions.hpp) in a unit, e.g. chair of vn-lpo-psykisk-halsa, or the
// representative of municipality-2281 in vn-lansledningen (principal_id says whom it represents).
struct FunctionSlot {
  std::string function; // Key from function_kinds().
  std::string unit_id;
  std::optional<std::string> principal_id;
  std::string label; // Optional display label overriding the function's own.
};

// A person in a function for a period. valid_to is inclusive; no valid_to means until further
// notice.
struct Assignment {
  std::string person_id;
  std::string function;
  std::string unit_id;
  std::optional<std::string> principal_id;
  std::string valid_from;
  std::optional<std::string> valid_to;
};

enum class AssignmentPeriod { future, current, past };
// Where today ("YYYY-MM-DD") lies relative to the assignment's validity period.
AssignmentPeriod period_of(const Assignment& a, std::string_view today);
// True when today lies within [valid_from, valid_to].
bool is_current(const Assignment& a, std::string_view today);
// Function key known, valid_from a date, valid_to a date not before valid_from.
Status validate(const Assignment& a);

// True for "YYYY-MM-DD" naming a real calendar date.
bool is_iso_date(std::string_view text);
// Lower-case form of a name for case-insensitive search: ASCII letters and the Swedish and common
// Latin-1 capitals (Å Ä Ö É Ü ...) are lowered; other bytes are kept.
std::string fold_for_search(std::string_view text);

// A key that sorts names in Swedish order (case-insensitive; a–z, then å, ä, ö; é as e, ü as y).
std::string swedish_sort_key(std::string_view text);

// True for a unit or person id: 1–80 characters of a–z, 0–9 and '-', starting with a letter or digit.
bool is_valid_id(std::string_view id);

} // namespace ks::domain
