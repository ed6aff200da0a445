# One golden case: sanitize INPUT with the fixed key and compare with EXPECTED byte for byte;
# then --check must find nothing in the output and something in the input.
#   cmake -DTOOL=… -DINPUT=… -DEXPECTED=… -DOUT=… -DKEY=… [-DFLAGS="--redact-pii …"] -P RunGolden.cmake
foreach(var TOOL INPUT EXPECTED OUT KEY)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "RunGolden.cmake: ${var} is not set")
  endif()
endforeach()

separate_arguments(flags UNIX_COMMAND "${FLAGS}")
execute_process(COMMAND "${TOOL}" "${INPUT}" -o "${OUT}" --key "${KEY}" -q ${flags}
  RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sanitize-trace failed (${rc}): ${err}")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUT}" "${EXPECTED}" RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "${OUT} differs from ${EXPECTED}; if the change is intended run scripts/update-golden.sh and review the diff")
endif()

execute_process(COMMAND "${TOOL}" --check "${OUT}" -q RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "--check found leaks in the sanitized output (${rc}):\n${out}")
endif()

execute_process(COMMAND "${TOOL}" --check "${INPUT}" -q RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "--check on the original should exit 1, got ${rc}")
endif()
# Every line is FILE: entry N: LOCATION: KIND, and no line repeats a value: lines are short.
string(REGEX MATCHALL "[^\n]+" lines "${out}")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^.+: entry [0-9]+: .+: [A-Za-z0-9_]+$")
    message(FATAL_ERROR "--check line not in the documented format: ${line}")
  endif()
endforeach()

# Sanitizing is idempotent: the output sanitized again (same key) is byte-identical.
execute_process(COMMAND "${TOOL}" "${OUT}" -o "${OUT}.again" --key "${KEY}" -q RESULT_VARIABLE rc)
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUT}" "${OUT}.again" RESULT_VARIABLE same)
if(NOT rc EQUAL 0 OR NOT same EQUAL 0)
  message(FATAL_ERROR "sanitizing ${OUT} again changed it")
endif()
