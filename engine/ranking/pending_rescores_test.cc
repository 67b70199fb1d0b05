// Copyright 2026 The Harrier Authors.
#include "engine/ranking/pending_rescores.h"

#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

TEST(PendingRescoresTest, CoalescesEventsPerObjectAndInstance) {
  PendingRescores pending;
  EXPECT_FALSE(pending.Contains("a", "post1"));
  pending.Add("a", {"post1", "post2"});
  pending.Add("a", {"post1"});
  pending.Add("b", {"post1"});
  EXPECT_TRUE(pending.Contains("a", "post1"));
  EXPECT_FALSE(pending.Contains("a", "post3"));
  EXPECT_EQ(pending.size(), 3u);

  PendingRescores::Objects taken = pending.Take("a");
  ASSERT_EQ(taken.size(), 2u);
  EXPECT_EQ(taken["post1"], 2);
  EXPECT_EQ(taken["post2"], 1);
  // Taken means no longer pending; the other instance keeps its own.
  EXPECT_FALSE(pending.Contains("a", "post1"));
  EXPECT_TRUE(pending.Contains("b", "post1"));
  EXPECT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending.Instances(), std::vector<std::string>{"b"});
  EXPECT_TRUE(pending.Take("a").empty());
}

TEST(PendingRescoresTest, RestoreAddsBackWhatAFailedFlushTook) {
  PendingRescores pending;
  pending.Add("a", {"post1", "post1"});
  PendingRescores::Objects taken = pending.Take("a");
  pending.Add("a", {"post1"});  // Another event while the flush ran.
  pending.Restore("a", taken);
  EXPECT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending.Take("a")["post1"], 3);
}

}  // namespace
}  // namespace harrier::ranking
