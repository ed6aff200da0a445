// A zip archive being written: generated members are spooled to a temporary file next to the
// output (so memory stays flat however large the trace), copied members come straight from the
// source archive without recompression. libzip writes to a private temporary file next to the
// output (created with the input's permission bits, or 0600), which commit() renames into place,
// so a failed or interrupted write leaves nothing behind; "-" writes to a temporary file that is
// then copied to stdout.
//
//   auto out = ZipOutput::create("clean.saz", "");
//   out.value()->add("raw/1_c.txt", bytes); out.value()->commit();
#pragma once

#include <zip.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>

#include "tracesan/Error.h"

namespace tracesan::saz {

class ZipOutput {
public:
  // `password` non-empty encrypts every member with WinZip AES-256. `permissionsFrom`: a file
  // whose permission bits the output copies (else 0600), as OutputFile does.
  static Expected<std::unique_ptr<ZipOutput>> create(const std::string& path, const std::string& password,
                                                     const std::string& permissionsFrom = "");
  ~ZipOutput();
  ZipOutput(const ZipOutput&) = delete;
  ZipOutput& operator=(const ZipOutput&) = delete;

  // Bytes written to the spool now and added as a member later (when the name is known).
  struct Spooled {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
  };
  Expected<Spooled> spool(std::string_view bytes);
  Expected<std::uint64_t> addSpooled(const std::string& name, Spooled data, std::int64_t replace = -1,
                                     std::time_t mtime = 0);

  // Adds (or, with `replace`, overwrites entry `replace`) a generated member; returns its index.
  Expected<std::uint64_t> add(const std::string& name, std::string_view bytes, std::int64_t replace = -1,
                              std::time_t mtime = 0);
  // Copies member `index` of `source` as its original compressed bytes.
  Expected<std::uint64_t> copy(const std::string& name, zip_t* source, std::uint64_t index, std::int64_t replace = -1);
  Expected<std::uint64_t> addDirectory(const std::string& name);
  // An empty placeholder keeping a member's position; replace it later with add/copy.
  Expected<std::uint64_t> reserve(const std::string& name);
  Status remove(std::uint64_t index);
  Status setComment(std::string_view comment);

  Status commit();

private:
  ZipOutput() = default;
  Status setUp(std::uint64_t index);
  Error zipError(std::string_view what) const;

  std::string path_;       // the target ("-" for stdout)
  std::string zipPath_;    // what libzip writes: a temporary file, renamed to the target or copied to stdout
  std::string spoolPath_;  // generated member bytes
  unsigned mode_ = 0600;   // permission bits of the output
  int zipSlot_ = -1;       // pending-file slots (removed on SIGINT)
  int spoolSlot_ = -1;
  int spoolFd_ = -1;
  std::uint64_t spoolSize_ = 0;
  std::string password_;
  zip_t* zip_ = nullptr;
  bool committed_ = false;
};

}  // namespace tracesan::saz
