# Command-line behaviour of `ks` (a shell script driving the real binary), on SQLite and PostgreSQL.
add_test(NAME cli.basics COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_test.sh $<TARGET_FILE:ks>
         "postgresql://postgres@/postgres?host=${KS_PG_DIR}/socket")
set_tests_properties(cli.basics PROPERTIES FIXTURES_REQUIRED postgres RESOURCE_LOCK postgres TIMEOUT 300)
