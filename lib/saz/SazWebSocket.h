// The `_w.txt` member of a SAZ session: WebSocket messages, each a block of pseudo-headers
// (Request-Length or Response-Length, ID, BitFlags, timers) followed by one RFC 6455 frame as it
// crossed the wire (client frames still masked).
//
//   auto frames = parseWebSocketMember(bytes);
//   for (auto& f : frames.value()) std::cout << f.opcode() << " " << unmaskedPayload(bytes, f) << "\n";
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Trace.h"

namespace tracesan::saz {

struct WebSocketFrameLayout {
  bool fromClient = false;   // "Request-Length" block (client to server)
  SourceSpan lengthValue;    // the decimal length after "Request-Length: "
  SourceSpan frame;          // the whole frame
  SourceSpan payload;        // the payload inside the frame
  std::uint8_t firstByte = 0;  // FIN, RSV1-3, opcode
  bool masked = false;
  std::array<std::uint8_t, 4> maskKey{};
  std::string timestamp;     // DoneRead, else BeginSend, as written
  int opcode() const { return firstByte & 0x0F; }
  bool compressed() const { return (firstByte & 0x40) != 0; }  // permessage-deflate RSV1
  // Text frames hold UTF-8 text in HAR's data; everything else travels as base64.
  bool dataIsText() const { return opcode() == 1 && !compressed(); }
};

// Parses a whole _w.txt member. Errors carry no location.
Expected<std::vector<WebSocketFrameLayout>> parseWebSocketMember(std::string_view member);

// The payload with the client mask removed.
std::string unmaskedPayload(std::string_view member, const WebSocketFrameLayout& frame);

// A frame with the same first byte and mask key as `like`, carrying `payload`.
std::string buildFrame(const WebSocketFrameLayout& like, std::string_view payload);

// A frame from scratch (for HAR to SAZ): FIN set, masked with a fixed key when from the client.
std::string buildFrame(int opcode, bool fromClient, std::string_view payload);

// Entry.webSocketMessages from the parsed frames (data spans point at the frames).
std::vector<WebSocketMessage> webSocketMessagesFrom(std::string_view member,
                                                    const std::vector<WebSocketFrameLayout>& frames);

// The payload bytes a model message stands for: data as is for text, else base64-decoded.
Expected<std::string> payloadOf(const WebSocketMessage& message, bool dataIsText);

// Writes a _w.txt member from model messages (HAR to SAZ).
Expected<std::string> writeWebSocketMember(const std::vector<WebSocketMessage>& messages);

}  // namespace tracesan::saz
