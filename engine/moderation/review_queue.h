// Copyright 2026 The Harrier Authors.
//
// review_queue.h: what moderators must look at: activities held or flagged
// by rules, and reports (Flag activities) from other servers. Stored in the
// `review` family:
//
//   <instance> 0 i 0 <id, 8 bytes big-endian>  -> harrier.v1.ReviewItem
//
// Ids increase with creation time; List returns the oldest first (a queue).
// Resolving an item (approve, reject, escalate) records who and why; an
// escalated item can be resolved again, an approved or rejected one cannot.
//
// Thread safety: thread-safe; resolutions of one item are serialised.
#ifndef HARRIER_ENGINE_MODERATION_REVIEW_QUEUE_H_
#define HARRIER_ENGINE_MODERATION_REVIEW_QUEUE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/moderation/ids.h"
#include "engine/storage/store.h"
#include "harrier/v1/moderation.pb.h"

namespace harrier {

class ReviewQueue {
 public:
  explicit ReviewQueue(Store* store) : store_(store) {}

  // Adds a new OPEN item (name, state and create_time filled in) to `batch`.
  v1::ReviewItem Add(absl::string_view instance, v1::ReviewItem item, absl::Time now,
                     Store::Batch* batch);

  absl::StatusOr<v1::ReviewItem> Get(absl::string_view instance, uint64_t id) const;

  // Oldest first; `state`/`reason` UNSPECIFIED match any.
  absl::StatusOr<std::vector<v1::ReviewItem>> List(
      absl::string_view instance, v1::ReviewItem::State state,
      v1::ReviewItem::Reason reason, int page_size, absl::string_view page_token,
      std::string* next_page_token) const;

  // Resolves item `id`. `resolution` must be APPROVED, REJECTED or ESCALATED
  // (else INVALID_ARGUMENT "resolution: ..."); NOT_FOUND for an unknown id;
  // FAILED_PRECONDITION when already approved or rejected. The updated item
  // goes into `batch`, which the caller writes (with its audit entry).
  // Hold resolve_mutex() around Resolve and the Store::Write of `batch`.
  absl::StatusOr<v1::ReviewItem> Resolve(absl::string_view instance, uint64_t id,
                                         v1::ReviewItem::State resolution,
                                         absl::string_view note,
                                         absl::string_view moderator, absl::Time now,
                                         Store::Batch* batch) const;
  absl::Mutex& resolve_mutex() { return resolve_mutex_; }

  // Items in state OPEN or ESCALATED (a metrics gauge; scans the queue).
  absl::StatusOr<int64_t> CountOpen(absl::string_view instance) const;

  // Parses the id in "instances/{i}/reviewItems/{id}"'s last part.
  static absl::StatusOr<uint64_t> ParseId(absl::string_view text);

 private:
  Store* const store_;
  IdGenerator ids_;
  absl::Mutex resolve_mutex_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_MODERATION_REVIEW_QUEUE_H_
