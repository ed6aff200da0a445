// Temporary files that must not outlive an interrupted run: removePendingOutputs() (Io.h), called
// from the tools' SIGINT/SIGTERM handlers, unlinks every registered path and any sibling whose
// name starts with "<path>." (libzip writes its own "<archive>.XXXXXX" next to the archive).
// Also the small file helpers every writer of temporary files shares.
#pragma once

#include <cstddef>
#include <string>

#include "tracesan/Error.h"

namespace tracesan {

// The directory part of a path: "." when there is none, "/" for a file in the root.
std::string directoryOf(const std::string& path);

// $TMPDIR, else /tmp.
std::string temporaryDirectory();

// A new ".<name>.tmp-<16 hex digits>" beside `target`, created exclusively (O_EXCL) with exactly
// `mode` whatever the umask, open for writing. The caller owns `fd` and registers `path`.
struct PrivateTemp {
  int fd = -1;
  std::string path;
};
Expected<PrivateTemp> createPrivateTemp(const std::string& target, unsigned mode);

// write(2) until everything is written, retrying on EINTR; false on an error (errno says which).
bool writeAll(int fd, const char* data, std::size_t size);

// Returns a slot for unregisterPendingFile, or -1 when the table is full (the file is then only
// removed by its owner).
int registerPendingFile(const std::string& path);
void unregisterPendingFile(int slot);

}  // namespace tracesan
