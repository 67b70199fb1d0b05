// Copyright 2026 The Harrier Authors.
#include "engine/engagement/ledger.h"

#include <map>

#include "engine/engagement/ledger_keys.h"
#include "engine/testing/temp_store.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

constexpr char kPost[] = "https://a.example/notes/1";

v1::NormalizedActivity Activity(const std::string& id, const std::string& type,
                                const std::string& actor, const std::string& object) {
  v1::NormalizedActivity activity;
  activity.set_id(id);
  activity.set_type(type);
  activity.mutable_actor()->set_id(actor);
  std::string host = actor.substr(8, actor.find('/', 8) - 8);
  activity.mutable_actor()->set_host(host);
  activity.mutable_object()->set_id(object);
  return activity;
}

v1::NormalizedActivity Create(const std::string& id, const std::string& actor,
                              const std::string& object, const std::string& text) {
  v1::NormalizedActivity activity = Activity(id, "Create", actor, object);
  activity.mutable_object()->set_type("Note");
  activity.mutable_object()->set_text(text);
  *activity.mutable_object()->mutable_author() = activity.actor();
  return activity;
}

v1::NormalizedActivity UndoOf(const std::string& id, const v1::NormalizedActivity& inner,
                              bool embed) {
  v1::NormalizedActivity undo = Activity(id, "Undo", inner.actor().id(),
                                         embed ? inner.object().id() : "");
  undo.set_inner_id(inner.id());
  if (embed) undo.set_inner_type(inner.type());
  return undo;
}

// Every case runs twice: with counts records written in the activity's
// batch, and kept in memory after it (the engine's way: Apply's `cached`,
// then CacheCounts), read back from memory.
class LedgerTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    store_ = testing::NewTempStore("ledger");
    ASSERT_NE(store_, nullptr);
    ledger_ = std::make_unique<Ledger>(store_.get());
  }

  // As the engine does: an Undo gets the undone activity when it was
  // applied before (the engine's activity record).
  // Returns Apply's `new_object`.
  bool Apply(const v1::NormalizedActivity& activity, const std::string& instance = "i") {
    Store::Batch batch;
    const v1::NormalizedActivity* undone = nullptr;
    if (activity.type() == "Undo") {
      auto it = applied_.find(activity.inner_id());
      if (it != applied_.end()) undone = &it->second;
    }
    bool new_object = true;
    Ledger::CountsToCache cached;
    EXPECT_TRUE(ledger_->Apply(instance, activity, 1000, /*hidden=*/false, &batch, nullptr,
                               undone, &new_object, nullptr, cache_counts() ? &cached : nullptr)
                    .ok());
    EXPECT_TRUE(store_->Write(batch).ok());
    ledger_->CacheCounts(std::move(cached));
    applied_.emplace(activity.id(), activity);
    return new_object;
  }

  bool cache_counts() const { return GetParam(); }

  // A new process on the same store. With counts kept in memory, a crash:
  // the engine then recounts the objects its pending markers name (here,
  // every object an activity named).
  void Restart() {
    std::vector<std::string> objects;
    for (const auto& [id, activity] : applied_) {
      objects.push_back(activity.object().id());
      if (!activity.object().in_reply_to().empty()) {
        objects.push_back(activity.object().in_reply_to());
      }
    }
    ledger_ = std::make_unique<Ledger>(store_.get());
    if (cache_counts()) {
      ASSERT_TRUE(ledger_->Recount("i", objects).ok());
    }
  }

  std::map<std::string, v1::NormalizedActivity> applied_;

  v1::EngagementCounts Counts(const std::string& object = kPost) {
    auto counts = ledger_->GetCounts("i", object);
    EXPECT_TRUE(counts.ok());
    return *counts;
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_P(LedgerTest, EachActorLikesOnce) {
  Apply(Create("c1", "https://a.example/u/alice", kPost, "hi"));
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost));
  Apply(Activity("l2", "Like", "https://b.example/u/bob", kPost));  // same actor
  Apply(Activity("l3", "Like", "https://c.example/u/carol", kPost));
  EXPECT_EQ(Counts().likes(), 2);
}

