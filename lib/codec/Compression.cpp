#include "codec/Compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <limits>
#include <memory>

namespace tracesan::codec {
namespace {

constexpr std::size_t kMinGrowth = 64 * 1024;
constexpr std::size_t kMaxFirstGuess = 16 * 1024 * 1024;
constexpr std::size_t kMaxZlibChunk = UINT_MAX;  // zlib counts in uInt
// Re-encoding a changed body: speed over the last few percent of size (the body's meaning is the
// same at any level, and big traces re-encode many bodies).
constexpr int kZlibLevel = 1;
constexpr int kBrotliQuality = 6;

// Output buffer that grows geometrically but never beyond limit + 1 bytes, so exceeding the limit
// is detected after at most that much work.
class Output {
public:
  Output(std::size_t maxOut, std::size_t inputSize)
      : maxOut_(maxOut), cap_(maxOut == std::numeric_limits<std::size_t>::max() ? maxOut : maxOut + 1) {
    // Start near the likely size but not with a huge allocation: growth is geometric anyway.
    std::size_t guess = std::clamp(std::min(inputSize, kMaxFirstGuess) * 4, kMinGrowth, kMaxFirstGuess);
    buf_.resize(std::min(guess, cap_));
  }

  // Makes room for more output; false when the buffer is already at the cap.
  bool grow() {
    if (buf_.size() >= cap_) return false;
    std::size_t next = buf_.size() > cap_ / 2 ? cap_ : std::max(buf_.size() * 2, kMinGrowth);
    buf_.resize(std::min(next, cap_));
    return true;
  }

  char* next() { return buf_.data() + produced_; }
  std::size_t room() const { return buf_.size() - produced_; }
  void advance(std::size_t n) { produced_ += n; }
  std::size_t produced() const { return produced_; }
  bool overLimit() const { return produced_ > maxOut_; }
  Error limitError() const { return invalidInput("decompressed size exceeds limit " + std::to_string(maxOut_)); }

  std::string take() {
    buf_.resize(produced_);
    return std::move(buf_);
  }

private:
  std::size_t maxOut_;
  std::size_t cap_;
  std::size_t produced_ = 0;
  std::string buf_;
};

bool allZero(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == 0; });
}

enum class Wrapper { Gzip, Zlib, Raw };

const char* wrapperName(Wrapper w) {
  switch (w) {
    case Wrapper::Gzip: return "gzip";
    case Wrapper::Zlib: return "zlib";
    case Wrapper::Raw: return "raw deflate";
  }
  return "deflate";
}

int windowBits(Wrapper w) {
  switch (w) {
    case Wrapper::Gzip: return 15 + 16;
    case Wrapper::Zlib: return 15;
    case Wrapper::Raw: return -15;
  }
  return 15;
}

struct InflateResult {
  Expected<std::string> value;
  bool limitHit = false;
};

InflateResult inflateAll(std::string_view data, std::size_t maxOut, Wrapper wrapper) {
  const char* name = wrapperName(wrapper);
  if (data.empty()) return {invalidInput(std::string("truncated ") + name + " data: empty input")};
  z_stream zs{};
  if (inflateInit2(&zs, windowBits(wrapper)) != Z_OK) return {internalError("cannot initialize zlib")};
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, inflateEnd);

  Output out(maxOut, data.size());
  std::size_t inPos = 0;  // bytes of `data` handed to zlib so far
  while (true) {
    if (zs.avail_in == 0 && inPos < data.size()) {
      std::size_t n = std::min(data.size() - inPos, kMaxZlibChunk);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + inPos));
      zs.avail_in = static_cast<uInt>(n);
      inPos += n;
    }
    if (out.room() == 0 && !out.grow()) return {out.limitError(), true};
    zs.next_out = reinterpret_cast<Bytef*>(out.next());
    zs.avail_out = static_cast<uInt>(std::min(out.room(), kMaxZlibChunk));
    uInt before = zs.avail_out;
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.advance(before - zs.avail_out);
    if (out.overLimit()) return {out.limitError(), true};

    if (rc == Z_STREAM_END) {
      std::size_t consumed = inPos - zs.avail_in;
      std::string_view rest = data.substr(consumed);
      if (rest.empty()) break;
      if (wrapper == Wrapper::Gzip && rest.size() >= 2 && static_cast<unsigned char>(rest[0]) == 0x1f &&
          static_cast<unsigned char>(rest[1]) == 0x8b) {
        inflateReset(&zs);  // next member; avail_in still points at it
        continue;
      }
      if (allZero(rest)) break;
      return {invalidInput(std::to_string(rest.size()) + " bytes of trailing data after the " + name + " stream")};
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR) {
      if (zs.avail_out == 0) continue;
      if (zs.avail_in == 0 && inPos == data.size())
        return {invalidInput(std::string("truncated ") + name + " data: input ends after " +
                             std::to_string(data.size()) + " bytes")};
      continue;
    }
    if (rc == Z_NEED_DICT) return {invalidInput(std::string(name) + " data needs a preset dictionary")};
    if (rc == Z_MEM_ERROR) return {internalError("out of memory in zlib")};
    return {invalidInput(std::string("corrupt ") + name + " data: " + (zs.msg ? zs.msg : "inflate failed"))};
  }
  return {out.take()};
}

