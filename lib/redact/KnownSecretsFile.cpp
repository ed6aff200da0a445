// Two-pass learning for outputs that are already written: a secret revealed by entry 900 may sit
// raw in entry 3 or in a page title. Rather than reading and redacting the whole trace twice, the
// written output is searched once more for what the run learned (a fast, filtered search), and
// rewritten only in the rare case it holds one.

#include <optional>

#include "tracesan/Io.h"
#include "tracesan/Redactor.h"

namespace tracesan {
namespace {

constexpr std::size_t kChunk = 8u << 20;

// Streams `path` through the session's replacement; with `out` null, only counts.
Expected<std::size_t> pass(const std::string& path, const RedactionSession& session, OutputFile* out) {
  auto source = openFileSource(path);
  if (!source) return source.error();
  const std::size_t overlap = session.longestSecret();
  std::string buffer, replaced, chunk(kChunk, '\0');
  std::size_t count = 0;
  for (bool eof = false; !eof;) {
    auto n = source.value()->read(chunk.data(), chunk.size());
    if (!n) return n.error();
    eof = *n == 0;
    buffer.append(chunk.data(), *n);
    if (!eof && buffer.size() < overlap + kChunk) continue;
    // A secret starting before stopAt lies wholly in the buffer; the rest waits for more bytes.
    const std::size_t stopAt = eof ? buffer.size() : buffer.size() - overlap;
    std::size_t consumed = 0;
    if (out) {
      replaced.clear();
      count += session.replaceKnown(buffer, stopAt, replaced, consumed);
      if (auto s = out->write(replaced); !s) return s.error();
    } else {
      count += session.countKnown(buffer, stopAt, consumed);
      if (count > 0) return count;  // the caller rewrites the file: one is enough to know
    }
    buffer.erase(0, consumed);
  }
  return count;
}

}  // namespace

Expected<std::size_t> replaceKnownSecretsInFile(const std::string& path, const RedactionSession& learned) {
  if (learned.size() == 0) return std::size_t{0};
  // The file is HAR (JSON): a secret with quotes, backslashes or escapes is written escaped.
  std::optional<RedactionSession> escaped = learned.withJsonEscapedForms();
  const RedactionSession& session = escaped ? *escaped : learned;
  auto found = pass(path, session, nullptr);
  if (!found || *found == 0) return found;
  auto out = OutputFile::create(path, path);
  if (!out) return out.error();
  auto written = pass(path, session, out.value().get());
  if (!written) {
    out.value()->discard();
    return written.error();
  }
  if (auto s = out.value()->commit(); !s) return s.error();
  return written;
}

}  // namespace tracesan
