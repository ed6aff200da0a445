#include "saz/SazArchive.h"
#include "saz/WinZipAes.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

namespace tracesan::saz {
namespace {

// Below this size a high compression ratio is normal (small repetitive members) and harmless.
constexpr std::uint64_t kRatioFloor = 64 * 1024;
constexpr std::size_t kReadChunk = 64 * 1024;

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string normalizedName(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = c == '\\' ? '/' : lower(c);
  return out;
}

std::string zipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  if (!text.empty()) text[0] = lower(text[0]);
  return text;
}

std::string zipErrorText(zip_error_t* error) {
  std::string text = zip_error_strerror(error);
  if (!text.empty()) text[0] = lower(text[0]);
  return text;
}

// Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a false positive) on the
// operator+ chain of a temporary.
std::string quoted(std::string_view name) {
  std::string text;
  text.reserve(name.size() + 2);
  text += '"';
  text += name;
  text += '"';
  return text;
}

}  // namespace

std::string_view partLabel(Part part) {
  switch (part) {
    case Part::Request: return "request";
    case Part::Response: return "response";
    case Part::Metadata: return "metadata";
    case Part::WebSocket: return "websocket";
  }
  return "member";
}

bool isUnsafeMemberName(std::string_view name) {
  if (name.empty()) return false;
  if (name[0] == '/' || name[0] == '\\') return true;
  if (name.size() >= 2 && name[1] == ':' && std::isalpha(static_cast<unsigned char>(name[0]))) return true;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

bool parseSessionMemberName(std::string_view name, std::uint64_t& number, Part& part) {
  std::size_t slash = name.find_last_of("/\\");
  if (slash == std::string_view::npos || slash < 3) return false;
  std::string_view dir = name.substr(0, slash);
  if (!iequals(dir.substr(dir.size() - 3), "raw")) return false;
  if (dir.size() > 3 && dir[dir.size() - 4] != '/' && dir[dir.size() - 4] != '\\') return false;
  std::string_view file = name.substr(slash + 1);
  std::size_t digits = 0;
  while (digits < file.size() && std::isdigit(static_cast<unsigned char>(file[digits]))) ++digits;
  if (digits == 0 || file.size() != digits + 6 || file[digits] != '_' || file[digits + 2] != '.') return false;
  std::string_view ext = file.substr(digits + 3);
  if (!iequals(ext, "txt") && !iequals(ext, "xml")) return false;
  switch (lower(file[digits + 1])) {
    case 'c': part = Part::Request; break;
    case 's': part = Part::Response; break;
    case 'm': part = Part::Metadata; break;
    case 'w': part = Part::WebSocket; break;
    default: return false;
  }
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    if (n > (UINT64_MAX - 9) / 10) return false;  // absurd session numbers are not sessions
    n = n * 10 + static_cast<std::uint64_t>(file[i] - '0');
  }
  number = n;
  return true;
}

std::size_t paddingWidth(std::size_t sessionCount) {
  std::size_t width = 1;
  for (std::size_t n = sessionCount; n >= 10; n /= 10) ++width;
  return width;
}

std::string sessionMemberName(std::uint64_t number, Part part, std::size_t width) {
  std::string digits = std::to_string(number);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  static constexpr std::array<std::string_view, kPartCount> kSuffix = {"_c.txt", "_s.txt", "_m.xml", "_w.txt"};
  return "raw/" + digits + std::string(kSuffix[static_cast<int>(part)]);
}

Expected<std::unique_ptr<SazArchive>> SazArchive::open(const std::string& path, const std::string& displayName,
                                                       const ReadOptions& options) {
  std::unique_ptr<SazArchive> archive(new SazArchive());
  archive->displayName_ = displayName;
  archive->path_ = path;
  archive->options_ = options;
  int code = 0;
  archive->zip_ = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!archive->zip_) {
    if (code == ZIP_ER_OPEN || code == ZIP_ER_READ)
      return ioError(displayName + ": cannot open: " + zipErrorText(code));
    return invalidInput(displayName + ": not a valid zip archive: " + zipErrorText(code));
  }
  int commentLength = 0;
  if (const char* comment = zip_get_archive_comment(archive->zip_, &commentLength, ZIP_FL_ENC_RAW))
    archive->comment_.assign(comment, static_cast<std::size_t>(commentLength));
  if (auto s = archive->scanMembers(); !s) return s.error();
  if (archive->encrypted_) {
    if (options.sazPassword.empty())
      return invalidInput(displayName +
                          ": archive is encrypted: a password is required (--password or TRACESAN_SAZ_PASSWORD)");
    archive->password_ = options.sazPassword;
    if (zip_set_default_password(archive->zip_, archive->password_.c_str()) != 0)
      return internalError(displayName + ": cannot set the archive password");
    if (auto s = archive->checkPassword(); !s) return s.error();
  }
  return archive;
}

