// Copyright 2026 The Harrier Authors.
//
// store.h: Harrier's single storage interface, over an embedded RocksDB.
//
// The database has one column family per kind of record (see Family and
// docs/ARCHITECTURE.md); keys are built with engine/storage/keys.h and are
// prefixed by the instance. Writes go through a Batch and are atomic; the
// write-ahead log is always on, so a write acknowledged by Write() survives a
// process crash; with Options::sync_writes it also survives power loss.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(dir, {}));
//   Store::Batch batch;
//   batch.Put(Family::kActivities, key, value);
//   RETURN_IF_ERROR(store->Write(batch));
//
// Thread safety: every method is thread-safe. Batches are not shared.
//
// Snapshots: GetSnapshot() pins a consistent view of the whole database;
// Get and NewIterator read at it when given one. The returned shared_ptr
// releases the snapshot when its last copy goes; every copy must be gone
// before the Store is destroyed.
// Errors: Open returns UNAVAILABLE when the directory is locked by another
// process and INTERNAL for corruption; Get returns NOT_FOUND for a missing
// key; other RocksDB failures map to INTERNAL with RocksDB's message.
#ifndef HARRIER_ENGINE_STORAGE_STORE_H_
#define HARRIER_ENGINE_STORAGE_STORE_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rocksdb/db.h"
#include "rocksdb/sst_file_writer.h"
#include "rocksdb/write_batch.h"

namespace harrier {

// Column families. The names are part of the on-disk format.
enum class Family : int {
  // Activities seen, by id: dedup + the stored record (StoredActivity).
  kActivities = 0,
  // Normalised objects by id (ObjectRecord).
  kObjects,
  // Engagement edges (who liked what) and counters.
  kEngagement,
  // Per-feed score index, ordered by descending score.
  kFeedIndex,
  // Per-feed current score of each member.
  kFeedScores,
  // Moderation decisions by activity id.
  kDecisions,
  // Rule-set versions and feed configurations.
  kRuleSets,
  // Review queue items.
  kReview,
  // Audit log entries.
  kAudit,
  // Metadata: schema version, active versions.
  kMeta,
  // 64-bit signed counters updated by Batch::Add (merge, no read needed):
  // rule hits per hour.
  kCounters,
};
inline constexpr int kFamilyCount = 11;

// The column family's name on disk, e.g. "activities".
std::string_view FamilyName(Family family);

class Store {
 public:
  struct Options {
    // fsync the WAL on every write (group commit amortises it).
    bool sync_writes = false;
    // Block cache for data, index and filter blocks, in bytes (the memtable
    // budget is charged to the same cache on top of this).
    size_t block_cache_bytes = 64 << 20;
    // Memory for all memtables together (every column family): writes
    // flush to SST files before memtables outgrow it, so resident memory
    // stays bounded under sustained ingest.
    size_t memtable_budget_bytes = 128 << 20;
  };

  // An atomic group of writes.
  class Batch {
   public:
    void Put(Family family, std::string_view key, std::string_view value);
    // The same, taking a value built for it (a serialised record) without
    // copying it.
    void Put(Family family, std::string_view key, std::string&& value);
    void Put(Family family, std::string_view key, const char* value) {
      Put(family, key, std::string_view(value));
    }
    void Delete(Family family, std::string_view key);
    // Adds `delta` to the counter at `key` (family kCounters only).
    void Add(Family family, std::string_view key, int64_t delta);
    // Deletes every key in [begin, end) of `family` (RocksDB DeleteRange;
    // readers at an older snapshot still see the keys).
    void DeleteRange(Family family, std::string_view begin,
                     std::string_view end);
    bool empty() const { return count_ == 0; }
    int count() const { return count_; }
    // Calls `fn(key)` for each key of `family` put, deleted or added to, in
    // order (not for range deletions).
    template <typename Fn>
    void ForEachKey(Family family, Fn fn) const {
      for (const Op& op : ops_) {
        if (op.family == family && op.kind != Op::kDeleteRange) fn(std::string_view(op.key));
      }
    }
    // Drops every write added after the first `count` (a count() taken
    // earlier), to redo them differently.
    void Truncate(int count) {
      if (count < count_) {
        ops_.resize(count);
        count_ = count;
      }
    }

   private:
    friend class Store;
    struct Op {
      enum Kind { kPut, kDelete, kMerge, kDeleteRange } kind;
      Family family;
      std::string key;
      std::string value;  // kDeleteRange: the end key.
    };
    std::vector<Op> ops_;
    int count_ = 0;
  };

  // Opens (creating if missing) the database in `dir`.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const std::string& dir,
                                                      const Options& options);

