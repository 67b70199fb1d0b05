// Copyright 2026 The Harrier Authors.
//
// engagement_signals.h: turns an object's engagement counts (total and per
// source host, from the ledger's EngagementRecord) into the RankInputs
// engagement fields of one feed, applying:
//
//   kind weights   like, boost, reply, quote, dislike, reaction
//   host weights   a trust multiplier per source host (default 1; 0 ignores
//                  a host)
//   per-host cap   no host contributes more than `per_host_cap` of the
//                  object's weighted engagement (1 = no cap)
//
// The cap is the water-filling fixed point: each host's weighted engagement
// w_h is limited to x, the largest value with x = max(cap_floor,
// per_host_cap · Σ_h min(w_h, x)). So whenever the capped total exceeds
// cap_floor / per_host_cap, no host's share exceeds per_host_cap; below that,
// each host may contribute up to cap_floor (an object liked only on its home
// server still ranks). A capped host's counts of every kind are scaled by
// min(w_h, x) / w_h. Dislikes count towards w_h with |weight|.
//
// When the record has no per-host breakdown, `total` is used uncapped.
//
// Thread safety: pure functions. Errors: none.
#ifndef HARRIER_ENGINE_RANKING_ENGAGEMENT_SIGNALS_H_
#define HARRIER_ENGINE_RANKING_ENGAGEMENT_SIGNALS_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "engine/ranking/algorithms.h"
#include "harrier/storage/records.pb.h"

namespace harrier::ranking {

struct EngagementWeights {
  double like = 1;
  double boost = 1;
  double reply = 1;
  double quote = 1;
  double reaction = 1;
  // Magnitude of a downvote; `negative` = dislike · dislikes.
  double dislike = 1;
  // In (0, 1]; 1 disables the cap.
  double per_host_cap = 1;
  // Weighted engagement each host may always contribute (see above).
  double cap_floor = 5;
  // Trust multiplier per host (lower-case host names); others get 1.
  absl::flat_hash_map<std::string, double> host_weights;
};

// Fills the engagement fields of `inputs` (likes … dislikes, positive,
// negative) from `record`; other fields are left alone.
// Moderation's downrank(f): scales the positive signals (likes, boosts,
// replies, quotes, reactions, positive) by `factor` when it is in (0, 1).
void ApplyRankFactor(double factor, RankInputs* in);

void ComputeEngagement(const storage::EngagementRecord& record,
                       const EngagementWeights& weights, RankInputs* inputs);

// The cap x above for weighted per-host engagement `per_host` (each >= 0).
// Exposed for tests.
double PerHostCapValue(std::vector<double> per_host, double per_host_cap,
                       double cap_floor);

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_ENGAGEMENT_SIGNALS_H_
