// Copyright 2026 The Harrier Authors.
#include "engine/engagement/marker_index.h"

#include <memory>

#include "engine/engagement/ledger_keys.h"
#include "engine/status_macros.h"
#include "rocksdb/iterator.h"

namespace harrier {

absl::StatusOr<MarkerIndex::Instance*> MarkerIndex::Load(absl::string_view instance) {
  auto it = instances_.find(instance);
  if (it != instances_.end()) return it->second.get();
  auto entry = std::make_unique<Instance>();
  {
    const std::string prefix = ledger_keys::UndonePrefix(instance);
    std::unique_ptr<rocksdb::Iterator> scan = store_->NewIterator(Family::kEngagement, prefix);
    for (scan->Seek(prefix); scan->Valid(); scan->Next()) {
      if (entry->undone.size() >= max_undone_) {
        entry->overflow = true;
        entry->undone.clear();
        break;
      }
      entry->undone.insert(scan->key().ToString().substr(prefix.size()));
    }
    RETURN_IF_ERROR(FromRocksDb(scan->status()));
  }
  {
    const std::string prefix = ledger_keys::DeletedPrefix(instance);
    std::unique_ptr<rocksdb::Iterator> scan = store_->NewIterator(Family::kEngagement, prefix);
    scan->Seek(prefix);
    entry->has_legacy_deleted = scan->Valid();
    RETURN_IF_ERROR(FromRocksDb(scan->status()));
  }
  Instance* loaded = entry.get();
  instances_.emplace(std::string(instance), std::move(entry));
  return loaded;
}

absl::StatusOr<bool> MarkerIndex::MayBeUndone(absl::string_view instance,
                                              absl::string_view activity_id) {
  {
    absl::ReaderMutexLock read(&mu_);
    auto it = instances_.find(instance);
    if (it != instances_.end()) {
      return it->second->overflow || it->second->undone.contains(activity_id);
    }
  }
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(Instance * entry, Load(instance));
  return entry->overflow || entry->undone.contains(activity_id);
}

absl::Status MarkerIndex::AddUndone(absl::string_view instance, absl::string_view activity_id) {
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(Instance * entry, Load(instance));
  if (entry->overflow) return absl::OkStatus();
  if (entry->undone.size() >= max_undone_) {
    entry->overflow = true;
    entry->undone.clear();
    return absl::OkStatus();
  }
  entry->undone.emplace(activity_id);
  return absl::OkStatus();
}

absl::StatusOr<bool> MarkerIndex::HasLegacyDeleted(absl::string_view instance) {
  {
    absl::ReaderMutexLock read(&mu_);
    auto it = instances_.find(instance);
    if (it != instances_.end()) return it->second->has_legacy_deleted;
  }
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(Instance * entry, Load(instance));
  return entry->has_legacy_deleted;
}

}  // namespace harrier
