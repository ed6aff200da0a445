// Reads the members of the sessions ahead of the one being parsed, on a second thread and in
// session order, so that inflating the next session overlaps parsing and redacting this one.
// At most about 16 MB (and never less than one session) is read ahead.
#pragma once

#include <array>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "saz/SazArchive.h"

namespace tracesan::saz {

class SessionPrefetch {
public:
  explicit SessionPrefetch(SazArchive& archive);
  ~SessionPrefetch();
  SessionPrefetch(const SessionPrefetch&) = delete;
  SessionPrefetch& operator=(const SessionPrefetch&) = delete;

  // The members of the next session in order (empty where a part is absent), or the error that
  // reading one of them gave.
  Status take(std::array<std::string, kPartCount>& bytes);

private:
  struct Loaded {
    std::array<std::string, kPartCount> bytes;
    std::optional<Error> error;
    std::size_t size = 0;
  };
  void run();

  SazArchive& archive_;
  std::mutex mutex_;
  std::condition_variable readyCv_;
  std::condition_variable roomCv_;
  std::deque<Loaded> queue_;
  std::size_t queuedBytes_ = 0;
  bool stopping_ = false;
  bool done_ = false;  // the thread has queued its last session (or an error)
  std::thread thread_;
};

}  // namespace tracesan::saz
