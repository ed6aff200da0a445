#include "common/InOrder.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tracesan::cli {

void runInOrder(std::size_t n, std::size_t threads, const std::function<void(std::size_t)>& job,
                const std::function<void(std::size_t)>& deliver) {
  if (threads > n) threads = n;
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) {
      job(i);
      deliver(i);
    }
    return;
  }
  std::mutex mutex;
  std::condition_variable doneChanged;
  auto done = std::make_unique<bool[]>(n);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      job(i);
      std::lock_guard lock(mutex);
      done[i] = true;
      doneChanged.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (std::size_t i = 0; i < n; ++i) {
    std::unique_lock lock(mutex);
    doneChanged.wait(lock, [&] { return done[i]; });
    lock.unlock();
    deliver(i);
  }
  for (auto& t : pool) t.join();
}

}  // namespace tracesan::cli
