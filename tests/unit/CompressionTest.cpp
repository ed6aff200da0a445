#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "codec/Compression.h"

using namespace tracesan::codec;
using namespace std::string_literals;
using tracesan::Expected;

namespace {

constexpr std::size_t kNoLimit = std::string::npos;

std::string ok(Expected<std::string> result) {
  INFO((result ? std::string() : result.error().message()));
  REQUIRE(result);
  return std::move(result).value();
}

std::string failure(const Expected<std::string>& result) {
  REQUIRE_FALSE(result);
  return result.error().message();
}

// Text plus binary noise: compressible, but not trivially.
std::string sampleData(std::size_t size) {
  std::string out;
  out.reserve(size);
  std::uint32_t x = 12345;
  while (out.size() < size) {
    x = x * 1103515245u + 12345u;
    if ((x >> 16) % 4 == 0) {
      out += static_cast<char>(x >> 24);
    } else {
      out += "{\"access_token\":\"eyJ0eXAiOiJKV1QiFAKE\"}"[(x >> 8) % 38];
    }
  }
  return out;
}

// printf 'hello, world\n' | gzip -9n
const std::string kGzipHello =
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xcb\x48\xcd\xc9\xc9\xd7\x51\x28\xcf\x2f\xca\x49\xe1\x02\x00\x53\x74\x24"
    "\xf4\x0d\x00\x00\x00"s;
// zlib.compress(b'hello, world\n')
const std::string kZlibHello = "\x78\x9c\xcb\x48\xcd\xc9\xc9\xd7\x51\x28\xcf\x2f\xca\x49\xe1\x02\x00\x21\xe7\x04\x93"s;
// The same deflate data without the zlib wrapper.
const std::string kRawHello = "\xcb\x48\xcd\xc9\xc9\xd7\x51\x28\xcf\x2f\xca\x49\xe1\x02\x00"s;
// Hand-built brotli stream: window 16, one uncompressed meta-block of 5 bytes, then an empty last one.
const std::string kBrotliHello = "\x40\x00\x10hello\x03"s;

}  // namespace

TEST_CASE("gzip decodes a known vector") { CHECK(ok(gzipDecode(kGzipHello, kNoLimit)) == "hello, world\n"); }

TEST_CASE("deflate decodes zlib-wrapped data") { CHECK(ok(deflateDecode(kZlibHello, kNoLimit)) == "hello, world\n"); }

TEST_CASE("deflate falls back to raw deflate data") { CHECK(ok(deflateDecode(kRawHello, kNoLimit)) == "hello, world\n"); }

TEST_CASE("brotli decodes known vectors") {
  CHECK(ok(brotliDecode(kBrotliHello, kNoLimit)) == "hello");
  CHECK(ok(brotliDecode("\x06"s, kNoLimit)).empty());
}

TEST_CASE("gzip round-trips empty, small and large data") {
  for (std::size_t size : {0u, 1u, 100u, 70000u, 3000000u}) {
    std::string data = sampleData(size);
    std::string packed = ok(gzipEncode(data));
    CHECK(packed.substr(0, 2) == "\x1f\x8b");
    CHECK(ok(gzipDecode(packed, kNoLimit)) == data);
  }
}

TEST_CASE("deflate encodes the zlib format and round-trips") {
  for (std::size_t size : {0u, 1u, 100u, 70000u, 3000000u}) {
    std::string data = sampleData(size);
    std::string packed = ok(deflateEncode(data));
    CHECK(static_cast<unsigned char>(packed[0]) == 0x78);
    CHECK(ok(deflateDecode(packed, kNoLimit)) == data);
  }
}

TEST_CASE("brotli round-trips empty, small and large data") {
  for (std::size_t size : {0u, 1u, 100u, 70000u, 3000000u}) {
    std::string data = sampleData(size);
    CHECK(ok(brotliDecode(ok(brotliEncode(data)), kNoLimit)) == data);
  }
}

TEST_CASE("gzip decodes every member of a multi-member file") {
  std::string two = ok(gzipEncode("first ")) + ok(gzipEncode("second"));
  CHECK(ok(gzipDecode(two, kNoLimit)) == "first second");
  CHECK(ok(gzipDecode(two + kGzipHello, kNoLimit)) == "first secondhello, world\n");
}

TEST_CASE("gzip tolerates trailing zero padding") {
  CHECK(ok(gzipDecode(kGzipHello + std::string(16, '\0'), kNoLimit)) == "hello, world\n");
}

TEST_CASE("trailing garbage after a compressed stream is an error") {
  CHECK_THAT(failure(gzipDecode(kGzipHello + "junk", kNoLimit)), Catch::Contains("4 bytes of trailing data after the gzip"));
  CHECK_THAT(failure(deflateDecode(kZlibHello + "junk", kNoLimit)), Catch::Contains("trailing data"));
  CHECK_THAT(failure(brotliDecode(kBrotliHello + "junk", kNoLimit)), Catch::Contains("trailing data after the brotli"));
}

