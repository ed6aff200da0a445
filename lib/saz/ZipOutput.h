// A zip archive being written, member after member. The output goes to a private temporary file
// next to the target (created with the input's permission bits, or 0600), which commit() renames
// into place, so a failed or interrupted write leaves nothing behind; "-" writes to a temporary
// file that is then copied to stdout.
//
// Without a password the archive is written by our own streaming writer (ZipStream.cpp): each
// member goes to the file as soon as it is added, deflated on a second thread while the caller
// prepares the next one, and copied members are written as their stored compressed bytes. Only
// the central directory (about 60 bytes a member) stays in memory. libzip cannot do this: it
// writes the whole archive in zip_close and keeps state for every member until then. With a
// password, members are encrypted with WinZip AES-256 by libzip (members are spooled to a
// temporary file until then, so memory stays flat there too).
//
//   auto out = ZipOutput::create("clean.saz", "");
//   out.value()->add("raw/1_c.txt", std::move(bytes)); out.value()->commit();
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>

#include "tracesan/Error.h"

namespace tracesan::saz {

class SazArchive;

class ZipOutput {
public:
  // `password` non-empty encrypts every member with WinZip AES-256. `permissionsFrom`: a file
  // whose permission bits the output copies (else 0600), as OutputFile does.
  static Expected<std::unique_ptr<ZipOutput>> create(const std::string& path, const std::string& password,
                                                     const std::string& permissionsFrom = "");
  virtual ~ZipOutput() = default;

  // Adds a member deflated from `bytes`, dated `mtime` (0: now).
  virtual Status add(const std::string& name, std::string bytes, std::time_t mtime = 0) = 0;
  // Adds member `index` of `source` (not encrypted) as its stored compressed bytes, with its name
  // and date. `stored`: those bytes when the caller has them already (else they are read).
  virtual Status copy(SazArchive& source, std::uint64_t index, std::string stored = {}) = 0;
  virtual Status addDirectory(const std::string& name, std::time_t mtime = 0) = 0;  // mtime 0: now
  virtual Status setComment(std::string_view comment) = 0;

  virtual Status commit() = 0;
};

// Member bytes kept in an unlinked temporary file until they can be added in their final order
// (a new SAZ names its members with a width that depends on the session count).
class Spool {
public:
  struct Range {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
  };
  // `near`: a path whose directory holds the spool.
  static Expected<std::unique_ptr<Spool>> create(const std::string& near);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  Expected<Range> put(std::string_view bytes);
  Expected<std::string> get(Range range) const;
  const std::string& path() const { return path_; }  // readable while the spool lives

private:
  Spool() = default;
  std::string path_;  // for error messages and, off Linux, for removal
  int fd_ = -1;
  int slot_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace tracesan::saz
