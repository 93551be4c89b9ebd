// Use cases on knowledge supports, their documents and the diary (issue 5). Each runs in one
// transaction with its permission check (service/permissions.hpp) and its audit record
// (service/audit_sink.hpp); a document is always stored together with its diary entry.
//
// Permissions: registering a knowledge support or a document is case.register in the region whose
// diary receives it (without a region: case.register somewhere); reading knowledge supports needs
// a signed-in actor; the diary and case documents are case.read in their region.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/knowledge_support.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/diary_store.hpp"
#include "store/document_store.hpp"
#include "store/knowledge_support_store.hpp"

namespace ks::service {

// A file as uploaded: its name and bytes (the type is decided by the content).
struct Upload {
  std::string filename;
  std::string content;
};

// A diary registration of a document: where and how it is registered.
struct DiaryRegistration {
  std::string region_id;                                 // Whose diary.
  domain::DiaryDirection direction = domain::DiaryDirection::in;
  std::string counterpart;                               // Sender (in) or recipient (out).
  std::string description;                               // Defaults to the file name.
};

struct RegisterKnowledgeSupport {
  domain::KnowledgeSupportInput fields;
  std::optional<Upload> document;
  // Required with a document: the diary that registers it (direction in, counterpart default
  // "SKR").
  std::optional<DiaryRegistration> diary;
};

struct RegisteredKnowledgeSupport {
  std::int64_t id = 0;
  std::optional<std::int64_t> document_id;
  std::optional<std::string> diary_number;
};

// Stores the knowledge support and, with a document, the document and its incoming diary entry,
// all in one transaction. Errors: invalid_input naming the field (title, kind, owner_unit_id for
// an unknown unit or one that is not an NPO or NAG, consultation dates, "diary.region_id",
// "content" for a file that is not PDF/DOCX); too_large over config.max_upload_bytes;
// unauthenticated/forbidden.
Result<RegisteredKnowledgeSupport> register_knowledge_support(Context& ctx, const Actor& actor,
                                                              const RegisterKnowledgeSupport& in);

Result<std::vector<store::knowledge_supports::KnowledgeSupport>> search_knowledge_supports(
    Context& ctx, const Actor& actor, const store::knowledge_supports::Query& query);

struct KnowledgeSupportDetail {
  store::knowledge_supports::KnowledgeSupport support;
  std::vector<store::documents::DocumentInfo> documents;
};
// not_found for an unknown id.
Result<KnowledgeSupportDetail> knowledge_support_detail(Context& ctx, const Actor& actor, std::int64_t id);

struct AddDocument {
  store::documents::Owner owner; // A knowledge support or a case (with optionally a task).
  Upload file;
  DiaryRegistration diary;       // region_id defaults to the case's region.
};
struct AddedDocument {
  std::int64_t document_id = 0;
  std::string diary_number;
};
// Stores a document with its diary entry. not_found for an unknown knowledge support or case;
// invalid_input/too_large for the file as register_knowledge_support.
Result<AddedDocument> add_document(Context& ctx, const Actor& actor, const AddDocument& in);

struct DocumentContent {
  store::documents::DocumentInfo info;
  std::string content;
};
// The document and its bytes; not_found for an unknown id.
Result<DocumentContent> document_content(Context& ctx, const Actor& actor, std::int64_t id);

// Diary entries (query as store::diary::Query); needs case.read in the query's region, or only
// returns the regions the actor may read when no region is given.
Result<std::vector<store::diary::Entry>> list_diary(Context& ctx, const Actor& actor, const store::diary::Query& query);

// Stores a checked upload and its diary entry in the caller's transaction (shared by the use cases
// above and by case operations that bring a document).
struct StoredDocument {
  std::int64_t document_id = 0;
  std::string diary_number;
};
Result<StoredDocument> store_document_with_diary(store::Connection& c, const Context& ctx, const Actor& actor,
                                                 const store::documents::Owner& owner, const Upload& file,
                                                 const DiaryRegistration& diary);

} // namespace ks::service
