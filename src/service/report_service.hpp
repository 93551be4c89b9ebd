// Reports on implementation and follow-up (issue 7), all read-only and in one read transaction:
//
// - situation_analysis: the lägesanalys of a programme area (an LPO or NPO unit) and a year — every
//   knowledge support in the area (owned by the unit, or with a case whose LPO is the unit) with
//   each case's phase, implementation progress per principal (its internal activities done of all,
//   and the joint ones), indicator trends per principal up to the end of the year, and overdue
//   work (open tasks past their due date, activities past their end date).
// - overview: per region, how many cases (knowledge supports) are in each phase, lead time per
//   phase (median and 90th percentile in days, domain/lead_time.hpp, from the case history), and
//   the overdue tasks.
// - national_view: knowledge support × region with each region's status (the phase of its newest
//   case), so unequal uptake is visible at a glance; text in every cell, never colour alone.
//
// Permission: report.read. Errors: not_found for an unknown unit (situation_analysis, overview).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/lead_time.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "service/followup_service.hpp"

namespace ks::service {

struct PrincipalProgress {
  std::string principal_id;
  std::string principal_name;
  ActivityCounts internal; // The principal's own activities.
};

struct OverdueItem {
  std::string what;    // Task element name / activity title.
  std::string kind;    // "task" or "activity".
  std::string due;     // "YYYY-MM-DD".
  std::string assignee; // FUNCTION@UNIT for tasks, the principal or "gemensam" for activities.
};

struct CaseInArea {
  std::int64_t case_id = 0;
  std::string region_id;
  std::string region_name; // The region's name ("Region Västernorrland"); its id when unknown.
  std::string phase; // domain::phase_of_step key, or the case status when it ended.
  ActivityCounts joint;
  std::vector<PrincipalProgress> principals;
  std::vector<OverdueItem> overdue;
  bool anchored = false;
  std::size_t phase_outs = 0;
};

struct SupportInArea {
  std::int64_t knowledge_support_id = 0;
  std::string title;
  std::vector<CaseInArea> cases;
  std::vector<IndicatorSeries> indicators; // Periods up to the end of the year.
};

struct SituationAnalysis {
  std::string area_id;
  std::string area_name;
  int year = 0;
  std::string made_on; // "YYYY-MM-DD".
  std::vector<SupportInArea> supports;
};
Result<SituationAnalysis> situation_analysis(Context& ctx, const Actor& actor, const std::string& area_id, int year);
nlohmann::json situation_analysis_json(const SituationAnalysis& s);

struct PhaseLeadTime {
  std::string phase;
  std::string label;
  std::size_t cases_now = 0; // Cases currently in the phase.
  std::optional<domain::Distribution> days; // Over finished stays in the phase.
};

struct RegionOverview {
  std::string region_id;
  std::string region_name;
  std::vector<PhaseLeadTime> phases; // In routine order; phases without cases and lead times left out.
  std::size_t open_tasks = 0;
  std::vector<OverdueItem> overdue_tasks;
};
Result<RegionOverview> region_overview(Context& ctx, const Actor& actor, const std::string& region_id);
nlohmann::json region_overview_json(const RegionOverview& o);

struct NationalRow {
  std::int64_t knowledge_support_id = 0;
  std::string title;
  std::map<std::string, std::string> phase_by_region; // region id → phase key ("" : no case).
};
struct NationalView {
  std::vector<std::pair<std::string, std::string>> regions; // (id, name) by county code.
  std::vector<NationalRow> rows;                            // Knowledge supports with any case.
};
Result<NationalView> national_view(Context& ctx, const Actor& actor);
nlohmann::json national_view_json(const NationalView& v);

// The phases in routine order, for overviews.
const std::vector<std::string>& phase_order();

} // namespace ks::service