TEST_P(LedgerTest, UndoByIdRemovesExactlyWhatWasCounted) {
  v1::NormalizedActivity like = Activity("l1", "Like", "https://b.example/u/bob", kPost);
  Apply(like);
  Apply(Activity("b1", "Announce", "https://b.example/u/bob", kPost));
  EXPECT_EQ(Counts().likes(), 1);
  Apply(UndoOf("u1", like, /*embed=*/false));
  EXPECT_EQ(Counts().likes(), 0);
  EXPECT_EQ(Counts().boosts(), 1);
  // Undoing again changes nothing.
  Apply(UndoOf("u2", like, false));
  EXPECT_EQ(Counts().likes(), 0);
  EXPECT_EQ(Counts().boosts(), 1);
}

TEST_P(LedgerTest, UndoByIdRemovesOnlyWhatThatActivityCreated) {
  v1::NormalizedActivity first = Activity("l1", "Like", "https://b.example/u/bob", kPost);
  Apply(first);
  Apply(UndoOf("u1", first, /*embed=*/false));
  EXPECT_EQ(Counts().likes(), 0);
  // Bob likes again; a late second Undo of the first Like (by id only)
  // must not take back the new one.
  Apply(Activity("l2", "Like", "https://b.example/u/bob", kPost));
  Apply(UndoOf("u2", first, /*embed=*/false));
  EXPECT_EQ(Counts().likes(), 1);
  // A reply undone by its Create's id stops counting on the parent.
  v1::NormalizedActivity reply = Create("c9", "https://c.example/u/carol",
                                        "https://c.example/notes/9", "re");
  reply.mutable_object()->set_in_reply_to(kPost);
  Apply(reply);
  EXPECT_EQ(Counts().replies(), 1);
  Apply(UndoOf("u3", reply, /*embed=*/false));
  EXPECT_EQ(Counts().replies(), 0);
}

TEST_P(LedgerTest, UndoOfUnknownIdUsesTheEmbeddedActivity) {
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost));
  // Bob's second Like was a no-op; its Undo still means "unlike".
  v1::NormalizedActivity other = Activity("l2", "Like", "https://b.example/u/bob", kPost);
  Apply(other);
  Apply(UndoOf("u1", other, /*embed=*/true));
  EXPECT_EQ(Counts().likes(), 0);
}

TEST_P(LedgerTest, UndoBeforeLikeMeansTheLikeNeverCounts) {
  v1::NormalizedActivity like = Activity("l1", "Like", "https://b.example/u/bob", kPost);
  Apply(UndoOf("u1", like, /*embed=*/true));
  EXPECT_EQ(Counts().likes(), 0);
  Apply(like);
  EXPECT_EQ(Counts().likes(), 0);
  // Another actor's like still counts.
  Apply(Activity("l9", "Like", "https://c.example/u/carol", kPost));
  EXPECT_EQ(Counts().likes(), 1);
}

// The marker an early Undo leaves is honoured by a later process too (the
// ledger keeps which markers exist in memory, loaded from the store).
TEST_P(LedgerTest, UndoBeforeLikeHoldsAcrossARestart) {
  v1::NormalizedActivity like = Activity("l1", "Like", "https://b.example/u/bob", kPost);
  Apply(UndoOf("u1", like, /*embed=*/false));
  Restart();
  applied_.clear();
  Apply(like);
  EXPECT_EQ(Counts().likes(), 0);
  Apply(Activity("l2", "Like", "https://c.example/u/carol", kPost));
  EXPECT_EQ(Counts().likes(), 1);
}