  // Flushes memtables and closes the database.
  ~Store();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Reads one value (at `snapshot` when not null). NOT_FOUND when absent.
  // Counters read as 8 bytes, decoded by DecodeCounter.
  absl::StatusOr<std::string> Get(
      Family family, std::string_view key,
      const rocksdb::Snapshot* snapshot = nullptr) const;

  // Reads `keys` of `family` as Get would each, in one batched lookup: each
  // file's filters and index are probed for all keys together, which costs
  // less per key than one Get each. Results in the order of `keys`.
  std::vector<absl::StatusOr<std::string>> MultiGet(
      Family family, const std::vector<std::string>& keys) const;

  // Applies `batch` atomically.
  absl::Status Write(const Batch& batch);

  // An iterator over `family`, optionally bounded to keys starting with
  // `prefix` (iteration stops at the end of the prefix range). A scan of
  // one object's edges (kEngagement, instance 0x00 e 0x00 object 0x00)
  // skips the files whose prefix filter rules the object out.
  // Reads at `snapshot` when not null.
  std::unique_ptr<rocksdb::Iterator> NewIterator(
      Family family, std::string_view prefix = {},
      const rocksdb::Snapshot* snapshot = nullptr) const;
  // The same for a scan of a whole range (a feed's members when it is
  // re-scored): the blocks it reads are not kept in the block cache, so
  // millions of keys read once do not evict what the ingest path reads
  // again and again, and it reads ahead 2 MiB at a time.
  std::unique_ptr<rocksdb::Iterator> NewScanIterator(
      Family family, std::string_view prefix = {},
      const rocksdb::Snapshot* snapshot = nullptr) const;

  // Bulk load: keys added in strictly increasing order go into a new SST
  // file that Finish() ingests into the family atomically (all keys become
  // visible at once, durable without the WAL, bypassing the memtable). For
  // large sorted rewrites (feed re-scoring); keys should not exist yet.
  // Not thread-safe; one loader per thread.
  class BulkLoader {
   public:
    ~BulkLoader();
    // INVALID_ARGUMENT when `key` is not greater than the previous key.
    absl::Status Add(std::string_view key, std::string_view value);
    // Ingests the file (nothing when no key was added).
    absl::Status Finish();
    int64_t count() const { return count_; }

   private:
    friend class Store;
    BulkLoader() = default;
    Store* store_ = nullptr;
    Family family_ = Family::kMeta;
    std::string path_;
    std::unique_ptr<rocksdb::SstFileWriter> writer_;
    int64_t count_ = 0;
    bool finished_ = false;
  };
  absl::StatusOr<std::unique_ptr<BulkLoader>> NewBulkLoader(Family family);

  // A consistent point-in-time view, released when the last copy of the
  // pointer is dropped (before the Store is destroyed).
  std::shared_ptr<const rocksdb::Snapshot> GetSnapshot() const;

  // Writes a consistent checkpoint of the whole database into `dir`, which
  // must not exist. Returns the latest sequence number it contains.
  absl::StatusOr<uint64_t> Checkpoint(const std::string& dir);

  // Flushes memtables to SST files (used on shutdown and by tests).
  absl::Status Flush();

  // A RocksDB property, e.g. "rocksdb.stats" (empty when unknown); of one
  // family, e.g. "rocksdb.aggregated-table-properties".
  std::string Property(std::string_view name) const;
  std::string Property(Family family, std::string_view name) const;
  // An integer property of one family, e.g. "rocksdb.estimate-num-keys"
  // (0 when unknown).
  uint64_t IntProperty(Family family, std::string_view name) const;

 private:
  Store() = default;

  // Whether an iterator bounded to `prefix` may use `family`'s prefix
  // filter (store.cc: EdgePrefix).
  static bool ByPrefix(Family family, std::string_view prefix);

  rocksdb::ColumnFamilyHandle* handle(Family family) const {
    return handles_[static_cast<int>(family)];
  }

  std::string dir_;
  std::atomic<uint64_t> bulk_files_{0};
  std::unique_ptr<rocksdb::DB> db_;
  std::array<rocksdb::ColumnFamilyHandle*, kFamilyCount> handles_{};
  rocksdb::ColumnFamilyHandle* default_handle_ = nullptr;
  rocksdb::WriteOptions write_options_;
};

// Value of a kCounters key (0 for a malformed value).
int64_t DecodeCounter(std::string_view value);

// Converts a RocksDB status to an absl::Status.
absl::Status FromRocksDb(const rocksdb::Status& status);

}  // namespace harrier

#endif  // HARRIER_ENGINE_STORAGE_STORE_H_
