# The durability test (issue 8): `ks serve` killed with SIGKILL under load and restarted, many
# times; every acknowledged completion must be stored once, with its history event and audit
# record; the audit chain verifies, each case's open-task list is right and every case whose end
# was acknowledged is archived. Short in `make test` (40 s a backend); KS_DURABILITY_SECONDS=600
# ctest -R durability for a long run.
add_executable(ks_durability ${CMAKE_CURRENT_SOURCE_DIR}/durability/durability_main.cpp)
target_link_libraries(ks_durability PRIVATE ks_service PkgConfig::HTTPLIB CLI11::CLI11 fmt::fmt)
add_test(NAME durability.sqlite
         COMMAND ks_durability --ks $<TARGET_FILE:ks> --db sqlite
                 --path ${PROJECT_SOURCE_DIR}/bench/engine/vn-typical-path.json
                 --ending ${CMAKE_CURRENT_SOURCE_DIR}/durability/vn-ends-at-13a.json)
add_test(NAME durability.postgres
         COMMAND ks_durability --ks $<TARGET_FILE:ks> --db "postgresql://postgres@/postgres?host=${KS_PG_DIR}/socket"
                 --path ${PROJECT_SOURCE_DIR}/bench/engine/vn-typical-path.json
                 --ending ${CMAKE_CURRENT_SOURCE_DIR}/durability/vn-ends-at-13a.json)
set_tests_properties(durability.sqlite PROPERTIES TIMEOUT 900 SKIP_RETURN_CODE 77)
set_tests_properties(durability.postgres PROPERTIES FIXTURES_REQUIRED postgres RESOURCE_LOCK postgres TIMEOUT 900 SKIP_RETURN_CODE 77)