// Older databases marked a deleted object with its own key; later
// engagement on it is still ignored.
TEST_P(LedgerTest, DeletedMarkerOfAnOlderDatabaseIsHonoured) {
  Store::Batch batch;
  batch.Put(Family::kEngagement, ledger_keys::Deleted("i", kPost), "");
  ASSERT_TRUE(store_->Write(batch).ok());
  ledger_ = std::make_unique<Ledger>(store_.get());
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost));
  EXPECT_EQ(Counts().likes(), 0);
  Apply(Activity("l2", "Like", "https://b.example/u/bob", "https://a.example/notes/2"));
  EXPECT_EQ(Counts("https://a.example/notes/2").likes(), 1);
}

// The flush reads the counts of many objects at once: each as a read of
// its own would give it, in the order asked, none for an object without.
TEST_P(LedgerTest, EngagementOfManyObjectsIsEachObjectsInOrder) {
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost));
  Apply(Activity("l2", "Like", "https://c.example/u/cy", kPost));
  Apply(Activity("b1", "Announce", "https://b.example/u/bob", "https://a.example/notes/2"));
  auto many = ledger_->GetEngagementMany(
      "i", {"https://a.example/notes/2", "https://a.example/notes/none", kPost});
  ASSERT_TRUE(many.ok()) << many.status();
  ASSERT_EQ(many->size(), 3u);
  ASSERT_NE((*many)[0], nullptr);
  EXPECT_EQ((*many)[0]->total().boosts(), 1);
  EXPECT_EQ((*many)[1], nullptr);
  ASSERT_NE((*many)[2], nullptr);
  EXPECT_EQ((*many)[2]->total().likes(), 2);
  EXPECT_EQ((*many)[2]->by_host().at("c.example").likes(), 1);
  EXPECT_EQ((*many)[2]->by_host().at("b.example").likes(), 1);
  EXPECT_EQ((*many)[2]->by_host().size(), 2u);
  EXPECT_TRUE(ledger_->GetEngagementMany("i", {})->empty());
}

// A record read (the flush re-scores from it while ingest goes on) is a
// snapshot: later events on the object change a copy, never the record a
// reader holds.
TEST_P(LedgerTest, ARecordReadIsNotChangedByLaterEvents) {
  v1::NormalizedActivity like = Activity("l1", "Like", "https://b.example/u/bob", kPost);
  Apply(like);
  auto before = ledger_->GetEngagementMany("i", {kPost});
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_NE((*before)[0], nullptr);
  Apply(Activity("l2", "Like", "https://c.example/u/cy", kPost));
  Apply(UndoOf("u1", like, /*embed=*/false));
  EXPECT_EQ((*before)[0]->total().likes(), 1);
  EXPECT_EQ((*before)[0]->by_host().size(), 1u);
  EXPECT_EQ((*before)[0]->by_host().at("b.example").likes(), 1);
  auto after = ledger_->GetEngagementMany("i", {kPost});
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_NE((*after)[0], nullptr);
  EXPECT_EQ((*after)[0]->total().likes(), 1);
  EXPECT_EQ((*after)[0]->by_host().count("b.example"), 0u);
  EXPECT_EQ((*after)[0]->by_host().at("c.example").likes(), 1);
}

TEST_P(LedgerTest, EngagementBeforeTheObjectIsKept) {
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost));
  EXPECT_EQ(ledger_->GetObject("i", kPost).status().code(), absl::StatusCode::kNotFound);
  Apply(Create("c1", "https://a.example/u/alice", kPost, "hi"));
  std::string whole_in;
  auto object = ledger_->GetObject("i", kPost, &whole_in);
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(object->engagement().likes(), 1);
  // The ledger keeps what it reads; the whole object is the Create's.
  EXPECT_EQ(object->object().author().id(), "https://a.example/u/alice");
  EXPECT_EQ(object->object().text(), "");
  EXPECT_EQ(whole_in, "c1");
}

