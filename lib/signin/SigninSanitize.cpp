// Sanitizing a sign-in log: the bytes are copied as they are, except each personal value, which
// becomes its keyed pseudonym (JSON strings stay strings, numbers become 0; CSV fields are quoted
// when needed). The output is written atomically.
#include <algorithm>

#include "signin/SigninReaders.h"
#include "text/Csv.h"
#include "text/TextCodec.h"

namespace tracesan {

Expected<std::size_t> sanitizeSigninLog(
    SigninLogReader& log, const std::string& output,
    const std::function<std::string(std::string_view kind, std::string_view value)>& placeholder,
    const std::string& permissionsFrom) {
  auto out = OutputFile::create(output, permissionsFrom);
  if (!out) return out.error();
  std::size_t replaced = 0;
  const bool json = log.format() == SigninLogFormat::Json;
  for (;;) {
    auto next = log.next();
    if (!next) return next.error();
    if (auto s = out.value()->write(log.gap()); !s) return s.error();
    const SigninRecord* r = *next;
    if (r == nullptr) break;
    std::string patched;
    std::size_t at = 0;
    std::vector<SigninPersonalValue> personal = r->personal;
    std::sort(personal.begin(), personal.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    for (const SigninPersonalValue& p : personal) {
      if (p.begin < at) continue;  // defensive: spans never overlap
      patched.append(r->raw.substr(at, p.begin - at));
      if (p.number) patched.append("0");
      else {
        std::string pseudonym = placeholder(p.kind, p.value);
        // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a false positive) on "\"" + s + "\"".
        if (json) patched.append("\"").append(text::jsonEscape(pseudonym)).append("\"");
        else patched.append(text::csvField(pseudonym));
      }
      at = p.end;
      ++replaced;
    }
    patched.append(r->raw.substr(at));
    if (auto s = out.value()->write(patched); !s) return s.error();
  }
  if (auto s = out.value()->commit(); !s) return s.error();
  return replaced;
}

}  // namespace tracesan
