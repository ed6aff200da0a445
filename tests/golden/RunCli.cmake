# The command-line contract of sanitize-trace: exit codes, messages, several inputs, stdin/stdout,
# --in-place, --report, --rules errors, random keys.
#   cmake -DTOOL=… -DSAMPLES=… -DWORK=… -P RunCli.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
file(READ "${CMAKE_CURRENT_LIST_DIR}/golden.key" key)
string(STRIP "${key}" key)
set(sample "${SAMPLES}/har/signin-aadsts50125.har")
set(expected "${SAMPLES}/expected/signin-aadsts50125.sanitized.har")

function(run expect_rc)
  execute_process(COMMAND "${TOOL}" ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expect_rc)
    message(FATAL_ERROR "sanitize-trace ${ARGN}: expected exit ${expect_rc}, got ${rc}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

function(require_match text regex what)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${what}: '${text}' does not match '${regex}'")
  endif()
endfunction()

function(require_same a b what)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${a}" "${b}" RESULT_VARIABLE same)
  if(NOT same EQUAL 0)
    message(FATAL_ERROR "${what}: ${a} differs from ${b}")
  endif()
endfunction()

# --version and --help
run(0 --version)
require_match("${out}" "^sanitize-trace \\(tracesan\\) [0-9]+\\.[0-9]+\\.[0-9]+" "--version")
run(0 --help)
require_match("${out}" "Examples:" "--help shows examples")
require_match("${out}" "Exit codes:" "--help documents exit codes")

# Usage and input errors exit 2 with one "sanitize-trace: …" line
run(2 "${sample}")
require_match("${err}" "^sanitize-trace: an output is required" "missing -o")
run(2 "${WORK}/does-not-exist.har" -o "${WORK}/x.har")
require_match("${err}" "^sanitize-trace: .*does-not-exist.har: cannot open" "missing input")
run(2 "${sample}" -o "${WORK}/x.har" --bogus-flag)
run(2 "${sample}" -o "${sample}")
require_match("${err}" "would overwrite its input" "output = input")
file(WRITE "${WORK}/bad.rules" "# comment\nk\tparam\tfoo\nk\theder\tx\n")
run(2 "${sample}" -o "${WORK}/x.har" --rules "${WORK}/bad.rules")
require_match("${err}" "bad.rules: line 3: unknown target 'heder'" "invalid rules file")
file(WRITE "${WORK}/not-a-trace.har" "hello")
run(2 "${WORK}/not-a-trace.har" -o "${WORK}/x.har")
require_match("${err}" "^sanitize-trace: .*not-a-trace.har: " "not a trace")
if(EXISTS "${WORK}/x.har")
  message(FATAL_ERROR "a failed run left its output behind")
endif()

# Several inputs go to a directory, named after the inputs
run(0 "${sample}" "${SAMPLES}/har/safari-export.har" -o "${WORK}/many" --key "${key}" -q)
require_same("${WORK}/many/signin-aadsts50125.har" "${expected}" "several inputs")
require_same("${WORK}/many/safari-export.har" "${SAMPLES}/expected/safari-export.sanitized.har" "several inputs")

# stdin to stdout
execute_process(COMMAND "${TOOL}" - -o - --key "${key}" -q INPUT_FILE "${sample}" OUTPUT_FILE "${WORK}/stdout.har"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "stdin to stdout failed: ${rc}")
endif()
require_same("${WORK}/stdout.har" "${expected}" "stdin to stdout")

# --in-place replaces the input
file(COPY "${sample}" DESTINATION "${WORK}/inplace")
run(0 "${WORK}/inplace/signin-aadsts50125.har" --in-place --key "${key}" -q)
require_same("${WORK}/inplace/signin-aadsts50125.har" "${expected}" "--in-place")
file(GLOB leftovers "${WORK}/inplace/.*tmp*")
if(leftovers)
  message(FATAL_ERROR "--in-place left temporary files: ${leftovers}")
endif()

# --report: counts and locations, never a value
run(0 "${sample}" -o "${WORK}/r.har" --key "${key}" --report "${WORK}/report.json" -q)
file(READ "${WORK}/report.json" report)
string(JSON total GET "${report}" total)
if(total LESS 10)
  message(FATAL_ERROR "--report: total ${total} is too small")
endif()
string(JSON first GET "${report}" redactions 0 location)
require_match("${first}" "^(request|response)\\." "--report locations")
file(READ "${SAMPLES}/secrets.json" secrets)
string(JSON count LENGTH "${secrets}" signin-aadsts50125.har)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON secret GET "${secrets}" signin-aadsts50125.har ${i})
  string(FIND "${report}" "${secret}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "--report contains a secret value")
  endif()
endforeach()

# --check prints leaks on stdout and exits 1; a clean file exits 0
run(1 --check "${sample}" -q)
require_match("${out}" "signin-aadsts50125.har: entry 1: request.header.[Cc]ookie.ESTSAUTHPERSISTENT: ests_session" "--check line")
run(0 --check "${expected}")
require_match("${err}" "no secrets found" "--check summary")

# Without --key every run draws a new key
run(0 "${sample}" -o "${WORK}/k1.har" -q)
run(0 "${sample}" -o "${WORK}/k2.har" -q)
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${WORK}/k1.har" "${WORK}/k2.har" RESULT_VARIABLE same)
if(same EQUAL 0)
  message(FATAL_ERROR "two runs without --key gave identical placeholders")
endif()

# SAZ in, SAZ out (when the SAZ fixtures are built): nothing left for --check afterwards
if(DEFINED SAZ_DIR AND EXISTS "${SAZ_DIR}/signin.saz")
  run(1 --check "${SAZ_DIR}/signin.saz" -q)
  require_match("${out}" "signin.saz: entry [0-9]+: request.header.Cookie.ESTSAUTH" "--check on SAZ")
  run(0 "${SAZ_DIR}/signin.saz" -o "${WORK}/signin.clean.saz" --key "${key}" -q)
  run(0 --check "${WORK}/signin.clean.saz" -q)
endif()

# Contradicting or pointless flag combinations are usage errors
run(2 "${sample}" -o "${WORK}/x.har" --keep-pii --redact-pii)
require_match("${err}" "contradict" "--keep-pii --redact-pii")
run(2 "${sample}" -o "${WORK}/x.har" --keep-pii)
require_match("${err}" "only matters with --keep-jwt-claims" "--keep-pii alone")
run(2 --check "${sample}" -o "${WORK}/x.har")

# Format conversion: from the output extension or --to; the converted output holds no secret either
run(0 "${sample}" -o "${WORK}/converted.saz" --key "${key}" -q)
file(READ "${WORK}/converted.saz" head LIMIT 2 HEX)
if(NOT head STREQUAL "504b")
  message(FATAL_ERROR "-o x.saz did not write a zip (SAZ)")
endif()
run(0 --check "${WORK}/converted.saz" -q)
run(0 "${sample}" -o "${WORK}/converted.out" --to saz --key "${key}" -q)
file(READ "${WORK}/converted.out" head LIMIT 2 HEX)
if(NOT head STREQUAL "504b")
  message(FATAL_ERROR "--to saz did not write a zip (SAZ)")
endif()
run(2 "${WORK}/inplace/signin-aadsts50125.har" --in-place --to saz)
require_match("${err}" "--in-place keeps the input's format" "--in-place --to")
