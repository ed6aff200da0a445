// The SAZ patch writer: untouched archives round-trip member for member (compressed bytes
// included); edits rebuild only the members they touch, with bodies re-encoded and lengths fixed.
#include <catch2/catch.hpp>

#include <filesystem>

#include "SazTestSupport.h"
#include "codec/Base64.h"
#include "codec/Compression.h"
#include "tracesan/Saz.h"

using namespace tracesan;
using saztest::fixture;

namespace {

// Reads `input`, applies `edit` to each session and writes a SAZ to `output`; "" or the error.
std::string rewrite(const std::string& input, const std::string& output, const std::function<void(Entry&)>& edit = {},
                    ReadOptions readOptions = {}, WriteOptions writeOptions = {}) {
  return testutil::rewrite(input, output, edit, TraceFormat::Saz, readOptions, writeOptions);
}

std::vector<Entry> readBack(const std::string& path, ReadOptions options = {}) {
  std::vector<Entry> entries;
  std::string error = saztest::readEntries(path, entries, options);
  INFO(error);
  REQUIRE(error.empty());
  return entries;
}

std::string headerValue(const std::string& member, const std::string& name) {
  std::size_t at = member.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "<absent>";
  at += name.size() + 4;
  return member.substr(at, member.find("\r\n", at) - at);
}

std::string bodyOf(const std::string& member) { return member.substr(member.find("\r\n\r\n") + 4); }

}  // namespace

TEST_CASE("an unedited archive keeps every member, its compressed bytes and the comment") {
  std::string out = saztest::scratch("same.saz");
  REQUIRE(rewrite(fixture("signin"), out) == "");
  auto before = saztest::readZip(fixture("signin"));
  auto after = saztest::readZip(out);
  REQUIRE(before.size() == after.size());
  REQUIRE(before.size() > 10);
  for (const auto& [name, member] : before) {
    INFO(name);
    REQUIRE(after.count(name) == 1);
    CHECK(after[name].bytes == member.bytes);
    CHECK(after[name].compressed == member.compressed);
    CHECK(after[name].method == member.method);
  }
  CHECK(after["<comment>"].bytes.rfind("Fiddler (v5.0", 0) == 0);
}

TEST_CASE("an unedited websocket archive round-trips member for member") {
  std::string out = saztest::scratch("same-ws.saz");
  REQUIRE(rewrite(fixture("websocket"), out) == "");
  auto before = saztest::readZip(fixture("websocket"));
  auto after = saztest::readZip(out);
  REQUIRE(before.size() == after.size());
  for (const auto& [name, member] : before) {
    INFO(name);
    CHECK(after[name].bytes == member.bytes);
    CHECK(after[name].compressed == member.compressed);
  }
}

TEST_CASE("an edited cookie rewrites only its session's request member") {
  std::string out = saztest::scratch("cookie.saz");
  REQUIRE(rewrite(fixture("signin"), out, [](Entry& e) {
            if (e.number != 3) return;
            findField(e.request.cookies, "ESTSAUTHPERSISTENT")->value.set("[REDACTED]");
          }) == "");
  auto before = saztest::readZip(fixture("signin"));
  auto after = saztest::readZip(out);
  const std::string& c = after["raw/3_c.txt"].bytes;
  CHECK(headerValue(c, "Cookie").rfind("ESTSAUTHPERSISTENT=[REDACTED]; esctx=", 0) == 0);
  CHECK(c.find("FAKE-saz-ESTSAUTHPERSISTENT") == std::string::npos);
  for (const auto& [name, member] : before) {
    if (name == "raw/3_c.txt" || name == "_index.htm") continue;
    INFO(name);
    CHECK(after[name].compressed == member.compressed);
  }
}

