# Command-line behaviour of `ks` (a shell script driving the real binary), on SQLite and PostgreSQL.
add_test(NAME cli.basics COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_test.sh $<TARGET_FILE:ks>
         "postgresql://postgres@/postgres?host=${KS_PG_DIR}/socket")
set_tests_properties(cli.basics PROPERTIES FIXTURES_REQUIRED postgres RESOURCE_LOCK postgres TIMEOUT 300)
# The yearly follow-up timer with two real `ks serve` processes on one PostgreSQL (issue 7).
add_test(NAME cli.timer_two_serve COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/cli/timer_two_serve_test.py $<TARGET_FILE:ks>
         ${KS_PG_DIR}/socket)
set_tests_properties(cli.timer_two_serve PROPERTIES FIXTURES_REQUIRED postgres RESOURCE_LOCK postgres TIMEOUT 300)
