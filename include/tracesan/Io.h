// Byte streams in and out of tracesan. Inputs are read in chunks (never whole); outputs go to a
// temporary file next to the target and are renamed into place only when complete.
//
//   auto out = OutputFile::create("clean.har", "trace.har");
//   out->write(bytes); out->commit();   // or let it go out of scope to discard
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "tracesan/Error.h"

namespace tracesan {

class ByteSource {
public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes; returns 0 at the end.
  virtual Expected<std::size_t> read(char* buffer, std::size_t size) = 0;
  // Reads up to `size` more bytes onto the end of `buffer` (left as it was on an error); returns
  // how many, 0 at the end. The buffered readers' one way to grow their window.
  Expected<std::size_t> appendTo(std::string& buffer, std::size_t size);
  virtual const std::string& name() const = 0;
  // Total size when known (regular files), otherwise 0.
  virtual std::uint64_t size() const { return 0; }
};

// A file, or stdin when path is "-".
Expected<std::unique_ptr<ByteSource>> openFileSource(const std::string& path);
std::unique_ptr<ByteSource> memorySource(std::string bytes, std::string name);

// Reads a whole (small) file; used for rules files and tests, never for traces.
Expected<std::string> readWholeFile(const std::string& path);

// An output written atomically: temp file in the target's directory, renamed on commit(),
// removed if destroyed uncommitted. Path "-" writes stdout directly. Full 1 MB buffers are
// written by a second thread while the next one fills, so the copy into the kernel overlaps the
// caller's work; a write error is reported by the next write() or by commit().
class OutputFile {
public:
  // `permissionsFrom`: a file whose permission bits the output copies (else 0600).
  static Expected<std::unique_ptr<OutputFile>> create(const std::string& path,
                                                      const std::string& permissionsFrom = "");
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Status write(std::string_view bytes);
  Status commit();
  void discard();
  const std::string& path() const;
  const std::string& tempPath() const;
  std::uint64_t bytesWritten() const;

private:
  OutputFile();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Removes any uncommitted temporary outputs; safe to call from a signal handler.
void removePendingOutputs();

}  // namespace tracesan
