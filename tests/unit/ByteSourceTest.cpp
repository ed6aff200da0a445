// ByteSource::appendTo, the one way the buffered readers (HAR, NetLog, sign-in logs) grow their
// window: bytes go onto the end, the count comes back, 0 at the end, the buffer as it was on an error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "tracesan/Io.h"

using namespace tracesan;

namespace {

// Gives `good` bytes, then fails.
class FailingSource : public ByteSource {
public:
  explicit FailingSource(std::size_t good) : good_(good) {}
  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    if (good_ == 0) return ioError("disk gone");
    const std::size_t n = std::min(size, good_);
    for (std::size_t i = 0; i < n; ++i) buffer[i] = 'x';
    good_ -= n;
    return n;
  }
  const std::string& name() const override { return name_; }

private:
  std::size_t good_;
  std::string name_ = "failing";
};

}  // namespace

TEST_CASE("appendTo reads onto the end of a buffer until the end of the data") {
  auto source = memorySource("abcdefghij", "mem");
  std::string buffer = "kept:";
  auto n = source->appendTo(buffer, 4);
  REQUIRE(n);
  CHECK(*n == 4);
  CHECK(buffer == "kept:abcd");
  n = source->appendTo(buffer, 100);
  REQUIRE(n);
  CHECK(*n == 6);
  CHECK(buffer == "kept:abcdefghij");
  n = source->appendTo(buffer, 100);
  REQUIRE(n);
  CHECK(*n == 0);
  CHECK(buffer == "kept:abcdefghij");
}

TEST_CASE("appendTo leaves the buffer as it was when the read fails") {
  FailingSource source(3);
  std::string buffer = "ab";
  auto n = source.appendTo(buffer, 8);
  REQUIRE(n);
  CHECK(buffer == "abxxx");
  auto failed = source.appendTo(buffer, 8);
  REQUIRE_FALSE(failed);
  CHECK(failed.error().message() == "disk gone");
  CHECK(buffer == "abxxx");
}
