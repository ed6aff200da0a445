# Golden findings: `extract-errors --format json` on a sample must print exactly the committed
# tests/golden/findings/<file>.json (every field: names, messages, sources, guidance, context), and
# print the same again on the sample's sanitized copies (sanitize-trace --key <golden key>, with
# default options and with every optional replacement).
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

# The default sanitizing, and the one that also replaces personal data and state and keeps JWT
# claims: the finder prints the same whatever the sanitizer was asked to replace.
foreach(variant default all-options)
  set(flags "")
  if(variant STREQUAL "all-options")
    set(flags --redact-pii --redact-state --keep-jwt-claims)
  endif()
  set(clean_dir "${WORK}/sanitized-${variant}")
  file(MAKE_DIRECTORY "${clean_dir}")
  file(REMOVE "${clean_dir}/${name}")
  execute_process(COMMAND "${SANITIZE}" -q --key "${KEY}" ${flags} ${password_args} "${INPUT}" -o "${clean_dir}/${name}"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sanitize-trace ${flags} failed on ${INPUT} (${rc}): ${err}")
  endif()
  findings_of("${clean_dir}" sanitized)
  if(NOT sanitized STREQUAL expected)
    file(WRITE "${WORK}/${name}.sanitized-${variant}.json" "${sanitized}")
    message(FATAL_ERROR "findings of the sanitized (${variant}) copy of ${INPUT} differ from ${EXPECTED}; "
                        "actual output: ${WORK}/${name}.sanitized-${variant}.json")
  endif()
endforeach()
string(JSON count LENGTH "${expected}")
message(STATUS "${name}: ${count} findings as expected, identical after sanitizing")
