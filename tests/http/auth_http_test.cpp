// Sign-in, sessions and CSRF through real HTTP on both backends (issue 6's "done when"): a forged
// cross-site POST is refused; a session id set before sign-in is not the one after; ten bad
// passwords throttle the account; an expired session is refused; logout ends the session.
#include <gtest/gtest.h>

#include "http/auth.hpp"
#include "http/routes.hpp"
#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "support/http_support.hpp"
#include "http/auth_browser.hpp"

namespace ks::test {
namespace {

const std::string kPassword(service::kDemoPassword);

std::int64_t denied_events(TestServer& server) {
  auto n = server.db().read([](store::Connection& c) -> Result<std::int64_t> {
    auto r = KS_TRY(c.row("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied'"));
    return r ? r->integer(0) : 0;
  });
  return n.value_or(-1);
}

TEST(AuthHttp, LoginPageWorksWithoutJavascriptAndListsDemoAccountsOnlyInDemoMode) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Browser b(server);
  auto res = b.get("/login");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("<form method=\"post\" action=\"/login\""), std::string::npos);
  EXPECT_NE(res->body.find("<label for=\"login-username\">"), std::string::npos);
  EXPECT_NE(res->body.find("kontakt-2281"), std::string::npos);
  EXPECT_NE(res->body.find(kPassword), std::string::npos);
  auto en = b.get("/login?lang=en");
  EXPECT_NE(en->body.find("Sign in"), std::string::npos);

  TestServer production(TestServerOptions{.demo = false});
  ASSERT_TRUE(production.ok());
  Browser p(production);
  auto page = p.get("/login");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body.find(kPassword), std::string::npos);
  EXPECT_EQ(page->body.find("samordnare"), std::string::npos);
}

TEST(AuthHttp, SignInSetsAHardenedCookieAndSignsTheLayoutIn) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  auto c = server.client();
  auto res = c.Post("/login", {{"Origin", server.url()}},
                    httplib::Params{{"username", "samordnare"}, {"password", kPassword}, {"next", "/structure"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/structure");
  const auto cookie = res->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain http: " << cookie;
  Browser b(server);
  ASSERT_TRUE(b.login("samordnare", kPassword));
  auto home = b.get("/");
  EXPECT_NE(home->body.find("Sara Samordnare"), std::string::npos);
  EXPECT_FALSE(b.csrf_token.empty());
}

TEST(AuthHttp, BehindHttpsTheCookieIsSecureWithTheHostPrefix) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  server.config().public_url = "https://ks.example.se";
  auto c = server.client();
  auto res = c.Post("/login", {{"Origin", "https://ks.example.se"}},
                    httplib::Params{{"username", "samordnare"}, {"password", kPassword}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 303) << res->body;
  const auto cookie = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("__Host-ks_session=")) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  // And the Origin must be the public URL, not whatever Host the request names.
  auto forged = c.Post("/login", {{"Origin", server.url()}}, httplib::Params{{"username", "samordnare"}, {"password", kPassword}});
  EXPECT_EQ(forged->status, 403);
}

TEST(AuthHttp, ASessionIdSetBeforeSignInIsNotTheOneAfter) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Browser b(server);
  ASSERT_TRUE(b.login("samordnare", kPassword));
  const auto planted = b.cookie; // A valid session id an attacker could have planted...
  ASSERT_TRUE(b.login("kontakt-2281", kPassword));
  EXPECT_FALSE(b.cookie.empty());
  EXPECT_NE(b.cookie, planted);
  // ...and the planted one no longer works.
  Browser attacker(server);
  attacker.cookie = planted;
  auto me = attacker.get("/api/v1/me");
  EXPECT_EQ(me->status, 401);
  // An invented id is never adopted either.
  Browser c(server);
  c.cookie = "00112233445566778899aabbccddeeff";
  ASSERT_TRUE(c.login("samordnare", kPassword));
  EXPECT_NE(c.cookie, "00112233445566778899aabbccddeeff");
}

