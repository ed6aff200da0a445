// Writing JSON text for patched HAR values.
#pragma once

#include <string>
#include <string_view>

namespace tracesan {

// Appends `value` as JSON string contents (no quotes). Control characters are escaped and
// invalid UTF-8 sequences become U+FFFD, so the output is always valid JSON.
void appendJsonEscaped(std::string& out, std::string_view value);

// Formats a HAR number: integers without a fraction, others with enough digits to round-trip.
std::string formatJsonNumber(double value);

}  // namespace tracesan
