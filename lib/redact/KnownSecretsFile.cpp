// Two-pass learning for outputs that are already written: a secret revealed by entry 900 may sit
// raw in entry 3 or in a page title. Rather than reading and redacting the whole trace twice, the
// written output is searched once more for what the run learned (a fast, filtered search), and
// rewritten only in the rare case it holds one.

#include <cstring>
#include <functional>
#include <memory>
#include <optional>

#include "tracesan/Io.h"
#include "tracesan/Redactor.h"

namespace tracesan {
namespace {

// Chunks small enough to stay in L2 cache between the copy from the page cache and the scan.
// Reading a 100 MB output into one reused buffer of this size cost half the CPU of scanning a
// read-only mapping of it (8 MB windows, pages dropped behind): each new page of the mapping is a
// TLB miss and page fault, and a large buffer falls out of the cache before it is scanned.
constexpr std::size_t kChunk = 256u << 10;

// One step of a pass over `window`: the secrets starting before `stopAt` (the window goes on for
// the longest secret after it); sets `consumed` as RedactionSession::countKnown does.
using Step = std::function<Expected<std::size_t>(std::string_view window, std::size_t stopAt, std::size_t& consumed)>;

// Reads `path` in chunks through one buffer, the unsearched tail (at most `overlap` bytes) kept
// for the next round. `firstOnly`: stop once a secret is found.
Expected<std::size_t> readPass(const std::string& path, std::size_t overlap, bool firstOnly, const Step& step) {
  auto source = openFileSource(path);
  if (!source) return source.error();
  std::size_t chunk = kChunk;
  while (chunk < 4 * overlap) chunk *= 2;  // a window is mostly new bytes, whatever the secrets
  const std::size_t capacity = chunk + overlap;
  const auto buffer = std::make_unique_for_overwrite<char[]>(capacity);
  std::size_t filled = 0, count = 0;
  for (bool eof = false; !eof && !(firstOnly && count > 0);) {
    while (filled < capacity) {
      auto n = source.value()->read(buffer.get() + filled, capacity - filled);
      if (!n) return n.error();
      if (*n == 0) {
        eof = true;
        break;
      }
      filled += *n;
    }
    const std::size_t stopAt = eof ? filled : filled - overlap;
    std::size_t consumed = 0;
    auto found = step(std::string_view(buffer.get(), filled), stopAt, consumed);
    if (!found) return found.error();
    count += *found;
    std::memmove(buffer.get(), buffer.get() + consumed, filled - consumed);
    filled -= consumed;
  }
  return count;
}

// Streams `path` through the session's replacement; with `out` null, only counts (and stops at
// the first window holding a secret: the caller then rewrites the file).
Expected<std::size_t> pass(const std::string& path, const RedactionSession& session, OutputFile* out) {
  const std::size_t overlap = session.longestSecret();
  std::string replaced;
  Step step = [&](std::string_view window, std::size_t stopAt, std::size_t& consumed) -> Expected<std::size_t> {
    if (!out) return session.countKnown(window, stopAt, consumed);
    replaced.clear();
    std::size_t n = session.replaceKnown(window, stopAt, replaced, consumed);
    if (auto s = out->write(replaced); !s) return s.error();
    return n;
  };
  const bool firstOnly = out == nullptr;  // counting: one is enough to know
  return readPass(path, overlap, firstOnly, step);
}

}  // namespace

namespace {

// `session` knows every secret as the HAR file writes it (JSON-escaped too).
Expected<std::size_t> replaceInFile(const std::string& path, const RedactionSession& session) {
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

}  // namespace

Expected<std::size_t> replaceKnownSecretsInFile(const std::string& path, const RedactionSession& learned) {
  if (learned.size() == 0) return std::size_t{0};
  // The file is HAR (JSON): a secret with quotes, backslashes or escapes is written escaped.
  std::optional<RedactionSession> escaped = learned.withJsonEscapedForms();
  return replaceInFile(path, escaped ? *escaped : learned);
}

Expected<std::size_t> replaceKnownSecretsInFile(const std::string& path, RedactionSession&& learned) {
  if (learned.size() == 0) return std::size_t{0};
  learned.addJsonEscapedForms();
  return replaceInFile(path, learned);
}

}  // namespace tracesan
