// Copyright 2026 The Harrier Authors.
#include "engine/engagement/marker_index.h"

#include <memory>

#include "engine/engagement/ledger_keys.h"
#include "engine/status_macros.h"
#include "rocksdb/iterator.h"

namespace harrier {

void MarkerIndex::Note(Instance& entry, absl::string_view activity_id) const {
  if (entry.overflow) return;
  if (entry.undone.size() >= max_undone_) {
    entry.overflow = true;
    entry.undone.clear();
    return;
  }
  entry.undone.emplace(activity_id);
}

absl::StatusOr<MarkerIndex::Instance*> MarkerIndex::Load(absl::string_view instance) {
  auto it = instances_.find(instance);
  if (it != instances_.end()) return it->second.get();
  auto entry = std::make_unique<Instance>();
  const std::string undone = ledger_keys::UndonePrefix(instance);
  std::unique_ptr<rocksdb::Iterator> scan = store_->NewIterator(Family::kEngagement, undone);
  for (scan->Seek(undone); scan->Valid() && !entry->overflow; scan->Next()) {
    Note(*entry, absl::string_view(scan->key().data(), scan->key().size()).substr(undone.size()));
  }
  RETURN_IF_ERROR(FromRocksDb(scan->status()));
  const std::string deleted = ledger_keys::DeletedPrefix(instance);
  scan = store_->NewIterator(Family::kEngagement, deleted);
  scan->Seek(deleted);
  entry->has_legacy_deleted = scan->Valid();
  RETURN_IF_ERROR(FromRocksDb(scan->status()));
  Instance* loaded = entry.get();
  instances_.emplace(std::string(instance), std::move(entry));
  return loaded;
}

template <typename Answer>
absl::StatusOr<bool> MarkerIndex::Ask(absl::string_view instance, Answer answer) {
  {
    absl::ReaderMutexLock read(&mu_);
    auto it = instances_.find(instance);
    if (it != instances_.end()) return answer(*it->second);
  }
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(Instance * entry, Load(instance));
  return answer(*entry);
}

absl::StatusOr<bool> MarkerIndex::MayBeUndone(absl::string_view instance,
                                              absl::string_view activity_id) {
  return Ask(instance, [activity_id](const Instance& entry) {
    return entry.overflow || entry.undone.contains(activity_id);
  });
}

absl::StatusOr<bool> MarkerIndex::HasLegacyDeleted(absl::string_view instance) {
  return Ask(instance, [](const Instance& entry) { return entry.has_legacy_deleted; });
}

absl::Status MarkerIndex::AddUndone(absl::string_view instance, absl::string_view activity_id) {
  absl::MutexLock lock(&mu_);
  ASSIGN_OR_RETURN(Instance * entry, Load(instance));
  Note(*entry, activity_id);
  return absl::OkStatus();
}

}  // namespace harrier
