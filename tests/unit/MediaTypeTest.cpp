#include <catch2/catch.hpp>

#include <string>

#include "TestUtil.h"
#include "http/MediaType.h"

using namespace tracesan::http;

TEST_CASE("a media type's parameters, surrounding white space and case do not change its kind") {
  CHECK(mediaKind("application/json") == MediaKind::Json);
  CHECK(mediaKind("Application/JSON; charset=UTF-8") == MediaKind::Json);
  CHECK(mediaKind("  application/json;charset=utf-8") == MediaKind::Json);
  CHECK(mediaKind("text/html ; charset=iso-8859-1") == MediaKind::Html);
  CHECK(mediaKind("TEXT/HTML") == MediaKind::Html);
  CHECK(mediaKind("application/x-www-form-urlencoded; charset=UTF-8") == MediaKind::Form);
  CHECK(mediaKind("multipart/form-data; boundary=----WebKitFormBoundaryAbc") == MediaKind::Multipart);
}

TEST_CASE("a parameter that names another kind does not make the type that kind") {
  CHECK(mediaKind("application/octet-stream; name=\"page.html\"") == MediaKind::Binary);
  CHECK(mediaKind("multipart/related; type=\"application/xop+xml\"") == MediaKind::Multipart);
  CHECK(mediaKind("text/plain; profile=json") == MediaKind::Text);
}

TEST_CASE("every subtype naming JSON is JSON") {
  for (const char* t : {"application/problem+json", "application/vnd.api+json", "text/json", "application/x-json",
                        "application/x-ndjson", "application/json-seq", "application/jwk-set",
                        "application/jwk-set+json", "application/grpc-web+json", "application/vnd.ms-foo+json"})
    CHECK(mediaKind(t) == MediaKind::Json);
}

TEST_CASE("markup, scripts and style sheets have kinds of their own") {
  CHECK(mediaKind("application/xhtml+xml") == MediaKind::Html);
  CHECK(mediaKind("text/xml") == MediaKind::Xml);
  CHECK(mediaKind("application/soap+xml; charset=utf-8") == MediaKind::Xml);
  CHECK(mediaKind("application/javascript") == MediaKind::Script);
  CHECK(mediaKind("text/javascript") == MediaKind::Script);
  CHECK(mediaKind("application/x-javascript") == MediaKind::Script);
  CHECK(mediaKind("application/ecmascript") == MediaKind::Script);
  CHECK(mediaKind("text/css") == MediaKind::Style);
  CHECK(mediaKind("text/plain") == MediaKind::Text);
  CHECK(mediaKind("text/event-stream") == MediaKind::Text);
}

TEST_CASE("pictures, sound, video and fonts are media, wherever the font is filed") {
  for (const char* t : {"image/png", "IMAGE/JPEG", "audio/mpeg", "video/mp4", "font/woff2", "image/svg+xml",
                        "application/font-woff", "application/x-font-ttf", "application/vnd.ms-fontobject"})
    CHECK(mediaKind(t) == MediaKind::Media);
}

TEST_CASE("binary documents and packed messages are told apart") {
  for (const char* t : {"application/octet-stream", "application/zip", "application/pdf", "application/wasm",
                        "application/vnd.ms-excel"})
    CHECK(mediaKind(t) == MediaKind::Binary);
  for (const char* t : {"application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf",
                        "application/grpc", "application/grpc-web+proto", "application/grpc-web-text"})
    CHECK(mediaKind(t) == MediaKind::Packed);
}

TEST_CASE("no type is none and an unknown one is other") {
  CHECK(mediaKind("") == MediaKind::None);
  CHECK(mediaKind("  ; charset=utf-8") == MediaKind::None);
  CHECK(mediaKind("application/x-custom") == MediaKind::Other);
  CHECK(mediaKind("nonsense") == MediaKind::Other);
  CHECK(mediaKind("application/x-msgpack") == MediaKind::Other);
}

TEST_CASE("text kinds are those whose type declares text") {
  for (MediaKind k : {MediaKind::Form, MediaKind::Json, MediaKind::Html, MediaKind::Xml, MediaKind::Script,
                      MediaKind::Style, MediaKind::Text})
    CHECK(isTextKind(k));
  for (MediaKind k : {MediaKind::None, MediaKind::Multipart, MediaKind::Binary, MediaKind::Packed, MediaKind::Media,
                      MediaKind::Other})
    CHECK_FALSE(isTextKind(k));
  for (MediaKind k : {MediaKind::Binary, MediaKind::Packed, MediaKind::Media}) CHECK(isBinaryKind(k));
  CHECK_FALSE(isBinaryKind(MediaKind::Other));
}

