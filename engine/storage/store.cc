// Copyright 2026 The Harrier Authors.
#include "engine/storage/store.h"

#include <cstdio>
#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/storage/keys.h"
#include "rocksdb/cache.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/write_buffer_manager.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "rocksdb/utilities/checkpoint.h"

namespace harrier {
namespace {

constexpr std::array<std::string_view, kFamilyCount> kFamilyNames = {
    "activities", "objects",  "engagement", "feed_index", "feed_scores",
    "decisions",  "rulesets", "review",     "audit",      "meta",
    "counters",
};

void EncodeCounter(int64_t value, std::string* out) {
  uint64_t bits = static_cast<uint64_t>(value);
  out->clear();
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

// Adds little-endian int64 operands. Thread-safe, never throws.
class Int64AddOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    int64_t sum = DecodeCounter(std::string_view(value.data(), value.size()));
    if (existing != nullptr) {
      sum += DecodeCounter(std::string_view(existing->data(), existing->size()));
    }
    EncodeCounter(sum, new_value);
    return true;
  }
  const char* Name() const override { return "HarrierInt64Add"; }
};

// The family whose filters also hold EdgePrefix prefixes.
constexpr Family kEdgeFamily = Family::kEngagement;

// A key's first three parts with their separators — instance 0x00 kind
// 0x00 id 0x00 — for keys of four parts or more (keys.h). In the engagement
// family that is every edge of one object (instance 0x00 e 0x00 object
// 0x00 ...): its SST files and memtables keep a Bloom filter of these
// prefixes besides the whole keys, so a scan of one object's edges (the
// object's Delete) skips every file that holds none of them instead of
// seeking into each. Keys of fewer parts (counts, markers) are outside the
// domain and filtered by whole key only.
class EdgePrefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "HarrierEdgePrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), End(key));
  }
  bool InDomain(const rocksdb::Slice& key) const override { return End(key) != 0; }
  // Every key that starts with such a prefix has that prefix.
  bool SameResultWhenAppended(const rocksdb::Slice& prefix) const override {
    return IsWholePrefix(std::string_view(prefix.data(), prefix.size()));
  }

  // Whether `prefix` is exactly one such prefix (so a scan bounded to it,
  // Store::NewIterator, may use the filter).
  static bool IsWholePrefix(std::string_view prefix) {
    return End(rocksdb::Slice(prefix.data(), prefix.size())) == prefix.size();
  }

 private:
  // The prefix's length; 0 when `key` has fewer than three separators
  // after its first part.
  static size_t End(const rocksdb::Slice& key) {
    int separators = 0;
    for (size_t i = 0; i < key.size(); ++i) {
      if (key[i] == keys::kSeparator && ++separators == 3) return i + 1;
    }
    return 0;
  }
};

// The smallest key greater than every key that starts with `prefix`; empty
// when there is none (prefix of all 0xff bytes).
std::string PrefixUpperBound(std::string_view prefix) {
  std::string bound(prefix);
  while (!bound.empty()) {
    unsigned char last = static_cast<unsigned char>(bound.back());
    if (last != 0xff) {
      bound.back() = static_cast<char>(last + 1);
      return bound;
    }
    bound.pop_back();
  }
  return bound;
}

// Owns the upper bound that RocksDB's ReadOptions only points to.
class BoundedIterator final : public rocksdb::Iterator {
 public:
  // `by_prefix`: the family's prefix filter may skip files (the scan is of
  // exactly one EdgePrefix prefix); otherwise every file is read in key
  // order (total order seek), whatever prefix extractor the family has.
  BoundedIterator(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* family,
                  std::string_view prefix, const rocksdb::Snapshot* snapshot, bool bulk,
                  bool by_prefix)
      : upper_(PrefixUpperBound(prefix)), upper_slice_(upper_) {
    rocksdb::ReadOptions options;
    options.snapshot = snapshot;
    options.total_order_seek = !by_prefix;
    options.prefix_same_as_start = by_prefix;
    if (bulk) {
      options.fill_cache = false;
      options.readahead_size = 2 << 20;
    }
    if (!upper_.empty()) options.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(options, family));
  }
  bool Valid() const override { return it_->Valid(); }
  void SeekToFirst() override { it_->SeekToFirst(); }
  void SeekToLast() override { it_->SeekToLast(); }
  void Seek(const rocksdb::Slice& target) override { it_->Seek(target); }
  void SeekForPrev(const rocksdb::Slice& target) override {
    it_->SeekForPrev(target);
  }
  void Next() override { it_->Next(); }
  void Prev() override { it_->Prev(); }
  rocksdb::Slice key() const override { return it_->key(); }
  rocksdb::Slice value() const override { return it_->value(); }
  rocksdb::Status status() const override { return it_->status(); }

 private:
  std::string upper_;
  rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

