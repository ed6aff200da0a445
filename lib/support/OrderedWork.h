// Batches of work done on worker threads and taken back in the order they were submitted, on the
// submitting thread. What ParallelCheck and ParallelSanitize share: the caller fills a batch,
// submits it, and takes finished batches from the front (waiting only when too many are out), so
// results come in input order whatever the threads do. An exception thrown by `process` is
// rethrown by next() for its batch.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace tracesan {

template <class Batch>
class OrderedWork {
public:
  OrderedWork(std::size_t workers, std::function<void(Batch&)> process) : process_(std::move(process)) {
    for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
  }

  // Batches not started are dropped; batches being worked on are finished first.
  ~OrderedWork() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      todo_.clear();
    }
    workCv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  OrderedWork(const OrderedWork&) = delete;
  OrderedWork& operator=(const OrderedWork&) = delete;

  std::size_t workers() const { return threads_.size(); }
  std::size_t inFlight() const { return out_.size(); }

  void submit(std::shared_ptr<Batch> batch) {
    auto job = std::make_shared<Job>();
    job->batch = std::move(batch);
    out_.push_back(job);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      todo_.push_back(std::move(job));
    }
    workCv_.notify_one();
  }

  // The oldest batch when it is done; waits for it while more than `keep` are out, else returns
  // nullptr when it is not done yet (or none is out).
  std::shared_ptr<Batch> next(std::size_t keep) {
    if (out_.empty()) return nullptr;
    std::shared_ptr<Job> job = out_.front();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (!job->done) {
        if (out_.size() <= keep) return nullptr;
        doneCv_.wait(lock, [&] { return job->done; });
      }
    }
    out_.pop_front();
    if (job->failure) std::rethrow_exception(job->failure);
    return std::move(job->batch);
  }

private:
  struct Job {
    std::shared_ptr<Batch> batch;
    std::exception_ptr failure;
    bool done = false;  // guarded by mutex_
  };

  void work() {
    for (;;) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        workCv_.wait(lock, [&] { return stopping_ || !todo_.empty(); });
        if (todo_.empty()) return;
        job = std::move(todo_.front());
        todo_.pop_front();
      }
      std::exception_ptr failure;
      try {
        process_(*job->batch);
      } catch (...) {
        failure = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex_);
      job->failure = failure;
      job->done = true;
      doneCv_.notify_all();
    }
  }

  std::function<void(Batch&)> process_;
  std::deque<std::shared_ptr<Job>> out_;  // submitted, oldest first (the submitting thread's)
  std::mutex mutex_;
  std::condition_variable workCv_;
  std::condition_variable doneCv_;
  std::deque<std::shared_ptr<Job>> todo_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: started once the rest is ready
};

}  // namespace tracesan
