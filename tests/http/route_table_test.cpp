// Deny by default: every route the server registers has an entry in the permission table, and
// every entry names an action the permission model knows ("public", "signed_in" or one of
// service::all_actions()). Fails when someone adds a route or an action name without the other.
#include <gtest/gtest.h>

#include "http/routes.hpp"
#include "service/permissions.hpp"
#include "support/http_support.hpp"

namespace ks::test {
namespace {

TEST(RouteTable, EveryRegisteredRouteIsInThePermissionTable) {
  TestServer server; // Builds the full router with http::register_all_routes.
  ASSERT_TRUE(server.ok());
  server.get_json("/healthz"); // The harness's server is listening (stopping it earlier can hang).
  store::Database& db = server.db();
  service::Context ctx{db, server.clock(), server.config()};
  http::Server fresh(ctx);
  http::register_all_routes(fresh);
  auto s = fresh.router().verify();
  EXPECT_TRUE(s) << s.error().describe();
  EXPECT_GT(fresh.router().routes().size(), 10u);
  for (const auto& r : fresh.router().routes()) EXPECT_FALSE(r.permission.empty()) << http::to_string(r.method) << " " << r.pattern;
}

TEST(RouteTable, EveryTableEntryNamesAKnownAction) {
  for (const auto& p : http::route_permissions()) {
    const bool known = p.permission == "public" || p.permission == "signed_in" || service::parse_action(p.permission);
    EXPECT_TRUE(known) << http::to_string(p.method) << " " << p.pattern << " → " << p.permission;
  }
}

TEST(RouteTable, AnUnlistedRouteIsRefusedAtStart) {
  TestServer server;
  ASSERT_TRUE(server.ok());
  server.get_json("/healthz"); // The harness's server is listening (stopping it earlier can hang).
  service::Context ctx{server.db(), server.clock(), server.config()};
  http::Server fresh(ctx);
  fresh.router().add(http::Method::get, "/not-in-the-table", [](http::Request&) -> Result<http::Response> {
    return http::Response::text("x", "text/plain");
  });
  auto s = fresh.bind("127.0.0.1", 0);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("/not-in-the-table"), std::string::npos);
}

} // namespace
} // namespace ks::test
