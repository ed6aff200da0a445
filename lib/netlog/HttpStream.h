// Splitting a socket's reassembled byte stream (NetLog SOCKET_BYTES_*) into HTTP/1.x messages,
// by their framing: Content-Length, chunked, or (responses) the rest of the stream.
//
//   for (const StreamMessage& m : splitHttpStream(bytes, /*requests=*/true)) scan(bytes.substr(m.begin, m.end - m.begin));
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tracesan::netlog {

struct StreamMessage {
  std::size_t begin = 0, end = 0;
  bool http = true;      // false: the rest of the stream is not HTTP/1.x (it cannot be scanned)
  std::string problem;   // why, when !http
};

// The messages of `stream`, in order, covering it entirely. Empty when the stream is empty or is
// TLS records (encrypted: nothing readable to scan).
std::vector<StreamMessage> splitHttpStream(std::string_view stream, bool requests);

}  // namespace tracesan::netlog
