// The SAZ reader: fixtures read into the model with decoded bodies, metadata and WebSocket
// messages; hostile archives fail with clear errors.
#include <catch2/catch.hpp>

#include <cstring>

#include "SazTestSupport.h"
#include "codec/Base64.h"
#include "saz/SazMetadata.h"
#include "tracesan/Saz.h"

using namespace tracesan;
using saztest::fixture;

namespace {

std::vector<Entry> readFixture(const std::string& name, ReadOptions options = {}) {
  std::vector<Entry> entries;
  std::string error = saztest::readEntries(fixture(name), entries, options);
  INFO(error);
  REQUIRE(error.empty());
  return entries;
}

std::string readError(const std::string& path, ReadOptions options = {}) {
  std::vector<Entry> entries;
  return saztest::readEntries(path, entries, options);
}

const std::string kRequest = "GET https://example.test/a HTTP/1.1\r\nHost: example.test\r\n\r\n";
const std::string kResponse = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

// Offset of the first local file header's data for a member named `name`.
std::size_t dataOffset(const std::string& zip, const std::string& name) {
  std::size_t pos = zip.find(std::string("PK\x03\x04", 4) );
  while (pos != std::string::npos) {
    auto u16 = [&](std::size_t at) { return static_cast<std::size_t>(static_cast<unsigned char>(zip[at]) | (static_cast<unsigned char>(zip[at + 1]) << 8)); };
    std::size_t nameLength = u16(pos + 26), extraLength = u16(pos + 28);
    if (zip.compare(pos + 30, nameLength, name) == 0) return pos + 30 + nameLength + extraLength;
    pos = zip.find(std::string("PK\x03\x04", 4), pos + 4);
  }
  return std::string::npos;
}

}  // namespace

TEST_CASE("the sign-in fixture reads as five sessions in numeric order with absolute urls") {
  auto entries = readFixture("signin");
  REQUIRE(entries.size() == 5);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    CHECK(entries[i].index == i);
    CHECK(entries[i].number == i + 1);
  }
  CHECK(entries[0].request.method.value == "CONNECT");
  CHECK(entries[0].request.url.value == "login.microsoftonline.com:443");
  CHECK(entries[1].request.url.value.rfind("https://login.microsoftonline.com/72f988bf-0000-4fa5-fake-2d7cd011db47/oauth2/v2.0/authorize?client_id=", 0) == 0);
  CHECK(entries[2].request.url.value == "https://login.microsoftonline.com/common/login");
  CHECK(entries[2].request.method.value == "POST");
  CHECK(entries[2].request.httpVersion.value == "HTTP/1.1");
}

TEST_CASE("a chunked gzip response body is decoded and its codings recorded") {
  auto entries = readFixture("signin");
  const Body& body = entries[1].response.body;
  CHECK(body.decodeError.empty());
  CHECK(body.codings == std::vector<std::string>{"chunked", "gzip"});
  CHECK(body.text.value.find("$Config={\"pgid\":\"ConvergedSignIn\"") != std::string::npos);
  CHECK(body.mimeType.value == "text/html; charset=utf-8");
  CHECK(body.size.value == static_cast<double>(body.text.value.size()));
}

TEST_CASE("a brotli response body with the AADSTS50125 config page is decoded") {
  auto entries = readFixture("signin");
  const Body& body = entries[2].response.body;
  CHECK(body.decodeError.empty());
  CHECK(body.codings == std::vector<std::string>{"br"});
  CHECK(body.text.value.find("\"strServiceExceptionMessage\":\"AADSTS50125: Sign-in was interrupted") != std::string::npos);
  CHECK(body.text.value.find("caf\xC3\xA9") != std::string::npos);
}

TEST_CASE("the login post exposes its form body, cookies and the cookies it receives") {
  auto entries = readFixture("signin");
  const Entry& e = entries[2];
  CHECK(e.request.body.text.value.find("passwd=P%40ssw0rd-FAKE-1") != std::string::npos);
  const Field* persistent = findField(e.request.cookies, "ESTSAUTHPERSISTENT");
  REQUIRE(persistent);
  CHECK(persistent->value.value.find("FAKE-saz-ESTSAUTHPERSISTENT") != std::string::npos);
  const Field* estsauth = findField(e.response.cookies, "ESTSAUTH");
  REQUIRE(estsauth);
  CHECK(estsauth->value.value == "1.AXoAv4j5cvGGr0GRqy180BHbR-FAKE-saz-ESTSAUTH-Zx1Cv3Bn5Nm7Kl9Jh2Gf4Ds");
  CHECK(findField(e.response.cookies, "ESTSAUTHLIGHT"));
}

