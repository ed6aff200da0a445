#include "detect/aad/EntraHosts.h"

#include <vector>

#include "detect/aad/Tsv.h"
#include "text/TextCodec.h"

namespace tracesan::data {
extern const std::string_view entra_hosts;
}

namespace tracesan::aad {
namespace {

const std::vector<EntraHost>& hostTable() {
  static const std::vector<EntraHost> hosts = [] {
    std::vector<EntraHost> out;
    for (const TsvRow& row : parseTsv(data::entra_hosts)) {
      if (row.empty() || row[0].empty()) continue;
      EntraHost host;
      host.pattern = text::toLower(row[0]);
      if (row.size() > 1) host.cloud = row[1];
      if (row.size() > 2) host.note = row[2];
      out.push_back(std::move(host));
    }
    return out;
  }();
  return hosts;
}

bool matches(std::string_view pattern, std::string_view host) {
  if (pattern.starts_with("*.")) {
    std::string_view suffix = pattern.substr(1);  // ".b2clogin.com"
    return host.size() > suffix.size() && host.ends_with(suffix);
  }
  return pattern == host;
}

bool isGuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : text::hexValue(s[i]) < 0) return false;
  }
  return true;
}

bool isDomainName(std::string_view s) {
  if (s.find('.') == std::string_view::npos || s.front() == '.' || s.back() == '.') return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

const EntraHost* lookupEntraHost(std::string_view host) {
  std::string lower = text::toLower(host);
  if (auto colon = lower.find(':'); colon != std::string::npos) lower.resize(colon);
  if (lower.empty()) return nullptr;
  for (const EntraHost& entry : hostTable())
    if (matches(entry.pattern, lower)) return &entry;
  return nullptr;
}

std::string hostOfUrl(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.empty() && rest.front() == '[') {  // IPv6 literal
    auto close = rest.find(']');
    return text::toLower(rest.substr(0, close == std::string_view::npos ? rest.size() : close + 1));
  }
  return text::toLower(rest.substr(0, rest.find(':')));
}

std::string_view pathOfUrl(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  if (std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
    std::size_t slash = url.find('/');
    return slash == std::string_view::npos ? std::string_view{} : url.substr(slash);
  }
  return url;
}

std::string tenantFromPath(std::string_view path) {
  if (path.starts_with('/')) path.remove_prefix(1);
  std::string_view first = path.substr(0, path.find('/'));
  if (first.empty()) return {};
  std::string lower = text::toLower(first);
  if (lower == "common" || lower == "organizations" || lower == "consumers") return lower;
  if (isGuid(first) || isDomainName(first)) return lower;
  return {};
}

}  // namespace tracesan::aad