TEST_CASE("an edited gzip chunked body is re-encoded the same way") {
  std::string out = saztest::scratch("gzip.saz");
  std::string edited;
  REQUIRE(rewrite(fixture("signin"), out, [&](Entry& e) {
            if (e.number != 2) return;
            std::string body = e.response.body.text.value;
            std::size_t at = body.find("AQABIQEAAAD-FAKE-saz-flowToken-1");
            REQUIRE(at != std::string::npos);
            body.replace(at, 40, "[REDACTED-FLOW-TOKEN]");
            edited = body;
            e.response.body.text.set(body);
          }) == "");
  auto entries = readBack(out);
  const Body& body = entries[1].response.body;
  CHECK(body.decodeError.empty());
  CHECK(body.codings == std::vector<std::string>{"chunked", "gzip"});
  CHECK(body.text.value == edited);
  auto members = saztest::readZip(out);
  const std::string& s = members["raw/2_s.txt"].bytes;
  CHECK(headerValue(s, "Transfer-Encoding") == "chunked");
  CHECK(headerValue(s, "Content-Encoding") == "gzip");
  CHECK(s.find("[REDACTED-FLOW-TOKEN]") == std::string::npos);  // compressed on the wire, not plain
}

TEST_CASE("an edited brotli body gets a fixed content-length") {
  std::string out = saztest::scratch("br.saz");
  REQUIRE(rewrite(fixture("signin"), out, [&](Entry& e) {
            if (e.number != 3) return;
            e.response.body.text.set("<html>$Config={\"iErrorCode\":50125}</html>");
          }) == "");
  auto members = saztest::readZip(out);
  const std::string& s = members["raw/3_s.txt"].bytes;
  CHECK(headerValue(s, "Content-Length") == std::to_string(bodyOf(s).size()));
  CHECK(headerValue(s, "Content-Encoding") == "br");
  auto entries = readBack(out);
  CHECK(entries[2].response.body.text.value == "<html>$Config={\"iErrorCode\":50125}</html>");
  CHECK(entries[2].response.body.codings == std::vector<std::string>{"br"});
}

TEST_CASE("an edited form body fixes the request content-length") {
  std::string out = saztest::scratch("form.saz");
  REQUIRE(rewrite(fixture("signin"), out, [&](Entry& e) {
            if (e.number != 3) return;
            std::string body = e.request.body.text.value;
            std::size_t at = body.find("P%40ssw0rd-FAKE-1");
            body.replace(at, 17, "REDACTED");
            e.request.body.text.set(body);
          }) == "");
  auto members = saztest::readZip(out);
  const std::string& c = members["raw/3_c.txt"].bytes;
  CHECK(c.find("passwd=REDACTED&") != std::string::npos);
  CHECK(headerValue(c, "Content-Length") == std::to_string(bodyOf(c).size()));
}

TEST_CASE("an edited url rewrites the request line and regenerates the index") {
  std::string out = saztest::scratch("url.saz");
  REQUIRE(rewrite(fixture("signin"), out, [&](Entry& e) {
            if (e.number == 2) e.request.url.set("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?state=REDACTED");
            if (e.number == 5) findField(e.request.queryString, "authorization_endpoint")->value.set("a b&c");
          }) == "");
  auto members = saztest::readZip(out);
  CHECK(members["raw/2_c.txt"].bytes.rfind(
            "GET https://login.microsoftonline.com/common/oauth2/v2.0/authorize?state=REDACTED HTTP/1.1\r\n", 0) == 0);
  CHECK(members["raw/5_c.txt"].bytes.rfind(
            "GET /common/discovery/instance?api-version=1.1&authorization_endpoint=a%20b%26c HTTP/1.1\r\n", 0) == 0);
  const std::string& index = members["_index.htm"].bytes;
  CHECK(index.find("FAKE-saz-state") == std::string::npos);
  CHECK(index.find("state=REDACTED") != std::string::npos);
  CHECK(index.find("raw\\3_c.txt") != std::string::npos);
  auto entries = readBack(out);
  CHECK(findField(entries[4].request.queryString, "authorization_endpoint")->value.value == "a b&c");
}

TEST_CASE("an edited header value cannot break out of its line") {
  std::string out = saztest::scratch("header.saz");
  REQUIRE(rewrite(fixture("signin"), out, [&](Entry& e) {
            if (e.number == 2) findField(e.request.headers, "User-Agent")->value.set("evil\r\nX-Injected: 1");
          }) == "");
  auto members = saztest::readZip(out);
  CHECK(members["raw/2_c.txt"].bytes.find("\r\nX-Injected") == std::string::npos);
  CHECK(headerValue(members["raw/2_c.txt"].bytes, "User-Agent") == "evil  X-Injected: 1");
}