TEST_CASE("header and cookie spans point at their bytes in the request member") {
  auto reader = openTrace(fixture("signin"));
  REQUIRE(reader);
  Entry* e = nullptr;
  for (int i = 0; i < 3; ++i) e = reader.value()->next().value();
  REQUIRE(e);
  std::string_view c = e->source.request;
  for (const auto& f : e->request.headers) {
    CHECK(c.substr(f.value.raw.offset, f.value.raw.length) == f.value.value);
    CHECK(c.substr(f.name.raw.offset, f.name.raw.length) == f.name.value);
  }
  for (const auto& f : e->request.cookies) CHECK(c.substr(f.value.raw.offset, f.value.raw.length) == f.value.value);
  CHECK(c.substr(e->request.url.raw.offset, e->request.url.raw.length) == "https://login.microsoftonline.com/common/login");
  std::string_view s = e->source.response;
  CHECK(s.substr(e->response.status.raw.offset, e->response.status.raw.length) == "200");
}

TEST_CASE("a connect tunnel keeps fiddler's text bodies undecoded") {
  auto entries = readFixture("signin");
  const Entry& e = entries[0];
  CHECK(e.request.body.codings.empty());
  CHECK(e.request.body.text.value.rfind("A SSLv3-compatible ClientHello handshake was found.", 0) == 0);
  CHECK(e.response.status.value == 200);
  CHECK(e.response.statusText.value == "Connection Established");
  CHECK(e.response.body.text.value.find("DO_NOT_TRUST_FiddlerRoot") != std::string::npos);
}

TEST_CASE("a session without a response member is reported as aborted") {
  auto entries = readFixture("signin");
  const Entry& e = entries[3];
  CHECK_FALSE(e.response.present);
  CHECK(saz::isAbortedSession(e));
  CHECK(e.request.body.text.value.find("FAKE-beacon") != std::string::npos);
  CHECK(saz::sessionFlag(e, "x-aborted-when")->value == "SendRequest");
  CHECK_FALSE(saz::isAbortedSession(entries[2]));
}

TEST_CASE("an origin-form request line is joined with the host header and its query parsed") {
  auto entries = readFixture("signin");
  const Entry& e = entries[4];
  CHECK(e.request.url.value.rfind("http://login.microsoftonline.com/common/discovery/instance?api-version=1.1", 0) == 0);
  const Field* endpoint = findField(e.request.queryString, "authorization_endpoint");
  REQUIRE(endpoint);
  CHECK(endpoint->value.value == "https://login.microsoftonline.com/common/oauth2/authorize");
  CHECK(e.response.body.text.value.find("tenant_discovery_endpoint") != std::string::npos);
  CHECK(e.timings.send.value == 0);
  CHECK(e.timings.dns.value == -1);
}

TEST_CASE("session metadata gives flags, ids, start time and timings") {
  auto entries = readFixture("signin");
  const Entry& e = entries[1];
  CHECK(saz::sessionId(e) == std::optional<std::string>("3"));
  CHECK(saz::sessionBitFlags(e) == std::optional<std::uint32_t>(0x19));
  CHECK(saz::sessionFlag(e, "X-ClientIP")->value == "127.0.0.1");
  CHECK(e.serverIPAddress.value == "20.190.151.68");
  CHECK(e.startedDateTime.value == "2026-03-02T10:15:02.043+01:00");
  CHECK(e.timings.wait.value == Approx(126));   // ServerGotRequest 44 ms -> ServerBeginResponse 170 ms
  CHECK(e.timings.send.value == Approx(1));     // FiddlerBeginRequest 43 -> ServerGotRequest 44
  CHECK(e.timings.receive.value == Approx(8));  // 170 -> 178
  CHECK(e.time.value == Approx(137));           // ClientBeginRequest 42 -> ClientDoneResponse 179
}

TEST_CASE("websocket messages are unmasked, text as text and binary as base64") {
  auto entries = readFixture("websocket");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].number == 1);
  CHECK(entries[1].number == 2);
  const auto& ws = entries[0].webSocketMessages;
  REQUIRE(ws.size() == 5);
  CHECK(ws[0].type.value == "send");
  CHECK(ws[0].opcode.value == 1);
  CHECK(ws[0].data.value == "{\"protocol\":\"json\",\"version\":1}\x1e");
  CHECK(ws[1].type.value == "receive");
  CHECK(ws[2].data.value.find("Bearer FAKE-ws-token-1") != std::string::npos);
  CHECK(ws[3].opcode.value == 2);
  std::string binary;
  for (int i = 0; i < 200; ++i) binary += static_cast<char>(i);
  CHECK(ws[3].data.value == codec::base64Encode(binary));
  CHECK(ws[4].opcode.value == 8);
  CHECK(ws[0].time.present);
}

