# extract-errors command-line tests (owned by the finder; see extract-errors-run.cmake).
if(NOT TARGET extract-errors)
  return()
endif()

set(ee_samples "${PROJECT_SOURCE_DIR}/samples/har")
set(ee_scratch "${CMAKE_CURRENT_BINARY_DIR}/extract-errors-scratch")
file(MAKE_DIRECTORY "${ee_scratch}")

# name, exit code, "|"-separated arguments, then extra -D settings for the runner
function(extract_errors_test name exit args)
  add_test(NAME extract-errors-${name}
    COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:extract-errors> "-DARGS=${args}" -DEXIT=${exit} ${ARGN}
            -P ${CMAKE_CURRENT_SOURCE_DIR}/extract-errors-run.cmake)
  set_tests_properties(extract-errors-${name} PROPERTIES TIMEOUT 120)
endfunction()

extract_errors_test(json-50125 0 "--format|json|-q|${ee_samples}/signin-aadsts50125.har"
  -DJSON_LENGTH=1
  "-DJSON_CHECKS=0.code=50125|0.entry=4|0.name=PasswordResetRegistrationRequiredInterrupt|0.source=config|0.trace_id=a2f83dce-be20-d15b-1812-a64fc36f485c|0.correlation_id=38f60679-6aa7-18a0-4d67-6f88f45cd414|0.status=200|0.method=POST|0.entra_host=ON|0.sources.1.kind=x-ms-clitelem"
  "-DSTDOUT_LACKS=P@ssw0rd-FAKE-1|adele.vance")

extract_errors_test(json-token-errors 0 "--format|json|-q|${ee_samples}/token-endpoint-error.har"
  -DJSON_LENGTH=2 "-DJSON_CHECKS=0.code=70008|1.code=700082|1.suberror=bad_token")

extract_errors_test(all-shows-polling 0 "--format|json|-q|--all|${ee_samples}/token-endpoint-error.har"
  -DJSON_LENGTH=3 "-DJSON_CHECKS=2.code=70016|2.expected=ON")

extract_errors_test(code-filter 0 "--format|json|-q|--code|700082|${ee_samples}/token-endpoint-error.har"
  -DJSON_LENGTH=1 "-DJSON_CHECKS=0.code=700082")

extract_errors_test(fail-on-found 1 "--format|json|-q|--fail-on|50125|${ee_samples}/signin-aadsts50125.har"
  -DJSON_LENGTH=1)

extract_errors_test(fail-on-absent 0 "-q|--fail-on|70008|${ee_samples}/signin-aadsts50125.har")

extract_errors_test(no-findings 0 "--format|json|${ee_samples}/signin-success-tokens.har"
  -DJSON_LENGTH=0 "-DSTDERR_HAS=extract-errors: 0 findings in 1 file")

extract_errors_test(several-files 0 "--format|json|-q|${ee_samples}/firefox-export.har|${ee_samples}/safari-export.har"
  -DJSON_LENGTH=4 "-DJSON_CHECKS=0.source=location-header|1.source=query|2.source=form_post|3.source=form_post")

extract_errors_test(csv 0 "--format|csv|-q|${ee_samples}/token-endpoint-error.har"
  "-DSTDOUT_HAS=file,entry,method,url,status,code,name,|,70008,ExpiredOrRevokedGrant,invalid_grant,")

extract_errors_test(text-guidance 0 "${ee_samples}/signin-aadsts50125.har"
  "-DSTDOUT_HAS=AADSTS50125 PasswordResetRegistrationRequiredInterrupt|https://aka.ms/mfasetup|AzureAD Operational|sanitize-trace|Trace ID:    a2f83dce-be20-d15b-1812-a64fc36f485c"
  "-DSTDERR_HAS=AADSTS50125 x1")

extract_errors_test(show-user 0 "--format|json|-q|--show-user|${ee_samples}/signin-aadsts50125.har"
  "-DJSON_CHECKS=0.user=adele.vance@contoso-fake.example")

extract_errors_test(help 0 "--help" "-DSTDOUT_HAS=Examples:|--fail-on|Exit codes:")
extract_errors_test(version 0 "--version" "-DSTDOUT_HAS=extract-errors (tracesan) ${PROJECT_VERSION}")
extract_errors_test(bad-flag 2 "--no-such-flag|x.har" "-DSTDERR_HAS=extract-errors: ")
extract_errors_test(bad-format 2 "--format|xml|x.har" "-DSTDERR_HAS=extract-errors: ")
extract_errors_test(missing-input 2 "--format|json" "-DSTDERR_HAS=INPUT is required")
extract_errors_test(missing-file 2 "${ee_scratch}/does-not-exist.har"
  "-DSTDERR_HAS=extract-errors: ${ee_scratch}/does-not-exist.har: " -DSTDOUT_LACKS=No)
