#include "saz/ZipOutput.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "saz/SazArchive.h"
#include "saz/ZipTarget.h"
#include "support/PendingFiles.h"

namespace tracesan::saz {
namespace {

// Rewritten members are deflated at level 1 (as the streaming writer does): a sanitized trace is
// mostly rewritten members, and level 1 is several times faster than zlib's default for output a
// little larger. Copied members keep their stored bytes, whatever their level.
constexpr zip_uint32_t kMemberLevel = 1;

std::string lowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

// The encrypted archive: libzip does the WinZip AES-256, and writes everything in zip_close.
class LibzipOutput final : public ZipOutput {
public:
  static Expected<std::unique_ptr<ZipOutput>> create(std::unique_ptr<ZipTarget> target, std::string password) {
    auto spool = Spool::create(target->tempPath());
    if (!spool) return spool.error();
    std::unique_ptr<LibzipOutput> out(new LibzipOutput());
    out->target_ = std::move(target);
    out->spool_ = std::move(spool.value());
    out->password_ = std::move(password);
    out->target_->closeFd();
    int code = 0;
    out->zip_ = zip_open(out->target_->tempPath().c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!out->zip_) {
      zip_error_t error;
      zip_error_init_with_code(&error, code);
      std::string why = lowerFirst(zip_error_strerror(&error));
      zip_error_fini(&error);
      return ioError(out->target_->path() + ": cannot create output: " + why);
    }
    return std::unique_ptr<ZipOutput>(std::move(out));
  }

  ~LibzipOutput() override {
    if (zip_) zip_discard(zip_);
  }

