// Copyright 2026 The Harrier Authors.
//
// Tests of the moderation records: rule-set versions, audit log, review
// queue, decision log, and the paging they share.
#include <set>

#include "engine/moderation/audit_log.h"
#include "engine/moderation/decision_log.h"
#include "engine/moderation/list_cursor.h"
#include "engine/moderation/review_queue.h"
#include "engine/moderation/rule_set_store.h"
#include "engine/normalize/normalizer.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"
#include "engine/testing/temp_store.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1790000000);

class RecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::NewTempStore("records");
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<Store> store_;
};

v1::RuleSet RuleSetWith(const std::string& content, const std::string& author) {
  v1::RuleSet rule_set;
  v1::RuleFile* file = rule_set.add_files();
  file->set_path("main.rules");
  file->set_content(content);
  rule_set.set_author(author);
  return rule_set;
}

TEST_F(RecordsTest, RuleSetVersionsIncreaseAndListNewestFirst) {
  RuleSetStore rule_sets(store_.get());
  EXPECT_EQ(rule_sets.Get("a", 0).status().code(), absl::StatusCode::kNotFound);
  for (int i = 1; i <= 5; ++i) {
    auto stored = rule_sets.Append("a", RuleSetWith("v" + std::to_string(i), "mod"),
                                   kT0 + absl::Seconds(i));
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->version(), i);
    EXPECT_EQ(stored->name(), "instances/a/ruleSet");
  }
  ASSERT_TRUE(rule_sets.Append("b", RuleSetWith("other", "x"), kT0).ok());
  auto active = rule_sets.Get("a", 0);
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->version(), 5);
  EXPECT_EQ(active->files(0).content(), "v5");
  EXPECT_EQ(rule_sets.Get("a", 2)->files(0).content(), "v2");
  EXPECT_EQ(rule_sets.Get("a", 9).status().code(), absl::StatusCode::kNotFound);

  std::string token;
  auto page1 = rule_sets.List("a", 2, "", &token);
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->size(), 2u);
  EXPECT_EQ((*page1)[0].version(), 5);
  EXPECT_EQ((*page1)[1].version(), 4);
  EXPECT_TRUE((*page1)[0].files().empty());
  ASSERT_FALSE(token.empty());
  std::string token2;
  auto page2 = rule_sets.List("a", 2, token, &token2);
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_EQ((*page2)[0].version(), 3);
  std::string token3;
  auto page3 = rule_sets.List("a", 2, token2, &token3);
  ASSERT_EQ(page3->size(), 1u);
  EXPECT_EQ((*page3)[0].version(), 1);
  EXPECT_TRUE(token3.empty());

  auto instances = rule_sets.Instances();
  ASSERT_TRUE(instances.ok());
  EXPECT_EQ(*instances, (std::vector<std::string>{"a", "b"}));
}