SazArchive::~SazArchive() {
  if (copyZip_) zip_discard(copyZip_);
  if (zip_) zip_discard(zip_);
}

zip_t* SazArchive::copySource() {
  if (!copyZip_) {
    int code = 0;
    copyZip_ = zip_open(path_.c_str(), ZIP_RDONLY, &code);
    if (!copyZip_) return zip_;  // still correct through the reading handle, only slower
    if (!password_.empty()) zip_set_default_password(copyZip_, password_.c_str());
  }
  return copyZip_;
}

Status SazArchive::scanMembers() {
  zip_int64_t count = zip_get_num_entries(zip_, 0);
  if (count < 0) return invalidInput(displayName_ + ": not a valid zip archive: cannot list members");
  members_.reserve(static_cast<std::size_t>(count));
  std::unordered_set<std::string> seen;
  std::unordered_map<std::uint64_t, std::size_t> sessionSlot;
  std::uint64_t declaredTotal = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    auto index = static_cast<std::uint64_t>(i);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
      return invalidInput(displayName_ + ": not a valid zip archive: member " + std::to_string(i) + ": " +
                          zipErrorText(zip_get_error(zip_)));
    MemberInfo info;
    info.name = st.name;
    info.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    info.compressedSize = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    info.encryption = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) ? st.encryption_method : ZIP_EM_NONE;
    info.compression = (st.valid & ZIP_STAT_COMP_METHOD) ? st.comp_method : ZIP_CM_STORE;
    info.mtime = (st.valid & ZIP_STAT_MTIME) ? st.mtime : 0;
    info.crc = (st.valid & ZIP_STAT_CRC) ? st.crc : 0;
    if (isUnsafeMemberName(info.name))
      return invalidInput(displayName_ + ": member " + quoted(info.name) + ": unsafe path (absolute or containing ..)");
    if (!seen.insert(normalizedName(info.name)).second)
      return invalidInput(displayName_ + ": member " + quoted(info.name) + ": duplicate member name");
    if (info.encryption != ZIP_EM_NONE) encrypted_ = true;
    if (info.size > options_.maxMemberSize)
      return invalidInput(displayName_ + ": member " + quoted(info.name) + ": declared size " +
                          std::to_string(info.size) + " exceeds the member limit of " +
                          std::to_string(options_.maxMemberSize) + " bytes");
    if (info.size > kRatioFloor &&
        static_cast<double>(info.size) > options_.maxCompressionRatio * static_cast<double>(info.compressedSize))
      return invalidInput(displayName_ + ": member " + quoted(info.name) +
                          ": compression ratio exceeds the limit (possible zip bomb)");
    declaredTotal += info.size;
    if (declaredTotal > options_.maxTotalSize)
      return invalidInput(displayName_ + ": declared total size exceeds the limit of " +
                          std::to_string(options_.maxTotalSize) + " bytes (possible zip bomb)");

    std::uint64_t number = 0;
    Part part = Part::Request;
    std::string norm = normalizedName(info.name);
    if (!norm.empty() && norm.back() == '/') {
      info.kind = MemberKind::Directory;
    } else if (parseSessionMemberName(info.name, number, part)) {
      info.kind = MemberKind::Session;
      auto [it, inserted] = sessionSlot.try_emplace(number, sessions_.size());
      if (inserted) {
        sessions_.emplace_back();
        sessions_.back().number = number;
      }
      auto& slot = sessions_[it->second].member[static_cast<int>(part)];
      if (slot != kNoMember)
        return invalidInput(displayName_ + ": session " + std::to_string(number) + ": two " +
                            std::string(partLabel(part)) + " members: " + quoted(members_[slot].name) + " and " +
                            quoted(info.name));
      slot = i;
    } else if (norm == "_index.htm") {
      info.kind = MemberKind::Index;
    } else if (norm == "[content_types].xml") {
      info.kind = MemberKind::ContentTypes;
    }
    members_.push_back(std::move(info));
  }
  std::sort(sessions_.begin(), sessions_.end(),
            [](const SessionMembers& a, const SessionMembers& b) { return a.number < b.number; });
  return Status::ok();
}

