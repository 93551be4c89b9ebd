# Browser test of plans and indicators (issue 7): Playwright (npm playwright-core) with Debian's
# chromium against a fresh `ks serve` on SQLite. Skipped when node or chromium is missing.
find_program(KS_NODE node)
if(KS_NODE AND EXISTS /usr/bin/chromium)
  add_test(NAME e2e.followup
           COMMAND ${KS_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/followup.mjs $<TARGET_FILE:ks> ${CMAKE_CURRENT_SOURCE_DIR}/fixtures
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(e2e.followup PROPERTIES TIMEOUT 600 LABELS e2e RESOURCE_LOCK chromium)
endif()
