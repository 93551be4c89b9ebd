// JSON shapes of the case API (issue 5): knowledge supports, documents, diary entries, cases,
// tasks and history as /api/v1 returns them (documented in openapi/cases.json), and the base64
// used for documents in JSON bodies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "service/case_service.hpp"
#include "service/task_service.hpp"

namespace ks::http {

nlohmann::json knowledge_support_json(const store::knowledge_supports::KnowledgeSupport& k);
nlohmann::json document_json(const store::documents::DocumentInfo& d);
nlohmann::json diary_entry_json(const store::diary::Entry& e);
nlohmann::json case_summary_json(const store::cases::Case& k);
// A task with `step`, `version`, `due`, `overdue` and its assignees (who has it today).
nlohmann::json task_json(const service::TaskView& v);
nlohmann::json case_detail_json(const service::CaseDetail& d);
nlohmann::json history_json(const store::history::Event& e);

// Standard base64 (RFC 4648, padding optional, whitespace ignored); invalid_input naming `field`.
Result<std::string> decode_base64(std::string_view text, std::string_view field);

// The request body as a JSON object; invalid_input ("body") when it is not one.
Result<nlohmann::json> json_object_body(std::string_view body);

} // namespace ks::http