TEST_CASE("an empty response member marks the session aborted") {
  auto entries = readFixture("websocket");
  CHECK(saz::isAbortedSession(entries[1]));
  CHECK(entries[0].response.status.value == 101);
}

TEST_CASE("members are grouped by number whatever the padding, slash or case") {
  std::string path = saztest::scratch("mixed-names.saz");
  REQUIRE(saztest::makeZip(path, {{"raw/10_c.txt", kRequest},
                                  {"RAW\\2_c.txt", kRequest},
                                  {"raw/002_s.txt", kResponse},
                                  {"Raw/010_S.TXT", kResponse},
                                  {"notes.txt", "ignored"}}) == "");
  std::vector<Entry> entries;
  REQUIRE(saztest::readEntries(path, entries) == "");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].number == 2);
  CHECK(entries[1].number == 10);
  CHECK(entries[0].response.body.text.value == "ok");
  CHECK(entries[1].response.status.value == 200);
}

TEST_CASE("an encrypted archive reads with the right password") {
  ReadOptions options;
  options.sazPassword = "P@ssw0rd-FAKE-saz";
  std::vector<Entry> entries;
  std::string error = saztest::readEntries(std::string(TRACESAN_SAMPLES_DIR) + "/saz/encrypted.saz", entries, options);
  INFO(error);
  REQUIRE(error.empty());
  REQUIRE(entries.size() == 5);
  CHECK(entries[2].response.body.text.value.find("AADSTS50125") != std::string::npos);
}

TEST_CASE("an encrypted archive without a password asks for one") {
  std::string error = readError(std::string(TRACESAN_SAMPLES_DIR) + "/saz/encrypted.saz");
  CHECK(error.find("encrypted.saz: archive is encrypted: a password is required (--password or TRACESAN_SAZ_PASSWORD)") !=
        std::string::npos);
}

TEST_CASE("an encrypted archive with a wrong password says so") {
  ReadOptions options;
  options.sazPassword = "not-the-password";
  std::string error = readError(std::string(TRACESAN_SAMPLES_DIR) + "/saz/encrypted.saz", options);
  CHECK(error.find("encrypted.saz: wrong password") != std::string::npos);
}

TEST_CASE("a traditional pkware encrypted archive with a wrong password says so") {
  std::string path = saztest::scratch("pkware.saz");
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", kRequest}, {"raw/1_s.txt", kResponse}}, "P@ssw0rd-FAKE-2",
                           ZIP_EM_TRAD_PKWARE) == "");
  ReadOptions options;
  options.sazPassword = "P@ssw0rd-FAKE-2";
  std::vector<Entry> entries;
  REQUIRE(saztest::readEntries(path, entries, options) == "");
  CHECK(entries.size() == 1);
  // Traditional encryption checks one byte of the password; a few guesses must all be refused.
  for (const char* wrong : {"wrong-1", "wrong-2", "wrong-3", "wrong-4"}) {
    options.sazPassword = wrong;
    CHECK(readError(path, options).find("pkware.saz: wrong password") != std::string::npos);
  }
}

TEST_CASE("a zip bomb is refused by its compression ratio") {
  std::string path = saztest::scratch("bomb-ratio.saz");
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", kRequest + std::string(4 << 20, 'A')}}) == "");
  ReadOptions options;
  options.maxCompressionRatio = 100;
  std::string error = readError(path, options);
  CHECK(error.find("bomb-ratio.saz: member \"raw/1_c.txt\": compression ratio exceeds the limit") != std::string::npos);
}

TEST_CASE("a zip bomb is refused by its total size") {
  ReadOptions options;
  options.maxTotalSize = 4096;
  std::string error = readError(fixture("signin"), options);
  CHECK(error.find("signin.saz: declared total size exceeds the limit of 4096 bytes") != std::string::npos);
}

TEST_CASE("a member larger than its limit is refused before it is read") {
  ReadOptions options;
  options.maxMemberSize = 1000;
  std::string error = readError(fixture("signin"), options);
  CHECK(error.find("signin.saz: member \"raw/") != std::string::npos);
  CHECK(error.find("exceeds the member limit of 1000 bytes") != std::string::npos);
}

