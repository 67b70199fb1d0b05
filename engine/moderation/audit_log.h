// Copyright 2026 The Harrier Authors.
//
// audit_log.h: the append-only record of every rule-set change, rollback,
// review resolution and feed change, per instance, in the `audit` family:
//
//   <instance> 0 <~id, 8 bytes big-endian>  -> harrier.v1.AuditEntry
//
// Keys hold the bitwise complement of an increasing id, so a forward scan
// lists the newest entry first.
//
// Thread safety: thread-safe.
#ifndef HARRIER_ENGINE_MODERATION_AUDIT_LOG_H_
#define HARRIER_ENGINE_MODERATION_AUDIT_LOG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/moderation/ids.h"
#include "engine/storage/store.h"
#include "harrier/v1/moderation.pb.h"

namespace harrier {

class AuditLog {
 public:
  explicit AuditLog(Store* store) : store_(store) {}

  // Adds the entry (name and time are filled in) to `batch`.
  v1::AuditEntry Record(absl::string_view instance, absl::string_view actor,
                        absl::string_view action, absl::string_view target,
                        absl::string_view summary, absl::Time now, Store::Batch* batch);

  // Newest first.
  absl::StatusOr<std::vector<v1::AuditEntry>> List(absl::string_view instance,
                                                   int page_size,
                                                   absl::string_view page_token,
                                                   std::string* next_page_token) const;

 private:
  Store* const store_;
  IdGenerator ids_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_MODERATION_AUDIT_LOG_H_
