#include "tracesan/ParallelCheck.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace tracesan {
namespace {

constexpr std::size_t kBatchEntries = 32;
constexpr std::size_t kBatchBytes = 4u << 20;
constexpr std::size_t kBatchesPerWorker = 3;

std::size_t approximateSize(const Entry& entry) {
  return 1024 + entry.request.url.value.size() + entry.request.body.text.value.size() +
         entry.response.body.text.value.size();
}

}  // namespace

struct ParallelCheck::Impl {
  struct Batch {
    std::vector<Entry> entries;
    std::vector<std::vector<Leak>> leaks;
    std::exception_ptr failure;
    bool done = false;
  };

  Impl(const Redactor& r, std::size_t n, Sink s) : redactor(r), sink(std::move(s)) {
    for (std::size_t i = 0; i < n; ++i) threads.emplace_back([this] { work(); });
  }

  ~Impl() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    workCv.notify_all();
    for (auto& t : threads) t.join();
  }

  void work() {
    for (;;) {
      std::shared_ptr<Batch> batch;
      {
        std::unique_lock<std::mutex> lock(mutex);
        workCv.wait(lock, [&] { return stopping || !todo.empty(); });
        if (todo.empty()) return;
        batch = std::move(todo.front());
        todo.pop_front();
      }
      std::vector<std::vector<Leak>> leaks;
      std::exception_ptr failure;
      try {
        leaks.reserve(batch->entries.size());
        for (Entry& e : batch->entries) leaks.push_back(redactor.checkEntryInPlace(e));
      } catch (...) {
        failure = std::current_exception();
      }
      std::vector<Entry>().swap(batch->entries);  // freed here, not on the caller's thread
      std::lock_guard<std::mutex> lock(mutex);
      batch->leaks = std::move(leaks);
      batch->failure = failure;
      batch->done = true;
      doneCv.notify_all();
    }
  }

  void submit() {
    if (current->entries.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      inFlight.push_back(current);
      todo.push_back(current);
    }
    workCv.notify_one();
    current = std::make_shared<Batch>();
    currentBytes = 0;
  }

  // Delivers finished batches from the front; with `wait`, waits until at most `keep` remain.
  void deliver(std::size_t keep) {
    for (;;) {
      std::shared_ptr<Batch> front;
      {
        std::unique_lock<std::mutex> lock(mutex);
        if (inFlight.empty()) return;
        if (inFlight.size() > keep) doneCv.wait(lock, [&] { return inFlight.front()->done; });
        else if (!inFlight.front()->done) return;
        front = std::move(inFlight.front());
        inFlight.pop_front();
      }
      if (front->failure) std::rethrow_exception(front->failure);
      for (auto& leaks : front->leaks)
        if (!leaks.empty()) sink(std::move(leaks));
    }
  }

  const Redactor& redactor;
  Sink sink;
  std::vector<std::thread> threads;
  std::shared_ptr<Batch> current = std::make_shared<Batch>();
  std::size_t currentBytes = 0;
  std::deque<std::shared_ptr<Batch>> inFlight;  // in entry order; the caller's

  std::mutex mutex;  // guards todo, stopping and every Batch's leaks/failure/done
  std::condition_variable workCv;
  std::condition_variable doneCv;
  std::deque<std::shared_ptr<Batch>> todo;
  bool stopping = false;
};

ParallelCheck::ParallelCheck(const Redactor& redactor, std::size_t workers, Sink sink)
    : impl_(std::make_unique<Impl>(redactor, workers, std::move(sink))) {}

ParallelCheck::~ParallelCheck() = default;

void ParallelCheck::add(Entry&& entry) {
  Impl& m = *impl_;
  if (m.threads.empty()) {
    auto leaks = m.redactor.checkEntryInPlace(entry);
    if (!leaks.empty()) m.sink(std::move(leaks));
    return;
  }
  m.currentBytes += approximateSize(entry);
  entry.source = {};
  m.current->entries.push_back(std::move(entry));
  if (m.current->entries.size() < kBatchEntries && m.currentBytes < kBatchBytes) return;
  m.submit();
  m.deliver(kBatchesPerWorker * m.threads.size());
}

void ParallelCheck::finish() {
  impl_->submit();
  impl_->deliver(0);
}

}  // namespace tracesan
