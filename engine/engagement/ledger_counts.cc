// Copyright 2026 The Harrier Authors.
//
// The ledger's counts records: reads (memory first, then the store), the
// records kept in memory between feed flushes, and the recount from edges
// after a crash (see ledger.h).
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "engine/engagement/engagement_counts.h"
#include "engine/engagement/ledger.h"
#include "engine/engagement/ledger_keys.h"
#include "engine/status_macros.h"
#include "engine/storage/keys.h"
#include "harrier/storage/records.pb.h"

namespace harrier {

using engagement_counts::AddToCounts;
using engagement_counts::IsZero;
using engagement_counts::ParseCounts;
using engagement_counts::ParseSharedCounts;
using storage::EdgeRecord;
using storage::EngagementRecord;

absl::StatusOr<EngagementRecord> Ledger::GetEngagement(absl::string_view instance,
                                                       absl::string_view object_id) const {
  ASSIGN_OR_RETURN(std::vector<CountsCache::Value> records,
                   GetEngagementMany(instance, {std::string(object_id)}));
  return records[0] != nullptr ? *records[0] : EngagementRecord();
}

absl::StatusOr<std::vector<CountsCache::Value>> Ledger::GetEngagementMany(
    absl::string_view instance, const std::vector<std::string>& object_ids) const {
  // The cached ones from the cache, the others in one batched read.
  std::vector<CountsCache::Value> records(object_ids.size());
  std::vector<std::string> keys;
  std::vector<size_t> from_store;
  for (size_t i = 0; i < object_ids.size(); ++i) {
    std::string key = ledger_keys::Counts(instance, object_ids[i]);
    if (std::optional<CountsCache::Value> cached = cache_.Get(key); cached.has_value()) {
      records[i] = *std::move(cached);
    } else {
      keys.push_back(std::move(key));
      from_store.push_back(i);
    }
  }
  if (keys.empty()) return records;
  std::vector<absl::StatusOr<std::string>> read = store_->MultiGet(Family::kEngagement, keys);
  for (size_t k = 0; k < read.size(); ++k) {
    ASSIGN_OR_RETURN(records[from_store[k]], ParseSharedCounts(read[k]));
  }
  return records;
}

void Ledger::CacheCounts(CountsToCache counts) {
  for (CachedCounts& entry : counts) cache_.Set(std::move(entry.key), std::move(entry.value));
}

void Ledger::WriteCachedCounts(absl::string_view instance,
                               const std::vector<std::string>& object_ids, Store::Batch* batch,
                               CountsToCache* written) const {
  for (const std::string& id : object_ids) {
    std::string key = ledger_keys::Counts(instance, id);
    std::optional<CountsCache::Value> cached = cache_.Get(key);
    if (!cached.has_value()) continue;
    if (*cached != nullptr) {
      batch->Put(Family::kEngagement, key, (*cached)->SerializeAsString());
    } else {
      batch->Delete(Family::kEngagement, key);
    }
    written->push_back({id, std::move(key), *std::move(cached)});
  }
}

void Ledger::ForgetCounts(const CountsToCache& written) {
  for (const CachedCounts& entry : written) cache_.EraseIfSame(entry.key, entry.value);
}

absl::Status Ledger::Recount(absl::string_view instance,
                             const std::vector<std::string>& object_ids) {
  Store::Batch batch;
  for (const std::string& id : object_ids) {
    const std::string key = ledger_keys::Counts(instance, id);
    ASSIGN_OR_RETURN(EngagementRecord stored,
                     ParseCounts(store_->Get(Family::kEngagement, key)));
    if (stored.deleted()) continue;
    // Each edge counts one of its kind, for its host (as AddEdge counted it).
    EngagementRecord record;
    const std::string prefix = ledger_keys::EdgePrefix(instance, id);
    std::unique_ptr<rocksdb::Iterator> it = store_->NewIterator(Family::kEngagement, prefix);
    for (it->Seek(prefix); it->Valid(); it->Next()) {
      // <instance> 0 e 0 <object> 0 <kind> 0 <who>
      const std::string edge_key = it->key().ToString();
      const std::vector<absl::string_view> parts = absl::StrSplit(
          absl::string_view(edge_key).substr(prefix.size()), keys::kSeparator);
      if (parts.size() < 2) return absl::DataLossError("malformed edge key");
      EdgeRecord edge;
      if (!edge.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("corrupt edge record");
      }
      AddToCounts(parts[0], +1, record.mutable_total());
      AddToCounts(parts[0], +1,
                  &(*record.mutable_by_host())[edge.host().empty() ? std::string(engagement_counts::kUnknownHost) : edge.host()]);
    }
    RETURN_IF_ERROR(FromRocksDb(it->status()));
    if (IsZero(record.total()) && record.by_host().empty()) {
      batch.Delete(Family::kEngagement, key);
    } else {
      batch.Put(Family::kEngagement, key, record.SerializeAsString());
    }
  }
  if (batch.empty()) return absl::OkStatus();
  return store_->Write(batch);
}

absl::StatusOr<v1::EngagementCounts> Ledger::GetCounts(
    absl::string_view instance, absl::string_view object_id) const {
  ASSIGN_OR_RETURN(EngagementRecord record, GetEngagement(instance, object_id));
  return record.total();
}

}  // namespace harrier
