// Copyright 2026 The Harrier Authors.
#include "engine/storage/store.h"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/storage/keys.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"

namespace harrier {
namespace {

std::string TempDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string dir = std::string(base ? base : "/tmp") + "/" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

TEST(StoreTest, WritesSurviveReopen) {
  std::string dir = TempDir("reopen");
  {
    auto store = Store::Open(dir, {});
    ASSERT_TRUE(store.ok()) << store.status();
    Store::Batch batch;
    batch.Put(Family::kActivities, keys::Make("a.social", {"id1"}), "one");
    batch.Put(Family::kObjects, keys::Make("a.social", {"id1"}), "object");
    ASSERT_TRUE((*store)->Write(batch).ok());
  }
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok()) << store.status();
  auto value = (*store)->Get(Family::kActivities, keys::Make("a.social", {"id1"}));
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, "one");
  // Families are separate key spaces.
  EXPECT_EQ((*store)->Get(Family::kDecisions, keys::Make("a.social", {"id1"}))
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST(StoreTest, MultiGetAnswersEachKeyInOrderAsGetWould) {
  auto store = Store::Open(TempDir("multiget"), {});
  ASSERT_TRUE(store.ok()) << store.status();
  Store::Batch batch;
  batch.Put(Family::kActivities, "k1", "one");
  batch.Put(Family::kActivities, "k3", std::string(2000, 'x'));  // a blob value
  batch.Put(Family::kObjects, "k2", "elsewhere");
  ASSERT_TRUE((*store)->Write(batch).ok());
  auto results = (*store)->MultiGet(Family::kActivities, {"k3", "k2", "k1", "k1"});
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(*results[0], std::string(2000, 'x'));
  EXPECT_TRUE(absl::IsNotFound(results[1].status()));  // another family's key
  EXPECT_EQ(*results[2], "one");
  EXPECT_EQ(*results[3], "one");
  EXPECT_TRUE((*store)->MultiGet(Family::kActivities, {}).empty());
}

TEST(StoreTest, SecondOpenOfLockedDirectoryIsUnavailable) {
  std::string dir = TempDir("locked");
  auto first = Store::Open(dir, {});
  ASSERT_TRUE(first.ok());
  auto second = Store::Open(dir, {});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable)
      << second.status();
}

TEST(StoreTest, PrefixIteratorStaysInsideItsInstance) {
  auto store = Store::Open(TempDir("prefix"), {});
  ASSERT_TRUE(store.ok());
  Store::Batch batch;
  batch.Put(Family::kObjects, keys::Make("a", {"1"}), "a1");
  batch.Put(Family::kObjects, keys::Make("a", {"2"}), "a2");
  batch.Put(Family::kObjects, keys::Make("ab", {"1"}), "ab1");
  batch.Put(Family::kObjects, keys::Make("b", {"1"}), "b1");
  ASSERT_TRUE((*store)->Write(batch).ok());
  auto it = (*store)->NewIterator(Family::kObjects, keys::InstancePrefix("a"));
  std::vector<std::string> seen;
  for (it->Seek(keys::InstancePrefix("a")); it->Valid(); it->Next()) {
    seen.push_back(it->value().ToString());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"a1", "a2"}));
}