int64_t DecodeCounter(std::string_view value) {
  if (value.size() != 8) return 0;
  uint64_t bits = 0;
  for (int i = 7; i >= 0; --i) bits = (bits << 8) | static_cast<uint8_t>(value[i]);
  return static_cast<int64_t>(bits);
}

std::string_view FamilyName(Family family) {
  return kFamilyNames[static_cast<int>(family)];
}

absl::Status FromRocksDb(const rocksdb::Status& status) {
  if (status.ok()) return absl::OkStatus();
  if (status.IsNotFound()) return absl::NotFoundError(status.ToString());
  if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
    return absl::UnavailableError(status.ToString());
  }
  if (status.IsInvalidArgument()) {
    return absl::InvalidArgumentError(status.ToString());
  }
  return absl::InternalError(status.ToString());
}

void Store::Batch::Put(Family family, std::string_view key,
                       std::string_view value) {
  ops_.push_back({Op::kPut, family, std::string(key), std::string(value)});
  ++count_;
}

void Store::Batch::Put(Family family, std::string_view key, std::string&& value) {
  ops_.push_back({Op::kPut, family, std::string(key), std::move(value)});
  ++count_;
}

void Store::Batch::Add(Family family, std::string_view key, int64_t delta) {
  std::string value;
  EncodeCounter(delta, &value);
  ops_.push_back({Op::kMerge, family, std::string(key), std::move(value)});
  ++count_;
}

void Store::Batch::Delete(Family family, std::string_view key) {
  ops_.push_back({Op::kDelete, family, std::string(key), {}});
  ++count_;
}

