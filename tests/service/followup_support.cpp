#include "followup_support.hpp"

#include <cstdio>
#include <fstream>
#include <unistd.h>

#include <gtest/gtest.h>

#include "store/case_store.hpp"
#include "store/knowledge_support_store.hpp"
#include "store/process_store.hpp"
#include "support/db_support.hpp"

namespace ks::test {

bool FollowupFixture::open() {
  db = open_test_database();
  if (!db) return false;
  ctx = std::make_unique<service::Context>(service::Context{*db, clock, config});
  return true;
}

service::Actor FollowupFixture::admin() {
  service::Actor a;
  a.account_id = 1;
  a.username = "admin";
  a.admin_account = true;
  return a;
}

service::Actor FollowupFixture::holder(std::string function, std::string unit_id) {
  service::Actor a;
  a.account_id = 2;
  a.username = function + "-" + unit_id;
  store::structure::Holding h;
  h.function = std::move(function);
  h.unit.id = unit_id;
  h.unit.kind = unit_id.starts_with("region-")         ? domain::UnitKind::region
                : unit_id.starts_with("municipality-") ? domain::UnitKind::municipality
                                                       : domain::UnitKind::lpo;
  a.functions.push_back(std::move(h));
  return a;
}

std::int64_t FollowupFixture::add_support(const std::string& title, const std::string& owner) {
  domain::KnowledgeSupportInput in;
  in.title = title;
  in.kind = domain::KnowledgeSupportKind::care_programme;
  in.national_status = domain::NationalStatus::decided;
  if (!owner.empty()) in.owner_unit_id = owner;
  auto id = db->write([&](store::Connection& c) { return store::knowledge_supports::insert(c, in, "t", clock.now()); });
  EXPECT_TRUE(id) << id.error().describe();
  return id.value_or(0);
}

std::int64_t FollowupFixture::add_case(std::int64_t support_id, const std::string& region_id, nlohmann::json vars,
                                       const std::string& status, const std::string& phase) {
  auto id = db->write([&](store::Connection& c) -> Result<std::int64_t> {
    auto defs = KS_TRY(store::processes::latest_definitions(c));
    std::int64_t def = 0;
    for (const auto& d : defs)
      if (d.process_id == "followup-test") def = d.id;
    if (def == 0) def = KS_TRY(store::processes::deploy_definition(c, "followup-test", "t.bpmn", "<definitions/>", clock.now())).definition.id;
    nlohmann::json state = {{"vars", vars}};
    store::cases::NewCase n{support_id, region_id, "followup-test", def, status, phase, state.dump(), "t"};
    return store::cases::insert(c, n, clock.now());
  });
  EXPECT_TRUE(id) << id.error().describe();
  return id.value_or(0);
}

void FollowupFixture::add_unit(const std::string& id, const std::string& kind, const std::string& name,
                               const std::string& code) {
  auto s = db->write([&](store::Connection& c) -> Status {
    KS_TRY(c.exec("INSERT INTO units (id, kind, name, name_folded, code, county, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", id,
                  kind, name, name, code.empty() ? store::Value() : store::Value(code), store::Value("22"), clock.now().ms));
    return {};
  });
  EXPECT_TRUE(s) << s.error().describe();
}

std::string unzip_entry(const std::string& xlsx_bytes, const std::string& entry) {
  char path[] = "/tmp/ks-test-xlsx-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return {};
  ::close(fd);
  { std::ofstream(path, std::ios::binary) << xlsx_bytes; }
  std::string out;
  if (FILE* p = popen(("unzip -p " + std::string(path) + " " + entry).c_str(), "r")) {
    char buf[4096];
    std::size_t n = 0;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  std::remove(path);
  return out;
}

} // namespace ks::test