Expected<std::string> deflateAll(std::string_view data, Wrapper wrapper) {
  z_stream zs{};
  if (deflateInit2(&zs, kZlibLevel, Z_DEFLATED, windowBits(wrapper), 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return internalError("cannot initialize zlib");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, deflateEnd);

  std::string out;
  std::size_t bound = data.size() <= kMaxZlibChunk ? deflateBound(&zs, static_cast<uLong>(data.size())) : data.size();
  out.resize(std::max<std::size_t>(bound, 64));
  std::size_t produced = 0, inPos = 0;
  while (true) {
    if (zs.avail_in == 0 && inPos < data.size()) {
      std::size_t n = std::min(data.size() - inPos, kMaxZlibChunk);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + inPos));
      zs.avail_in = static_cast<uInt>(n);
      inPos += n;
    }
    if (produced == out.size()) out.resize(out.size() * 2);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(std::min(out.size() - produced, kMaxZlibChunk));
    uInt before = zs.avail_out;
    int flush = inPos == data.size() ? Z_FINISH : Z_NO_FLUSH;
    int rc = deflate(&zs, flush);
    produced += before - zs.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) return internalError(std::string("zlib deflate failed: ") + (zs.msg ? zs.msg : ""));
  }
  out.resize(produced);
  return out;
}

bool looksLikeZlibHeader(std::string_view data) {
  if (data.size() < 2) return false;
  auto cmf = static_cast<unsigned char>(data[0]), flg = static_cast<unsigned char>(data[1]);
  return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
}

}  // namespace

Expected<std::string> gzipDecode(std::string_view data, std::size_t maxOut) {
  return std::move(inflateAll(data, maxOut, Wrapper::Gzip).value);
}

Expected<std::string> deflateDecode(std::string_view data, std::size_t maxOut) {
  InflateResult zlib = inflateAll(data, maxOut, Wrapper::Zlib);
  if (zlib.value || zlib.limitHit) return std::move(zlib.value);
  InflateResult raw = inflateAll(data, maxOut, Wrapper::Raw);
  if (raw.value || raw.limitHit) return std::move(raw.value);
  // Report the failure of the format the data claims to be.
  return looksLikeZlibHeader(data) ? std::move(zlib.value) : std::move(raw.value);
}

Expected<std::string> brotliDecode(std::string_view data, std::size_t maxOut) {
  if (data.empty()) return invalidInput("truncated brotli data: empty input");
  std::unique_ptr<BrotliDecoderState, void (*)(BrotliDecoderState*)> state(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), BrotliDecoderDestroyInstance);
  if (!state) return internalError("cannot initialize brotli decoder");

  Output out(maxOut, data.size());
  std::size_t availIn = data.size();
  const auto* nextIn = reinterpret_cast<const std::uint8_t*>(data.data());
  bool needRoom = false;
  while (true) {
    if ((out.room() == 0 || needRoom) && !out.grow()) return out.limitError();
    needRoom = false;
    std::size_t availOut = out.room();
    auto* nextOut = reinterpret_cast<std::uint8_t*>(out.next());
    BrotliDecoderResult rc =
        BrotliDecoderDecompressStream(state.get(), &availIn, &nextIn, &availOut, &nextOut, nullptr);
    out.advance(out.room() - availOut);
    if (out.overLimit()) return out.limitError();
    switch (rc) {
      case BROTLI_DECODER_RESULT_SUCCESS:
        if (availIn != 0)
          return invalidInput(std::to_string(availIn) + " bytes of trailing data after the brotli stream");
        return out.take();
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        needRoom = true;
        break;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        return invalidInput("truncated brotli data: input ends after " + std::to_string(data.size()) + " bytes");
      case BROTLI_DECODER_RESULT_ERROR:
      default:
        return invalidInput(std::string("corrupt brotli data: ") +
                            BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state.get())));
    }
  }
}

Expected<std::string> gzipEncode(std::string_view data) { return deflateAll(data, Wrapper::Gzip); }

Expected<std::string> deflateEncode(std::string_view data) { return deflateAll(data, Wrapper::Zlib); }

