// What the two ZipOutput implementations share: the private temporary file an archive is written
// to, and how it becomes the output (rename, or a copy to stdout for "-").
#pragma once

#include <memory>
#include <string>

#include "saz/ZipOutput.h"

namespace tracesan::saz {

class ZipTarget {
public:
  // Creates the temporary file (open, empty) for `path` with the permission bits of
  // `permissionsFrom` (else 0600).
  static Expected<std::unique_ptr<ZipTarget>> create(const std::string& path, const std::string& permissionsFrom);
  ~ZipTarget();  // removes the temporary file unless it was committed to a path
  ZipTarget(const ZipTarget&) = delete;
  ZipTarget& operator=(const ZipTarget&) = delete;

  const std::string& path() const { return path_; }          // the target ("-" for stdout)
  const std::string& tempPath() const { return tempPath_; }  // what is written
  int fd() const { return fd_; }                             // open for writing until commit
  void closeFd();

  // Closes the file and moves it into place (or copies it to stdout).
  Status commit();

private:
  ZipTarget() = default;
  std::string path_;
  std::string tempPath_;
  unsigned mode_ = 0600;
  int fd_ = -1;
  int slot_ = -1;
  bool committed_ = false;
};

// Our streaming writer (ZipStream.cpp) over `target`. `forceZip64` writes ZIP64 fields for every
// member and the end record, as an archive past 4 GB or 65535 members needs them (for tests).
std::unique_ptr<ZipOutput> makeStreamingZip(std::unique_ptr<ZipTarget> target, bool forceZip64 = false);

}  // namespace tracesan::saz
