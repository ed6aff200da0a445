#include "saz/SessionPrefetch.h"

namespace tracesan::saz {
namespace {
constexpr std::size_t kAheadBytes = 16u << 20;
}  // namespace

SessionPrefetch::SessionPrefetch(SazArchive& archive) : archive_(archive) {
  thread_ = std::thread([this] { run(); });
}

SessionPrefetch::~SessionPrefetch() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  roomCv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SessionPrefetch::run() {
  struct Done {
    SessionPrefetch& self;
    ~Done() {
      std::lock_guard<std::mutex> lock(self.mutex_);
      self.done_ = true;
      self.readyCv_.notify_all();
    }
  } done{*this};
  for (const SessionMembers& session : archive_.sessions()) {
    Loaded loaded;
    std::string context = "session " + std::to_string(session.number);
    for (std::size_t p = 0; p < kPartCount && !loaded.error; ++p) {
      if (session.member[p] == kNoMember) continue;
      auto bytes = archive_.readMember(static_cast<std::uint64_t>(session.member[p]), context);
      if (!bytes) {
        loaded.error = bytes.error();
        break;
      }
      loaded.size += bytes->size();
      loaded.bytes[p] = std::move(bytes.value());
    }
    bool failed = loaded.error.has_value();
    std::unique_lock<std::mutex> lock(mutex_);
    roomCv_.wait(lock, [&] { return stopping_ || queue_.empty() || queuedBytes_ + loaded.size <= kAheadBytes; });
    if (stopping_) return;
    queuedBytes_ += loaded.size;
    queue_.push_back(std::move(loaded));
    readyCv_.notify_one();
    if (failed) return;  // the reader stops at the first error
  }
}

Status SessionPrefetch::take(std::array<std::string, kPartCount>& bytes) {
  std::unique_lock<std::mutex> lock(mutex_);
  readyCv_.wait(lock, [&] { return !queue_.empty() || done_; });
  if (queue_.empty()) return internalError(archive_.displayName() + ": read past the last session");
  Loaded loaded = std::move(queue_.front());
  queue_.pop_front();
  queuedBytes_ -= loaded.size;
  roomCv_.notify_one();
  lock.unlock();
  if (loaded.error) return *loaded.error;
  bytes = std::move(loaded.bytes);
  return Status::ok();
}

}  // namespace tracesan::saz
