// Copyright 2026 The Harrier Authors.
//
// rule_set_store.h: every accepted version of each instance's rule set,
// persisted in the `rulesets` column family:
//
//   <instance> 0 v 0 <version, 8 bytes big-endian>  -> harrier.v1.RuleSet
//   <instance> 0 active                             -> active version (8 bytes BE)
//
// Versions start at 1 and increase by one per Append (a rollback appends a
// copy of the old version's files). The active version is the latest.
//
// Thread safety: thread-safe; Append for one instance is serialised.
#ifndef HARRIER_ENGINE_MODERATION_RULE_SET_STORE_H_
#define HARRIER_ENGINE_MODERATION_RULE_SET_STORE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/storage/store.h"
#include "harrier/v1/moderation.pb.h"

namespace harrier {

class RuleSetStore {
 public:
  explicit RuleSetStore(Store* store) : store_(store) {}

  // Stores `rule_set` (files, author, change summary) as the next version of
  // `instance` and makes it active, together with the writes in `batch`.
  // Returns it with name, version and create_time set.
  absl::StatusOr<v1::RuleSet> Append(absl::string_view instance, v1::RuleSet rule_set,
                                     absl::Time now, Store::Batch batch = {});

  // Version `version` (0: the active one). NOT_FOUND when there is none.
  absl::StatusOr<v1::RuleSet> Get(absl::string_view instance, int64_t version) const;

  // Newest first, without file contents. `page_token` from a previous call.
  absl::StatusOr<std::vector<v1::RuleSet>> List(absl::string_view instance, int page_size,
                                                absl::string_view page_token,
                                                std::string* next_page_token) const;

  // Instances that have a stored rule set.
  absl::StatusOr<std::vector<std::string>> Instances() const;

 private:
  absl::StatusOr<int64_t> ActiveVersion(absl::string_view instance) const;

  Store* const store_;
  absl::Mutex append_mutex_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_MODERATION_RULE_SET_STORE_H_
