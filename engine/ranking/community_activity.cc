// Copyright 2026 The Harrier Authors.
#include "engine/ranking/community_activity.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace harrier::ranking {
namespace {

constexpr absl::Duration kBucket = absl::Hours(24 * 30);

int64_t BucketOf(absl::Time now) {
  absl::Duration remainder;
  return absl::IDivDuration(now - absl::UnixEpoch(), kBucket, &remainder);
}

std::string Key(absl::string_view instance, absl::string_view community) {
  return absl::StrCat(instance, absl::string_view("\0", 1), community);
}

}  // namespace

void CommunityActivity::Roll(Buckets* b, int64_t bucket) {
  if (bucket == b->bucket) return;
  b->previous = bucket == b->bucket + 1 ? b->current : 0;
  b->current = 0;
  b->bucket = bucket;
}

double CommunityActivity::Estimate(const Buckets& b, absl::Time now) {
  const int64_t bucket = BucketOf(now);
  if (bucket > b.bucket + 1) return 0;
  if (bucket == b.bucket + 1) {
    const double elapsed = absl::FDivDuration(
        now - (absl::UnixEpoch() + kBucket * bucket), kBucket);
    return b.current * (1 - elapsed);
  }
  const double elapsed =
      absl::FDivDuration(now - (absl::UnixEpoch() + kBucket * b.bucket), kBucket);
  return b.current + b.previous * std::max(0.0, 1 - elapsed);
}

double CommunityActivity::Add(absl::string_view instance, absl::string_view community,
                              absl::Time now, double n) {
  absl::MutexLock lock(&mutex_);
  Buckets& b = counts_[Key(instance, community)];
  const int64_t bucket = BucketOf(now);
  if (bucket > b.bucket) Roll(&b, bucket);
  b.current += n;
  return Estimate(b, now);
}

double CommunityActivity::LastMonth(absl::string_view instance, absl::string_view community,
                                    absl::Time now) const {
  absl::MutexLock lock(&mutex_);
  auto it = counts_.find(Key(instance, community));
  return it == counts_.end() ? 0 : Estimate(it->second, now);
}

}  // namespace harrier::ranking