// A whole-range scan reads the same keys as an iterator, inside its prefix,
// without filling the block cache with what it reads once.
TEST(StoreTest, ScanIteratorReadsTheRangeWithoutFillingTheCache) {
  const std::string dir = TempDir("scan");
  {
    auto store = Store::Open(dir, {});
    ASSERT_TRUE(store.ok());
    Store::Batch batch;
    const std::string value(200, 'v');
    for (int i = 0; i < 20000; ++i) {
      batch.Put(Family::kObjects, keys::Make("a", {std::to_string(100000 + i)}), value);
    }
    batch.Put(Family::kObjects, keys::Make("b", {"1"}), "b1");
    ASSERT_TRUE((*store)->Write(batch).ok());
  }
  // Reopened: the keys are in a file, the cache holds none of its blocks
  // and no memtable reservation is being given back while we measure.
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok());
  auto scan_and_measure = [&](bool scan, int* keys) {
    const int64_t before = static_cast<int64_t>(
        (*store)->IntProperty(Family::kObjects, "rocksdb.block-cache-usage"));
    auto it = scan ? (*store)->NewScanIterator(Family::kObjects, keys::InstancePrefix("a"))
                   : (*store)->NewIterator(Family::kObjects, keys::InstancePrefix("a"));
    *keys = 0;
    for (it->Seek(keys::InstancePrefix("a")); it->Valid(); it->Next()) ++*keys;
    return static_cast<int64_t>(
               (*store)->IntProperty(Family::kObjects, "rocksdb.block-cache-usage")) -
           before;
  };
  int scanned = 0, iterated = 0;
  const int64_t scan_growth = scan_and_measure(/*scan=*/true, &scanned);
  const int64_t iterator_growth = scan_and_measure(/*scan=*/false, &iterated);
  EXPECT_EQ(scanned, 20000);
  EXPECT_EQ(iterated, 20000);
  // The iterator caches the data blocks (about 4 MB of values, compressed);
  // the scan adds at most index and filter blocks.
  EXPECT_GT(iterator_growth, 100000);
  EXPECT_LT(scan_growth, iterator_growth / 10);
}

// The families only ever scanned (feed pages, decision listings) keep no
// Bloom filter; those read by key do.
TEST(StoreTest, OnlyFamiliesReadByKeyBuildFilters) {
  auto store = Store::Open(TempDir("filters"), {});
  ASSERT_TRUE(store.ok());
  Store::Batch batch;
  for (int i = 0; i < 5000; ++i) {
    const std::string key = keys::Make("a", {std::to_string(100000 + i)});
    for (Family family : {Family::kFeedIndex, Family::kDecisions, Family::kEngagement}) {
      batch.Put(family, key, "v");
    }
  }
  ASSERT_TRUE((*store)->Write(batch).ok());
  ASSERT_TRUE((*store)->Flush().ok());
  auto filter_bytes = [&](Family family) -> int64_t {
    const std::string properties =
        (*store)->Property(family, "rocksdb.aggregated-table-properties");
    const std::string field = "filter block size=";
    const size_t at = properties.find(field);
    if (at == std::string::npos) return -1;
    return std::strtoll(properties.c_str() + at + field.size(), nullptr, 10);
  };
  EXPECT_EQ(filter_bytes(Family::kFeedIndex), 0);
  EXPECT_EQ(filter_bytes(Family::kDecisions), 0);
  EXPECT_GT(filter_bytes(Family::kEngagement), 0);
  // Without a filter a point read still answers.
  EXPECT_EQ(*(*store)->Get(Family::kFeedIndex, keys::Make("a", {"100007"})), "v");
  EXPECT_EQ((*store)->Get(Family::kFeedIndex, keys::Make("a", {"7"})).status().code(),
            absl::StatusCode::kNotFound);
}

// Databases written before activities were compacted universally hold it in
// several levels; they open, keep every key, and go on compacting.
TEST(StoreTest, OpensFamiliesOnceCompactedByLevel) {
  const std::string dir = TempDir("levelled");
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
    for (int f = 0; f < kFamilyCount; ++f) {
      descriptors.emplace_back(std::string(FamilyName(static_cast<Family>(f))),
                               rocksdb::ColumnFamilyOptions());
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(options), dir, descriptors, &handles, &raw)
                    .ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    rocksdb::ColumnFamilyHandle* activities = handles[static_cast<int>(Family::kActivities) + 1];
    // Two sorted runs: one pushed down to the last level, one in L0.
    for (int part = 0; part < 2; ++part) {
      for (int i = part; i < 1000; i += 2) {
        ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), activities,
                            keys::Make("i", {std::to_string(i)}), std::string(100, 'v'))
                        .ok());
      }
      ASSERT_TRUE(db->Flush(rocksdb::FlushOptions(), activities).ok());
      if (part == 0) {
        rocksdb::CompactRangeOptions compact;
        compact.change_level = true;
        compact.target_level = 6;
        ASSERT_TRUE(db->CompactRange(compact, activities, nullptr, nullptr).ok());
      }
    }
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  }
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok()) << store.status();
  Store::Batch batch;
  batch.Put(Family::kActivities, keys::Make("i", {"new"}), "n");
  ASSERT_TRUE((*store)->Write(batch).ok());
  ASSERT_TRUE((*store)->Flush().ok());
  int count = 0;
  auto it = (*store)->NewIterator(Family::kActivities, keys::InstancePrefix("i"));
  for (it->Seek(keys::InstancePrefix("i")); it->Valid(); it->Next()) ++count;
  EXPECT_EQ(count, 1001);
  EXPECT_EQ(*(*store)->Get(Family::kActivities, keys::Make("i", {"999"})), std::string(100, 'v'));
}