void Store::Batch::DeleteRange(Family family, std::string_view begin,
                              std::string_view end) {
  ops_.push_back({Op::kDeleteRange, family, std::string(begin), std::string(end)});
  ++count_;
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& dir,
                                                   const Options& options) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.keep_log_file_num = 5;
  // Writers waiting for the group-commit leader block instead of spinning
  // with sched_yield: spinning only burns the other core of a small machine.
  db_options.enable_write_thread_adaptive_yield = false;

  rocksdb::BlockBasedTableOptions table;
  table.block_cache =
      rocksdb::NewLRUCache(options.block_cache_bytes + options.memtable_budget_bytes);
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  // Most point reads on the ingest path look for keys that do not exist
  // (dedup, engagement edges, undo markers): a Bloom filter per file
  // answers them without reading a block.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  // Filters and indexes in 4 KiB partitions under a small top-level block
  // pinned in the cache: a point read brings in one partition, not the
  // whole file's filter. With whole-file filters, once the database's
  // filters outgrew the cache (after two to three minutes of the soak) each
  // dedup read re-read and re-checksummed megabytes of evicted filter, and
  // throughput fell by half.
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = true;
  table.metadata_block_size = 4096;
  table.pin_top_level_index_and_filter = true;
  // 16 KiB data blocks instead of 4: most point reads on the ingest path
  // are answered by the filters without a data block, while flushes and
  // compactions (about a quarter of the server's CPU samples under
  // sustained ingest: 24% in the eighteenth session's profile) build a
  // quarter as many blocks and index entries. In each of four
  // alternated soak pairs the server's CPU per activity, against the load
  // generator's in the same run, was lower (by 0.5-7%, about 3% on
  // average); the cause was not profiled (PERFORMANCE.md, seventeenth
  // session).
  table.block_size = 16 * 1024;
  rocksdb::ColumnFamilyOptions family_options;
  family_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  family_options.OptimizeLevelStyleCompaction();
  // OptimizeLevelStyleCompaction sizes memtables for 512 MiB per family;
  // one shared budget bounds them all (11 families).
  family_options.write_buffer_size = std::max<size_t>(options.memtable_budget_bytes / 8, 4 << 20);
  // Flush each full memtable on its own (not two at a time), so a read
  // searches at most the active memtable and one being flushed.
  family_options.min_write_buffer_number_to_merge = 1;
  family_options.max_write_buffer_number = 3;
  // Keys arrive in random order, so every L0 file overlaps all of L1: keep
  // L1 about the size of L0 (4 memtables) rather than OptimizeLevelStyle's
  // 512 MiB, which rewrote up to 512 MiB per 32 MiB flushed, and size the
  // levels from the last one (dynamic level bytes).
  family_options.level0_file_num_compaction_trigger = 4;
  family_options.max_bytes_for_level_base = 4 * family_options.write_buffer_size;
  family_options.target_file_size_base = family_options.write_buffer_size;
  family_options.level_compaction_dynamic_level_bytes = true;
  // The same for memtables: a whole-key Bloom filter skips the skiplist
  // search for absent keys.
  family_options.memtable_prefix_bloom_size_ratio = 0.05;
  family_options.memtable_whole_key_filtering = true;
  db_options.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(
      options.memtable_budget_bytes, table.block_cache);

  // Families only ever scanned (a feed's page, the decision listing), never
  // read by key: a Bloom filter would answer no read, yet every flush,
  // compaction and bulk load would hash each key into one, every memtable
  // insert would set its bits, and the filter blocks would take room in the
  // cache the point reads need.
  rocksdb::BlockBasedTableOptions scan_only_table = table;
  scan_only_table.filter_policy.reset();
  scan_only_table.partition_filters = false;
  rocksdb::ColumnFamilyOptions scan_only = family_options;
  scan_only.table_factory.reset(rocksdb::NewBlockBasedTableFactory(scan_only_table));
  scan_only.memtable_prefix_bloom_size_ratio = 0;
  scan_only.memtable_whole_key_filtering = false;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, family_options);
  for (std::string_view name : kFamilyNames) {
    const bool scanned_only =
        name == FamilyName(Family::kFeedIndex) || name == FamilyName(Family::kDecisions);
    rocksdb::ColumnFamilyOptions options = scanned_only ? scan_only : family_options;
    if (name == FamilyName(kEdgeFamily)) {
      options.prefix_extractor = std::make_shared<EdgePrefix>();
    }
    if (name == FamilyName(Family::kCounters)) {
      options.merge_operator = std::make_shared<Int64AddOperator>();
    }
    if (name == FamilyName(Family::kActivities)) {
      // Values written once, never changed and seldom read (the raw JSON
      // and the decision) live in blob files, so compaction moves only the
      // keys: far less background work under sustained ingest. Never
      // overwritten, so no blob garbage collection (which would rewrite
      // every blob once more). Since the record no longer holds the
      // normalised activity, most (a Like's, an Undo's: 200-300 bytes) are
      // small: a 512-byte threshold left them in the tables, and compaction
      // rewrote 919 MB in a five-minute soak; with 64, 252 MB.
      options.enable_blob_files = true;
      options.min_blob_size = 64;
      options.blob_compression_type = rocksdb::kLZ4Compression;
      // Its memtables fill with values (moved to blobs at flush), so it
      // flushes four times as often as the other families, each time a
      // small file of keys. Levelled compaction merged each few of those
      // into an L1 up to 64 MiB: 1.1 GB rewritten in a four-minute soak.
      // Universal compaction merges sorted runs of similar size instead
      // (0.2 GB); its keys are written once and read only by point lookups,
      // which the per-file Bloom filters answer.
      options.compaction_style = rocksdb::kCompactionStyleUniversal;
      options.level_compaction_dynamic_level_bytes = false;
      // Its memtables hold whole records (2-3 KB each) until the flush
      // moves them to blob files: four times the others' size, so it
      // flushes (and its universal compaction merges) about as often.
      options.write_buffer_size = 4 * family_options.write_buffer_size;
    }
    if (name == FamilyName(Family::kDecisions)) {
      // The same for the decision time index: appended once, read only when
      // listing, never overwritten.
      options.enable_blob_files = true;
      options.min_blob_size = 64;
      options.blob_compression_type = rocksdb::kLZ4Compression;
    }
    descriptors.emplace_back(std::string(name), options);
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(
      rocksdb::DBOptions(db_options), dir, descriptors, &handles, &raw);
  if (!status.ok()) {
    return FromRocksDb(status);
  }
  std::unique_ptr<Store> store(new Store());
  store->dir_ = dir;
  store->db_.reset(raw);
  store->default_handle_ = handles[0];
  for (int i = 0; i < kFamilyCount; ++i) store->handles_[i] = handles[i + 1];
  store->write_options_.sync = options.sync_writes;
  return store;
}

