// Attachments on tasks through real HTTP on both backends (issue 5): POST
// /api/v1/tasks/{id}/attachments (multipart "file" + "description") as an assignee of the task or
// someone who manages the case → 201 with the document id and its diary number, listed on the task;
// anyone else — another municipality's contact, a reader of the case — is refused and nothing is
// stored; content that is not a PDF/DOCX is 422 naming "file"; the browser form
// POST /tasks/{id}/attachments follows the same rule and the task page offers it only then.
#include <gtest/gtest.h>

#include "auth_browser.hpp"
#include "case_api_fixture.hpp"

namespace ks::test {
namespace {

using nlohmann::json;

constexpr const char* kPdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

class TaskAttachments : public CaseApiFixture {
protected:
  void SetUp() override {
    CaseApiFixture::SetUp();
    case_id = start_case(token("samordnare"));
    ASSERT_GT(case_id, 0);
    // Step 3 (the coordinator) and step 4 (the LPO chair): Sundsvall and Timrå are consulted.
    complete(token("samordnare"), open_task("3"), {{"answer_due", "2027-01-31"}});
    complete(token("lpo-ordf"), open_task("4"),
             {{"concerns", "municipalities"},
              {"concerned_municipalities", {"municipality-2281", "municipality-2262"}},
              {"assessment_motivation", "Berör kommunal hälso- och sjukvård."}});
    sundsvall_task = open_task("5", "municipality-2281");
    lpo_task = open_task("5", "vn-lpo-psykisk-halsa");
    ASSERT_GT(sundsvall_task, 0);
    ASSERT_GT(lpo_task, 0);
  }

  // The open task of the case at `step` (for `scope` when given), from GET /api/v1/cases/{id}.
  std::int64_t open_task(const std::string& step, const std::string& scope = "") {
    auto k = get(token("samordnare"), "/api/v1/cases/" + std::to_string(case_id));
    for (const auto& t : k.at("current_steps"))
      if (t.at("step") == step && (scope.empty() || t.at("scope_unit") == scope)) return t.at("id").get<std::int64_t>();
    ADD_FAILURE() << "no open task at step " << step << " " << scope << ": " << k.at("current_steps").dump();
    return 0;
  }

  void complete(const std::string& who, std::int64_t task, const json& values) {
    auto t = get(who, "/api/v1/tasks/" + std::to_string(task));
    auto r = post(who, "/api/v1/tasks/" + std::to_string(task) + "/complete", {{"values", values}, {"version", t.at("version")}});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }

  httplib::Result attach(const std::string& who, std::int64_t task, const std::string& filename,
                         const std::string& content, const std::string& description = "") {
    httplib::MultipartFormDataItems items{{"file", content, filename, "application/pdf"}};
    if (!description.empty()) items.push_back({"description", description, "", ""});
    return post_multipart(who, "/api/v1/tasks/" + std::to_string(task) + "/attachments", items);
  }

  // How many documents and diary entries are stored, to show that a refusal stored nothing.
  std::pair<std::int64_t, std::int64_t> stored() {
    auto n = server->db().read([](store::Connection& c) -> Result<std::pair<std::int64_t, std::int64_t>> {
      auto d = KS_TRY(c.row("SELECT COUNT(*) FROM documents"));
      auto e = KS_TRY(c.row("SELECT COUNT(*) FROM diary_entries"));
      return std::pair{d->integer(0), e->integer(0)};
    });
    EXPECT_TRUE(n) << n.error().describe();
    return n.value_or(std::pair{-1, -1});
  }

  std::int64_t denied(const std::string& user, std::int64_t task) {
    auto n = server->db().read([&](store::Connection& c) -> Result<std::int64_t> {
      auto r = KS_TRY(c.row("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied' AND action = 'task.attach' "
                            "AND username = ? AND object_id = ?",
                            user, std::to_string(task)));
      return r ? r->integer(0) : 0;
    });
    return n.value_or(-1);
  }

