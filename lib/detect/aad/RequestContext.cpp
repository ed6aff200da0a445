#include "detect/aad/RequestContext.h"

#include "codec/Base64.h"
#include "detect/Scanners.h"
#include "detect/aad/EntraHosts.h"
#include "text/TextCodec.h"

namespace tracesan::aad {
namespace {

using detect::NamedValue;

bool endsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && text::equalsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

std::string_view headerValue(const std::vector<Field>& headers, std::string_view name) {
  const Field* f = findField(headers, name);
  return f ? std::string_view(f->value.value) : std::string_view{};
}

// The request body as text (HAR base64 decoded), or "" when there is none.
std::string_view requestBodyText(const Body& body, std::string& storage) {
  if (!body.present || body.text.value.empty()) return {};
  if (!text::equalsIgnoreCase(body.encoding.value, "base64")) return body.text.value;
  auto decoded = codec::base64Decode(body.text.value);
  if (!decoded) return {};
  storage = std::move(*decoded);
  return storage;
}

// Query parameters, then form parameters (the body, or HAR postData.params), then the members
// of a JSON body; each with a path prefix telling where it came from.
std::vector<NamedValue> requestValues(const Entry& entry, bool withJson) {
  std::vector<NamedValue> values;
  for (NamedValue& v : detect::scanUrl(entry.request.url.value))
    if (v.path.starts_with("query.")) values.push_back(std::move(v));
  const Body& body = entry.request.body;
  if (!body.present) return values;
  std::string_view mime = body.mimeType.value;
  if (mime.empty()) mime = headerValue(entry.request.headers, "content-type");
  std::string storage;
  std::string_view bodyText = requestBodyText(body, storage);
  if (text::findIgnoreCase(mime, "x-www-form-urlencoded") != std::string_view::npos && !bodyText.empty()) {
    for (NamedValue& v : detect::scanFormBody(bodyText)) values.push_back(std::move(v));
  } else if (!body.params.empty()) {
    for (const Field& p : body.params) {
      NamedValue v;
      v.name = p.name.value;
      v.path = "form." + p.name.value;
      // Some HAR writers keep params form-encoded, others decode them.
      bool encoded = p.value.value.find(' ') == std::string::npos && p.value.value.find('%') != std::string::npos;
      v.value = encoded ? text::percentDecode(p.value.value, true) : p.value.value;
      values.push_back(std::move(v));
    }
  } else if (withJson && text::findIgnoreCase(mime, "json") != std::string_view::npos &&
             bodyText.find("\"username\"") != std::string_view::npos) {
    // GetCredentialType: {"username":"adele@contoso.example", ...}; only top-level members.
    for (NamedValue& v : detect::scanJson(bodyText))
      if (v.path.starts_with("json.$.") && v.path.find_first_of(".[", 7) == std::string::npos) values.push_back(std::move(v));
  }
  return values;
}

std::string firstValue(const std::vector<NamedValue>& values, std::string_view name) {
  for (const NamedValue& v : values)
    if (text::equalsIgnoreCase(v.name, name) && !v.value.empty()) return v.value;
  return {};
}

}  // namespace

bool mayCarryFlowContext(const Entry& entry, bool withUser) {
  std::string_view path = pathOfUrl(entry.request.url.value);
  if (endsWithIgnoreCase(path, "/authorize")) return true;
  if (!withUser) return false;
  return endsWithIgnoreCase(path, "/GetCredentialType") || endsWithIgnoreCase(path, "/login") ||
         text::findIgnoreCase(entry.request.url.value, "login_hint=") != std::string_view::npos;
}

RequestContext requestContextOf(const Entry& entry, bool withUser) {
  RequestContext c;
  const std::string& url = entry.request.url.value;
  std::string_view path = pathOfUrl(url);
  c.authorize = endsWithIgnoreCase(path, "/authorize");
  std::vector<NamedValue> values = requestValues(entry, withUser);
  c.clientId = firstValue(values, "client_id");
  if (lookupEntraHost(hostOfUrl(url)) != nullptr) c.tenant = tenantFromPath(path);
  if (c.tenant.empty()) c.tenant = firstValue(values, "tid");
  if (withUser) {
    for (std::string_view name : {"login_hint", "username", "loginfmt", "login"}) {
      c.user = firstValue(values, name);
      if (!c.user.empty()) break;
    }
  }
  return c;
}

}  // namespace tracesan::aad
