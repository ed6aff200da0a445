// Helpers for the detector scanner tests (URL, form, cookie, JSON, HTML): the assertions check both
// the raw span a scanner reports in the original text and the decoded value, so every test needs the
// same two lookups.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "detect/Scanners.h"

namespace scannertest {

// The raw bytes of `v` in `text`, escapes and all: what a redaction edit would replace.
inline std::string rawOf(std::string_view text, const tracesan::detect::NamedValue& v) {
  return std::string(text.substr(v.begin, v.end - v.begin));
}

// The first value reported at `path`, or nullptr; scanners report in text order, so tests that only
// care about one member need not depend on where it falls in the list.
inline const tracesan::detect::NamedValue* findPath(const std::vector<tracesan::detect::NamedValue>& values,
                                                    std::string_view path) {
  for (const auto& v : values) {
    if (v.path == path) return &v;
  }
  return nullptr;
}

}  // namespace scannertest
