// The zip container of a Fiddler session archive: opens it with libzip, validates member names
// and declared sizes against the ReadOptions limits, groups raw/<N>_{c,s,m,w} members into
// sessions (numeric order, any padding) and reads one member at a time with the limits enforced
// while decompressing.
//
//   auto archive = SazArchive::open("trace.saz", "trace.saz", options);
//   for (auto& s : archive.value()->sessions()) auto bytes = archive.value()->readMember(s.member[0], "session 1");
#pragma once

#include <zip.h>

#include <array>
#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Trace.h"

namespace tracesan::saz {

enum class Part : int { Request = 0, Response = 1, Metadata = 2, WebSocket = 3 };
inline constexpr std::size_t kPartCount = 4;
inline constexpr std::int64_t kNoMember = -1;

// What a member of the archive is, from its name.
enum class MemberKind { Session, Directory, Index, ContentTypes, Other };

struct MemberInfo {
  std::string name;
  std::uint64_t size = 0;            // declared uncompressed size
  std::uint64_t compressedSize = 0;  // declared compressed size
  std::uint16_t encryption = ZIP_EM_NONE;
  std::int32_t compression = ZIP_CM_STORE;
  std::time_t mtime = 0;             // last modified, as stored (0: not given)
  std::uint32_t crc = 0;             // CRC-32 of the uncompressed bytes, as stored
  MemberKind kind = MemberKind::Other;
};

// The members of one session; kNoMember where a part is absent.
struct SessionMembers {
  std::uint64_t number = 0;
  std::array<std::int64_t, kPartCount> member{kNoMember, kNoMember, kNoMember, kNoMember};
  std::int64_t operator[](Part p) const { return member[static_cast<int>(p)]; }
};

class SazArchive {
public:
  static Expected<std::unique_ptr<SazArchive>> open(const std::string& path, const std::string& displayName,
                                                    const ReadOptions& options);
  ~SazArchive();
  SazArchive(const SazArchive&) = delete;
  SazArchive& operator=(const SazArchive&) = delete;

  const std::string& displayName() const { return displayName_; }
  const std::vector<SessionMembers>& sessions() const { return sessions_; }
  const std::vector<MemberInfo>& members() const { return members_; }
  const std::string& comment() const { return comment_; }
  bool encrypted() const { return encrypted_; }
  const std::string& password() const { return password_; }
  // The handle libzip copies members from (zip_source_zip; only for encrypted output, the
  // streaming writer uses readStoredMember): a second handle on the same file, opened on first
  // use. Each such copy stays registered with its archive until the output is written, and libzip
  // searches an archive's registered sources linearly whenever a member is closed, so reading and
  // copying through one handle costs time growing with the square of the members.
  zip_t* copySource();

  // Reads and decompresses one member; `context` (e.g. "session 3") prefixes errors after the
  // archive name. Enforces maxMemberSize, maxTotalSize and maxCompressionRatio while reading.
  // Safe to call from two threads (the reading handle is locked).
  Expected<std::string> readMember(std::uint64_t index, std::string_view context);
  // A member's bytes as stored (compressed, not checked), to copy it into another archive. Also
  // safe from two threads. (Through the reading handle: a second one would cost its own copy of
  // the central directory, about 35 MB for 100k members.)
  Expected<std::string> readStoredMember(std::uint64_t index);

private:
  SazArchive() = default;
  Status scanMembers();
  Status checkPassword();
  Error memberError(std::uint64_t index, std::string_view context, std::string_view message) const;

  std::mutex readMutex_;      // zip_ and totalRead_
  zip_t* zip_ = nullptr;
  zip_t* copyZip_ = nullptr;  // see copySource
  std::string path_;
  std::string displayName_;
  ReadOptions options_;
  std::string password_;
  std::string comment_;
  bool encrypted_ = false;
  std::uint64_t totalRead_ = 0;
  std::vector<MemberInfo> members_;
  std::vector<SessionMembers> sessions_;
};

// Splits a member name into session number and part when it names raw/<N>_<c|s|m|w>.<txt|xml>
// (either slash, case-insensitive); returns false otherwise.
bool parseSessionMemberName(std::string_view name, std::uint64_t& number, Part& part);

// True when a member name is absolute or walks up (`..`), in either slash style.
bool isUnsafeMemberName(std::string_view name);

// The canonical name of a session member as Fiddler writes it: raw/<padded N>_c.txt.
std::string sessionMemberName(std::uint64_t number, Part part, std::size_t width);

// The zero-padding width Fiddler uses: the number of decimal digits of the session count.
std::size_t paddingWidth(std::size_t sessionCount);

std::string_view partLabel(Part part);  // "request", "response", "metadata", "websocket"

}  // namespace tracesan::saz
