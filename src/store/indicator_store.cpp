#include "store/indicator_store.hpp"

namespace ks::store::indicators {

namespace {

constexpr std::string_view kCols =
    "SELECT id, knowledge_support_id, name, definition, unit, direction, target, data_source, kolada_kpi, created_at, "
    "updated_at FROM indicators ";

Indicator indicator_of(const Row& r) {
  Indicator i;
  i.id = r.integer(0);
  i.knowledge_support_id = r.integer(1);
  i.fields.name = r.text(2);
  i.fields.definition = r.text(3);
  i.fields.unit = r.text(4);
  i.fields.direction = domain::parse_direction(r.text(5)).value_or(domain::Direction::higher_is_better);
  if (!r.is_null(6)) i.fields.target = r.real(6);
  i.fields.data_source = r.text(7);
  i.fields.kolada_kpi = r.opt_text(8);
  i.created_at = Instant{r.integer(9)};
  i.updated_at = Instant{r.integer(10)};
  return i;
}

} // namespace

Result<std::int64_t> insert(Connection& c, std::int64_t knowledge_support_id, const domain::IndicatorInput& in, Instant now) {
  return c.insert("INSERT INTO indicators (knowledge_support_id, name, definition, unit, direction, target, data_source, "
                  "kolada_kpi, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  knowledge_support_id, in.name, in.definition, in.unit, domain::to_key(in.direction), in.target,
                  in.data_source, in.kolada_kpi, now.ms, now.ms);
}

Status update(Connection& c, std::int64_t id, const domain::IndicatorInput& in, Instant now) {
  auto n = KS_TRY(c.exec("UPDATE indicators SET name = ?, definition = ?, unit = ?, direction = ?, target = ?, data_source = ?, "
                         "kolada_kpi = ?, updated_at = ? WHERE id = ?",
                         in.name, in.definition, in.unit, domain::to_key(in.direction), in.target, in.data_source,
                         in.kolada_kpi, now.ms, id));
  if (n == 0) return fail(Error::not_found("no indicator has id " + std::to_string(id)));
  return {};
}

Status remove(Connection& c, std::int64_t id) {
  KS_TRY(c.exec("DELETE FROM measurements WHERE indicator_id = ?", id));
  auto n = KS_TRY(c.exec("DELETE FROM indicators WHERE id = ?", id));
  if (n == 0) return fail(Error::not_found("no indicator has id " + std::to_string(id)));
  return {};
}

Result<std::optional<Indicator>> find(Connection& c, std::int64_t id) {
  auto r = KS_TRY(c.row(std::string(kCols) + "WHERE id = ?", id));
  return r ? std::optional<Indicator>(indicator_of(*r)) : std::nullopt;
}

Result<std::vector<Indicator>> of_knowledge_support(Connection& c, std::int64_t knowledge_support_id) {
  auto rows = KS_TRY(c.rows(std::string(kCols) + "WHERE knowledge_support_id = ? ORDER BY name, id", knowledge_support_id));
  std::vector<Indicator> out;
  for (const auto& r : rows) out.push_back(indicator_of(r));
  return out;
}

Status put(Connection& c, const Measurement& m) {
  KS_TRY(c.exec("INSERT INTO measurements (indicator_id, principal_id, period, value, origin, imported_by, imported_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (indicator_id, principal_id, period) DO UPDATE SET "
                "value = excluded.value, origin = excluded.origin, imported_by = excluded.imported_by, "
                "imported_at = excluded.imported_at",
                m.indicator_id, m.principal_id, m.period, m.value, m.origin, m.imported_by, m.imported_at.ms));
  return {};
}

Result<std::vector<Measurement>> measurements(Connection& c, std::int64_t indicator_id,
                                              std::optional<std::string_view> principal_id) {
  const std::string head = "SELECT indicator_id, principal_id, period, value, origin, imported_by, imported_at FROM measurements "
                           "WHERE indicator_id = ? ";
  Rows rows = principal_id ? KS_TRY(c.rows(head + "AND principal_id = ? ORDER BY principal_id, period", indicator_id, *principal_id))
                           : KS_TRY(c.rows(head + "ORDER BY principal_id, period", indicator_id));
  std::vector<Measurement> out;
  for (const auto& r : rows)
    out.push_back(Measurement{r.integer(0), r.text(1), r.text(2), r.real(3), r.text(4), r.text(5), Instant{r.integer(6)}});
  return out;
}

} // namespace ks::store::indicators
