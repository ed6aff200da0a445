#include "detect/aad/SafeText.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "detect/Scanners.h"
#include "text/TextCodec.h"

namespace tracesan::aad {
namespace {

// Lower-case names; sorted for binary search.
constexpr std::array kSecretParams = std::to_array<std::string_view>({
    "access_token", "api_key", "apikey", "assertion", "canary", "client_assertion", "client_info",
    "client_secret", "code", "code_verifier", "ctx", "domain_hint", "flowtoken", "hpgrequestid",
    "id_token", "key", "login", "login_hint", "loginfmt", "logout_hint", "nonce", "otc", "passwd",
    "password", "ppft", "refresh_token", "relaystate", "request", "request_nonce", "samlrequest",
    "samlresponse", "session_state", "sid", "sig", "sso_nonce", "state", "token", "username",
    "wctx", "wresult", "x-ms-refreshtokencredential",
});

// Parameter names that mark a credential wherever they appear inside a longer name
// (id_token_hint, csrf_token, x-client-secret, ...).
constexpr std::array kSecretNameParts = std::to_array<std::string_view>({
    "token", "secret", "password", "passwd", "csrf", "credential", "assertion", "apikey", "api_key", "signature",
});

// error_uri's "https://login.microsoftonline.com/error?code=50125": a short number is an error
// code, never an authorization code (those are long opaque strings).
bool isErrorCodeValue(std::string_view name, std::string_view value) {
  if (!text::equalsIgnoreCase(name, "code") || value.empty() || value.size() > 7) return false;
  return std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A parameter value that is itself a URL (redirect targets such as ru=, returnUrl=): its own
// secret parameters are replaced; the value is re-encoded only when something changed.
bool rewriteNestedUrl(std::string& out, std::string_view raw) {
  if (raw.find('%') == std::string_view::npos && raw.find('?') == std::string_view::npos) return false;
  std::string decoded = text::percentDecode(raw, true);
  if (decoded.find('?') == std::string::npos && decoded.find('#') == std::string::npos) return false;
  if (!decoded.starts_with("http") && !decoded.starts_with("/")) return false;
  std::string safe = safeUrl(decoded);
  if (safe == decoded) return false;
  out.append(text::percentEncode(safe, true));
  return true;
}

// Rewrites "a=b&c=d" keeping names and separators, replacing secret values.
void appendSafeParams(std::string& out, std::string_view params) {
  while (true) {
    std::size_t amp = params.find('&');
    std::string_view pair = params.substr(0, amp);
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && eq + 1 < pair.size()) {
      out.append(pair.substr(0, eq + 1));
      std::string_view value = pair.substr(eq + 1);
      std::string name = text::percentDecode(pair.substr(0, eq), true);
      if (isSecretParam(name) && !isErrorCodeValue(name, value)) out.append(kRedacted);
      else if (!rewriteNestedUrl(out, value)) out.append(value);
    } else {
      out.append(pair);
    }
    if (amp == std::string_view::npos) return;
    out.push_back('&');
    params.remove_prefix(amp + 1);
  }
}

}  // namespace

bool isSecretParam(std::string_view name) {
  std::string lower = text::toLower(name);
  static_assert(std::is_sorted(kSecretParams.begin(), kSecretParams.end()));
  if (std::binary_search(kSecretParams.begin(), kSecretParams.end(), std::string_view(lower))) return true;
  return std::any_of(kSecretNameParts.begin(), kSecretNameParts.end(),
                     [&](std::string_view part) { return lower.find(part) != std::string::npos; });
}

std::string safeUrl(std::string_view url) {
  std::string out;
  out.reserve(url.size());
  std::size_t fragmentAt = url.find('#');
  std::string_view beforeFragment = url.substr(0, fragmentAt);
  std::size_t queryAt = beforeFragment.find('?');
  std::string_view base = beforeFragment.substr(0, queryAt);

  // userinfo password: scheme://user:password@host
  std::size_t scheme = base.find("://");
  std::size_t authorityEnd = scheme == std::string_view::npos ? 0 : base.find('/', scheme + 3);
  std::string_view authority = scheme == std::string_view::npos
                                   ? std::string_view{}
                                   : base.substr(scheme + 3, authorityEnd == std::string_view::npos
                                                                  ? std::string_view::npos
                                                                  : authorityEnd - scheme - 3);
  std::size_t at = authority.rfind('@');
  std::size_t colon = at == std::string_view::npos ? std::string_view::npos : authority.substr(0, at).find(':');
  if (colon != std::string_view::npos) {
    out.append(base.substr(0, scheme + 3 + colon + 1));
    out.append(kRedacted);
    out.append(base.substr(scheme + 3 + at));
  } else {
    out.append(base);
  }

  if (queryAt != std::string_view::npos) {
    out.push_back('?');
    appendSafeParams(out, beforeFragment.substr(queryAt + 1));
  }
  if (fragmentAt != std::string_view::npos) {
    out.push_back('#');
    appendSafeParams(out, url.substr(fragmentAt + 1));
  }
  return out;
}

namespace {
bool isParamNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}
bool endsParamValue(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '&' || c == ';' || c == ',' || c == '"' || c == '\'' ||
         c == '<' || c == '>';
}
}  // namespace

std::string maskCredentials(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    std::size_t nameBegin = eq;
    while (nameBegin > i && isParamNameChar(text[nameBegin - 1])) --nameBegin;
    std::size_t valueEnd = eq + 1;
    while (valueEnd < text.size() && !endsParamValue(text[valueEnd])) ++valueEnd;
    std::string_view name = text.substr(nameBegin, eq - nameBegin);
    std::string_view value = text.substr(eq + 1, valueEnd - eq - 1);
    out.append(text.substr(i, eq + 1 - i));
    if (!name.empty() && !value.empty() && isSecretParam(name) && !isErrorCodeValue(name, value)) out.append(kRedacted);
    else out.append(value);
    i = valueEnd;
  }
  auto jwts = detect::findJwts(out);
  for (auto it = jwts.rbegin(); it != jwts.rend(); ++it) out.replace(it->begin, it->end - it->begin, kRedacted);
  return out;
}

std::string maskEmails(std::string_view text) {
  static const RE2 kEmail(R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})");
  std::string out(text);
  RE2::GlobalReplace(&out, kEmail, kRedacted);
  return out;
}

}  // namespace tracesan::aad