namespace {

bool isWinZipAes(std::uint16_t method) {
  return method == ZIP_EM_AES_128 || method == ZIP_EM_AES_192 || method == ZIP_EM_AES_256;
}

// A member's stored bytes, still encrypted; "" when they cannot be read (the check then fails).
std::string readEncrypted(zip_t* zip, std::uint64_t index, std::uint64_t compressedSize) {
  zip_file_t* file = zip_fopen_index(zip, index, ZIP_FL_ENCRYPTED);
  if (!file) return {};
  std::string raw;
  std::array<char, 16384> buffer;
  zip_int64_t n = 0;
  while (raw.size() <= compressedSize && (n = zip_fread(file, buffer.data(), buffer.size())) > 0)
    raw.append(buffer.data(), static_cast<std::size_t>(n));
  zip_fclose(file);
  if (n < 0 || raw.size() != compressedSize) return {};
  return raw;
}

}  // namespace

Status SazArchive::checkPassword() {
  // Decrypting the smallest encrypted member proves the password before any session is parsed.
  std::int64_t best = -1;
  for (std::size_t i = 0; i < members_.size(); ++i)
    if (members_[i].encryption != ZIP_EM_NONE && (best < 0 || members_[i].size < members_[best].size))
      best = static_cast<std::int64_t>(i);
  if (best < 0) return Status::ok();
  auto bytes = readMember(static_cast<std::uint64_t>(best), "");
  totalRead_ = 0;
  if (!bytes) return bytes.error();
  return Status::ok();
}

Error SazArchive::memberError(std::uint64_t index, std::string_view context, std::string_view message) const {
  std::string text = displayName_ + ": ";
  if (!context.empty()) text += std::string(context) + ": ";
  text += members_[index].name + ": " + std::string(message);
  return invalidInput(std::move(text));
}

