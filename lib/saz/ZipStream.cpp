// The streaming zip writer behind ZipOutput (no password): members are written as they come, in
// order, by a second thread that also deflates them, so compression overlaps the caller's work
// on the next session. Sizes and CRC are known before a member is written (its bytes are in
// memory), so local headers carry them and no data descriptors are needed. ZIP64 records are
// written where a size, an offset or the member count needs them (APPNOTE 4.3.14, 4.5.3).
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "saz/SazArchive.h"
#include "saz/ZipTarget.h"
#include "support/PendingFiles.h"

namespace tracesan::saz {
namespace {

constexpr int kMemberLevel = 1;                          // see ZipOutput.cpp
constexpr std::size_t kQueueBytes = 16u << 20;           // members waiting for the writer thread
constexpr std::size_t kFlushBytes = 1u << 20;            // file writes in pieces of about this size
constexpr std::uint32_t kMax32 = 0xFFFFFFFFu;
constexpr std::uint16_t kMax16 = 0xFFFFu;
constexpr std::uint16_t kMethodStore = 0;
constexpr std::uint16_t kMethodDeflate = 8;
constexpr std::uint16_t kUtf8NameFlag = 0x0800;
constexpr std::uint16_t kMadeByUnix = (3u << 8) | 45u;

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put64(std::string& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// MS-DOS date and time in local time, as libzip and Info-ZIP store them; outside 1980-2107 the
// nearest end.
void dosDateTime(std::time_t t, std::uint16_t& date, std::uint16_t& time) {
  struct tm tm {};
  if (t == 0) t = std::time(nullptr);
  if (!localtime_r(&t, &tm) || tm.tm_year < 80) {
    date = (1u << 5) | 1u;  // 1980-01-01
    time = 0;
    return;
  }
  if (tm.tm_year > 80 + 127) {
    date = static_cast<std::uint16_t>((127u << 9) | (12u << 5) | 31u);
    time = static_cast<std::uint16_t>((23u << 11) | (59u << 5) | 29u);
    return;
  }
  date = static_cast<std::uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  time = static_cast<std::uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
}

// The version a reader needs for a member's compression method (APPNOTE 4.4.3).
std::uint16_t versionNeeded(std::uint16_t method, bool zip64, bool directory) {
  std::uint16_t v = directory ? 20 : method == kMethodStore ? 10 : 20;
  if (method == 12) v = 46;                              // bzip2
  else if (method == 14 || method == 93 || method == 95) v = 63;  // lzma, zstd, xz
  return zip64 ? std::max<std::uint16_t>(v, 45) : v;
}

bool isAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

struct Job {
  std::string name;
  std::string data;  // the member's bytes (deflate) or its stored compressed bytes
  bool deflate = false;
  bool directory = false;
  std::uint16_t method = kMethodStore;
  std::uint32_t crc = 0;
  std::uint64_t size = 0;  // uncompressed
  std::time_t mtime = 0;
};

class StreamingZip final : public ZipOutput {
public:
  StreamingZip(std::unique_ptr<ZipTarget> target, bool forceZip64)
      : target_(std::move(target)), force64_(forceZip64) {
    stream_.zalloc = Z_NULL;
    stream_.zfree = Z_NULL;
    stream_.opaque = Z_NULL;
    deflateReady_ = deflateInit2(&stream_, kMemberLevel, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    worker_ = std::thread([this] { run(); });
  }

  ~StreamingZip() override {
    stopWorker();
    if (deflateReady_) deflateEnd(&stream_);
  }

  Status add(const std::string& name, std::string bytes, std::time_t mtime) override {
    Job job;
    job.name = name;
    job.size = bytes.size();
    job.data = std::move(bytes);
    job.deflate = true;
    job.mtime = mtime;
    return enqueue(std::move(job));
  }

  Status copy(SazArchive& archive, std::uint64_t index, std::string known) override {
    const MemberInfo& info = archive.members()[index];
    Expected<std::string> stored = std::move(known);
    if (stored->size() != info.compressedSize) stored = archive.readStoredMember(index);
    if (!stored) return stored.error();
    Job job;
    job.name = info.name;
    job.directory = info.kind == MemberKind::Directory;
    job.data = std::move(stored.value());
    job.method = static_cast<std::uint16_t>(info.compression);
    job.crc = info.crc;
    job.size = info.size;
    job.mtime = info.mtime;
    return enqueue(std::move(job));
  }

  Status addDirectory(const std::string& name, std::time_t mtime) override {
    Job job;
    job.name = name;
    job.directory = true;
    job.mtime = mtime;
    return enqueue(std::move(job));
  }

  Status setComment(std::string_view comment) override {
    if (comment.size() > kMax16) return invalidInput(target_->path() + ": archive comment too long");
    comment_.assign(comment);
    return Status::ok();
  }

  Status commit() override {
    stopWorker();
    if (error_) return *error_;
    if (committed_) return Status::ok();
    writeDirectory();
    if (error_) return *error_;
    committed_ = true;
    return target_->commit();
  }

private:
  Status enqueue(Job job) {
    std::unique_lock<std::mutex> lock(mutex_);
    roomCv_.wait(lock, [&] { return queuedBytes_ < kQueueBytes || queue_.empty() || error_; });
    if (error_) return *error_;
    if (stopping_) return internalError(target_->path() + ": member added after the archive was written");
    queuedBytes_ += job.data.size();
    queue_.push_back(std::move(job));
    workCv_.notify_one();
    return Status::ok();
  }

  void stopWorker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    workCv_.notify_one();
    if (worker_.joinable()) worker_.join();
  }

  void fail(Error e) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_) error_ = std::move(e);
    roomCv_.notify_all();
  }

