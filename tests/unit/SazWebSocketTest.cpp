// Compressed WebSocket messages (permessage-deflate, RFC 7692) in SAZ: inflated per direction with
// context takeover so the redactor, the leak check and the converter see the text; a changed
// compressed message goes back uncompressed together with every compressed frame of its
// direction; a frame that cannot be inflated is redacted whole and reported.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "SazTestSupport.h"
#include "codec/Base64.h"
#include "codec/Compression.h"
#include "saz/SazBuild.h"
#include "saz/SazWebSocket.h"
#include "tracesan/Redactor.h"
#include "tracesan/Saz.h"

using namespace tracesan;

namespace {

const std::string kToken =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGk6Ly9mYWtlIiwic2NwIjoiRkFLRSJ9.c2lnbmF0dXJlLUZBS0Utd3M";

struct FrameSpec {
  bool fromClient;
  std::uint8_t firstByte;  // FIN, RSV1, opcode
  std::string payload;     // as on the wire (compressed when RSV1 is set), unmasked
};

// A _w.txt member holding the frames, client frames masked.
std::string member(const std::vector<FrameSpec>& frames) {
  std::string out = "\r\n";
  std::size_t id = 1;
  for (const auto& f : frames) {
    saz::WebSocketFrameLayout like;
    like.firstByte = f.firstByte;
    like.masked = f.fromClient;
    like.maskKey = {0x11, 0x22, 0x33, 0x44};
    std::string frame = saz::buildFrame(like, f.payload);
    out += f.fromClient ? "Request-Length: " : "Response-Length: ";
    out += std::to_string(frame.size()) + "\r\nID: " + std::to_string(id++) + "\r\nBitFlags: 0\r\n\r\n" + frame + "\r\n";
  }
  return out;
}

std::string deflated(codec::MessageDeflater& d, std::string_view text) {
  auto out = d.deflateMessage(text);
  REQUIRE(out);
  return *out;
}

// Client: two compressed text messages (the second refers back to the first), a compressed
// message in two fragments; server: a compressed binary message, a plain text one, a ping.
std::vector<FrameSpec> sampleFrames() {
  codec::MessageDeflater client, server;
  const std::string first = "{\"type\":1,\"target\":\"Subscribe\",\"arguments\":[\"Bearer " + kToken + "\"]}";
  const std::string second = "{\"type\":1,\"target\":\"Subscribe\",\"arguments\":[\"Bearer " + kToken + "\"],\"again\":1}";
  // Deflated in wire order: each client message may refer back to the ones before it.
  std::string one = deflated(client, first);
  std::string two = deflated(client, second);
  std::string third = deflated(client, "{\"type\":6,\"note\":\"fragmented message\"}");
  std::vector<FrameSpec> frames{
      {true, 0xC1, one},
      {false, 0xC2, deflated(server, std::string("\x01\x02 binary \x03", 12))},
      {true, 0xC1, two},
      {false, 0x81, "{\"type\":3,\"result\":\"ok\"}"},
      {true, 0x41, third.substr(0, third.size() / 2)},
      {true, 0x80, third.substr(third.size() / 2)},
      {false, 0x89, "ping"},
  };
  return frames;
}

std::vector<WebSocketMessage> messagesOf(const std::string& w) {
  auto frames = saz::parseWebSocketMember(w);
  REQUIRE(frames);
  return saz::webSocketMessagesFrom(w, *frames, 1 << 20);
}

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("permessage-deflate: the inflater reads what a sender deflates, across messages and fragments") {
  codec::MessageDeflater out;
  codec::MessageInflater in;
  for (int i = 0; i < 5; ++i) {
    std::string text = "message " + std::to_string(i) + ": " + kToken + kToken;
    auto wire = out.deflateMessage(text);
    REQUIRE(wire);
    if (i > 0) CHECK(wire->size() < 40);  // context takeover: the token is a back reference
    auto back = in.inflateFragment(*wire, true, 1 << 20);
    REQUIRE(back);
    CHECK(*back == text);
  }
  // The same message in two fragments gives the same text, split.
  auto wire = out.deflateMessage("fragmented " + kToken);
  REQUIRE(wire);
  auto a = in.inflateFragment(wire->substr(0, 5), false, 1 << 20);
  auto b = in.inflateFragment(wire->substr(5), true, 1 << 20);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a + *b == "fragmented " + kToken);
}

