#include "text/Edits.h"

#include <algorithm>

namespace tracesan::text {
namespace {

bool endsInside(const Edit& e, std::size_t size) { return e.begin <= e.end && e.end <= size; }

// The edits to apply, in order, none overlapping; or an error for an overlap `overlap` forbids.
Expected<std::vector<const Edit*>> choose(std::string_view text, const std::vector<Edit>& edits, Overlap overlap) {
  std::vector<const Edit*> chosen;
  chosen.reserve(edits.size());
  for (const Edit& e : edits) {
    if (!endsInside(e, text.size())) {
      if (overlap == Overlap::Reject || overlap == Overlap::OuterWins) return internalError("edit past the end of the text");
      continue;
    }
    if (chosen.empty() || e.begin >= chosen.back()->end) {
      chosen.push_back(&e);
      continue;
    }
    const Edit& last = *chosen.back();
    switch (overlap) {
      case Overlap::Reject: return internalError("overlapping edits");
      case Overlap::FirstWins: break;
      case Overlap::OuterWins:
        if (e.begin == last.begin && e.end == last.end) chosen.back() = &e;
        else if (e.end > last.end) return internalError("overlapping edits");
        break;
      case Overlap::Merge: break;  // merged below
    }
  }
  return chosen;
}

}  // namespace

Status appendEdited(std::string& out, std::string_view text, std::vector<Edit> edits, Overlap overlap) {
  if (overlap == Overlap::OuterWins) {
    // The longer of two edits that begin together comes first, so the shorter is seen inside it.
    std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
  } else {
    std::stable_sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  }
  out.reserve(out.size() + text.size());
  std::size_t pos = 0;
  if (overlap == Overlap::Merge) {
    for (std::size_t i = 0; i < edits.size();) {
      const Edit& first = edits[i];
      std::size_t end = first.end;
      for (++i; i < edits.size() && edits[i].begin <= end; ++i) end = std::max(end, edits[i].end);
      if (end > text.size() || first.begin > first.end) continue;
      out.append(text.substr(pos, first.begin - pos));
      out.append(first.replacement);
      pos = end;
    }
    out.append(text.substr(pos));
    return Status::ok();
  }
  auto chosen = choose(text, edits, overlap);
  if (!chosen) return chosen.error();
  for (const Edit* e : *chosen) {
    out.append(text.substr(pos, e->begin - pos));
    out.append(e->replacement);
    pos = e->end;
  }
  out.append(text.substr(pos));
  return Status::ok();
}

Expected<std::string> applyEdits(std::string_view text, std::vector<Edit> edits, Overlap overlap) {
  std::string out;
  if (auto s = appendEdited(out, text, std::move(edits), overlap); !s) return s.error();
  return out;
}

}  // namespace tracesan::text
