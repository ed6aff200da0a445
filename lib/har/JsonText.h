// Writing JSON numbers for patched HAR values (strings go through text::jsonEscape).
#pragma once

#include <string>
#include <string_view>

namespace tracesan {

// Formats a HAR number: integers without a fraction, others with enough digits to round-trip.
std::string formatJsonNumber(double value);

}  // namespace tracesan
