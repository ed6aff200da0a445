#include <catch2/catch.hpp>

#include <string>

#include "ScannerTestSupport.h"
#include "detect/Scanners.h"

using namespace tracesan::detect;
using scannertest::rawOf;

TEST_CASE("token request form bodies expose every secret with exact spans") {
  const std::string body =
      "client_id=11111111-2222-3333-4444-555555555555&grant_type=refresh_token"
      "&refresh_token=1.AXYA-FAKEr3fr3sh_T0ken-AAAABBBB.AgABAAEAAAD--FAKE"
      "&client_secret=s3cr3t%7EFAKE%2B%2F%3D&scope=openid+profile+offline_access";
  auto values = scanFormBody(body);
  REQUIRE(values.size() == 5);
  CHECK(values[2].path == "form.refresh_token");
  CHECK(rawOf(body, values[2]) == "1.AXYA-FAKEr3fr3sh_T0ken-AAAABBBB.AgABAAEAAAD--FAKE");
  CHECK(values[3].value == "s3cr3t~FAKE+/=");
  CHECK(rawOf(body, values[3]) == "s3cr3t%7EFAKE%2B%2F%3D");
  CHECK(values[4].value == "openid profile offline_access");
  CHECK(values[4].end == body.size());
}

TEST_CASE("form bodies keep trailing line breaks out of the last value") {
  const std::string body = "a=1&passwd=P%40ssw0rd-FAKE-1\r\n";
  auto values = scanFormBody(body);
  REQUIRE(values.size() == 2);
  CHECK(rawOf(body, values[1]) == "P%40ssw0rd-FAKE-1");
}

TEST_CASE("multipart boundary is read from the content type") {
  CHECK(multipartBoundary("multipart/form-data; boundary=----WebKitFormBoundaryFAKE") == "----WebKitFormBoundaryFAKE");
  CHECK(multipartBoundary("multipart/form-data; BOUNDARY=\"a b\"; charset=utf-8") == "a b");
  CHECK_FALSE(multipartBoundary("multipart/form-data"));
  CHECK_FALSE(multipartBoundary("multipart/form-data; xboundary=abc"));
}

TEST_CASE("multipart fields are reported with the part body as span") {
  const std::string b = "----WebKitFormBoundaryFAKE";
  const std::string body = "--" + b + "\r\n"
                           "Content-Disposition: form-data; name=\"client_secret\"\r\n\r\n"
                           "s3cr3t-FAKE\r\n"
                           "--" + b + "\r\n"
                           "Content-Disposition: form-data; name=\"assertion\"\r\n"
                           "Content-Type: text/plain\r\n\r\n"
                           "line1\r\nline2\r\n"
                           "--" + b + "\r\n"
                           "Content-Disposition: form-data; name=\"empty\"\r\n\r\n"
                           "\r\n"
                           "--" + b + "--\r\n";
  auto values = scanMultipart(body, b);
  REQUIRE(values.size() == 3);
  CHECK(values[0].name == "client_secret");
  CHECK(values[0].path == "multipart.client_secret");
  CHECK(rawOf(body, values[0]) == "s3cr3t-FAKE");
  CHECK(values[0].value == "s3cr3t-FAKE");
  CHECK(rawOf(body, values[1]) == "line1\r\nline2");
  CHECK(values[2].begin == values[2].end);
}

TEST_CASE("multipart file parts report the body and the filename") {
  const std::string b = "XyZ";
  const std::string body = "--XyZ\r\n"
                           "Content-Disposition: form-data; filename=\"cert.pfx\"; name=\"upload\"\r\n"
                           "Content-Type: application/octet-stream\r\n\r\n"
                           "\x01\x02PFX-FAKE\r\n"
                           "--XyZ--";
  auto values = scanMultipart(body, b);
  REQUIRE(values.size() == 2);
  CHECK(values[0].name == "upload");
  CHECK(rawOf(body, values[0]) == "\x01\x02PFX-FAKE");
  CHECK(values[1].path == "multipart.upload.filename");
  CHECK(rawOf(body, values[1]) == "cert.pfx");
}

TEST_CASE("multipart boundary is taken from the body when not given and lf-only bodies work") {
  const std::string body = "--abc\nContent-Disposition: form-data; name=x\n\nvalue-x\n--abc\n"
                           "Content-Disposition: form-data; name=y\n\nvalue-y\n--abc--\n";
  auto values = scanMultipart(body, "");
  REQUIRE(values.size() == 2);
  CHECK(values[0].name == "x");
  CHECK(rawOf(body, values[0]) == "value-x");
  CHECK(rawOf(body, values[1]) == "value-y");
}

TEST_CASE("truncated multipart bodies report what is there and do not hang") {
  const std::string body = "--abc\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated value";
  auto values = scanMultipart(body, "abc");
  REQUIRE(values.size() == 1);
  CHECK(rawOf(body, values[0]) == "unterminated value");
  CHECK(scanMultipart("--abc\r\nContent-Disposition: form-data; name=\"a\"", "abc").empty());
  CHECK(scanMultipart("no delimiter at all", "abc").empty());
  CHECK(scanMultipart("", "").empty());
}

TEST_CASE("many multipart parts without header separators stay linear") {
  std::string body;
  for (int i = 0; i < 20000; ++i) body += "--b\r\nContent-Disposition: form-data; name=\"p\"\r\n";
  body += "--b--";
  CHECK(scanMultipart(body, "b").empty());
}

TEST_CASE("scanBody picks the scanner from the content type") {
  const std::string form = "passwd=P%40ssw0rd-FAKE-1&login=alice";
  auto f = scanBody(form, "application/x-www-form-urlencoded; charset=UTF-8");
  REQUIRE(f.size() == 2);
  CHECK(f[0].path == "form.passwd");

  const std::string json = R"({"refresh_token":"1.AXYA-FAKE"})";
  auto j = scanBody(json, "application/json; charset=utf-8");
  REQUIRE(j.size() == 1);
  CHECK(j[0].path == "json.$.refresh_token");
  CHECK(scanBody(json, "application/problem+json").size() == 1);

  const std::string html = "<input name=\"code\" value=\"c\"><script>$Config={\"sFT\":\"f\"};</script>";
  auto h = scanBody(html, "Text/HTML");
  REQUIRE(h.size() == 2);
  CHECK(h[0].path == "html.input.code");
  CHECK(h[1].path == "config.sFT");

  const std::string multipart = "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--zz--";
  auto m = scanBody(multipart, "multipart/form-data; boundary=zz");
  REQUIRE(m.size() == 1);
  CHECK(m[0].path == "multipart.a");
}

TEST_CASE("scanBody sniffs bodies without a useful content type") {
  CHECK(scanBody(" {\"a\":\"b\"}", "").size() == 1);
  CHECK(scanBody("a=1&b=2\r\n", "text/plain").size() == 2);
  CHECK(scanBody("<input name=a value=b>", "").size() == 1);
  CHECK(scanBody("just some words = not a form", "").empty());
  CHECK(scanBody("a=1&b=2", "image/png").empty());
  CHECK(scanBody("", "").empty());
}
