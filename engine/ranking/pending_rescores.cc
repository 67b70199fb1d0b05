// Copyright 2026 The Harrier Authors.
#include "engine/ranking/pending_rescores.h"

#include <utility>

namespace harrier::ranking {

void PendingRescores::Merge(Entry later, Entry* earlier) {
  earlier->events += later.events;
  if (later.create == nullptr) return;
  if (earlier->create == nullptr) {
    earlier->create = std::move(later.create);
    return;
  }
  // An Update after a Create (or another Update) not yet written: the later
  // content, the earlier factor unless moderation gave the later one its
  // own, and "new" as long as nothing was written.
  auto merged = std::make_shared<PendingCreate>(*later.create);
  const double factor = merged->rank_factor;
  if (!(factor > 0 && factor < 1)) merged->rank_factor = earlier->create->rank_factor;
  merged->new_object = earlier->create->new_object;
  earlier->create = std::move(merged);
}

void PendingRescores::AddLocked(PerInstance& into, const std::string& id, Entry entry) {
  auto [it, inserted] = into.objects.try_emplace(id);
  Merge(std::move(entry), &it->second);
  if (inserted) ++size_;
}

void PendingRescores::Add(absl::string_view instance, std::vector<Deferred> deferred,
                          const std::string& marker) {
  if (deferred.empty() && marker.empty()) return;
  absl::MutexLock lock(&mutex_);
  PerInstance& into = by_instance_[instance];
  for (Deferred& item : deferred) {
    Entry entry;
    if (item.create != nullptr) {
      entry.create = std::move(item.create);
    } else if (!item.counts_only) {
      entry.events = 1;
    }
    AddLocked(into, item.object_id, std::move(entry));
  }
  if (!marker.empty()) into.markers.push_back(marker);
}

void PendingRescores::Restore(absl::string_view instance, Taken taken) {
  if (taken.objects.empty() && taken.markers.empty()) return;
  absl::MutexLock lock(&mutex_);
  PerInstance& into = by_instance_[instance];
  PerInstance later = std::move(into);
  into = PerInstance();
  size_ -= later.objects.size();
  for (auto& [id, entry] : taken.objects) {
    if (entry.create != nullptr && entry.create->new_object) {
      auto stored = std::make_shared<PendingCreate>(*entry.create);
      stored->new_object = false;
      entry.create = std::move(stored);
    }
    AddLocked(into, id, std::move(entry));
  }
  for (auto& [id, entry] : later.objects) AddLocked(into, id, std::move(entry));
  into.markers = std::move(taken.markers);
  into.markers.insert(into.markers.end(), later.markers.begin(), later.markers.end());
}

PendingRescores::Taken PendingRescores::Take(absl::string_view instance) {
  absl::MutexLock lock(&mutex_);
  auto it = by_instance_.find(instance);
  if (it == by_instance_.end()) return {};
  Taken taken;
  taken.objects = std::move(it->second.objects);
  taken.markers = std::move(it->second.markers);
  by_instance_.erase(it);
  size_ -= taken.objects.size();
  return taken;
}

std::vector<std::string> PendingRescores::Instances() const {
  absl::MutexLock lock(&mutex_);
  std::vector<std::string> instances;
  for (const auto& [instance, pending] : by_instance_) {
    if (!pending.objects.empty() || !pending.markers.empty()) instances.push_back(instance);
  }
  return instances;
}

size_t PendingRescores::size() const {
  absl::MutexLock lock(&mutex_);
  return size_;
}

}  // namespace harrier::ranking
