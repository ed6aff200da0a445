#include "tracesan/Io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>

#include "support/OrderedWork.h"
#include "support/PendingFiles.h"

namespace tracesan {

Expected<std::size_t> ByteSource::appendTo(std::string& buffer, std::size_t size) {
  const std::size_t old = buffer.size();
  buffer.resize(old + size);
  auto n = read(buffer.data() + old, size);
  buffer.resize(n ? old + *n : old);
  return n;
}

namespace {

std::string errnoText() { return std::strerror(errno); }

class FdSource final : public ByteSource {
public:
  FdSource(int fd, std::string name, std::uint64_t size, bool owned)
      : fd_(fd), name_(std::move(name)), size_(size), owned_(owned) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    for (;;) {
      ssize_t n = ::read(fd_, buffer, size);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      return ioError(name_ + ": read failed: " + errnoText());
    }
  }
  const std::string& name() const override { return name_; }
  std::uint64_t size() const override { return size_; }

private:
  int fd_;
  std::string name_;
  std::uint64_t size_;
  bool owned_;
};

class MemorySource final : public ByteSource {
public:
  MemorySource(std::string bytes, std::string name) : bytes_(std::move(bytes)), name_(std::move(name)) {}
  Expected<std::size_t> read(char* buffer, std::size_t size) override {
    std::size_t n = std::min(size, bytes_.size() - pos_);
    std::memcpy(buffer, bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  const std::string& name() const override { return name_; }
  std::uint64_t size() const override { return bytes_.size(); }

private:
  std::string bytes_;
  std::string name_;
  std::size_t pos_ = 0;
};

// Temp files that a signal handler must be able to remove. Fixed-size, no allocation on removal.
constexpr std::size_t kMaxPending = 64;
std::array<std::array<char, 4096>, kMaxPending> gPending{};
std::array<std::atomic<bool>, kMaxPending> gPendingUsed{};
std::mutex gPendingMutex;

thread_local std::mt19937_64 tempRng{std::random_device{}()};

// Removes `path` and every "<path>.*" sibling, with async-signal-safe calls only.
void removeWithSiblings(const char* path) {
  ::unlink(path);
  std::size_t len = std::strlen(path);
  std::size_t slash = len;
  while (slash > 0 && path[slash - 1] != '/') --slash;
  char dir[4096];
  if (slash == 0) {
    dir[0] = '.';
    dir[1] = '\0';
  } else {
    std::memcpy(dir, path, slash);
    dir[slash] = '\0';
  }
  const char* base = path + slash;
  std::size_t baseLen = len - slash;
  int fd = ::open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  alignas(8) char buf[8192];
  for (;;) {
    ssize_t n = ::getdents64(fd, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      auto* d = reinterpret_cast<struct dirent64*>(buf + at);
      at += d->d_reclen;
      if (std::strncmp(d->d_name, base, baseLen) != 0 || d->d_name[baseLen] != '.') continue;
      ::unlinkat(fd, d->d_name, 0);
    }
  }
  ::close(fd);
}

}  // namespace

int registerPendingFile(const std::string& path) {
  std::lock_guard<std::mutex> lock(gPendingMutex);
  if (path.size() >= 4096) return -1;
  for (std::size_t i = 0; i < kMaxPending; ++i) {
    if (!gPendingUsed[i].load()) {
      std::memcpy(gPending[i].data(), path.c_str(), path.size() + 1);
      gPendingUsed[i].store(true);
      return static_cast<int>(i);
    }
  }
  return -1;
}

void unregisterPendingFile(int slot) {
  if (slot >= 0) gPendingUsed[static_cast<std::size_t>(slot)].store(false);
}

Expected<std::unique_ptr<ByteSource>> openFileSource(const std::string& path) {
  if (path == "-") return std::unique_ptr<ByteSource>(new FdSource(0, "<stdin>", 0, false));
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ioError(path + ": cannot open: " + errnoText());
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return ioError(path + ": cannot stat: " + errnoText());
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return ioError(path + ": is a directory");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::uint64_t size = S_ISREG(st.st_mode) ? static_cast<std::uint64_t>(st.st_size) : 0;
  return std::unique_ptr<ByteSource>(new FdSource(fd, path, size, true));
}

std::unique_ptr<ByteSource> memorySource(std::string bytes, std::string name) {
  return std::make_unique<MemorySource>(std::move(bytes), std::move(name));
}

Expected<std::string> readWholeFile(const std::string& path) {
  auto source = openFileSource(path);
  if (!source) return source.error();
  std::string out;
  std::array<char, 65536> buf{};
  for (;;) {
    auto n = source.value()->read(buf.data(), buf.size());
    if (!n) return n.error();
    if (*n == 0) break;
    out.append(buf.data(), *n);
  }
  return out;
}

std::string directoryOf(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string temporaryDirectory() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

Expected<PrivateTemp> createPrivateTemp(const std::string& target, unsigned mode) {
  std::string dir = directoryOf(target);
  std::string base = target.substr(target.find_last_of('/') == std::string::npos ? 0 : target.find_last_of('/') + 1);
  for (int attempt = 0; attempt < 16; ++attempt) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(tempRng()));
    std::string temp = dir + "/." + base + ".tmp-" + suffix;
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) return ioError(target + ": cannot create output: " + errnoText());
    ::fchmod(fd, static_cast<mode_t>(mode));  // umask must not widen or narrow what we chose
    return PrivateTemp{fd, std::move(temp)};
  }
  return ioError(target + ": cannot create a temporary file");
}