// Feeds skip their own reads for an object the ledger reports as new, so
// only a first sighting may say so.
TEST_P(LedgerTest, OnlyTheFirstStoringOfAnObjectReportsItNew) {
  EXPECT_FALSE(Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost)));
  EXPECT_TRUE(Apply(Create("c1", "https://a.example/u/alice", kPost, "hi")));
  EXPECT_FALSE(Apply(Create("c2", "https://a.example/u/alice", kPost, "hi again")));
  v1::NormalizedActivity update = Create("u1", "https://a.example/u/alice", kPost, "edited");
  update.set_type("Update");
  EXPECT_FALSE(Apply(update));
  EXPECT_FALSE(Apply(Activity("d1", "Delete", "https://a.example/u/alice", kPost)));
  // After its deletion the object is known (as deleted), not new.
  EXPECT_FALSE(Apply(Create("c3", "https://a.example/u/alice", kPost, "back")));
  v1::NormalizedActivity first_update =
      Create("u2", "https://a.example/u/alice", "https://a.example/notes/2", "edit first");
  first_update.set_type("Update");
  EXPECT_TRUE(Apply(first_update));
}

TEST_P(LedgerTest, DeleteOfObjectRemovesItAndItsCountsForGood) {
  Apply(Create("c1", "https://a.example/u/alice", kPost, "hi"));
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost));
  Apply(Activity("d1", "Delete", "https://a.example/u/alice", kPost));
  EXPECT_EQ(ledger_->GetObject("i", kPost).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Counts().likes(), 0);
  // Late engagement and a late re-Create do not resurrect it.
  Apply(Activity("l2", "Like", "https://c.example/u/carol", kPost));
  Apply(Create("c2", "https://a.example/u/alice", kPost, "again"));
  EXPECT_EQ(Counts().likes(), 0);
  EXPECT_EQ(ledger_->GetObject("i", kPost).status().code(), absl::StatusCode::kNotFound);
}

TEST_P(LedgerTest, RepliesCountOnTheParentAndGoWithTheReply) {
  Apply(Create("c1", "https://a.example/u/alice", kPost, "hi"));
  v1::NormalizedActivity reply =
      Create("c2", "https://b.example/u/bob", "https://b.example/notes/9", "hello back");
  reply.mutable_object()->set_in_reply_to(kPost);
  Apply(reply);
  Apply(reply);  // re-applied (e.g. an Update): still one reply
  EXPECT_EQ(Counts().replies(), 1);
  Apply(Activity("d1", "Delete", "https://b.example/u/bob", "https://b.example/notes/9"));
  EXPECT_EQ(Counts().replies(), 0);
}

TEST_P(LedgerTest, DeleteOfActorRemovesTheirObjects) {
  Apply(Create("c1", "https://a.example/u/alice", kPost, "one"));
  Apply(Create("c2", "https://a.example/u/alice", "https://a.example/notes/2", "two"));
  Apply(Create("c3", "https://b.example/u/bob", "https://b.example/notes/3", "bob's"));
  v1::NormalizedActivity gone =
      Activity("d1", "Delete", "https://a.example/u/alice", "https://a.example/u/alice");
  Apply(gone);
  EXPECT_FALSE(ledger_->GetObject("i", kPost).ok());
  EXPECT_FALSE(ledger_->GetObject("i", "https://a.example/notes/2").ok());
  EXPECT_TRUE(ledger_->GetObject("i", "https://b.example/notes/3").ok());
}

TEST_P(LedgerTest, MisskeyReactionCountsAsLikeAndReaction) {
  v1::NormalizedActivity react = Activity("r1", "Like", "https://m.example/u/mi", kPost);
  react.set_reaction("🍮");
  Apply(react);
  v1::NormalizedActivity emoji = Activity("r2", "EmojiReact", "https://p.example/u/pl", kPost);
  emoji.set_reaction("🍮");
  Apply(emoji);
  EXPECT_EQ(Counts().likes(), 1);
  EXPECT_EQ(Counts().reactions().at("🍮"), 2);
  Apply(UndoOf("u1", react, false));
  EXPECT_EQ(Counts().likes(), 0);
  EXPECT_EQ(Counts().reactions().at("🍮"), 1);
}

