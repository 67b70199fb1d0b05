// Copyright 2026 The Harrier Authors.
#include "engine/engagement/marker_index.h"

#include <memory>

#include "engine/engagement/ledger_keys.h"
#include "engine/testing/temp_store.h"
#include "gtest/gtest.h"

namespace harrier {
namespace {

class MarkerIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::NewTempStore("markers");
    ASSERT_NE(store_, nullptr);
  }

  void PutMarker(const std::string& key) {
    Store::Batch batch;
    batch.Put(Family::kEngagement, key, "x");
    ASSERT_TRUE(store_->Write(batch).ok());
  }

  bool MayBeUndone(MarkerIndex& index, const std::string& instance, const std::string& id) {
    absl::StatusOr<bool> may = index.MayBeUndone(instance, id);
    EXPECT_TRUE(may.ok()) << may.status();
    return may.ok() && *may;
  }

  std::unique_ptr<Store> store_;
};

TEST_F(MarkerIndexTest, AnIdIsUndoneOnlyOnceAddedAndOnlyInItsInstance) {
  MarkerIndex index(store_.get());
  EXPECT_FALSE(MayBeUndone(index, "i", "https://b.example/likes/1"));
  ASSERT_TRUE(index.AddUndone("i", "https://b.example/likes/1").ok());
  EXPECT_TRUE(MayBeUndone(index, "i", "https://b.example/likes/1"));
  EXPECT_FALSE(MayBeUndone(index, "i", "https://b.example/likes/2"));
  EXPECT_FALSE(MayBeUndone(index, "j", "https://b.example/likes/1"));
}

// After a restart the markers come from the store: a marker written by an
// earlier process (or restored from a backup) is never missed.
TEST_F(MarkerIndexTest, MarkersAlreadyStoredAreKnownWithoutBeingAdded) {
  PutMarker(ledger_keys::Undone("i", "https://b.example/likes/7"));
  PutMarker(ledger_keys::Undone("j", "https://b.example/likes/8"));
  MarkerIndex index(store_.get());
  EXPECT_TRUE(MayBeUndone(index, "i", "https://b.example/likes/7"));
  EXPECT_FALSE(MayBeUndone(index, "i", "https://b.example/likes/8"));
  EXPECT_TRUE(MayBeUndone(index, "j", "https://b.example/likes/8"));
  // An instance whose name is a prefix of another's sees only its own.
  EXPECT_FALSE(MayBeUndone(index, "", "https://b.example/likes/7"));
}

TEST_F(MarkerIndexTest, PastItsBoundEveryIdMayBeUndone) {
  PutMarker(ledger_keys::Undone("i", "a1"));
  PutMarker(ledger_keys::Undone("i", "a2"));
  PutMarker(ledger_keys::Undone("i", "a3"));
  MarkerIndex loaded(store_.get(), /*max_undone=*/2);
  EXPECT_TRUE(MayBeUndone(loaded, "i", "never-seen"));

  MarkerIndex added(store_.get(), /*max_undone=*/4);
  EXPECT_FALSE(MayBeUndone(added, "i", "never-seen"));
  ASSERT_TRUE(added.AddUndone("i", "a4").ok());
  ASSERT_TRUE(added.AddUndone("i", "a5").ok());
  EXPECT_TRUE(MayBeUndone(added, "i", "never-seen"));
  EXPECT_TRUE(MayBeUndone(added, "i", "a1"));
}

TEST_F(MarkerIndexTest, OlderDeletedMarkersAreFoundPerInstance) {
  PutMarker(ledger_keys::Deleted("old.social", "https://a.example/notes/1"));
  MarkerIndex index(store_.get());
  absl::StatusOr<bool> old_instance = index.HasLegacyDeleted("old.social");
  absl::StatusOr<bool> new_instance = index.HasLegacyDeleted("new.social");
  ASSERT_TRUE(old_instance.ok());
  ASSERT_TRUE(new_instance.ok());
  EXPECT_TRUE(*old_instance);
  EXPECT_FALSE(*new_instance);
}

}  // namespace
}  // namespace harrier
