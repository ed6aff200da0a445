// Raw HTTP/1.x messages as Fiddler stores them in SAZ archives: a start line, header lines, a
// blank line and the body, which is simply the rest of the data (no terminator, Content-Length
// may be stale). Views point into the caller's bytes, which must outlive the message; byte
// spans let writers patch the original.
//
//   auto msg = parseRequest(bytes);
//   if (msg && msg->header("Authorization")) patch(msg->header("Authorization")->valueBegin, ...);
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Error.h"

namespace tracesan::http {

// One header field. For an obs-fold value (continuation lines starting with SP/HTAB) `value` is
// the logical value: the pieces trimmed and joined with one SP, stored in the message.
struct HeaderLine {
  std::string_view name, value;
  std::size_t lineBegin = 0, lineEnd = 0;    // the whole line(s), line endings included
  std::size_t valueBegin = 0, valueEnd = 0;  // the value as stored (trimmed); spans all folded lines
  bool folded = false;                       // value was joined from obs-fold continuation lines
};

// A parsed request or response. Copies share the storage of folded values, so every view stays
// valid for as long as the original bytes and any copy live.
struct HttpMessage {
  bool isRequest = true;
  // Request line. target is absolute-form, origin-form, authority-form (CONNECT) or "*".
  std::string_view method, target;
  std::size_t targetBegin = 0, targetEnd = 0;
  // Request or status line. version is empty for a request line without one ("GET /").
  std::string_view version;
  // Status line.
  int status = 0;
  std::string_view reason;

  std::vector<HeaderLine> headers;  // in order, duplicates kept
  std::size_t headEnd = 0;          // where the body starts (after the blank line)
  std::string_view body;            // the rest of the data, raw (still chunked / compressed)
  bool hasBlankLine = true;         // false when the data ended inside the headers

  // Backing storage for folded header values.
  std::shared_ptr<const std::string> foldedStorage;

  // First header with this name (ASCII case-insensitive), or nullptr.
  const HeaderLine* header(std::string_view name) const;
  std::vector<const HeaderLine*> headersNamed(std::string_view name) const;
  // All values of a header joined with ", " (list-valued headers such as Transfer-Encoding).
  std::string headerValues(std::string_view name) const;
};

// Parses a request (`bytes` must outlive the result). Errors name the line, e.g.
// "line 3: header line without a colon".
Expected<HttpMessage> parseRequest(std::string_view bytes);
// Parses a response; the status must be three digits.
Expected<HttpMessage> parseResponse(std::string_view bytes);

bool isConnect(const HttpMessage& msg);

// The pieces of a request target.
struct RequestTarget {
  enum class Form { Origin, Absolute, Authority, Asterisk };
  Form form = Form::Origin;
  std::string_view scheme;     // "https" (absolute-form only)
  std::string_view userinfo;   // "user:pass" in "http://user:pass@host/" (absolute-form only)
  std::string_view authority;  // "host:443" (without userinfo)
  std::string_view host;       // "host" or "[::1]"
  std::string_view port;       // "443" or empty
  std::string_view path;       // "/a/b" (empty for authority-form, "*" for asterisk-form)
  std::string_view query;      // after '?', without it and without the fragment
  std::string_view fragment;   // after '#', without it
  bool hasQuery = false;
  bool hasFragment = false;
};

// Splits a target; never fails (unrecognized text becomes an origin-form path).
RequestTarget splitTarget(std::string_view target);

// The full URL of a request: absolute-form targets as is; origin-form joined with the Host header
// ("https://host/path" when `https`); CONNECT's authority-form and "*" returned as is. Without a
// Host header an origin-form target is returned unchanged.
std::string effectiveUrl(const HttpMessage& request, bool https);

// ASCII case-insensitive comparison, as header names and codings need.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace tracesan::http
