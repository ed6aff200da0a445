#include "detect/aad/SafeText.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>

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

// Rewrites "a=b&c=d" keeping names and separators, replacing secret values.
void appendSafeParams(std::string& out, std::string_view params) {
  while (true) {
    std::size_t amp = params.find('&');
    std::string_view pair = params.substr(0, amp);
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && eq + 1 < pair.size() &&
        isSecretParam(text::percentDecode(pair.substr(0, eq), true))) {
      out.append(pair.substr(0, eq + 1));
      out.append(kRedacted);
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
  return std::binary_search(kSecretParams.begin(), kSecretParams.end(), std::string_view(lower));
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

std::string maskEmails(std::string_view text) {
  static const RE2 kEmail(R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})");
  std::string out(text);
  RE2::GlobalReplace(&out, kEmail, kRedacted);
  return out;
}

}  // namespace tracesan::aad
