// Knowledge support (kunskapsstöd) as KS records it: its kind, its national status, the documents
// that come with it (PDF, DOCX, recognised by their content) and the diary that registers every
// incoming and outgoing document. Pure: keys for storage and the API, Swedish labels for pages.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ks::domain {

enum class KnowledgeSupportKind {
  care_programme,          // nationellt vårdprogram
  care_pathway,            // personcentrerat och sammanhållet vårdförlopp
  guideline,               // riktlinje
  recommendation,          // rekommendation
  clinical_support,        // kliniskt kunskapsstöd
  care_and_support_programme, // vård- och insatsprogram
  other,
};

enum class NationalStatus {
  on_consultation, // på remiss (with consultation dates)
  decided,         // beslutat
  published,       // publicerat
  under_revision,  // under revidering
};

struct KindInfo {
  KnowledgeSupportKind kind;
  std::string_view key;      // "care_pathway": stored and used in the API.
  std::string_view label_sv; // "Personcentrerat och sammanhållet vårdförlopp".
};
std::span<const KindInfo> knowledge_support_kinds();
std::string_view to_key(KnowledgeSupportKind kind);
std::string_view label_sv(KnowledgeSupportKind kind);
// Accepts the key, case-insensitively; nullopt for anything else.
std::optional<KnowledgeSupportKind> parse_knowledge_support_kind(std::string_view key);

std::string_view to_key(NationalStatus status);
std::string_view label_sv(NationalStatus status);
std::optional<NationalStatus> parse_national_status(std::string_view key);

// A knowledge support as entered. The consultation dates ("YYYY-MM-DD") belong to the status
// on_consultation; other statuses may keep them as history.
struct KnowledgeSupportInput {
  std::string title;
  KnowledgeSupportKind kind = KnowledgeSupportKind::other;
  std::optional<std::string> owner_unit_id; // The NPO or NAG that owns it.
  std::string version;
  NationalStatus national_status = NationalStatus::on_consultation;
  std::optional<std::string> consultation_from;
  std::optional<std::string> consultation_to;
  std::string summary;
};

// Checks the rules that need no database: a title (1–300 characters), dates of the form
// YYYY-MM-DD, from <= to, and consultation dates present when the status is on_consultation.
// Errors: invalid_input naming the field (title, consultation_from, consultation_to).
Status check_knowledge_support(const KnowledgeSupportInput& input);

enum class DocumentType { pdf, docx };
std::string_view media_type(DocumentType type); // "application/pdf", the DOCX media type.
// Recognises a document by its bytes, never by its name: "%PDF-" at the start, or a ZIP archive
// (PK\3\4) that has an entry named word/document.xml. nullopt for anything else.
std::optional<DocumentType> detect_document_type(std::string_view content);
// Checks an upload: not empty, at most max_bytes (too_large), a PDF or DOCX by content
// (invalid_input, field "content"), a file name without path separators (invalid_input,
// field "filename"). Returns the type.
Result<DocumentType> check_document(std::string_view filename, std::string_view content, std::int64_t max_bytes);

enum class DiaryDirection { in, out };
std::string_view to_key(DiaryDirection d);
std::optional<DiaryDirection> parse_diary_direction(std::string_view key);

// "RVN 2026/00042": the region's prefix, the year and the sequence number padded to five digits.
std::string format_diary_number(std::string_view prefix, int year, std::int64_t seq);
// The prefix for a region without one configured: "R" and the county code ("region-07" → "R07").
std::string default_diary_prefix(std::string_view region_id);

// The phase of a case for lists and overviews, from the ks:step of where it stands (the lowest
// open step): Västernorrland's numbered steps by the source routine's sections (1–7
// consultation, 8–9 national_decision, 10–16 local_handling, 17–22 analysis, 23–25 decision,
// 26–32 implementation, 33 followup), region-only "R…" steps region_internal (R5 followup),
// Dalarna's "D…" steps (D1–D3 preparation, D4–D6 analysis, D7–D9 implementation, D10 followup).
// Empty for a step it does not know.
std::string phase_of_step(std::string_view step);
// Swedish label of a phase key ("consultation" → "Remiss"); the key itself when unknown.
std::string_view phase_label_sv(std::string_view phase);

} // namespace ks::domain
