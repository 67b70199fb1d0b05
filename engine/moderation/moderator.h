// Copyright 2026 The Harrier Authors.
//
// moderator.h: each instance's active rule set, and the changes to it.
//
// Sources and restarts: at start, Load() serves each instance's latest
// stored version (RocksDB). The files under
// <config_dir>/instances/<name>/rules/ are imported as a new version only when
// they differ from what was last imported from there (a digest that is the
// same in every process is kept, config_digest.h), as the version after the
// stored one, so an edited config file takes effect at the next start,
// while versions pushed
// through the API survive restarts as long as the config files do not change.
// A config rule set that does not compile stops the start with its
// diagnostics: a deliberate change is never silently ignored. A stored
// version that no longer compiles (DATA_LOSS) stops the start too, unless
// changed config files that compile replace it.
//
// Hot swap: Put/Rollback compile and test a new version outside any lock the
// ingest path takes, then replace the instance's active set with one pointer
// swap. Decide() copies the pointer and evaluates without locks, so an ingest
// sees the old or the new set, never a mix, and never waits on compilation.
//
// Thread safety: every method is thread-safe; Put/Rollback are serialised.
#ifndef HARRIER_ENGINE_MODERATION_MODERATOR_H_
#define HARRIER_ENGINE_MODERATION_MODERATOR_H_

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/instances.h"
#include "engine/moderation/audit_log.h"
#include "engine/moderation/rule_set_store.h"
#include "engine/storage/store.h"
#include "harrier/v1/activity.pb.h"
#include "harrier/v1/decision.pb.h"
#include "harrier/v1/moderation.pb.h"
#include "rules/rule_set.h"

namespace harrier {

class Moderator {
 public:
  Moderator(Store* store, AuditLog* audit) : store_(store), versions_(store), audit_(audit) {}

  // See the file comment. INVALID_ARGUMENT with rendered diagnostics when a
  // changed config rule set does not compile.
  absl::Status Load(const InstanceRegistry& instances, const std::string& config_dir,
                    absl::Time now);

  // The instance's decision for `activity` (ACCEPT and version 0 when it has
  // no rule set). Only the rule fields are set; the caller names it.
  v1::Decision Decide(absl::string_view instance, const v1::NormalizedActivity& activity,
                      absl::Time now) const;

  // Counts the enforce and shadow hits of `decision` into `batch`.
  void RecordHits(absl::string_view instance, const v1::Decision& decision,
                  absl::Time now, Store::Batch* batch);

  absl::StatusOr<v1::ValidateRuleSetResponse> Validate(
      absl::string_view instance, const std::vector<v1::RuleFile>& files) const;

  // Parses, checks, compiles, runs the embedded tests, then activates. On any
  // failure `activated` is false, the response carries the diagnostics and
  // the active set stays.
  absl::StatusOr<v1::PutRuleSetResponse> Put(absl::string_view instance,
                                             const std::vector<v1::RuleFile>& files,
                                             absl::string_view author, absl::Time now);

  // Activates the files of `version` again, as a new version.
  absl::StatusOr<v1::PutRuleSetResponse> Rollback(absl::string_view instance,
                                                  int64_t version,
                                                  absl::string_view author, absl::Time now);

  const RuleSetStore& versions() const { return versions_; }

  absl::StatusOr<v1::GetRuleStatsResponse> Stats(absl::string_view instance,
                                                 absl::Time now) const;

 private:
  struct Active {
    int64_t version = 0;
    std::shared_ptr<const rules::CompiledRuleSet> rules;
  };
  struct Compiled {
    bool ok = false;
    std::shared_ptr<const rules::CompiledRuleSet> rules;
    std::vector<v1::Diagnostic> diagnostics;
    std::vector<std::string> test_results;
  };

  absl::StatusOr<Compiled> Compile(const std::vector<v1::RuleFile>& files,
                                   int64_t version, absl::Time now) const;
  std::shared_ptr<const Active> ActiveFor(absl::string_view instance) const;
  // Serves the instance's latest stored version, if it has one.
  absl::Status ActivateStored(absl::string_view instance, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(put_mutex_);
  absl::StatusOr<v1::PutRuleSetResponse> PutLocked(absl::string_view instance,
                                                   const std::vector<v1::RuleFile>& files,
                                                   absl::string_view author,
                                                   absl::string_view action,
                                                   int64_t rollback_of, absl::Time now,
                                                   Store::Batch extra)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(put_mutex_);

  Store* const store_;
  RuleSetStore versions_;
  AuditLog* const audit_;

  absl::Mutex put_mutex_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const Active>> active_
      ABSL_GUARDED_BY(mu_);

  // The last few matched activity ids per instance and rule, newest first
  // (kept in memory: since the process started).
  mutable absl::Mutex recent_mu_;
  absl::flat_hash_map<std::string, std::deque<std::string>> recent_ ABSL_GUARDED_BY(recent_mu_);
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_MODERATION_MODERATOR_H_