TEST(AuthHttp, ForgedCrossSitePostIsRefused) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Browser b(server);
  ASSERT_TRUE(b.login("samordnare", kPassword));
  const auto before = denied_events(server);
  // From another site, even with the right token (it cannot read it, but suppose it could).
  b.origin = "https://evil.example";
  auto cross = b.post("/logout", {});
  ASSERT_TRUE(cross);
  EXPECT_EQ(cross->status, 403);
  // Same site but no token (a form on an injected page).
  b.origin.clear();
  auto no_token = b.post("/logout", {}, {}, false);
  EXPECT_EQ(no_token->status, 403);
  auto wrong_token = b.post("/logout", {{"csrf_token", "0000"}});
  EXPECT_EQ(wrong_token->status, 403);
  // Neither Origin nor Referer with a session cookie.
  auto c = server.client();
  auto bare = c.Post("/logout", {{"Cookie", "ks_session=" + b.cookie}}, httplib::Params{{"csrf_token", b.csrf_token}});
  EXPECT_EQ(bare->status, 403);
  // Each refusal is audited.
  EXPECT_EQ(denied_events(server), before + 4);
  // Still signed in: none of them logged us out.
  EXPECT_EQ(b.get("/api/v1/me")->status, 200);
  // A same-site POST with the token (header form, as a script would send) works.
  auto ok = b.post("/logout", {}, {{"X-CSRF-Token", b.csrf_token}}, false);
  EXPECT_EQ(ok->status, 303);
}

TEST(AuthHttp, LoginCsrfFromAnotherSiteIsRefused) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  auto c = server.client();
  auto res = c.Post("/login", {{"Origin", "https://evil.example"}},
                    httplib::Params{{"username", "samordnare"}, {"password", kPassword}});
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
  auto referer = c.Post("/login", {{"Referer", server.url() + "/login"}},
                        httplib::Params{{"username", "samordnare"}, {"password", kPassword}});
  EXPECT_EQ(referer->status, 303);
}

TEST(AuthHttp, TenBadPasswordsThrottleTheAccount) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Browser b(server);
  for (int i = 0; i < 10; ++i) {
    auto res = b.post("/login", {{"username", "kontakt-2281"}, {"password", "wrong-" + std::to_string(i)}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << i;
    EXPECT_NE(res->body.find("role=\"alert\""), std::string::npos);
  }
  auto res = b.post("/login", {{"username", "kontakt-2281"}, {"password", kPassword}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_NE(res->body.find("minuter"), std::string::npos);
  EXPECT_TRUE(b.cookie.empty());
  server.clock().advance_ms(16 * 60 * 1000);
  EXPECT_TRUE(b.login("kontakt-2281", kPassword));
}

TEST(AuthHttp, ExpiredSessionIsRefused) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Browser b(server);
  ASSERT_TRUE(b.login("admin", kPassword));
  EXPECT_EQ(b.get("/audit")->status, 200);
  server.clock().advance_ms(31 * 60 * 1000);
  auto page = b.get("/audit");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 303);
  // (httplib decodes Location; the server sends /login?next=%2Faudit.)
  EXPECT_EQ(page->get_header_value("Location"), "/login?next=/audit");
  auto api = b.get("/api/v1/audit");
  EXPECT_EQ(api->status, 401);
  EXPECT_NE(api->body.find("unauthenticated"), std::string::npos);
}

TEST(AuthHttp, LogoutEndsTheSessionOnTheServer) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Browser b(server);
  ASSERT_TRUE(b.login("samordnare", kPassword));
  const auto old = b.cookie;
  auto res = b.post("/logout", {});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_TRUE(b.cookie.empty()); // Cleared in the browser...
  Browser replay(server);
  replay.cookie = old;
  EXPECT_EQ(replay.get("/api/v1/me")->status, 401); // ...and gone on the server.
}

TEST(AuthHttp, UnauthenticatedBrowserIsSentToLoginAndBackAfterwards) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Browser b(server);
  auto res = b.get("/audit?outcome=denied");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/login?next=/audit?outcome=denied"); // Decoded by httplib.
  auto login = b.post("/login", {{"username", "admin"}, {"password", kPassword}, {"next", "/audit?outcome=denied"}});
  EXPECT_EQ(login->get_header_value("Location"), "/audit?outcome=denied");
  // Only local targets.
  auto evil = b.post("/login", {{"username", "admin"}, {"password", kPassword}, {"next", "//evil.example/x"}});
  EXPECT_EQ(evil->get_header_value("Location"), "/");
}

