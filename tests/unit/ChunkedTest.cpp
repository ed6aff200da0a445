#include <catch2/catch.hpp>

#include <string>

#include "codec/Chunked.h"

using tracesan::codec::chunk;
using tracesan::codec::dechunk;
using namespace std::string_literals;

namespace {

std::string decoded(std::string_view body, std::string* trailers = nullptr) {
  auto out = dechunk(body, trailers);
  INFO((out ? std::string() : out.error().message()));
  REQUIRE(out);
  return std::move(out).value();
}

std::string failure(std::string_view body, std::size_t maxOut = std::string::npos) {
  auto out = dechunk(body, nullptr, maxOut);
  REQUIRE_FALSE(out);
  return out.error().message();
}

}  // namespace

TEST_CASE("dechunking joins the chunks of the RFC example") {
  CHECK(decoded("4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n") == "Wikipedia in\r\n\r\nchunks.");
}

TEST_CASE("chunk sizes are hex in either case") {
  std::string data(0xAB, 'x');
  CHECK(decoded("ab\r\n" + data + "\r\n0\r\n\r\n") == data);
  CHECK(decoded("AB\r\n" + data + "\r\n0\r\n\r\n") == data);
  CHECK(decoded("00aB\r\n" + data + "\r\n000\r\n\r\n") == data);
}

TEST_CASE("chunk extensions are skipped") {
  CHECK(decoded("5;name=value\r\nhello\r\n6 ; a=\"b;c\"\r\n world\r\n0;last\r\n\r\n") == "hello world");
}

TEST_CASE("LF-only chunk framing is accepted") {
  CHECK(decoded("5\nhello\n0\n\n") == "hello");
}

TEST_CASE("trailers are returned verbatim") {
  std::string trailers;
  CHECK(decoded("3\r\nabc\r\n0\r\nX-Checksum: 1234\r\nX-Other: y\r\n\r\n", &trailers) == "abc");
  CHECK(trailers == "X-Checksum: 1234\r\nX-Other: y\r\n");
}

TEST_CASE("an empty chunked body decodes to nothing") {
  std::string trailers = "stale";
  CHECK(decoded("0\r\n\r\n", &trailers).empty());
  CHECK(trailers.empty());
}

TEST_CASE("a body that ends right after the last chunk is accepted") {
  CHECK(decoded("3\r\nabc\r\n0\r\n") == "abc");
  CHECK(decoded("3\r\nabc\r\n0") == "abc");
}

TEST_CASE("a chunk size that exceeds the remaining data is an error") {
  CHECK(failure("2000\r\n0123456789\r\n") == "chunk at offset 0: chunk size 0x2000 exceeds remaining 12 bytes");
  CHECK_THAT(failure("3\r\nabc\r\n10\r\nshort\r\n0\r\n\r\n"), Catch::StartsWith("chunk at offset 8: chunk size 0x10"));
}

TEST_CASE("a chunk size smaller than the data is an error") {
  CHECK_THAT(failure("3\r\nabcdef\r\n0\r\n\r\n"), Catch::Contains("missing line ending after 3 bytes of chunk data"));
}

TEST_CASE("a missing final chunk is an error") {
  CHECK_THAT(failure("3\r\nabc\r\n"), Catch::StartsWith("missing final chunk after 3 bytes"));
  CHECK_THAT(failure(""), Catch::StartsWith("missing final chunk"));
}

TEST_CASE("a chunk size that overflows is an error") {
  CHECK_THAT(failure("fffffffffffffffff\r\nx\r\n0\r\n\r\n"), Catch::Contains("chunk size overflows"));
  CHECK_THAT(failure("ffffffffffffffff\r\nx\r\n0\r\n\r\n"), Catch::Contains("exceeds remaining"));
}

TEST_CASE("a size line that is not hex is an error") {
  CHECK_THAT(failure("xyz\r\nabc\r\n0\r\n\r\n"), Catch::Contains("chunk at offset 0: invalid chunk size line"));
  CHECK_THAT(failure("3 junk\r\nabc\r\n0\r\n\r\n"), Catch::Contains("invalid chunk size line"));
  CHECK_THAT(failure("3"), Catch::Contains("chunk size line without a line ending"));
}

TEST_CASE("data after the final chunk is an error but stray line endings are not") {
  CHECK_THAT(failure("3\r\nabc\r\n0\r\n\r\nleftover"), Catch::Contains("bytes of data after the final chunk"));
  CHECK(decoded("3\r\nabc\r\n0\r\n\r\n\r\n") == "abc");
}

TEST_CASE("a malformed trailer line is an error") {
  CHECK_THAT(failure("3\r\nabc\r\n0\r\nno colon here\r\n\r\n"), Catch::Contains("trailer at offset"));
}

TEST_CASE("dechunking stops at the output limit") {
  CHECK(failure("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", 7) == "dechunked size exceeds limit 7");
  CHECK(dechunk("5\r\nhello\r\n0\r\n\r\n", nullptr, 5));
}

TEST_CASE("chunking writes sized chunks, the final chunk and the closing line") {
  CHECK(chunk("hello world", 5) == "5\r\nhello\r\n5\r\n worl\r\n1\r\nd\r\n0\r\n\r\n");
  CHECK(chunk("") == "0\r\n\r\n");
  CHECK(chunk(std::string(300, 'a'), 0).substr(0, 5) == "12c\r\n");
}

TEST_CASE("chunking appends trailers and completes their last line") {
  CHECK(chunk("ab", 8192, "X-A: 1\r\n") == "2\r\nab\r\n0\r\nX-A: 1\r\n\r\n");
  CHECK(chunk("ab", 8192, "X-A: 1") == "2\r\nab\r\n0\r\nX-A: 1\r\n\r\n");
}

TEST_CASE("chunk and dechunk round-trip binary data and trailers") {
  std::string data;
  for (int i = 0; i < 100000; ++i) data += static_cast<char>((i * 7919) & 0xff);
  for (std::size_t size : {1u, 7u, 4096u, 8192u, 1000000u}) {
    std::string trailers;
    CHECK(decoded(chunk(data, size, "X-T: v\r\n"), &trailers) == data);
    CHECK(trailers == "X-T: v\r\n");
  }
}

TEST_CASE("a trailer line cut off by the end of the data gets its line ending back") {
  std::string trailers;
  CHECK(decoded("3\r\nabc\r\n0\r\nX-A: 1", &trailers) == "abc");
  CHECK(trailers == "X-A: 1\r\n");
}
