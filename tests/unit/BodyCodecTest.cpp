#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "codec/BodyCodec.h"
#include "codec/Chunked.h"
#include "codec/Compression.h"

using namespace tracesan::codec;
using namespace std::string_literals;
using Codings = std::vector<std::string>;

namespace {

constexpr std::size_t kLimit = 64u << 20;
const std::string kJson = R"({"error":"invalid_grant","error_description":"AADSTS50126: Error validating credentials."})";

std::string ok(tracesan::Expected<std::string> result) {
  INFO((result ? std::string() : result.error().message()));
  REQUIRE(result);
  return std::move(result).value();
}

DecodedBody decodedOk(std::string_view raw, std::string_view te, std::string_view ce) {
  DecodedBody d = decodeBody(raw, te, ce, kLimit);
  INFO(d.error);
  REQUIRE(d.error.empty());
  return d;
}

}  // namespace

TEST_CASE("a body without codings passes through unchanged") {
  DecodedBody d = decodedOk(kJson, "", "");
  CHECK(d.bytes == kJson);
  CHECK(d.codings.empty());
}

TEST_CASE("identity codings are ignored") {
  DecodedBody d = decodedOk(kJson, "identity", " Identity ");
  CHECK(d.bytes == kJson);
  CHECK(d.codings.empty());
}

TEST_CASE("chunked then gzip is decoded in that order") {
  std::string raw = chunk(ok(gzipEncode(kJson)), 10);
  DecodedBody d = decodedOk(raw, "chunked", "gzip");
  CHECK(d.bytes == kJson);
  CHECK(d.codings == Codings{"chunked", "gzip"});
}

TEST_CASE("stacked content codings are removed in reverse order of listing") {
  // "gzip, br": gzip was applied first, so br comes off first.
  std::string raw = ok(brotliEncode(ok(gzipEncode(kJson))));
  DecodedBody d = decodedOk(raw, "", "gzip, br");
  CHECK(d.bytes == kJson);
  CHECK(d.codings == Codings{"br", "gzip"});
}

TEST_CASE("stacked codings across several headers and transfer codings decode fully") {
  std::string raw = chunk(ok(gzipEncode(ok(deflateEncode(ok(brotliEncode(kJson)))))), 7);
  DecodedBody d = decodedOk(raw, "gzip, chunked", "br,deflate");
  CHECK(d.codings == Codings{"chunked", "gzip", "deflate", "br"});
  CHECK(d.bytes == kJson);
}

TEST_CASE("coding names are case-insensitive and x-gzip means gzip") {
  DecodedBody d = decodedOk(chunk(ok(gzipEncode(kJson))), "Chunked", "X-GZIP");
  CHECK(d.codings == Codings{"chunked", "gzip"});
  CHECK(d.bytes == kJson);
}

TEST_CASE("deflate bodies decode whether zlib-wrapped or raw") {
  CHECK(decodedOk(ok(deflateEncode(kJson)), "", "deflate").bytes == kJson);
  std::string raw = "\xcb\x48\xcd\xc9\xc9\xd7\x51\x28\xcf\x2f\xca\x49\xe1\x02\x00"s;
  CHECK(decodedOk(raw, "", "deflate").bytes == "hello, world\n");
}

TEST_CASE("chunked trailers are reported") {
  DecodedBody d = decodedOk(chunk("abc", 8192, "X-Trailer: t\r\n"), "chunked", "");
  CHECK(d.bytes == "abc");
  CHECK(d.trailers == "X-Trailer: t\r\n");
}

TEST_CASE("an empty body with declared codings decodes to nothing") {
  DecodedBody d = decodedOk("", "chunked", "gzip");
  CHECK(d.bytes.empty());
  CHECK(d.codings.empty());
}

