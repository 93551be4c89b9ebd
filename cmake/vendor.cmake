# Copies the browser builds of the pinned npm packages (package.json, package-lock.json) from
# node_modules into DEST, at build time, so that ks_embed can compile them into the binary and
# /assets/vendor/... serves them. Never a CDN. Fails with a clear message when `npm ci` has not run.
#   cmake -DNODE_MODULES=... -DDEST=... -DFILES="src=dest;src=dest" -P vendor.cmake
string(REPLACE "|" ";" pairs "${FILES}")
foreach(pair ${pairs})
  string(REPLACE "=" ";" parts "${pair}")
  list(GET parts 0 src)
  list(GET parts 1 dst)
  if(NOT EXISTS "${NODE_MODULES}/${src}")
    message(FATAL_ERROR
      "KS: ${NODE_MODULES}/${src} is missing. The web assets (bpmn-js, Chart.js) come from the "
      "pinned npm packages: run scripts/setup.sh (it runs `npm ci` from package-lock.json), then build again.")
  endif()
  get_filename_component(dir "${DEST}/${dst}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  file(COPY_FILE "${NODE_MODULES}/${src}" "${DEST}/${dst}" ONLY_IF_DIFFERENT)
endforeach()
