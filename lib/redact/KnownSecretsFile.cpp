// Two-pass learning for outputs that are already written: a secret revealed by entry 900 may sit
// raw in entry 3 or in a page title. Rather than reading and redacting the whole trace twice, the
// written output is searched once more for what the run learned (a fast, filtered search), and
// rewritten only in the rare case it holds one.

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <utility>

#include "tracesan/Io.h"
#include "tracesan/Redactor.h"

namespace tracesan {
namespace {

constexpr std::size_t kChunk = 8u << 20;

// One step of a pass over `window`: the secrets starting before `stopAt` (the window goes on for
// the longest secret after it); sets `consumed` as RedactionSession::countKnown does.
using Step = std::function<Expected<std::size_t>(std::string_view window, std::size_t stopAt, std::size_t& consumed)>;

// A regular file mapped read-only: the pass reads the page cache in place instead of copying the
// output (as big as the trace) through a buffer. Pages already searched are dropped from the
// mapping as it goes, so resident memory stays a window whatever the size.
class MappedFile {
public:
  static std::optional<MappedFile> open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat st {};
    void* p = MAP_FAILED;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
      p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) return std::nullopt;
    ::madvise(p, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
    return MappedFile(static_cast<const char*>(p), static_cast<std::size_t>(st.st_size));
  }
  MappedFile(MappedFile&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(o.size_), released_(o.released_) {}
  MappedFile& operator=(MappedFile&&) = delete;
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  std::string_view bytes() const { return {data_, size_}; }
  // Drops the whole pages before `offset` from the mapping (they stay in the page cache).
  void release(std::size_t offset) {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t end = offset / page * page;
    if (end > released_) ::madvise(const_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
    released_ = std::max(released_, end);
  }

private:
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  const char* data_;
  std::size_t size_;
  std::size_t released_ = 0;
};

// `firstOnly`: stop once a secret is found.
Expected<std::size_t> mappedPass(MappedFile& file, std::size_t overlap, bool firstOnly, const Step& step) {
  const std::string_view all = file.bytes();
  std::size_t count = 0;
  for (std::size_t at = 0; at < all.size() && !(firstOnly && count > 0);) {
    const std::string_view window = all.substr(at, kChunk + overlap);
    // A secret starting before stopAt lies wholly in the window; the rest waits for the next.
    const bool last = at + window.size() == all.size();
    const std::size_t stopAt = last ? window.size() : kChunk;
    std::size_t consumed = 0;
    auto n = step(window, stopAt, consumed);
    if (!n) return n.error();
    count += *n;
    at += std::max<std::size_t>(consumed, 1);
    file.release(at);
  }
  return count;
}

// The same pass for what cannot be mapped: read in chunks, the tail kept for the next round.
Expected<std::size_t> readPass(const std::string& path, std::size_t overlap, bool firstOnly, const Step& step) {
  auto source = openFileSource(path);
  if (!source) return source.error();
  std::string buffer;
  std::size_t count = 0;
  for (bool eof = false; !eof && !(firstOnly && count > 0);) {
    const std::size_t kept = buffer.size();
    buffer.resize(kept + kChunk);
    auto n = source.value()->read(buffer.data() + kept, kChunk);
    if (!n) return n.error();
    buffer.resize(kept + *n);
    eof = *n == 0;
    if (!eof && buffer.size() < overlap + kChunk) continue;
    const std::size_t stopAt = eof ? buffer.size() : buffer.size() - overlap;
    std::size_t consumed = 0;
    auto found = step(buffer, stopAt, consumed);
    if (!found) return found.error();
    count += *found;
    buffer.erase(0, consumed);
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
  if (auto mapped = MappedFile::open(path)) return mappedPass(*mapped, overlap, firstOnly, step);
  return readPass(path, overlap, firstOnly, step);
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
