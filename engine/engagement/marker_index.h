// Copyright 2026 The Harrier Authors.
//
// marker_index.h: which of the ledger's rare markers can exist, kept in
// memory so that the common case — none — costs no point read.
//
// Every new engagement edge used to make two reads that almost never find
// anything: the undo-before marker of its activity (an Undo that arrived
// first) and, for an object without counts, an older database's deleted
// marker. MarkerIndex answers both from memory:
//
//   MarkerIndex markers(&store);
//   ASSIGN_OR_RETURN(bool may, markers.MayBeUndone("i", activity_id));
//   if (may) { ... read the marker ... }     // false: there is none
//   RETURN_IF_ERROR(markers.AddUndone("i", undo_target));   // before writing one
//
// Per instance, loaded from the store on first use (a prefix scan of the
// `u` markers, a seek for an `x` marker). The undone set is a superset of
// the markers stored: AddUndone is called before the write, so a write that
// then fails leaves an id whose read finds nothing — a read, never a wrong
// answer. Past `max_undone` ids an instance answers "maybe" for every id
// (memory stays bounded; reads as before). `x` markers are never written
// any more, so an instance without one at its first use never has one.
//
// Thread-safe. `store` is not owned and must outlive the index; the index
// must not outlive a swap of the data under it (the engine builds a new one
// with each Ledger).
#ifndef HARRIER_ENGINE_ENGAGEMENT_MARKER_INDEX_H_
#define HARRIER_ENGINE_ENGAGEMENT_MARKER_INDEX_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "engine/storage/store.h"

namespace harrier {

class MarkerIndex {
 public:
  explicit MarkerIndex(const Store* store, size_t max_undone = 1 << 20)
      : store_(store), max_undone_(max_undone) {}

  MarkerIndex(const MarkerIndex&) = delete;
  MarkerIndex& operator=(const MarkerIndex&) = delete;

  // False only when `instance` holds no undo-before marker for
  // `activity_id`.
  absl::StatusOr<bool> MayBeUndone(absl::string_view instance, absl::string_view activity_id);

  // Notes a marker for `activity_id` about to be written (call before the
  // write).
  absl::Status AddUndone(absl::string_view instance, absl::string_view activity_id);

  // Whether `instance` holds any deleted marker of an older database.
  absl::StatusOr<bool> HasLegacyDeleted(absl::string_view instance);

 private:
  struct Instance {
    bool has_legacy_deleted = false;
    // More markers than max_undone_: every id may be undone.
    bool overflow = false;
    absl::flat_hash_set<std::string> undone;
  };

  // Adds an id to the entry's set, or past the bound gives the set up.
  void Note(Instance& entry, absl::string_view activity_id) const;
  // The instance's entry, loaded from the store the first time.
  absl::StatusOr<Instance*> Load(absl::string_view instance) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // `answer(entry)` under the lock (shared once the entry is loaded).
  template <typename Answer>
  absl::StatusOr<bool> Ask(absl::string_view instance, Answer answer);

  const Store* const store_;
  const size_t max_undone_;
  absl::Mutex mu_;
  // Node-stable values: Load hands out pointers.
  absl::flat_hash_map<std::string, std::unique_ptr<Instance>> instances_ ABSL_GUARDED_BY(mu_);
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_ENGAGEMENT_MARKER_INDEX_H_
