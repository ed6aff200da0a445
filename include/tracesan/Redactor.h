// The redaction engine: finds every secret of an entry (headers, cookies, URLs, bodies of any
// kind, JWTs anywhere, WebSocket messages) and replaces it with a keyed pseudonym such as
// `REDACTED-refresh_token-3f9a1c2e`, so the same secret gets the same placeholder everywhere.
// A Redactor is immutable and thread-safe; what it learns while redacting (secret values to find
// again verbatim in later entries) lives in a RedactionSession, one per thread or run.
//
//   auto rules = RuleSet::create();  RedactOptions o;  o.key = "fixed-key";
//   Redactor r(*rules, o);  RedactionSession s;  RedactionResult res = r.redact(entry, s);
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tracesan/Io.h"
#include "tracesan/Rules.h"
#include "tracesan/Trace.h"

namespace tracesan {

struct RedactOptions {
  // Pseudonym key: hex digits (decoded to bytes) or any other string (used as is). Empty: a
  // random key per Redactor, so placeholders are consistent within one run only.
  std::string key;
  bool keepJwtClaims = false;    // keep a JWT's header and payload, destroy only its signature
  bool keepPii = false;          // with keepJwtClaims: keep personal claims too
  bool redactPii = false;        // also user names, UPNs, e-mails and IP addresses
  bool redactStateNonce = true;  // state / nonce parameters (--keep-state turns this off)
  std::size_t minKnownSecretLength = 8;  // verbatim re-finding of known secrets starts at this length
};

// One redaction: where and what kind, never the value.
struct RedactionRecord {
  std::size_t entry = 0;   // Entry::number
  std::string location;    // e.g. "request.header.Authorization", "response.body.json.$.refresh_token"
  std::string kind;        // e.g. "refresh_token"
};

// A body that could not be decoded or parsed and was therefore replaced whole (fail closed).
struct FailClosedBody {
  std::size_t entry = 0;
  std::string location;    // "request.body", "response.body" or "webSocketMessages[N]"
  std::string reason;      // e.g. "invalid base64"
};

struct RedactionResult {
  std::vector<RedactionRecord> records;
  std::vector<FailClosedBody> failClosed;
};

// A secret found by check: same shape as a redaction record.
using Leak = RedactionRecord;

// Secret values learned so far, for the verbatim second pass. Not thread-safe: one per run/thread.
class RedactionSession {
public:
  RedactionSession();
  ~RedactionSession();
  RedactionSession(RedactionSession&&) noexcept;
  RedactionSession& operator=(RedactionSession&&) noexcept;

  // Remembers `secret` (when long enough) to be replaced by `placeholder` wherever it appears later.
  void remember(std::string_view secret, std::string_view placeholder, std::string_view kind);
  // Remembers, in the order they were learned, the secrets `other` holds.
  void absorb(const RedactionSession& other);
  std::size_t size() const;
  std::size_t longestSecret() const;
  // A copy that also knows each secret as written inside a JSON string (for searching HAR files),
  // or nullopt when no secret is written differently there.
  std::optional<RedactionSession> withJsonEscapedForms() const;
  // The same forms added to this session (after every secret it knows): no copy of the index.
  void addJsonEscapedForms();
  // How many known secrets start before `stopAt` in `text` (consumed as in replaceKnown).
  std::size_t countKnown(std::string_view text, std::size_t stopAt, std::size_t& consumed) const;
  // Copies text[0, consumed) to `out` with every known secret that starts before `stopAt`
  // replaced by its placeholder; consumed >= min(stopAt, text.size()). Returns the replacements.
  std::size_t replaceKnown(std::string_view text, std::size_t stopAt, std::string& out, std::size_t& consumed) const;

  struct Impl;  // the index (lib/redact/KnownSecrets.h)

private:
  friend class Redactor;  // hands the index to the entry redaction
  Impl& impl() { return *impl_; }
  std::unique_ptr<Impl> impl_;
};

class Redactor {
public:
  Redactor(RuleSet rules, RedactOptions options);
  ~Redactor();
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;

  // Redacts the entry in place through Text::set; secrets learned are added to `session`.
  RedactionResult redact(Entry& entry, RedactionSession& session) const;
  // Same, with a session private to this call (no memory across entries).
  RedactionResult redact(Entry& entry) const;

