// Copyright 2026 The Harrier Authors.
#include "engine/ranking/engagement_signals.h"

#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

storage::EngagementRecord Record(std::initializer_list<std::pair<const char*, int>> likes) {
  storage::EngagementRecord record;
  for (const auto& [host, count] : likes) {
    (*record.mutable_by_host())[host].set_likes(count);
    record.mutable_total()->set_likes(record.total().likes() + count);
  }
  return record;
}

TEST(EngagementSignalsTest, AppliesKindWeights) {
  storage::EngagementRecord record;
  v1::EngagementCounts& counts = (*record.mutable_by_host())["a.example"];
  counts.set_likes(2);
  counts.set_boosts(1);
  counts.set_replies(1);
  counts.set_dislikes(3);
  (*counts.mutable_reactions())["🎉"] = 2;
  EngagementWeights weights;
  weights.like = 1;
  weights.boost = 2;
  weights.reply = 3;
  weights.reaction = 0.5;
  weights.dislike = 2;
  RankInputs in;
  ComputeEngagement(record, weights, &in);
  // 2·1 + 1·2 + 1·3 + 2·0.5 = 8; negative 3·2 = 6.
  EXPECT_DOUBLE_EQ(in.positive, 8);
  EXPECT_DOUBLE_EQ(in.negative, 6);
  EXPECT_DOUBLE_EQ(in.reactions, 2);
}

TEST(EngagementSignalsTest, OneHostSendingAThousandLikesIsCapped) {
  // 1,000 likes from brigade.example, 2 likes from each of 10 other hosts.
  storage::EngagementRecord record = Record({{"brigade.example", 1000}});
  for (int i = 0; i < 10; ++i) {
    std::string host = "h" + std::to_string(i) + ".example";
    (*record.mutable_by_host())[host].set_likes(2);
  }
  EngagementWeights weights;
  weights.per_host_cap = 0.2;
  RankInputs in;
  ComputeEngagement(record, weights, &in);
  // Others sum to 20: x = 0.2 · (x + 20) → x = 5 (= the floor). Total 25, and
  // the brigading host's share is 5 / 25 = 0.2.
  EXPECT_DOUBLE_EQ(in.positive, 25);
  EXPECT_LE(5 / in.positive, 0.2 + 1e-12);
}

TEST(EngagementSignalsTest, CapShareHoldsAboveTheFloor) {
  storage::EngagementRecord record = Record({{"big.example", 1000}});
  for (int i = 0; i < 10; ++i) {
    (*record.mutable_by_host())["h" + std::to_string(i)].set_likes(40);
  }
  EngagementWeights weights;
  weights.per_host_cap = 0.2;
  RankInputs in;
  ComputeEngagement(record, weights, &in);
  // Others: 400 → x = 0.2 (x + 400) → x = 100; total 500, share 0.2.
  EXPECT_DOUBLE_EQ(in.positive, 500);
}

TEST(EngagementSignalsTest, SingleHostGetsTheFloorAndTrustWeightsApply) {
  EngagementWeights weights;
  weights.per_host_cap = 0.2;
  RankInputs in;
  ComputeEngagement(Record({{"home.example", 3}}), weights, &in);
  EXPECT_DOUBLE_EQ(in.positive, 3);  // Under the floor of 5: kept.
  ComputeEngagement(Record({{"home.example", 1000}}), weights, &in);
  EXPECT_DOUBLE_EQ(in.positive, 5);

  EngagementWeights trust;
  trust.host_weights["spam.example"] = 0;
  trust.host_weights["friend.example"] = 2;
  ComputeEngagement(Record({{"spam.example", 50}, {"friend.example", 3}}), trust, &in);
  EXPECT_DOUBLE_EQ(in.positive, 6);
}

TEST(EngagementSignalsTest, CapValueFixedPoint) {
  // No cap needed: 0.5 · 10 = 5 >= every host.
  EXPECT_DOUBLE_EQ(PerHostCapValue({5, 5}, 0.5, 0), 5);
  // {8, 1, 1}, c = 0.5: k = 1 → x = 0.5 · 2 / 0.5 = 2 ∈ [1, 8].
  EXPECT_DOUBLE_EQ(PerHostCapValue({1, 8, 1}, 0.5, 0), 2);
  EXPECT_TRUE(std::isinf(PerHostCapValue({1}, 1, 0)));
}

TEST(EngagementSignalsTest, NoPerHostBreakdownUsesTotal) {
  storage::EngagementRecord record;
  record.mutable_total()->set_likes(7);
  RankInputs in;
  ComputeEngagement(record, EngagementWeights(), &in);
  EXPECT_DOUBLE_EQ(in.positive, 7);
}

}  // namespace
}  // namespace harrier::ranking
