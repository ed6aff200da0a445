// Choosing a structure scanner for a body.
#include "detect/Scanners.h"
#include "text/TextCodec.h"

namespace tracesan::detect {

namespace {

enum class BodyKind { Unknown, Form, Multipart, Json, Html, Other };

BodyKind kindFromContentType(std::string_view contentType) {
  const std::size_t semi = contentType.find(';');
  std::string mime = text::toLower(contentType.substr(0, semi));
  while (!mime.empty() && (mime.back() == ' ' || mime.back() == '\t')) mime.pop_back();
  std::size_t start = 0;
  while (start < mime.size() && (mime[start] == ' ' || mime[start] == '\t')) ++start;
  std::string_view type = std::string_view(mime).substr(start);
  if (type.empty()) return BodyKind::Unknown;
  if (type == "application/x-www-form-urlencoded") return BodyKind::Form;
  if (type.substr(0, 10) == "multipart/") return BodyKind::Multipart;
  if (type == "application/json" || type == "text/json" || type.ends_with("+json") || type == "application/jwk-set")
    return BodyKind::Json;
  if (type == "text/html" || type == "application/xhtml+xml") return BodyKind::Html;
  if (type == "text/plain" || type == "application/octet-stream") return BodyKind::Unknown;
  return BodyKind::Other;
}

BodyKind sniff(std::string_view body) {
  std::size_t i = 0;
  while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) ++i;
  if (i == body.size()) return BodyKind::Other;
  if (body[i] == '{' || body[i] == '[') return BodyKind::Json;
  if (body[i] == '<') return BodyKind::Html;
  std::string_view rest = body.substr(i);
  while (!rest.empty() && (rest.back() == '\r' || rest.back() == '\n')) rest.remove_suffix(1);
  if (rest.find('=') != std::string_view::npos && rest.find_first_of(" \t\r\n") == std::string_view::npos)
    return BodyKind::Form;
  return BodyKind::Other;
}

}  // namespace

std::vector<NamedValue> scanBody(std::string_view body, std::string_view contentType) {
  BodyKind kind = kindFromContentType(contentType);
  if (kind == BodyKind::Unknown) kind = sniff(body);
  switch (kind) {
    case BodyKind::Form: return scanFormBody(body);
    case BodyKind::Multipart: return scanMultipart(body, multipartBoundary(contentType).value_or(std::string_view()));
    case BodyKind::Json: return scanJson(body);
    case BodyKind::Html: {
      std::vector<NamedValue> out = scanHtmlInputs(body);
      std::vector<NamedValue> config = scanConfigBlob(body);
      out.insert(out.end(), std::make_move_iterator(config.begin()), std::make_move_iterator(config.end()));
      return out;
    }
    case BodyKind::Unknown:
    case BodyKind::Other: break;
  }
  return {};
}

}  // namespace tracesan::detect
