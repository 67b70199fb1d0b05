// Copyright 2026 The Harrier Authors.
//
// instances.h: the instances (tenants) a server hosts, found in the
// configuration directory:
//
//   <config_dir>/instances/<name>/          one folder per instance
//   <config_dir>/instances/<name>/rules/    its rule files (*.rules + lists)
//   <config_dir>/instances/<name>/feeds/    its feed definitions (*.feeds)
//
// An instance name is 1-63 characters of [a-z0-9.-], starting with a letter
// or digit (a DNS-like name such as "example.social").
//
// Thread safety: immutable after construction.
#ifndef HARRIER_ENGINE_INSTANCES_H_
#define HARRIER_ENGINE_INSTANCES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace harrier {

// OK when `name` is a valid instance name; INVALID_ARGUMENT naming `field`
// otherwise.
absl::Status ValidateInstanceName(absl::string_view field, absl::string_view name);

class InstanceRegistry {
 public:
  InstanceRegistry() = default;
  explicit InstanceRegistry(std::vector<std::string> names);

  // Reads <config_dir>/instances/*. A missing instances folder gives an empty
  // registry; a folder with an invalid name is an INVALID_ARGUMENT error.
  static absl::StatusOr<InstanceRegistry> LoadFromConfigDir(
      const std::string& config_dir);

  bool Contains(absl::string_view name) const { return names_.contains(name); }
  // Sorted.
  const std::vector<std::string>& names() const { return sorted_; }

 private:
  absl::flat_hash_set<std::string> names_;
  std::vector<std::string> sorted_;
};

}  // namespace harrier

#endif  // HARRIER_ENGINE_INSTANCES_H_
