// The permission table: every route KS serves, and the action a caller needs for it. Deny by
// default — a route missing here is refused at start-up (Router::verify) and by the route test.
//
// Actions: "public" (anyone), "signed_in" (any account), and named actions that the permission
// model (service/permissions) grants from a person's current functions, e.g. "structure.read".
#include "http/router.hpp"

namespace ks::http {

namespace {
constexpr RoutePermission kTable[] = {
    // Operations
    {Method::get, "/healthz", "public"},
    {Method::get, "/metrics", "public"},
    {Method::get, "/assets/{path*}", "public"},
    {Method::get, "/", "public"},
    {Method::get, "/api/v1/openapi.json", "public"},
    // Structure (routes_structure.cpp): organisations and groups are public; people need an account.
    {Method::get, "/structure", "public"},
    {Method::get, "/structure/units/{id}", "public"},
    {Method::get, "/structure/search", "public"},
    {Method::get, "/structure/people/{id}", "signed_in"},
    {Method::get, "/api/v1/organisations", "public"},
    {Method::get, "/api/v1/groups", "public"},
    {Method::get, "/api/v1/groups/{id}", "public"},
    {Method::get, "/api/v1/structure/search", "public"},
    {Method::get, "/api/v1/people/{id}", "signed_in"},
    // Routines as process maps (routes_process_map.cpp): public, like the structure.
    {Method::get, "/processes", "public"},
    {Method::get, "/processes/{id}", "public"},
    {Method::get, "/processes/{id}/bpmn", "public"},
    // Case-work pages (routes_task_pages.cpp, routes_case_pages.cpp, routes_ks_pages.cpp): any
    // account; the services decide per object (case.read, task.complete, case.register).
    {Method::get, "/inbox", "signed_in"},
    {Method::get, "/tasks/{id}", "signed_in"},
    {Method::post, "/tasks/{id}", "signed_in"},
    {Method::post, "/tasks/{id}/attachments", "signed_in"},
    {Method::get, "/cases", "signed_in"},
    {Method::get, "/cases/new", "signed_in"},
    {Method::post, "/cases", "signed_in"},
    {Method::get, "/cases/{id}", "signed_in"},
    {Method::get, "/cases/{id}/bpmn", "signed_in"},
    {Method::post, "/cases/{id}/messages", "signed_in"},
    {Method::post, "/cases/{id}/consultation-answer", "signed_in"},
    {Method::get, "/knowledge-supports", "signed_in"},
    {Method::get, "/knowledge-supports/new", "signed_in"},
    {Method::post, "/knowledge-supports", "signed_in"},
    {Method::get, "/knowledge-supports/{id}", "signed_in"},
    {Method::get, "/diary", "signed_in"},
    {Method::get, "/documents/{id}", "signed_in"},
    // Implementation plans, indicators and reports (routes_followup.cpp); object checks in the services.
    {Method::get, "/cases/{id}/plan", "plan.read"},
    {Method::get, "/cases/{id}/plan.xlsx", "plan.read"},
    {Method::post, "/cases/{id}/plan/activities", "plan.edit"},
    {Method::post, "/cases/{id}/plan/activities/{activity}/delete", "plan.edit"},
    {Method::post, "/cases/{id}/plan/reports", "plan.report"},
    {Method::post, "/cases/{id}/plan/assignments", "plan.report"},
    {Method::post, "/cases/{id}/plan/communications", "plan.edit"},
    {Method::post, "/cases/{id}/plan/phase-outs", "plan.edit"},
    {Method::post, "/cases/{id}/plan/anchoring", "plan.edit"},
    {Method::post, "/cases/{id}/followups", "plan.report"},
    {Method::get, "/knowledge-supports/{id}/indicators", "report.read"},
    {Method::post, "/knowledge-supports/{id}/indicators", "indicator.import"},
    {Method::post, "/knowledge-supports/{id}/indicators/import", "indicator.import"},
    {Method::get, "/reports/situation", "report.read"},
    {Method::get, "/reports/situation.xlsx", "report.read"},
    {Method::get, "/reports/overview", "report.read"},
    {Method::get, "/reports/national", "report.read"},
    {Method::get, "/api/v1/cases/{id}/plan", "plan.read"},
    {Method::post, "/api/v1/cases/{id}/plan/activities", "plan.edit"},
    {Method::put, "/api/v1/cases/{id}/plan/activities/{activity}", "plan.edit"},
    {Method::post, "/api/v1/cases/{id}/plan/activities/{activity}/reports", "plan.report"},
    {Method::get, "/api/v1/cases/{id}/followup-summary", "plan.read"},
    {Method::get, "/api/v1/knowledge-supports/{id}/indicators", "report.read"},
    {Method::post, "/api/v1/knowledge-supports/{id}/indicators", "indicator.import"},
    {Method::post, "/api/v1/knowledge-supports/{id}/measurements", "indicator.import"},
    {Method::get, "/api/v1/indicators/{id}/series", "report.read"},
    {Method::get, "/api/v1/reports/situation", "report.read"},
    {Method::get, "/api/v1/reports/overview", "report.read"},
    {Method::get, "/api/v1/reports/national", "report.read"},
    // Sign-in (routes_auth.cpp): anyone may sign in and out; CSRF and Origin checks still apply.
    {Method::get, "/login", "public"},
    {Method::post, "/login", "public"},
    {Method::post, "/logout", "public"},
    {Method::get, "/api/v1/me", "signed_in"},
    {Method::get, "/api/v1/permissions/check", "signed_in"},
    // Audit log (routes_audit.cpp): the whole log for administrators, per case by audit.read's scope.
    {Method::get, "/audit", "audit.read"},
    {Method::get, "/audit/cases/{id}", "audit.read"},
    {Method::get, "/audit.csv", "audit.read"},
    {Method::get, "/api/v1/audit", "audit.read"},
    // Cases (routes_cases.cpp): knowledge supports, documents, cases, tasks, messages, the diary.
    // The services check each action against the object (its region, the task's function).
    {Method::post, "/api/v1/knowledge-supports", "case.register"},
    {Method::get, "/api/v1/knowledge-supports", "signed_in"},
    {Method::get, "/api/v1/knowledge-supports/{id}", "signed_in"},
    {Method::post, "/api/v1/knowledge-supports/{id}/documents", "case.register"},
    {Method::get, "/api/v1/documents/{id}", "signed_in"},
    {Method::post, "/api/v1/cases", "case.register"},
    {Method::get, "/api/v1/cases", "case.read"},
    {Method::get, "/api/v1/cases/{id}", "case.read"},
    {Method::get, "/api/v1/cases/{id}/history", "case.read"},
    {Method::get, "/api/v1/cases/{id}/bpmn", "case.read"},
    {Method::post, "/api/v1/cases/{id}/messages", "case.register"},
    {Method::post, "/api/v1/cases/{id}/documents", "case.register"},
    {Method::get, "/api/v1/tasks", "signed_in"},
    {Method::get, "/api/v1/tasks/{id}", "signed_in"},
    {Method::post, "/api/v1/tasks/{id}/complete", "task.complete"},
    // Who may attach is decided per task (service/task_attachments.hpp): its assignees or case.manage.
    {Method::post, "/api/v1/tasks/{id}/attachments", "signed_in"},
    {Method::get, "/api/v1/diary", "case.read"},
    {Method::get, "/api/v1/notifications", "signed_in"},
};
} // namespace

std::span<const RoutePermission> route_permissions() { return kTable; }

} // namespace ks::http