TEST(StoreTest, DeleteRemovesAndCheckpointCopies) {
  std::string dir = TempDir("checkpoint");
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok());
  Store::Batch put;
  put.Put(Family::kRuleSets, "k1", "v1");
  put.Put(Family::kRuleSets, "k2", "v2");
  ASSERT_TRUE((*store)->Write(put).ok());
  Store::Batch del;
  del.Delete(Family::kRuleSets, "k1");
  ASSERT_TRUE((*store)->Write(del).ok());
  EXPECT_EQ((*store)->Get(Family::kRuleSets, "k1").status().code(),
            absl::StatusCode::kNotFound);

  std::string copy = TempDir("checkpoint-copy");
  ASSERT_TRUE((*store)->Checkpoint(copy).ok());
  auto restored = Store::Open(copy, {});
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(*(*restored)->Get(Family::kRuleSets, "k2"), "v2");
  EXPECT_FALSE((*restored)->Get(Family::kRuleSets, "k1").ok());
}

TEST(StoreTest, CountersAddWithoutReadingAndSurviveReopen) {
  std::string dir = TempDir("counters");
  {
    auto store = Store::Open(dir, {});
    ASSERT_TRUE(store.ok());
    Store::Batch batch;
    batch.Add(Family::kCounters, "hits", 5);
    batch.Add(Family::kCounters, "hits", -2);
    ASSERT_TRUE((*store)->Write(batch).ok());
    Store::Batch more;
    more.Add(Family::kCounters, "hits", 10);
    ASSERT_TRUE((*store)->Write(more).ok());
    EXPECT_EQ(DecodeCounter(*(*store)->Get(Family::kCounters, "hits")), 13);
  }
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(DecodeCounter(*(*store)->Get(Family::kCounters, "hits")), 13);
}

TEST(StoreTest, SnapshotReadsIgnoreLaterWrites) {
  std::string dir = TempDir("snapshot");
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok()) << store.status();
  Store::Batch first;
  first.Put(Family::kFeedIndex, std::string("i\0a", 3), "1");
  first.Put(Family::kFeedIndex, std::string("i\0b", 3), "2");
  ASSERT_TRUE((*store)->Write(first).ok());
  std::shared_ptr<const rocksdb::Snapshot> snapshot = (*store)->GetSnapshot();
  Store::Batch second;
  second.Put(Family::kFeedIndex, std::string("i\0a", 3), "changed");
  second.DeleteRange(Family::kFeedIndex, std::string("i\0b", 3), std::string("i\0c", 3));
  ASSERT_TRUE((*store)->Write(second).ok());

  EXPECT_EQ(*(*store)->Get(Family::kFeedIndex, std::string("i\0a", 3), snapshot.get()), "1");
  EXPECT_EQ(*(*store)->Get(Family::kFeedIndex, std::string("i\0a", 3)), "changed");
  EXPECT_EQ((*store)->Get(Family::kFeedIndex, std::string("i\0b", 3)).status().code(),
            absl::StatusCode::kNotFound);
  int old_count = 0;
  auto it = (*store)->NewIterator(Family::kFeedIndex, std::string("i\0", 2), snapshot.get());
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++old_count;
  EXPECT_EQ(old_count, 2);
  it.reset();
  snapshot.reset();
}

