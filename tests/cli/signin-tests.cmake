# Sign-in log exports (samples/signins): as extract-errors input, joined to trace findings with
# --signins (exact and weak), bad input, and sanitize-trace on them (no personal value left, the
# same pseudonyms as the trace, the join still works on the sanitized pair).
if(NOT TARGET extract-errors OR NOT TARGET sanitize-trace)
  return()
endif()
set(si_dir "${PROJECT_SOURCE_DIR}/samples/signins")
set(si_har "${PROJECT_SOURCE_DIR}/samples/har")
set(si_scratch "${CMAKE_CURRENT_BINARY_DIR}/signin-scratch")
file(MAKE_DIRECTORY "${si_scratch}")

function(signin_test name exit args)
  add_test(NAME signin-${name}
    COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:extract-errors> "-DARGS=${args}" -DEXIT=${exit} ${ARGN}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/extract-errors-run.cmake)
  set_tests_properties(signin-${name} PROPERTIES TIMEOUT 120)
endfunction()

# The failing records of each export format are findings with source signin-log; users stay hidden.
set(si_50125 "0.code=50125|0.name=PasswordResetRegistrationRequiredInterrupt|0.source=signin-log|0.trace_id=a2f83dce-be20-d15b-1812-a64fc36f485c|0.correlation_id=38f60679-6aa7-18a0-4d67-6f88f45cd414|0.client_id=4a1b2c3d-0000-4e5f-fa4e-00000000c11d|0.signin_log.request_id=a2f83dce-be20-d15b-1812-a64fc36f485c|0.signin_log.conditional_access=notApplied|0.signin_log.authentication_requirement=singleFactorAuthentication|0.signin_log.resource=Microsoft Graph|0.signin_log.app=Contoso Fake Expenses|0.signin_log.time=2026-11-30T10:15:04Z|1.code=50126")
# The admin center's CSV has no additional details column; its JSON and Graph have them.
set(si_details "0.signin_log.additional_details=The user must finish registering security information before this sign-in can continue.")
signin_test(admin-json 0 "--format|json|-q|${si_dir}/interactive.json" -DJSON_LENGTH=2 "-DJSON_CHECKS=${si_50125}|${si_details}"
  "-DSTDOUT_LACKS=adele.vance|Adele Vance|198.51.100.23|Redmond|ADELE-LAPTOP")
signin_test(admin-csv 0 "--format|json|-q|${si_dir}/interactive.csv" -DJSON_LENGTH=2
  "-DJSON_CHECKS=${si_50125}|0.signin_log.line=2|0.signin_log.status=Interrupted"
  "-DSTDOUT_LACKS=adele.vance|Adele Vance|198.51.100.23|Redmond|ADELE-LAPTOP")
signin_test(graph-json 0 "--format|json|-q|${si_dir}/graph-signins.json" -DJSON_LENGTH=3 "-DJSON_CHECKS=${si_50125}|${si_details}|2.code=70008")
signin_test(noninteractive-csv 0 "--format|json|-q|${si_dir}/noninteractive.csv" -DJSON_LENGTH=1 "-DJSON_CHECKS=0.code=70008")
signin_test(show-user 0 "--format|json|-q|--show-user|${si_dir}/interactive.json"
  "-DJSON_CHECKS=0.user=adele.vance@contoso-fake.example")
signin_test(code-filter 0 "--format|json|-q|--code|50126|${si_dir}/interactive.csv" -DJSON_LENGTH=1 "-DJSON_CHECKS=0.code=50126")
signin_test(fail-on 1 "-q|--fail-on|50125|${si_dir}/interactive.csv")

# Joins: by correlation ID (exact), else by app within ten minutes (weaker, marked as such).
signin_test(join-exact 0 "--format|json|-q|--signins|${si_dir}/interactive.csv|${si_har}/signin-aadsts50125.har" -DJSON_LENGTH=1
  "-DJSON_CHECKS=0.code=50125|0.source=config|0.signins.0.match=correlation-id|0.signins.0.record=1|0.signins.0.request_id=a2f83dce-be20-d15b-1812-a64fc36f485c|0.signins.0.failure_reason=Sign-in was interrupted due to a password reset or password registration entry.|0.signins.0.file=${si_dir}/interactive.csv")
signin_test(join-weak 0 "--format|json|-q|--signins|${si_dir}/noninteractive.json|${si_har}/token-endpoint-error.har" -DJSON_LENGTH=2
  "-DJSON_CHECKS=0.code=70008|0.signins.0.match=app-time|0.signins.0.seconds_apart=89|0.signins.0.error_code=70008|1.signins.0.match=app-time")
# A different app, or more than ten minutes apart: no join at all.
signin_test(join-none 0 "--format|json|-q|--signins|${si_dir}/noninteractive.json|${si_har}/signin-aadsts50125.har|${si_har}/firefox-export.har"
  -DJSON_LENGTH=3 "-DSTDOUT_LACKS=\"signins\"")
