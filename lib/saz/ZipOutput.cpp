#include "saz/ZipOutput.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "support/PendingFiles.h"

namespace tracesan::saz {
namespace {

// Rewritten members are deflated at level 1: a sanitized trace is mostly rewritten members (every
// session's cookies change), and level 1 is several times faster than zlib's default for output a
// little larger. Unchanged members are copied as stored, whatever their level.
constexpr zip_uint32_t kMemberLevel = 1;

std::string lowerFirst(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

}  // namespace

Expected<std::unique_ptr<ZipOutput>> ZipOutput::create(const std::string& path, const std::string& password,
                                                        const std::string& permissionsFrom) {
  std::unique_ptr<ZipOutput> out(new ZipOutput());
  out->path_ = path;
  out->password_ = password;
  if (!permissionsFrom.empty() && permissionsFrom != "-") {
    struct stat st {};
    if (::stat(permissionsFrom.c_str(), &st) == 0 && S_ISREG(st.st_mode)) out->mode_ = st.st_mode & 0777;
  }
  if (path == "-") {
    std::string pattern = temporaryDirectory() + "/tracesan-saz-XXXXXX";
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) return ioError("<stdout>: cannot create a temporary file: " + std::string(std::strerror(errno)));
    ::close(fd);
    out->zipPath_ = pattern;
  } else {
    // An empty file only we can name, with the output's permissions: libzip keeps the permissions
    // of the file it replaces, so the archive gets them too.
    auto temp = createPrivateTemp(path, out->mode_);
    if (!temp) return temp.error();
    ::close(temp->fd);
    out->zipPath_ = std::move(temp->path);
  }
  out->zipSlot_ = registerPendingFile(out->zipPath_);
  std::string spool = directoryOf(out->zipPath_) + "/.tracesan-spool-XXXXXX";
  out->spoolFd_ = ::mkstemp(spool.data());
  if (out->spoolFd_ < 0) return ioError(path + ": cannot create output: " + std::strerror(errno));
  out->spoolPath_ = spool;
  // On Linux the spool can be unlinked at once and reopened through /proc, so nothing is left
  // behind even when the process is killed mid-write; elsewhere it is removed on SIGINT.
  std::string procPath = "/proc/self/fd/" + std::to_string(out->spoolFd_);
  if (::access(procPath.c_str(), R_OK) == 0 && ::unlink(spool.c_str()) == 0) out->spoolPath_ = procPath;
  else out->spoolSlot_ = registerPendingFile(spool);
  int code = 0;
  out->zip_ = zip_open(out->zipPath_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!out->zip_) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string why = lowerFirst(zip_error_strerror(&error));
    zip_error_fini(&error);
    return ioError(path + ": cannot create output: " + why);
  }
  return out;
}

ZipOutput::~ZipOutput() {
  if (zip_) zip_discard(zip_);
  if (spoolFd_ >= 0) ::close(spoolFd_);
  if (!spoolPath_.empty() && spoolPath_.rfind("/proc/", 0) != 0) ::unlink(spoolPath_.c_str());
  if (!zipPath_.empty() && (path_ == "-" || !committed_)) ::unlink(zipPath_.c_str());
  unregisterPendingFile(spoolSlot_);
  unregisterPendingFile(zipSlot_);
}

Error ZipOutput::zipError(std::string_view what) const {
  return ioError(path_ + ": " + std::string(what) + ": " + lowerFirst(zip_error_strerror(zip_get_error(zip_))));
}

Status ZipOutput::setUp(std::uint64_t index) {
  if (!password_.empty() && zip_file_set_encryption(zip_, index, ZIP_EM_AES_256, password_.c_str()) != 0)
    return zipError("cannot encrypt member");
  return Status::ok();
}

Expected<ZipOutput::Spooled> ZipOutput::spool(std::string_view bytes) {
  if (!writeAll(spoolFd_, bytes.data(), bytes.size()))
    return ioError(path_ + ": cannot write a temporary file: " + std::strerror(errno));
  Spooled s{spoolSize_, bytes.size()};
  spoolSize_ += bytes.size();
  return s;
}

Expected<std::uint64_t> ZipOutput::add(const std::string& name, std::string_view bytes, std::int64_t replace,
                                       std::time_t mtime) {
  auto spooled = spool(bytes);
  if (!spooled) return spooled.error();
  return addSpooled(name, *spooled, replace, mtime);
}