TEST_P(LedgerTest, DislikesAndPerHostCounts) {
  Apply(Create("c1", "https://a.example/u/alice", kPost, "hi"));
  for (int i = 0; i < 3; ++i) {
    Apply(Activity("l" + std::to_string(i), "Like",
                   "https://big.example/u/" + std::to_string(i), kPost));
  }
  Apply(Activity("l9", "Like", "https://small.example/u/x", kPost));
  Apply(Activity("d9", "Dislike", "https://small.example/u/y", kPost));
  auto object = ledger_->GetObject("i", kPost);
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(object->engagement().likes(), 4);
  EXPECT_EQ(object->engagement().dislikes(), 1);
  EXPECT_EQ(object->engagement_by_host().at("big.example").likes(), 3);
  EXPECT_EQ(object->engagement_by_host().at("small.example").likes(), 1);
  EXPECT_EQ(object->engagement_by_host().at("small.example").dislikes(), 1);
}

TEST_P(LedgerTest, UpdateReplacesTheObjectAndKeepsCounts) {
  Apply(Create("c1", "https://a.example/u/alice", kPost, "first"));
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost));
  v1::NormalizedActivity edit = Create("e1", "https://a.example/u/alice", kPost, "edited");
  edit.set_type("Update");
  Apply(edit);
  std::string whole_in;
  auto object = ledger_->GetObject("i", kPost, &whole_in);
  ASSERT_TRUE(object.ok());
  EXPECT_EQ(whole_in, "e1");  // the Update's record holds the edited object
  EXPECT_EQ(object->engagement().likes(), 1);
}

TEST_P(LedgerTest, HeldObjectsStayHiddenUntilShown) {
  Store::Batch batch;
  ASSERT_TRUE(ledger_->Apply("i", Create("c1", "https://a.example/u/alice", kPost, "hi"),
                             1000, /*hidden=*/true, &batch)
                  .ok());
  ASSERT_TRUE(store_->Write(batch).ok());
  EXPECT_TRUE(ledger_->GetObject("i", kPost)->hidden());
  Store::Batch show;
  ASSERT_TRUE(ledger_->SetHidden("i", kPost, false, &show).ok());
  ASSERT_TRUE(store_->Write(show).ok());
  EXPECT_FALSE(ledger_->GetObject("i", kPost)->hidden());
  Store::Batch missing;
  EXPECT_EQ(ledger_->SetHidden("i", "https://nope", false, &missing).code(),
            absl::StatusCode::kNotFound);
}

TEST_P(LedgerTest, InstancesCountSeparately) {
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost), "i");
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost), "other");
  Apply(Activity("l2", "Like", "https://c.example/u/c", kPost), "other");
  EXPECT_EQ(Counts().likes(), 1);
  EXPECT_EQ(ledger_->GetCounts("other", kPost)->likes(), 2);
}

