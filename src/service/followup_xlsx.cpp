#include "service/followup_xlsx.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <xlsxwriter.h>

#include "domain/indicator.hpp"
#include "domain/knowledge_support.hpp"

namespace ks::service {

namespace {

// A workbook written to a temporary file and read back as bytes.
class Book {
public:
  Book() {
    char path[] = "/tmp/ks-xlsx-XXXXXX";
    const int fd = mkstemp(path);
    if (fd >= 0) {
      ::close(fd);
      m_path = path;
      m_wb = workbook_new(m_path.c_str());
    }
    if (m_wb) {
      m_bold = workbook_add_format(m_wb);
      format_set_bold(m_bold);
    }
  }
  ~Book() {
    if (m_wb) workbook_close(m_wb); // Only when finish() was not reached.
    if (!m_path.empty()) std::remove(m_path.c_str());
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  bool ok() const { return m_wb != nullptr; }

  lxw_worksheet* sheet(const char* name, std::initializer_list<const char*> header) {
    auto* ws = workbook_add_worksheet(m_wb, name);
    lxw_col_t col = 0;
    for (const char* h : header) {
      worksheet_write_string(ws, 0, col, h, m_bold);
      worksheet_set_column(ws, col, col, 18, nullptr);
      ++col;
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
  }
  Result<std::string> finish() {
    const auto err = workbook_close(m_wb);
    m_wb = nullptr;
    if (err != LXW_NO_ERROR) return fail(Error::internal(std::string("cannot write the workbook: ") + lxw_strerror(err)));
    std::ifstream in(m_path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

private:
  std::string m_path;
  lxw_workbook* m_wb = nullptr;
  lxw_format* m_bold = nullptr;
};

void text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& s) {
  if (!s.empty()) worksheet_write_string(ws, r, c, s.c_str(), nullptr);
}

std::string done_of(const ActivityCounts& n) {
  return std::to_string(n.done) + " av " + std::to_string(n.total());
}

} // namespace

Result<std::string> plan_xlsx(const PlanView& plan) {
  Book b;
  if (!b.ok()) return fail(Error::internal("cannot create a temporary workbook"));
  auto* ws = b.sheet("Aktiviteter", {"Aktivitet", "Typ", "Huvudman", "Ansvarig grupp/funktion", "Start", "Slut", "Status",
                                     "Svarar mot (gapanalys)", "Tilldelad", "Tilldelad av", "Försenad"});
  lxw_row_t r = 1;
  for (const auto& a : plan.activities) {
    const auto& f = a.activity.fields;
    text(ws, r, 0, f.title);
    text(ws, r, 1, std::string(domain::label_sv(f.scope)));
    text(ws, r, 2, f.principal_id.value_or(""));
    text(ws, r, 3, f.responsible);
    text(ws, r, 4, f.start_date.value_or(""));
    text(ws, r, 5, f.end_date.value_or(""));
    text(ws, r, 6, std::string(domain::label_sv(f.status)));
    text(ws, r, 7, f.gap_finding);
    text(ws, r, 8, a.activity.assigned_to.value_or(""));
    text(ws, r, 9, a.activity.assigned_by.value_or(""));
    text(ws, r, 10, a.overdue ? "Ja" : "Nej");
    ++r;
  }
  ws = b.sheet("Kommunikation", {"Målgrupp", "Kanal", "När", "Budskap"});
  r = 1;
  for (const auto& cm : plan.communications) {
    text(ws, r, 0, cm.fields.audience);
    text(ws, r, 1, cm.fields.channel);
    text(ws, r, 2, cm.fields.planned_on.value_or(""));
    text(ws, r, 3, cm.fields.message);
    ++r;
  }
  ws = b.sheet("Utfasning", {"Det som upphör", "Ersätts av", "Huvudman", "Senast"});
  r = 1;
  for (const auto& p : plan.phase_outs) {
    text(ws, r, 0, p.fields.practice);
    text(ws, r, 1, p.fields.replaced_by);
    text(ws, r, 2, p.fields.principal_id.value_or("Alla"));
    text(ws, r, 3, p.fields.by_date.value_or(""));
    ++r;
  }
  ws = b.sheet("Förankring", {"Kunskapsstöd", "Ärende", "Förankrad av", "Datum", "Kommentar"});
  text(ws, 1, 0, plan.knowledge_support_title);
  text(ws, 1, 1, plan.case_summary.diary_number.empty() ? std::to_string(plan.case_summary.id) : plan.case_summary.diary_number);
  if (plan.plan) {
    text(ws, 1, 2, plan.plan->anchored_by.value_or("Ej förankrad"));
    text(ws, 1, 3, plan.plan->anchored_on.value_or(""));
    text(ws, 1, 4, plan.plan->anchoring_note);
  }
  return b.finish();
}

Result<std::string> situation_analysis_xlsx(const SituationAnalysis& s) {
  Book b;
  if (!b.ok()) return fail(Error::internal("cannot create a temporary workbook"));
  auto* ws = b.sheet("Kunskapsstöd", {"Kunskapsstöd", "Region", "Fas", "Gemensamma aktiviteter klara",
                                      "Interna aktiviteter per huvudman", "Förankrad i LPO", "Utfasningar", "Försenat"});
  lxw_row_t r = 1;
  for (const auto& sup : s.supports) {
    if (sup.cases.empty()) {
      text(ws, r, 0, sup.title);
      text(ws, r, 2, "Inget ärende");
      ++r;
    }
    for (const auto& k : sup.cases) {
      text(ws, r, 0, sup.title);
      text(ws, r, 1, k.region_name);
      text(ws, r, 2, std::string(domain::phase_label_sv(k.phase)));
      text(ws, r, 3, done_of(k.joint));
      std::string per;
      for (const auto& p : k.principals) per += (per.empty() ? "" : "; ") + p.principal_name + ": " + done_of(p.internal);
      text(ws, r, 4, per);
      text(ws, r, 5, k.anchored ? "Ja" : "Nej");
      worksheet_write_number(ws, r, 6, static_cast<double>(k.phase_outs), nullptr);
      worksheet_write_number(ws, r, 7, static_cast<double>(k.overdue.size()), nullptr);
      ++r;
    }
  }
  ws = b.sheet("Indikatorer", {"Kunskapsstöd", "Indikator", "Huvudman", "Period", "Värde", "Målnivå", "Trend"});
  r = 1;
  for (const auto& sup : s.supports)
    for (const auto& i : sup.indicators)
      for (const auto& ps : i.principals)
        for (std::size_t p = 0; p < ps.values.size(); ++p) {
          text(ws, r, 0, sup.title);
          text(ws, r, 1, i.indicator.fields.name);
          text(ws, r, 2, ps.principal_name);
          text(ws, r, 3, i.periods[p]);
          if (ps.values[p]) worksheet_write_number(ws, r, 4, *ps.values[p], nullptr);
          else worksheet_write_string(ws, r, 4, "saknas", nullptr);
          if (i.indicator.fields.target) worksheet_write_number(ws, r, 5, *i.indicator.fields.target, nullptr);
          text(ws, r, 6, std::string(domain::label_sv(ps.trend.kind)));
          ++r;
        }
  ws = b.sheet("Försenat", {"Kunskapsstöd", "Region", "Vad", "Typ", "Förfallodatum", "Vem"});
  r = 1;
  for (const auto& sup : s.supports)
    for (const auto& k : sup.cases)
      for (const auto& o : k.overdue) {
        text(ws, r, 0, sup.title);
        text(ws, r, 1, k.region_name);
        text(ws, r, 2, o.what);
        text(ws, r, 3, o.kind == "task" ? "Uppgift" : "Aktivitet");
        text(ws, r, 4, o.due);
        text(ws, r, 5, o.assignee);
        ++r;
      }
  return b.finish();
}

} // namespace ks::service
