#include "store/knowledge_support_store.hpp"

#include <cctype>

#include <fmt/format.h>

namespace ks::store::knowledge_supports {

namespace {

constexpr std::string_view kColumns =
    "k.id, k.title, k.kind, k.owner_unit_id, k.version, k.national_status, k.consultation_from, k.consultation_to, "
    "k.summary, k.created_by, k.created_at, k.updated_at";

KnowledgeSupport from_row(const Row& r) {
  KnowledgeSupport k;
  k.id = r.integer(0);
  k.fields.title = r.text(1);
  k.fields.kind = domain::parse_knowledge_support_kind(r.text(2)).value_or(domain::KnowledgeSupportKind::other);
  k.fields.owner_unit_id = r.opt_text(3);
  k.fields.version = r.text(4);
  k.fields.national_status = domain::parse_national_status(r.text(5)).value_or(domain::NationalStatus::decided);
  k.fields.consultation_from = r.opt_text(6);
  k.fields.consultation_to = r.opt_text(7);
  k.fields.summary = r.text(8);
  k.created_by = r.text(9);
  k.created_at = Instant{r.integer(10)};
  k.updated_at = Instant{r.integer(11)};
  return k;
}

// FTS5 query text: every word quoted (so that user input is never FTS syntax), joined by AND.
std::string fts5_query(std::string_view text) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += " AND ";
    out += '"' + word + '"';
    word.clear();
  };
  for (char ch : text) {
    auto u = static_cast<unsigned char>(ch);
    if (u >= 0x80 || std::isalnum(u)) word += ch;
    else flush();
  }
  flush();
  return out;
}

} // namespace

Result<std::int64_t> insert(Connection& c, const domain::KnowledgeSupportInput& in, std::string_view created_by,
                            Instant now) {
  return c.insert(
      "INSERT INTO knowledge_supports (title, kind, owner_unit_id, version, national_status, consultation_from, "
      "consultation_to, summary, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
      in.title, domain::to_key(in.kind), in.owner_unit_id, in.version, domain::to_key(in.national_status),
      in.consultation_from, in.consultation_to, in.summary, created_by, now.ms, now.ms);
}

Status update(Connection& c, std::int64_t id, const domain::KnowledgeSupportInput& in, Instant now) {
  auto n = KS_TRY(c.exec("UPDATE knowledge_supports SET title=?, kind=?, owner_unit_id=?, version=?, national_status=?, "
                         "consultation_from=?, consultation_to=?, summary=?, updated_at=? WHERE id=?",
                         in.title, domain::to_key(in.kind), in.owner_unit_id, in.version,
                         domain::to_key(in.national_status), in.consultation_from, in.consultation_to, in.summary,
                         now.ms, id));
  if (n == 0) return fail(Error::not_found("kunskapsstöd " + std::to_string(id) + " finns inte"));
  return {};
}

Result<std::optional<KnowledgeSupport>> find(Connection& c, std::int64_t id) {
  auto row = KS_TRY(c.row(fmt::format("SELECT {} FROM knowledge_supports k WHERE k.id = ?", kColumns), id));
  if (!row) return std::optional<KnowledgeSupport>();
  return std::optional<KnowledgeSupport>(from_row(*row));
}

Result<std::vector<KnowledgeSupport>> search(Connection& c, const Query& q) {
  std::string from = "knowledge_supports k";
  std::string where = "1=1";
  std::string order = "k.created_at DESC, k.id DESC";
  std::vector<Value> params;
  if (!q.text.empty()) {
    if (c.backend() == Backend::sqlite) {
      std::string match = fts5_query(q.text);
      if (match.empty()) return std::vector<KnowledgeSupport>();
      from = "knowledge_support_fts f JOIN knowledge_supports k ON k.id = f.rowid";
      where += " AND knowledge_support_fts MATCH ?";
      params.emplace_back(match);
      order = "f.rank, k.id DESC";
    } else {
      where += " AND to_tsvector('swedish'::regconfig, k.title || ' ' || k.summary) @@ plainto_tsquery('swedish'::regconfig, ?)";
      params.emplace_back(q.text);
      order = "ts_rank(to_tsvector('swedish'::regconfig, k.title || ' ' || k.summary), "
              "plainto_tsquery('swedish'::regconfig, ?)) DESC, k.id DESC";
    }
  }
  if (q.kind) {
    where += " AND k.kind = ?";
    params.emplace_back(domain::to_key(*q.kind));
  }
  if (q.national_status) {
    where += " AND k.national_status = ?";
    params.emplace_back(domain::to_key(*q.national_status));
  }
  if (q.owner_unit_id) {
    where += " AND k.owner_unit_id = ?";
    params.emplace_back(*q.owner_unit_id);
  }
  if (!q.text.empty() && c.backend() == Backend::postgres) params.emplace_back(q.text);
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  params.emplace_back(static_cast<std::int64_t>(q.offset));
  auto rows = KS_TRY(c.query(
      fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {} LIMIT ? OFFSET ?", kColumns, from, where, order), params));
  std::vector<KnowledgeSupport> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

} // namespace ks::store::knowledge_supports
