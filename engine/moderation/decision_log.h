// Copyright 2026 The Harrier Authors.
//
// decision_log.h: every activity Harrier answered, with its decision, by
// instance and activity id, and a time index of the decisions for listing:
//
//   activities <instance> 0 <activity id>          -> harrier.storage.ActivityRecord
//                                                     (JSON, decision, hints)
//   decisions  <instance> 0 t 0 <decide time µs, 8 bytes BE> 1 <activity id>
//                                                  -> the decisions of one write
//                                                     group (decision_index.h)
//
// Neither value repeats what its key gives back (the activity id, the
// decision's name), and the activity record leaves out the normalised
// activity: GetActivity derives it from the JSON again. Records written by
// older versions, with all of it, are read as they are.
//
// The activity record doubles as the dedup marker of ingestion: an activity
// id with a record has been ingested. One random-key write per activity, and
// one time-index record per write group (appended in time order, which
// RocksDB's memtable does cheaply).
//
// Thread safety: thread-safe.
#ifndef HARRIER_ENGINE_MODERATION_DECISION_LOG_H_
#define HARRIER_ENGINE_MODERATION_DECISION_LOG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/moderation/decision_index.h"
#include "engine/storage/store.h"
#include "harrier/v1/decision.pb.h"
#include "harrier/v1/records.pb.h"

namespace harrier {

struct DecisionFilter {
  std::string rule_id;                              // any rule when empty
  v1::ActionType action = v1::ACTION_TYPE_UNSPECIFIED;  // any when unspecified
  std::string actor_host;                           // any when empty
  absl::Time start = absl::InfinitePast();          // inclusive
  absl::Time end = absl::InfiniteFuture();          // exclusive
};

class DecisionLog {
 public:
  explicit DecisionLog(Store* store) : store_(store) {}

  // Adds `record` (its decision's decide_time set) to `batch`, with
  // `activity_json`, the activity as received, as its JSON (`record`'s own
  // activity_json is not read: the ingest path passes the request's bytes
  // rather than copy them into `record` first). The decision goes into
  // `index`, which the caller flushes into the same batch (one time-index
  // record for a whole write group); without one, into a record of its own.
  void Record(absl::string_view instance, const v1::StoredActivity& record,
              absl::string_view activity_json, Store::Batch* batch,
              DecisionIndexBuffer* index = nullptr) const;

  // NOT_FOUND "activity_id: ..." when the activity was never decided.
  absl::StatusOr<v1::Decision> Get(absl::string_view instance,
                                   absl::string_view activity_id) const;

  // For each of `activity_ids`, whether it has no record, in one batched
  // read (cheaper per id than a Get each). Ids in any order.
  absl::StatusOr<std::vector<bool>> Missing(absl::string_view instance,
                                            const std::vector<std::string>& activity_ids) const;

  // The stored activity with its decision and its normalised activity
  // (derived from the stored JSON; left with the hints alone if the
  // normaliser no longer accepts that JSON); NOT_FOUND as Get.
  absl::StatusOr<v1::StoredActivity> GetActivity(absl::string_view instance,
                                                 absl::string_view activity_id) const;
  // GetActivity of each of `activity_ids`, in one batched read.
  std::vector<absl::StatusOr<v1::StoredActivity>> GetActivities(
      absl::string_view instance, const std::vector<std::string>& activity_ids) const;

  // Newest first. A decision matches `rule_id` when an enforce or shadow
  // explanation names it, and `action` when a final action has that type.
  absl::StatusOr<std::vector<v1::Decision>> List(absl::string_view instance,
                                                 const DecisionFilter& filter,
                                                 int page_size,
                                                 absl::string_view page_token,
                                                 std::string* next_page_token) const;

 private:
  // The record with the decision's fields restored, without deriving the
  // normalised activity.
  // The record from what the store answered for `activity_id`.
  static absl::StatusOr<v1::StoredActivity> RecordFrom(absl::string_view instance,
                                                       absl::string_view activity_id,
                                                       absl::StatusOr<std::string> bytes);
  // Derives `record`'s normalised activity from its JSON (GetActivity).
  static void Normalize(v1::StoredActivity* record);
  absl::StatusOr<v1::StoredActivity> ReadRecord(absl::string_view instance,
                                                absl::string_view activity_id) const;

  Store* const store_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_MODERATION_DECISION_LOG_H_
