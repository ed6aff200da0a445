#include "support/PrefixSource.h"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "support/PendingFiles.h"

namespace tracesan {

TemporaryFile::TemporaryFile(std::string path) : path_(std::move(path)), pendingSlot_(registerPendingFile(path_)) {}

TemporaryFile::~TemporaryFile() {
  ::unlink(path_.c_str());
  unregisterPendingFile(pendingSlot_);
}

Expected<std::shared_ptr<TemporaryFile>> spoolToTemporaryFile(std::string head, ByteSource& source) {
  std::string pattern = temporaryDirectory() + "/tracesan-spool-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) return ioError(source.name() + ": cannot create a temporary file: " + std::strerror(errno));
  auto file = std::make_shared<TemporaryFile>(pattern);
  bool ok = writeAll(fd, head.data(), head.size());
  std::array<char, 1 << 16> buf{};
  while (ok) {
    auto n = source.read(buf.data(), buf.size());
    if (!n) {
      ::close(fd);
      return n.error();
    }
    if (*n == 0) break;
    ok = writeAll(fd, buf.data(), *n);
  }
  ::close(fd);
  if (!ok) return ioError(source.name() + ": cannot write a temporary file: " + std::strerror(errno));
  return file;
}

}  // namespace tracesan
