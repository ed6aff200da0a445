#include "saz/SazWebSocket.h"

#include <cctype>
#include <cmath>

#include "codec/Base64.h"
#include "codec/Compression.h"
#include "saz/SazMetadata.h"

namespace tracesan::saz {
namespace {

constexpr std::array<std::uint8_t, 4> kConvertMask = {0x5a, 0x17, 0xc3, 0x9e};

bool startsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string frameBytes(std::uint8_t firstByte, bool masked, const std::array<std::uint8_t, 4>& key,
                       std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 14);
  out += static_cast<char>(firstByte);
  std::uint8_t maskBit = masked ? 0x80 : 0;
  std::uint64_t n = payload.size();
  if (n < 126) {
    out += static_cast<char>(maskBit | n);
  } else if (n <= 0xFFFF) {
    out += static_cast<char>(maskBit | 126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(maskBit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xFF);
  }
  if (!masked) return out.append(payload);
  for (auto b : key) out += static_cast<char>(b);
  std::size_t start = out.size();
  out.append(payload);
  for (std::size_t i = 0; i < payload.size(); ++i) out[start + i] = static_cast<char>(out[start + i] ^ key[i % 4]);
  return out;
}

}  // namespace

Expected<std::vector<WebSocketFrameLayout>> parseWebSocketMember(std::string_view w) {
  std::vector<WebSocketFrameLayout> frames;
  std::size_t pos = 0;
  for (;;) {
    while (pos < w.size() && (w[pos] == '\r' || w[pos] == '\n')) ++pos;
    if (pos >= w.size()) break;
    WebSocketFrameLayout f;
    bool haveLength = false;
    std::uint64_t length = 0;
    std::size_t blockStart = pos;
    std::string doneRead, beginSend;
    for (;;) {
      std::size_t eol = w.find('\n', pos);
      if (eol == std::string_view::npos)
        return invalidInput("message at byte " + std::to_string(blockStart) + ": unterminated header block");
      std::string_view line = w.substr(pos, eol - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      std::size_t lineStart = pos;
      pos = eol + 1;
      if (line.empty()) break;
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos)
        return invalidInput("message at byte " + std::to_string(blockStart) + ": malformed header line");
      std::string_view value = line.substr(colon + 1);
      std::size_t lead = 0;
      while (lead < value.size() && value[lead] == ' ') ++lead;
      value.remove_prefix(lead);
      std::size_t valueOffset = lineStart + colon + 1 + lead;
      bool request = startsWithIgnoreCase(line, "Request-Length:");
      if (request || startsWithIgnoreCase(line, "Response-Length:")) {
        if (value.empty() || value.size() > 18)
          return invalidInput("message at byte " + std::to_string(blockStart) + ": bad length");
        length = 0;
        for (char c : value) {
          if (!std::isdigit(static_cast<unsigned char>(c)))
            return invalidInput("message at byte " + std::to_string(blockStart) + ": bad length");
          length = length * 10 + static_cast<std::uint64_t>(c - '0');
        }
        haveLength = true;
        f.fromClient = request;
        f.lengthValue = {valueOffset, value.size()};
      } else if (startsWithIgnoreCase(line, "DoneRead:")) {
        doneRead = value;
      } else if (startsWithIgnoreCase(line, "BeginSend:")) {
        beginSend = value;
      }
    }
    if (!haveLength)
      return invalidInput("message at byte " + std::to_string(blockStart) + ": no Request-Length or Response-Length");
    if (length > w.size() - pos)
      return invalidInput("message at byte " + std::to_string(blockStart) + ": frame runs past the end of the member");
    std::string_view frame = w.substr(pos, length);
    f.frame = {pos, length};
    f.timestamp = !doneRead.empty() ? doneRead : beginSend;
    if (frame.size() < 2) return invalidInput("message at byte " + std::to_string(blockStart) + ": truncated frame");
    f.firstByte = static_cast<std::uint8_t>(frame[0]);
    auto b1 = static_cast<std::uint8_t>(frame[1]);
    f.masked = (b1 & 0x80) != 0;
    std::uint64_t payloadLength = b1 & 0x7F;
    std::size_t header = 2;
    if (payloadLength >= 126) {
      std::size_t extra = payloadLength == 126 ? 2 : 8;
      if (frame.size() < header + extra)
        return invalidInput("message at byte " + std::to_string(blockStart) + ": truncated frame");
      payloadLength = 0;
      for (std::size_t i = 0; i < extra; ++i) payloadLength = (payloadLength << 8) | static_cast<std::uint8_t>(frame[header + i]);
      header += extra;
    }
    if (f.masked) {
      if (frame.size() < header + 4)
        return invalidInput("message at byte " + std::to_string(blockStart) + ": truncated frame");
      for (std::size_t i = 0; i < 4; ++i) f.maskKey[i] = static_cast<std::uint8_t>(frame[header + i]);
      header += 4;
    }
    if (payloadLength != frame.size() - header)
      return invalidInput("message at byte " + std::to_string(blockStart) +
                          ": frame length does not match its Request-Length/Response-Length");
    f.payload = {pos + header, payloadLength};
    frames.push_back(std::move(f));
    pos += length;
    if (w.substr(pos, 2) == "\r\n") pos += 2;
  }
  return frames;
}

std::string unmaskedPayload(std::string_view member, const WebSocketFrameLayout& frame) {
  std::string out(member.substr(frame.payload.offset, frame.payload.length));
  if (frame.masked)
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(out[i] ^ frame.maskKey[i % 4]);
  return out;
}

std::string buildFrame(const WebSocketFrameLayout& like, std::string_view payload) {
  return frameBytes(like.firstByte, like.masked, like.maskKey, payload);
}

std::string buildFrame(int opcode, bool fromClient, std::string_view payload) {
  return frameBytes(static_cast<std::uint8_t>(0x80 | (opcode & 0x0F)), fromClient, kConvertMask, payload);
}

std::vector<WebSocketMessage> webSocketMessagesFrom(std::string_view member,
                                                    const std::vector<WebSocketFrameLayout>& frames,
                                                    std::size_t maxInflated) {
  std::vector<WebSocketMessage> messages;
  messages.reserve(frames.size());
  codec::MessageInflater inflaters[2];  // client, server
  const std::vector<int> compressedOpcodes = compressedMessageOpcodes(frames);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const WebSocketFrameLayout& f = frames[i];
    WebSocketMessage m;
    m.type.value = f.fromClient ? "send" : "receive";
    m.type.present = true;
    m.opcode.value = f.opcode();
    m.opcode.present = true;
    if (auto t = parseDateTime(f.timestamp); t && t->set) {
      m.time.value = static_cast<double>(t->micros) / 1e6;
      m.time.present = true;
    }
    std::string payload = unmaskedPayload(member, f);
    if (compressedOpcodes[i] != 0) {
      m.compressed = true;
      auto inflated = inflaters[f.fromClient ? 0 : 1].inflateFragment(payload, f.final(), maxInflated);
      if (inflated)
        payload = std::move(*inflated);
      else
        m.decodeError = inflated.error().message();
    }
    m.data.value = dataIsText(f, m) ? std::move(payload) : codec::base64Encode(payload);
    m.data.raw = f.frame;
    m.data.present = true;
    messages.push_back(std::move(m));
  }
  return messages;
}

