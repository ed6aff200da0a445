// The finder reads bodies as the trace carried them: a SAZ holds raw HTTP responses, compressed
// (gzip, br, deflate) and chunked. Each test writes a small SAZ, reads it with openTrace and checks
// that the error inside the encoded body is found with its message.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "SazTestSupport.h"
#include "codec/Compression.h"
#include "tracesan/AadErrors.h"
#include "tracesan/Trace.h"

using namespace tracesan;

namespace {

constexpr const char* kTokenError =
    R"({"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.\r\nTrace ID: 11111111-2222-3333-4444-555555550001\r\nCorrelation ID: aaaaaaaa-bbbb-cccc-dddd-eeeeeeee0001\r\nTimestamp: 2026-11-30 10:15:04Z","error_codes":[70008]})";

constexpr const char* kRequest =
    "POST https://login.microsoftonline.com/organizations/oauth2/v2.0/token HTTP/1.1\r\n"
    "Host: login.microsoftonline.com\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\n"
    "Content-Length: 45\r\n"
    "\r\n"
    "grant_type=refresh_token&refresh_token=FAKE-1";

// Chunked transfer coding of `body`, in two chunks.
std::string chunked(const std::string& body) {
  auto hex = [](std::size_t n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%zx", n);
    return std::string(buf);
  };
  std::size_t half = body.size() / 2;
  return hex(half) + "\r\n" + body.substr(0, half) + "\r\n" + hex(body.size() - half) + "\r\n" + body.substr(half) +
         "\r\n0\r\n\r\n";
}

std::string response(const std::string& headers, const std::string& body) {
  return "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n" + headers + "\r\n" + body;
}

std::vector<Finding> findInSaz(const std::string& name, const std::string& serverBytes) {
  std::string path = saztest::scratch(name + ".saz");
  std::string error = saztest::makeZip(path, {{"raw/1_c.txt", kRequest}, {"raw/1_s.txt", serverBytes}});
  REQUIRE(error.empty());
  auto reader = openTrace(path);
  REQUIRE(reader);
  auto findings = findAadErrors(*reader.value(), FindOptions{});
  REQUIRE(findings);
  return std::move(findings).value();
}

void checkTokenError(const std::vector<Finding>& findings) {
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].code == 70008);
  CHECK(findings[0].message == "The provided authorization code or refresh token has expired due to inactivity.");
  CHECK(findings[0].traceId == "11111111-2222-3333-4444-555555550001");
  CHECK(findings[0].sources[0].kind == "json");
}

}  // namespace

TEST_CASE("a gzip-compressed, chunked error response in a SAZ is found") {
  auto gz = codec::gzipEncode(kTokenError);
  REQUIRE(gz);
  checkTokenError(findInSaz("aad-gzip-chunked",
                            response("Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", chunked(*gz))));
}

TEST_CASE("a brotli-compressed error response in a SAZ is found") {
  auto br = codec::brotliEncode(kTokenError);
  REQUIRE(br);
  checkTokenError(findInSaz("aad-br", response("Content-Encoding: br\r\nContent-Length: " + std::to_string(br->size()) + "\r\n", *br)));
}

TEST_CASE("a deflate-compressed error response in a SAZ is found") {
  auto deflated = codec::deflateEncode(kTokenError);
  REQUIRE(deflated);
  checkTokenError(findInSaz("aad-deflate", response("Content-Encoding: deflate\r\nContent-Length: " + std::to_string(deflated->size()) + "\r\n", *deflated)));
}

TEST_CASE("a chunked error response without compression in a SAZ is found") {
  checkTokenError(findInSaz("aad-chunked", response("Transfer-Encoding: chunked\r\n", chunked(kTokenError))));
}
