#include "store/document_store.hpp"

#include <fmt/format.h>

namespace ks::store::documents {

namespace {

constexpr std::string_view kColumns =
    "id, knowledge_support_id, case_id, task_id, filename, media_type, size_bytes, uploaded_by, uploaded_at";

DocumentInfo from_row(const Row& r) {
  DocumentInfo d;
  d.id = r.integer(0);
  d.owner = {r.opt_integer(1), r.opt_integer(2), r.opt_integer(3)};
  d.filename = r.text(4);
  d.media_type = r.text(5);
  d.size_bytes = r.integer(6);
  d.uploaded_by = r.text(7);
  d.uploaded_at = Instant{r.integer(8)};
  return d;
}

Result<std::vector<DocumentInfo>> list(Connection& c, std::string_view where, std::int64_t id) {
  auto rows = KS_TRY(c.rows(fmt::format("SELECT {} FROM documents WHERE {} ORDER BY uploaded_at, id", kColumns, where), id));
  std::vector<DocumentInfo> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

} // namespace

Result<std::int64_t> insert(Connection& c, const Owner& owner, std::string_view filename, std::string_view media_type,
                            std::string_view content, std::string_view uploaded_by, Instant now) {
  const bool pg = c.backend() == Backend::postgres;
  std::string bound = pg ? "\\x" + to_hex(content) : std::string(content);
  return c.insert(fmt::format("INSERT INTO documents (knowledge_support_id, case_id, task_id, filename, media_type, "
                              "size_bytes, content, uploaded_by, uploaded_at) VALUES (?,?,?,?,?,?,{},?,?) RETURNING id",
                              pg ? "?::bytea" : "CAST(? AS BLOB)"),
                  owner.knowledge_support_id, owner.case_id, owner.task_id, filename, media_type,
                  static_cast<std::int64_t>(content.size()), std::move(bound), uploaded_by, now.ms);
}

Result<std::optional<DocumentInfo>> find(Connection& c, std::int64_t id) {
  auto row = KS_TRY(c.row(fmt::format("SELECT {} FROM documents WHERE id = ?", kColumns), id));
  if (!row) return std::optional<DocumentInfo>();
  return std::optional<DocumentInfo>(from_row(*row));
}

Result<std::optional<std::string>> content(Connection& c, std::int64_t id) {
  auto row =
      KS_TRY(c.row("SELECT " + bytes_column(c.backend(), "content") + " FROM documents WHERE id = ?", id));
  if (!row) return std::optional<std::string>();
  auto bytes = bytes_of(c.backend(), *row, 0);
  if (!bytes) return fail(Error::internal("document " + std::to_string(id) + ": stored bytes do not decode"));
  return std::optional<std::string>(std::move(*bytes));
}

Result<std::vector<DocumentInfo>> for_knowledge_support(Connection& c, std::int64_t id) {
  return list(c, "knowledge_support_id = ?", id);
}

Result<std::vector<DocumentInfo>> for_case(Connection& c, std::int64_t id) { return list(c, "case_id = ?", id); }

} // namespace ks::store::documents
