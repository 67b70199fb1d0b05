// Copyright 2026 The Harrier Authors.
//
// decision_index.h: the time index of decisions (the `decisions` family),
// written as one record per ingest write group rather than one per decision:
//
//   decisions <instance> 0 t 0 <decide time µs, 8 bytes BE> 1 <activity id>
//       -> harrier.storage.DecisionIndexGroup: the decisions of one write
//          group, oldest first; the key's time and activity id are those of
//          its newest entry
//   decisions <instance> 0 t 0 <decide time µs, 8 bytes BE> 0 <activity id>
//       -> harrier.v1.Decision: one decision, as older versions wrote them
//          (still listed; no longer written)
//
// The byte after the fixed-width time tells the two apart. A write group of
// up to 256 activities adds one key to the memtable, the write-ahead log and
// the SST files instead of one per activity.
//
// Listing is newest first: by key, and within a group newest entry first.
// Groups written at the same time by different callers may interleave by
// less than the time one group takes to be decided; time filters apply to
// each decision's own decide_time. Page tokens carry the key suffix after
// which the next page starts and, for a group, how many of its entries are
// still to be listed; tokens of older versions (a key suffix alone) are
// still accepted.
//
// Thread safety: DecisionIndexBuffer is not thread-safe (one per write
// group); ScanDecisionIndex is.
#ifndef HARRIER_ENGINE_MODERATION_DECISION_INDEX_H_
#define HARRIER_ENGINE_MODERATION_DECISION_INDEX_H_

#include <cstddef>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/storage/store.h"
#include "harrier/storage/records.pb.h"
#include "harrier/v1/decision.pb.h"

namespace harrier {

// The decisions of one write group, until the group's batch is written.
class DecisionIndexBuffer {
 public:
  // `decision` with its decide_time set; its name and activity id are not
  // stored (the entry gives them back).
  void Add(absl::string_view activity_id, v1::Decision decision);
  size_t size() const { return static_cast<size_t>(group_.entries_size()); }
  bool empty() const { return group_.entries().empty(); }
  // Appends every entry to `other` and empties this buffer.
  void MoveTo(DecisionIndexBuffer* other);
  // Adds one record holding every entry to `batch` (nothing when empty) and
  // empties the buffer.
  void Flush(absl::string_view instance, Store::Batch* batch);

 private:
  storage::DecisionIndexGroup group_;
};

// Decides whether one decision belongs on the page: true to include it (it
// counts toward page_size), false to skip it, an error to stop. `decision`
// may be moved from. Its name and activity id may be empty (the caller
// restores them from `activity_id`).
using DecisionVisitor =
    std::function<absl::StatusOr<bool>(absl::string_view activity_id, v1::Decision& decision)>;

// Visits `instance`'s decisions newest first, starting after the position
// in `page_token`, until `page_size` were included or `max_examined` looked
// at; sets `next_page_token` (empty at the end). INVALID_ARGUMENT naming
// "page_token" for a token this server did not produce; DATA_LOSS for a
// record that does not parse.
absl::Status ScanDecisionIndex(const Store& store, absl::string_view instance, int page_size,
                               absl::string_view page_token, const DecisionVisitor& visit,
                               std::string* next_page_token, int max_examined = 10000);

}  // namespace harrier

#endif  // HARRIER_ENGINE_MODERATION_DECISION_INDEX_H_
