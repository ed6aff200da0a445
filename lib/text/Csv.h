// CSV writing shared by every CSV tracesan writes (findings, sign-in log columns, sanitized exports).
#pragma once

#include <string>
#include <string_view>

namespace tracesan::text {

// A CSV field as RFC 4180 writes it: quoted when it holds a separator, a quote, a line break or
// surrounding spaces; inner quotes doubled.
std::string csvField(std::string_view value);

}  // namespace tracesan::text
