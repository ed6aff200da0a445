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
  bool final() const { return (firstByte & 0x80) != 0; }
};

// Text frames hold UTF-8 text in a message's data (inflated when compressed); everything else,
// and a compressed frame that could not be inflated, travels as base64.
inline bool dataIsText(const WebSocketFrameLayout& frame, const WebSocketMessage& message) {
  return frame.opcode() == 1 && message.decodeError.empty();
}

// For each frame: the opcode (1 text, 2 binary) of the compressed (permessage-deflate) message it
// belongs to — the frame with RSV1 set and its continuation frames — or 0 for a frame sent as is.
std::vector<int> compressedMessageOpcodes(const std::vector<WebSocketFrameLayout>& frames);

// Parses a whole _w.txt member. Errors carry no location.
Expected<std::vector<WebSocketFrameLayout>> parseWebSocketMember(std::string_view member);

// The payload with the client mask removed.
std::string unmaskedPayload(std::string_view member, const WebSocketFrameLayout& frame);

// A frame with the same first byte and mask key as `like`, carrying `payload`.
std::string buildFrame(const WebSocketFrameLayout& like, std::string_view payload);

// A frame from scratch (for HAR to SAZ): FIN set, masked with a fixed key when from the client.
std::string buildFrame(int opcode, bool fromClient, std::string_view payload);

// Entry.webSocketMessages from the parsed frames (data spans point at the frames). Compressed
// (permessage-deflate) messages are inflated, each direction through its own stream, each
// fragment to at most `maxInflated` bytes; one that cannot be inflated keeps its payload as
// base64 and says why in decodeError.
std::vector<WebSocketMessage> webSocketMessagesFrom(std::string_view member,
                                                    const std::vector<WebSocketFrameLayout>& frames,
                                                    std::size_t maxInflated);

// The payload bytes a model message stands for: data as is for text, else base64-decoded.
Expected<std::string> payloadOf(const WebSocketMessage& message, bool dataIsText);

// Writes a _w.txt member from model messages (HAR to SAZ).
Expected<std::string> writeWebSocketMember(const std::vector<WebSocketMessage>& messages);

}  // namespace tracesan::saz
