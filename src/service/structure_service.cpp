#include "service/structure_service.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "domain/shipped_structure.hpp"
#include "service/settings.hpp"

namespace ks::service {

namespace st = store::structure;

namespace {

constexpr std::string_view kShippedKey = "structure.shipped";
constexpr std::string_view kDemoKey = "structure.demo";

void add(st::ImportReport& into, const st::ImportReport& r) {
  into.units_added += r.units_added;
  into.units_updated += r.units_updated;
  into.relations_added += r.relations_added;
  into.functions_added += r.functions_added;
  into.people_added += r.people_added;
  into.people_updated += r.people_updated;
  into.assignments_added += r.assignments_added;
  into.assignments_updated += r.assignments_updated;
}

// Writes rows into an XLSX workbook in a temporary file and returns its bytes.
Result<std::string> xlsx_bytes(const std::vector<std::vector<std::string>>& rows) {
  const auto dir = std::filesystem::temp_directory_path();
  std::string path = (dir / "ks-export-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return fail(Error::internal("cannot create a temporary file for the XLSX export"));
  ::close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (!wb) {
    std::filesystem::remove(path);
    return fail(Error::internal("cannot create the XLSX workbook"));
  }
  lxw_worksheet* ws = workbook_add_worksheet(wb, "Struktur");
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < rows[r].size(); ++c)
      if (!rows[r][c].empty())
        worksheet_write_string(ws, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), rows[r][c].c_str(),
                               r == 0 ? bold : nullptr);
  worksheet_freeze_panes(ws, 1, 0);
  const auto err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    std::filesystem::remove(path);
    return fail(Error::internal(fmt::format("XLSX export failed: {}", lxw_strerror(err))));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

} // namespace

std::string today(const Context& ctx) { return format_date(ctx.clock.now()); }

Result<st::ImportReport> import_structure_csv(Context& ctx, std::string_view text, std::string_view source) {
  auto batch = KS_TRY(domain::parse_structure_csv(text, source));
  return ctx.db.write([&](store::Connection& c) { return st::import_batch(c, batch, ctx.clock.now()); });
}

Result<ShippedLoad> ensure_shipped_structure(store::Database& db, const Clock& clock, WithDemo demo) {
  auto structure = KS_TRY(domain::shipped_structure());
  auto demo_batch = KS_TRY(domain::shipped_demo());
  return db.write([&](store::Connection& c) -> Result<ShippedLoad> {
    ShippedLoad out;
    if (!KS_TRY(get_setting(c, std::string(kShippedKey)))) {
      add(out.report, KS_TRY(st::import_batch(c, structure, clock.now())));
      KS_TRY(set_setting(c, std::string(kShippedKey), format_iso(clock.now())));
      out.structure_loaded = true;
    }
    if (demo == WithDemo::yes && !KS_TRY(get_setting(c, std::string(kDemoKey)))) {
      add(out.report, KS_TRY(st::import_batch(c, demo_batch, clock.now())));
      KS_TRY(set_setting(c, std::string(kDemoKey), format_iso(clock.now())));
      out.demo_loaded = true;
    }
    return out;
  });
}

std::optional<ExportFormat> parse_export_format(std::string_view name) {
  if (name == "csv") return ExportFormat::csv;
  if (name == "xlsx") return ExportFormat::xlsx;
  return std::nullopt;
}

Result<std::string> export_structure(Context& ctx, ExportFormat format) {
  auto snap = KS_TRY(ctx.db.read([](store::Connection& c) { return st::snapshot(c); }));
  if (format == ExportFormat::csv) return domain::format_structure_csv(snap);
  return xlsx_bytes(domain::structure_table(snap));
}

Result<std::vector<domain::Unit>> list_units(Context& ctx, const UnitListQuery& query) {
  st::UnitFilter filter;
  for (const auto& list : query.kinds) {
    std::size_t start = 0;
    while (start <= list.size()) {
      auto end = list.find(',', start);
      if (end == std::string::npos) end = list.size();
      const auto key = std::string_view(list).substr(start, end - start);
      if (!key.empty()) {
        const auto kind = domain::parse_unit_kind(key);
        if (!kind) return fail(Error::invalid(fmt::format("unknown kind \"{}\"", key), "kind"));
        filter.kinds.push_back(*kind);
      }
      start = end + 1;
    }
  }
  if (query.county) {
    const auto& c = *query.county;
    if (c.size() != 2 || c.find_first_not_of("0123456789") != std::string::npos)
      return fail(Error::invalid(fmt::format("\"{}\" is not a two-digit county code", c), "county"));
    filter.county = c;
  }
  filter.parent_id = query.parent_id;
  return ctx.db.read([&](store::Connection& c) { return st::list_units(c, filter); });
}

Result<nlohmann::json> county_unit_options(Context& ctx, std::string_view unit_id, const std::vector<std::string>& kinds) {
  auto out = nlohmann::json::object();
  std::vector<std::pair<std::string, domain::UnitKind>> parsed;
  for (const auto& key : kinds) {
    const auto kind = domain::parse_unit_kind(key);
    if (!kind) return fail(Error::invalid(fmt::format("unknown kind \"{}\"", key), "kind"));
    out[key] = nlohmann::json::array();
    parsed.emplace_back(key, *kind);
  }
  return ctx.db.read([&](store::Connection& c) -> Result<nlohmann::json> {
    auto unit = KS_TRY(st::find_unit(c, unit_id));
    if (!unit || !unit->county) return out;
    for (const auto& [key, kind] : parsed) {
      st::UnitFilter f;
      f.kinds = {kind};
      f.county = unit->county;
      for (const auto& u : KS_TRY(st::list_units(c, f))) out[key].push_back({{"label", u.name}, {"value", u.id}});
    }
    return out;
  });
}

Result<std::map<std::string, std::string>> unit_names(Context& ctx, const std::set<std::string>& ids) {
  return ctx.db.read([&](store::Connection& c) { return st::unit_names(c, ids); });
}

Result<std::map<std::string, std::string>> person_names(Context& ctx, const std::set<std::string>& usernames) {
  return ctx.db.read([&](store::Connection& c) { return st::person_names(c, usernames); });
}

Result<std::optional<st::UnitDetail>> unit_detail(Context& ctx, std::string_view id) {
  const auto day = today(ctx);
  return ctx.db.read([&](store::Connection& c) { return st::unit_detail(c, id, day); });
}

Result<std::vector<st::UnitDetail>> unit_details(Context& ctx, const std::vector<domain::Unit>& units) {
  const auto day = today(ctx);
  return ctx.db.read([&](store::Connection& c) -> Result<std::vector<st::UnitDetail>> {
    std::vector<st::UnitDetail> out;
    for (const auto& u : units)
      if (auto d = KS_TRY(st::unit_detail(c, u.id, day))) out.push_back(std::move(*d));
    return out;
  });
}

Result<std::vector<st::Holding>> holdings_for_principal(Context& ctx, std::string_view principal_id) {
  const auto day = today(ctx);
  return ctx.db.read([&](store::Connection& c) { return st::holdings_for_principal(c, principal_id, day); });
}

Result<std::optional<st::PersonDetail>> person_detail(Context& ctx, std::string_view id) {
  const auto day = today(ctx);
  return ctx.db.read([&](store::Connection& c) { return st::person_detail(c, id, day); });
}

Result<st::SearchResult> search_structure(Context& ctx, std::string_view text) {
  return ctx.db.read([&](store::Connection& c) { return st::search(c, text, 50); });
}

} // namespace ks::service
