// Copyright 2026 The Harrier Authors.
#include "engine/engine.h"

#include <filesystem>

#include "engine/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

constexpr char kNote[] = R"json({
  "@context": "https://www.w3.org/ns/activitystreams",
  "id": "https://a.example/users/alice/statuses/1/activity",
  "type": "Create",
  "actor": "https://a.example/users/alice",
  "to": ["https://www.w3.org/ns/activitystreams#Public"],
  "object": {
    "id": "https://a.example/users/alice/statuses/1",
    "type": "Note",
    "attributedTo": "https://a.example/users/alice",
    "content": "<p>Hello</p>",
    "to": ["https://www.w3.org/ns/activitystreams#Public"]
  }
})json";

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_dir_ = testing::NewTempDir("config");
    std::filesystem::create_directories(config_dir_ + "/instances/a.social");
    std::filesystem::create_directories(config_dir_ + "/instances/b.social");
    data_dir_ = testing::NewTempDir("data");
    Reopen();
  }

  void Reopen() {
    engine_.reset();
    EngineOptions options;
    options.data_dir = data_dir_;
    options.config_dir = config_dir_;
    auto engine = Engine::Open(options);
    ASSERT_TRUE(engine.ok()) << engine.status();
    engine_ = *std::move(engine);
  }

  std::string config_dir_;
  std::string data_dir_;
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineTest, IngestAcceptsAndStores) {
  auto result = engine_->Ingest("a.social", kNote, {});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->duplicate);
  EXPECT_EQ(result->activity_id, "https://a.example/users/alice/statuses/1/activity");
  EXPECT_EQ(result->activity_type, "Create");
  ASSERT_EQ(result->decision.actions_size(), 1);
  EXPECT_EQ(result->decision.actions(0).type(), v1::ACCEPT);

  auto stored = engine_->GetActivity("a.social", result->activity_id);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->activity_json(), kNote);
  EXPECT_EQ(stored->decision().actions(0).type(), v1::ACCEPT);
}

TEST_F(EngineTest, SecondIngestOfSameIdIsADuplicate) {
  ASSERT_TRUE(engine_->Ingest("a.social", kNote, {}).ok());
  auto again = engine_->Ingest("a.social", kNote, {});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->decision.actions(0).type(), v1::ACCEPT);
}

TEST_F(EngineTest, InstancesAreSeparate) {
  ASSERT_TRUE(engine_->Ingest("a.social", kNote, {}).ok());
  auto other = engine_->Ingest("b.social", kNote, {});
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->duplicate);
  EXPECT_EQ(engine_->GetActivity("b.social", "https://nope").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(EngineTest, SurvivesReopen) {
  ASSERT_TRUE(engine_->Ingest("a.social", kNote, {}).ok());
  Reopen();
  auto stored = engine_->GetActivity(
      "a.social", "https://a.example/users/alice/statuses/1/activity");
  ASSERT_TRUE(stored.ok()) << stored.status();
  auto again = engine_->Ingest("a.social", kNote, {});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
}

TEST_F(EngineTest, UnknownInstanceIsNotFound) {
  auto result = engine_->Ingest("c.social", kNote, {});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(result.status().message(), "parent: unknown instance 'c.social'");
}

TEST_F(EngineTest, BadInputIsInvalidArgumentAndChangesNothing) {
  EXPECT_EQ(engine_->Ingest("a.social", "", {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto malformed = engine_->Ingest("a.social", "{\"id\": ", {});
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(malformed.status().message().find("activity_json"), absl::string_view::npos);
  std::string huge = "[\"" + std::string(2 << 20, 'x') + "\"]";
  auto too_big = engine_->Ingest("a.social", huge, {});
  EXPECT_EQ(too_big.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(too_big.status().message().find("exceeds max_bytes"), absl::string_view::npos);
}

}  // namespace
}  // namespace harrier