Store::~Store() {
  if (db_ == nullptr) return;
  rocksdb::FlushOptions flush;
  std::vector<rocksdb::ColumnFamilyHandle*> all(handles_.begin(), handles_.end());
  db_->Flush(flush, all).PermitUncheckedError();
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->DestroyColumnFamilyHandle(default_handle_).PermitUncheckedError();
  db_->Close().PermitUncheckedError();
}

absl::StatusOr<std::string> Store::Get(
    Family family, std::string_view key,
    const rocksdb::Snapshot* snapshot) const {
  std::string value;
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  rocksdb::Status status = db_->Get(options, handle(family),
                                    rocksdb::Slice(key.data(), key.size()),
                                    &value);
  if (!status.ok()) return FromRocksDb(status);
  return value;
}

std::vector<absl::StatusOr<std::string>> Store::MultiGet(
    Family family, const std::vector<std::string>& keys) const {
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (const std::string& key : keys) slices.emplace_back(key);
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(rocksdb::ReadOptions(), handle(family), keys.size(), slices.data(),
                values.data(), statuses.data());
  std::vector<absl::StatusOr<std::string>> results;
  results.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].ok()) {
      results.emplace_back(values[i].ToString());
    } else {
      results.emplace_back(FromRocksDb(statuses[i]));
    }
  }
  return results;
}

absl::Status Store::Write(const Batch& batch) {
  if (batch.empty()) return absl::OkStatus();
  // Inserted into each memtable in key order, consecutive keys reuse the
  // skip list's search path (RocksDB's insertion splice): a large batch
  // costs far fewer cache misses than in arrival order. The sort is stable,
  // so writes of one key keep their order; a batch with a range delete
  // keeps its order altogether.
  std::vector<const Batch::Op*> ops;
  ops.reserve(batch.ops_.size());
  bool ranged = false;
  // What the write batch will hold (each record: a tag, the family, two
  // varint lengths), reserved at once rather than grown by doubling.
  size_t bytes = 12;
  for (const Batch::Op& op : batch.ops_) {
    ops.push_back(&op);
    ranged = ranged || op.kind == Batch::Op::kDeleteRange;
    bytes += op.key.size() + op.value.size() + 16;
  }
  if (!ranged && ops.size() > 1) {
    std::stable_sort(ops.begin(), ops.end(), [](const Batch::Op* a, const Batch::Op* b) {
      if (a->family != b->family) return a->family < b->family;
      return a->key < b->key;
    });
  }
  rocksdb::WriteBatch write(bytes);
  for (const Batch::Op* op_pointer : ops) {
    const Batch::Op& op = *op_pointer;
    rocksdb::Status status;
    switch (op.kind) {
      case Batch::Op::kPut:
        status = write.Put(handle(op.family), op.key, op.value);
        break;
      case Batch::Op::kDelete:
        status = write.Delete(handle(op.family), op.key);
        break;
      case Batch::Op::kMerge:
        status = write.Merge(handle(op.family), op.key, op.value);
        break;
      case Batch::Op::kDeleteRange:
        status = write.DeleteRange(handle(op.family), op.key, op.value);
        break;
    }
    if (!status.ok()) return FromRocksDb(status);
  }
  return FromRocksDb(db_->Write(write_options_, &write));
}

