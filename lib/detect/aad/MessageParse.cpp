#include "detect/aad/MessageParse.h"

#include <re2/re2.h>

#include <charconv>

#include "text/TextCodec.h"

namespace tracesan::aad {
namespace {

// Text examined after a mention for its message and ids; a description is far shorter.
constexpr std::size_t kWindow = 4096;
constexpr std::size_t kMaxMessage = 1000;
// A real error text names one to three codes; a body listing thousands is not an error.
constexpr std::size_t kMaxMentions = 64;

bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool startsAsWord(std::string_view text, std::size_t pos) {
  if (pos == 0 || !isWordChar(text[pos - 1])) return true;
  // "\nAADSTS" inside JSON text: the escape is a line break, not a letter.
  if (pos >= 2 && text[pos - 2] == '\\' && (text[pos - 1] == 'n' || text[pos - 1] == 'r' || text[pos - 1] == 't'))
    return true;
  // "%0aAADSTS", "%3dAADSTS" in form-encoded text.
  if (pos >= 3 && text[pos - 3] == '%' && text::hexValue(text[pos - 2]) >= 0 && text::hexValue(text[pos - 1]) >= 0)
    return true;
  // "\u0027AADSTS" in JSON or JavaScript text: the escape is a quote, not a word character.
  if (pos >= 6 && text[pos - 6] == '\\' && text[pos - 5] == 'u') {
    bool hex = true;
    for (std::size_t k = pos - 4; k < pos; ++k) hex = hex && text::hexValue(text[k]) >= 0;
    if (hex) return true;
  }
  return false;
}

bool looksFormEncoded(std::string_view text) {
  return text::findIgnoreCase(text, "%0d%0a") != std::string_view::npos ||
         text::findIgnoreCase(text, "%3a") != std::string_view::npos ||
         text::findIgnoreCase(text, "%20") != std::string_view::npos;
}

// Replaces the escapes a JSON-encoded description keeps when it is read as plain text.
std::string unescapeJsonLike(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '\\' || i + 1 == text.size()) {
      out.push_back(c);
      continue;
    }
    char n = text[i + 1];
    switch (n) {
      case 'r': out.push_back('\r'); break;
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case '"': case '\\': case '/': out.push_back(n); break;
      case 'u':
        if (i + 5 < text.size()) {
          int v = 0;
          bool ok = true;
          for (std::size_t k = i + 2; k < i + 6; ++k) {
            int h = text::hexValue(text[k]);
            ok = ok && h >= 0;
            v = v * 16 + (h < 0 ? 0 : h);
          }
          if (ok && (v < 0xD800 || v > 0xDFFF)) {
            text::appendUtf8(out, static_cast<char32_t>(v));
            i += 5;
            continue;
          }
        }
        out.push_back(c);
        continue;
      default: out.push_back(c); continue;
    }
    ++i;
  }
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == ':')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return std::string(s);
}

// "Trace ID: <guid>", also written "Request Id" (the sign-in page's troubleshooting details), in
// the languages the sign-in pages are shown in most, and with markup between the label and the
// value ("<b>Trace ID:</b></td><td>…").
struct IdPatterns {
  RE2 trace, correlation, timestamp;
};

const IdPatterns& idPatterns() {
  static const std::string kGap = R"(\s*:\s*(?:<[^<>]{0,80}>\s*){0,6})";
  static const std::string kGuid = R"(([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}))";
  static const IdPatterns patterns{
      RE2("(?i)(?:trace\\s*id|request\\s*id|id\\s+de\\s+(?:la\\s+)?(?:demande|solicitud|suivi)|"
          "id\\.?\\s+de\\s+solicitud|anforderungs-id|ablaufverfolgungs-id|id\\s+da\\s+solicita\\x{e7}\\x{e3}o|"
          "id\\s+richiesta|id\\s+traccia)" + kGap + kGuid),
      RE2("(?i)(?:correlation\\s*id|id\\s+de\\s+corr\\x{e9}lation|id\\.?\\s+de\\s+correlaci\\x{f3}n|"
          "korrelations-id|id\\s+de\\s+correla\\x{e7}\\x{e3}o|id\\s+correlazione)" + kGap + kGuid),
      RE2(R"((?i)(?:timestamp|horodatage|zeitstempel|marca\s+de\s+tiempo|carimbo\s+de\s+data/hora))" + kGap +
          R"((\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?))"),
  };
  return patterns;
}

}  // namespace

