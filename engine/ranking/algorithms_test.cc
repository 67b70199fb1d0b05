// Copyright 2026 The Harrier Authors.
//
// Every expected value below is computed by hand from the published formula
// (REFERENCE.md §3); the arithmetic is in the comments.
#include "engine/ranking/algorithms.h"

#include <cmath>

#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1700000000);

std::unique_ptr<const RankingAlgorithm> Make(AlgorithmSpec spec) {
  auto algorithm = MakeAlgorithm(spec);
  EXPECT_TRUE(algorithm.ok()) << algorithm.status();
  return *std::move(algorithm);
}

RankInputs Votes(double up, double down, absl::Duration age) {
  RankInputs in;
  in.positive = up;
  in.negative = down;
  in.published = kT0;
  in.now = kT0 + age;
  return in;
}

TEST(LemmyHotTest, MatchesHandComputedValues) {
  auto hot = Make({"hot", {}});
  // score 10, 3 h: log10(12) / (3 + 2)^1.8 = 1.0791812 / 18.1194916 = 0.0595591
  EXPECT_NEAR(hot->Score(Votes(10, 0, absl::Hours(3))), 0.0595591, 1e-6);
  // score -5 (max(2, -3) = 2), 0 h: log10(2) / 2^1.8 = 0.30103 / 3.4822023 = 0.0864482
  EXPECT_NEAR(hot->Score(Votes(0, 5, absl::ZeroDuration())), 0.0864482, 1e-6);
  // Older than 7 days, or in the future: 0.
  EXPECT_EQ(hot->Score(Votes(10, 0, absl::Hours(169))), 0);
  EXPECT_EQ(hot->Score(Votes(10, 0, -absl::Hours(1))), 0);
  EXPECT_FALSE(hot->time_invariant());
  EXPECT_EQ(hot->max_age(), absl::Hours(168));
}

TEST(LemmyHotTest, GravityParameter) {
  auto hot = Make({"hot", {{"gravity", 1.0}}});
  // log10(12) / (3 + 2)^1 = 1.0791812 / 5 = 0.2158362
  EXPECT_NEAR(hot->Score(Votes(10, 0, absl::Hours(3))), 0.2158362, 1e-6);
}

TEST(LemmyScaledTest, DividesByCommunityActivity) {
  auto scaled = Make({"scaled", {}});
  RankInputs in = Votes(10, 0, absl::Hours(3));
  in.community_interactions = 98;
  // 0.0595591 / log10(2 + 98) = 0.0595591 / 2 = 0.0297796
  EXPECT_NEAR(scaled->Score(in), 0.0297796, 1e-6);
}

TEST(HackerNewsTest, MatchesHandComputedValues) {
  auto hn = Make({"hn", {}});
  // P - 1 = 10, 60 min: 10^0.8 / ((60 + 120) / 60)^1.8 = 6.3095734 / 7.2246741
  //   = 0.8733368
  EXPECT_NEAR(hn->Score(Votes(10, 0, absl::Minutes(60))), 0.8733368, 1e-6);
  // Simplified (P - 1) / (T + 2)^1.8: 10 / 3^1.8 = 10 / 7.2246741 = 1.3841455
  auto simple = Make({"hn", {{"points_exponent", 1}}});
  EXPECT_NEAR(simple->Score(Votes(10, 0, absl::Minutes(60))), 1.3841455, 1e-6);
  // No points beyond the submitter's: 0.
  EXPECT_EQ(hn->Score(Votes(0, 0, absl::Minutes(60))), 0);
}

TEST(RedditHotTest, MatchesHandComputedValues) {
  auto reddit = Make({"reddit_hot", {}});
  RankInputs in;
  in.published = absl::FromUnixSeconds(1134028003 + 45000);
  in.now = in.published;
  in.positive = 100;
  // sign 1 · log10(100) + 45000 / 45000 = 2 + 1 = 3
  EXPECT_DOUBLE_EQ(reddit->Score(in), 3);
  in.positive = 0;
  in.negative = 100;
  // -1 · 2 + 1 = -1
  EXPECT_DOUBLE_EQ(reddit->Score(in), -1);
  in.negative = 0;
  // s = 0: sign 0, log10(max(0, 1)) = 0: 0 + 1 = 1
  EXPECT_DOUBLE_EQ(reddit->Score(in), 1);
  // Time does not change the score.
  in.now += absl::Hours(1000);
  EXPECT_DOUBLE_EQ(reddit->Score(in), 1);
  EXPECT_TRUE(reddit->time_invariant());
}

TEST(WilsonTest, MatchesHandComputedValues) {
  auto best = Make({"best", {}});
  // z = 1.281551565545, z² = 1.6423744.
  // 10 up, 0 down: p = 1, n = 10:
  //   (1 + 1.6423744/20 - z·sqrt((0 + 1.6423744/40)/10)) / (1 + 0.1642374)
  //   = (1 + 0.0821187 - 1.2815516 · 0.0640776) / 1.1642374
  //   = (1.0821187 - 0.0821187) / 1.1642374 = 0.8589313
  EXPECT_NEAR(best->Score(Votes(10, 0, absl::ZeroDuration())), 0.8589313, 1e-6);
  // 6 up, 4 down: p = 0.6: (0.6 + 0.0821187 - z·sqrt((0.24 + 0.0410594)/10))
  //   / 1.1642374 = (0.6821187 - 0.2148499) / 1.1642374 = 0.4013518
  EXPECT_NEAR(best->Score(Votes(6, 4, absl::ZeroDuration())), 0.4013518, 1e-6);
  EXPECT_EQ(best->Score(Votes(0, 0, absl::ZeroDuration())), 0);
}