TEST_CASE("a member that inflates past its declared size is refused while reading") {
  std::string path = saztest::scratch("liar.saz");
  std::string body = kRequest + std::string(100000, 'x');
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", body}}) == "");
  std::string zip = testutil::readFile(path);
  // Shrink the declared uncompressed size (local header offset 22, central directory offset 24).
  auto patch32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) zip[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  std::size_t local = zip.find(std::string("PK\x03\x04", 4));
  std::size_t central = zip.find(std::string("PK\x01\x02", 4));
  REQUIRE(local != std::string::npos);
  REQUIRE(central != std::string::npos);
  patch32(local + 22, 5000);
  patch32(central + 24, 5000);
  testutil::writeScratch("liar.saz", zip);
  std::string error = readError(path);
  CHECK(error.find("liar.saz: session 1: raw/1_c.txt:") != std::string::npos);
}

TEST_CASE("member names that climb out or are absolute are refused") {
  for (const std::string name : {"../evil", "raw/../../evil", "/abs/raw/1_c.txt", "\\abs", "C:\\raw\\1_c.txt"}) {
    std::string path = saztest::scratch("unsafe.saz");
    REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", kRequest}, {name, "x"}}) == "");
    std::string error = readError(path);
    INFO(name);
    CHECK(error.find("unsafe.saz: member \"" + name + "\": unsafe path") != std::string::npos);
  }
}

TEST_CASE("duplicate session members are reported") {
  std::string path = saztest::scratch("dupe.saz");
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", kRequest}, {"raw/01_c.txt", kRequest}}) == "");
  std::string error = readError(path);
  CHECK(error.find("dupe.saz: session 1: two request members: \"raw/1_c.txt\" and \"raw/01_c.txt\"") != std::string::npos);
}

TEST_CASE("a truncated archive is not a valid zip") {
  std::string zip = testutil::readFile(fixture("signin"));
  REQUIRE(zip.size() > 1000);
  std::string path = testutil::writeScratch("truncated.saz", zip.substr(0, zip.size() / 2));
  std::string error = readError(path);
  CHECK(error.find("truncated.saz: not a valid zip archive: ") != std::string::npos);
}

TEST_CASE("corrupt deflate data names the file, session and member") {
  std::string path = saztest::scratch("corrupt.saz");
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", kRequest + std::string(5000, 'q') + "tail"}, {"raw/1_s.txt", kResponse}}) == "");
  std::string zip = testutil::readFile(path);
  std::size_t data = dataOffset(zip, "raw/1_c.txt");
  REQUIRE(data != std::string::npos);
  for (std::size_t i = 2; i < 12; ++i) zip[data + i] = static_cast<char>(0xFF);
  testutil::writeScratch("corrupt.saz", zip);
  std::string error = readError(path);
  CHECK(error.find("corrupt.saz: session 1: raw/1_c.txt: ") != std::string::npos);
}

TEST_CASE("a session without a request member is an error naming it") {
  std::string path = saztest::scratch("no-request.saz");
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", kRequest}, {"raw/2_s.txt", kResponse}}) == "");
  std::string error = readError(path);
  CHECK(error.find("no-request.saz: session 2: no request member") != std::string::npos);
}

TEST_CASE("malformed metadata xml is an error naming the member") {
  std::string path = saztest::scratch("bad-meta.saz");
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", kRequest}, {"raw/1_m.xml", "<Session SID=\"1\" BitFlags=\"zz\">"}}) == "");
  std::string error = readError(path);
  CHECK(error.find("bad-meta.saz: session 1: raw/1_m.xml: BitFlags \"zz\" is not hexadecimal") != std::string::npos);
}

TEST_CASE("a websocket member whose frame runs past its end is an error") {
  std::string path = saztest::scratch("bad-ws.saz");
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", kRequest},
                                  {"raw/1_w.txt", "\r\nResponse-Length: 50\r\nID: 1\r\n\r\n\x81\x02hi\r\n"}}) == "");
  std::string error = readError(path);
  CHECK(error.find("bad-ws.saz: session 1: raw/1_w.txt: message at byte 2: frame runs past the end") != std::string::npos);
}

