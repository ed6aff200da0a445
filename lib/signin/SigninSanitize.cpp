// Sanitizing a sign-in log: the bytes are copied as they are, except each personal value, which
// becomes its keyed pseudonym (JSON strings stay strings, numbers become 0; CSV fields are quoted
// when needed). The output is written atomically.

#include "signin/SigninReaders.h"
#include "text/Csv.h"
#include "text/Edits.h"
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
    std::vector<text::Edit> edits;
    for (const SigninPersonalValue& p : r->personal) {
      std::string replacement;
      if (p.number) replacement = "0";
      else {
        std::string pseudonym = placeholder(p.kind, p.value);
        // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a false positive) on "\"" + s + "\"".
        if (json) replacement.append("\"").append(text::jsonEscape(pseudonym)).append("\"");
        else replacement = text::csvField(pseudonym);
      }
      edits.push_back({p.begin, p.end, std::move(replacement)});
    }
    replaced += edits.size();
    // Defensive: the reader's spans are distinct values of one record and never overlap.
    auto patched = text::applyEdits(r->raw, std::move(edits), text::Overlap::FirstWins);
    if (!patched) return patched.error();
    if (auto s = out.value()->write(*patched); !s) return s.error();
  }
  if (auto s = out.value()->commit(); !s) return s.error();
  return replaced;
}

}  // namespace tracesan
