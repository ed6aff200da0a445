#include "codec/BodyCodec.h"

#include <algorithm>

#include "codec/Chunked.h"
#include "codec/Compression.h"
#include "text/TextCodec.h"

namespace tracesan::codec {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The codings listed in a header value, lowercase, aliases resolved, "identity" dropped,
// in the order listed. Transfer codings may carry parameters ("chunked;foo=1"); they are dropped.
std::vector<std::string> listCodings(std::string_view header) {
  std::vector<std::string> out;
  while (!header.empty()) {
    std::size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    item = trim(item.substr(0, item.find(';')));
    if (item.empty()) continue;
    std::string name = lowercase(item);
    if (name == "identity") continue;
    if (name == "x-gzip") name = "gzip";
    if (name == "x-deflate") name = "deflate";
    out.push_back(std::move(name));
  }
  return out;
}

bool isKnown(const std::string& coding) {
  return coding == "chunked" || coding == "gzip" || coding == "deflate" || coding == "br";
}

Expected<std::string> removeCoding(const std::string& coding, std::string_view data, std::size_t maxOut,
                                   std::string& trailers) {
  if (coding == "chunked") return dechunk(data, &trailers, maxOut);
  if (coding == "gzip") return gzipDecode(data, maxOut);
  if (coding == "deflate") return deflateDecode(data, maxOut);
  return brotliDecode(data, maxOut);
}

}  // namespace

DecodedBody decodeBody(std::string_view raw, std::string_view transferEncoding, std::string_view contentEncoding,
                       std::size_t maxOut) {
  DecodedBody result;
  if (raw.empty()) return result;  // HEAD, 204, 304: declared codings but nothing to decode

  // The sender applied content codings in listed order, then transfer codings; undo in reverse.
  std::vector<std::string> te = listCodings(transferEncoding);
  std::vector<std::string> ce = listCodings(contentEncoding);
  std::vector<std::string_view> sources;
  for (auto it = te.rbegin(); it != te.rend(); ++it) {
    result.codings.push_back(*it);
    sources.push_back("transfer-encoding");
  }
  for (auto it = ce.rbegin(); it != ce.rend(); ++it) {
    result.codings.push_back(*it);
    sources.push_back("content-encoding");
  }

  auto fail = [&](std::string message) {
    result.bytes.assign(raw);
    result.trailers.clear();
    result.error = std::move(message);
    return result;
  };
  for (std::size_t i = 0; i < result.codings.size(); ++i) {
    const std::string& coding = result.codings[i];
    if (!isKnown(coding) || (coding == "chunked" && sources[i] == "content-encoding"))
      return fail("unsupported " + std::string(sources[i]) + " '" + coding + "'");
  }

  std::string current;
  std::string_view input = raw;
  for (std::size_t i = 0; i < result.codings.size(); ++i) {
    Expected<std::string> next = removeCoding(result.codings[i], input, maxOut, result.trailers);
    if (!next) return fail(std::string(sources[i]) + " " + result.codings[i] + ": " + next.error().message());
    current = std::move(next).value();
    input = current;
  }
  if (result.codings.empty()) {
    result.bytes.assign(raw);
  } else {
    result.bytes = std::move(current);
  }
  return result;
}

Expected<std::string> encodeBody(std::string_view decoded, const std::vector<std::string>& codings,
                                 std::string_view trailers) {
  std::string current(decoded);
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    std::string coding = lowercase(trim(*it));
    if (coding == "x-gzip") coding = "gzip";
    if (coding == "x-deflate") coding = "deflate";
    Expected<std::string> next = std::string();
    if (coding == "identity" || coding.empty()) {
      continue;
    } else if (coding == "chunked") {
      next = chunk(current, 8192, trailers);
    } else if (coding == "gzip") {
      next = gzipEncode(current);
    } else if (coding == "deflate") {
      next = deflateEncode(current);
    } else if (coding == "br") {
      next = brotliEncode(current);
    } else {
      return Error(ErrorKind::Unsupported, "cannot encode unsupported coding '" + coding + "'");
    }
    if (!next) return next.error().withContext(coding);
    current = std::move(next).value();
  }
  return current;
}

std::optional<DecodedBody> decodeStoredCoding(std::string_view bytes, std::string_view contentEncoding,
                                              std::size_t maxOut) {
  std::string lower = text::toLower(contentEncoding);
  if (lower.empty() || lower == "identity" || bytes.empty()) return std::nullopt;
  if (lower.find("gzip") != std::string::npos && !bytes.starts_with("\x1f\x8b")) return std::nullopt;
  DecodedBody decoded = decodeBody(bytes, "", contentEncoding, maxOut);
  if (!decoded.error.empty()) return std::nullopt;
  return decoded;
}

}  // namespace tracesan::codec