  // redact(entry, session) in two steps, for pipelines that run the first on other threads:
  //   auto result = redactor.redactFirstPass(entry, learned);      // any thread; `learned` fresh
  //   session.absorb(learned); redactor.redactKnownPass(entry, session, result);   // in entry order
  // gives exactly what redact(entry, session) gives.
  RedactionResult redactFirstPass(Entry& entry, RedactionSession& learned) const;
  void redactKnownPass(Entry& entry, RedactionSession& session, RedactionResult& result) const;

  // Finds what redact() would change, without changing anything. Placeholders are not leaks.
  std::vector<Leak> checkEntry(const Entry& entry) const;
  // The same leaks, found by redacting `entry` itself (no copy): for callers that drop the entry
  // afterwards, e.g. a streaming check of a big trace.
  std::vector<Leak> checkEntryInPlace(Entry& entry) const;

  // Redacts JSON text that is not an entry (HAR: the log header, pages, comments: what
  // TraceReader::setOutsideEditor hands over). Each string token is redacted on its own, so the
  // text may be any fragment of a JSON document; it stays valid JSON. Records carry entry 0 and
  // locations under `location`.
  RedactionResult redactJsonText(std::string& json, RedactionSession& session, const std::string& location) const;
  std::vector<Leak> checkJsonText(std::string_view json, const std::string& location) const;

  // The placeholder of `secret` of `kind`: REDACTED-<kind>-<8 hex of HMAC-SHA256(key, secret)>.
  std::string placeholder(std::string_view kind, std::string_view secret) const;

  const RedactOptions& options() const;
  const RuleSet& rules() const;

  struct Impl;

private:
  std::unique_ptr<Impl> impl_;
};

// The second pass of two-pass learning for a file already written: every secret `session` learned
// (in each form it learned) is replaced wherever it still appears in the file at `path`, e.g. in
// entries and page titles written before the entry that revealed it. The file is rewritten
// atomically, only when something is found. Returns the number of replacements.
Expected<std::size_t> replaceKnownSecretsInFile(const std::string& path, const RedactionSession& session);
// The same with a session the caller is done with: its JSON-escaped forms go into it, not a copy.
Expected<std::size_t> replaceKnownSecretsInFile(const std::string& path, RedactionSession&& session);

// Accumulates the redactions of a run, for the --report file. Holds locations and kinds only.
// Memory stays bounded on any trace: each redaction is rendered as it is added and spooled to an
// unlinked temporary file; only the counts, the files and the fail-closed bodies stay in memory.
//
//   Report report;  report.add(result, "in.har");  report.writeJson(*outputFile);
class Report {
public:
  Report();
  ~Report();
  Report(Report&&) noexcept;
  Report& operator=(Report&&) noexcept;

  void addFile(const std::string& input, const std::string& output, std::string_view format,
               std::size_t entries);
  void add(const RedactionResult& result, const std::string& file);
  void addLeaks(const std::vector<Leak>& leaks, const std::string& file);
  // Appends another report (e.g. of a file sanitized on another thread) after this one's contents.
  void merge(Report&& other);

  std::size_t redactionCount() const { return redactions_; }
  std::size_t failClosedCount() const { return failClosed_.size(); }
  const std::map<std::string, std::size_t>& countsByKind() const { return byKind_; }
  const std::map<std::string, std::size_t>& countsByLocationKind() const { return byLocationKind_; }

  // The report as a JSON document (pretty-printed), streamed to `out`; out is not committed.
  Status writeJson(OutputFile& out) const;
  // The same document as a string (small reports, tests).
  std::string toJson() const;

private:
  struct FileInfo { std::string input, output, format; std::size_t entries = 0; };
  struct FailItem { std::string file; FailClosedBody body; };
  struct Spool;
  Status write(const std::function<Status(std::string_view)>& sink) const;
  std::vector<FileInfo> files_;
  std::size_t redactions_ = 0;
  std::unique_ptr<Spool> spool_;  // the rendered redactions, in order
  std::vector<FailItem> failClosed_;
  std::map<std::string, std::size_t> byKind_;
  std::map<std::string, std::size_t> byLocationKind_;
};

// The location kind of a location: "request.header.Cookie.ESTSAUTH" -> "header.cookie",
// "response.body.json.$.x" -> "body.json", "request.url.query.code" -> "url.query".
std::string locationKind(std::string_view location);

}  // namespace tracesan