Expected<std::string> brotliEncode(std::string_view data) {
  std::size_t bound = BrotliEncoderMaxCompressedSize(data.size());
  if (bound == 0) return invalidInput("body too large for brotli: " + std::to_string(data.size()) + " bytes");
  std::string out(bound, '\0');
  std::size_t size = bound;
  if (!BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                             reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    return internalError("brotli compression failed");
  out.resize(size);
  return out;
}

struct MessageInflater::Impl {
  z_stream zs{};
  bool ready = false;
  std::string failure;  // set once the stream is lost
  Impl() { ready = inflateInit2(&zs, -15) == Z_OK; }
  ~Impl() {
    if (ready) inflateEnd(&zs);
  }
};

MessageInflater::MessageInflater() : impl_(std::make_unique<Impl>()) {}
MessageInflater::~MessageInflater() = default;
MessageInflater::MessageInflater(MessageInflater&&) noexcept = default;
MessageInflater& MessageInflater::operator=(MessageInflater&&) noexcept = default;

Expected<std::string> MessageInflater::inflateFragment(std::string_view payload, bool last, std::size_t maxOut) {
  Impl& m = *impl_;
  if (!m.ready) return internalError("cannot initialize zlib");
  if (!m.failure.empty()) return invalidInput("an earlier compressed message could not be inflated (" + m.failure + ")");
  static const char kTail[] = {'\x00', '\x00', '\xff', '\xff'};
  Output out(maxOut, payload.size());
  for (std::string_view in : {payload, last ? std::string_view(kTail, 4) : std::string_view()}) {
    std::size_t inPos = 0;
    while (inPos < in.size()) {
      std::size_t n = std::min(in.size() - inPos, kMaxZlibChunk);
      m.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + inPos));
      m.zs.avail_in = static_cast<uInt>(n);
      // Inflate until this input is used up and zlib has nothing more to give.
      for (;;) {
        if (out.room() == 0 && !out.grow()) {
          m.failure = "decompressed size exceeds limit";
          return out.limitError();
        }
        m.zs.next_out = reinterpret_cast<Bytef*>(out.next());
        m.zs.avail_out = static_cast<uInt>(std::min(out.room(), kMaxZlibChunk));
        uInt before = m.zs.avail_out;
        int rc = inflate(&m.zs, Z_SYNC_FLUSH);
        out.advance(before - m.zs.avail_out);
        if (out.overLimit()) {
          m.failure = "decompressed size exceeds limit";
          return out.limitError();
        }
        if (rc == Z_STREAM_END) {
          // A final block ends the stream: the sender starts afresh with the next message.
          if (inflateReset(&m.zs) != Z_OK) return internalError("cannot reset zlib");
          if (m.zs.avail_in == 0) break;
          continue;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
          m.failure = m.zs.msg ? m.zs.msg : "invalid deflate data";
          return invalidInput("invalid permessage-deflate data: " + m.failure);
        }
        if (m.zs.avail_in == 0 && m.zs.avail_out != 0) break;  // all input used, output not full
        if (rc == Z_BUF_ERROR && m.zs.avail_out != 0) break;    // no progress possible
      }
      inPos += n - m.zs.avail_in;
      if (m.zs.avail_in != 0) {
        m.failure = "invalid deflate data";
        return invalidInput("invalid permessage-deflate data");
      }
    }
  }
  return out.take();
}

struct MessageDeflater::Impl {
  z_stream zs{};
  bool ready = false;
  Impl() { ready = deflateInit2(&zs, kZlibLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK; }
  ~Impl() {
    if (ready) deflateEnd(&zs);
  }
};

MessageDeflater::MessageDeflater() : impl_(std::make_unique<Impl>()) {}
MessageDeflater::~MessageDeflater() = default;

Expected<std::string> MessageDeflater::deflateMessage(std::string_view message) {
  Impl& m = *impl_;
  if (!m.ready) return internalError("cannot initialize zlib");
  std::string out(deflateBound(&m.zs, static_cast<uLong>(message.size())) + 16, '\0');
  m.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data()));
  m.zs.avail_in = static_cast<uInt>(message.size());
  m.zs.next_out = reinterpret_cast<Bytef*>(out.data());
  m.zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&m.zs, Z_SYNC_FLUSH) != Z_OK || m.zs.avail_in != 0) return internalError("deflate failed");
  out.resize(out.size() - m.zs.avail_out);
  if (out.size() >= 4 && out.compare(out.size() - 4, 4, std::string_view("\x00\x00\xff\xff", 4)) == 0)
    out.resize(out.size() - 4);
  return out;
}

}  // namespace tracesan::codec