// What the engine does after a crash with counts in memory: each object's
// record recounted from its edges is the record counting gave, per host and
// per reaction included; and recounting a record that was written changes
// nothing.
TEST_P(LedgerTest, RecountGivesWhatCountingGave) {
  const std::string other = "https://a.example/notes/2";
  Apply(Create("c1", "https://a.example/u/alice", kPost, "hi"));
  v1::NormalizedActivity like = Activity("l1", "Like", "https://b.example/u/bob", kPost);
  Apply(like);
  Apply(Activity("l2", "Like", "https://c.example/u/carol", kPost));
  Apply(Activity("l3", "Like", "https://c.example/u/dan", kPost));
  Apply(Activity("b1", "Announce", "https://c.example/u/carol", kPost));
  Apply(Activity("d1", "Dislike", "https://d.example/u/erin", kPost));
  v1::NormalizedActivity react = Activity("r1", "EmojiReact", "https://d.example/u/erin", kPost);
  react.set_reaction("🎨");
  Apply(react);
  Apply(UndoOf("u1", like, /*embed=*/false));
  v1::NormalizedActivity reply = Create("c2", "https://e.example/u/fay", other, "re");
  reply.mutable_object()->set_in_reply_to(kPost);
  Apply(reply);
  Apply(Activity("l4", "Like", "https://b.example/u/bob", other));
  auto before = ledger_->GetEngagement("i", kPost);
  auto before_other = ledger_->GetEngagement("i", other);
  ASSERT_TRUE(before.ok() && before_other.ok());
  EXPECT_EQ(before->total().likes(), 2);
  EXPECT_EQ(before->total().replies(), 1);
  EXPECT_EQ(before->by_host().size(), 3u);
  Restart();
  ASSERT_TRUE(ledger_->Recount("i", {kPost, other}).ok());  // again: the same
  auto after = ledger_->GetEngagement("i", kPost);
  auto after_other = ledger_->GetEngagement("i", other);
  ASSERT_TRUE(after.ok() && after_other.ok());
  EXPECT_EQ(after->DebugString(), before->DebugString());
  EXPECT_EQ(after_other->DebugString(), before_other->DebugString());
  // Recounting a deleted object keeps it deleted.
  Apply(Activity("x1", "Delete", "https://a.example/u/alice", kPost));
  Restart();
  ASSERT_TRUE(ledger_->Recount("i", {kPost}).ok());
  EXPECT_TRUE(ledger_->GetEngagement("i", kPost)->deleted());
  Apply(Activity("l5", "Like", "https://f.example/u/gus", kPost));
  EXPECT_EQ(Counts().likes(), 0);
}

// With counts in memory, an activity's batch holds its edges but not the
// counts record (a deletion's record it does hold); WriteCachedCounts puts
// the records into the flush's batch, and ForgetCounts empties the cache.
// Without, the batch holds the records and nothing is cached.
TEST_P(LedgerTest, CountsRecordsReachTheStoreWithTheBatchOrWhenWritten) {
  const std::string other = "https://a.example/notes/2";
  Apply(Activity("l1", "Like", "https://b.example/u/bob", kPost));
  Apply(Activity("l2", "Like", "https://c.example/u/carol", kPost));
  Apply(Activity("l3", "Like", "https://c.example/u/carol", other));
  Apply(Activity("x1", "Delete", "https://a.example/u/alice", other));
  EXPECT_EQ(Counts().likes(), 2);
  Ledger fresh(store_.get());  // reads only the store
  EXPECT_EQ(fresh.GetCounts("i", kPost)->likes(), cache_counts() ? 0 : 2);
  EXPECT_TRUE(fresh.GetEngagement("i", other)->deleted());
  EXPECT_EQ(ledger_->cached_counts(), cache_counts() ? 2u : 0u);
  Store::Batch batch;
  Ledger::CountsToCache written;
  ledger_->WriteCachedCounts("i", {kPost, other, "https://a.example/notes/3"}, &batch, &written);
  EXPECT_EQ(written.size(), cache_counts() ? 2u : 0u);
  ASSERT_TRUE(store_->Write(batch).ok());
  ledger_->ForgetCounts(written);
  EXPECT_EQ(ledger_->cached_counts(), 0u);
  EXPECT_EQ(Counts().likes(), 2);
  EXPECT_EQ(fresh.GetCounts("i", kPost)->likes(), 2);
  EXPECT_TRUE(fresh.GetEngagement("i", other)->deleted());
}

INSTANTIATE_TEST_SUITE_P(CountsRecords, LedgerTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "KeptInMemory" : "WrittenWithTheBatch";
                         });

}  // namespace
}  // namespace harrier
