// Content codings of HTTP bodies: gzip, deflate and brotli, with a limit on the decoded size so a
// small compressed body cannot exhaust memory.
//
//   auto plain = gzipDecode(raw, 64 << 20);   // error "decompressed size exceeds limit 67108864"
//   auto wire = gzipEncode(*plain);
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "tracesan/Error.h"

namespace tracesan::codec {

// gzip (RFC 1952), all members of a multi-member file; trailing zero bytes are tolerated.
// Input that ends early, a bad CRC or trailing garbage is an error, never a short result.
Expected<std::string> gzipDecode(std::string_view data, std::size_t maxOut);
// HTTP "deflate": zlib-wrapped (RFC 1950) as the spec says, or raw deflate (RFC 1951) as some
// servers send; zlib is tried first.
Expected<std::string> deflateDecode(std::string_view data, std::size_t maxOut);
// Brotli (RFC 7932).
Expected<std::string> brotliDecode(std::string_view data, std::size_t maxOut);

Expected<std::string> gzipEncode(std::string_view data);
Expected<std::string> deflateEncode(std::string_view data);  // zlib format
Expected<std::string> brotliEncode(std::string_view data);

// One direction of a WebSocket connection with permessage-deflate (RFC 7692): every compressed
// message goes through one raw-deflate stream, so messages may refer back to earlier ones
// (context takeover); that stream also reads senders that reset their context per message.
// A message may come in fragments: feed them in order, `last` on the final one, which gets the
// 00 00 ff ff tail the sender removed. After a failure the stream is lost and every later
// fragment fails too (its back references cannot be resolved).
//
//   MessageInflater in;
//   auto text = in.inflateFragment(payload, /*last=*/true, 64 << 20);
class MessageInflater {
public:
  MessageInflater();
  ~MessageInflater();
  MessageInflater(MessageInflater&&) noexcept;
  MessageInflater& operator=(MessageInflater&&) noexcept;

  Expected<std::string> inflateFragment(std::string_view payload, bool last, std::size_t maxOut);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What a permessage-deflate sender puts on the wire for `message` (raw deflate, sync-flushed,
// the 00 00 ff ff tail removed), continuing `stream`-wise when the same encoder is reused.
// For tests and tools that build traces.
class MessageDeflater {
public:
  MessageDeflater();
  ~MessageDeflater();
  Expected<std::string> deflateMessage(std::string_view message);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracesan::codec