signin_test(join-csv 0 "--format|csv|-q|--signins|${si_dir}/graph-signins.json|${si_har}/signin-aadsts50125.har"
  "-DSTDOUT_HAS=,family,signin_match,signin_matches,signin_request_id,|,AADSTS,correlation-id,1,a2f83dce-be20-d15b-1812-a64fc36f485c,2026-11-30T10:15:04Z,50125,")
signin_test(join-text 0 "--signins|${si_dir}/interactive.json|${si_har}/signin-aadsts50125.har"
  "-DSTDOUT_HAS=Sign-in log|joined by correlation ID: ${si_dir}/interactive.json record 1|Additional details: The user must finish")
signin_test(join-html 0 "--format|html|-q|--signins|${si_dir}/interactive.json|${si_har}/signin-aadsts50125.har"
  "-DSTDOUT_HAS=Sign-in log: ${si_dir}/interactive.json record 1|same correlation ID|notApplied|failing step: AADSTS50125"
  "-DSTDOUT_LACKS=adele.vance|198.51.100.23")
signin_test(html-input 0 "--format|html|-q|${si_dir}/interactive.csv"
  "-DSTDOUT_HAS=<dt>Records</dt><dd>3</dd>|Sign-in log record 1|AADSTS50125 PasswordResetRegistrationRequiredInterrupt|https://aka.ms/mfasetup|AADSTS50126"
  "-DSTDOUT_LACKS=<table class=\"flow\">|adele.vance|Redmond")
signin_test(join-html-weak 0 "--format|html|-q|--signins|${si_dir}/noninteractive.csv|${si_har}/token-endpoint-error.har"
  "-DSTDOUT_HAS=weaker match: same app, 89 s apart")

# Bad input: exit 2 with the byte offset (JSON) or the line (CSV); other inputs still reported.
file(WRITE "${si_scratch}/truncated.json" "[{\"id\":\"x\",\"correlationId\":\"y\",\"status\":{\"errorCode\":50125}},{\"id\":\"z\",")
signin_test(bad-json-truncated 2 "--format|json|${si_scratch}/truncated.json" "-DSTDERR_HAS=truncated.json: byte 61: record 2: the file ends inside a value")
file(WRITE "${si_scratch}/bad-value.json" "{\"value\":[{\"id\":\"x\",\"correlationId\":\"c\",\"status\":{\"errorCode\":5O125}}]}")
signin_test(bad-json-value 2 "--format|json|${si_scratch}/bad-value.json" "-DSTDERR_HAS=bad-value.json: byte 63: record 1: expected ',' or '}' in an object")
file(WRITE "${si_scratch}/bad-fields.csv" "Date (UTC),Request ID,Correlation ID,Sign-in error code\r\n2026-11-30T10:15:04Z,r1,c1,50125\r\n2026-11-30T10:16:04Z,r2,c2\r\n")
signin_test(bad-csv-fields 2 "--format|json|${si_scratch}/bad-fields.csv" "-DSTDERR_HAS=bad-fields.csv: line 3: record 2 has 3 fields, the header has 4")
file(WRITE "${si_scratch}/bad-quote.csv" "Date (UTC),Request ID,Correlation ID,Sign-in error code\r\n2026-11-30T10:15:04Z,\"r1,c1,50125\r\n")
signin_test(bad-csv-quote 2 "--format|json|${si_scratch}/bad-quote.csv" "-DSTDERR_HAS=bad-quote.csv: line 2: unterminated quoted field")
signin_test(bad-signins-option 2 "--format|json|-q|--signins|${si_scratch}/truncated.json|${si_har}/signin-aadsts50125.har"
  -DJSON_LENGTH=1 "-DSTDERR_HAS=truncated.json: byte 61")

# sanitize-trace on each export: no personal value left, --check agrees, the pair still joins.
file(READ "${PROJECT_SOURCE_DIR}/tests/golden/golden.key" si_key)
string(STRIP "${si_key}" si_key)
# The non-interactive export has no record of the trace's correlation ID: nothing to join there.
set(si_joins_interactive.json ON)
set(si_joins_interactive.csv ON)
set(si_joins_graph-signins.json ON)
set(si_joins_noninteractive.csv OFF)
foreach(export interactive.json interactive.csv graph-signins.json noninteractive.csv)
  add_test(NAME signin-sanitize-${export}
    COMMAND ${CMAKE_COMMAND} -DSANITIZE=$<TARGET_FILE:sanitize-trace> -DEXTRACT=$<TARGET_FILE:extract-errors>
            -DLOG=${si_dir}/${export} -DHAR=${si_har}/signin-aadsts50125.har -DPII=${si_dir}/pii.json -DKEY=${si_key}
            -DWORK=${si_scratch}/sanitize -DJOINS=${si_joins_${export}} -P ${CMAKE_CURRENT_SOURCE_DIR}/signin-sanitize.cmake)
  set_tests_properties(signin-sanitize-${export} PROPERTIES TIMEOUT 120)
endforeach()

find_program(TRACESAN_PYTHON3_SIGNINS python3)
if(TRACESAN_PYTHON3_SIGNINS)
  add_test(NAME signin-fixtures-match-generator COMMAND ${TRACESAN_PYTHON3_SIGNINS} ${si_dir}/make_signins.py --check)
endif()