Expected<std::string> SazArchive::readMember(std::uint64_t index, std::string_view context) {
  if (index >= members_.size()) return internalError(displayName_ + ": member index out of range");
  const MemberInfo& info = members_[index];
  // Methods libzip cannot read are refused before opening: libzip 1.7 leaks the decryption layer
  // when it opens an encrypted member whose compression method it does not know (found by fuzzing).
  if (info.compression != ZIP_CM_STORE && !zip_compression_method_supported(info.compression, 0))
    return Error(ErrorKind::Unsupported, memberError(index, context, zipErrorText(ZIP_ER_COMPNOTSUPP)).message());
  if (info.encryption != ZIP_EM_NONE && !zip_encryption_method_supported(info.encryption, 0))
    return Error(ErrorKind::Unsupported, memberError(index, context, zipErrorText(ZIP_ER_ENCRNOTSUPP)).message());
  std::lock_guard<std::mutex> lock(readMutex_);
  zip_file_t* file = zip_fopen_index(zip_, index, 0);
  if (!file) {
    int code = zip_error_code_zip(zip_get_error(zip_));
    if (code == ZIP_ER_WRONGPASSWD) return invalidInput(displayName_ + ": wrong password");
    if (code == ZIP_ER_NOPASSWD)
      return invalidInput(displayName_ +
                          ": archive is encrypted: a password is required (--password or TRACESAN_SAZ_PASSWORD)");
    if (code == ZIP_ER_COMPNOTSUPP || code == ZIP_ER_ENCRNOTSUPP)
      return Error(ErrorKind::Unsupported, memberError(index, context, zipErrorText(code)).message());
    return memberError(index, context, "cannot open member: " + zipErrorText(code));
  }
  std::string out;
  out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(info.size, options_.maxMemberSize)));
  std::array<char, kReadChunk> buffer;
  for (;;) {
    zip_int64_t n = zip_fread(file, buffer.data(), buffer.size());
    if (n < 0) {
      int code = zip_error_code_zip(zip_file_get_error(file));
      zip_fclose(file);
      // WinZip AES: libzip 1.7 checks the CRC even of AE-2 members, whose CRC is 0 by design; the
      // authentication code decides instead (WinZipAes.h).
      if (isWinZipAes(info.encryption) && code == ZIP_ER_CRC) {
        AesCheck check = checkWinZipAes(readEncrypted(zip_, index, info.compressedSize), password_, info.encryption);
        if (check == AesCheck::WrongPassword) return invalidInput(displayName_ + ": wrong password");
        if (check != AesCheck::Authentic)
          return memberError(index, context, "AES authentication code mismatch (corrupt member, or a wrong password)");
        if (info.crc != 0) return memberError(index, context, "crc mismatch (corrupt member)");  // AE-1 has a real CRC
        file = nullptr;  // closed above
        break;  // AE-2: authentic; every byte was read before the end-of-stream CRC check
      }
      // Traditional PKWARE encryption only checks one byte of the password; the rest shows as a CRC error.
      if (info.encryption != ZIP_EM_NONE && (code == ZIP_ER_CRC || code == ZIP_ER_WRONGPASSWD ||
                                             code == ZIP_ER_COMPRESSED_DATA || code == ZIP_ER_ZLIB))
        return invalidInput(displayName_ + ": wrong password");
      if (code == ZIP_ER_COMPRESSED_DATA || code == ZIP_ER_ZLIB)
        return memberError(index, context, "corrupt compressed data");
      if (code == ZIP_ER_CRC) return memberError(index, context, "crc mismatch (corrupt member)");
      return memberError(index, context, "cannot read member: " + zipErrorText(code));
    }
    if (n == 0) break;
    out.append(buffer.data(), static_cast<std::size_t>(n));
    std::uint64_t size = out.size();
    if (size > info.size || size > options_.maxMemberSize || totalRead_ + size > options_.maxTotalSize ||
        (size > kRatioFloor &&
         static_cast<double>(size) > options_.maxCompressionRatio * static_cast<double>(info.compressedSize))) {
      zip_fclose(file);
      if (size > info.size)
        return memberError(index, context, "member is larger than its declared size (corrupt or hostile archive)");
      if (size > options_.maxMemberSize)
        return memberError(index, context,
                           "member exceeds the limit of " + std::to_string(options_.maxMemberSize) + " bytes");
      if (totalRead_ + size > options_.maxTotalSize)
        return invalidInput(displayName_ + ": archive exceeds the total size limit of " +
                            std::to_string(options_.maxTotalSize) + " bytes (possible zip bomb)");
      return memberError(index, context, "compression ratio exceeds the limit (possible zip bomb)");
    }
  }
  if (file) zip_fclose(file);
  if (out.size() != info.size) return memberError(index, context, "member is shorter than its declared size");
  totalRead_ += out.size();
  return out;
}

Expected<std::string> SazArchive::readStoredMember(std::uint64_t index) {
  if (index >= members_.size()) return internalError(displayName_ + ": member index out of range");
  const MemberInfo& info = members_[index];
  std::lock_guard<std::mutex> lock(readMutex_);
  zip_file_t* file = zip_fopen_index(zip_, index, ZIP_FL_COMPRESSED);
  if (!file)
    return memberError(index, "", "cannot open member: " + zipErrorText(zip_error_code_zip(zip_get_error(zip_))));
  // Read in pieces rather than trusting the declared size for one allocation.
  std::string out;
  out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(info.compressedSize, 1u << 26)));
  std::array<char, kReadChunk> buffer;
  zip_int64_t n = 0;
  while (out.size() <= info.compressedSize && (n = zip_fread(file, buffer.data(), buffer.size())) > 0)
    out.append(buffer.data(), static_cast<std::size_t>(n));
  zip_fclose(file);
  if (n < 0) return memberError(index, "", "cannot read member");
  if (out.size() != info.compressedSize) return memberError(index, "", "stored size differs from the declared size");
  return out;
}

}  // namespace tracesan::saz