std::unique_ptr<rocksdb::Iterator> Store::NewIterator(
    Family family, std::string_view prefix,
    const rocksdb::Snapshot* snapshot) const {
  return std::make_unique<BoundedIterator>(db_.get(), handle(family), prefix, snapshot,
                                           /*bulk=*/false, ByPrefix(family, prefix));
}

std::unique_ptr<rocksdb::Iterator> Store::NewScanIterator(
    Family family, std::string_view prefix, const rocksdb::Snapshot* snapshot) const {
  return std::make_unique<BoundedIterator>(db_.get(), handle(family), prefix, snapshot,
                                           /*bulk=*/true, ByPrefix(family, prefix));
}

bool Store::ByPrefix(Family family, std::string_view prefix) {
  return family == kEdgeFamily && EdgePrefix::IsWholePrefix(prefix);
}

absl::StatusOr<std::unique_ptr<Store::BulkLoader>> Store::NewBulkLoader(Family family) {
  std::unique_ptr<BulkLoader> loader(new BulkLoader());
  loader->store_ = this;
  loader->family_ = family;
  loader->path_ = absl::StrCat(dir_, "/bulk-", bulk_files_.fetch_add(1), ".sst");
  rocksdb::Options options(db_->GetDBOptions(), db_->GetOptions(handle(family)));
  loader->writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options,
                                                             handle(family));
  rocksdb::Status status = loader->writer_->Open(loader->path_);
  if (!status.ok()) return FromRocksDb(status);
  return loader;
}

Store::BulkLoader::~BulkLoader() {
  if (!finished_ && writer_ != nullptr) {
    writer_.reset();
    std::remove(path_.c_str());
  }
}

absl::Status Store::BulkLoader::Add(std::string_view key, std::string_view value) {
  rocksdb::Status status = writer_->Put(rocksdb::Slice(key.data(), key.size()),
                                        rocksdb::Slice(value.data(), value.size()));
  if (!status.ok()) return FromRocksDb(status);
  ++count_;
  return absl::OkStatus();
}

absl::Status Store::BulkLoader::Finish() {
  finished_ = true;
  if (count_ == 0) {
    writer_.reset();
    std::remove(path_.c_str());
    return absl::OkStatus();
  }
  rocksdb::Status status = writer_->Finish();
  if (status.ok()) {
    rocksdb::IngestExternalFileOptions ingest;
    ingest.move_files = true;
    status = store_->db_->IngestExternalFile(store_->handle(family_), {path_}, ingest);
  }
  std::remove(path_.c_str());  // Moved on success; leftovers on failure.
  return FromRocksDb(status);
}

std::shared_ptr<const rocksdb::Snapshot> Store::GetSnapshot() const {
  rocksdb::DB* db = db_.get();
  return std::shared_ptr<const rocksdb::Snapshot>(
      db->GetSnapshot(),
      [db](const rocksdb::Snapshot* snapshot) { db->ReleaseSnapshot(snapshot); });
}

absl::StatusOr<uint64_t> Store::Checkpoint(const std::string& dir) {
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status status = rocksdb::Checkpoint::Create(db_.get(), &raw);
  if (!status.ok()) return FromRocksDb(status);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  uint64_t sequence = 0;
  status = checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0, &sequence);
  if (!status.ok()) return FromRocksDb(status);
  return sequence;
}

absl::Status Store::Flush() {
  std::vector<rocksdb::ColumnFamilyHandle*> all(handles_.begin(), handles_.end());
  return FromRocksDb(db_->Flush(rocksdb::FlushOptions(), all));
}

std::string Store::Property(std::string_view name) const {
  std::string value;
  if (!db_->GetProperty(rocksdb::Slice(name.data(), name.size()), &value)) {
    return "";
  }
  return value;
}

}  // namespace harrier

namespace harrier {

std::string Store::Property(Family family, std::string_view name) const {
  std::string value;
  if (!db_->GetProperty(handle(family), rocksdb::Slice(name.data(), name.size()), &value)) {
    return "";
  }
  return value;
}

uint64_t Store::IntProperty(Family family, std::string_view name) const {
  uint64_t value = 0;
  if (!db_->GetIntProperty(handle(family), rocksdb::Slice(name.data(), name.size()), &value)) {
    return 0;
  }
  return value;
}

}  // namespace harrier