bool writeAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Full buffers are written in order by one worker thread; the first failed write is kept, so
// every later call reports it and the file is never committed.
struct OutputWriter {
  struct Chunk {
    std::string bytes;
    std::string error;  // errno text when writing it failed
  };
  explicit OutputWriter(int fd)
      : work(1, [fd](Chunk& c) {
          if (!writeAll(fd, c.bytes.data(), c.bytes.size())) c.error = errnoText();
          c.bytes.clear();  // its capacity comes back as the next buffer
        }) {}
  OrderedWork<Chunk> work;
  std::string error;  // of the first failed write
};

struct OutputFile::Impl {
  Status handOff();                   // gives buffer_ to the writer thread; at most one waits behind it
  Status collect(std::size_t keep);   // takes back written buffers while more than `keep` are out
  Status drain();                     // waits until everything handed off is written
  Status write(std::string_view bytes);
  Status commit();
  void discard();

  std::string path_;
  std::string tempPath_;
  int fd_ = -1;
  int pendingSlot_ = -1;
  bool isStdout_ = false;
  bool done_ = false;
  std::string buffer_;
  std::uint64_t written_ = 0;
  std::unique_ptr<OutputWriter> writer_;  // started by the first full buffer
};

OutputFile::OutputFile() : impl_(std::make_unique<Impl>()) {}

OutputFile::~OutputFile() {
  if (!impl_->done_) impl_->discard();
}

Status OutputFile::write(std::string_view bytes) { return impl_->write(bytes); }
Status OutputFile::commit() { return impl_->commit(); }
void OutputFile::discard() { impl_->discard(); }
const std::string& OutputFile::path() const { return impl_->path_; }
const std::string& OutputFile::tempPath() const { return impl_->tempPath_; }
std::uint64_t OutputFile::bytesWritten() const { return impl_->written_; }

Expected<std::unique_ptr<OutputFile>> OutputFile::create(const std::string& path, const std::string& permissionsFrom) {
  std::unique_ptr<OutputFile> file(new OutputFile());
  OutputFile::Impl& f = *file->impl_;
  f.path_ = path;
  if (path == "-") {
    f.isStdout_ = true;
    f.fd_ = 1;
    return file;
  }
  mode_t mode = 0600;
  if (!permissionsFrom.empty() && permissionsFrom != "-") {
    struct stat st {};
    if (::stat(permissionsFrom.c_str(), &st) == 0) mode = st.st_mode & 0777;
  }
  auto temp = createPrivateTemp(path, mode);
  if (!temp) return temp.error();
  f.fd_ = temp->fd;
  f.tempPath_ = std::move(temp->path);
  f.pendingSlot_ = registerPendingFile(f.tempPath_);
  return file;
}

Status OutputFile::Impl::handOff() {
  if (buffer_.empty()) return Status::ok();
  if (!writer_) writer_ = std::make_unique<OutputWriter>(fd_);
  auto chunk = std::make_shared<OutputWriter::Chunk>();
  chunk->bytes.swap(buffer_);
  writer_->work.submit(std::move(chunk));
  return collect(1);
}

Status OutputFile::Impl::collect(std::size_t keep) {
  while (auto chunk = writer_->work.next(keep)) {
    if (writer_->error.empty()) writer_->error = chunk->error;
    if (buffer_.empty() && chunk->bytes.capacity() > buffer_.capacity()) buffer_.swap(chunk->bytes);
  }
  if (!writer_->error.empty()) return ioError((isStdout_ ? "<stdout>" : path_) + ": write failed: " + writer_->error);
  return Status::ok();
}

Status OutputFile::Impl::drain() {
  if (auto s = handOff(); !s) return s;
  return writer_ ? collect(0) : Status::ok();
}

Status OutputFile::Impl::write(std::string_view bytes) {
  if (done_) return internalError(path_ + ": write after commit");
  written_ += bytes.size();
  buffer_.append(bytes);
  if (buffer_.size() >= (1u << 20)) return handOff();
  return Status::ok();
}

Status OutputFile::Impl::commit() {
  if (done_) return Status::ok();
  if (auto s = drain(); !s) {
    discard();
    return s;
  }
  done_ = true;
  if (isStdout_) return Status::ok();
  if (::fsync(fd_) != 0 || ::close(fd_) != 0) {
    fd_ = -1;
    ::unlink(tempPath_.c_str());
    unregisterPendingFile(pendingSlot_);
    pendingSlot_ = -1;
    return ioError(path_ + ": cannot finish writing: " + errnoText());
  }
  fd_ = -1;
  if (::rename(tempPath_.c_str(), path_.c_str()) != 0) {
    std::string why = errnoText();
    ::unlink(tempPath_.c_str());
    unregisterPendingFile(pendingSlot_);
    pendingSlot_ = -1;
    return ioError(path_ + ": cannot move output into place: " + why);
  }
  unregisterPendingFile(pendingSlot_);
  pendingSlot_ = -1;
  return Status::ok();
}

void OutputFile::Impl::discard() {
  done_ = true;
  writer_.reset();  // lets a write in progress finish before the file goes
  buffer_.clear();
  if (isStdout_) return;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!tempPath_.empty()) ::unlink(tempPath_.c_str());
  unregisterPendingFile(pendingSlot_);
  pendingSlot_ = -1;
}

void removePendingOutputs() {
  for (std::size_t i = 0; i < kMaxPending; ++i)
    if (gPendingUsed[i].load()) removeWithSiblings(gPending[i].data());
}

}  // namespace tracesan
