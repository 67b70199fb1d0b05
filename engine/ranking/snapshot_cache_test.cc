// Copyright 2026 The Harrier Authors.
#include "engine/ranking/snapshot_cache.h"

#include "gtest/gtest.h"

namespace harrier::ranking {
namespace {

absl::Time fake_now = absl::UnixEpoch();
absl::Time FakeNow() { return fake_now; }

// Stands in for a RocksDB snapshot; only its identity matters here.
std::shared_ptr<const rocksdb::Snapshot> FakeSnapshot(int* released) {
  static const char kObject = 0;
  return std::shared_ptr<const rocksdb::Snapshot>(
      reinterpret_cast<const rocksdb::Snapshot*>(&kObject),
      [released](const rocksdb::Snapshot*) { ++*released; });
}

TEST(SnapshotCacheTest, FindsUntilTheTtlPassesSinceLastUse) {
  fake_now = absl::UnixEpoch();
  int released = 0;
  SnapshotCache cache({absl::Minutes(10), 4}, &FakeNow);
  uint64_t id = cache.Insert(FakeSnapshot(&released));
  EXPECT_NE(id, 0u);
  fake_now += absl::Minutes(9);
  EXPECT_NE(cache.Find(id), nullptr);  // Refreshed.
  fake_now += absl::Minutes(9);
  EXPECT_NE(cache.Find(id), nullptr);
  fake_now += absl::Minutes(11);
  EXPECT_EQ(cache.Find(id), nullptr);
  EXPECT_EQ(released, 1);
  EXPECT_EQ(cache.Find(12345), nullptr);
}

TEST(SnapshotCacheTest, EvictsTheLeastRecentlyUsedWhenFull) {
  fake_now = absl::UnixEpoch();
  int released = 0;
  SnapshotCache cache({absl::Minutes(10), 2}, &FakeNow);
  uint64_t a = cache.Insert(FakeSnapshot(&released));
  uint64_t b = cache.Insert(FakeSnapshot(&released));
  EXPECT_NE(cache.Find(a), nullptr);  // b is now the least recently used.
  uint64_t c = cache.Insert(FakeSnapshot(&released));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Find(b), nullptr);
  EXPECT_NE(cache.Find(a), nullptr);
  EXPECT_NE(cache.Find(c), nullptr);
  cache.Clear();
  EXPECT_EQ(released, 3);
}

}  // namespace
}  // namespace harrier::ranking
