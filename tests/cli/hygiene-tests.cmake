# The hostile-input and hygiene tests (tests/unit/HostileCliTest.cpp, HygieneCliTest.cpp) run the
# built tools: build those first.
foreach(test HostileCliTest HygieneCliTest HostileInputTest)
  if(TARGET ${test})
    foreach(tool sanitize-trace extract-errors)
      if(TARGET ${tool})
        add_dependencies(${test} ${tool})
      endif()
    endforeach()
  endif()
endforeach()
