// Finds Entra ID sign-in errors (AADSTS codes, and Azure AD B2C's AADB2C codes) in a trace and
// explains them. The finder is a pure function of an entry: it never mutates, so it gives the same
// answer on an original trace and on its sanitized copy. It never returns secrets: URLs and
// messages are cleaned with the shared secret rules (data/secret-rules.tsv) and the user's name is
// only reported when FindOptions::showUser asks for it. docs/extract-errors.md describes it all.
//
//   auto reader = openTrace("signin.har");
//   auto findings = findAadErrors(*reader.value(), FindOptions{});   // [{code: 50125, ...}]
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Error.h"
#include "tracesan/Trace.h"

namespace tracesan {

// One place an error code was seen in an entry.
//   kind: "json", "config" ($Config of a login page), "query" / "fragment" (request URL),
//   "location-header", "form_post" (hidden inputs or the app's POST), "www-authenticate",
//   "x-ms-clitelem", "saml" (SAMLResponse StatusMessage), "wsfed" (a fault in a WS-Fed wresult),
//   "text" (any other body text)
//   location: where, for people, e.g. "response body $.error_description" or "request body SAMLResponse"
struct ErrorSource {
  std::string kind;
  std::string location;
};

// A neighbouring entry, shown so a reader sees what led to the error and what followed.
struct ContextEntry {
  std::size_t entry = 0;  // Entry::number
  std::string method;
  std::string url;  // secret parameter values replaced by REDACTED
  int status = 0;
};

// One AADSTS code seen in one entry, with every place it was seen there.
struct Finding {
  std::string file;
  std::size_t entry = 0;  // Entry::number
  std::string method;
  std::string url;  // secret parameter values replaced by REDACTED
  int status = 0;
  // "AADSTS" (Entra ID) or "AADB2C" (Azure AD B2C, *.b2clogin.com). The code is the number after
  // the family prefix; AADB2C codes have no table, so their name is always empty.
  std::string family = "AADSTS";
  long code = 0;
  std::string name;     // from the code table; empty for codes the table does not know
  std::string message;  // "Sign-in was interrupted ..." (without the "AADSTSnnnnn: " prefix)
  std::string traceId;
  std::string correlationId;
  std::string timestamp;  // as the error prints it; else $Config serverDetails.rt; else the Date header as "yyyy-MM-dd HH:mm:ssZ"
  std::string error;  // OAuth error class, e.g. "interaction_required"
  std::string suberror;
  std::string host;         // host of the request URL
  bool entraHost = false;   // host is an Entra sign-in host (data/entra-hosts.tsv)
  std::string cloud;        // cloud of an Entra host, e.g. "public", "usgov"
  bool expected = false;    // normal protocol noise, e.g. 70016 while device-code polling
  // tenant: the Entra URL path's tenant segment, else `tid`, else (whole-trace search) the nearest
  // earlier /authorize request's. clientId: client_id of the request, else the nearest earlier
  // /authorize request's (a POST /common/login or an error redirect to the app carries none).
  std::string tenant;
  std::string clientId;
  // Only with FindOptions::showUser: login_hint, username, loginfmt or login of the request (query,
  // form or JSON body such as GetCredentialType's), else the login page's prefilled name, else
  // (whole-trace search) the nearest earlier request that named the user.
  std::string user;
  std::vector<ErrorSource> sources;  // the first is the primary source
  std::vector<ContextEntry> before, after;
};

struct FindOptions {
  std::string file;           // recorded in Finding::file; the reader's name when empty
  bool showUser = false;      // report login_hint / username / loginfmt and keep e-mail addresses in messages
  bool includeExpected = false;  // also report expected noise (70016 authorization_pending)
  std::vector<long> codes;    // report only these codes (empty: all); listed codes are reported even when expected
  std::size_t context = 2;    // entries before and after each finding (whole-trace search only)
  // Called after each entry of a whole-trace search, e.g. to show progress; may be empty.
  std::function<void(const Entry&)> progress;
};

// Explanation of a code, from data/aadsts-guidance.tsv (lists may be empty).
struct CodeGuidance {
  std::string meaning;
  std::vector<std::string> causes;
  std::vector<std::string> resolution;
  std::vector<std::string> collect;  // what to gather next; falls back to the generic list
};

struct CodeInfo {
  long code = 0;
  std::string name;  // may be empty: the public table lists some codes without a name
  bool expected = false;
  CodeGuidance guidance;
};

// The code's table entry, or nullptr for a code the table does not list.
const CodeInfo* lookupAadCode(long code);
// Every code of the table, in ascending order.
const std::vector<CodeInfo>& allAadCodes();
// What to collect for any code (the generic rows).
const std::vector<std::string>& genericCollectGuidance();

// Findings of one entry. Context lists stay empty; Finding::file is options.file.
std::vector<Finding> findAadErrors(const Entry& entry, const FindOptions& options);

// Streams a whole trace, filling options.context entries before and after each finding.
Expected<std::vector<Finding>> findAadErrors(TraceReader& reader, const FindOptions& options);

// Writes findings for people or programs.
//   json: an array of objects (code as an integer, source = primary kind, sources, guidance, context)
//   csv:  RFC 4180 with a header row, one row per finding
//   text: a table, then guidance for each distinct code
enum class FindingFormat { Text, Json, Csv };
std::string formatFindings(const std::vector<Finding>& findings, FindingFormat format);

}  // namespace tracesan
