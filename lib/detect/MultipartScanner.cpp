// multipart/form-data bodies.
#include "detect/Scanners.h"
#include "text/TextCodec.h"

namespace tracesan::detect {

namespace {

// Value of a `key=value` or `key="value"` parameter in a header value, searched case-insensitively
// at parameter boundaries. Returns the raw span inside `header` (without quotes).
std::optional<std::pair<std::size_t, std::size_t>> headerParameter(std::string_view header, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = text::findIgnoreCase(header, key, pos)) != std::string_view::npos) {
    const bool atBoundary = pos == 0 || header[pos - 1] == ';' || header[pos - 1] == ' ' || header[pos - 1] == '\t';
    std::size_t p = pos + key.size();
    while (p < header.size() && (header[p] == ' ' || header[p] == '\t')) ++p;
    if (!atBoundary || p >= header.size() || header[p] != '=') {
      pos += key.size();
      continue;
    }
    ++p;
    while (p < header.size() && (header[p] == ' ' || header[p] == '\t')) ++p;
    if (p < header.size() && header[p] == '"') {
      std::size_t close = p + 1;
      while (close < header.size() && header[close] != '"') {
        if (header[close] == '\\' && close + 1 < header.size()) ++close;
        ++close;
      }
      return std::make_pair(p + 1, std::min(close, header.size()));
    }
    std::size_t e = p;
    while (e < header.size() && header[e] != ';' && header[e] != ' ' && header[e] != '\t' && header[e] != '\r' &&
           header[e] != '\n')
      ++e;
    return std::make_pair(p, e);
  }
  return std::nullopt;
}

std::string unquote(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    out.push_back(s[i]);
  }
  return out;
}

// Finds the Content-Disposition line in a part's header block.
std::string_view contentDisposition(std::string_view headers, std::size_t& offsetInHeaders) {
  std::size_t pos = 0;
  while (pos < headers.size()) {
    std::size_t eol = headers.find('\n', pos);
    if (eol == std::string_view::npos) eol = headers.size();
    std::string_view line = headers.substr(pos, eol - pos);
    if (text::startsWithIgnoreCase(line, "content-disposition:")) {
      offsetInHeaders = pos;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return line;
    }
    pos = eol + 1;
  }
  return {};
}

}  // namespace

std::optional<std::string_view> multipartBoundary(std::string_view contentType) {
  auto span = headerParameter(contentType, "boundary");
  if (!span || span->first == span->second) return std::nullopt;
  return contentType.substr(span->first, span->second - span->first);
}

std::vector<NamedValue> scanMultipart(std::string_view body, std::string_view boundary) {
  std::vector<NamedValue> out;
  std::string delimiter = "--";
  if (boundary.empty()) {
    // Take the boundary from the first line: "--<boundary>\r\n".
    std::size_t start = body.find("--");
    if (start == std::string_view::npos) return out;
    std::size_t eol = body.find_first_of("\r\n", start);
    if (eol == std::string_view::npos || eol == start + 2) return out;
    boundary = body.substr(start + 2, eol - start - 2);
  }
  delimiter.append(boundary);

  std::size_t pos = body.find(delimiter);
  while (pos != std::string_view::npos) {
    std::size_t afterDelimiter = pos + delimiter.size();
    if (body.compare(afterDelimiter, 2, "--") == 0) break;  // closing delimiter
    // The part starts after the rest of the delimiter line.
    std::size_t partStart = body.find('\n', afterDelimiter);
    if (partStart == std::string_view::npos) break;
    ++partStart;
    // Look for the end of the part's headers only up to the next delimiter, so the scan stays linear.
    const std::size_t next = body.find(delimiter, partStart);
    const std::string_view region = body.substr(partStart, next == std::string_view::npos ? body.size() - partStart
                                                                                          : next - partStart);
    std::size_t crlf = region.find("\r\n\r\n");
    std::size_t lf = region.find("\n\n");
    std::size_t headersEnd = 0, bodyStart = 0;
    if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
      headersEnd = partStart + crlf;
      bodyStart = headersEnd + 4;
    } else if (lf != std::string_view::npos) {
      headersEnd = partStart + lf;
      bodyStart = headersEnd + 2;
    } else {
      // A part without a header/body separator has no body.
      if (next == std::string_view::npos) break;
      pos = next;
      continue;
    }
    std::size_t bodyEnd = next == std::string_view::npos ? body.size() : next;
    // The line break before the delimiter belongs to the delimiter.
    if (next != std::string_view::npos) {
      if (bodyEnd > bodyStart && body[bodyEnd - 1] == '\n') --bodyEnd;
      if (bodyEnd > bodyStart && body[bodyEnd - 1] == '\r') --bodyEnd;
    }

    std::string_view headers = body.substr(partStart, headersEnd - partStart);
    std::size_t dispositionOffset = 0;
    std::string_view disposition = contentDisposition(headers, dispositionOffset);
    auto nameSpan = headerParameter(disposition, "name");
    std::string name = nameSpan ? unquote(disposition.substr(nameSpan->first, nameSpan->second - nameSpan->first)) : "";

    NamedValue v;
    v.name = name;
    v.path = "multipart." + name;
    v.begin = bodyStart;
    v.end = bodyEnd;
    v.value = std::string(body.substr(bodyStart, bodyEnd - bodyStart));
    out.push_back(std::move(v));

    if (auto fileSpan = headerParameter(disposition, "filename")) {
      NamedValue f;
      f.name = "filename";
      f.path = "multipart." + name + ".filename";
      f.begin = partStart + dispositionOffset + fileSpan->first;
      f.end = partStart + dispositionOffset + fileSpan->second;
      f.value = unquote(disposition.substr(fileSpan->first, fileSpan->second - fileSpan->first));
      out.push_back(std::move(f));
    }
    if (next == std::string_view::npos) break;
    pos = next;
  }
  return out;
}

}  // namespace tracesan::detect
