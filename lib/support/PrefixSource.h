// Internal helpers for sniffed inputs: a source that replays the bytes already read, and a
// spool of a non-seekable input (stdin) to a temporary file for formats that need seeking.
#pragma once

#include <cstring>
#include <memory>
#include <string>

#include "tracesan/Io.h"

namespace tracesan {

class PrefixSource final : public ByteSource {
public:
  PrefixSource(std::string prefix, std::unique_ptr<ByteSource> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}
  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    if (pos_ < prefix_.size()) {
      std::size_t n = std::min(size, prefix_.size() - pos_);
      std::memcpy(buffer, prefix_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return rest_->read(buffer, size);
  }
  const std::string& name() const override { return rest_->name(); }
  std::uint64_t size() const override { return rest_->size(); }

private:
  std::string prefix_;
  std::size_t pos_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

// A temporary file removed when the object is destroyed.
class TemporaryFile {
public:
  explicit TemporaryFile(std::string path);
  ~TemporaryFile();
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::string& path() const { return path_; }

private:
  std::string path_;
  int pendingSlot_ = -1;  // removed on SIGINT too (support/PendingFiles.h)
};

// Copies `head` followed by the rest of `source` into a new temporary file.
Expected<std::shared_ptr<TemporaryFile>> spoolToTemporaryFile(std::string head, ByteSource& source);

}  // namespace tracesan