TEST_CASE("permessage-deflate: bad data, and everything after it in the stream, is an error") {
  codec::MessageInflater in;
  auto bad = in.inflateFragment(std::string("\xff\xff\xff\xff garbage", 12), true, 1 << 20);
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message(), Catch::Contains("invalid permessage-deflate data"));
  codec::MessageDeflater out;
  auto next = in.inflateFragment(*out.deflateMessage("fine"), true, 1 << 20);
  REQUIRE_FALSE(next);
  CHECK_THAT(next.error().message(), Catch::Contains("an earlier compressed message could not be inflated"));
  // A bomb stops at the limit.
  codec::MessageInflater reader;
  codec::MessageDeflater writer;
  auto bomb = reader.inflateFragment(*writer.deflateMessage(std::string(1 << 20, 'a')), true, 1000);
  REQUIRE_FALSE(bomb);
  CHECK_THAT(bomb.error().message(), Catch::Contains("exceeds limit"));
}

TEST_CASE("compressed SAZ websocket frames are read inflated, per direction") {
  auto ws = messagesOf(member(sampleFrames()));
  REQUIRE(ws.size() == 7);
  CHECK(ws[0].compressed);
  CHECK(ws[0].decodeError.empty());
  CHECK(ws[0].data.value.find("Bearer " + kToken) != std::string::npos);
  CHECK(ws[1].data.value == codec::base64Encode(std::string("\x01\x02 binary \x03", 12)));
  CHECK(ws[2].data.value.find("\"again\":1") != std::string::npos);
  CHECK_FALSE(ws[3].compressed);
  CHECK(ws[3].data.value == "{\"type\":3,\"result\":\"ok\"}");
  // Fragments: the text frame holds text, its continuation base64 (as for any continuation frame).
  CHECK(ws[4].compressed);
  CHECK(ws[5].compressed);
  auto tail = codec::base64Decode(ws[5].data.value);
  REQUIRE(tail);
  CHECK(ws[4].data.value + *tail == "{\"type\":6,\"note\":\"fragmented message\"}");
  CHECK_FALSE(ws[6].compressed);
  CHECK(ws[6].data.value == codec::base64Encode("ping"));
}

TEST_CASE("a secret in a compressed frame is found, redacted, and its direction written uncompressed") {
  const std::string w = member(sampleFrames());
  Entry entry;
  entry.number = 1;
  entry.webSocketMessages = messagesOf(w);
  auto rules = RuleSet::create();
  REQUIRE(rules);
  Redactor redactor(*rules, RedactOptions{});
  CHECK_FALSE(redactor.checkEntry(entry).empty());  // --check sees inside
  auto result = redactor.redact(entry);
  CHECK(result.failClosed.empty());
  auto patched = saz::patchWebSocketMember(entry, w);
  REQUIRE(patched);
  REQUIRE(patched->has_value());
  auto frames = saz::parseWebSocketMember(**patched);
  REQUIRE(frames);
  REQUIRE(frames->size() == 7);
  for (std::size_t i : {0, 2, 4}) CHECK_FALSE((*frames)[i].compressed());  // client: all inflated
  CHECK((*frames)[1].compressed());  // server: untouched, still compressed
  CHECK((*frames)[3].firstByte == 0x81);
  auto again = messagesOf(**patched);
  for (const auto& m : again) {
    CHECK(m.decodeError.empty());
    CHECK(m.data.value.find(kToken) == std::string::npos);
  }
  CHECK(again[0].data.value.find("Bearer REDACTED-") != std::string::npos);
  CHECK(again[1].data.value == codec::base64Encode(std::string("\x01\x02 binary \x03", 12)));
  CHECK(again[3].data.value == "{\"type\":3,\"result\":\"ok\"}");
  CHECK(again[4].data.value + *codec::base64Decode(again[5].data.value) == "{\"type\":6,\"note\":\"fragmented message\"}");
  CHECK(redactor.checkEntry([&] {
                  Entry e;
                  e.webSocketMessages = again;
                  return e;
                }())
            .empty());
}

