#include "service/consultation_answer.hpp"

#include "service/case_service.hpp"
#include "service/pdf_text.hpp"

namespace ks::service {

namespace {

using nlohmann::json;

std::string text_of(const json& vars, const char* key) {
  auto it = vars.find(key);
  if (it == vars.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// "municipality-2281" → its name from the municipality options the case started with.
std::string unit_label(const json& vars, const std::string& id) {
  for (const char* key : {"municipality_options", "principal_options"}) {
    auto it = vars.find(key);
    if (it == vars.end() || !it->is_array()) continue;
    for (const auto& o : *it)
      if (o.is_object() && o.value("value", "") == id) return o.value("label", id);
  }
  return id;
}

} // namespace

Result<AddedDocument> produce_consultation_answer(Context& ctx, const Actor& actor, std::int64_t case_id) {
  auto d = KS_TRY(case_detail(ctx, actor, case_id));
  const json& vars = d.variables;
  std::vector<std::string> paragraphs;
  paragraphs.push_back("Kunskapsstöd: " + d.knowledge_support.fields.title +
                       (d.knowledge_support.fields.version.empty() ? "" : " (version " + d.knowledge_support.fields.version + ")"));
  paragraphs.push_back("Ärende: " + d.record.diary_number + ". Avsändare: " + d.record.fields.region_id +
                       " tillsammans med länets kommuner. Mottagare: SKR.");
  if (auto a = text_of(vars, "consultation_answer"); !a.empty()) paragraphs.push_back("Samlat remissvar\n" + a);
  if (auto a = text_of(vars, "lpo_answer"); !a.empty()) paragraphs.push_back("Programområdets (LPO:s) sakkunniga\n" + a);
  if (auto a = text_of(vars, "municipal_answer"); !a.empty()) paragraphs.push_back("Kommunernas synpunkter, sammanställda av KFVN\n" + a);
  if (auto it = vars.find("municipality_answers"); it != vars.end() && it->is_array()) {
    for (const auto& answer : *it) {
      if (!answer.is_object()) continue;
      std::string who = unit_label(vars, answer.value("municipality", ""));
      paragraphs.push_back(who + "\n" + text_of(answer, "views") +
                           (answer.contains("prepared_in") ? "\nBeredd i: " + text_of(answer, "prepared_in") : ""));
    }
  }
  AddDocument in;
  in.owner.case_id = case_id;
  in.file.filename = "formellt-remissvar-" + std::to_string(case_id) + ".pdf";
  in.file.content = text_pdf("Formellt remissvar till SKR", paragraphs);
  in.diary.region_id = d.record.fields.region_id;
  in.diary.direction = domain::DiaryDirection::out;
  in.diary.counterpart = "SKR";
  in.diary.description = "Formellt remissvar till SKR: " + d.knowledge_support.fields.title;
  return add_document(ctx, actor, in);
}

} // namespace ks::service
