// The sign-in host of every Entra cloud with the cloud it belongs to, as data/entra-hosts.tsv lists
// them. AadCodesTest checks the host table knows each one and AadFinderTest that an error served
// from each is attributed to that cloud: one list, so a new cloud is tested by both.
#pragma once

namespace aadtest {

struct HostCase {
  const char* host;
  const char* cloud;
};

inline constexpr HostCase kSignInHosts[] = {
    {"login.microsoftonline.com", "public"},       {"login.windows.net", "public"},
    {"login.microsoft.com", "public"},             {"sts.windows.net", "public"},
    {"login.microsoftonline.us", "usgov"},         {"login.usgovcloudapi.net", "usgov"},
    {"login-us.microsoftonline.com", "usgov"},     {"login.partner.microsoftonline.cn", "china"},
    {"login.chinacloudapi.cn", "china"},           {"login.microsoftonline.de", "germany"},
    {"contoso.b2clogin.com", "b2c"},               {"contoso.ciamlogin.com", "external-id"},
    {"device.login.microsoftonline.com", "public"}, {"autologon.microsoftazuread-sso.com", "public"},
};

}  // namespace aadtest
