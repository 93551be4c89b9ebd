# `ks user`, `ks token` and `ks audit verify` on the real binary, SQLite and PostgreSQL (issue 6).
add_test(NAME cli.auth COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/auth_cli_test.sh $<TARGET_FILE:ks> ${KS_PG_DIR}/socket)
set_tests_properties(cli.auth PROPERTIES FIXTURES_REQUIRED postgres RESOURCE_LOCK postgres TIMEOUT 300)
