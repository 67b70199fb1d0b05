// Copyright 2026 The Harrier Authors.
//
// community_activity.h: interactions per (instance, community) over the last
// month, for Lemmy's `scaled` rank (hot / log10(2 + interactions)).
//
// A sliding month is approximated with two 30-day buckets: the estimate is
// current + previous · (1 − elapsed fraction of the current bucket). Counts
// are kept in memory only: after a restart they start again from 0 (the
// scaled rank of a community then rises until a month of activity is seen).
//
// Thread safety: thread-safe.
#ifndef HARRIER_ENGINE_RANKING_COMMUNITY_ACTIVITY_H_
#define HARRIER_ENGINE_RANKING_COMMUNITY_ACTIVITY_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace harrier::ranking {

class CommunityActivity {
 public:
  // Counts `n` interactions at `now` and returns the new estimate.
  double Add(absl::string_view instance, absl::string_view community, absl::Time now,
             double n = 1) ABSL_LOCKS_EXCLUDED(mutex_);

  // Interactions in the month before `now` (estimate).
  double LastMonth(absl::string_view instance, absl::string_view community,
                   absl::Time now) const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  struct Buckets {
    int64_t bucket = 0;  // Index of the current 30-day bucket.
    double current = 0;
    double previous = 0;
  };
  static double Estimate(const Buckets& b, absl::Time now);
  static void Roll(Buckets* b, int64_t bucket);

  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Buckets> counts_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_COMMUNITY_ACTIVITY_H_
