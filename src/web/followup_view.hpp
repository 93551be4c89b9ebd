// View models for the plan, indicator and report pages (issue 7): JSON contexts for the
// followup_*.mustache templates, built from the service results. Pure.
//
// The timeline is server-rendered without JavaScript or style attributes (the CSP forbids them):
// the months from the earliest start to the latest end (at most 36) are grid columns, and each
// activity's bar names its first column and span as classes (tl-start-N, tl-span-N, defined in
// static/followup.css); the dates and status are always written out as text beside the bar.
//
// Charts: every (indicator, principal) gets a figure whose canvas carries data-periods,
// data-values (JSON, null where missing), data-target and data-label for static/followup-chart.js,
// and a table of the same values where a missing period reads "saknas" (never 0).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "service/indicator_service.hpp"
#include "service/plan_service.hpp"

namespace ks::web {

// The plan page's context: activities (with timeline classes and labels), communication and
// phase-out items, anchoring, and "timeline" {months: [{label}], has_rows}.
nlohmann::json plan_page_json(const service::PlanView& plan);

// One indicator with a chart per principal: the fields of service::indicator_series_json plus
// per principal "chart" {periods_json, values_json, target, label, rows: [{period, value, missing}]}.
nlohmann::json indicator_charts_json(const service::IndicatorSeries& series);

} // namespace ks::web
