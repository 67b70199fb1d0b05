// Copyright 2026 The Harrier Authors.
//
// Tests of the decisions' time index: one record per write group, listed
// newest first and paged exactly, beside the one-record-per-decision layout
// older versions wrote.
#include "engine/moderation/decision_index.h"

#include <random>
#include <string>
#include <vector>

#include "engine/moderation/decision_log.h"
#include "engine/moderation/list_cursor.h"
#include "engine/storage/keys.h"
#include "engine/storage/proto_io.h"
#include "engine/testing/temp_store.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1790000000);

v1::StoredActivity Decided(const std::string& id, absl::Duration after, const std::string& rule) {
  v1::StoredActivity record;
  record.set_activity_id(id);
  record.set_activity_type("Create");
  v1::Decision& decision = *record.mutable_decision();
  decision.add_actions()->set_type(rule.empty() ? v1::ACCEPT : v1::REJECT);
  if (!rule.empty()) decision.add_explanations()->set_rule_id(rule);
  SetTimestamp(kT0 + after, decision.mutable_decide_time());
  return record;
}

class DecisionIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::NewTempStore("decision_index");
    ASSERT_NE(store_, nullptr);
  }

  // Every id listed, page by page; fails on an error.
  std::vector<std::string> ListAll(int page_size, const DecisionFilter& filter = {},
                                   absl::string_view instance = "a") {
    std::vector<std::string> out;
    std::string token;
    for (int pages = 0; pages < 100; ++pages) {
      std::string next;
      absl::StatusOr<std::vector<v1::Decision>> page =
          log().List(instance, filter, page_size, token, &next);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(static_cast<int>(page->size()), page_size);
      for (const v1::Decision& d : *page) {
        EXPECT_EQ(d.name(), "instances/" + std::string(instance) + "/decisions/" + d.activity_id());
        out.push_back(d.activity_id());
      }
      if (next.empty()) break;
      token = next;
    }
    return out;
  }

  int KeysInIndex() {
    int n = 0;
    auto it = store_->NewIterator(Family::kDecisions);
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
    return n;
  }

  // A decision as versions before the grouped index stored it: a record of
  // its own, 0 after the time.
  void WriteOlderSingle(const std::string& id, absl::Duration after, const std::string& rule) {
    v1::Decision decision = Decided(id, after, rule).decision();
    std::string time;
    keys::AppendBigEndian64(&time, static_cast<uint64_t>(absl::ToUnixMicros(kT0 + after)));
    Store::Batch batch;
    batch.Put(Family::kDecisions, keys::Make("a", {"t", time, id}), decision.SerializeAsString());
    ASSERT_TRUE(store_->Write(batch).ok());
  }

  void WriteGroup(const std::vector<v1::StoredActivity>& records, absl::string_view instance = "a") {
    Store::Batch batch;
    DecisionIndexBuffer buffer;
    for (const v1::StoredActivity& record : records) {
      log().Record(instance, record, "{}", &batch, &buffer);
    }
    EXPECT_EQ(buffer.size(), records.size());
    buffer.Flush(instance, &batch);
    EXPECT_TRUE(buffer.empty());
    ASSERT_TRUE(store_->Write(batch).ok());
  }

  DecisionLog log() const { return DecisionLog(store_.get()); }

  std::unique_ptr<Store> store_;
};

TEST_F(DecisionIndexTest, AWriteGroupIsOneKeyListedNewestFirstAtEveryPageSize) {
  // Added out of time order, as concurrent callers decide them.
  WriteGroup({Decided("d3", absl::Seconds(3), ""), Decided("d1", absl::Seconds(1), "spam"),
              Decided("d5", absl::Seconds(5), ""), Decided("d2", absl::Seconds(2), ""),
              Decided("d4", absl::Seconds(4), "spam")});
  EXPECT_EQ(KeysInIndex(), 1);
  const std::vector<std::string> all = {"d5", "d4", "d3", "d2", "d1"};
  for (int page_size : {1, 2, 3, 4, 5, 6}) {
    EXPECT_EQ(ListAll(page_size), all) << "page size " << page_size;
  }
  DecisionFilter spam;
  spam.rule_id = "spam";
  EXPECT_EQ(ListAll(1, spam), (std::vector<std::string>{"d4", "d1"}));
  DecisionFilter window;
  window.start = kT0 + absl::Seconds(2);
  window.end = kT0 + absl::Seconds(4);
  EXPECT_EQ(ListAll(1, window), (std::vector<std::string>{"d3", "d2"}));
  // The activity records are there too (Get reads those).
  EXPECT_EQ(log().Get("a", "d4")->explanations(0).rule_id(), "spam");
  // Another instance sees none of them.
  EXPECT_TRUE(ListAll(2, {}, "b").empty());
}

