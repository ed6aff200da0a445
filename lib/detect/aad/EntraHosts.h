// Entra sign-in hosts (data/entra-hosts.tsv) and the URL pieces the finder needs.
#pragma once

#include <string>
#include <string_view>

namespace tracesan::aad {

struct EntraHost {
  std::string pattern;  // "login.microsoftonline.com" or "*.b2clogin.com"
  std::string cloud;
  std::string note;
};

// The table row matching `host` (case-insensitive, port ignored), or nullptr.
const EntraHost* lookupEntraHost(std::string_view host);

// Lower-cased host of an absolute URL, without userinfo and port; empty when there is none.
std::string hostOfUrl(std::string_view url);

// The path of an absolute or origin-form URL (without query and fragment), "" when absent.
std::string_view pathOfUrl(std::string_view url);

// Tenant named by an Entra URL path: the first segment when it is a GUID, a domain name or one
// of common / organizations / consumers; "" otherwise.
std::string tenantFromPath(std::string_view path);

}  // namespace tracesan::aad
