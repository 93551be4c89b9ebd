#include "domain/measurement_import.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "domain/csv.hpp"
#include "domain/indicator.hpp"
#include "domain/plan.hpp"

namespace ks::domain {

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Error at(std::string where, std::string_view member, std::string message) {
  return Error::invalid(std::move(message), std::move(where) + "." + std::string(member));
}

} // namespace

std::optional<double> parse_decimal(std::string_view text) {
  std::string s = trim(text);
  std::replace(s.begin(), s.end(), ',', '.');
  if (s.empty()) return std::nullopt;
  double v = 0;
  const char* b = s.data();
  const char* e = s.data() + s.size();
  if (*b == '+') ++b;
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || ptr != e || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<std::string> principal_from_kolada_code(std::string_view code) {
  if (code.size() != 4 || !std::all_of(code.begin(), code.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  if (code.starts_with("00")) return "region-" + std::string(code.substr(2));
  return "municipality-" + std::string(code);
}

Result<std::vector<MeasurementRow>> parse_measurement_csv(std::string_view text) {
  auto records = KS_TRY(parse_csv(text));
  if (records.empty()) return fail(Error::invalid("filen är tom: en rubrikrad indicator,principal,period,value väntades", "line 1"));
  const auto& header = records.front();
  constexpr std::string_view kColumns[] = {"indicator", "principal", "period", "value"};
  std::size_t col[4] = {};
  for (std::size_t k = 0; k < 4; ++k) {
    auto it = std::find_if(header.fields.begin(), header.fields.end(),
                           [&](const std::string& f) { return lower(trim(f)) == kColumns[k]; });
    if (it == header.fields.end())
      return fail(Error::invalid("rubrikraden saknar kolumnen \"" + std::string(kColumns[k]) + "\"",
                                 csv_position(header.line, 0, kColumns[k])));
    col[k] = static_cast<std::size_t>(it - header.fields.begin());
  }
  std::vector<MeasurementRow> out;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    auto field = [&](std::size_t k) { return col[k] < rec.fields.size() ? trim(rec.fields[col[k]]) : std::string(); };
    auto err = [&](std::size_t k, std::string msg) {
      return fail(Error::invalid(std::move(msg), csv_position(rec.line, col[k] + 1, kColumns[k])));
    };
    MeasurementRow m;
    m.where = "line " + std::to_string(rec.line);
    m.indicator = field(0);
    m.indicator_field = csv_position(rec.line, col[0] + 1, kColumns[0]);
    m.principal_id = field(1);
    m.period = field(2);
    const auto value = field(3);
    if (m.indicator.empty()) return err(0, "ingen indikator (dess id eller Kolada-id)");
    if (!is_principal_id(m.principal_id))
      return err(1, "inte en huvudman (region-NN eller municipality-NNNN): \"" + m.principal_id + "\"");
    if (!is_period(m.period)) return err(2, "inte en period (ÅÅÅÅ eller ÅÅÅÅ-MM): \"" + m.period + "\"");
    if (!value.empty()) {
      m.value = parse_decimal(value);
      if (!m.value) return err(3, "inte ett tal: \"" + value + "\"");
    }
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<MeasurementRow>> parse_kolada_json(std::string_view text) {
  using nlohmann::json;
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return fail(Error::invalid("inte JSON", "values"));
  if (!doc.is_object() || !doc.contains("values") || !doc["values"].is_array())
    return fail(Error::invalid("ett objekt med listan \"values\" väntades", "values"));
  std::vector<MeasurementRow> out;
  const auto& entries = doc["values"];
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const std::string where = "values[" + std::to_string(i) + "]";
    if (!e.is_object()) return fail(Error::invalid("en post måste vara ett objekt", where));
    MeasurementRow m;
    m.where = where;
    if (!e.contains("kpi") || !e["kpi"].is_string() || e["kpi"].get<std::string>().empty())
      return fail(at(where, "kpi", "inget KPI-id"));
    m.indicator = e["kpi"].get<std::string>();
    m.indicator_field = where + ".kpi";
    if (!e.contains("municipality") || !e["municipality"].is_string())
      return fail(at(where, "municipality", "ingen kommunkod"));
    auto principal = principal_from_kolada_code(e["municipality"].get<std::string>());
    if (!principal)
      return fail(at(where, "municipality", "inte en fyrsiffrig kod: \"" + e["municipality"].get<std::string>() + "\""));
    m.principal_id = *principal;
    if (!e.contains("period")) return fail(at(where, "period", "ingen period"));
    const auto& p = e["period"];
    if (p.is_number_integer()) m.period = std::to_string(p.get<long long>());
    else if (p.is_string()) m.period = p.get<std::string>();
    if (!is_period(m.period)) return fail(at(where, "period", "inte en period (ett år eller ÅÅÅÅ-MM): " + p.dump()));
    if (e.contains("values")) {
      if (!e["values"].is_array()) return fail(at(where, "values", "en lista väntades"));
      const auto& vs = e["values"];
      for (std::size_t j = 0; j < vs.size(); ++j) {
        const auto& v = vs[j];
        if (!v.is_object() || !v.contains("gender") || !v["gender"].is_string())
          return fail(at(where, "values[" + std::to_string(j) + "].gender", "inget kön (T, K eller M)"));
        if (v["gender"] != "T") continue;
        if (!v.contains("value") || v["value"].is_null()) continue; // No data for this period.
        if (!v["value"].is_number() || !std::isfinite(v["value"].get<double>()))
          return fail(at(where, "values[" + std::to_string(j) + "].value", "inte ett tal: " + v["value"].dump()));
        m.value = v["value"].get<double>();
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

} // namespace ks::domain