  void run() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        workCv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
        if (queue_.empty()) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      std::size_t bytes = job.data.size();
      bool ok = true;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ok = !error_;
      }
      if (ok) {
        if (auto s = writeMember(job); !s) fail(s.error());
      }
      std::lock_guard<std::mutex> lock(mutex_);
      queuedBytes_ -= bytes;
      roomCv_.notify_all();
    }
  }

  Status deflateInto(const std::string& in, std::string& out) {
    if (!deflateReady_ || deflateReset(&stream_) != Z_OK)
      return internalError(target_->path() + ": cannot start deflate");
    out.resize(deflateBound(&stream_, static_cast<uLong>(in.size())) + 64);
    std::size_t inDone = 0;
    std::size_t outDone = 0;
    for (;;) {
      constexpr std::size_t kStep = 1u << 30;  // zlib counts in 32 bits
      std::size_t inStep = std::min(in.size() - inDone, kStep);
      if (out.size() - outDone < 64) out.resize(out.size() * 2);
      std::size_t outStep = std::min(out.size() - outDone, kStep);
      stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + inDone));
      stream_.avail_in = static_cast<uInt>(inStep);
      stream_.next_out = reinterpret_cast<Bytef*>(out.data() + outDone);
      stream_.avail_out = static_cast<uInt>(outStep);
      int flush = inDone + inStep == in.size() ? Z_FINISH : Z_NO_FLUSH;
      int rc = deflate(&stream_, flush);
      inDone += inStep - stream_.avail_in;
      outDone += outStep - stream_.avail_out;
      if (rc == Z_STREAM_END) break;
      if (rc != Z_OK && rc != Z_BUF_ERROR) return internalError(target_->path() + ": deflate failed");
    }
    out.resize(outDone);
    return Status::ok();
  }

  Status writeMember(Job& job) {
    std::string compressed;
    if (job.deflate) {
      job.crc = static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(job.data.data()), job.data.size()));
      if (auto s = deflateInto(job.data, compressed); !s) return s;
      if (compressed.size() < job.data.size()) {
        job.method = kMethodDeflate;
        job.data.swap(compressed);
      } else {
        job.method = kMethodStore;  // incompressible: stored, as zip tools do
      }
    }
    std::uint64_t csize = job.data.size();
    std::uint16_t date = 0, time = 0;
    dosDateTime(job.mtime, date, time);
    std::uint16_t flags = isAscii(job.name) ? 0 : kUtf8NameFlag;
    bool sizes64 = force64_ || job.size >= kMax32 || csize >= kMax32;
    std::uint64_t offset = position();
    bool offset64 = force64_ || offset >= kMax32;
    std::uint16_t needed = versionNeeded(job.method, sizes64 || offset64, job.directory);

    // The fields local header and central record share (APPNOTE 4.3.7, 4.3.12), from "version
    // needed" to the uncompressed size.
    auto putShared = [&](std::string& out) {
      put16(out, needed);
      put16(out, flags);
      put16(out, job.method);
      put16(out, time);
      put16(out, date);
      put32(out, job.crc);
      put32(out, sizes64 ? kMax32 : static_cast<std::uint32_t>(csize));
      put32(out, sizes64 ? kMax32 : static_cast<std::uint32_t>(job.size));
    };
    std::string& h = buffer_;
    put32(h, 0x04034b50);
    putShared(h);
    put16(h, static_cast<std::uint16_t>(job.name.size()));
    put16(h, sizes64 ? 20 : 0);
    h += job.name;
    if (sizes64) {
      put16(h, 0x0001);
      put16(h, 16);
      put64(h, job.size);
      put64(h, csize);
    }

    // Its central directory record, with a ZIP64 field for each value that does not fit.
    std::string extra;
    if (sizes64) {
      put64(extra, job.size);
      put64(extra, csize);
    }
    if (offset64) put64(extra, offset);
    std::string& c = central_;
    put32(c, 0x02014b50);
    put16(c, kMadeByUnix);
    putShared(c);
    put16(c, static_cast<std::uint16_t>(job.name.size()));
    put16(c, static_cast<std::uint16_t>(extra.empty() ? 0 : extra.size() + 4));
    put16(c, 0);  // comment
    put16(c, 0);  // disk
    put16(c, 0);  // internal attributes
    put32(c, job.directory ? (0040755u << 16) | 0x10u : 0100644u << 16);
    put32(c, offset64 ? kMax32 : static_cast<std::uint32_t>(offset));
    c += job.name;
    if (!extra.empty()) {
      put16(c, 0x0001);
      put16(c, static_cast<std::uint16_t>(extra.size()));
      c += extra;
    }
    ++count_;

    if (job.data.size() >= kFlushBytes) {
      if (auto s = flush(); !s) return s;
      if (!writeAll(target_->fd(), job.data.data(), job.data.size())) return writeError();
      written_ += job.data.size();
    } else {
      h += job.data;
    }
    if (buffer_.size() >= kFlushBytes) return flush();
    return Status::ok();
  }

  Status flush() {
    if (!buffer_.empty() && !writeAll(target_->fd(), buffer_.data(), buffer_.size())) return writeError();
    written_ += buffer_.size();
    buffer_.clear();
    return Status::ok();
  }

  std::uint64_t position() const { return written_ + buffer_.size(); }

  Error writeError() const {
    return ioError(target_->path() + ": cannot write archive: " + std::strerror(errno));
  }

  void writeDirectory() {
    if (auto s = flush(); !s) {
      error_ = s.error();
      return;
    }
    std::uint64_t cdOffset = position();
    std::uint64_t cdSize = central_.size();
    std::string tail;
    bool end64 = force64_ || count_ >= kMax16 || cdOffset >= kMax32 || cdSize >= kMax32;
    if (end64) {
      std::uint64_t zip64End = cdOffset + cdSize;
      put32(tail, 0x06064b50);
      put64(tail, 44);
      put16(tail, kMadeByUnix);
      put16(tail, 45);
      put32(tail, 0);
      put32(tail, 0);
      put64(tail, count_);
      put64(tail, count_);
      put64(tail, cdSize);
      put64(tail, cdOffset);
      put32(tail, 0x07064b50);
      put32(tail, 0);
      put64(tail, zip64End);
      put32(tail, 1);
    }
    std::uint16_t count16 = end64 ? kMax16 : static_cast<std::uint16_t>(count_);
    put32(tail, 0x06054b50);
    put16(tail, 0);
    put16(tail, 0);
    put16(tail, count16);
    put16(tail, count16);
    put32(tail, end64 ? kMax32 : static_cast<std::uint32_t>(cdSize));
    put32(tail, end64 ? kMax32 : static_cast<std::uint32_t>(cdOffset));
    put16(tail, static_cast<std::uint16_t>(comment_.size()));
    tail += comment_;
    if (!writeAll(target_->fd(), central_.data(), central_.size()) ||
        !writeAll(target_->fd(), tail.data(), tail.size()))
      error_ = writeError();
    std::string().swap(central_);
  }

  std::unique_ptr<ZipTarget> target_;
  bool force64_ = false;
  std::string comment_;
  bool committed_ = false;

  // Shared with the writer thread.
  std::mutex mutex_;
  std::condition_variable workCv_;
  std::condition_variable roomCv_;
  std::deque<Job> queue_;
  std::size_t queuedBytes_ = 0;
  bool stopping_ = false;
  std::optional<Error> error_;
  std::thread worker_;

  // The writer thread's own (the caller's again once it has stopped).
  z_stream stream_{};
  bool deflateReady_ = false;
  std::string buffer_;         // bytes not yet written to the file
  std::uint64_t written_ = 0;  // bytes written to the file
  std::uint64_t count_ = 0;
  std::string central_;
};

}  // namespace

std::unique_ptr<ZipOutput> makeStreamingZip(std::unique_ptr<ZipTarget> target, bool forceZip64) {
  return std::make_unique<StreamingZip>(std::move(target), forceZip64);
}

}  // namespace tracesan::saz
