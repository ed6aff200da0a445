# HTML report tests (extract-errors --format html): golden reports of the samples, planted
# secrets, sanitized copies, and rendering in headless Chromium.
# To accept reviewed changes: configure with -DTRACESAN_UPDATE_GOLDEN_REPORTS=ON, run
# `ctest -R report-golden`, review `git diff tests/golden/reports`, configure with OFF again
# (scripts/update-golden.sh does all of it).
if(NOT TARGET extract-errors OR NOT TARGET sanitize-trace)
  return()
endif()
set(rp_samples "${PROJECT_SOURCE_DIR}/samples/har")
set(rp_scratch "${CMAKE_CURRENT_BINARY_DIR}/report-scratch")
file(READ "${PROJECT_SOURCE_DIR}/tests/golden/golden.key" rp_key)
string(STRIP "${rp_key}" rp_key)
set(rp_update OFF)
if(TRACESAN_UPDATE_GOLDEN_REPORTS)
  set(rp_update ON)
endif()

# name of the golden file, then the sample files it reports on ("|"-separated)
function(report_golden tag inputs)
  add_test(NAME report-golden-${tag}
    COMMAND ${CMAKE_COMMAND} -DEXTRACT=$<TARGET_FILE:extract-errors> -DSANITIZE=$<TARGET_FILE:sanitize-trace>
            "-DINPUTS=${inputs}" -DSAMPLES=${rp_samples} -DEXPECTED=${PROJECT_SOURCE_DIR}/tests/golden/reports/${tag}.html
            -DKEY=${rp_key} -DSECRETS=${PROJECT_SOURCE_DIR}/samples/secrets.json -DWORK=${rp_scratch}/golden
            -DUPDATE=${rp_update} ${ARGN} -P ${CMAKE_CURRENT_SOURCE_DIR}/report-golden.cmake)
  set_tests_properties(report-golden-${tag} PROPERTIES TIMEOUT 120)
endfunction()

file(GLOB rp_hars CONFIGURE_DEPENDS "${rp_samples}/*.har")
foreach(har ${rp_hars})
  get_filename_component(name "${har}" NAME_WE)
  get_filename_component(file "${har}" NAME)
  report_golden(${name} ${file})
endforeach()
# Several traces in one report, one section each.
report_golden(several-traces "signin-aadsts50125.har|token-endpoint-error.har|firefox-export.har")
# A Fiddler SAZ (the fixture zipped at build time): CONNECT tunnels are counted, not steps.
report_golden(saz-signin "signin.saz" -DSAMPLES=${PROJECT_BINARY_DIR}/samples/saz)
# With the sign-in logs joined: the exact match of the 50125 sample, the weak one of the token errors.
report_golden(with-signins "signin-aadsts50125.har|token-endpoint-error.har" -DSIGNINS=../signins/graph-signins.json)

find_program(TRACESAN_CHROMIUM NAMES chromium chromium-browser)
if(NOT TRACESAN_CHROMIUM)
  set(TRACESAN_CHROMIUM "")
endif()
function(report_chromium name input expect)
  add_test(NAME report-chromium-${name}
    COMMAND ${CMAKE_COMMAND} -DEXTRACT=$<TARGET_FILE:extract-errors> "-DCHROMIUM=${TRACESAN_CHROMIUM}"
            -DINPUT=${input} -DWORK=${rp_scratch}/chromium "-DEXPECT=${expect}"
            -P ${CMAKE_CURRENT_SOURCE_DIR}/report-chromium.cmake)
  set_tests_properties(report-chromium-${name} PROPERTIES TIMEOUT 180 SKIP_REGULAR_EXPRESSION "SKIPPED:"
                       RESOURCE_LOCK chromium)
endfunction()
report_chromium(50125 ${rp_samples}/signin-aadsts50125.har
  "<tr class=\"failing\" id=\"trace-1-e4\">|credential POST|failing step: AADSTS50125|GetCredentialType|SSPR/registration|redirect to mysignins.microsoft.com/register|AADSTS50125 PasswordResetRegistrationRequiredInterrupt|a2f83dce-be20-d15b-1812-a64fc36f485c|38f60679-6aa7-18a0-4d67-6f88f45cd414|https://aka.ms/mfasetup")
report_chromium(token-errors ${rp_samples}/token-endpoint-error.har
  "<span class=\"step\">token</span>|failing step: AADSTS70008|AADSTS700082")
