#include "signin/SigninReaders.h"

namespace tracesan::signin {

Expected<bool> StreamBuffer::more() {
  if (eof_) return false;
  auto got = source_->appendTo(buf_, kChunkSize);
  if (!got) return got.error();
  if (*got == 0) eof_ = true;
  return *got > 0;
}

Expected<bool> StreamBuffer::ensure(std::size_t pos, std::size_t n) {
  while (buf_.size() < pos + n) {
    auto grown = more();
    if (!grown) return grown.error();
    if (!*grown) return false;
  }
  return true;
}

void StreamBuffer::discardBefore(std::size_t pos) {
  // Dropping a few bytes per record would move the rest of the buffer every time: drop only whole
  // chunks' worth, so each byte moves about once.
  if (pos < kChunkSize) return;
  buf_.erase(0, pos);
  base_ += pos;
}

}  // namespace tracesan::signin