file(WRITE "${ee_scratch}/broken.har" "{\"log\":{\"version\":\"1.2\",\"entries\":[{\"request\":")
extract_errors_test(broken-har 2 "${ee_scratch}/broken.har" "-DSTDERR_HAS=extract-errors: ${ee_scratch}/broken.har: ")
# A bad file among good ones: the good findings are still printed, the exit code reports the error.
extract_errors_test(bad-among-good 2 "--format|json|-q|${ee_samples}/signin-aadsts50125.har|${ee_scratch}/does-not-exist.har"
  -DJSON_LENGTH=1 "-DSTDERR_HAS=does-not-exist.har")

# Findings survive sanitizing unchanged (needs sanitize-trace).
if(TARGET sanitize-trace)
  foreach(sample signin-aadsts50125 token-endpoint-error firefox-export safari-export charles-export fiddler-export)
    add_test(NAME extract-errors-sanitized-${sample}
      COMMAND ${CMAKE_COMMAND} -DSANITIZE=$<TARGET_FILE:sanitize-trace> -DEXTRACT=$<TARGET_FILE:extract-errors>
              -DINPUT=${ee_samples}/${sample}.har -DWORK=${ee_scratch}
              -P ${CMAKE_CURRENT_SOURCE_DIR}/extract-errors-sanitized.cmake)
    set_tests_properties(extract-errors-sanitized-${sample} PROPERTIES TIMEOUT 120)
  endforeach()
endif()

# SAZ input: the encrypted fixture, by --password and by TRACESAN_SAZ_PASSWORD.
set(ee_saz "${PROJECT_SOURCE_DIR}/samples/saz/encrypted.saz")
extract_errors_test(saz-password 0 "--format|json|-q|--password|P@ssw0rd-FAKE-saz|${ee_saz}"
  -DJSON_LENGTH=1 "-DJSON_CHECKS=0.code=50125|0.entry=3|0.source=config|0.correlation_id=5d1e7c42-0000-4b8a-fa4e-00000000c0de")
extract_errors_test(saz-no-password 2 "-q|${ee_saz}" "-DSTDERR_HAS=extract-errors: ${ee_saz}: archive is encrypted")
extract_errors_test(saz-wrong-password 2 "-q|--password|wrong|${ee_saz}" "-DSTDERR_HAS=wrong password")
add_test(NAME extract-errors-saz-password-from-environment
  COMMAND ${CMAKE_COMMAND} -E env TRACESAN_SAZ_PASSWORD=P@ssw0rd-FAKE-saz
          ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:extract-errors> "-DARGS=--format|json|-q|${ee_saz}" -DEXIT=0 -DJSON_LENGTH=1
          -P ${CMAKE_CURRENT_SOURCE_DIR}/extract-errors-run.cmake)

extract_errors_test(stdin 0 "--format|json|-q|-" "-DSTDIN=${ee_samples}/token-endpoint-error.har"
  -DJSON_LENGTH=2 "-DJSON_CHECKS=0.file=-|0.code=70008")
extract_errors_test(context-out-of-range 2 "--context|5000|${ee_samples}/token-endpoint-error.har" "-DSTDERR_HAS=--context")
extract_errors_test(context-entries 0 "--format|json|-q|--context|1|${ee_samples}/signin-aadsts50125.har"
  "-DJSON_CHECKS=0.context.before.0.entry=3|0.context.after.0.entry=5|0.context.after.0.status=302"
  "-DSTDOUT_HAS=reprocess?ctx=REDACTED")
extract_errors_test(code-with-prefix 0 "--format|json|-q|--code|AADSTS700082|${ee_samples}/token-endpoint-error.har"
  -DJSON_LENGTH=1 "-DJSON_CHECKS=0.code=700082")
extract_errors_test(code-not-a-number 2 "--code|fifty|${ee_samples}/token-endpoint-error.har" "-DSTDERR_HAS=extract-errors: ")

