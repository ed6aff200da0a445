#include "codec/Chunked.h"

#include <cstring>

namespace tracesan::codec {
namespace {

constexpr std::size_t kDefaultChunkSize = 8192;

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string toHex(std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buf[2 * sizeof(std::size_t)];
  std::size_t len = 0;
  do {
    buf[len++] = kDigits[n & 15];
    n >>= 4;
  } while (n != 0);
  std::string out;
  out.reserve(len);
  while (len > 0) out += buf[--len];
  return out;
}

Error chunkError(std::size_t offset, const std::string& what) {
  return invalidInput("chunk at offset " + std::to_string(offset) + ": " + what);
}

// Finds the end of the line starting at pos: returns the offset of '\n', or npos.
std::size_t findLineEnd(std::string_view data, std::size_t pos) {
  const void* nl = std::memchr(data.data() + pos, '\n', data.size() - pos);
  return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) : std::string_view::npos;
}

}  // namespace

Expected<std::string> dechunk(std::string_view body, std::string* trailers, std::size_t maxOut) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    if (pos >= body.size()) return invalidInput("missing final chunk after " + std::to_string(out.size()) + " bytes");
    const std::size_t lineStart = pos;
    std::size_t nl = findLineEnd(body, pos);
    const bool unterminated = nl == std::string_view::npos;
    if (unterminated) nl = body.size();

    // chunk-size [ BWS ";" chunk-ext ] CRLF
    std::size_t size = 0, digits = 0, i = pos;
    for (; i < nl; ++i) {
      int v = hexValue(body[i]);
      if (v < 0) break;
      if (size > (std::numeric_limits<std::size_t>::max() >> 4)) return chunkError(lineStart, "chunk size overflows");
      size = (size << 4) | static_cast<std::size_t>(v);
      ++digits;
    }
    if (digits == 0) return chunkError(lineStart, "invalid chunk size line");
    while (i < nl && (body[i] == ' ' || body[i] == '\t')) ++i;
    if (i < nl && body[i] != ';' && !(body[i] == '\r' && i + 1 == nl))
      return chunkError(lineStart, "invalid chunk size line");
    if (unterminated && size != 0) return chunkError(lineStart, "chunk size line without a line ending");
    pos = unterminated ? nl : nl + 1;

    if (size == 0) break;
    std::size_t remaining = body.size() - pos;
    if (size > remaining)
      return chunkError(lineStart, "chunk size 0x" + toHex(size) + " exceeds remaining " + std::to_string(remaining) +
                                       " bytes");
    if (size > maxOut - out.size())
      return invalidInput("dechunked size exceeds limit " + std::to_string(maxOut));
    out.append(body.substr(pos, size));
    pos += size;
    if (pos < body.size() && body[pos] == '\r') ++pos;
    if (pos >= body.size() || body[pos] != '\n')
      return chunkError(lineStart, "missing line ending after " + std::to_string(size) + " bytes of chunk data");
    ++pos;
  }

  // Trailer section: header lines up to an empty line. A body that ends right after the last
  // chunk or inside the trailers lost only framing, not data, so it is accepted.
  const std::size_t trailerStart = pos;
  std::size_t trailerEnd = pos;
  while (pos < body.size()) {
    std::size_t nl = findLineEnd(body, pos);
    std::size_t end = nl == std::string_view::npos ? body.size() : nl;
    std::string_view line = body.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      pos = nl == std::string_view::npos ? body.size() : nl + 1;
      break;
    }
    if (line.find(':') == std::string_view::npos)
      return invalidInput("trailer at offset " + std::to_string(pos) + ": line without a colon");
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
    trailerEnd = pos;
  }
  for (std::size_t k = pos; k < body.size(); ++k) {
    if (body[k] != '\r' && body[k] != '\n')
      return invalidInput(std::to_string(body.size() - pos) + " bytes of data after the final chunk at offset " +
                          std::to_string(pos));
  }
  if (trailers != nullptr) {
    trailers->assign(body.substr(trailerStart, trailerEnd - trailerStart));
    if (!trailers->empty() && trailers->back() != '\n') *trailers += "\r\n";
  }
  return out;
}

std::string chunk(std::string_view body, std::size_t chunkSize, std::string_view trailers) {
  if (chunkSize == 0) chunkSize = kDefaultChunkSize;
  std::string out;
  std::size_t chunks = (body.size() + chunkSize - 1) / chunkSize;
  out.reserve(body.size() + chunks * (toHex(chunkSize).size() + 4) + 5 + trailers.size() + 2);
  for (std::size_t pos = 0; pos < body.size(); pos += chunkSize) {
    std::string_view piece = body.substr(pos, chunkSize);
    out += toHex(piece.size());
    out += "\r\n";
    out += piece;
    out += "\r\n";
  }
  out += "0\r\n";
  if (!trailers.empty()) {
    out += trailers;
    if (trailers.back() != '\n') out += "\r\n";
  }
  out += "\r\n";
  return out;
}

}  // namespace tracesan::codec
