// View models for the case-work pages (routes_case_pages.cpp, routes_task_pages.cpp,
// routes_ks_pages.cpp): the service layer's records as template contexts, with Swedish dates,
// readable assignees and step names from the routine's process map.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/request.hpp"
#include "service/case_service.hpp"
#include "service/knowledge_support_service.hpp"
#include "service/task_service.hpp"
#include "store/process_store.hpp"
#include "web/process_map.hpp"

namespace ks::http {

// "2026-11-23" of an instant (UTC date).
std::string date_of(Instant t);
// "2026-11-23 14:05" (UTC).
std::string date_time_of(Instant t);

// The process map of a case's routine (the shipped BPMN); nullopt for an unknown routine.
std::optional<web::ProcessMap> routine_map(const std::string& routine);
// The process map of the deployed definition a case is pinned to (service/case_process.hpp),
// cached by definition id (a deployed row never changes); nullopt when its XML has no such process.
std::optional<web::ProcessMap> definition_map(const store::processes::Definition& definition);
// The cached map of definition row `definition_id` when definition_map() has read it before.
std::optional<std::optional<web::ProcessMap>> cached_definition_map(std::int64_t definition_id);
// The BPMN XML of a shipped routine, nullopt when unknown.
std::optional<std::string_view> routine_xml(const std::string& routine);
// Form field key → label over every shipped form, for showing variables readably.
const std::map<std::string, std::string>& field_labels();
// The step's name in the routine, "" when unknown.
std::string element_name(const std::optional<web::ProcessMap>& map, const std::string& element);

// A task line: id, step, name, due, overdue, assignees ("Lena Ordförande (Ordförande, LPO …)"),
// the unit it is for (a municipality at step 5), case id and diary number.
nlohmann::json task_view(const service::TaskView& view, const std::optional<web::ProcessMap>& map,
                         std::string_view lang);

nlohmann::json ks_view(const store::knowledge_supports::KnowledgeSupport& ks);
nlohmann::json document_view(const store::documents::DocumentInfo& d);
nlohmann::json diary_view(const store::diary::Entry& e);
nlohmann::json case_view(const store::cases::Case& c);

// A list shown `size` items a page: page `page` (from 1) of `pages`, its first item at `offset`.
struct PageOf {
  std::int64_t page = 1;
  std::int64_t pages = 1;
  std::size_t offset = 0;
};
// Page `wanted` (from 1) of a list of `total` items, `size` a page; a page past the last is the
// last, and an empty list has one page.
PageOf page_of(std::int64_t wanted, std::int64_t total, std::int64_t size);
// The page asked for by ?page=N: 1 when not given; invalid input naming "page" below 1 or for what
// is not a whole number. A number past any list's last page is capped (page_of shows the last).
Result<std::int64_t> page_param(const Request& req);

// The pager of a list shown a page at a time, for partials/page_links.mustache (a partial's name
// is a name in the template's data, so not "pager"): `label_key` names the navigation ("Sidor i
// ärendelistan"), `current` says where the reader is ("Sida 2 av 5"), prev/next link the
// neighbouring pages (addresses made by `at`), and first/last number the items shown ("51–100";
// numbers as the language writes them, "4 951").
// null when the list has one page.
nlohmann::json pager_view(std::string_view lang, std::string_view label_key, const PageOf& p, std::size_t items_shown,
                          const std::function<std::string(std::int64_t)>& at);

// A case variable as readable text: lists joined, objects as "key: value" lines. A unit id among
// `unit_names` is shown by name: "LAG Depression (vn-lag-depression)" alone, the name in a list.
std::string readable_value(const nlohmann::json& v, const std::map<std::string, std::string>& unit_names = {});

} // namespace ks::http
