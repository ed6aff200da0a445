#include "detect/aad/AadPrefilter.h"

#include <cstring>

#include "text/WordFinder.h"


namespace tracesan::aad {
namespace {

// Looked for case-insensitively. "error_" stands for error_codes and error_description; "errorcode" for
// $Config's iErrorCode; "\\u00" starts a JSON escape of an ASCII character, checked further by
// hidingUnicodeEscape. The whole-trace search adds "authorize" (see mayMatterToTraceSearch).
const text::WordFinder& errorWords() {
  static const text::WordFinder finder(
      {"aadsts", "error_", "errorcode", "clitelem", "samlresponse", "base64", "\\u00"});
  return finder;
}
const text::WordFinder& searchWords() {
  static const text::WordFinder finder(
      {"aadsts", "error_", "errorcode", "clitelem", "samlresponse", "base64", "\\u00", "authorize"});
  return finder;
}
constexpr std::size_t kUnicodeWord = 6;  // the same index in both lists

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// A byte an escape must not spell: it could complete one of the words, or start another escape.
bool couldHideWord(int byte, bool percentOk) {
  if ((byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z')) return true;
  if (byte == '_' || byte == '\\') return true;
  return byte == '%' && !percentOk;
}

// "\u005f" at `at` (already matched "\u00") spelling a letter, '_', '\\' or '%' (which a URL
// decoder reads next); an escape cut short by the end counts too.
bool hidingUnicodeEscape(std::string_view text, std::size_t at) {
  if (text.size() - at < 6) return true;
  int hi = hexDigit(text[at + 4]), lo = hexDigit(text[at + 5]);
  return hi >= 0 && lo >= 0 && couldHideWord(hi * 16 + lo, /*percentOk=*/false);
}

// "%4a" spelling a letter, '_' or '\\'.
bool hasHidingPercentEscape(std::string_view raw) {
  const char* p = raw.data();
  const char* end = p + raw.size();
  while (const void* hit = std::memchr(p, '%', static_cast<std::size_t>(end - p))) {
    const char* at = static_cast<const char*>(hit);
    if (end - at < 3) break;
    int hi = hexDigit(at[1]), lo = hexDigit(at[2]);
    if (hi >= 0 && lo >= 0 && couldHideWord(hi * 16 + lo, /*percentOk=*/true)) return true;
    p = at + 1;
  }
  return false;
}

// A word, or a "\u00" escape that hides one, in the text.
bool hasWordRange(std::string_view text, const text::WordFinder& words) {
  std::size_t from = 0;
  while (auto hit = words.find(text, from)) {
    if (hit->word != kUnicodeWord || hidingUnicodeEscape(text, hit->pos)) return true;
    from = hit->pos + 1;
  }
  return false;
}

// Entries with a base64 body say so after the body ("text" comes before "encoding" in every HAR
// writer we know): looking at the tail first settles them without reading the body.
constexpr std::size_t kTail = 2048;

bool hasWord(std::string_view raw, const text::WordFinder& words) {
  if (raw.size() > 2 * kTail && hasWordRange(raw.substr(raw.size() - kTail), words)) return true;
  return hasWordRange(raw, words);
}

}  // namespace

bool mayHoldAadError(std::string_view raw) { return hasWord(raw, errorWords()) || hasHidingPercentEscape(raw); }

bool mayMatterToTraceSearch(std::string_view raw) { return hasWord(raw, searchWords()) || hasHidingPercentEscape(raw); }

}  // namespace tracesan::aad
