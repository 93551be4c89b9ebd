// XLSX exports of the plan and the situation analysis (libxlsxwriter), for spreadsheet readers.
// Every cell is text or a number; a missing measurement is the text "saknas", never 0.
//
// plan_xlsx sheets: "Aktiviteter" (title, scope, principal, responsible, start, end, status,
// gap finding, assigned to, assigned by), "Kommunikation", "Utfasning", "Förankring".
// situation_analysis_xlsx sheets: "Kunskapsstöd" (one row per case: knowledge support, region,
// phase, joint and internal activities done/total, anchored, overdue), "Indikatorer" (one row
// per indicator, principal and period: value or "saknas", target, trend), "Försenat" (overdue tasks and activities).
#pragma once

#include <string>

#include "core/result.hpp"
#include "service/plan_service.hpp"
#include "service/report_service.hpp"

namespace ks::service {

// The workbook's bytes. Errors: internal when the workbook cannot be written (temporary file).
Result<std::string> plan_xlsx(const PlanView& plan);
Result<std::string> situation_analysis_xlsx(const SituationAnalysis& analysis);

} // namespace ks::service
