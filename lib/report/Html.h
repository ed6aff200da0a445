// Small HTML writing helpers for the report: escaping (every value the report shows goes through
// escape, invalid UTF-8 becomes U+FFFD so the page never holds raw bytes) and linking the https
// URLs of guidance text.
#pragma once

#include <string>
#include <string_view>

namespace tracesan::report {

// Escapes & < > " ' for element text and double-quoted attributes alike.
std::string escape(std::string_view text);

// Escaped text with each https:// URL turned into a link (trailing . , ; ) stay outside the link).
std::string escapeLinked(std::string_view text);

}  // namespace tracesan::report