  Status add(const std::string& name, std::string bytes, std::time_t mtime) override {
    auto range = spool_->put(bytes);
    if (!range) return range.error();
    zip_source_t* source = nullptr;
    zip_error_t error;
    zip_error_init(&error);
    // A length of 0 means "to the end of the file" to libzip, so empty members use a buffer.
    if (range->length == 0)
      source = zip_source_buffer_create(nullptr, 0, 0, &error);
    else
      source = zip_source_file_create(spool_->path().c_str(), range->offset, static_cast<zip_int64_t>(range->length),
                                      &error);
    if (!source) {
      std::string why = lowerFirst(zip_error_strerror(&error));
      zip_error_fini(&error);
      return ioError(target_->path() + ": cannot add " + name + ": " + why);
    }
    zip_error_fini(&error);
    zip_int64_t added = zip_file_add(zip_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (added < 0) {
      zip_source_free(source);
      return zipError("cannot add " + name);
    }
    auto index = static_cast<zip_uint64_t>(added);
    if (zip_set_file_compression(zip_, index, ZIP_CM_DEFLATE, kMemberLevel) != 0)
      return zipError("cannot compress " + name);
    // A regular rw-r--r-- file, not the permissions of the private spool file it was read from.
    if (zip_file_set_external_attributes(zip_, index, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0)
      return zipError("cannot set the attributes of " + name);
    if (mtime != 0 && zip_file_set_mtime(zip_, index, mtime, 0) != 0) return zipError("cannot date " + name);
    return encrypt(index);
  }

  Status copy(SazArchive& archive, std::uint64_t sourceIndex, std::string) override {
    const MemberInfo& info = archive.members()[sourceIndex];
    // The whole member (start 0, length -1) is copied as its compressed bytes, not recompressed.
    zip_source_t* src = zip_source_zip(zip_, archive.copySource(), sourceIndex, 0, 0, -1);
    if (!src) return zipError("cannot copy " + info.name);
    zip_int64_t added = zip_file_add(zip_, info.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (added < 0) {
      zip_source_free(src);
      return zipError("cannot copy " + info.name);
    }
    auto index = static_cast<zip_uint64_t>(added);
    if (zip_set_file_compression(zip_, index, info.compression, 0) != 0)
      return zipError("cannot keep the compression of " + info.name);
    if (info.mtime != 0 && zip_file_set_mtime(zip_, index, info.mtime, 0) != 0)
      return zipError("cannot date " + info.name);
    return encrypt(index);
  }

  Status addDirectory(const std::string& name, std::time_t mtime) override {
    zip_int64_t index = zip_dir_add(zip_, name.c_str(), ZIP_FL_ENC_UTF_8);
    if (index < 0) return zipError("cannot add " + name);
    if (mtime != 0 && zip_file_set_mtime(zip_, static_cast<zip_uint64_t>(index), mtime, 0) != 0)
      return zipError("cannot date " + name);
    return Status::ok();
  }

  Status setComment(std::string_view comment) override {
    if (comment.size() > 0xFFFF) return invalidInput(target_->path() + ": archive comment too long");
    if (zip_set_archive_comment(zip_, comment.data(), static_cast<zip_uint16_t>(comment.size())) != 0)
      return zipError("cannot set the archive comment");
    return Status::ok();
  }

  Status commit() override {
    if (!zip_) return Status::ok();
    if (zip_close(zip_) != 0) {
      Error e = zipError("cannot write archive");
      zip_discard(zip_);
      zip_ = nullptr;
      return e;
    }
    zip_ = nullptr;
    return target_->commit();
  }

private:
  LibzipOutput() = default;

  Error zipError(std::string_view what) const {
    return ioError(target_->path() + ": " + std::string(what) + ": " +
                   lowerFirst(zip_error_strerror(zip_get_error(zip_))));
  }

  Status encrypt(zip_uint64_t index) {
    if (zip_file_set_encryption(zip_, index, ZIP_EM_AES_256, password_.c_str()) != 0)
      return zipError("cannot encrypt member");
    return Status::ok();
  }

  std::unique_ptr<ZipTarget> target_;
  std::unique_ptr<Spool> spool_;
  std::string password_;
  zip_t* zip_ = nullptr;
};

}  // namespace

Expected<std::unique_ptr<ZipTarget>> ZipTarget::create(const std::string& path, const std::string& permissionsFrom) {
  std::unique_ptr<ZipTarget> t(new ZipTarget());
  t->path_ = path;
  if (!permissionsFrom.empty() && permissionsFrom != "-") {
    struct stat st {};
    if (::stat(permissionsFrom.c_str(), &st) == 0 && S_ISREG(st.st_mode)) t->mode_ = st.st_mode & 0777;
  }
  if (path == "-") {
    std::string pattern = temporaryDirectory() + "/tracesan-saz-XXXXXX";
    t->fd_ = ::mkstemp(pattern.data());
    if (t->fd_ < 0) return ioError("<stdout>: cannot create a temporary file: " + std::string(std::strerror(errno)));
    t->tempPath_ = pattern;
  } else {
    auto temp = createPrivateTemp(path, t->mode_);
    if (!temp) return temp.error();
    t->fd_ = temp->fd;
    t->tempPath_ = std::move(temp->path);
  }
  t->slot_ = registerPendingFile(t->tempPath_);
  return t;
}

ZipTarget::~ZipTarget() {
  closeFd();
  if (!tempPath_.empty() && (path_ == "-" || !committed_)) ::unlink(tempPath_.c_str());
  unregisterPendingFile(slot_);
}

void ZipTarget::closeFd() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Status ZipTarget::commit() {
  if (committed_) return Status::ok();
  if (fd_ >= 0) {
    int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return ioError(path_ + ": cannot write archive: " + std::strerror(errno));
  }
  if (path_ != "-") {
    // Whatever libzip did with the mode, the output gets exactly ours before it becomes visible.
    if (::chmod(tempPath_.c_str(), mode_) != 0 || ::rename(tempPath_.c_str(), path_.c_str()) != 0)
      return ioError(path_ + ": cannot move output into place: " + std::strerror(errno));
    committed_ = true;
    return Status::ok();
  }
  committed_ = true;
  int fd = ::open(tempPath_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ioError("<stdout>: cannot reopen the temporary archive: " + std::string(std::strerror(errno)));
  std::array<char, 1 << 16> buffer;
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return ioError("<stdout>: read failed: " + std::string(std::strerror(errno)));
    }
    if (n == 0) break;
    if (!writeAll(1, buffer.data(), static_cast<std::size_t>(n))) {
      ::close(fd);
      return ioError("<stdout>: write failed: " + std::string(std::strerror(errno)));
    }
  }
  ::close(fd);
  return Status::ok();
}

Expected<std::unique_ptr<Spool>> Spool::create(const std::string& near) {
  std::unique_ptr<Spool> s(new Spool());
  std::string path = directoryOf(near) + "/.tracesan-spool-XXXXXX";
  s->fd_ = ::mkstemp(path.data());
  if (s->fd_ < 0) return ioError(near + ": cannot create a temporary file: " + std::strerror(errno));
  s->path_ = path;
  // On Linux the spool can be unlinked at once and reopened through /proc, so nothing is left
  // behind even when the process is killed mid-write; elsewhere it is removed on SIGINT.
  std::string procPath = "/proc/self/fd/" + std::to_string(s->fd_);
  if (::access(procPath.c_str(), R_OK) == 0 && ::unlink(path.c_str()) == 0) s->path_ = procPath;
  else s->slot_ = registerPendingFile(path);
  return s;
}

Spool::~Spool() {
  if (fd_ >= 0) ::close(fd_);
  if (path_.rfind("/proc/", 0) != 0) ::unlink(path_.c_str());
  unregisterPendingFile(slot_);
}

Expected<Spool::Range> Spool::put(std::string_view bytes) {
  if (!writeAll(fd_, bytes.data(), bytes.size()))
    return ioError(path_ + ": cannot write a temporary file: " + std::strerror(errno));
  Range r{size_, bytes.size()};
  size_ += bytes.size();
  return r;
}

Expected<std::string> Spool::get(Range range) const {
  std::string out(range.length, '\0');
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(range.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ioError(path_ + ": cannot read a temporary file: " + std::strerror(n < 0 ? errno : EIO));
    done += static_cast<std::size_t>(n);
  }
  return out;
}

Expected<std::unique_ptr<ZipOutput>> ZipOutput::create(const std::string& path, const std::string& password,
                                                        const std::string& permissionsFrom) {
  auto target = ZipTarget::create(path, permissionsFrom);
  if (!target) return target.error();
  if (!password.empty()) return LibzipOutput::create(std::move(target.value()), password);
  return makeStreamingZip(std::move(target.value()));
}

}  // namespace tracesan::saz
