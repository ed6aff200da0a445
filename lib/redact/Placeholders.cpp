// Placeholder syntax and text edits (see Placeholders.h).
#include "redact/Placeholders.h"

#include <algorithm>
#include <cctype>

#include "rules/Pseudonym.h"
#include "tracesan/Rules.h"

namespace tracesan::redact {

namespace {
bool placeholderChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }
}  // namespace

bool overlaps(const Span& a, const Span& b) { return a.begin < b.end && b.begin < a.end; }
bool overlapsAny(const Span& s, const std::vector<Span>& spans) {
  return std::any_of(spans.begin(), spans.end(), [&](const Span& p) { return overlaps(s, p); });
}

void placeholderRanges(std::string_view s, std::vector<Span>& out) {
  std::size_t pos = 0;
  while ((pos = s.find(kPlaceholderPrefix, pos)) != std::string_view::npos) {
    std::size_t end = pos + kPlaceholderPrefix.size();
    while (end < s.size() && placeholderChar(s[end])) ++end;
    out.push_back({pos, end});
    pos = end;
  }
}

bool isNeutralizedJwt(std::string_view s) {
  auto last = s.rfind('.');
  if (last == std::string_view::npos || s.substr(0, 3) != "eyJ") return false;
  return isPlaceholder(s.substr(last + 1));
}

bool isRedactedValue(std::string_view s) { return isPlaceholder(s) || isNeutralizedJwt(s); }

std::string applyEdits(std::string_view s, std::vector<Edit>& edits) {
  return text::applyEdits(s, std::move(edits), text::Overlap::FirstWins).value();  // FirstWins never fails
}

std::string sameLengthPlaceholder(const std::string& placeholder, std::size_t length) {
  if (placeholder.size() == length) return placeholder;
  constexpr std::size_t kShortest = 9 + 1 + 1 + 8;  // REDACTED-k-12345678
  if (length < kShortest) return std::string(length, 'x');
  const std::size_t hashAt = placeholder.size() - 9;  // "-<8 hex>"
  std::string kind = placeholder.substr(9, hashAt - 9);
  const std::size_t kindLength = length - kShortest + 1;
  if (kind.size() > kindLength) kind.resize(kindLength);
  else kind.append(kindLength - kind.size(), '_');
  return placeholder.substr(0, 9) + kind + placeholder.substr(hashAt);
}

}  // namespace tracesan::redact
