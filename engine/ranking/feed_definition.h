// Copyright 2026 The Harrier Authors.
//
// feed_definition.h: what a feed is (FeedDefinition), an instance's immutable
// set of feeds (FeedSet) and the per-instance registry that hot-swaps them
// (FeedRegistry).
//
// A `feed` block of a .feeds file (feed_config.h) compiles to a FeedDefinition:
//
//   feed art "Art" { include "art" in object.hashtags  exclude object.sensitive
//                    rank hot(gravity: 1.8)  window 7d
//                    diversity max_per_author: 2 per 20
//                    weights like: 1, boost: 2, reply: 3, per_host_cap: 0.2 }
//
//   FeedDefinition art;
//   art.id = "art";
//   art.algorithm = {"hot", {{"gravity", 1.8}}};
//   art.include = [](const v1::NormalizedActivity& a) { ... };
//   ASSIGN_OR_RETURN(auto set, FeedSet::Create({std::move(art)}));
//   registry.Set("example.social", std::move(set));
//
// Thread safety: a FeedSet is immutable once created and shared by every
// reader (the predicates must be thread-safe). FeedRegistry is thread-safe:
// Set swaps the instance's pointer under a mutex, Get copies it; readers never
// wait for a compilation. A swap does not re-rank existing members: changing
// a feed's algorithm or weights needs FeedEngine::Rescore (see RANKING.md).
// Errors: FeedSet::Create returns INVALID_ARGUMENT "feeds[i].<field>: ...".
#ifndef HARRIER_ENGINE_RANKING_FEED_DEFINITION_H_
#define HARRIER_ENGINE_RANKING_FEED_DEFINITION_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "engine/ranking/algorithms.h"
#include "engine/ranking/engagement_signals.h"
#include "harrier/v1/activity.pb.h"

namespace harrier::ranking {

// Read-time author diversity: within each run of `per` consecutive items of
// the paged sequence, an author's items after the first `max_per_author`
// are left out. 0 disables it.
struct DiversityLimit {
  int max_per_author = 0;
  int per = 20;
};

using ActivityPredicate = std::function<bool(const v1::NormalizedActivity&)>;
// The labels one evaluation gives an activity. Feeds compiled from one
// .feeds file share one (their include and exclude clauses are labels of
// one rule set), so FeedSet::Matching evaluates it once per activity however
// many feeds ask.
using LabelFunction = std::function<std::vector<std::string>(const v1::NormalizedActivity&)>;

struct FeedDefinition {
  // Key part: non-empty, no NUL. Unique within an instance.
  std::string id;
  std::string title;
  AlgorithmSpec algorithm{"chronological", {}};
  // Filled by FeedSet::Create from `algorithm` unless given (custom formulas).
  std::shared_ptr<const RankingAlgorithm> ranker;
  EngagementWeights weights;
  // Objects published longer than `window` ago leave the feed (at Rescore)
  // and are not added. Zero: no limit.
  absl::Duration window = absl::ZeroDuration();
  DiversityLimit diversity;
  // Membership, evaluated on the Create (and Update) of an object: included
  // when `include` is null or true and `exclude` is null or false, and, with
  // `labels`, when `include_label` is empty or one of its labels and
  // `exclude_label` is not.
  ActivityPredicate include;
  ActivityPredicate exclude;
  std::shared_ptr<const LabelFunction> labels;
  std::string include_label;
  std::string exclude_label;

  bool Matches(const v1::NormalizedActivity& activity) const;
  // The same, given what `labels` gives `activity` (ignored without labels).
  bool MatchesWith(const v1::NormalizedActivity& activity,
                   const std::vector<std::string>& labels_of_activity) const;
};

class FeedSet {
 public:
  // Validates and compiles `feeds`.
  static absl::StatusOr<std::shared_ptr<const FeedSet>> Create(
      std::vector<FeedDefinition> feeds);

  // An empty set.
  static std::shared_ptr<const FeedSet> Empty();

  // Null when there is no feed `id`.
  const FeedDefinition* Find(absl::string_view id) const;
  const std::vector<FeedDefinition>& feeds() const { return feeds_; }
  // Whether each feed (in the order of feeds()) admits `activity`, window
  // aside: FeedDefinition::Matches of each, with each shared label function
  // evaluated once.
  std::vector<bool> Matching(const v1::NormalizedActivity& activity) const;

 private:
  FeedSet() = default;
  std::vector<FeedDefinition> feeds_;
  absl::flat_hash_map<std::string, size_t> by_id_;
};

class FeedRegistry {
 public:
  // Replaces `instance`'s feeds atomically.
  void Set(absl::string_view instance, std::shared_ptr<const FeedSet> feeds)
      ABSL_LOCKS_EXCLUDED(mutex_);

  // `instance`'s feeds (an empty set when none were set). Never null.
  std::shared_ptr<const FeedSet> Get(absl::string_view instance) const
      ABSL_LOCKS_EXCLUDED(mutex_);

  // Instances that have feeds, for background re-scoring.
  std::vector<std::string> Instances() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, std::shared_ptr<const FeedSet>> sets_
      ABSL_GUARDED_BY(mutex_);
};

}  // namespace harrier::ranking

#endif  // HARRIER_ENGINE_RANKING_FEED_DEFINITION_H_
