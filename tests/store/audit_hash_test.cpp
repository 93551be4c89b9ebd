// The audit chain's hash is the SHA-256 of the JSON array of a row's fields as nlohmann::json
// writes it (issue 6). store::audit::hash_of writes that text itself, without building the array
// (issue 8); here it is held to the array's bytes for every kind of text a field can hold —
// escapes, control characters, Swedish and four-byte characters, and byte strings that are not
// UTF-8 (which nlohmann replaces) — so that every hash already stored still verifies.
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "store/audit_store.hpp"

namespace ks::store::audit {
namespace {

// The definition: what hash_of computed before it wrote the text itself.
std::string hash_by_array(const Row& r) {
  const nlohmann::json content = {r.seq,         r.at.ms,       r.account_id,  r.person_id,  r.username,
                                  r.acting_function, r.action,  r.outcome,     r.object_type, r.object_id,
                                  r.case_id,     r.remote_addr, r.request_id,  r.before_json, r.after_json,
                                  r.detail,      r.prev_hash};
  return crypto::sha256_hex(content.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Row row_with(const std::string& text) {
  Row r;
  r.seq = 42;
  r.at = Instant{1'767'225'600'123};
  r.account_id = 7;
  r.person_id = "p-1";
  r.username = "lpo-ordf";
  r.acting_function = text;
  r.action = "task.complete";
  r.outcome = "ok";
  r.object_type = "task";
  r.object_id = "17";
  r.case_id = "3";
  r.remote_addr = "127.0.0.1";
  r.request_id = "req-1";
  r.before_json = R"({"status":"open","version":1})";
  r.after_json = nlohmann::json{{"values", {{"views", text}}}}.dump(-1, ' ', false,
                                                                      nlohmann::json::error_handler_t::replace);
  r.detail = text;
  r.prev_hash = "ab12";
  return r;
}

TEST(AuditHash, IsTheHashOfTheFieldsAsAJsonArray) {
  const std::vector<std::string> texts = {
      "",
      "plain",
      "Region Västernorrland, Härnösand: åäö ÅÄÖ é ü",
      "quote \" backslash \\ slash / and \"both\\\"",
      std::string("nul \0 inside", 12),
      "\b\f\n\r\t\x01\x1f\x7f",
      "emoji \xF0\x9F\x98\x80 and U+10FFFF \xF4\x8F\xBF\xBF",
      "three-byte edges \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xEF\xBF\xBF",
      "lone continuation \x80",
      "overlong \xC0\x80 and \xE0\x80\x80",
      "surrogate \xED\xA0\x80",
      "above U+10FFFF \xF4\x90\x80\x80",
      "truncated at the end \xE2\x82",
      "\xFF\xFE",
  };
  for (const auto& t : texts) {
    const Row r = row_with(t);
    EXPECT_EQ(hash_of(r), hash_by_array(r)) << "text: " << nlohmann::json(t).dump(-1, ' ', true,
                                                                                  nlohmann::json::error_handler_t::replace);
  }
  Row negative = row_with("x");
  negative.seq = -3;
  negative.account_id = 0;
  negative.at = Instant{-1};
  EXPECT_EQ(hash_of(negative), hash_by_array(negative));
}

TEST(AuditHash, AgreesOnRandomBytes) {
  std::mt19937 random(8);
  // Mostly text-like bytes, with enough high and control bytes to hit every branch.
  std::discrete_distribution<int> kind({60, 10, 10, 10, 10});
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 3000; ++i) {
    std::string t;
    const int n = i % 40;
    for (int k = 0; k < n; ++k) {
      switch (kind(random)) {
      case 0: t += static_cast<char>('a' + byte(random) % 26); break;
      case 1: t += static_cast<char>(byte(random) % 0x20); break;
      case 2: t += "\xC3\xA5"; break; // å
      case 3: t += static_cast<char>(0x80 + byte(random) % 0x80); break;
      default: t += static_cast<char>(byte(random)); break;
      }
    }
    const Row r = row_with(t);
    ASSERT_EQ(hash_of(r), hash_by_array(r)) << "case " << i;
  }
}

TEST(AuditHash, ChangesWithEveryField) {
  const Row base = row_with("views");
  const std::string h = hash_of(base);
  std::vector<Row> changed(17, base);
  changed[0].seq += 1;
  changed[1].at.ms += 1;
  changed[2].account_id += 1;
  changed[3].person_id += "x";
  changed[4].username += "x";
  changed[5].acting_function += "x";
  changed[6].action += "x";
  changed[7].outcome += "x";
  changed[8].object_type += "x";
  changed[9].object_id += "x";
  changed[10].case_id += "x";
  changed[11].remote_addr += "x";
  changed[12].request_id += "x";
  changed[13].before_json += "x";
  changed[14].after_json += "x";
  changed[15].detail += "x";
  changed[16].prev_hash += "x";
  for (std::size_t i = 0; i < changed.size(); ++i) EXPECT_NE(hash_of(changed[i]), h) << "field " << i;
  // A boundary moved between two fields is a different row.
  Row shifted = base;
  shifted.object_type = "tas";
  shifted.object_id = "k17";
  EXPECT_NE(hash_of(shifted), h);
}

} // namespace
} // namespace ks::store::audit
