// Copyright 2026 The Harrier Authors.
#include "engine/ranking/community_activity.h"

#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

TEST(CommunityActivityTest, CountsASlidingMonth) {
  CommunityActivity activity;
  // The start of a 30-day bucket.
  const absl::Time start = absl::UnixEpoch() + absl::Hours(24 * 30) * 700;
  for (int i = 0; i < 10; ++i) activity.Add("i", "c", start + absl::Hours(1));
  EXPECT_DOUBLE_EQ(activity.LastMonth("i", "c", start + absl::Hours(1)), 10);
  EXPECT_EQ(activity.LastMonth("i", "other", start), 0);
  EXPECT_EQ(activity.LastMonth("j", "c", start), 0);
  // Half-way through the next bucket, half of the previous one still counts.
  const absl::Time next_half = start + absl::Hours(24 * 45);
  EXPECT_DOUBLE_EQ(activity.LastMonth("i", "c", next_half), 5);
  EXPECT_DOUBLE_EQ(activity.Add("i", "c", next_half, 2), 7);
  // Two months later nothing is left.
  EXPECT_EQ(activity.LastMonth("i", "c", start + absl::Hours(24 * 95)), 0);
}

}  // namespace
}  // namespace harrier::ranking
