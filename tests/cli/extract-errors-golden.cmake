# Golden findings: `extract-errors --format json` on a sample must print exactly the committed
# tests/golden/findings/<file>.json (every field: names, messages, sources, guidance, context), and
# print the same again on the sample's sanitized copy (sanitize-trace --key <golden key>).
# -DEXTRACT=path -DSANITIZE=path -DINPUT=trace -DEXPECTED=json -DKEY=key -DWORK=dir
# optional: -DPASSWORD=saz-password  -DUPDATE=ON (rewrite EXPECTED from the original; review the diff)
cmake_minimum_required(VERSION 3.25)
get_filename_component(dir "${INPUT}" DIRECTORY)
get_filename_component(name "${INPUT}" NAME)
set(password_args "")
if(DEFINED PASSWORD)
  set(password_args --password "${PASSWORD}")
endif()

# Runs extract-errors in `where` on the relative file `name`, so "file" is the same on both copies.
function(findings_of where result)
  execute_process(COMMAND "${EXTRACT}" -q --format json ${password_args} "${name}" WORKING_DIRECTORY "${where}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "extract-errors failed on ${where}/${name} (${rc}): ${err}")
  endif()
  set(${result} "${out}" PARENT_SCOPE)
endfunction()

findings_of("${dir}" original)
if(UPDATE)
  file(WRITE "${EXPECTED}" "${original}")
  message(STATUS "wrote ${EXPECTED}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT original STREQUAL expected)
  file(WRITE "${WORK}/${name}.actual.json" "${original}")
  message(FATAL_ERROR "findings of ${INPUT} differ from ${EXPECTED}; actual output: ${WORK}/${name}.actual.json\n"
                      "(after reviewing, rerun with -DUPDATE=ON to accept)")
endif()

set(clean_dir "${WORK}/sanitized")
file(MAKE_DIRECTORY "${clean_dir}")
file(REMOVE "${clean_dir}/${name}")
execute_process(COMMAND "${SANITIZE}" -q --key "${KEY}" ${password_args} "${INPUT}" -o "${clean_dir}/${name}"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sanitize-trace failed on ${INPUT} (${rc}): ${err}")
endif()
findings_of("${clean_dir}" sanitized)
if(NOT sanitized STREQUAL expected)
  file(WRITE "${WORK}/${name}.sanitized.json" "${sanitized}")
  message(FATAL_ERROR "findings of the sanitized copy of ${INPUT} differ from ${EXPECTED}; "
                      "actual output: ${WORK}/${name}.sanitized.json")
endif()
string(JSON count LENGTH "${expected}")
message(STATUS "${name}: ${count} findings as expected, identical after sanitizing")
