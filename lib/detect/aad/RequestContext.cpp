#include "detect/aad/RequestContext.h"

#include "detect/Scanners.h"
#include "detect/aad/EntraHosts.h"
#include "detect/aad/EntryText.h"
#include "http/MediaType.h"
#include "text/TextCodec.h"

namespace tracesan::aad {
namespace {

using detect::NamedValue;

bool endsWithIgnoreCase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && text::equalsIgnoreCase(s.substr(s.size() - suffix.size()), suffix);
}

// Query parameters, then form parameters (the body, or HAR postData.params), then the members
// of a JSON body; each with a path prefix telling where it came from.
std::vector<NamedValue> requestValues(const Entry& entry, bool withJson) {
  std::vector<NamedValue> values;
  for (NamedValue& v : detect::scanUrl(entry.request.url.value))
    if (v.path.starts_with("query.")) values.push_back(std::move(v));
  const Body& body = entry.request.body;
  if (!body.present) return values;
  const http::MediaKind kind = http::mediaKind(http::declaredMediaType(body, entry.request.headers));
  std::string storage;
  std::string_view bodyText = aad::bodyText(body, storage).value_or(std::string_view());
  if (kind == http::MediaKind::Form && !bodyText.empty()) {
    for (NamedValue& v : detect::scanFormBody(bodyText)) values.push_back(std::move(v));
  } else if (!body.params.empty()) {
    for (NamedValue& v : formParamValues(body.params)) values.push_back(std::move(v));
  } else if (withJson && kind == http::MediaKind::Json &&
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
