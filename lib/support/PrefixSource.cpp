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
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/tracesan-spool-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) return ioError(source.name() + ": cannot create a temporary file: " + std::strerror(errno));
  auto file = std::make_shared<TemporaryFile>(pattern);
  auto writeAll = [&](const char* data, std::size_t size) -> bool {
    while (size > 0) {
      ssize_t n = ::write(fd, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  };
  bool ok = writeAll(head.data(), head.size());
  std::array<char, 1 << 16> buf{};
  while (ok) {
    auto n = source.read(buf.data(), buf.size());
    if (!n) {
      ::close(fd);
      return n.error();
    }
    if (*n == 0) break;
    ok = writeAll(buf.data(), *n);
  }
  ::close(fd);
  if (!ok) return ioError(source.name() + ": cannot write a temporary file: " + std::strerror(errno));
  return file;
}

}  // namespace tracesan