TEST_F(DecisionIndexTest, GroupsAndOlderSingleRecordsPageTogetherInTimeOrder) {
  WriteOlderSingle("old1", absl::Seconds(1), "");
  WriteOlderSingle("old4", absl::Seconds(4), "spam");
  WriteGroup({Decided("g2", absl::Seconds(2), "spam"), Decided("g3", absl::Seconds(3), "")});
  WriteOlderSingle("old5", absl::Seconds(5), "");
  WriteGroup({Decided("g6", absl::Seconds(6), ""), Decided("g7", absl::Seconds(7), "spam"),
              Decided("g8", absl::Seconds(8), "")});
  EXPECT_EQ(KeysInIndex(), 5);
  const std::vector<std::string> all = {"g8", "g7", "g6", "old5", "old4", "g3", "g2", "old1"};
  for (int page_size : {1, 2, 3, 7, 8, 100}) {
    EXPECT_EQ(ListAll(page_size), all) << "page size " << page_size;
  }
  DecisionFilter spam;
  spam.rule_id = "spam";
  EXPECT_EQ(ListAll(1, spam), (std::vector<std::string>{"g7", "old4", "g2"}));
}

TEST_F(DecisionIndexTest, APageTokenOfAnOlderVersionStillPages) {
  WriteOlderSingle("old1", absl::Seconds(1), "");
  WriteOlderSingle("old2", absl::Seconds(2), "");
  WriteGroup({Decided("g3", absl::Seconds(3), "")});
  // An older version's token after "old2": its key suffix alone.
  std::string suffix;
  keys::AppendBigEndian64(&suffix, static_cast<uint64_t>(absl::ToUnixMicros(kT0 + absl::Seconds(2))));
  suffix.push_back('\0');
  suffix.append("old2");
  std::string next;
  absl::StatusOr<std::vector<v1::Decision>> page =
      log().List("a", {}, 10, EncodeCursor(suffix), &next);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].activity_id(), "old1");
  EXPECT_TRUE(next.empty());
}

TEST_F(DecisionIndexTest, AMalformedGroupTokenIsInvalidArgument) {
  WriteGroup({Decided("g1", absl::Seconds(1), "")});
  std::string suffix(8, '\0');
  suffix.push_back('\1');
  suffix.append("g");  // too short to hold the entries left
  std::string next;
  absl::StatusOr<std::vector<v1::Decision>> page =
      log().List("a", {}, 10, EncodeCursor(suffix), &next);
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(page.status().message().find("page_token"), std::string::npos);
}

// An activity's decision waits in its own buffer until its writes are final,
// then joins the group's; one dropped with its buffer is never listed.
TEST_F(DecisionIndexTest, AnActivitysEntryJoinsTheGroupOrIsDropped) {
  Store::Batch batch;
  DecisionIndexBuffer group;
  {
    DecisionIndexBuffer mine;
    log().Record("a", Decided("kept", absl::Seconds(1), ""), "{}", &batch, &mine);
    mine.MoveTo(&group);
    EXPECT_TRUE(mine.empty());
  }
  {
    DecisionIndexBuffer taken_back;
    log().Record("a", Decided("dropped", absl::Seconds(2), ""), "{}", &batch, &taken_back);
  }
  DecisionIndexBuffer mine;
  log().Record("a", Decided("also", absl::Seconds(3), ""), "{}", &batch, &mine);
  mine.MoveTo(&group);
  EXPECT_EQ(group.size(), 2u);
  group.Flush("a", &batch);
  ASSERT_TRUE(store_->Write(batch).ok());
  EXPECT_EQ(ListAll(10), (std::vector<std::string>{"also", "kept"}));
  EXPECT_EQ(KeysInIndex(), 1);
}

// Whatever a caller puts in a token (wrapped as this server wraps them), a
// page is an answer or INVALID_ARGUMENT, never a crash, and the listing
// from there still ends.
TEST_F(DecisionIndexTest, ForgedTokensAnswerOrAreInvalid) {
  WriteOlderSingle("old1", absl::Seconds(1), "");
  WriteGroup({Decided("g2", absl::Seconds(2), ""), Decided("g3", absl::Seconds(3), "")});
  WriteOlderSingle("old4", absl::Seconds(4), "");
  std::mt19937 rng(11);
  for (int round = 0; round < 2000; ++round) {
    std::string payload;
    const int size = static_cast<int>(rng() % 24);
    for (int i = 0; i < size; ++i) {
      // Mostly the bytes that matter: 0, 1, 0xff and the time's.
      const uint32_t pick = rng() % 4;
      payload.push_back(pick == 0 ? '\0' : pick == 1 ? '\1' : static_cast<char>(rng()));
    }
    std::string token = EncodeCursor(payload);
    for (int page = 0; page < 10 && !token.empty(); ++page) {
      std::string next;
      absl::StatusOr<std::vector<v1::Decision>> listed = log().List("a", {}, 1, token, &next);
      if (!listed.ok()) {
        EXPECT_EQ(listed.status().code(), absl::StatusCode::kInvalidArgument);
        token.clear();
        break;
      }
      EXPECT_LE(listed->size(), 1u);
      token = next;
    }
    EXPECT_TRUE(token.empty()) << "round " << round;
  }
}

TEST_F(DecisionIndexTest, ACorruptGroupIsDataLoss) {
  std::string key = keys::Make("a", {"t", ""});
  keys::AppendBigEndian64(&key, 5);
  key.push_back('\1');
  key.append("x");
  Store::Batch batch;
  batch.Put(Family::kDecisions, key, "\xff\xff\xff");
  ASSERT_TRUE(store_->Write(batch).ok());
  std::string next;
  EXPECT_EQ(log().List("a", {}, 10, "", &next).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace harrier