TEST_CASE("gzip cut at any point is an error") {
  std::string packed = ok(gzipEncode(sampleData(5000)));
  for (std::size_t cut = 0; cut < packed.size(); ++cut) {
    auto result = gzipDecode(std::string_view(packed).substr(0, cut), kNoLimit);
    INFO("cut at " << cut << " of " << packed.size());
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message(), Catch::Contains("truncated gzip") || Catch::Contains("corrupt gzip"));
  }
}

TEST_CASE("the second member of a gzip file cut short is an error") {
  std::string two = ok(gzipEncode("first ")) + kGzipHello;
  CHECK_THAT(failure(gzipDecode(std::string_view(two).substr(0, two.size() - 3), kNoLimit)),
             Catch::Contains("truncated gzip"));
}

TEST_CASE("zlib and raw deflate cut at any point are errors") {
  std::string packed = ok(deflateEncode(sampleData(5000)));
  for (std::size_t cut = 0; cut < packed.size(); ++cut) {
    INFO("cut at " << cut << " of " << packed.size());
    REQUIRE_FALSE(deflateDecode(std::string_view(packed).substr(0, cut), kNoLimit));
  }
  for (std::size_t cut = 0; cut < kRawHello.size(); ++cut) {
    INFO("raw cut at " << cut);
    REQUIRE_FALSE(deflateDecode(std::string_view(kRawHello).substr(0, cut), kNoLimit));
  }
}

TEST_CASE("truncated zlib data reports the zlib error rather than the raw fallback's") {
  CHECK_THAT(failure(deflateDecode(std::string_view(kZlibHello).substr(0, 10), kNoLimit)),
             Catch::Contains("truncated zlib data"));
}

TEST_CASE("brotli cut at any point is an error") {
  std::string packed = ok(brotliEncode(sampleData(5000)));
  for (std::size_t cut = 0; cut < packed.size(); ++cut) {
    INFO("cut at " << cut << " of " << packed.size());
    REQUIRE_FALSE(brotliDecode(std::string_view(packed).substr(0, cut), kNoLimit));
  }
  CHECK_THAT(failure(brotliDecode(std::string_view(kBrotliHello).substr(0, 6), kNoLimit)),
             Catch::Contains("truncated brotli data"));
}

TEST_CASE("a gzip checksum mismatch is an error") {
  std::string bad = kGzipHello;
  bad[bad.size() - 6] ^= 0x01;  // inside the CRC32
  CHECK_THAT(failure(gzipDecode(bad, kNoLimit)), Catch::Contains("corrupt gzip data: incorrect data check"));
}

TEST_CASE("corrupt data is an error for every decoder") {
  CHECK_THAT(failure(gzipDecode("not gzip at all", kNoLimit)), Catch::Contains("corrupt gzip data"));
  CHECK_THAT(failure(deflateDecode("\xff\xff\xff\xff"s, kNoLimit)), Catch::Contains("corrupt raw deflate data"));
  CHECK_THAT(failure(brotliDecode("\xff\xff\xff\xff"s, kNoLimit)), Catch::Contains("corrupt brotli data"));
}

TEST_CASE("empty input is an error for every decoder") {
  CHECK_THAT(failure(gzipDecode("", kNoLimit)), Catch::Contains("truncated gzip data: empty input"));
  CHECK_THAT(failure(deflateDecode("", kNoLimit)), Catch::Contains("empty input"));
  CHECK_THAT(failure(brotliDecode("", kNoLimit)), Catch::Contains("truncated brotli data: empty input"));
}

TEST_CASE("output exactly at the limit is accepted and one byte more is not") {
  std::string data = sampleData(100000);
  std::string gz = ok(gzipEncode(data)), zl = ok(deflateEncode(data)), br = ok(brotliEncode(data));
  CHECK(ok(gzipDecode(gz, data.size())) == data);
  CHECK(ok(deflateDecode(zl, data.size())) == data);
  CHECK(ok(brotliDecode(br, data.size())) == data);
  std::string expected = "decompressed size exceeds limit " + std::to_string(data.size() - 1);
  CHECK(failure(gzipDecode(gz, data.size() - 1)) == expected);
  CHECK(failure(deflateDecode(zl, data.size() - 1)) == expected);
  CHECK(failure(brotliDecode(br, data.size() - 1)) == expected);
}

TEST_CASE("a 1 KB brotli bomb of 100 MB hits the limit fast") {
  // Brotli shrinks runs of zeros by far more than 1000:1, so the bomb is built in memory once.
  const std::string zeros(100u << 20, '\0');
  std::string bomb = ok(brotliEncode(zeros));
  REQUIRE(bomb.size() <= 1024);
  auto start = std::chrono::steady_clock::now();
  CHECK(failure(brotliDecode(bomb, 1u << 20)) == "decompressed size exceeds limit 1048576");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("a gzip bomb hits the limit fast for gzip and deflate") {
  const std::string zeros(100u << 20, '\0');
  std::string gz = ok(gzipEncode(zeros)), zl = ok(deflateEncode(zeros));
  auto start = std::chrono::steady_clock::now();
  CHECK_THAT(failure(gzipDecode(gz, 1u << 20)), Catch::Contains("exceeds limit 1048576"));
  CHECK_THAT(failure(deflateDecode(zl, 1u << 20)), Catch::Contains("exceeds limit 1048576"));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}