TEST(ControversialTest, MatchesHandComputedValues) {
  auto controversial = Make({"controversial", {}});
  // (10 + 5)^(5/10) = sqrt(15) = 3.8729833
  EXPECT_NEAR(controversial->Score(Votes(10, 5, absl::ZeroDuration())), 3.8729833, 1e-6);
  EXPECT_EQ(controversial->Score(Votes(10, 0, absl::ZeroDuration())), 0);
}

TEST(TrendingTest, MatchesHandComputedValues) {
  auto trending = Make({"trending", {}});
  RankInputs in = Votes(0, 0, absl::Hours(2));
  in.likes = 3;
  in.boosts = 3;
  // observed 6 >= 5: (6 - 1)² / 1 = 25, decayed 25 · 0.5^(2/1) = 6.25.
  Explanation explanation = trending->Explain(in);
  double decayed = -1, raw = -1;
  for (const ScoreComponent& c : explanation.components) {
    if (c.name == "decayed_now") decayed = c.value;
    if (c.name == "raw") raw = c.value;
  }
  EXPECT_DOUBLE_EQ(raw, 25);
  EXPECT_DOUBLE_EQ(decayed, 6.25);
  // Stored key: log2(25) + t / 3600 = 4.6438562 + 1700000000 / 3600.
  EXPECT_NEAR(explanation.score, 4.6438562 + 1700000000.0 / 3600, 1e-6);
  // Below the threshold of 5: ranked last.
  in.likes = 1;
  EXPECT_LT(trending->Score(in), -1e17);
}

TEST(TrendingTest, LogSpaceKeyOrdersLikeTheDecayedScore) {
  auto trending = Make({"trending", {}});
  RankInputs older = Votes(0, 0, absl::Hours(3));
  older.likes = 20;  // raw 361, decayed 361 / 8 = 45.1
  RankInputs newer = Votes(0, 0, absl::Hours(1));
  newer.published = older.published + absl::Hours(2);
  newer.now = older.now;
  newer.likes = 10;  // raw 81, decayed 81 / 2 = 40.5
  EXPECT_GT(trending->Score(older), trending->Score(newer));
  older.now = newer.now = older.now + absl::Hours(100);
  EXPECT_GT(trending->Score(older), trending->Score(newer));
}

TEST(HalfLifeTest, MatchesHandComputedValues) {
  auto half_life = Make({"half_life", {}});
  RankInputs in = Votes(3, 0, absl::Hours(6));
  in.published = absl::UnixEpoch();
  in.now = absl::UnixEpoch() + absl::Hours(6);
  // ln(1 + 3) + λ·0 = 1.3862944; value now: 4 · e^(-ln2 · 6/6) = 2.
  Explanation explanation = half_life->Explain(in);
  EXPECT_NEAR(explanation.score, 1.3862944, 1e-6);
  EXPECT_NEAR(explanation.components[2].value, 2, 1e-9);
  // 6 h newer with W = 1: ln 2 + ln 2 = ln 4: the same as W = 3, 6 h older.
  RankInputs newer = Votes(1, 0, absl::ZeroDuration());
  newer.published = absl::UnixEpoch() + absl::Hours(6);
  EXPECT_NEAR(half_life->Score(newer), std::log(4.0), 1e-9);
}

TEST(MbinTest, MatchesHandComputedValues) {
  auto mbin = Make({"mbin", {}});
  RankInputs in;
  in.published = absl::FromUnixSeconds(1000);
  in.now = absl::FromUnixSeconds(5000);
  in.likes = 2;
  in.boosts = 1;
  in.replies = 2;
  // 1000 + clamp(3·4500 + 2·1500 + 0·5000) = 1000 + 16500 = 17500
  EXPECT_DOUBLE_EQ(mbin->Score(in), 17500);
  in.likes = 100;  // 101·4500 + 3000 > 86400: clamped
  EXPECT_DOUBLE_EQ(mbin->Score(in), 1000 + 86400);
  in.likes = 0;
  in.boosts = 0;
  in.replies = 0;
  in.dislikes = 20;  // -90000 clamped to -43200
  EXPECT_DOUBLE_EQ(mbin->Score(in), 1000 - 43200);
}

TEST(ChronologicalTest, IsThePublishedTime) {
  auto chronological = Make({"chronological", {}});
  RankInputs in;
  in.published = absl::FromUnixSeconds(1000000000);
  EXPECT_DOUBLE_EQ(chronological->Score(in), 1e9);
}

TEST(CustomTest, WrapsAFunction) {
  auto custom = MakeCustomAlgorithm("likes_only", true, [](const RankInputs& in) {
    return Explanation{in.likes * 2, {{"likes", in.likes}}};
  });
  RankInputs in;
  in.likes = 4;
  EXPECT_EQ(custom->Score(in), 8);
  EXPECT_EQ(custom->name(), "likes_only");
}

TEST(MakeAlgorithmTest, RejectsUnknownNamesAndParameters) {
  EXPECT_EQ(MakeAlgorithm({"nope", {}}).status().code(), absl::StatusCode::kInvalidArgument);
  absl::Status unknown = MakeAlgorithm({"hot", {{"gravitas", 1}}}).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.message(),
            "rank: hot has no parameter 'gravitas' (known: gravity, max_age_hours)");
  EXPECT_EQ(MakeAlgorithm({"hot", {{"gravity", -1}}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MakeAlgorithm({"best", {{"z", NAN}}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace harrier::ranking