Expected<std::uint64_t> ZipOutput::addSpooled(const std::string& name, Spooled data, std::int64_t replace,
                                              std::time_t mtime) {
  zip_source_t* source = nullptr;
  zip_error_t error;
  zip_error_init(&error);
  // A length of 0 means "to the end of the file" to libzip, so empty members use a buffer.
  if (data.length == 0)
    source = zip_source_buffer_create(nullptr, 0, 0, &error);
  else
    source = zip_source_file_create(spoolPath_.c_str(), data.offset, static_cast<zip_int64_t>(data.length), &error);
  if (!source) {
    std::string why = lowerFirst(zip_error_strerror(&error));
    zip_error_fini(&error);
    return ioError(path_ + ": cannot add " + name + ": " + why);
  }
  zip_error_fini(&error);
  std::uint64_t index = 0;
  if (replace >= 0) {
    if (zip_file_replace(zip_, static_cast<std::uint64_t>(replace), source, 0) != 0) {
      zip_source_free(source);
      return zipError("cannot add " + name);
    }
    index = static_cast<std::uint64_t>(replace);
  } else {
    zip_int64_t added = zip_file_add(zip_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (added < 0) {
      zip_source_free(source);
      return zipError("cannot add " + name);
    }
    index = static_cast<std::uint64_t>(added);
  }
  if (zip_set_file_compression(zip_, index, ZIP_CM_DEFLATE, kMemberLevel) != 0) return zipError("cannot compress " + name);
  // A regular rw-r--r-- file, not the permissions of the private spool file it was read from.
  if (zip_file_set_external_attributes(zip_, index, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0)
    return zipError("cannot set the attributes of " + name);
  if (mtime != 0 && zip_file_set_mtime(zip_, index, mtime, 0) != 0) return zipError("cannot date " + name);
  if (auto s = setUp(index); !s) return s.error();
  return index;
}

Expected<std::uint64_t> ZipOutput::copy(const std::string& name, zip_t* source, std::uint64_t sourceIndex,
                                        std::int64_t replace) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(source, sourceIndex, 0, &st) != 0) return zipError("cannot read source member " + name);
  // The whole member (start 0, length -1) is copied as its compressed bytes, not recompressed.
  zip_source_t* src = zip_source_zip(zip_, source, sourceIndex, 0, 0, -1);
  if (!src) return zipError("cannot copy " + name);
  std::uint64_t index = 0;
  if (replace >= 0) {
    if (zip_file_replace(zip_, static_cast<std::uint64_t>(replace), src, 0) != 0) {
      zip_source_free(src);
      return zipError("cannot copy " + name);
    }
    index = static_cast<std::uint64_t>(replace);
  } else {
    zip_int64_t added = zip_file_add(zip_, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (added < 0) {
      zip_source_free(src);
      return zipError("cannot copy " + name);
    }
    index = static_cast<std::uint64_t>(added);
  }
  if ((st.valid & ZIP_STAT_COMP_METHOD) && zip_set_file_compression(zip_, index, st.comp_method, 0) != 0)
    return zipError("cannot keep the compression of " + name);
  if ((st.valid & ZIP_STAT_MTIME) && zip_file_set_mtime(zip_, index, st.mtime, 0) != 0)
    return zipError("cannot date " + name);
  if (auto s = setUp(index); !s) return s.error();
  return index;
}

Expected<std::uint64_t> ZipOutput::reserve(const std::string& name) {
  // No encryption is set here: libzip 1.7 leaks the password copy of an entry that is replaced.
  zip_source_t* source = zip_source_buffer(zip_, nullptr, 0, 0);
  if (!source) return zipError("cannot add " + name);
  zip_int64_t added = zip_file_add(zip_, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  if (added < 0) {
    zip_source_free(source);
    return zipError("cannot add " + name);
  }
  return static_cast<std::uint64_t>(added);
}

Expected<std::uint64_t> ZipOutput::addDirectory(const std::string& name) {
  zip_int64_t index = zip_dir_add(zip_, name.c_str(), ZIP_FL_ENC_UTF_8);
  if (index < 0) return zipError("cannot add " + name);
  return static_cast<std::uint64_t>(index);
}

Status ZipOutput::remove(std::uint64_t index) {
  if (zip_delete(zip_, index) != 0) return zipError("cannot drop a member");
  return Status::ok();
}

Status ZipOutput::setComment(std::string_view comment) {
  if (comment.size() > 0xFFFF) return invalidInput(path_ + ": archive comment too long");
  if (zip_set_archive_comment(zip_, comment.data(), static_cast<zip_uint16_t>(comment.size())) != 0)
    return zipError("cannot set the archive comment");
  return Status::ok();
}

Status ZipOutput::commit() {
  if (committed_) return Status::ok();
  if (zip_close(zip_) != 0) {
    Error e = zipError("cannot write archive");
    zip_discard(zip_);
    zip_ = nullptr;
    return e;
  }
  zip_ = nullptr;
  if (path_ != "-") {
    // Whatever libzip did with the mode, the output gets exactly ours before it becomes visible.
    if (::chmod(zipPath_.c_str(), mode_) != 0 || ::rename(zipPath_.c_str(), path_.c_str()) != 0)
      return ioError(path_ + ": cannot move output into place: " + std::strerror(errno));
    committed_ = true;
    return Status::ok();
  }
  committed_ = true;
  int fd = ::open(zipPath_.c_str(), O_RDONLY | O_CLOEXEC);
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

}  // namespace tracesan::saz
