#include "detect/aad/SafeText.h"

#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <vector>

#include "detect/Scanners.h"
#include "text/Edits.h"
#include "text/TextCodec.h"
#include "tracesan/Rules.h"

namespace tracesan::aad {
namespace {

// error_uri's "https://login.microsoftonline.com/error?code=50125": a short number is an error
// code, never an authorization code (those are long opaque strings).
bool isErrorCodeValue(std::string_view name, std::string_view value) {
  if (!text::equalsIgnoreCase(name, "code") || value.empty() || value.size() > 7) return false;
  return std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Spans of `text` to hide: JWTs, the rules' patterns (personal ones unless keepUser) and
// placeholders a sanitizer wrote, merged where they overlap so an original token and the
// placeholder that replaced it both end up as one REDACTED.
std::string scrub(std::string_view text, bool keepUser) {
  static const RE2 kPlaceholder(R"(REDACTED-[A-Za-z0-9_]+-[0-9a-f]{8})");
  std::vector<text::Edit> spans;
  for (const detect::TokenSpan& t : detect::findJwts(text)) spans.push_back({t.begin, t.end, std::string(kRedacted)});
  if (const RuleSet* rules = builtInRules())
    for (const PatternMatch& m : rules->findPatterns(text, !keepUser)) spans.push_back({m.begin, m.end, std::string(kRedacted)});
  if (text.find("REDACTED-") != std::string_view::npos) {
    re2::StringPiece input(text.data(), text.size());
    re2::StringPiece match;
    std::size_t from = 0;
    while (from < text.size() && kPlaceholder.Match(input, from, text.size(), RE2::UNANCHORED, &match, 1)) {
      std::size_t begin = static_cast<std::size_t>(match.data() - text.data());
      spans.push_back({begin, begin + match.size(), std::string(kRedacted)});
      from = begin + std::max<std::size_t>(match.size(), 1);
    }
  }
  if (spans.empty()) return std::string(text);
  return text::applyEdits(text, std::move(spans), text::Overlap::Merge).value();  // Merge never fails
}

// A value kept by name: tokens, keys and e-mail addresses inside it still go, also where they are
// percent-encoded; a nested URL (ru=, returnUrl=) loses its own secret parameters. A changed
// encoded value is written in one canonical encoding, so a value and its sanitized copy (with
// placeholders in place of the secrets) print the same.
std::string safeValue(std::string_view raw) {
  if (isPlaceholder(raw)) return std::string(kRedacted);
  if (raw.find('%') == std::string_view::npos && raw.find('+') == std::string_view::npos) {
    std::string safe = scrub(raw, /*keepUser=*/false);
    bool nested = (safe.find('?') != std::string::npos || safe.find('#') != std::string::npos) &&
                  (safe.starts_with("http") || safe.starts_with("/"));
    return nested ? safeUrl(safe) : safe;
  }
  std::string decoded = text::percentDecode(raw, true);
  std::string safe = scrub(decoded, false);
  bool nested = (safe.find('?') != std::string::npos || safe.find('#') != std::string::npos) &&
                (safe.starts_with("http") || safe.starts_with("/"));
  if (nested) safe = safeUrl(safe);
  if (safe == decoded) return std::string(raw);
  return text::percentEncode(safe, true);
}

// The path with tokens, keys, e-mail addresses and placeholders hidden, segment by segment so
// percent-encoded ones are found too; unchanged segments are kept as written.
void appendSafePath(std::string& out, std::string_view path) {
  while (true) {
    std::size_t slash = path.find('/');
    std::string_view segment = path.substr(0, slash);
    std::string safe = scrub(segment, /*keepUser=*/false);
    if (safe == segment && segment.find('%') != std::string_view::npos) {
      std::string decoded = text::percentDecode(segment, false);
      std::string decodedSafe = scrub(decoded, false);
      if (decodedSafe != decoded) safe = text::percentEncode(decodedSafe, false);
    }
    out.append(safe);
    if (slash == std::string_view::npos) return;
    out.push_back('/');
    path.remove_prefix(slash + 1);
  }
}

// Rewrites "a=b&c=d" keeping names and separators, replacing secret values.
void appendSafeParams(std::string& out, std::string_view params, unsigned context) {
  while (true) {
    std::size_t amp = params.find('&');
    std::string_view pair = params.substr(0, amp);
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && eq + 1 < pair.size()) {
      out.append(pair.substr(0, eq + 1));
      std::string_view value = pair.substr(eq + 1);
      std::string name = text::percentDecode(pair.substr(0, eq), true);
      if (isSecretParam(name, context) && !isErrorCodeValue(name, value)) out.append(kRedacted);
      else out.append(safeValue(value));
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) return;
    out.push_back('&');
    params.remove_prefix(amp + 1);
  }
}

}  // namespace

const RuleSet* builtInRules() {
  static const std::optional<RuleSet> rules = []() -> std::optional<RuleSet> {
    Expected<RuleSet> created = RuleSet::create();
    if (!created) return std::nullopt;
    return std::move(created).value();
  }();
  return rules ? &*rules : nullptr;
}

bool isSecretParam(std::string_view name, unsigned context) {
  const RuleSet* rules = builtInRules();
  if (rules == nullptr) return true;  // fail closed
  for (RuleTarget target : {RuleTarget::Param, RuleTarget::PiiParam, RuleTarget::StateParam, RuleTarget::GenericParam})
    if (rules->kindFor(target, name, context)) return true;
  return false;
}

std::string safeUrl(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  std::size_t fragmentAt = url.find('#');
  std::string_view beforeFragment = url.substr(0, fragmentAt);
  std::size_t queryAt = beforeFragment.find('?');
  std::string_view base = beforeFragment.substr(0, queryAt);

  // userinfo password: scheme://user:password@host
  std::size_t scheme = base.find("://");
  std::size_t authorityEnd = scheme == std::string_view::npos ? 0 : base.find('/', scheme + 3);
  std::string_view authority = scheme == std::string_view::npos
                                   ? std::string_view{}
                                   : base.substr(scheme + 3, authorityEnd == std::string_view::npos
                                                                  ? std::string_view::npos
                                                                  : authorityEnd - scheme - 3);
  std::size_t at = authority.rfind('@');
  std::size_t colon = at == std::string_view::npos ? std::string_view::npos : authority.substr(0, at).find(':');
  std::size_t pathAt = scheme == std::string_view::npos ? 0
                       : authorityEnd == std::string_view::npos ? base.size()
                                                                : authorityEnd;
  if (colon != std::string_view::npos) {
    out.append(base.substr(0, scheme + 3 + colon + 1));
    out.append(kRedacted);
    out.append(base.substr(scheme + 3 + at, pathAt - (scheme + 3 + at)));
  } else {
    out.append(base.substr(0, pathAt));
  }
  // A token or an e-mail address can sit in the path too (/users/adele@contoso.example).
  appendSafePath(out, base.substr(pathAt));

  if (queryAt != std::string_view::npos) {
    out.push_back('?');
    appendSafeParams(out, beforeFragment.substr(queryAt + 1), kContextQuery);
  }
  if (fragmentAt != std::string_view::npos) {
    out.push_back('#');
    appendSafeParams(out, url.substr(fragmentAt + 1), kContextFragment);
  }
  return out;
}

namespace {

bool isParamNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

bool endsParamValue(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '&' || c == ';' || c == ',' || c == '"' || c == '\'' ||
         c == '<' || c == '>';
}

// Free text can run on into `name=value` pairs (a message followed by "&password=..."): the
// values of secret names go, as in a query or form.
std::string maskSecretPairs(std::string_view text) {
  if (text.find('=') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    std::size_t nameBegin = eq;
    while (nameBegin > i && isParamNameChar(text[nameBegin - 1])) --nameBegin;
    std::size_t valueEnd = eq + 1;
    while (valueEnd < text.size() && !endsParamValue(text[valueEnd])) ++valueEnd;
    std::string_view name = text.substr(nameBegin, eq - nameBegin);
    std::string_view value = text.substr(eq + 1, valueEnd - eq - 1);
    out.append(text.substr(i, eq + 1 - i));
    bool secret = !name.empty() && !value.empty() && !isErrorCodeValue(name, value) &&
                  (isSecretParam(name, kContextQuery) || isSecretParam(name, kContextForm));
    if (secret) out.append(kRedacted);
    else out.append(value);
    i = valueEnd;
  }
  return out;
}

}  // namespace

std::string safeText(std::string_view text, bool keepUser) { return scrub(maskSecretPairs(text), keepUser); }

}  // namespace tracesan::aad
