# ks_layer(NAME DEPS...): a static library from every .cpp under src/NAME (tests excluded),
# named ks_NAME, linking only the layers and libraries it declares.
function(ks_layer name)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER sources EXCLUDE REGEX "_test\\.cpp$")
  add_library(ks_${name} STATIC ${sources})
  target_include_directories(ks_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(ks_${name} PUBLIC ${ARGN})
endfunction()

# ks_embed(TARGET DIR NAMESPACE): compiles every file under DIR into TARGET as a byte array,
# reachable through ks::<namespace>::find_embedded(path). Used for migrations, templates,
# static assets and shipped processes/data, so the binary needs nothing from the source tree.
function(ks_embed target dir ns)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS ${dir}/*)
  list(FILTER files EXCLUDE REGEX "/(README\\.md|\\.gitkeep)$")
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ns}.cpp)
  # A file removed from `dir` leaves every remaining dependency older than `out`, so the removed
  # file stayed embedded. The glob re-runs (CONFIGURE_DEPENDS) when files come or go: when the
  # list differs from the last one, `out` is removed here, and the build makes it anew.
  set(listing ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ns}.files)
  string(REPLACE ";" "\n" names "${files}")
  set(previous "")
  if(EXISTS ${listing})
    file(READ ${listing} previous)
  endif()
  if(NOT previous STREQUAL "${names}\n")
    file(WRITE ${listing} "${names}\n")
    file(REMOVE ${out})
  endif()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DDIR=${dir} -DOUT=${out} -DNS=${ns}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed.cmake
    COMMENT "Embedding ${dir}")
  target_sources(${target} PRIVATE ${out})
endfunction()
