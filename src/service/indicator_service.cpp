#include "service/indicator_service.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "domain/measurement_import.hpp"
#include "service/audit.hpp"
#include "service/permissions.hpp"
#include "store/knowledge_support_store.hpp"

namespace ks::service {

namespace {

using nlohmann::json;
namespace ind = store::indicators;

json indicator_json(const domain::IndicatorInput& in) {
  return {{"name", in.name},
          {"unit", in.unit},
          {"direction", domain::to_key(in.direction)},
          {"target", in.target ? json(*in.target) : json()},
          {"data_source", in.data_source},
          {"kolada_kpi", in.kolada_kpi ? json(*in.kolada_kpi) : json()}};
}

Status record(store::Connection& c, Context& ctx, const Actor& actor, const Grant& g, std::string action,
              std::string object_type, std::string object_id, json before, json after) {
  AuditEvent e;
  e.action = std::move(action);
  e.acting_function = g.describe();
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.before = std::move(before);
  e.after = std::move(after);
  return record_audit(c, actor, e, ctx.clock.now());
}

Status knowledge_support_exists(store::Connection& c, std::int64_t id) {
  if (!KS_TRY(store::knowledge_supports::find(c, id)))
    return fail(Error::not_found("no knowledge support has id " + std::to_string(id)));
  return {};
}

std::optional<std::int64_t> as_id(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

} // namespace

Result<std::int64_t> add_indicator(Context& ctx, const Actor& actor, std::int64_t knowledge_support_id,
                                   const domain::IndicatorInput& in) {
  KS_TRY(domain::check_indicator(in));
  return ctx.db.write([&](store::Connection& c) -> Result<std::int64_t> {
    auto g = KS_TRY(authorize(c, actor, Action::indicator_import, {}));
    KS_TRY(knowledge_support_exists(c, knowledge_support_id));
    const auto id = KS_TRY(ind::insert(c, knowledge_support_id, in, ctx.clock.now()));
    KS_TRY(record(c, ctx, actor, g, "indicator.add", "indicator", std::to_string(id), nullptr, indicator_json(in)));
    return id;
  });
}

Status update_indicator(Context& ctx, const Actor& actor, std::int64_t indicator_id, const domain::IndicatorInput& in) {
  KS_TRY(domain::check_indicator(in));
  return ctx.db.write([&](store::Connection& c) -> Status {
    auto g = KS_TRY(authorize(c, actor, Action::indicator_import, {}));
    auto before = KS_TRY(ind::find(c, indicator_id));
    if (!before) return fail(Error::not_found("no indicator has id " + std::to_string(indicator_id)));
    KS_TRY(ind::update(c, indicator_id, in, ctx.clock.now()));
    return record(c, ctx, actor, g, "indicator.update", "indicator", std::to_string(indicator_id),
                  indicator_json(before->fields), indicator_json(in));
  });
}

Result<std::vector<ind::Indicator>> indicators_of(Context& ctx, const Actor& actor, std::int64_t knowledge_support_id) {
  return ctx.db.read([&](store::Connection& c) -> Result<std::vector<ind::Indicator>> {
    KS_TRY(authorize(c, actor, Action::report_read, {}));
    KS_TRY(knowledge_support_exists(c, knowledge_support_id));
    return ind::of_knowledge_support(c, knowledge_support_id);
  });
}

Result<MeasurementImport> import_measurements(Context& ctx, const Actor& actor, std::int64_t knowledge_support_id,
                                              ImportFormat format, std::string_view text) {
  auto rows = KS_TRY(format == ImportFormat::csv ? domain::parse_measurement_csv(text) : domain::parse_kolada_json(text));
  return ctx.db.write([&](store::Connection& c) -> Result<MeasurementImport> {
    auto g = KS_TRY(authorize(c, actor, Action::indicator_import, {}));
    KS_TRY(knowledge_support_exists(c, knowledge_support_id));
    const auto indicators = KS_TRY(ind::of_knowledge_support(c, knowledge_support_id));
    // Resolve every row before writing any.
    std::vector<std::int64_t> ids;
    for (const auto& r : rows) {
      const auto numeric = as_id(r.indicator);
      auto it = std::find_if(indicators.begin(), indicators.end(), [&](const ind::Indicator& i) {
        return numeric ? i.id == *numeric : i.fields.kolada_kpi == r.indicator;
      });
      if (it == indicators.end())
        return fail(Error::invalid("kunskapsstödet har ingen indikator \"" + r.indicator + "\" (" + r.where + ")",
                                   r.indicator_field));
      ids.push_back(it->id);
    }
    MeasurementImport out;
    const auto now = ctx.clock.now();
    const std::string origin = format == ImportFormat::csv ? "csv" : "kolada";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].value) {
        ++out.missing;
        continue;
      }
      KS_TRY(ind::put(c, {ids[i], rows[i].principal_id, rows[i].period, *rows[i].value, origin, actor.username, now}));
      ++out.stored;
    }
    KS_TRY(record(c, ctx, actor, g, "indicator.import", "knowledge_support", std::to_string(knowledge_support_id), nullptr,
                  {{"format", origin}, {"stored", out.stored}, {"missing", out.missing}}));
    return out;
  });
}

