// The decoding pipeline for HTTP bodies stored as they went over the wire: transfer codings
// (chunked) first, then content codings in reverse order of listing. encodeBody undoes it so a
// sanitized body can be written back in its original form.
//
//   DecodedBody d = decodeBody(raw, "chunked", "gzip", 256 << 20);   // d.codings == {"chunked", "gzip"}
//   if (d.error.empty()) { auto wire = encodeBody(edited, d.codings, d.trailers); }
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Error.h"

namespace tracesan::codec {

struct DecodedBody {
  std::string bytes;                 // decoded body; the raw input when error is set
  std::vector<std::string> codings;  // declared codings in the order they are removed, outermost
                                     // first, lowercase and canonical ("x-gzip" -> "gzip"), e.g.
                                     // {"chunked", "br", "gzip"} for chunked + "gzip, br";
                                     // empty for an empty body (nothing to decode); still
                                     // listed when error is set
  std::string error;                 // empty when fully decoded, e.g. "content-encoding gzip: truncated gzip data"
  std::string trailers;              // chunked trailer lines, verbatim
};

// `transferEncoding` and `contentEncoding` are header values (comma lists, any case, possibly
// empty). "identity" is ignored; unknown codings are an error ("unsupported content-encoding
// 'zstd'"), never guessed. `maxOut` bounds the output of every stage.
DecodedBody decodeBody(std::string_view raw, std::string_view transferEncoding, std::string_view contentEncoding,
                       std::size_t maxOut);

// Applies `codings` (as DecodedBody lists them) in reverse: the last one first, "chunked" (with
// `trailers`) normally last.
Expected<std::string> encodeBody(std::string_view decoded, const std::vector<std::string>& codings,
                                 std::string_view trailers = {});

// A HAR body stored as base64 is normally the decoded content, but some writers store the bytes as
// they came (base64 of gzip). Returns the decoded body when `contentEncoding` names a coding and
// `bytes` still are in it (gzip's magic number; deflate and brotli, which have none, are tried);
// nullopt when the bytes are already decoded or do not decode.
std::optional<DecodedBody> decodeStoredCoding(std::string_view bytes, std::string_view contentEncoding,
                                              std::size_t maxOut);

}  // namespace tracesan::codec
