// The structure import format (docs/structure-import.md): one CSV grammar for every file under
// data/structure/ and data/demo/ and for `ks import structure FILE.csv`. A header row names the
// columns (any order, any subset, `record` required); each row is one record, its kind in the
// `record` column: unit, relation, function, person or assignment.
//
// Parsing checks each record on its own; check_references() then checks the batch as a whole
// against what the database already holds. Every error is invalid_input whose Error::field names
// the place, "<source>: line L, column C (name)", and whose message quotes the value.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/structure.hpp"

namespace ks::domain {

// Where a record came from, to name it in errors.
struct Origin {
  std::string source; // File name, e.g. "06-vasternorrland.csv".
  std::size_t line = 0;
  std::shared_ptr<const std::vector<std::string>> header;
  // "06-vasternorrland.csv: line 5, column 3 (parent)"; column 0 when the file lacks that column.
  std::string where(std::string_view column) const;
};

template <class T>
struct Sourced {
  T value;
  Origin origin;
};

// Records of one or more files, in file order. Ids may repeat only across kinds (a unit and a
// person may share an id); a unit id, person id, function slot or assignment given twice is an
// error.
struct StructureBatch {
  std::vector<Sourced<Unit>> units;
  std::vector<Sourced<Relation>> relations;
  std::vector<Sourced<FunctionSlot>> functions;
  std::vector<Sourced<Person>> people;
  std::vector<Sourced<Assignment>> assignments;

  std::size_t size() const {
    return units.size() + relations.size() + functions.size() + people.size() + assignments.size();
  }
  // Appends another batch (a later file of the same import).
  void append(StructureBatch other);
};

// The columns a file may have, in the order export writes them.
std::span<const std::string_view> structure_columns();

// Parses one file. source names it in errors. Checks: the header (known, unique columns and a
// `record` column), each record's kind, that it fills only columns that apply to it, and each
// record on its own (validate()); yes/no values; known function keys.
Result<StructureBatch> parse_structure_csv(std::string_view text, std::string_view source);

// What the database already holds, for reference checks.
struct KnownUnit {
  UnitKind kind = UnitKind::lpo;
  std::optional<std::string> parent_id;
};
struct ExistingStructure {
  std::map<std::string, KnownUnit, std::less<>> units;
  std::set<std::string, std::less<>> people;
};

// Checks the batch as a whole against `existing` (a record in the batch replaces an existing one
// with the same key): duplicates within the batch; every parent, related unit, function unit,
// principal and person exists (in the batch or already); parent kinds allowed, required parents
// present, no parent cycles; relation kinds fit their units; a function's principal is a region or
// municipality. The first error found, in file order.
Status check_references(const StructureBatch& batch, const ExistingStructure& existing);

// A whole structure as one CSV file in the import format (all columns), importable again.
struct StructureSnapshot {
  std::vector<Unit> units;
  std::vector<Relation> relations;
  std::vector<FunctionSlot> functions;
  std::vector<Person> people;
  std::vector<Assignment> assignments;
};
std::string format_structure_csv(const StructureSnapshot& s);
// The rows of format_structure_csv() as fields, header first (for XLSX export).
std::vector<std::vector<std::string>> structure_table(const StructureSnapshot& s);

} // namespace ks::domain
