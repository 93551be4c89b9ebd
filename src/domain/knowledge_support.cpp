#include "domain/knowledge_support.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "core/clock.hpp"

namespace ks::domain {

namespace {

constexpr KindInfo kKinds[] = {
    {KnowledgeSupportKind::care_programme, "care_programme", "Nationellt vårdprogram"},
    {KnowledgeSupportKind::care_pathway, "care_pathway", "Personcentrerat och sammanhållet vårdförlopp"},
    {KnowledgeSupportKind::guideline, "guideline", "Riktlinje"},
    {KnowledgeSupportKind::recommendation, "recommendation", "Rekommendation"},
    {KnowledgeSupportKind::clinical_support, "clinical_support", "Kliniskt kunskapsstöd"},
    {KnowledgeSupportKind::care_and_support_programme, "care_and_support_programme", "Vård- och insatsprogram"},
    {KnowledgeSupportKind::other, "other", "Annat"},
};

struct StatusInfo {
  NationalStatus status;
  std::string_view key;
  std::string_view label;
};
constexpr StatusInfo kStatuses[] = {
    {NationalStatus::on_consultation, "on_consultation", "På remiss"},
    {NationalStatus::decided, "decided", "Beslutat"},
    {NationalStatus::published, "published", "Publicerat"},
    {NationalStatus::under_revision, "under_revision", "Under revidering"},
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_date(const std::optional<std::string>& s) {
  return s && s->size() == 10 && parse_iso(*s).has_value();
}

} // namespace

std::span<const KindInfo> knowledge_support_kinds() { return kKinds; }

std::string_view to_key(KnowledgeSupportKind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.key;
  return "other";
}
std::string_view label_sv(KnowledgeSupportKind kind) {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.label_sv;
  return "Annat";
}
std::optional<KnowledgeSupportKind> parse_knowledge_support_kind(std::string_view key) {
  for (const auto& k : kKinds)
    if (iequals(k.key, key)) return k.kind;
  return std::nullopt;
}

std::string_view to_key(NationalStatus status) {
  for (const auto& s : kStatuses)
    if (s.status == status) return s.key;
  return "decided";
}
std::string_view label_sv(NationalStatus status) {
  for (const auto& s : kStatuses)
    if (s.status == status) return s.label;
  return "";
}
std::optional<NationalStatus> parse_national_status(std::string_view key) {
  for (const auto& s : kStatuses)
    if (iequals(s.key, key)) return s.status;
  return std::nullopt;
}

Status check_knowledge_support(const KnowledgeSupportInput& in) {
  auto blank = std::all_of(in.title.begin(), in.title.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (in.title.empty() || blank) return fail(Error::invalid("titel saknas", "title"));
  if (in.title.size() > 300) return fail(Error::invalid("titeln får vara högst 300 tecken", "title"));
  if (in.consultation_from && !is_date(in.consultation_from))
    return fail(Error::invalid("datum ska skrivas ÅÅÅÅ-MM-DD: " + *in.consultation_from, "consultation_from"));
  if (in.consultation_to && !is_date(in.consultation_to))
    return fail(Error::invalid("datum ska skrivas ÅÅÅÅ-MM-DD: " + *in.consultation_to, "consultation_to"));
  if (in.national_status == NationalStatus::on_consultation) {
    if (!in.consultation_from) return fail(Error::invalid("remissperiodens början saknas", "consultation_from"));
    if (!in.consultation_to) return fail(Error::invalid("sista svarsdag för remissen saknas", "consultation_to"));
  }
  if (in.consultation_from && in.consultation_to && *in.consultation_to < *in.consultation_from)
    return fail(Error::invalid("remissperioden slutar före sin början", "consultation_to"));
  return {};
}

std::string_view media_type(DocumentType type) {
  return type == DocumentType::pdf ? "application/pdf"
                                   : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
}

namespace {

std::uint32_t le16(std::string_view s, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8;
}

// True when a ZIP local file header or central directory entry names word/document.xml.
bool zip_has_word_document(std::string_view s) {
  constexpr std::string_view wanted = "word/document.xml";
  // Central directory entries: PK\1\2, name length at +28, name at +46.
  for (std::size_t at = s.find("PK\x01\x02"); at != std::string_view::npos; at = s.find("PK\x01\x02", at + 4)) {
    if (at + 46 > s.size()) break;
    std::size_t len = le16(s, at + 28);
    if (at + 46 + len <= s.size() && s.substr(at + 46, len) == wanted) return true;
  }
  // Local file headers: PK\3\4, name length at +26, name at +30.
  for (std::size_t at = s.find("PK\x03\x04"); at != std::string_view::npos; at = s.find("PK\x03\x04", at + 4)) {
    if (at + 30 > s.size()) break;
    std::size_t len = le16(s, at + 26);
    if (at + 30 + len <= s.size() && s.substr(at + 30, len) == wanted) return true;
  }
  return false;
}

} // namespace

std::optional<DocumentType> detect_document_type(std::string_view content) {
  if (content.starts_with("%PDF-")) return DocumentType::pdf;
  if (content.starts_with(std::string_view("PK\x03\x04", 4)) && zip_has_word_document(content)) return DocumentType::docx;
  return std::nullopt;
}

Result<DocumentType> check_document(std::string_view filename, std::string_view content, std::int64_t max_bytes) {
  if (filename.empty() || filename.size() > 255 || filename.find_first_of("/\\") != std::string_view::npos ||
      filename.find('\0') != std::string_view::npos)
    return fail(Error::invalid("ogiltigt filnamn", "filename"));
  if (content.empty()) return fail(Error::invalid("filen är tom", "content"));
  if (static_cast<std::int64_t>(content.size()) > max_bytes)
    return fail(Error{ErrorCode::too_large, "filen är större än " + std::to_string(max_bytes) + " byte", "content"});
  auto type = detect_document_type(content);
  if (!type) return fail(Error::invalid("endast PDF- och Word-dokument (DOCX) kan lagras", "content"));
  return *type;
}

std::string_view to_key(DiaryDirection d) { return d == DiaryDirection::in ? "in" : "out"; }
std::optional<DiaryDirection> parse_diary_direction(std::string_view key) {
  if (iequals(key, "in")) return DiaryDirection::in;
  if (iequals(key, "out")) return DiaryDirection::out;
  return std::nullopt;
}

std::string format_diary_number(std::string_view prefix, int year, std::int64_t seq) {
  char buf[64];
  std::snprintf(buf, sizeof buf, " %04d/%05lld", year, static_cast<long long>(seq));
  return std::string(prefix) + buf;
}

std::string default_diary_prefix(std::string_view region_id) {
  std::string_view code = region_id;
  if (code.starts_with("region-")) code.remove_prefix(7);
  return "R" + std::string(code);
}

std::string phase_of_step(std::string_view step) {
  if (step.empty()) return "";
  if (step.front() == 'R') return step == "R5" ? "followup" : "region_internal";
  bool dalarna = step.front() == 'D';
  std::string_view digits = dalarna ? step.substr(1) : step;
  int n = 0;
  std::size_t i = 0;
  for (; i < digits.size() && std::isdigit(static_cast<unsigned char>(digits[i])); ++i) n = n * 10 + (digits[i] - '0');
  if (i == 0) return "";
  if (dalarna) {
    if (n <= 3) return "preparation";
    if (n <= 6) return "analysis";
    if (n <= 9) return "implementation";
    return "followup";
  }
  if (n <= 7) return "consultation";
  if (n <= 9) return "national_decision";
  if (n <= 16) return "local_handling";
  if (n <= 22) return "analysis";
  if (n <= 25) return "decision";
  if (n <= 32) return "implementation";
  return "followup";
}

std::string_view phase_label_sv(std::string_view phase) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kLabels{{
      {"consultation", "Remiss"},
      {"national_decision", "Nationellt beslut"},
      {"local_handling", "Lokalt omhändertagande"},
      {"analysis", "Analys"},
      {"decision", "Beslut"},
      {"implementation", "Implementering"},
      {"followup", "Uppföljning"},
      {"region_internal", "Regionintern hantering"},
      {"preparation", "Beredning"},
      {"completed", "Avslutat"},
  }};
  for (const auto& [k, v] : kLabels)
    if (k == phase) return v;
  return phase;
}

} // namespace ks::domain