TEST_CASE("an unknown content coding is an error and the raw bytes are kept") {
  DecodedBody d = decodeBody("\x28\xb5\x2f\xfd junk"s, "", "zstd", kLimit);
  CHECK(d.error == "unsupported content-encoding 'zstd'");
  CHECK(d.bytes == "\x28\xb5\x2f\xfd junk"s);
}

TEST_CASE("an unknown coding anywhere in the stack stops decoding before anything is removed") {
  std::string raw = chunk(ok(gzipEncode(kJson)));
  DecodedBody d = decodeBody(raw, "chunked", "compress, gzip", kLimit);
  CHECK(d.error == "unsupported content-encoding 'compress'");
  CHECK(d.bytes == raw);
}

TEST_CASE("an unknown transfer coding is an error") {
  DecodedBody d = decodeBody("abc", "foo, chunked", "", kLimit);
  CHECK(d.error == "unsupported transfer-encoding 'foo'");
  CHECK(d.bytes == "abc");
  CHECK(decodeBody("0\r\n\r\n", "", "chunked", kLimit).error == "unsupported content-encoding 'chunked'");
}

TEST_CASE("a failing stage names itself and the raw bytes are kept") {
  std::string gz = ok(gzipEncode(kJson));
  std::string raw = chunk(std::string_view(gz).substr(0, gz.size() / 2));
  DecodedBody d = decodeBody(raw, "chunked", "gzip", kLimit);
  CHECK_THAT(d.error, Catch::StartsWith("content-encoding gzip: truncated gzip data"));
  CHECK(d.bytes == raw);
  CHECK(d.trailers.empty());
}

TEST_CASE("a lying chunk size fails the transfer coding stage") {
  DecodedBody d = decodeBody("2000\r\n0123456789\r\n", "chunked", "", kLimit);
  CHECK(d.error == "transfer-encoding chunked: chunk at offset 0: chunk size 0x2000 exceeds remaining 12 bytes");
  CHECK(d.bytes == "2000\r\n0123456789\r\n");
}

TEST_CASE("a stacked bomb of 100 MB hits the limit fast") {
  std::string bomb = ok(gzipEncode(ok(gzipEncode(std::string(100u << 20, '\0')))));
  REQUIRE(bomb.size() < 4096);
  auto start = std::chrono::steady_clock::now();
  std::string raw = chunk(bomb);
  DecodedBody d = decodeBody(raw, "chunked", "gzip, gzip", 10u << 20);
  CHECK(d.error == "content-encoding gzip: decompressed size exceeds limit 10485760");
  CHECK(d.bytes == raw);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("encoding applies the codings in reverse so decoding gets the body back") {
  Codings codings{"chunked", "br", "gzip"};
  std::string wire = ok(encodeBody(kJson, codings, "X-T: 1\r\n"));
  CHECK_THAT(wire, Catch::EndsWith("\r\n0\r\nX-T: 1\r\n\r\n"));
  DecodedBody d = decodedOk(wire, "chunked", "gzip, br");
  CHECK(d.codings == codings);
  CHECK(d.bytes == kJson);
  CHECK(d.trailers == "X-T: 1\r\n");
}

TEST_CASE("decode then encode round-trips every single coding") {
  for (const char* coding : {"gzip", "deflate", "br"}) {
    INFO(coding);
    std::string wire = ok(encodeBody(kJson, {coding}));
    DecodedBody d = decodedOk(wire, "", coding);
    CHECK(d.bytes == kJson);
    CHECK(ok(encodeBody(d.bytes, d.codings)) == wire);
  }
}

TEST_CASE("encoding with no codings or identity returns the body") {
  CHECK(ok(encodeBody(kJson, {})) == kJson);
  CHECK(ok(encodeBody(kJson, {"identity"})) == kJson);
}

TEST_CASE("encoding an unsupported coding is an error") {
  auto wire = encodeBody(kJson, {"zstd"});
  REQUIRE_FALSE(wire);
  CHECK(wire.error().message() == "cannot encode unsupported coding 'zstd'");
}
