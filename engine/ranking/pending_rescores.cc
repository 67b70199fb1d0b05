// Copyright 2026 The Harrier Authors.
#include "engine/ranking/pending_rescores.h"

#include <utility>

namespace harrier::ranking {

bool PendingRescores::Contains(absl::string_view instance,
                               absl::string_view object_id) const {
  absl::MutexLock lock(&mutex_);
  auto it = by_instance_.find(instance);
  return it != by_instance_.end() && it->second.contains(object_id);
}

void PendingRescores::Add(absl::string_view instance,
                          const std::vector<std::string>& object_ids) {
  if (object_ids.empty()) return;
  absl::MutexLock lock(&mutex_);
  Objects& objects = by_instance_[instance];
  for (const std::string& id : object_ids) AddLocked(objects, id, 1);
}

void PendingRescores::Restore(absl::string_view instance, const Objects& restored) {
  if (restored.empty()) return;
  absl::MutexLock lock(&mutex_);
  Objects& objects = by_instance_[instance];
  for (const auto& [id, events] : restored) AddLocked(objects, id, events);
}

void PendingRescores::AddLocked(Objects& objects, const std::string& id, int events) {
  auto [it, inserted] = objects.try_emplace(id, 0);
  it->second += events;
  if (inserted) ++size_;
}

PendingRescores::Objects PendingRescores::Take(absl::string_view instance) {
  absl::MutexLock lock(&mutex_);
  auto it = by_instance_.find(instance);
  if (it == by_instance_.end()) return {};
  Objects objects = std::move(it->second);
  by_instance_.erase(it);
  size_ -= objects.size();
  return objects;
}

std::vector<std::string> PendingRescores::Instances() const {
  absl::MutexLock lock(&mutex_);
  std::vector<std::string> instances;
  for (const auto& [instance, objects] : by_instance_) {
    if (!objects.empty()) instances.push_back(instance);
  }
  return instances;
}

size_t PendingRescores::size() const {
  absl::MutexLock lock(&mutex_);
  return size_;
}

}  // namespace harrier::ranking
