// Temporary files that must not outlive an interrupted run: removePendingOutputs() (Io.h), called
// from the tools' SIGINT/SIGTERM handlers, unlinks every registered path and any sibling whose
// name starts with "<path>." (libzip writes its own "<archive>.XXXXXX" next to the archive).
#pragma once

#include <string>

namespace tracesan {

// Returns a slot for unregisterPendingFile, or -1 when the table is full (the file is then only
// removed by its owner).
int registerPendingFile(const std::string& path);
void unregisterPendingFile(int slot);

}  // namespace tracesan