std::vector<int> compressedMessageOpcodes(const std::vector<WebSocketFrameLayout>& frames) {
  std::vector<int> out(frames.size(), 0);
  int open[2] = {0, 0};  // per direction: the opcode of the compressed message being continued
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const WebSocketFrameLayout& f = frames[i];
    int& current = open[f.fromClient ? 0 : 1];
    if (f.opcode() == 1 || f.opcode() == 2) current = f.compressed() ? f.opcode() : 0;  // a new message
    else if (f.opcode() != 0) continue;  // control frames are never compressed
    out[i] = current;
    if (f.final()) current = 0;
  }
  return out;
}

Expected<std::string> payloadOf(const WebSocketMessage& message, bool dataIsText) {
  if (dataIsText) return message.data.value;
  auto decoded = codec::base64Decode(message.data.value);
  if (!decoded) return invalidInput("websocket message data is not valid base64");
  return std::move(*decoded);
}

Expected<std::string> writeWebSocketMember(const std::vector<WebSocketMessage>& messages) {
  std::string out = "\r\n";
  std::size_t id = 1;
  for (const auto& m : messages) {
    int opcode = m.opcode.present ? static_cast<int>(m.opcode.value) : 1;
    if (opcode < 0 || opcode > 15) return invalidInput("websocket message " + std::to_string(id) + ": bad opcode");
    auto payload = payloadOf(m, opcode == 1);
    if (!payload) return payload.error().withContext("websocket message " + std::to_string(id));
    bool fromClient = m.type.value == "send";
    std::string frame = buildFrame(opcode, fromClient, *payload);
    out += fromClient ? "Request-Length: " : "Response-Length: ";
    out += std::to_string(frame.size()) + "\r\nID: " + std::to_string(id) + "\r\nBitFlags: 0\r\n";
    if (m.time.present) {
      DateTime t;
      t.micros = static_cast<std::int64_t>(std::llround(m.time.value * 1e6));
      t.hasOffset = true;
      t.set = true;
      out += "DoneRead: " + formatDateTime(t, 7) + "\r\n";
    }
    out += "\r\n";
    out += frame;
    out += "\r\n";
    ++id;
  }
  return out;
}

}  // namespace tracesan::saz
