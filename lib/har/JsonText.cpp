#include "har/JsonText.h"

#include <cmath>
#include <cstdio>

namespace tracesan {
std::string formatJsonNumber(double value) {
  if (!std::isfinite(value)) return "0";
  char buf[40];
  if (std::floor(value) == value && std::fabs(value) < 9007199254740992.0) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", value);
  }
  return buf;
}

}  // namespace tracesan