TEST_CASE("edited session flags are escaped into the metadata member") {
  std::string out = saztest::scratch("flags.saz");
  REQUIRE(rewrite(fixture("signin"), out, [&](Entry& e) {
            if (e.number != 2) return;
            findField(e.sessionFlags, "ui-comments")->value.set("say \"<hi>\" & bye");
            e.serverIPAddress.set("192.0.2.1");
          }) == "");
  auto members = saztest::readZip(out);
  const std::string& m = members["raw/2_m.xml"].bytes;
  CHECK(m.find("N=\"ui-comments\" V=\"say &quot;&lt;hi&gt;&quot; &amp; bye\"") != std::string::npos);
  CHECK(m.find("N=\"x-hostip\" V=\"192.0.2.1\"") != std::string::npos);
  auto entries = readBack(out);
  CHECK(saz::sessionFlag(entries[1], "ui-comments")->value == "say \"<hi>\" & bye");
}

TEST_CASE("an edited websocket message is re-framed with its mask") {
  std::string out = saztest::scratch("ws-edit.saz");
  REQUIRE(rewrite(fixture("websocket"), out, [&](Entry& e) {
            if (e.number != 1) return;
            e.webSocketMessages[2].data.set("{\"type\":1,\"arguments\":[\"Bearer [REDACTED]\"]}\x1e");
            e.webSocketMessages[3].data.set(codec::base64Encode("bin"));
          }) == "");
  auto members = saztest::readZip(out);
  const std::string& w = members["raw/0001_w.txt"].bytes;
  CHECK(w.find("FAKE-ws-token") == std::string::npos);
  CHECK(w.find("[REDACTED]") == std::string::npos);  // still masked on the wire
  auto entries = readBack(out);
  const auto& ws = entries[0].webSocketMessages;
  REQUIRE(ws.size() == 5);
  CHECK(ws[2].data.value == "{\"type\":1,\"arguments\":[\"Bearer [REDACTED]\"]}\x1e");
  CHECK(ws[3].data.value == codec::base64Encode("bin"));
  CHECK(ws[4].opcode.value == 8);
}

TEST_CASE("a password encrypts every written member with aes") {
  std::string out = saztest::scratch("enc-out.saz");
  WriteOptions options;
  options.sazPassword = "P@ssw0rd-FAKE-out";
  REQUIRE(rewrite(fixture("signin"), out, {}, {}, options) == "");
  auto members = saztest::readZip(out, options.sazPassword);
  CHECK(members["raw/3_s.txt"].encryption == ZIP_EM_AES_256);
  ReadOptions read;
  read.sazPassword = options.sazPassword;
  auto entries = readBack(out, read);
  CHECK(entries[2].response.body.text.value.find("AADSTS50125") != std::string::npos);
  std::vector<Entry> none;
  CHECK(saztest::readEntries(out, none).find("a password is required") != std::string::npos);
}

TEST_CASE("an encrypted archive can be written back in the clear") {
  std::string out = saztest::scratch("decrypted.saz");
  ReadOptions read;
  read.sazPassword = "P@ssw0rd-FAKE-saz";
  REQUIRE(rewrite(std::string(TRACESAN_SAMPLES_DIR) + "/saz/encrypted.saz", out, {}, read) == "");
  auto members = saztest::readZip(out);
  auto original = saztest::readZip(fixture("signin"));
  CHECK(members["raw/2_s.txt"].encryption == ZIP_EM_NONE);
  CHECK(members["raw/2_s.txt"].bytes == original["raw/2_s.txt"].bytes);
}

TEST_CASE("an unfinished writer leaves no output and no temporary files") {
  auto dir = testutil::scratchDir() / "unfinished";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string out = (dir / "out.saz").string();
  {
    auto reader = openTrace(fixture("signin"));
    REQUIRE(reader);
    auto writer = createWriter(*reader.value(), out, TraceFormat::Saz);
    REQUIRE(writer);
    Entry* e = reader.value()->next().value();
    e->request.body.text.set("changed");
    REQUIRE(writer.value()->write(*e));
  }
  CHECK(std::filesystem::is_empty(dir));
}

