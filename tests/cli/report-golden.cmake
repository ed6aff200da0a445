# Golden HTML reports: `extract-errors --format html` on samples must write exactly the committed
# tests/golden/reports/<name>.html, write the same bytes for copies sanitized with the golden key
# (the report is built from redacted views only), and hold none of the samples' planted secrets
# (samples/secrets.json).
# -DEXTRACT=path -DSANITIZE=path -DINPUTS="a.har|b.har" (in samples/har) -DSAMPLES=dir -DEXPECTED=html
# -DKEY=key -DSECRETS=secrets.json -DWORK=dir  optional: -DUPDATE=ON (rewrite EXPECTED; review the diff)
# -DSIGNINS=../signins/x.json (a sign-in log joined with --signins, relative to SAMPLES; sanitized too)
cmake_minimum_required(VERSION 3.25)
string(REPLACE "|" ";" names "${INPUTS}")
get_filename_component(tag "${EXPECTED}" NAME_WE)
file(MAKE_DIRECTORY "${WORK}")

set(signin_args "")
if(DEFINED SIGNINS)
  set(signin_args --signins "${SIGNINS}")
endif()

# Runs extract-errors in `where` on the relative names, so the report names the same files.
function(report_of where result)
  set(out "${WORK}/${tag}.report.html")
  file(REMOVE "${out}")
  execute_process(COMMAND "${EXTRACT}" -q --format html -o "${out}" ${signin_args} ${names} WORKING_DIRECTORY "${where}"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "extract-errors --format html failed in ${where} (${rc}): ${err}")
  endif()
  file(READ "${out}" html)
  set(${result} "${html}" PARENT_SCOPE)
endfunction()

report_of("${SAMPLES}" original)
if(UPDATE)
  file(WRITE "${EXPECTED}" "${original}")
  message(STATUS "wrote ${EXPECTED}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT original STREQUAL expected)
  file(WRITE "${WORK}/${tag}.actual.html" "${original}")
  message(FATAL_ERROR "the report of ${INPUTS} differs from ${EXPECTED}; actual: ${WORK}/${tag}.actual.html\n"
                      "(after reviewing, configure with -DTRACESAN_UPDATE_GOLDEN_REPORTS=ON and rerun to accept)")
endif()

# No planted secret, as written or as the page would escape it.
file(READ "${SECRETS}" secrets_json)
foreach(name ${names})
  string(JSON count ERROR_VARIABLE missing LENGTH "${secrets_json}" "${name}")
  if(missing OR count EQUAL 0)
    continue()
  endif()
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON secret GET "${secrets_json}" "${name}" ${i})
    string(REPLACE "&" "&amp;" escaped "${secret}")
    string(REPLACE "'" "&#39;" escaped "${escaped}")
    foreach(form "${secret}" "${escaped}")
      string(FIND "${original}" "${form}" at)
      if(NOT at EQUAL -1)
        message(FATAL_ERROR "the report of ${INPUTS} holds a planted secret of ${name} at byte ${at}")
      endif()
    endforeach()
  endforeach()
endforeach()

# Sanitized copies (traces and sign-in log, with the golden key) give the same report.
set(clean_dir "${WORK}/${tag}-sanitized/har")
file(MAKE_DIRECTORY "${clean_dir}")
if(DEFINED SIGNINS)
  get_filename_component(clean_log "${clean_dir}/${SIGNINS}" ABSOLUTE)
  get_filename_component(clean_log_dir "${clean_log}" DIRECTORY)
  file(MAKE_DIRECTORY "${clean_log_dir}")
  file(REMOVE "${clean_log}")
  execute_process(COMMAND "${SANITIZE}" -q --key "${KEY}" "${SAMPLES}/${SIGNINS}" -o "${clean_log}"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sanitize-trace failed on ${SIGNINS} (${rc}): ${err}")
  endif()
endif()
foreach(name ${names})
  file(REMOVE "${clean_dir}/${name}")
  execute_process(COMMAND "${SANITIZE}" -q --key "${KEY}" "${SAMPLES}/${name}" -o "${clean_dir}/${name}"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sanitize-trace failed on ${name} (${rc}): ${err}")
  endif()
endforeach()
report_of("${clean_dir}" sanitized)
if(NOT sanitized STREQUAL expected)
  file(WRITE "${WORK}/${tag}.sanitized.html" "${sanitized}")
  message(FATAL_ERROR "the report of the sanitized copies of ${INPUTS} differs from ${EXPECTED}; "
                      "actual: ${WORK}/${tag}.sanitized.html")
endif()
message(STATUS "${tag}: report as expected, no planted secret, identical after sanitizing")
