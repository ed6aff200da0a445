#include "tracesan/ParallelSanitize.h"

#include "har/HarReader.h"
#include "support/OrderedWork.h"

namespace tracesan {
namespace {

constexpr std::size_t kBatchEntries = 16;
constexpr std::size_t kBatchBytes = 4u << 20;
constexpr std::size_t kBatchesPerWorker = 3;
constexpr std::size_t kWritingBatches = 4;  // batches waiting for the writing thread

HarReader* harReader(TraceReader& reader) { return dynamic_cast<HarReader*>(&reader); }

}  // namespace

struct ParallelSanitize::Impl {
  // In read order: an entry, or bytes outside entries (edited first when the reader asked).
  struct Piece {
    bool isEntry = false;
    std::string raw;
    bool edit = false;
    std::unique_ptr<std::string> json;  // the entry's source, owned (the reader moves on)
    Entry entry;
    std::unique_ptr<RedactionSession> learned;  // entries only
    RedactionResult result;
  };
  struct Batch {
    std::vector<Piece> pieces;
    Status written = Status::ok();  // what writing it gave
  };

  Impl(TraceReader& reader, TraceWriter& w, const Redactor& r, RedactionSession& s, std::size_t workers,
       OutsideEditor o, ResultSink k)
      : writer(w), redactor(r), session(s), outside(std::move(o)), sink(std::move(k)),
        work(workers, [this](Batch& b) { firstPass(b); }), writing(1, [this](Batch& b) { write(b); }) {
    // A HAR's text outside entries: edited (secrets learned from it) and written in its place.
    har = harReader(reader);
    if (!har) return;
    passthrough = har->passthrough();  // none for a converting writer: the text is only read
    har->setOutsideEditor([this](std::string&) { editNext = true; });
    har->setPassthrough([this](std::string_view bytes) {
      Piece piece;
      piece.raw.assign(bytes);
      piece.edit = editNext;
      editNext = false;
      currentBytes += bytes.size();
      current->pieces.push_back(std::move(piece));
      return Status::ok();
    });
  }

  // The reader gets its writer's passthrough back and no editor: nothing of ours is called after.
  ~Impl() {
    if (!har) return;
    har->setPassthrough(passthrough);
    har->setOutsideEditor(nullptr);
  }

  void firstPass(Batch& batch) const {
    for (Piece& p : batch.pieces)
      if (p.isEntry) p.result = redactor.redactFirstPass(p.entry, *p.learned);
  }

  // On the writing thread, batch after batch in order: the writer and its output are used there
  // only (their own calls come after finish()).
  void write(Batch& batch) {
    for (Piece& p : batch.pieces) {
      Status st = p.isEntry ? writer.write(p.entry) : passthrough ? passthrough(p.raw) : Status::ok();
      if (!st) {
        batch.written = st;
        return;
      }
    }
    std::vector<Piece>().swap(batch.pieces);  // freed here
  }

  // Takes back written batches; waits while more than `keep` are out. The first failure wins.
  Status collect(std::size_t keep) {
    while (auto batch = writing.next(keep))
      if (!batch->written) return batch->written;
    return Status::ok();
  }

  void submit() {
    if (current->pieces.empty()) return;
    work.submit(std::move(current));
    current = std::make_shared<Batch>();
    currentBytes = 0;
    currentEntries = 0;
  }

  // Finishes batches from the front, in order (outside text edited, secrets learned so far
  // replaced), and hands them to the writing thread; waits while more than `keep` are out.
  Status drain(std::size_t keep) {
    while (auto batch = work.next(keep)) {
      for (Piece& p : batch->pieces) {
        if (!p.isEntry) {
          if (p.edit && outside) outside(p.raw);
          continue;
        }
        session.absorb(*p.learned);
        p.learned.reset();
        redactor.redactKnownPass(p.entry, session, p.result);
        sink(p.result);
      }
      writing.submit(std::move(batch));
      if (auto st = collect(kWritingBatches); !st) return st;
    }
    return Status::ok();
  }

  TraceWriter& writer;
  const Redactor& redactor;
  RedactionSession& session;
  OutsideEditor outside;
  ResultSink sink;
  HarReader* har = nullptr;                              // when the reader is one
  std::function<Status(std::string_view)> passthrough;  // the writer's
  bool editNext = false;
  std::shared_ptr<Batch> current = std::make_shared<Batch>();
  std::size_t currentBytes = 0;
  std::size_t currentEntries = 0;
  OrderedWork<Batch> work;     // the first passes
  OrderedWork<Batch> writing;  // last: it stops (finishing what it writes) before the rest goes
};

bool ParallelSanitize::supports(TraceReader& reader, const TraceWriter& writer) {
  HarReader* har = harReader(reader);
  if (!har) return !writer.readsSource();
  return !har->started() && (har->passthrough() || !writer.readsSource());
}

ParallelSanitize::ParallelSanitize(TraceReader& reader, TraceWriter& writer, const Redactor& redactor,
                                   RedactionSession& session, std::size_t workers, OutsideEditor outside,
                                   ResultSink sink)
    : impl_(std::make_unique<Impl>(reader, writer, redactor, session, workers, std::move(outside), std::move(sink))) {}

ParallelSanitize::~ParallelSanitize() = default;

Status ParallelSanitize::add(Entry&& entry) {
  Impl& m = *impl_;
  Impl::Piece piece;
  piece.isEntry = true;
  piece.learned = std::make_unique<RedactionSession>();
  std::size_t bytes = 1024;
  if (m.writer.readsSource()) {
    piece.json = std::make_unique<std::string>(entry.source.json);
    bytes += piece.json->size();
  } else {
    bytes += entry.request.body.text.value.size() + entry.response.body.text.value.size();
  }
  piece.entry = std::move(entry);
  piece.entry.source = {};
  if (piece.json) piece.entry.source.json = *piece.json;
  m.currentBytes += bytes;
  m.current->pieces.push_back(std::move(piece));
  if (++m.currentEntries >= kBatchEntries || m.currentBytes >= kBatchBytes) m.submit();
  return m.drain(kBatchesPerWorker * m.work.workers());
}

Status ParallelSanitize::finish() {
  impl_->submit();
  if (auto st = impl_->drain(0); !st) return st;
  return impl_->collect(0);
}

}  // namespace tracesan
