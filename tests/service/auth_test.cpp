// Accounts and sessions on both backends: Argon2id hashes, new session tokens at every sign-in,
// idle and absolute expiry on the injected clock, throttling per account and per address that
// holds in the database, API tokens stored hashed and revocable.
#include "service/auth.hpp"

#include <gtest/gtest.h>

#include "service/accounts.hpp"
#include "store/account_store.hpp"
#include "support/auth_world.hpp"

namespace ks::service {
namespace {

class Auth : public ::testing::Test {
protected:
  void SetUp() override { ASSERT_TRUE(world.open()); }

  Result<NewSession> login(const std::string& user, const std::string& password, const std::string& addr = "192.0.2.1") {
    return login_with_password(*world.ctx, user, password, Origin{addr, "req"});
  }
  std::optional<SessionState> resume(const std::string& token) {
    auto r = resume_session(*world.ctx, token, Origin{"192.0.2.1", "req"});
    EXPECT_TRUE(r) << r.error().describe();
    return r.value_or(std::nullopt);
  }

  test::AuthWorld world;
  const std::string demo{kDemoPassword};
};

TEST_F(Auth, PasswordsAreStoredAsArgon2id) {
  auto row = world.db->read([](store::Connection& c) { return c.row("SELECT password_hash FROM accounts WHERE username = 'samordnare'"); });
  ASSERT_TRUE(row && *row);
  EXPECT_TRUE((*row)->text(0).starts_with("$argon2id$")) << (*row)->text(0);
}

TEST_F(Auth, LoginGivesANewSessionEachTime) {
  auto a = login("samordnare", demo);
  ASSERT_TRUE(a) << a.error().describe();
  auto b = login("samordnare", demo);
  ASSERT_TRUE(b);
  EXPECT_EQ(a->token.size(), 32u); // 128 bits, hex.
  EXPECT_NE(a->token, b->token);
  EXPECT_NE(a->csrf_token, b->csrf_token);
  EXPECT_EQ(a->actor.person_id, "samordnare");
  ASSERT_TRUE(resume(a->token));
  // The token itself is not stored: only its SHA-256.
  auto n = world.db->read([&](store::Connection& c) { return c.row("SELECT COUNT(*) FROM sessions WHERE id_hash = ?", a->token); });
  ASSERT_TRUE(n && *n);
  EXPECT_EQ((*n)->integer(0), 0);
}

TEST_F(Auth, WrongPasswordUnknownUserAndDisabledAccountLookAlike) {
  auto wrong = login("samordnare", "not-the-password");
  auto unknown = login("nobody-here", demo);
  ASSERT_TRUE(set_user_disabled(*world.ctx, command_line_actor(), "registrator", true));
  auto disabled = login("registrator", demo);
  for (const auto* r : {&wrong, &unknown, &disabled}) {
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().code, ErrorCode::unauthenticated);
    EXPECT_EQ(r->error().message, wrong.error().message);
  }
}

TEST_F(Auth, IdleSessionExpiresAfterThirtyMinutes) {
  auto s = login("samordnare", demo);
  ASSERT_TRUE(s);
  world.clock.advance_ms(29 * 60 * 1000);
  ASSERT_TRUE(resume(s->token)); // Activity restarts the idle timer.
  world.clock.advance_ms(29 * 60 * 1000);
  ASSERT_TRUE(resume(s->token));
  world.clock.advance_ms(31 * 60 * 1000);
  EXPECT_FALSE(resume(s->token));
  // And it is gone on the server, not only refused.
  world.clock.advance_ms(-40 * 60 * 1000);
  EXPECT_FALSE(resume(s->token));
}

TEST_F(Auth, SessionEndsAfterTwelveHoursWhateverTheActivity) {
  auto s = login("samordnare", demo);
  ASSERT_TRUE(s);
  for (int i = 0; i < 12 * 3; ++i) {
    world.clock.advance_ms(20 * 60 * 1000);
    if (i < 12 * 3 - 1) {
      ASSERT_TRUE(resume(s->token)) << "after " << (i + 1) * 20 << " minutes";
    }
  }
  world.clock.advance_ms(1000);
  EXPECT_FALSE(resume(s->token));
}

TEST_F(Auth, LogoutEndsTheSessionOnTheServer) {
  auto s = login("samordnare", demo);
  ASSERT_TRUE(s);
  ASSERT_TRUE(logout(*world.ctx, s->token, Origin{"192.0.2.1", "r"}));
  EXPECT_FALSE(resume(s->token));
}

TEST_F(Auth, TenBadPasswordsThrottleTheAccount) {
  for (int i = 0; i < 10; ++i) {
    auto r = login("samordnare", "wrong-" + std::to_string(i), "192.0.2." + std::to_string(10 + i));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::unauthenticated) << i;
  }
  // Now even the right password, from yet another address, is refused for a while.
  auto r = login("samordnare", demo, "198.51.100.1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::rate_limited);
  EXPECT_NE(r.error().message.find("15 minuter"), std::string::npos) << r.error().message;
  // Other accounts are not affected.
  EXPECT_TRUE(login("registrator", demo, "198.51.100.1"));
  // The window passes.
  world.clock.advance_ms(15 * 60 * 1000 + 1);
  EXPECT_TRUE(login("samordnare", demo, "198.51.100.1"));
}

TEST_F(Auth, ManyFailuresFromOneAddressThrottleTheAddress) {
  // Most failures recorded directly (each real attempt costs an Argon2id check), the last for real.
  ASSERT_TRUE(world.db->write([&](store::Connection& c) -> Status {
    for (int i = 0; i + 1 < static_cast<int>(kMaxFailuresPerAddress); ++i)
      KS_TRY(store::accounts::record_failure(c, "address", "203.0.113.9", world.clock.now()));
    return {};
  }));
  ASSERT_FALSE(login("user-x", "wrong", "203.0.113.9"));
  auto r = login("samordnare", demo, "203.0.113.9");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::rate_limited);
  EXPECT_TRUE(login("samordnare", demo, "203.0.113.10"));
}

