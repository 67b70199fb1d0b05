// Copyright 2026 The Harrier Authors.
//
// feed_configs.h: each instance's feed definitions (`feed` blocks, see
// docs/RANKING.md), persisted in the `rulesets` family and hot-swapped into
// the FeedEngine's registry:
//
//   <instance> 0 feed 0 <feed id>   -> harrier.v1.FeedConfig (its block's source)
//   <instance> 0 feeds_config_hash  -> (meta) hash of the config files last imported
//
// Put compiles the new blocks together with the instance's other stored
// feeds; on any error nothing changes and INVALID_ARGUMENT carries every
// problem as "source.feeds:line:col: error: ..." (the submitted document is
// "source.feeds"; config files keep their paths). Otherwise the records are written
// (audited), the registry swaps to the new set atomically, and a feed whose
// ranking changed is rebuilt from stored engagement in the background while
// its old index keeps serving.
//
// At start, Load imports <config_dir>/instances/<name>/feeds/*.feeds when
// they changed since the last import (upsert, like rule sets), then serves
// every stored feed.
//
// Thread safety: thread-safe; changes are serialised.
#ifndef HARRIER_ENGINE_FEED_CONFIGS_H_
#define HARRIER_ENGINE_FEED_CONFIGS_H_

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/instances.h"
#include "engine/moderation/audit_log.h"
#include "engine/ranking/feed_engine.h"
#include "engine/storage/store.h"
#include "harrier/v1/feeds.pb.h"
#include "harrier/v1/moderation.pb.h"

namespace harrier {

class FeedConfigs {
 public:
  FeedConfigs(Store* store, AuditLog* audit, ranking::FeedEngine* feeds)
      : store_(store), audit_(audit), feeds_(feeds) {}
  ~FeedConfigs();

  absl::Status Load(const InstanceRegistry& instances, const std::string& config_dir,
                    absl::Time now);

  // Diagnostics only; nothing changes.
  absl::StatusOr<v1::ValidateRuleSetResponse> Validate(absl::string_view instance,
                                                       absl::string_view source) const;

  // Adds or replaces the feeds whose blocks are in `source`. Returns them.
  absl::StatusOr<std::vector<v1::FeedConfig>> Put(absl::string_view instance,
                                                  absl::string_view source,
                                                  absl::string_view author, absl::Time now);

  absl::StatusOr<v1::FeedConfig> Get(absl::string_view instance, absl::string_view feed) const;
  absl::StatusOr<std::vector<v1::FeedConfig>> List(absl::string_view instance) const;
  // Removes a feed from the registry and its record (its index is left to
  // be overwritten if a feed of that id comes back).
  absl::StatusOr<v1::FeedConfig> Delete(absl::string_view instance, absl::string_view feed,
                                        absl::string_view author, absl::Time now);

  // Waits for background rebuilds (tests).
  void WaitForRebuildsForTest();

 private:
  struct Compiled;
  absl::StatusOr<Compiled> Compile(absl::string_view instance,
                                   const std::vector<v1::FeedConfig>& configs) const;
  absl::Status Activate(absl::string_view instance, const std::vector<v1::FeedConfig>& configs);
  absl::StatusOr<std::vector<v1::FeedConfig>> PutLocked(absl::string_view instance,
                                                        absl::string_view source,
                                                        absl::string_view file,
                                                        absl::string_view author,
                                                        absl::Time now, Store::Batch batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  Store* const store_;
  AuditLog* const audit_;
  ranking::FeedEngine* const feeds_;
  absl::Mutex mutex_;
  std::vector<std::thread> rebuilds_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_FEED_CONFIGS_H_
