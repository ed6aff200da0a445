// Escape layers of text, decoded with a map back to the original bytes: percent-encoding (also
// twice), HTML entities and JavaScript string escapes. A detector runs over the decoded text and
// each span it finds maps back to the original bytes it came from, so a secret hidden one layer
// down (`access_token&#x3D;…`, `%26access_token%3D…`, `\u0026access_token\u003d…`) is replaced in
// place. Placeholders are plain [A-Za-z0-9_-], valid unescaped in every one of these layers.
//
//   for (const DecodedRegion& r : decodeLayer(Layer::Html, page))
//     edits.push_back({r.original(a), r.original(b), placeholder});   // [a, b) found in r.text
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tracesan::text {

enum class Layer { Percent, Html, JsEscape };

// One region of the original text that holds escapes, decoded.
struct DecodedRegion {
  std::size_t begin = 0, end = 0;   // the region in the original text
  std::string text;                 // decoded
  std::vector<std::size_t> source;  // source[i]: original offset where decoded byte i starts
  // The original offset of decoded position `i` (i == text.size() maps to `end`).
  std::size_t original(std::size_t i) const { return i < source.size() ? source[i] : end; }
};

// Cheap test: whether `s` holds escapes of `layer` that can hide structure (an encoded '&', '=',
// '.', '"', '%' …), so decoding it can reveal something the raw text does not show.
bool mayHideStructure(Layer layer, std::string_view s);

// The regions of `s` that hold escapes of `layer`, each decoded. Regions are separated by the
// characters that end a value in their context (quotes, angle brackets, white space, line ends).
std::vector<DecodedRegion> decodeLayer(Layer layer, std::string_view s);

}  // namespace tracesan::text
