#include "detect/aad/AadPrefilter.h"

#include <cstring>
#include <string>
#include <vector>

#include "text/WordFinder.h"


namespace tracesan::aad {
namespace {

// Looked for case-insensitively, one word per kind of source AadFinder.cpp reads: "aadsts" and
// "aadb2c" for codes in any text; "error_" for error_codes and error_description; "errorcode" for
// $Config's iErrorCode / sErrorCode, "arrvalerrs" for its validation errors; "clitelem";
// "samlresponse" and "wresult" (base64 or deflated XML hides the code); "base64" for a HAR body
// stored as base64 (possibly of compressed bytes); "\\u00" starts a JSON escape of an ASCII
// character, checked further by hidingUnicodeEscape. The whole-trace search adds "authorize" (see
// mayMatterToTraceSearch). One list, whatever the trace format: a SAZ entry needs the same words.
std::vector<std::string> errorWordList() {
  return {"aadsts", "aadb2c", "error_", "errorcode", "arrvalerrs", "clitelem", "samlresponse", "wresult", "base64", "\\u00"};
}
const text::WordFinder& errorWords() {
  static const text::WordFinder finder(errorWordList());
  return finder;
}
const text::WordFinder& searchWords() {
  static const text::WordFinder finder([] {
    std::vector<std::string> words = errorWordList();
    words.push_back("authorize");
    return words;
  }());
  return finder;
}
constexpr std::size_t kUnicodeWord = 9;  // the same index in both lists

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