TEST_CASE("sniffing reads the first non-blank byte, past a byte order mark") {
  CHECK(sniffMediaKind(" \r\n{\"a\":1}") == MediaKind::Json);
  CHECK(sniffMediaKind("[1,2]") == MediaKind::Json);
  CHECK(sniffMediaKind("\xEF\xBB\xBF{\"a\":1}") == MediaKind::Json);
  CHECK(sniffMediaKind("\t<!DOCTYPE html>") == MediaKind::Html);
  CHECK(sniffMediaKind("a=1&b=2\r\n") == MediaKind::Form);
  CHECK(sniffMediaKind("just some words = not a form") == MediaKind::Text);
  CHECK(sniffMediaKind("AADSTS50126: Error validating credentials") == MediaKind::Text);
  CHECK(sniffMediaKind("") == MediaKind::None);
  CHECK(sniffMediaKind(" \r\n ") == MediaKind::None);
  CHECK(looksLikeJson("\xEF\xBB\xBF [") );
  CHECK_FALSE(looksLikeJson("x{"));
}

TEST_CASE("binary detection: NUL bytes, control characters and bytes that are not UTF-8") {
  CHECK(looksBinary(std::string("ab\0cd", 5)));
  CHECK(looksBinary("\x01\x02\x03\x04 abc"));
  CHECK(looksBinary("\x82\xa4name\xa5value\x93\x01\x02\x03\xc0\xc1\xc2\xff\xfe"));  // MessagePack
  CHECK_FALSE(looksBinary("plain text\r\n\twith tabs\f"));
  CHECK_FALSE(looksBinary("{\"type\":1,\"target\":\"x\"}\x1e{\"type\":3}\x1e"));  // SignalR records
  static const char kStomp[] = "SEND\ndestination:/q\n\nhello";
  CHECK_FALSE(looksBinary(std::string(kStomp, sizeof kStomp)));  // a STOMP frame ends in NUL
  CHECK_FALSE(looksBinary("caf\xc3\xa9 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e"));
  CHECK_FALSE(looksBinary(""));
}

TEST_CASE("bytes of no declared type read as text only when valid UTF-8 without control characters") {
  CHECK(readsAsText("{\"access_token\":\"x\"}\r\n\t"));
  CHECK(readsAsText("caf\xc3\xa9"));
  CHECK_FALSE(readsAsText(""));
  CHECK_FALSE(readsAsText("caf\xe9"));             // Latin-1: not UTF-8
  CHECK_FALSE(readsAsText("ab\x01" "cd"));          // one control byte is enough
  CHECK_FALSE(readsAsText("record\x1e"));          // unlike looksBinary, a separator counts
  CHECK_FALSE(looksBinary("a long enough line of text with one stray \x01 byte in it"));
  // The head is read sixteen bytes at a time, then byte by byte: a NUL or stray bytes count
  // wherever they are, and the allowed control bytes nowhere.
  for (std::size_t at = 0; at < 40; ++at) {
    std::string text(40, 'a');
    text[at] = '\0';
    CHECK(looksBinary(text + "tail"));
    text = std::string(40, 'a');
    for (char c : std::string("\t\r\n\f\x1e")) text[(at + static_cast<unsigned char>(c)) % 40] = c;
    CHECK_FALSE(looksBinary(text));
  }
  std::string fewControls(100, 'x');  // 5 of 100: 5*20 is not above 100, 6 is
  for (std::size_t k = 0; k < 5; ++k) fewControls[k * 19] = '\x01';
  CHECK_FALSE(looksBinary(fewControls));
  fewControls[99] = '\x02';
  CHECK(looksBinary(fewControls));
}

TEST_CASE("a body's kind is its type's unless the type says little") {
  CHECK(bodyKind("application/json", "a=1") == MediaKind::Json);
  CHECK(bodyKind("", "a=1&b=2") == MediaKind::Form);
  CHECK(bodyKind("text/plain", "{\"a\":1}") == MediaKind::Json);
  CHECK(bodyKind("application/x-custom", "<p>") == MediaKind::Html);
  CHECK(bodyKind("image/png", "a=1&b=2") == MediaKind::Media);
  CHECK(bodyKind("application/javascript", "{\"a\":1}") == MediaKind::Script);
}

TEST_CASE("a body's declared type is its own, else its message's Content-Type header") {
  tracesan::Body body;
  std::vector<tracesan::Field> headers{testutil::field("content-TYPE", "application/json; charset=utf-8")};
  CHECK(declaredMediaType(body, headers) == "application/json; charset=utf-8");
  body.mimeType = testutil::text("text/html");
  CHECK(declaredMediaType(body, headers) == "text/html");
  body.mimeType = testutil::text("");
  CHECK(declaredMediaType(body, headers) == "application/json; charset=utf-8");
  CHECK(declaredMediaType(body, {}).empty());
}