Result<IndicatorSeries> indicator_series_in(store::Connection& c, const ind::Indicator& indicator,
                                            std::optional<std::string> principal_id) {
  IndicatorSeries s;
  s.indicator = indicator;
  const auto ms = KS_TRY(principal_id ? ind::measurements(c, indicator.id, std::string_view(*principal_id))
                                      : ind::measurements(c, indicator.id));
  std::set<std::string> periods;
  std::map<std::string, std::vector<domain::Point>> by_principal;
  for (const auto& m : ms) {
    periods.insert(m.period);
    by_principal[m.principal_id].push_back({m.period, m.value});
  }
  if (!periods.empty()) {
    s.periods = domain::period_range(*periods.begin(), *periods.rbegin());
    if (s.periods.empty()) s.periods.assign(periods.begin(), periods.end()); // Years and months mixed.
  }
  for (auto& [principal, points] : by_principal) {
    PrincipalSeries ps;
    ps.principal_id = principal;
    auto name = KS_TRY(c.row("SELECT name FROM units WHERE id = ?", principal));
    ps.principal_name = name ? name->text(0) : principal;
    ps.values = domain::series_over(s.periods, points);
    ps.trend = domain::trend_of(points, indicator.fields.direction, indicator.fields.target);
    s.principals.push_back(std::move(ps));
  }
  return s;
}

Result<IndicatorSeries> indicator_series(Context& ctx, const Actor& actor, std::int64_t indicator_id,
                                         std::optional<std::string> principal_id) {
  return ctx.db.read([&](store::Connection& c) -> Result<IndicatorSeries> {
    KS_TRY(authorize(c, actor, Action::report_read, {}));
    auto i = KS_TRY(ind::find(c, indicator_id));
    if (!i) return fail(Error::not_found("no indicator has id " + std::to_string(indicator_id)));
    return indicator_series_in(c, *i, principal_id);
  });
}

Result<IndicatorsOfSupport> indicators_with_series(Context& ctx, const Actor& actor, std::int64_t knowledge_support_id) {
  return ctx.db.read([&](store::Connection& c) -> Result<IndicatorsOfSupport> {
    KS_TRY(authorize(c, actor, Action::report_read, {}));
    auto ks = KS_TRY(store::knowledge_supports::find(c, knowledge_support_id));
    if (!ks) return fail(Error::not_found("no knowledge support has id " + std::to_string(knowledge_support_id)));
    IndicatorsOfSupport out;
    out.knowledge_support_id = knowledge_support_id;
    out.title = ks->fields.title;
    for (const auto& i : KS_TRY(ind::of_knowledge_support(c, knowledge_support_id)))
      out.indicators.push_back(KS_TRY(indicator_series_in(c, i)));
    return out;
  });
}

nlohmann::json indicator_series_json(const IndicatorSeries& s) {
  using nlohmann::json;
  json j = {{"id", s.indicator.id},
            {"name", s.indicator.fields.name},
            {"unit", s.indicator.fields.unit},
            {"direction", domain::to_key(s.indicator.fields.direction)},
            {"direction_label", domain::label_sv(s.indicator.fields.direction)},
            {"target", s.indicator.fields.target ? json(domain::format_number(*s.indicator.fields.target)) : json()},
            {"data_source", s.indicator.fields.data_source},
            {"periods", s.periods},
            {"principals", json::array()}};
  for (const auto& p : s.principals) {
    json values = json::array();
    for (const auto& v : p.values) values.push_back(v ? json(domain::format_number(*v)) : json());
    const auto& t = p.trend;
    j["principals"].push_back({{"principal_id", p.principal_id},
                               {"principal_name", p.principal_name},
                               {"values", values},
                               {"latest", t.latest ? json(domain::format_number(*t.latest)) : json()},
                               {"latest_period", t.latest_period.value_or("")},
                               {"trend", domain::to_key(t.kind)},
                               {"trend_label", domain::label_sv(t.kind)},
                               {"meets_target_yes", t.meets_target.value_or(false)},
                               {"meets_target_no", t.meets_target.has_value() && !*t.meets_target}});
  }
  j["has_principals"] = !s.principals.empty();
  return j;
}


} // namespace ks::service
