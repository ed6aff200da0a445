// Choosing a structure scanner for a body: the body classifier (http/MediaType.h) names the kind.
#include "detect/Scanners.h"
#include "http/MediaType.h"

namespace tracesan::detect {

std::vector<NamedValue> scanBody(std::string_view body, std::string_view contentType) {
  switch (http::bodyKind(contentType, body)) {
    case http::MediaKind::Form: return scanFormBody(body);
    case http::MediaKind::Multipart:
      return scanMultipart(body, multipartBoundary(contentType).value_or(std::string_view()));
    case http::MediaKind::Json: return scanJson(body);
    case http::MediaKind::Html: {
      std::vector<NamedValue> out = scanHtmlInputs(body);
      std::vector<NamedValue> config = scanConfigBlob(body);
      out.insert(out.end(), std::make_move_iterator(config.begin()), std::make_move_iterator(config.end()));
      return out;
    }
    default: return {};
  }
}

}  // namespace tracesan::detect