std::int64_t anonymous_refusals(TestServer& server) {
  auto n = server.db().read([](store::Connection& c) -> Result<std::int64_t> {
    auto r = KS_TRY(c.row("SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND outcome = 'failed' "
                          "AND detail = 'not signed in'"));
    return r ? r->integer(0) : 0;
  });
  return n.value_or(-1);
}

TEST(AuthHttp, AnonymousApiCallsAndChangesAreRefusedAndAudited) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  auto c = server.client();
  const auto before = anonymous_refusals(server);
  auto api = c.Get("/api/v1/cases");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
  auto change = c.Post("/api/v1/knowledge-supports", R"({"title":"x"})", "application/json");
  ASSERT_TRUE(change);
  EXPECT_EQ(change->status, 401);
  auto form = c.Post("/tasks/1", {{"Origin", server.url()}}, httplib::Params{{"x", "1"}});
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 303); // A form sent after the session expired: to the sign-in form.
  EXPECT_EQ(form->get_header_value("Location"), "/login?next=/");
  EXPECT_EQ(anonymous_refusals(server), before + 3);
  // Opening a page before signing in is the way to the sign-in form, not a refusal to record.
  auto page = c.Get("/inbox");
  EXPECT_EQ(page->status, 303);
  EXPECT_EQ(anonymous_refusals(server), before + 3);
  // The refusals are part of the hash chain.
  auto verified = service::verify_audit(server.db());
  ASSERT_TRUE(verified) << verified.error().describe();
  EXPECT_TRUE(verified->ok) << verified->reason;
}

TEST(AuthHttp, ApiTokensAuthenticateWithoutCookiesAndCanBeRevoked) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  service::Context ctx{server.db(), server.clock(), server.config()};
  auto t = service::create_token(ctx, service::command_line_actor(), "admin", "test");
  ASSERT_TRUE(t);
  auto c = server.client();
  c.set_bearer_token_auth(t->token);
  auto me = c.Get("/api/v1/me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_NE(me->body.find("\"via_token\":true"), std::string::npos);
  // Bearer requests are exempt from CSRF (no cookie to ride on): a POST without Origin is fine.
  auto post = c.Post("/logout", "", "application/x-www-form-urlencoded");
  EXPECT_EQ(post->status, 303);
  ASSERT_TRUE(service::revoke_token(ctx, service::command_line_actor(), t->id));
  EXPECT_EQ(c.Get("/api/v1/me")->status, 401);
  auto bogus = server.client();
  bogus.set_bearer_token_auth("ks_0000");
  EXPECT_EQ(bogus.Get("/api/v1/me")->status, 401);
}

TEST(AuthHttp, AuditViewsForAdministratorsAndCsvExport) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  Browser admin(server);
  ASSERT_TRUE(admin.login("admin", kPassword));
  Browser coordinator(server);
  ASSERT_TRUE(coordinator.login("samordnare", kPassword));
  EXPECT_EQ(coordinator.get("/audit")->status, 403);
  auto page = admin.get("/audit?action=auth.login");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("samordnare"), std::string::npos);
  auto csv = admin.get("/audit.csv?outcome=denied");
  ASSERT_EQ(csv->status, 200);
  EXPECT_TRUE(csv->get_header_value("Content-Type").starts_with("text/csv"));
  EXPECT_TRUE(csv->body.starts_with("seq,at,username,"));
  EXPECT_NE(csv->body.find("audit.read"), std::string::npos) << csv->body; // The coordinator's refusal.
  auto api = admin.get("/api/v1/audit?limit=5");
  ASSERT_EQ(api->status, 200);
  auto j = nlohmann::json::parse(api->body);
  EXPECT_LE(j["events"].size(), 5u);
  // Secrets never reach the log: no password, session id or CSRF token in any row.
  auto all = admin.get("/audit.csv?limit=10000");
  EXPECT_EQ(all->body.find(kPassword), std::string::npos);
  EXPECT_EQ(all->body.find(admin.cookie), std::string::npos);
  EXPECT_EQ(all->body.find(coordinator.cookie), std::string::npos);
  EXPECT_EQ(all->body.find(admin.csrf_token), std::string::npos);
}

} // namespace
} // namespace ks::test
