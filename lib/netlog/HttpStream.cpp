#include "netlog/HttpStream.h"

#include <cstdlib>
#include <optional>

#include "http/HttpMessage.h"

namespace tracesan::netlog {
namespace {

bool isTlsRecord(std::string_view s) {
  if (s.size() < 3) return false;
  auto type = static_cast<unsigned char>(s[0]);
  return type >= 0x14 && type <= 0x17 && s[1] == '\x03';
}

// Length of a chunked body at the start of `body`, trailers and the final CRLF included;
// nullopt when it does not end in `body`.
std::optional<std::size_t> chunkedLength(std::string_view body) {
  std::size_t p = 0;
  for (;;) {
    std::size_t eol = body.find('\n', p);
    if (eol == std::string_view::npos) return std::nullopt;
    std::string sizeLine(body.substr(p, eol - p));
    char* end = nullptr;
    unsigned long long size = std::strtoull(sizeLine.c_str(), &end, 16);
    if (end == sizeLine.c_str()) return std::nullopt;
    p = eol + 1;
    if (size == 0) break;
    if (size > body.size() - p) return std::nullopt;
    p += static_cast<std::size_t>(size);
    std::size_t next = body.find('\n', p);
    if (next == std::string_view::npos) return std::nullopt;
    p = next + 1;
  }
  for (;;) {  // trailers up to an empty line
    std::size_t eol = body.find('\n', p);
    if (eol == std::string_view::npos) return body.size();
    bool empty = eol == p || (eol == p + 1 && body[p] == '\r');
    p = eol + 1;
    if (empty) return p;
  }
}

}  // namespace

std::vector<StreamMessage> splitHttpStream(std::string_view stream, bool requests) {
  std::vector<StreamMessage> out;
  if (stream.empty() || isTlsRecord(stream)) return out;
  std::size_t p = 0;
  while (p < stream.size()) {
    std::string_view rest = stream.substr(p);
    std::size_t headEnd = rest.find("\r\n\r\n");
    std::size_t sepLen = 4;
    if (headEnd == std::string_view::npos) {
      headEnd = rest.find("\n\n");
      sepLen = 2;
    }
    std::string_view head = headEnd == std::string_view::npos ? rest : rest.substr(0, headEnd + sepLen);
    auto msg = requests ? http::parseRequest(head) : http::parseResponse(head);
    if (!msg || headEnd == std::string_view::npos) {
      out.push_back({p, stream.size(), false, msg ? "an HTTP message cut off in its headers" : "not an HTTP/1.x message"});
      break;
    }
    std::size_t bodyStart = headEnd + sepLen;
    std::string_view body = rest.substr(bodyStart);
    std::size_t bodyLen = 0;
    std::string te = msg->headerValues("Transfer-Encoding");
    const http::HeaderLine* cl = msg->header("Content-Length");
    bool noBody = !requests && ((msg->status >= 100 && msg->status < 200) || msg->status == 204 || msg->status == 304);
    if (noBody) {
      bodyLen = 0;
    } else if (te.find("chunked") != std::string::npos || te.find("CHUNKED") != std::string::npos) {
      bodyLen = chunkedLength(body).value_or(body.size());
    } else if (cl) {
      unsigned long long n = std::strtoull(std::string(cl->value).c_str(), nullptr, 10);
      bodyLen = n < body.size() ? static_cast<std::size_t>(n) : body.size();
    } else {
      bodyLen = requests ? 0 : body.size();
    }
    out.push_back({p, p + bodyStart + bodyLen, true, {}});
    p += bodyStart + bodyLen;
  }
  return out;
}

}  // namespace tracesan::netlog
