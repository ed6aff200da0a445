// Entra ID sign-in log exports as input: the admin center's "Download" (JSON or CSV, interactive
// and non-interactive sign-ins) and Microsoft Graph `auditLogs/signIns` responses
// (`{"value":[...]}`). Files are read as a stream of records, one at a time, so a 1 GB export
// stays in bounded memory. A failing record is a finding with source "signin-log"; sign-in records
// join trace findings by correlation ID (or, weaker, by app and time); and a log can be sanitized
// like a trace: personal values replaced by the same keyed pseudonyms, every other byte kept.
//
//   auto log = openSigninLog("signins.json");
//   while (const SigninRecord* r = log.value()->next().value()) std::cout << r->correlationId << "\n";
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/AadErrors.h"
#include "tracesan/Error.h"

namespace tracesan {

enum class SigninLogFormat { Json, Csv };

// Where a personal value sits in a record's raw bytes, and what it is.
//   kind: "upn", "name", "ip", "location", "device_id", "device_name"
//   number: the raw value is a JSON number (geo coordinates); it is replaced by 0, not a string
struct SigninPersonalValue {
  std::string kind;
  std::string value;      // decoded
  std::size_t begin = 0;  // raw span in SigninRecord::raw: [begin, end), JSON quotes / CSV quotes included
  std::size_t end = 0;
  bool number = false;
};

// One sign-in, with the fields the Graph signIn resource and the admin center columns share.
struct SigninRecord {
  std::size_t number = 0;    // 1-based position in the export
  std::uint64_t offset = 0;  // byte offset of the record in the file
  std::size_t line = 0;      // CSV: the line the record starts on (the header is line 1); JSON: 0
  std::string requestId;     // Graph `id`, CSV "Request ID": equals the trace ID of Entra's error page
  std::string createdDateTime;
  std::string userPrincipalName, userDisplayName, userId;
  std::string appId, appDisplayName;
  std::string resourceDisplayName, resourceId;
  std::string ipAddress, location;  // location: "city, state, country" as far as known
  std::string deviceId, deviceName, operatingSystem, browser;
  std::string correlationId;
  std::string status;  // CSV "Status" (Success, Failure, Interrupted); JSON: empty
  long errorCode = 0;
  std::string failureReason, additionalDetails;
  std::string conditionalAccessStatus, authenticationRequirement, clientAppUsed;
  // The record's bytes in the file (valid until the next call to next()) and its personal values.
  std::string_view raw;
  std::vector<SigninPersonalValue> personal;
};

// A streaming reader of one export.
class SigninLogReader {
public:
  virtual ~SigninLogReader() = default;
  virtual SigninLogFormat format() const = 0;
  virtual const std::string& name() const = 0;
  // The next record, or nullptr at the end. Errors name the byte offset (JSON) or line (CSV).
  virtual Expected<const SigninRecord*> next() = 0;
  // The bytes between the previous record (or the start) and the record just returned, or after
  // the last record once next() returned nullptr: writers copy them verbatim.
  virtual std::string_view gap() const = 0;
};

// Whether the first bytes of a file are a sign-in log export rather than a trace: a JSON array (or
// a Graph {"value": [...]} response) whose first record names "correlationId" and
// "createdDateTime" or "errorCode" (or a Graph auditLogs/signIns context), an empty array, or CSV
// whose header names "Correlation ID" and "Request ID". Any other JSON is not taken for one: its
// secrets would pass through a sign-in log sanitizer untouched.
bool looksLikeSigninLog(std::string_view head);
// looksLikeSigninLog on the first bytes of a file ("-" and unreadable files: false).
bool isSigninLogFile(const std::string& path);

Expected<std::unique_ptr<SigninLogReader>> openSigninLog(const std::string& path);

// The finding a failing record (errorCode != 0) stands for: code, name, message = failure reason,
// trace ID = request ID, correlation ID, timestamp, client ID = app ID, source "signin-log".
// The user is only set when showUser.
Finding signinFinding(const SigninRecord& record, const std::string& file, bool showUser);

// A failing record and its finding.
struct SigninFinding {
  Finding finding;
  SigninRecord record;  // raw and personal are cleared
};

struct SigninSearch {
  std::vector<SigninFinding> findings;
  std::size_t records = 0;  // every record read, failing or not
};

// Every failing record of a log as findings, honouring options.codes and options.showUser.
Expected<SigninSearch> findSigninErrors(SigninLogReader& log, const FindOptions& options);

// A sign-in record joined to a finding. exact: same correlation ID; otherwise the same app within
// the time window (a weaker match).
struct SigninMatch {
  std::string file;     // the sign-in log the record is in
  SigninRecord record;  // raw and personal are cleared
  bool exact = true;
  long secondsApart = 0;  // weak matches: |record time - finding time|
};

struct JoinOptions {
  long windowSeconds = 600;     // weak matches: at most this far apart
  std::size_t maxWeakMatches = 3;  // per finding, nearest first
};

// Streams the log once and returns, per finding, the records it joins (exact ones first, in log
// order; weak ones only for findings without an exact match). Only joined records are kept.
Expected<std::vector<std::vector<SigninMatch>>> joinSignins(const std::vector<Finding>& findings, SigninLogReader& log,
                                                            const JoinOptions& options = {});

// What the sign-in log adds to a finding: the record a signin-log finding came from, and the
// records a trace finding joined.
struct SigninAnnotation {
  std::optional<SigninRecord> source;
  std::vector<SigninMatch> matches;
};

// Findings plus their annotations (same index; the list may be shorter than findings), written
// like formatFindings: JSON adds "signin_log" (the source record) and "signins" (joined records,
// each with "match": "correlation-id" or "app-time"); CSV adds columns at the end; text adds a
// "Sign-in log" section after the findings. Without any annotation the output equals formatFindings.
std::string formatFindingsWithSignins(const std::vector<Finding>& findings,
                                      const std::vector<SigninAnnotation>& annotations, FindingFormat format);

// What streaming the findings of sign-in logs wrote.
struct SigninStreamResult {
  std::size_t findings = 0;
  std::map<long, std::size_t> perCode;  // AADSTS code -> findings
  std::vector<Error> errors;            // per file that could not be read (its findings so far are written)
};

// Writes the failing records of sign-in log exports as JSON or CSV findings, byte for byte what
// formatFindingsWithSignins writes for them, a batch of records at a time: memory stays flat
// whatever the export's size. `write` receives the output in pieces; its error stops the run.
Expected<SigninStreamResult> streamSigninFindings(const std::vector<std::string>& files, const FindOptions& options,
                                                  FindingFormat format,
                                                  const std::function<Status(std::string_view)>& write);

// Sanitizes a sign-in log: every personal value (UPN, display name, IP address, location, device
// ID and name) becomes placeholder(kind, value) of the given pseudonymizer function, the same
// keyed pseudonym sanitize-trace writes; all other bytes are copied. Returns how many values
// were replaced.
Expected<std::size_t> sanitizeSigninLog(
    SigninLogReader& log, const std::string& output,
    const std::function<std::string(std::string_view kind, std::string_view value)>& placeholder,
    const std::string& permissionsFrom = "");

}  // namespace tracesan