TEST_CASE("a compressed frame that cannot be inflated is redacted whole and reported") {
  std::vector<FrameSpec> frames{{false, 0xC1, std::string("\xff\xff\xff\xff not deflate", 17)},
                                {false, 0xC1, "also lost"},
                                {true, 0x81, "{\"plain\":true}"}};
  const std::string w = member(frames);
  Entry entry;
  entry.number = 4;
  entry.webSocketMessages = messagesOf(w);
  REQUIRE(entry.webSocketMessages.size() == 3);
  CHECK_THAT(entry.webSocketMessages[0].decodeError, Catch::Contains("invalid permessage-deflate data"));
  CHECK_THAT(entry.webSocketMessages[1].decodeError, Catch::Contains("earlier compressed message"));
  auto rules = RuleSet::create();
  REQUIRE(rules);
  Redactor redactor(*rules, RedactOptions{});
  CHECK(redactor.checkEntry(entry).size() == 2);  // fail closed in the check too
  auto result = redactor.redact(entry);
  REQUIRE(result.failClosed.size() == 2);
  CHECK(result.failClosed[0].entry == 4);
  CHECK(result.failClosed[0].location == "webSocketMessages[0]");
  auto patched = saz::patchWebSocketMember(entry, w);
  REQUIRE(patched);
  REQUIRE(patched->has_value());
  auto again = messagesOf(**patched);
  CHECK(again[0].decodeError.empty());
  CHECK(again[0].data.value.rfind("REDACTED-body-", 0) == 0);
  CHECK(again[2].data.value == "{\"plain\":true}");
}

TEST_CASE("sanitizing a SAZ with compressed websocket frames leaves no token in any member, inflated or not") {
  const auto dir = std::filesystem::path(TRACESAN_SAMPLES_DIR) / "saz" / "websocket" / "raw";
  std::string in = saztest::scratch("ws-deflate.saz");
  std::string out = saztest::scratch("ws-deflate-clean.saz");
  REQUIRE(saztest::makeZip(in, {{"raw/0001_c.txt", readFile(dir / "0001_c.txt")},
                                {"raw/0001_s.txt", readFile(dir / "0001_s.txt")},
                                {"raw/0001_m.xml", readFile(dir / "0001_m.xml")},
                                {"raw/0001_w.txt", member(sampleFrames())}}) == "");
  auto rules = RuleSet::create();
  REQUIRE(rules);
  Redactor redactor(*rules, RedactOptions{});
  RedactionSession session;
  REQUIRE(testutil::rewrite(in, out, [&](Entry& e) { (void)redactor.redact(e, session); }) == "");
  auto members = saztest::readZip(out);
  REQUIRE(members.count("raw/0001_w.txt") == 1);
  std::vector<Entry> entries;
  REQUIRE(saztest::readEntries(out, entries) == "");
  REQUIRE(entries.size() == 1);
  for (const auto& m : entries[0].webSocketMessages) {
    CHECK(m.decodeError.empty());
    CHECK(m.data.value.find(kToken) == std::string::npos);
    CHECK(m.data.value.find("eyJhbGciOiJSUzI1NiIs") == std::string::npos);
  }
  CHECK(redactor.checkEntry(entries[0]).empty());
}
