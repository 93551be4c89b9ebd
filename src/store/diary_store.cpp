#include "store/diary_store.hpp"

#include <fmt/format.h>

#include "store/sqlite/swedish_tokenizer.hpp"

namespace ks::store::diary {

namespace {

constexpr std::string_view kColumns =
    "id, number, year, seq, region_id, entry_date, direction, counterpart, description, knowledge_support_id, "
    "case_id, document_id, created_by, created_at";

Entry from_row(const Row& r) {
  Entry e;
  e.id = r.integer(0);
  e.number = r.text(1);
  e.year = static_cast<int>(r.integer(2));
  e.seq = r.integer(3);
  e.fields.region_id = r.text(4);
  e.fields.entry_date = r.text(5);
  e.fields.direction = domain::parse_diary_direction(r.text(6)).value_or(domain::DiaryDirection::in);
  e.fields.counterpart = r.text(7);
  e.fields.description = r.text(8);
  e.fields.knowledge_support_id = r.opt_integer(9);
  e.fields.case_id = r.opt_integer(10);
  e.fields.document_id = r.opt_integer(11);
  e.fields.created_by = r.text(12);
  e.created_at = Instant{r.integer(13)};
  return e;
}

} // namespace

Result<std::string> prefix_for(Connection& c, std::string_view region_id) {
  auto row = KS_TRY(c.row("SELECT prefix FROM diary_prefixes WHERE region_id = ?", region_id));
  if (row) return row->text(0);
  return domain::default_diary_prefix(region_id);
}

Result<Entry> register_entry(Connection& c, const NewEntry& in, Instant now) {
  if (in.entry_date.size() != 10 || !parse_iso(in.entry_date))
    return fail(Error::invalid("datum ska skrivas ÅÅÅÅ-MM-DD", "entry_date"));
  const int year = std::stoi(in.entry_date.substr(0, 4));
  // One statement: insert the first number or take the next one; the row stays locked (PostgreSQL)
  // or the database write-locked (SQLite) until the caller's transaction ends.
  auto seq_row = KS_TRY(c.row("INSERT INTO diary_sequences (region_id, year, last_seq) VALUES (?, ?, 1) "
                              "ON CONFLICT (region_id, year) DO UPDATE SET last_seq = diary_sequences.last_seq + 1 "
                              "RETURNING last_seq",
                              in.region_id, year));
  if (!seq_row) return fail(Error::internal("diary: no sequence number returned"));
  const std::int64_t seq = seq_row->integer(0);
  const std::string number = domain::format_diary_number(KS_TRY(prefix_for(c, in.region_id)), year, seq);
  const std::int64_t id = KS_TRY(c.insert(
      "INSERT INTO diary_entries (region_id, year, seq, number, entry_date, direction, counterpart, description, "
      "description_folded, knowledge_support_id, case_id, document_id, created_by, created_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
      in.region_id, year, seq, number, in.entry_date, domain::to_key(in.direction), in.counterpart, in.description,
      fold_case_utf8(in.description + " " + in.counterpart + " " + number), in.knowledge_support_id, in.case_id,
      in.document_id, in.created_by, now.ms));
  Entry e;
  e.id = id;
  e.number = number;
  e.year = year;
  e.seq = seq;
  e.fields = in;
  e.created_at = now;
  return e;
}

Result<std::optional<Entry>> find(Connection& c, std::int64_t id) {
  auto row = KS_TRY(c.row(fmt::format("SELECT {} FROM diary_entries WHERE id = ?", kColumns), id));
  if (!row) return std::optional<Entry>();
  return std::optional<Entry>(from_row(*row));
}

Result<std::vector<Entry>> list(Connection& c, const Query& q) {
  std::string where = "1=1";
  std::vector<Value> params;
  if (!q.text.empty()) {
    where += " AND description_folded LIKE ?";
    std::string pattern = "%";
    for (char ch : fold_case_utf8(q.text)) {
      if (ch == '%' || ch == '_') continue; // Literal text only.
      pattern += ch;
    }
    params.emplace_back(pattern + "%");
  }
  if (q.region_id) {
    where += " AND region_id = ?";
    params.emplace_back(*q.region_id);
  }
  if (q.direction) {
    where += " AND direction = ?";
    params.emplace_back(domain::to_key(*q.direction));
  }
  if (q.year) {
    where += " AND year = ?";
    params.emplace_back(*q.year);
  }
  if (q.case_id) {
    where += " AND case_id = ?";
    params.emplace_back(*q.case_id);
  }
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  params.emplace_back(static_cast<std::int64_t>(q.offset));
  auto rows = KS_TRY(c.query(
      fmt::format("SELECT {} FROM diary_entries WHERE {} ORDER BY year DESC, region_id, seq DESC LIMIT ? OFFSET ?",
                  kColumns, where),
      params));
  std::vector<Entry> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

} // namespace ks::store::diary
