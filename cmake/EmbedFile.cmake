# cmake -DIN=file -DOUT=file.cpp -DIDENT=name -P EmbedFile.cmake
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR size "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," body "${hex}")
file(WRITE "${OUT}" "// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace tracesan::data {\nstatic const char k_${IDENT}[] = {${body} '\\0'};\nextern const std::string_view ${IDENT}(k_${IDENT}, ${size});\n}\n")