TEST_F(Auth, ThrottlingHoldsAcrossProcessesBecauseItIsInTheDatabase) {
  for (int i = 0; i < 10; ++i) ASSERT_FALSE(login("kfvn", "wrong"));
  // A second server process: a new Context on the same database.
  Context other{*world.db, world.clock, world.config};
  auto r = login_with_password(other, "kfvn", demo, Origin{"192.0.2.99", "r"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::rate_limited);
}

TEST_F(Auth, ApiTokensAreStoredHashedAndRevocable) {
  auto t = create_token(*world.ctx, command_line_actor(), "samordnare", "diary");
  ASSERT_TRUE(t) << t.error().describe();
  EXPECT_TRUE(t->token.starts_with("ks_"));
  EXPECT_EQ(t->token.size(), 3u + 64u);
  auto a = authenticate_token(*world.ctx, t->token, Origin{"192.0.2.1", "r"});
  ASSERT_TRUE(a && *a);
  EXPECT_EQ((*a)->person_id, "samordnare");
  EXPECT_TRUE((*a)->via_token);
  auto stored = world.db->read([&](store::Connection& c) { return c.row("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", t->token); });
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->integer(0), 0);
  ASSERT_TRUE(revoke_token(*world.ctx, command_line_actor(), t->id));
  auto after = authenticate_token(*world.ctx, t->token, Origin{"192.0.2.1", "r"});
  ASSERT_TRUE(after);
  EXPECT_FALSE(*after);
  EXPECT_FALSE(revoke_token(*world.ctx, command_line_actor(), t->id));
}

TEST_F(Auth, DisablingEndsSessionsAndTokens) {
  auto s = login("kfvn", demo);
  ASSERT_TRUE(s);
  auto t = create_token(*world.ctx, command_line_actor(), "kfvn", "");
  ASSERT_TRUE(t);
  ASSERT_TRUE(set_user_disabled(*world.ctx, command_line_actor(), "kfvn", true));
  EXPECT_FALSE(resume(s->token));
  auto a = authenticate_token(*world.ctx, t->token, Origin{});
  ASSERT_TRUE(a);
  EXPECT_FALSE(*a);
}

TEST_F(Auth, AddUserChecksItsInput) {
  auto ok = add_user(*world.ctx, command_line_actor(), "ny.person", "samordnare", "a-long-password", false);
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_TRUE(login("ny.person", "a-long-password"));
  EXPECT_EQ(add_user(*world.ctx, command_line_actor(), "ny.person", "samordnare", "a-long-password", false).error().code,
            ErrorCode::conflict);
  EXPECT_EQ(add_user(*world.ctx, command_line_actor(), "x", "no-such-person", "a-long-password", false).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(add_user(*world.ctx, command_line_actor(), "Bad Name", "samordnare", "a-long-password", false).error().code,
            ErrorCode::invalid_input);
  EXPECT_EQ(add_user(*world.ctx, command_line_actor(), "y", "samordnare", "short", false).error().code,
            ErrorCode::invalid_input);
  ASSERT_TRUE(reset_password(*world.ctx, command_line_actor(), "ny.person", "another-long-one"));
  EXPECT_FALSE(login("ny.person", "a-long-password"));
  EXPECT_TRUE(login("ny.person", "another-long-one"));
}

} // namespace
} // namespace ks::service
