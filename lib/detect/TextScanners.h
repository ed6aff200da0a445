// Scanners for text that is not one document: `name=value` / `name: value` pairs written in
// logs, .env / .npmrc / INI / YAML dumps, scripts and STOMP frames; JSON values carried in
// framings (XSSI prefixes, JSONP, RFC 7464 record separators, NDJSON, server-sent events,
// socket.io packets); and the printable runs inside binary payloads (protobuf, gRPC-web,
// MessagePack). Like the structure scanners they fail soft and report raw spans.
//
//   for (const NamedValue& v : scanNameValueText("DB_PASSWORD=hunter2\n")) …   // v.name "DB_PASSWORD"
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

#include "detect/Scanners.h"
#include "text/WordFinder.h"

namespace tracesan::detect {

// `name=value`, `name: value`, `"name": "value"`, `name = 'value'` pairs. Paths are
// "text.<name>", or "query.<name>" when the name follows '?', '&' or "&amp;" (a query string
// written as text). Quoted values: span = inside the quotes. Encoding Raw.
std::vector<NamedValue> scanNameValueText(std::string_view text);
// The same pairs, only those `wanted` accepts (`query`: the path would be "query.<name>";
// `value`: the value's span in `text`): a script holds thousands of `a=b` / `a: b`, and a
// rejected pair costs no copy.
using PairFilter = std::function<bool(std::string_view name, bool query, std::string_view value)>;
std::vector<NamedValue> scanNameValueText(std::string_view text, const PairFilter& wanted);
// The same pairs, looking only at names that hold one of `nameWords` (ASCII case folded): they are
// found from the few places a word is instead of from every '=' and ':'. For callers whose filter
// rejects every other name (the words are required literals of the name rules).
std::vector<NamedValue> scanNameValueText(std::string_view text, const PairFilter& wanted,
                                          const text::WordFinder& nameWords);
// The same, from where the words are already known to start (every start, in order).
std::vector<NamedValue> scanNameValueText(std::string_view text, const PairFilter& wanted,
                                          const std::vector<std::size_t>& wordsAt);

// Whether `text` may hold a pair scanNameValueText reports with a credential-like name (cheap).
bool mayHoldCredentialPairs(std::string_view text);

// JSON values that start a record of a framed text: at the start, after '\n' or '\x1e', after an
// XSSI prefix (`)]}'`, `while(1);`, `for(;;);`), an SSE `data:` field, a socket.io packet type
// (`42`, `40/ns,`), or a JSONP callback `cb(`. Leaves as scanJson reports them (paths
// "json.$…", spans in `text`). *found is set when at least one record parsed.
std::vector<NamedValue> scanFramedJson(std::string_view text, bool* found = nullptr);
// The same, reading every line: scanFramedJson passes over lines before the next bracket that can
// start a record; tests compare it with this.
std::vector<NamedValue> scanFramedJsonEveryLine(std::string_view text, bool* found = nullptr);

// A run of printable bytes inside binary data.
struct PrintableRun {
  std::size_t begin = 0, end = 0;
};
// Runs of at least `minLength` printable ASCII bytes.
std::vector<PrintableRun> printableRuns(std::string_view data, std::size_t minLength);

}  // namespace tracesan::detect
