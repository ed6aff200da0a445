// Content codings of HTTP bodies: gzip, deflate and brotli, with a limit on the decoded size so a
// small compressed body cannot exhaust memory.
//
//   auto plain = gzipDecode(raw, 64 << 20);   // error "decompressed size exceeds limit 67108864"
//   auto wire = gzipEncode(*plain);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "tracesan/Error.h"

namespace tracesan::codec {

// gzip (RFC 1952), all members of a multi-member file; trailing zero bytes are tolerated.
// Input that ends early, a bad CRC or trailing garbage is an error, never a short result.
Expected<std::string> gzipDecode(std::string_view data, std::size_t maxOut);
// HTTP "deflate": zlib-wrapped (RFC 1950) as the spec says, or raw deflate (RFC 1951) as some
// servers send; zlib is tried first.
Expected<std::string> deflateDecode(std::string_view data, std::size_t maxOut);
// Brotli (RFC 7932).
Expected<std::string> brotliDecode(std::string_view data, std::size_t maxOut);

Expected<std::string> gzipEncode(std::string_view data);
Expected<std::string> deflateEncode(std::string_view data);  // zlib format
Expected<std::string> brotliEncode(std::string_view data);

}  // namespace tracesan::codec
