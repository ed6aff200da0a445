// Placeholder syntax and text edits, shared by the redaction engine's parts: which runs of a text
// are placeholders already (never secrets to replace nor leaks), and the redactor's overlap policy
// for span edits.
//
//   std::vector<Span> skip;  placeholderRanges(text, skip);
//   std::string out = applyEdits(text, edits);   // the first of overlapping edits wins
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "text/Edits.h"

namespace tracesan::redact {

struct Span {
  std::size_t begin = 0, end = 0;
};

bool overlaps(const Span& a, const Span& b);
bool overlapsAny(const Span& s, const std::vector<Span>& spans);

// Every placeholder-looking run in `s` (REDACTED- followed by placeholder characters).
void placeholderRanges(std::string_view s, std::vector<Span>& out);

// A JWS whose signature segment is a placeholder: what --keep-jwt-claims leaves behind.
bool isNeutralizedJwt(std::string_view s);

// Values that are already redacted are neither secrets to replace nor leaks.
bool isRedactedValue(std::string_view s);

using text::Edit;

// The redactor's edits to `s` (text::applyEdits): its detectors may find the same bytes twice, so
// the first of overlapping edits wins. `edits` is consumed.
std::string applyEdits(std::string_view s, std::vector<Edit>& edits);

// A placeholder exactly `length` bytes long, for binary payloads whose framing (protobuf and
// MessagePack length prefixes) must not move: the kind is padded with '_' or cut, so the result
// is still a placeholder; below the shortest placeholder, 'x's.
std::string sameLengthPlaceholder(const std::string& placeholder, std::size_t length);

}  // namespace tracesan::redact
