// Copyright 2026 The Harrier Authors.
#include "engine/ranking/feed_definition.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/storage/keys.h"

namespace harrier::ranking {

absl::StatusOr<std::shared_ptr<const FeedSet>> FeedSet::Create(
    std::vector<FeedDefinition> feeds) {
  std::shared_ptr<FeedSet> set(new FeedSet());
  for (size_t i = 0; i < feeds.size(); ++i) {
    FeedDefinition& feed = feeds[i];
    const std::string field = absl::StrCat("feeds[", i, "]");
    absl::Status id_status = keys::ValidateKeyPart(absl::StrCat(field, ".id"), feed.id);
    if (!id_status.ok()) return id_status;
    if (set->by_id_.contains(feed.id)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".id: duplicate feed '", feed.id, "'"));
    }
    if (feed.ranker == nullptr) {
      absl::StatusOr<std::unique_ptr<const RankingAlgorithm>> ranker =
          MakeAlgorithm(feed.algorithm);
      if (!ranker.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".", ranker.status().message()));
      }
      feed.ranker = *std::move(ranker);
    }
    const EngagementWeights& w = feed.weights;
    if (!(w.per_host_cap > 0 && w.per_host_cap <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".weights.per_host_cap: must be in (0, 1]"));
    }
    for (double value : {w.like, w.boost, w.reply, w.quote, w.reaction, w.dislike,
                         w.cap_floor}) {
      if (!std::isfinite(value)) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ".weights: must be finite numbers"));
      }
    }
    if (feed.window < absl::ZeroDuration()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".window: must be >= 0"));
    }
    if (feed.diversity.max_per_author < 0 || feed.diversity.per < 1 ||
        feed.diversity.per > 1000) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".diversity: max_per_author must be >= 0 and per in 1..1000"));
    }
    set->by_id_[feed.id] = i;
  }
  set->feeds_ = std::move(feeds);
  return std::shared_ptr<const FeedSet>(std::move(set));
}

std::shared_ptr<const FeedSet> FeedSet::Empty() {
  static const std::shared_ptr<const FeedSet>* empty =
      new std::shared_ptr<const FeedSet>(new FeedSet());
  return *empty;
}

bool FeedDefinition::MatchesWith(const v1::NormalizedActivity& activity,
                                 const std::vector<std::string>& labels_of_activity) const {
  auto has = [&labels_of_activity](const std::string& label) {
    return std::find(labels_of_activity.begin(), labels_of_activity.end(), label) !=
           labels_of_activity.end();
  };
  if (labels != nullptr) {
    if (!include_label.empty() && !has(include_label)) return false;
    if (!exclude_label.empty() && has(exclude_label)) return false;
  }
  return (!include || include(activity)) && !(exclude && exclude(activity));
}

bool FeedDefinition::Matches(const v1::NormalizedActivity& activity) const {
  return MatchesWith(activity,
                     labels != nullptr ? (*labels)(activity) : std::vector<std::string>());
}

std::vector<bool> FeedSet::Matching(const v1::NormalizedActivity& activity) const {
  std::vector<bool> matching(feeds_.size());
  // Label functions evaluated so far (feeds of one file share one).
  std::vector<std::pair<const LabelFunction*, std::vector<std::string>>> evaluated;
  const std::vector<std::string> none;
  for (size_t i = 0; i < feeds_.size(); ++i) {
    const FeedDefinition& feed = feeds_[i];
    const std::vector<std::string>* labels = &none;
    if (feed.labels != nullptr) {
      auto it = std::find_if(evaluated.begin(), evaluated.end(),
                             [&feed](const auto& done) { return done.first == feed.labels.get(); });
      if (it == evaluated.end()) {
        evaluated.emplace_back(feed.labels.get(), (*feed.labels)(activity));
        it = evaluated.end() - 1;
      }
      labels = &it->second;
    }
    matching[i] = feed.MatchesWith(activity, *labels);
  }
  return matching;
}

const FeedDefinition* FeedSet::Find(absl::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &feeds_[it->second];
}

void FeedRegistry::Set(absl::string_view instance, std::shared_ptr<const FeedSet> feeds) {
  absl::MutexLock lock(&mutex_);
  sets_[instance] = std::move(feeds);
}

std::shared_ptr<const FeedSet> FeedRegistry::Get(absl::string_view instance) const {
  absl::MutexLock lock(&mutex_);
  auto it = sets_.find(instance);
  return it == sets_.end() || it->second == nullptr ? FeedSet::Empty() : it->second;
}

std::vector<std::string> FeedRegistry::Instances() const {
  absl::MutexLock lock(&mutex_);
  std::vector<std::string> names;
  for (const auto& [name, set] : sets_) names.push_back(name);
  return names;
}

}  // namespace harrier::ranking
