# Renders an HTML report in headless Chromium and checks that the rendered DOM shows what a reader
# needs: the flow, the marked failing step and the findings. Prints "SKIPPED:" (the test is then
# reported as skipped) only when Chromium is not installed or cannot start here.
# -DEXTRACT=path -DCHROMIUM=path-or-empty -DINPUT=trace -DWORK=dir -DEXPECT="a|b|c"
cmake_minimum_required(VERSION 3.25)
if(NOT CHROMIUM)
  message("SKIPPED: chromium is not installed (scripts/setup-deps.sh installs it)")
  return()
endif()
file(MAKE_DIRECTORY "${WORK}")
get_filename_component(name "${INPUT}" NAME_WE)
set(report "${WORK}/${name}.chromium.html")
execute_process(COMMAND "${EXTRACT}" -q --format html -o "${report}" "${INPUT}" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "extract-errors --format html failed (${rc}): ${err}")
endif()
# A profile of its own: parallel runs must not share one. No network is needed or allowed: the
# page fetches nothing.
execute_process(COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions
                        --user-data-dir=${WORK}/${name}.profile --dump-dom "file://${report}"
                TIMEOUT 120 RESULT_VARIABLE rc OUTPUT_VARIABLE dom ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR dom STREQUAL "")
  message("SKIPPED: chromium could not render here (${rc}): ${err}")
  return()
endif()
string(REPLACE "|" ";" wanted "${EXPECT}")
foreach(w ${wanted})
  string(FIND "${dom}" "${w}" at)
  if(at EQUAL -1)
    file(WRITE "${WORK}/${name}.dom.html" "${dom}")
    message(FATAL_ERROR "the rendered DOM lacks \"${w}\"; DOM: ${WORK}/${name}.dom.html")
  endif()
endforeach()
message(STATUS "${name}: rendered, flow, failing step and findings present")
