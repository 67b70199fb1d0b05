// Copyright 2026 The Harrier Authors.
#include "engine/ranking/feed_index.h"

#include <limits>
#include <vector>

#include "engine/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

TEST(ScoreEncodingTest, BytesSortInDescendingScoreOrderAndRoundTrip) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> scores = {inf, 1e300, 3.5, 1, 1e-300, 0, -1e-300, -1, -2.5, -1e300, -inf};
  for (size_t i = 0; i < scores.size(); ++i) {
    EXPECT_EQ(DecodeDescendingScore(EncodeDescendingScore(scores[i])), scores[i]);
    if (i > 0) {
      EXPECT_LT(EncodeDescendingScore(scores[i - 1]), EncodeDescendingScore(scores[i]))
          << scores[i - 1] << " vs " << scores[i];
    }
  }
  EXPECT_EQ(EncodeDescendingScore(-0.0), EncodeDescendingScore(0.0));
  EXPECT_EQ(EncodeDescendingScore(std::nan("")), EncodeDescendingScore(0.0));
}

class FeedIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open(harrier::testing::NewTempDir("feed_index"), {});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::vector<std::string> Ids(uint64_t generation, std::optional<double> after_score = {},
                               absl::string_view after_id = "") {
    std::vector<std::string> ids;
    FeedIndex index(store_.get());
    EXPECT_TRUE(index
                    .Scan("i", "f", generation, after_score, after_id, nullptr,
                          [&](const IndexEntry& e) {
                            ids.push_back(e.object_id);
                            return true;
                          })
                    .ok());
    return ids;
  }

  std::unique_ptr<Store> store_;
};

TEST_F(FeedIndexTest, ScansByDescendingScoreThenObjectIdAndResumesAfterACursor) {
  Store::Batch batch;
  storage::FeedIndexValue value;
  value.set_author_id("alice");
  FeedIndex::PutEntry(&batch, "i", "f", 0, 1.0, "b", value);
  FeedIndex::PutEntry(&batch, "i", "f", 0, 5.0, "a", value);
  FeedIndex::PutEntry(&batch, "i", "f", 0, 1.0, "a", value);
  FeedIndex::PutEntry(&batch, "i", "f", 0, -3.0, "z", value);
  FeedIndex::PutEntry(&batch, "i", "f2", 0, 9.0, "other-feed", value);
  FeedIndex::PutEntry(&batch, "i", "f", 1, 9.0, "next-generation", value);
  FeedIndex::PutEntry(&batch, "j", "f", 0, 9.0, "other-instance", value);
  ASSERT_TRUE(store_->Write(batch).ok());

  EXPECT_EQ(Ids(0), (std::vector<std::string>{"a", "a", "b", "z"}));
  EXPECT_EQ(Ids(0, 1.0, "a"), (std::vector<std::string>{"b", "z"}));
  // A cursor whose entry is gone (re-scored) still resumes at its position.
  EXPECT_EQ(Ids(0, 2.0, "q"), (std::vector<std::string>{"a", "b", "z"}));
  EXPECT_EQ(Ids(1), (std::vector<std::string>{"next-generation"}));

  Store::Batch remove;
  FeedIndex::DeleteEntry(&remove, "i", "f", 0, 5.0, "a");
  FeedIndex::DeleteGeneration(&remove, "i", "f", 1);
  ASSERT_TRUE(store_->Write(remove).ok());
  EXPECT_EQ(Ids(0), (std::vector<std::string>{"a", "b", "z"}));
  EXPECT_TRUE(Ids(1).empty());
  EXPECT_EQ(*FeedIndex(store_.get()).Count("i", "f", 0), 3);
}

TEST_F(FeedIndexTest, RecordsRoundTripAndDefaultWhenAbsent) {
  FeedIndex index(store_.get());
  EXPECT_FALSE(index.ReadMember("i", "f", "a")->has_value());
  EXPECT_EQ(index.ReadGeneration("i", "f")->generation(), 0u);
  EXPECT_TRUE(index.ReadMembership("i", "a")->feed_ids().empty());

  Store::Batch batch;
  storage::FeedMemberRecord member;
  member.set_score(2.5);
  member.set_generation(3);
  batch.Put(Family::kFeedScores, FeedIndex::MemberKey("i", "f", "a"), member.SerializeAsString());
  storage::FeedMembership membership;
  membership.add_feed_ids("f");
  batch.Put(Family::kFeedScores, FeedIndex::MembershipKey("i", "a"),
            membership.SerializeAsString());
  batch.Put(Family::kFeedScores, FeedIndex::GenerationKey("i", "f"), "garbage\xff");
  ASSERT_TRUE(store_->Write(batch).ok());
  EXPECT_EQ((*index.ReadMember("i", "f", "a"))->score(), 2.5);
  EXPECT_EQ(index.ReadMembership("i", "a")->feed_ids(0), "f");
  EXPECT_EQ(index.ReadGeneration("i", "f").status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace harrier::ranking