# Golden findings of every sample (HAR samples and the SAZ fixtures), also after sanitizing.
# To accept reviewed changes: configure with -DTRACESAN_UPDATE_GOLDEN_FINDINGS=ON, run
# `ctest -R extract-errors-golden`, review `git diff tests/golden/findings`, configure with OFF again.
if(TARGET sanitize-trace)
  file(READ "${PROJECT_SOURCE_DIR}/tests/golden/golden.key" ee_golden_key)
  string(STRIP "${ee_golden_key}" ee_golden_key)
  set(ee_golden_dir "${PROJECT_SOURCE_DIR}/tests/golden/findings")
  set(ee_update OFF)
  if(TRACESAN_UPDATE_GOLDEN_FINDINGS)
    set(ee_update ON)
  endif()
  function(extract_errors_golden input)
    get_filename_component(file "${input}" NAME)
    add_test(NAME extract-errors-golden-${file}
      COMMAND ${CMAKE_COMMAND} -DEXTRACT=$<TARGET_FILE:extract-errors> -DSANITIZE=$<TARGET_FILE:sanitize-trace>
              -DINPUT=${input} -DEXPECTED=${ee_golden_dir}/${file}.json -DKEY=${ee_golden_key}
              -DWORK=${ee_scratch}/golden -DUPDATE=${ee_update} ${ARGN}
              -P ${CMAKE_CURRENT_SOURCE_DIR}/extract-errors-golden.cmake)
    set_tests_properties(extract-errors-golden-${file} PROPERTIES TIMEOUT 120 REQUIRED_FILES "${input}")
  endfunction()
  file(GLOB ee_golden_hars CONFIGURE_DEPENDS "${ee_samples}/*.har")
  foreach(har ${ee_golden_hars})
    extract_errors_golden(${har})
  endforeach()
  # The SAZ fixtures are zipped by the saz_fixtures target (built with the default target).
  foreach(saz signin websocket)
    extract_errors_golden(${PROJECT_BINARY_DIR}/samples/saz/${saz}.saz)
  endforeach()
  extract_errors_golden(${ee_saz} -DPASSWORD=P@ssw0rd-FAKE-saz)
endif()

# Azure AD B2C: an AADB2C error redirect from a b2clogin host (no B2C sample trace exists yet).
file(WRITE "${ee_scratch}/b2c.har" [=[
{"log":{"version":"1.2","creator":{"name":"tracesan-test","version":"1"},"entries":[
{"startedDateTime":"2026-11-30T10:15:00.000Z","time":10,
 "request":{"method":"GET","url":"https://contosofake.b2clogin.com/contosofake.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/authorize?client_id=00000000-b2c0-0000-0000-00000000c11d&response_type=code&state=FAKE-STATE","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
 "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/html"},"redirectURL":"","headersSize":-1,"bodySize":0},
 "cache":{},"timings":{"send":0,"wait":10,"receive":0}},
{"startedDateTime":"2026-11-30T10:15:04.000Z","time":10,
 "request":{"method":"GET","url":"https://contosofake.b2clogin.com/contosofake.onmicrosoft.com/B2C_1_signin/api/CombinedSigninAndSignup/confirmed?csrf_token=FAKE-CSRF-TOKEN-1&tx=StateProperties%3dFAKE","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},
 "response":{"status":302,"statusText":"Found","httpVersion":"HTTP/1.1","headers":[{"name":"Location","value":"https://app.contoso-fake.example/cb#error=access_denied&error_description=AADB2C90118%3a+The+user+has+forgotten+their+password.%0d%0aCorrelation+ID%3a+5d1e7c42-0000-4b8a-fa4e-00000000b2c0%0d%0aTimestamp%3a+2026-11-30+10%3a15%3a04Z%0d%0a&state=FAKE-STATE"}],"cookies":[],"content":{"size":0,"mimeType":"text/html"},"redirectURL":"","headersSize":-1,"bodySize":0},
 "cache":{},"timings":{"send":0,"wait":10,"receive":0}}
]}}
]=])
extract_errors_test(b2c-json 0 "--format|json|-q|${ee_scratch}/b2c.har" -DJSON_LENGTH=1
  "-DJSON_CHECKS=0.family=AADB2C|0.code=90118|0.name=|0.source=location-header|0.cloud=b2c|0.client_id=00000000-b2c0-0000-0000-00000000c11d|0.tenant=contosofake.onmicrosoft.com|0.correlation_id=5d1e7c42-0000-4b8a-fa4e-00000000b2c0"
  "-DSTDOUT_LACKS=FAKE-CSRF|FAKE-STATE")
extract_errors_test(b2c-code-filter 0 "--format|json|-q|--code|AADB2C90118|${ee_scratch}/b2c.har" -DJSON_LENGTH=1)
extract_errors_test(b2c-fail-on 1 "-q|--fail-on|AADB2C90118|${ee_scratch}/b2c.har")
extract_errors_test(b2c-text 0 "${ee_scratch}/b2c.har" "-DSTDOUT_HAS=AADB2C90118|Azure AD B2C code" "-DSTDERR_HAS=AADB2C90118 x1")