TEST_CASE("writing into a missing directory fails with the path") {
  auto reader = openTrace(fixture("signin"));
  REQUIRE(reader);
  std::string out = (testutil::scratchDir() / "no-such-dir" / "out.saz").string();
  auto writer = createWriter(*reader.value(), out, TraceFormat::Saz);
  REQUIRE_FALSE(writer);
  CHECK(writer.error().message().find(out + ": cannot create output") != std::string::npos);
}

TEST_CASE("sessions not passed to the writer are dropped and the index follows") {
  std::string out = saztest::scratch("dropped.saz");
  auto reader = openTrace(fixture("signin"));
  REQUIRE(reader);
  auto writer = createWriter(*reader.value(), out, TraceFormat::Saz);
  REQUIRE(writer);
  for (;;) {
    Entry* e = reader.value()->next().value();
    if (!e) break;
    if (e->number != 3) REQUIRE(writer.value()->write(*e));
  }
  REQUIRE(writer.value()->finish());
  auto members = saztest::readZip(out);
  CHECK(members.count("raw/3_c.txt") == 0);
  CHECK(members.count("raw/2_c.txt") == 1);
  CHECK(members["_index.htm"].bytes.find("raw\\3_c.txt") == std::string::npos);
  CHECK(members["_index.htm"].bytes.find("raw\\2_c.txt") != std::string::npos);
  CHECK(readBack(out).size() == 4);
}

TEST_CASE("an edited gzip body with a content-length is re-compressed and its length fixed") {
  auto gz = codec::gzipEncode("{\"access_token\":\"eyJ-FAKE-original-token\",\"token_type\":\"Bearer\"}");
  REQUIRE(gz);
  std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: " +
                         std::to_string(gz->size()) + "\r\n\r\n" + *gz;
  std::string request = "POST https://login.microsoftonline.com/common/oauth2/v2.0/token HTTP/1.1\r\n"
                        "Host: login.microsoftonline.com\r\n\r\ngrant_type=authorization_code&code=FAKE-code";
  std::string in = saztest::scratch("gzip-cl-in.saz");
  REQUIRE(saztest::makeZip(in, {{"raw/1_c.txt", request}, {"raw/1_s.txt", response}}) == "");
  std::string out = saztest::scratch("gzip-cl-out.saz");
  REQUIRE(rewrite(in, out, [](Entry& e) {
            e.response.body.text.set("{\"access_token\":\"REDACTED\",\"token_type\":\"Bearer\"}");
            e.request.body.text.set("grant_type=authorization_code&code=REDACTED");
          }) == "");
  auto members = saztest::readZip(out);
  const std::string& s = members["raw/1_s.txt"].bytes;
  CHECK(headerValue(s, "Content-Length") == std::to_string(bodyOf(s).size()));
  CHECK(bodyOf(s).rfind("\x1f\x8b", 0) == 0);  // a gzip member again
  // The request had no Content-Length, so none is added.
  CHECK(headerValue(members["raw/1_c.txt"].bytes, "Content-Length") == "<absent>");
  CHECK(bodyOf(members["raw/1_c.txt"].bytes) == "grant_type=authorization_code&code=REDACTED");
  auto entries = readBack(out);
  CHECK(entries[0].response.body.text.value == "{\"access_token\":\"REDACTED\",\"token_type\":\"Bearer\"}");
  CHECK(entries[0].response.body.codings == std::vector<std::string>{"gzip"});
}

TEST_CASE("members outside the saz layout are left out of the written archive") {
  std::string in = saztest::scratch("extra-in.saz");
  REQUIRE(saztest::makeZip(in, {{"raw/1_c.txt", "GET https://example.test/ HTTP/1.1\r\nHost: example.test\r\n\r\n"},
                                {"notes/secret.txt", "Authorization: Bearer FAKE-unseen"},
                                {"[Content_Types].xml", "<Types />"}}) == "");
  std::string out = saztest::scratch("extra-out.saz");
  REQUIRE(rewrite(in, out) == "");
  auto members = saztest::readZip(out);
  CHECK(members.count("notes/secret.txt") == 0);
  CHECK(members.count("raw/1_c.txt") == 1);
  CHECK(members["[Content_Types].xml"].bytes == "<Types />");
}