// Scans of one object's edges use the engagement family's prefix filter;
// they must still find every edge of that object, in every memtable and
// file, and none of another object whose id extends it.
TEST(StoreTest, EdgeScansFindEveryEdgeOfTheirObjectAcrossFiles) {
  std::string dir = TempDir("edges");
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok()) << store.status();
  auto edge = [](absl::string_view object, int n) {
    return keys::Make("i", {"e", object, n % 3 == 0 ? "announce" : "like",
                            absl::StrCat("https://h/u", n)});
  };
  // Three files and a memtable; "ob" and "obj" are different objects.
  for (int part = 0; part < 4; ++part) {
    Store::Batch batch;
    for (int n = part; n < 40; n += 4) {
      batch.Put(Family::kEngagement, edge("https://a/ob", n), "");
      if (n % 2 == 0) batch.Put(Family::kEngagement, edge("https://a/obj", n), "");
    }
    batch.Put(Family::kEngagement, keys::Make("i", {"c", absl::StrCat("https://a/", part)}), "c");
    ASSERT_TRUE((*store)->Write(batch).ok());
    if (part < 3) {
      ASSERT_TRUE((*store)->Flush().ok());
    }
  }
  auto count = [&](const std::string& prefix) {
    int found = 0;
    auto it = (*store)->NewIterator(Family::kEngagement, prefix);
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      EXPECT_TRUE(it->key().starts_with(prefix)) << it->key().ToString();
      ++found;
    }
    EXPECT_TRUE(it->status().ok()) << it->status().ToString();
    return found;
  };
  EXPECT_EQ(count(keys::Make("i", {"e", "https://a/ob", ""})), 40);
  EXPECT_EQ(count(keys::Make("i", {"e", "https://a/obj", ""})), 20);
  EXPECT_EQ(count(keys::Make("i", {"e", "https://a/none", ""})), 0);
  // Scans that are not of one object's edges read every key in range.
  EXPECT_EQ(count(keys::Make("i", {"e", ""})), 60);
  EXPECT_EQ(count(keys::Make("i", {"c", ""})), 4);
  EXPECT_EQ(count(keys::InstancePrefix("i")), 64);
  // Point reads of keys inside and outside the prefix domain.
  EXPECT_TRUE((*store)->Get(Family::kEngagement, edge("https://a/obj", 38)).ok());
  EXPECT_EQ((*store)->Get(Family::kEngagement, edge("https://a/obj", 39)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(*(*store)->Get(Family::kEngagement, keys::Make("i", {"c", "https://a/2"})), "c");
}

TEST(StoreTest, BulkLoaderIngestsSortedKeysAtomically) {
  std::string dir = TempDir("bulk");
  auto store = Store::Open(dir, {});
  ASSERT_TRUE(store.ok()) << store.status();
  std::shared_ptr<const rocksdb::Snapshot> before = (*store)->GetSnapshot();
  auto loader = (*store)->NewBulkLoader(Family::kFeedIndex);
  ASSERT_TRUE(loader.ok()) << loader.status();
  ASSERT_TRUE((*loader)->Add("a", "1").ok());
  ASSERT_TRUE((*loader)->Add("b", "2").ok());
  EXPECT_FALSE((*loader)->Add("a", "out of order").ok());
  EXPECT_EQ((*store)->Get(Family::kFeedIndex, "a").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE((*loader)->Finish().ok());
  EXPECT_EQ(*(*store)->Get(Family::kFeedIndex, "b"), "2");
  EXPECT_EQ((*store)->Get(Family::kFeedIndex, "b", before.get()).status().code(),
            absl::StatusCode::kNotFound);
  before.reset();
  auto empty = (*store)->NewBulkLoader(Family::kFeedIndex);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE((*empty)->Finish().ok());
}

TEST(KeysTest, ValidateKeyPartNamesTheField) {
  EXPECT_TRUE(keys::ValidateKeyPart("id", "https://a/1").ok());
  absl::Status empty = keys::ValidateKeyPart("activity_json.id", "");
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(empty.message(), "activity_json.id: must not be empty");
  EXPECT_EQ(keys::ValidateKeyPart("id", std::string("a\0b", 3)).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(KeysTest, BigEndianSortsLikeNumbers) {
  std::string small, large;
  keys::AppendBigEndian64(&small, 255);
  keys::AppendBigEndian64(&large, 256);
  EXPECT_LT(small, large);
  EXPECT_EQ(keys::ReadBigEndian64(large), 256u);
}

}  // namespace
}  // namespace harrier
