# `ks check-process` on the real binary: the shipped routines are valid (exit 0); broken inputs
# (not XML, an unknown element, a dangling flow, a DOCTYPE) are listed with their line, exit 2.
add_test(NAME cli.check_process COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/check_process_test.sh $<TARGET_FILE:ks>
         ${PROJECT_SOURCE_DIR})
set_tests_properties(cli.check_process PROPERTIES TIMEOUT 60)
