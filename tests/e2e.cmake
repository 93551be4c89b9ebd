# Browser tests (tests/e2e/*.mjs): playwright-core drives Debian's chromium against the built
# `ks serve --demo` on a free port with a fresh SQLite file under the build tree; axe-core checks
# every page visited. Needs node and the npm packages (scripts/setup.sh).
find_program(KS_NODE node)
if(KS_NODE AND EXISTS ${PROJECT_SOURCE_DIR}/node_modules/playwright-core)
  add_test(NAME e2e.vasternorrland
           COMMAND ${KS_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/vasternorrland.mjs $<TARGET_FILE:ks>
                   ${PROJECT_BINARY_DIR}/e2e/vasternorrland)
  set_tests_properties(e2e.vasternorrland PROPERTIES TIMEOUT 900 LABELS e2e RESOURCE_LOCK chromium)
else()
  message(STATUS "e2e tests skipped: node or node_modules/playwright-core missing (run scripts/setup.sh)")
endif()