bool mentionsAadsts(std::string_view text) {
  for (std::size_t at = text.find("AAD"); at != std::string_view::npos; at = text.find("AAD", at + 3)) {
    std::string_view rest = text.substr(at + 3, 3);
    if (rest == "STS" || rest == "B2C") return true;
  }
  return false;
}

std::vector<CodeMention> findCodeMentions(std::string_view text) {
  static const RE2 kCode(R"(AAD(?:STS|B2C)(\d{5,7}))");
  std::vector<CodeMention> out;
  if (!mentionsAadsts(text)) return out;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece whole;
  std::size_t from = 0;
  while (out.size() < kMaxMentions && from < text.size() &&
         kCode.Match(input, from, text.size(), RE2::UNANCHORED, &whole, 1)) {
    std::size_t begin = static_cast<std::size_t>(whole.data() - text.data());
    std::size_t end = begin + whole.size();
    from = end;
    if (!startsAsWord(text, begin)) continue;
    if (end < text.size() && isWordChar(text[end])) continue;  // AADSTS123456789, AADSTS50125x
    long code = 0;
    std::from_chars(text.data() + begin + 6, text.data() + end, code);
    out.push_back({code, begin, end, text[begin + 3] == 'B' ? kAadB2c : kAadsts});
  }
  return out;
}

std::string normalizeMessageText(std::string_view text) {
  std::string s = looksFormEncoded(text) ? text::percentDecode(text, true) : std::string(text);
  if (s.find('\\') != std::string::npos) s = unescapeJsonLike(s);
  return s;
}

MessageDetails parseMessage(std::string_view text, const CodeMention& mention, bool markup) {
  static const RE2 kNextCode(R"(AAD(?:STS|B2C)\d{5,7})");

  MessageDetails d;
  if (mention.end > text.size()) return d;
  std::string window = normalizeMessageText(text.substr(mention.end, kWindow));

  // The message ends at the line end, at "Trace ID:" or at the next code.
  std::size_t stop = window.find_first_of(markup ? "\r\n<\"" : "\r\n");
  re2::StringPiece found;
  if (kNextCode.Match(window, 0, window.size(), RE2::UNANCHORED, &found, 1)) {
    std::size_t at = static_cast<std::size_t>(found.data() - window.data());
    if (at < stop) stop = at;
  }
  std::size_t traceAt = text::findIgnoreCase(window, "trace id:");
  if (traceAt < stop) stop = traceAt;
  d.message = trim(std::string_view(window).substr(0, std::min(stop, kMaxMessage)));
  // Text read straight out of HTML or XML still has its character references (&#39; &amp;).
  if (markup && d.message.find('&') != std::string::npos) d.message = trim(text::htmlEntityDecode(d.message));

  const IdPatterns& ids = idPatterns();
  std::string id;
  if (RE2::PartialMatch(window, ids.trace, &id)) d.traceId = id;
  if (RE2::PartialMatch(window, ids.correlation, &id)) d.correlationId = id;
  if (RE2::PartialMatch(window, ids.timestamp, &id)) d.timestamp = id;
  // Pages print the ids before the message too (B2C's error page, the sign-in page's
  // troubleshooting table): the rest of the block, back to the previous code, is read as well.
  if (markup && (d.traceId.empty() || d.correlationId.empty() || d.timestamp.empty())) {
    std::size_t from = mention.begin > kWindow ? mention.begin - kWindow : 0;
    std::string_view before = text.substr(from, mention.begin - from);
    re2::StringPiece previous;
    std::size_t cut = 0;
    for (std::size_t at = 0; kNextCode.Match(before, at, before.size(), RE2::UNANCHORED, &previous, 1);) {
      cut = static_cast<std::size_t>(previous.data() - before.data()) + previous.size();
      at = cut;
    }
    std::string block = normalizeMessageText(before.substr(cut));
    auto last = [&](const RE2& re, std::string& out) {
      re2::StringPiece input(block);
      std::string found;
      while (RE2::FindAndConsume(&input, re, &found)) out = found;
    };
    if (d.traceId.empty()) last(ids.trace, d.traceId);
    if (d.correlationId.empty()) last(ids.correlation, d.correlationId);
    if (d.timestamp.empty()) last(ids.timestamp, d.timestamp);
  }
  return d;
}

}  // namespace tracesan::aad
