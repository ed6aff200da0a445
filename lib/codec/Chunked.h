// HTTP/1.1 chunked transfer coding (RFC 9112 §7.1): removing it from a captured body and writing
// it back after the body was changed.
//
//   std::string trailers;
//   auto plain = dechunk(raw, &trailers);           // "5\r\nhello\r\n0\r\n\r\n" -> "hello"
//   std::string wire = chunk(*plain, 8192, trailers);
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include "tracesan/Error.h"

namespace tracesan::codec {

// Decodes a chunked body. Chunk sizes are hex (either case), chunk extensions are skipped, line
// endings may be CRLF or LF. Trailer lines (after the last chunk) go to `trailers` verbatim, line
// endings included (CRLF is added to a last line the data cut off). Only CR/LF may follow the end of the body. Errors name the byte offset:
// "chunk at offset 14: chunk size 0x2000 exceeds remaining 12 bytes", "missing final chunk".
Expected<std::string> dechunk(std::string_view body, std::string* trailers = nullptr,
                              std::size_t maxOut = std::numeric_limits<std::size_t>::max());

// Writes `body` as chunks of `chunkSize` bytes (0 means the default), the final "0" chunk,
// `trailers` (header lines; a missing final CRLF is added) and the closing CRLF.
std::string chunk(std::string_view body, std::size_t chunkSize = 8192, std::string_view trailers = {});

}  // namespace tracesan::codec
