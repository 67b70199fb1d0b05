// Copyright 2026 The Harrier Authors.
#include "engine/engine.h"

#include <filesystem>
#include <fstream>

#include "engine/moderation/rule_set_store.h"
#include "engine/storage/store.h"
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

TEST_F(EngineTest, RescoreMaxShareOutsideZeroToOneIsRefused) {
  engine_.reset();
  EngineOptions options;
  options.data_dir = data_dir_;
  options.config_dir = config_dir_;
  for (double share : {-0.1, 1.5}) {
    options.rescore_max_share = share;
    auto refused = Engine::Open(options);
    ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << share;
    EXPECT_NE(refused.status().message().find("rescore_max_share"), absl::string_view::npos)
        << refused.status();
  }
  options.rescore_max_share = 1;
  EXPECT_TRUE(Engine::Open(options).ok());
}

TEST_F(EngineTest, StoredRuleSetThatNoLongerCompilesIsReplacedByEditedConfigRules) {
  engine_.reset();
  {
    // A version stored by an engine whose rule language accepted it.
    auto store = Store::Open(data_dir_, {});
    ASSERT_TRUE(store.ok()) << store.status();
    RuleSetStore versions(store->get());
    v1::RuleSet old;
    v1::RuleFile* file = old.add_files();
    file->set_path("main.rules");
    file->set_content("rule old { when object.text frobnicates \"x\" then reject }\n");
    ASSERT_TRUE(versions.Append("a.social", old, absl::Now()).ok());
  }
  EngineOptions options;
  options.data_dir = data_dir_;
  options.config_dir = config_dir_;
  auto refused = Engine::Open(options);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(refused.status().message().find("no longer compiles"), absl::string_view::npos)
      << refused.status();
  EXPECT_NE(refused.status().message().find("/instances/a.social/rules/"),
            absl::string_view::npos)
      << refused.status();

  // Config rules that do not compile either: both problems are named.
  const std::string rules_dir = config_dir_ + "/instances/a.social/rules";
  std::filesystem::create_directories(rules_dir);
  auto write = [&](const std::string& content) {
    std::ofstream(rules_dir + "/main.rules", std::ios::trunc) << content;
  };
  write("rule broken { when object.text contains then reject }\n");
  refused = Engine::Open(options);
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("main.rules:1:"), absl::string_view::npos)
      << refused.status();
  EXPECT_NE(refused.status().message().find("no longer compiles"), absl::string_view::npos)
      << refused.status();

  write("rule fixed { when object.text contains \"hello\" then reject }\n");
  Reopen();
  auto rejected = engine_->Ingest("a.social", kNote, {});
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->decision.actions(0).type(), v1::REJECT);
  EXPECT_EQ(rejected->decision.rule_set_version(), 2);
  // And the next start serves it without importing again.
  Reopen();
  auto active = engine_->moderator().versions().Get("a.social", 0);
  ASSERT_TRUE(active.ok()) << active.status();
  EXPECT_EQ(active->version(), 2);
}

}  // namespace
}  // namespace harrier