TEST_CASE("fiddler timestamps parse with any offset and format back to the millisecond") {
  auto t = saz::parseDateTime("2023-04-06T14:35:14.8590762+02:00");
  REQUIRE(t);
  CHECK(t->set);
  CHECK(t->micros == 1680784514859076);
  CHECK(saz::formatDateTime(*t, 3) == "2023-04-06T14:35:14.859+02:00");
  CHECK(saz::formatDateTime(*t, 7) == "2023-04-06T14:35:14.8590760+02:00");
  auto z = saz::parseDateTime("1999-12-31T23:59:59Z");
  REQUIRE(z);
  CHECK(saz::formatDateTime(*z, 3) == "1999-12-31T23:59:59.000Z");
  auto west = saz::parseDateTime("2024-02-29T01:00:00.5-05:30");
  REQUIRE(west);
  CHECK(saz::formatDateTime(*west, 3) == "2024-02-29T01:00:00.500-05:30");
  auto unset = saz::parseDateTime("0001-01-01T00:00:00");
  REQUIRE(unset);
  CHECK_FALSE(unset->set);
  CHECK_FALSE(saz::parseDateTime("yesterday"));
  CHECK_FALSE(saz::parseDateTime("2024-13-01T00:00:00Z"));
}

TEST_CASE("metadata attributes decode entities and keep the spans of their raw values") {
  std::string xml = "\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><Session SID='9' BitFlags=\"2100\">"
                    "<SessionFlags><SessionFlag N=\"ui-comments\" V=\"a &amp; &lt;b&gt; &#x41;&#66; &quot;q&quot;\" />"
                    "</SessionFlags></Session>";
  auto meta = saz::parseSessionMetadata(xml);
  REQUIRE(meta);
  CHECK(meta->sid == "9");
  CHECK(meta->bitFlags == 0x2100);
  REQUIRE(meta->flags.size() == 1);
  const Field& f = meta->flags[0];
  CHECK(f.value.value == "a & <b> AB \"q\"");
  CHECK(xml.substr(f.value.raw.offset, f.value.raw.length) == "a &amp; &lt;b&gt; &#x41;&#66; &quot;q&quot;");
  CHECK(xml.substr(f.name.raw.offset, f.name.raw.length) == "ui-comments");
}

TEST_CASE("malformed metadata markup is reported, not guessed") {
  CHECK_FALSE(saz::parseSessionMetadata("<Session SID=\"1\"><SessionFlag N=\"x\" V=\"unterminated /></Session>"));
  CHECK_FALSE(saz::parseSessionMetadata("<Session SID=1 />"));
  CHECK_FALSE(saz::parseSessionMetadata("<SessionFlags />"));
  CHECK_FALSE(saz::parseSessionMetadata("<Session SID=\"&bogus;\" />"));
}

// Members are read ahead on a second thread: what that thread meets must still arrive in session
// order, and a reader left early must not wait for it.
TEST_CASE("a corrupt member read ahead fails at its own session, after the ones before it, and stays failed") {
  std::string path = saztest::scratch("corrupt-later.saz");
  REQUIRE(saztest::makeZip(path, {{"raw/1_c.txt", kRequest},
                                  {"raw/2_c.txt", kRequest},
                                  {"raw/3_c.txt", kRequest + std::string(5000, 'q') + "tail"},
                                  {"raw/4_c.txt", kRequest}}) == "");
  std::string zip = testutil::readFile(path);
  std::size_t data = dataOffset(zip, "raw/3_c.txt");
  REQUIRE(data != std::string::npos);
  for (std::size_t i = 2; i < 12; ++i) zip[data + i] = static_cast<char>(0xFF);
  testutil::writeScratch("corrupt-later.saz", zip);
  auto reader = openTrace(path, ReadOptions{});
  REQUIRE(reader);
  for (std::size_t number : {1, 2}) {
    auto entry = reader.value()->next();
    REQUIRE(entry);
    REQUIRE(entry.value() != nullptr);
    CHECK(entry.value()->number == number);
  }
  for (int again = 0; again < 2; ++again) {
    auto entry = reader.value()->next();
    REQUIRE_FALSE(entry);
    CHECK(entry.error().message().find("corrupt-later.saz: session 3: raw/3_c.txt: ") != std::string::npos);
  }
}

TEST_CASE("a reader closed after one session of many does not wait for the read-ahead") {
  std::string path = saztest::scratch("many-sessions.saz");
  std::vector<saztest::MemberSpec> members;
  for (int i = 1; i <= 40; ++i)  // 40 MB in all: more than the read-ahead holds
    members.push_back({"raw/" + std::to_string(i) + "_c.txt", kRequest + std::string(1u << 20, 'a' + i % 26)});
  REQUIRE(saztest::makeZip(path, members) == "");
  auto reader = openTrace(path, ReadOptions{});
  REQUIRE(reader);
  auto entry = reader.value()->next();
  REQUIRE(entry);
  REQUIRE(entry.value() != nullptr);
  CHECK(entry.value()->request.body.text.value.size() == 1u << 20);
  reader.value().reset();  // must return: the read-ahead thread is blocked on a full queue
  SUCCEED("closed");
}