TEST_F(RecordsTest, GarbagePageTokenIsInvalidArgument) {
  RuleSetStore rule_sets(store_.get());
  std::string token;
  auto page = rule_sets.List("a", 2, "not-a-token!", &token);
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(page.status().message().substr(0, 12), "page_token: ");
  EXPECT_EQ(ClampPageSize(0, 20, 100).value(), 20);
  EXPECT_EQ(ClampPageSize(101, 20, 100).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RecordsTest, AuditListsNewestFirstWithPaging) {
  AuditLog audit(store_.get());
  for (int i = 0; i < 7; ++i) {
    Store::Batch batch;
    audit.Record("a", "mod", "ruleset.put", "instances/a/ruleSet", "v" + std::to_string(i),
                 kT0 + absl::Seconds(i), &batch);
    ASSERT_TRUE(store_->Write(batch).ok());
  }
  std::vector<std::string> summaries;
  std::string token;
  do {
    std::string next;
    auto page = audit.List("a", 3, token, &next);
    ASSERT_TRUE(page.ok());
    for (const auto& entry : *page) summaries.push_back(entry.summary());
    token = next;
  } while (!token.empty());
  EXPECT_EQ(summaries, (std::vector<std::string>{"v6", "v5", "v4", "v3", "v2", "v1", "v0"}));
  std::string next;
  EXPECT_TRUE(audit.List("b", 3, "", &next)->empty());
}

TEST_F(RecordsTest, ReviewItemsQueueFilterAndResolve) {
  ReviewQueue queue(store_.get());
  std::vector<std::string> names;
  for (int i = 0; i < 4; ++i) {
    v1::ReviewItem item;
    item.set_reason(i % 2 == 0 ? v1::ReviewItem::HELD : v1::ReviewItem::REPORT);
    item.set_activity_id("act" + std::to_string(i));
    Store::Batch batch;
    names.push_back(queue.Add("a", item, kT0 + absl::Seconds(i), &batch).name());
    ASSERT_TRUE(store_->Write(batch).ok());
  }
  std::string next;
  auto held = queue.List("a", v1::ReviewItem::OPEN, v1::ReviewItem::HELD, 10, "", &next);
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 2u);
  EXPECT_EQ((*held)[0].activity_id(), "act0");  // oldest first
  EXPECT_EQ((*held)[1].activity_id(), "act2");

  auto id = ReviewQueue::ParseId(names[0].substr(names[0].rfind('/') + 1));
  ASSERT_TRUE(id.ok());
  Store::Batch batch;
  auto escalated = queue.Resolve("a", *id, v1::ReviewItem::ESCALATED, "ask legal", "mod1",
                                 kT0 + absl::Minutes(1), &batch);
  ASSERT_TRUE(escalated.ok());
  ASSERT_TRUE(store_->Write(batch).ok());
  Store::Batch batch2;
  auto approved = queue.Resolve("a", *id, v1::ReviewItem::APPROVED, "fine", "mod2",
                                kT0 + absl::Minutes(2), &batch2);
  ASSERT_TRUE(approved.ok());
  ASSERT_TRUE(store_->Write(batch2).ok());
  EXPECT_EQ(queue.Get("a", *id)->resolved_by(), "mod2");
  Store::Batch batch3;
  EXPECT_EQ(queue.Resolve("a", *id, v1::ReviewItem::REJECTED, "", "m", kT0, &batch3)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(queue.Resolve("a", *id, v1::ReviewItem::OPEN, "", "m", kT0, &batch3)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(queue.Get("b", *id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(ReviewQueue::ParseId("abc").ok());
  auto open = queue.List("a", v1::ReviewItem::OPEN, v1::ReviewItem::REASON_UNSPECIFIED, 10,
                         "", &next);
  EXPECT_EQ(open->size(), 3u);
}

v1::StoredActivity MakeDecision(const std::string& id, absl::Time time,
                                v1::ActionType action, const std::string& rule,
                                const std::string& host) {
  v1::StoredActivity record;
  record.set_activity_id(id);
  record.set_activity_json("{}");
  v1::Decision& decision = *record.mutable_decision();
  decision.set_activity_id(id);
  decision.add_actions()->set_type(action);
  if (!rule.empty()) decision.add_explanations()->set_rule_id(rule);
  decision.set_actor_host(host);
  SetTimestamp(time, decision.mutable_decide_time());
  return record;
}

TEST_F(RecordsTest, DecisionsListNewestFirstWithFilters) {
  DecisionLog log(store_.get());
  Store::Batch batch;
  log.Record("a", MakeDecision("d1", kT0, v1::ACCEPT, "", "x.example"), "{}", &batch);
  log.Record("a", MakeDecision("d2", kT0 + absl::Seconds(1), v1::REJECT, "spam", "y.example"),
             "{}", &batch);
  log.Record("a", MakeDecision("d3", kT0 + absl::Seconds(2), v1::HOLD, "scam", "y.example"),
             "{}", &batch);
  log.Record("a", MakeDecision("d4", kT0 + absl::Seconds(3), v1::REJECT, "spam", "x.example"),
             "{}", &batch);
  ASSERT_TRUE(store_->Write(batch).ok());

  EXPECT_EQ(log.Get("a", "d3")->actions(0).type(), v1::HOLD);
  EXPECT_EQ(log.Get("b", "d3").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(log.GetActivity("a", "d3")->activity_json(), "{}");
  EXPECT_EQ(log.GetActivity("a", "d3")->decision().actions(0).type(), v1::HOLD);

  auto ids = [&](const DecisionFilter& filter) {
    std::vector<std::string> out;
    std::string token;
    do {
      std::string next;
      auto page = log.List("a", filter, 1, token, &next);
      EXPECT_TRUE(page.ok());
      for (const auto& d : *page) out.push_back(d.activity_id());
      token = next;
    } while (!token.empty());
    return out;
  };
  EXPECT_EQ(ids({}), (std::vector<std::string>{"d4", "d3", "d2", "d1"}));
  DecisionFilter by_rule;
  by_rule.rule_id = "spam";
  EXPECT_EQ(ids(by_rule), (std::vector<std::string>{"d4", "d2"}));
  DecisionFilter by_action;
  by_action.action = v1::HOLD;
  EXPECT_EQ(ids(by_action), (std::vector<std::string>{"d3"}));
  DecisionFilter by_host;
  by_host.actor_host = "x.example";
  EXPECT_EQ(ids(by_host), (std::vector<std::string>{"d4", "d1"}));
  DecisionFilter by_time;
  by_time.start = kT0 + absl::Seconds(1);
  by_time.end = kT0 + absl::Seconds(3);
  EXPECT_EQ(ids(by_time), (std::vector<std::string>{"d3", "d2"}));
}

// What an ingested activity's record holds: the JSON, the decision and the
// server's hints, and no second copy of what the key or the JSON gives back;
// read back, it is the record that was written.
TEST_F(RecordsTest, ActivityRecordIsStoredCompactlyAndReadBackWhole) {
  const std::string json =
      R"({"id":"https://a.example/act/1","type":"Create","actor":"https://a.example/users/ann",)"
      R"("object":{"id":"https://a.example/notes/1","type":"Note","content":"<p>Harbour at )"
      R"(dawn #art</p>","tag":[{"type":"Hashtag","name":"#art"}]}})";
  absl::StatusOr<v1::NormalizedActivity> normalized = NormalizeActivity(json);
  ASSERT_TRUE(normalized.ok()) << normalized.status();
  normalized->mutable_hints()->set_actor_followers(12);
  v1::StoredActivity record =
      MakeDecision("https://a.example/act/1", kT0, v1::HOLD, "scam", "a.example");
  record.set_activity_type("Create");
  record.set_activity_json(json);
  record.set_ingest_time_unix_micros(absl::ToUnixMicros(kT0));
  *record.mutable_normalized() = *normalized;
  record.mutable_decision()->set_name("instances/a/decisions/https://a.example/act/1");
  record.mutable_decision()->set_activity_type("Create");

  DecisionLog log(store_.get());
  Store::Batch batch;
  log.Record("a", record, json, &batch);
  ASSERT_TRUE(store_->Write(batch).ok());

  absl::StatusOr<std::string> bytes = store_->Get(Family::kActivities, keys::Make("a", {"https://a.example/act/1"}));
  ASSERT_TRUE(bytes.ok());
  v1::StoredActivity raw;
  ASSERT_TRUE(raw.ParseFromString(*bytes));
  EXPECT_FALSE(raw.has_normalized());
  EXPECT_EQ(raw.activity_id(), "");
  EXPECT_EQ(raw.decision().name(), "");
  EXPECT_EQ(raw.decision().activity_id(), "");
  EXPECT_LT(bytes->size() + 100, record.ByteSizeLong());

  absl::StatusOr<v1::StoredActivity> read = log.GetActivity("a", "https://a.example/act/1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->DebugString(), record.DebugString());
  EXPECT_EQ(log.Get("a", "https://a.example/act/1")->DebugString(), record.decision().DebugString());
  std::string next;
  absl::StatusOr<std::vector<v1::Decision>> listed = log.List("a", {}, 10, "", &next);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].DebugString(), record.decision().DebugString());
}

// A record written whole by an older version is read as it was written.
TEST_F(RecordsTest, OlderWholeActivityRecordIsReadAsWritten) {
  v1::StoredActivity record = MakeDecision("old-1", kT0, v1::ACCEPT, "", "a.example");
  record.set_activity_type("Like");
  record.set_activity_json(R"({"id":"old-1","type":"Like","actor":"https://a.example/u"})");
  record.mutable_normalized()->set_id("old-1");
  record.mutable_normalized()->set_type("Like");  // not what the JSON normalises to
  record.mutable_decision()->set_name("instances/a/decisions/old-1");
  record.mutable_decision()->set_activity_type("Like");
  ASSERT_TRUE(store_->Write([&] {
    Store::Batch batch;
    batch.Put(Family::kActivities, keys::Make("a", {"old-1"}), record.SerializeAsString());
    return batch;
  }()).ok());
  absl::StatusOr<v1::StoredActivity> read = DecisionLog(store_.get()).GetActivity("a", "old-1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->DebugString(), record.DebugString());
}

}  // namespace
}  // namespace harrier
