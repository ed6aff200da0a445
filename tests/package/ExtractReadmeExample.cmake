# Writes the first ```cpp block of the README's "Using the library" section to OUT, verbatim, so
# the package tests build exactly what users copy. Fails when the section or the block is missing.
#   cmake -DREADME=README.md -DOUT=readme_example.cpp -P ExtractReadmeExample.cmake
file(READ "${README}" text)
string(FIND "${text}" "## Using the library" section)
if(section EQUAL -1)
  message(FATAL_ERROR "${README}: no \"## Using the library\" section")
endif()
string(SUBSTRING "${text}" ${section} -1 text)
string(FIND "${text}" "```cpp\n" start)
if(start EQUAL -1)
  message(FATAL_ERROR "${README}: no ```cpp block in \"Using the library\"")
endif()
math(EXPR start "${start} + 7")
string(SUBSTRING "${text}" ${start} -1 text)
string(FIND "${text}" "```" end)
string(SUBSTRING "${text}" 0 ${end} code)
file(WRITE "${OUT}" "${code}")
