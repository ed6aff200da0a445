#include "tracesan/ParallelCheck.h"

#include "support/OrderedWork.h"

namespace tracesan {
namespace {

constexpr std::size_t kBatchEntries = 32;
constexpr std::size_t kBatchBytes = 4u << 20;
constexpr std::size_t kBatchesPerWorker = 3;

std::size_t approximateSize(const Entry& entry) {
  return 1024 + entry.request.url.value.size() + entry.request.body.text.value.size() +
         entry.response.body.text.value.size();
}

struct Batch {
  std::vector<Entry> entries;
  std::vector<std::vector<Leak>> leaks;
};

}  // namespace

struct ParallelCheck::Impl {
  Impl(const Redactor& r, std::size_t workers, Sink s)
      : redactor(r), sink(std::move(s)), work(workers, [this](Batch& b) { check(b); }) {}

  void check(Batch& batch) const {
    batch.leaks.reserve(batch.entries.size());
    for (Entry& e : batch.entries) batch.leaks.push_back(redactor.checkEntryInPlace(e));
    std::vector<Entry>().swap(batch.entries);  // freed here, not on the caller's thread
  }

  void submit() {
    if (current->entries.empty()) return;
    work.submit(std::move(current));
    current = std::make_shared<Batch>();
    currentBytes = 0;
  }

  void deliver(std::size_t keep) {
    while (auto batch = work.next(keep))
      for (auto& leaks : batch->leaks)
        if (!leaks.empty()) sink(std::move(leaks));
  }

  const Redactor& redactor;
  Sink sink;
  std::shared_ptr<Batch> current = std::make_shared<Batch>();
  std::size_t currentBytes = 0;
  OrderedWork<Batch> work;  // last: its threads stop before the rest goes
};

ParallelCheck::ParallelCheck(const Redactor& redactor, std::size_t workers, Sink sink)
    : impl_(std::make_unique<Impl>(redactor, workers, std::move(sink))) {}

ParallelCheck::~ParallelCheck() = default;

void ParallelCheck::add(Entry&& entry) {
  Impl& m = *impl_;
  if (m.work.workers() == 0) {
    auto leaks = m.redactor.checkEntryInPlace(entry);
    if (!leaks.empty()) m.sink(std::move(leaks));
    return;
  }
  m.currentBytes += approximateSize(entry);
  entry.source = {};
  m.current->entries.push_back(std::move(entry));
  if (m.current->entries.size() < kBatchEntries && m.currentBytes < kBatchBytes) return;
  m.submit();
  m.deliver(kBatchesPerWorker * m.work.workers());
}

void ParallelCheck::finish() {
  impl_->submit();
  impl_->deliver(0);
}

}  // namespace tracesan
