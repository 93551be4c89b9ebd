#include "store/followup_store.hpp"

namespace ks::store::followups {

Result<std::int64_t> insert(Connection& c, const Entry& e) {
  return c.insert("INSERT INTO followup_entries (case_id, principal_id, kind, on_date, text, adjustments, created_by, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  e.case_id, e.principal_id, e.kind, e.on_date, e.text, e.adjustments, e.created_by, e.created_at.ms);
}

Result<std::vector<Entry>> of_case(Connection& c, std::int64_t case_id) {
  auto rows = KS_TRY(c.rows("SELECT id, case_id, principal_id, kind, on_date, text, adjustments, created_by, created_at "
                            "FROM followup_entries WHERE case_id = ? ORDER BY on_date DESC, id DESC",
                            case_id));
  std::vector<Entry> out;
  for (const auto& r : rows)
    out.push_back(Entry{r.integer(0), r.integer(1), r.opt_text(2), r.text(3), r.text(4), r.text(5), r.text(6), r.text(7),
                        Instant{r.integer(8)}});
  return out;
}

} // namespace ks::store::followups