  std::int64_t case_id = 0;
  std::int64_t sundsvall_task = 0; // Step 5, contact@municipality-2281.
  std::int64_t lpo_task = 0;       // Step 5, the LPO's answer.
};

TEST_F(TaskAttachments, AnAssigneeAttachesARegisteredDocumentListedOnTheTask) {
  const auto contact = token("kontakt-2281");
  auto r = attach(contact, sundsvall_task, "underlag.pdf", kPdf, "Sundsvalls underlag till remissvaret");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const auto added = json::parse(r->body);
  const auto document_id = added.at("document_id").get<std::int64_t>();
  const auto number = added.at("diary_number").get<std::string>();
  EXPECT_TRUE(number.starts_with("RVN 2026/")) << number;

  // Listed on the task, with its bytes as sent.
  auto task = get(contact, "/api/v1/tasks/" + std::to_string(sundsvall_task));
  EXPECT_EQ(task.at("may_attach"), true);
  ASSERT_EQ(task.at("documents").size(), 1u) << task.dump();
  EXPECT_EQ(task.at("documents").at(0).at("id"), document_id);
  EXPECT_EQ(task.at("documents").at(0).at("filename"), "underlag.pdf");
  EXPECT_EQ(task.at("documents").at(0).at("task_id"), sundsvall_task);
  auto bytes = get_raw(contact, "/api/v1/documents/" + std::to_string(document_id));
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->body, kPdf);

  // Registered in the region's diary as incoming from the person who attached it, on this case.
  auto diary = get(token("samordnare"), "/api/v1/diary?region_id=region-22&case_id=" + std::to_string(case_id));
  json entry;
  for (const auto& e : diary.at("entries"))
    if (e.at("number") == number) entry = e;
  ASSERT_TRUE(entry.is_object()) << diary.dump();
  EXPECT_EQ(entry.at("direction"), "in");
  EXPECT_EQ(entry.at("document_id"), document_id);
  EXPECT_EQ(entry.at("case_id"), case_id);
  EXPECT_EQ(entry.at("description"), "Sundsvalls underlag till remissvaret");
  EXPECT_EQ(entry.at("created_by"), "kontakt-2281");
  // ...and in the case's history at the task's step.
  auto history = get(contact, "/api/v1/cases/" + std::to_string(case_id) + "/history");
  bool in_history = false;
  for (const auto& e : history.at("history"))
    if (e.at("kind") == "diary_registered" && e.at("step") == "5" && e.at("data").at("number") == number) in_history = true;
  EXPECT_TRUE(in_history) << history.dump();

  // The region's coordinator manages the case and may add to the municipality's task as well.
  auto by_coordinator = attach(token("samordnare"), sundsvall_task, "komplettering.pdf", kPdf);
  ASSERT_TRUE(by_coordinator);
  EXPECT_EQ(by_coordinator->status, 201) << by_coordinator->body;
  EXPECT_EQ(get(contact, "/api/v1/tasks/" + std::to_string(sundsvall_task)).at("documents").size(), 2u);
}

TEST_F(TaskAttachments, OthersAreRefusedAndNothingIsStored) {
  const auto before = stored();
  // Another municipality's contact, by the task id.
  auto other = attach(token("kontakt-2262"), sundsvall_task, "intrang.pdf", kPdf);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 403) << other->body;
  EXPECT_EQ(denied("kontakt-2262", sundsvall_task), 1);
  // The LPO chair may read the case but does not work on Sundsvall's answer.
  auto chair = attach(token("lpo-ordf"), sundsvall_task, "intrang.pdf", kPdf);
  ASSERT_TRUE(chair);
  EXPECT_EQ(chair->status, 403) << chair->body;
  // Sundsvall's contact may read the LPO's task, but not add to it.
  const auto contact = token("kontakt-2281");
  auto task = get(contact, "/api/v1/tasks/" + std::to_string(lpo_task));
  EXPECT_EQ(task.at("may_attach"), false);
  auto reader = attach(contact, lpo_task, "intrang.pdf", kPdf);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->status, 403) << reader->body;
  EXPECT_EQ(stored(), before);
  EXPECT_EQ(get(token("samordnare"), "/api/v1/tasks/" + std::to_string(sundsvall_task)).at("documents").size(), 0u);
}

