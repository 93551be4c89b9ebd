#include "store/process_store.hpp"

#include <cstdio>

namespace ks::store::processes {

namespace {

constexpr std::string_view kDefinitionColumns = "id, process_id, version, file_name, bpmn, hash, deployed_at";

Definition definition_from(const Row& r) {
  return {r.integer(0), r.text(1), static_cast<int>(r.integer(2)), r.text(3), r.text(4), r.text(5), Instant{r.integer(6)}};
}

FormVersion form_from(const Row& r) {
  return {r.integer(0), r.text(1), static_cast<int>(r.integer(2)), r.text(3), r.text(4)};
}

} // namespace

std::string text_hash(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Result<Deployed> deploy_definition(Connection& c, std::string_view process_id, std::string_view file_name,
                                   std::string_view bpmn, Instant now) {
  const std::string hash = text_hash(bpmn);
  auto newest = KS_TRY(c.row(std::string("SELECT ") + std::string(kDefinitionColumns) +
                                 " FROM process_definitions WHERE process_id = ? ORDER BY version DESC LIMIT 1",
                             process_id));
  if (newest && newest->text(5) == hash && newest->text(4) == bpmn) return Deployed{definition_from(*newest), false};
  const int version = newest ? static_cast<int>(newest->integer(2)) + 1 : 1;
  const std::int64_t id = KS_TRY(c.insert("INSERT INTO process_definitions (process_id, version, file_name, bpmn, hash, "
                                          "deployed_at) VALUES (?,?,?,?,?,?) RETURNING id",
                                          process_id, version, file_name, bpmn, hash, now.ms));
  return Deployed{Definition{id, std::string(process_id), version, std::string(file_name), std::string(bpmn), hash, now},
                  true};
}

Result<bool> deploy_form(Connection& c, std::string_view form_id, std::string_view form_json, Instant now) {
  const std::string hash = text_hash(form_json);
  auto newest = KS_TRY(c.row("SELECT version, hash, form_json FROM process_forms WHERE form_id = ? "
                             "ORDER BY version DESC LIMIT 1",
                             form_id));
  if (newest && newest->text(1) == hash && newest->text(2) == form_json) return false;
  const int version = newest ? static_cast<int>(newest->integer(0)) + 1 : 1;
  KS_TRY(c.exec("INSERT INTO process_forms (form_id, version, form_json, hash, deployed_at) VALUES (?,?,?,?,?)", form_id,
                version, form_json, hash, now.ms));
  return true;
}

Result<std::vector<Definition>> latest_definitions(Connection& c) {
  auto rows = KS_TRY(c.rows(std::string("SELECT ") + std::string(kDefinitionColumns) +
                            " FROM process_definitions d WHERE version = (SELECT MAX(version) FROM process_definitions "
                            "x WHERE x.process_id = d.process_id) ORDER BY process_id"));
  std::vector<Definition> out;
  for (const auto& r : rows) out.push_back(definition_from(r));
  return out;
}

Result<std::optional<Definition>> find_definition(Connection& c, std::int64_t id) {
  auto row = KS_TRY(c.row(std::string("SELECT ") + std::string(kDefinitionColumns) +
                              " FROM process_definitions WHERE id = ?",
                          id));
  if (!row) return std::optional<Definition>();
  return std::optional<Definition>(definition_from(*row));
}

Result<std::vector<FormVersion>> latest_forms(Connection& c) {
  auto rows = KS_TRY(c.rows("SELECT id, form_id, version, form_json, hash FROM process_forms f WHERE version = "
                            "(SELECT MAX(version) FROM process_forms x WHERE x.form_id = f.form_id) ORDER BY form_id"));
  std::vector<FormVersion> out;
  for (const auto& r : rows) out.push_back(form_from(r));
  return out;
}

Result<std::optional<FormVersion>> latest_form(Connection& c, std::string_view form_id) {
  auto row = KS_TRY(c.row("SELECT id, form_id, version, form_json, hash FROM process_forms WHERE form_id = ? "
                          "ORDER BY version DESC LIMIT 1",
                          form_id));
  if (!row) return std::optional<FormVersion>();
  return std::optional<FormVersion>(form_from(*row));
}

Result<std::int64_t> deployment_mark(Connection& c) {
  auto row = KS_TRY(c.row("SELECT (SELECT COALESCE(MAX(id), 0) FROM process_definitions) + "
                          "(SELECT COALESCE(MAX(id), 0) FROM process_forms)"));
  return row ? row->integer(0) : 0;
}

} // namespace ks::store::processes