TEST_F(TaskAttachments, ContentThatIsNotItsTypeIsRefusedNamingTheField) {
  const auto before = stored();
  const auto contact = token("kontakt-2281");
  auto fake = attach(contact, sundsvall_task, "svar.pdf", "Detta är ingen PDF, bara text.");
  ASSERT_TRUE(fake);
  EXPECT_EQ(fake->status, 422) << fake->body;
  EXPECT_EQ(json::parse(fake->body).at("error").at("field"), "file");
  // A ZIP without a Word document is no DOCX either, whatever its name says.
  auto zip = attach(contact, sundsvall_task, "svar.docx", std::string("PK\x03\x04", 4) + "not a word document");
  ASSERT_TRUE(zip);
  EXPECT_EQ(zip->status, 422) << zip->body;
  EXPECT_EQ(json::parse(zip->body).at("error").at("field"), "file");
  // No file at all.
  auto none = post_multipart(contact, "/api/v1/tasks/" + std::to_string(sundsvall_task) + "/attachments",
                             {{"description", "utan fil", "", ""}});
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 422) << none->body;
  EXPECT_EQ(json::parse(none->body).at("error").at("field"), "file");
  EXPECT_EQ(stored(), before);
}

TEST_F(TaskAttachments, AClosedTaskTakesNoAttachment) {
  const auto contact = token("kontakt-2281");
  complete(contact, sundsvall_task,
           {{"views", "Inga invändningar."}, {"prepared_in", "network_with_vc"}, {"answered_by", "MAS"}});
  const auto before = stored();
  auto late = attach(contact, sundsvall_task, "sent.pdf", kPdf);
  ASSERT_TRUE(late);
  EXPECT_EQ(late->status, 409) << late->body;
  EXPECT_EQ(stored(), before);
  EXPECT_EQ(get(contact, "/api/v1/tasks/" + std::to_string(sundsvall_task)).at("may_attach"), false);
}

// The browser form: offered and accepted for the assignee; not offered, and refused, for a reader.
TEST_F(TaskAttachments, TheTaskPageFormFollowsTheSameRule) {
  Browser b(*server);
  ASSERT_TRUE(b.login("kontakt-2281", std::string(service::kDemoPassword)));
  auto form_post = [&](std::int64_t task) {
    auto c = server->client();
    httplib::Headers h{{"Cookie", "ks_session=" + b.cookie}, {"Origin", server->url()}};
    httplib::MultipartFormDataItems items{{"csrf_token", b.csrf_token, "", ""},
                                          {"file", kPdf, "protokoll.pdf", "application/pdf"},
                                          {"description", "Protokoll från nätverksträffen", "", ""}};
    return c.Post("/tasks/" + std::to_string(task) + "/attachments", h, items);
  };

  // Whether the task page offers the form (the page itself must be readable).
  auto offers_form = [&](std::int64_t task) {
    auto page = b.get("/tasks/" + std::to_string(task));
    EXPECT_TRUE(page && page->status == 200) << task;
    return page && page->body.find("attach-form") != std::string::npos;
  };

  EXPECT_TRUE(offers_form(sundsvall_task));
  auto sent = form_post(sundsvall_task);
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->status, 303) << sent->body;
  EXPECT_TRUE(sent->get_header_value("Location").starts_with("/tasks/" + std::to_string(sundsvall_task) + "?flash="));
  EXPECT_NE(b.get("/tasks/" + std::to_string(sundsvall_task))->body.find("protokoll.pdf"), std::string::npos);
  EXPECT_EQ(get(token("samordnare"), "/api/v1/tasks/" + std::to_string(sundsvall_task)).at("documents").size(), 1u);

  // The LPO's task: readable, but no form, and a forged post is refused with nothing stored.
  const auto before = stored();
  EXPECT_FALSE(offers_form(lpo_task));
  auto forged = form_post(lpo_task);
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403) << forged->body;
  EXPECT_EQ(stored(), before);
}

} // namespace
} // namespace ks::test
