// Copyright 2026 The Harrier Authors.
#include "engine/instances.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace harrier {

absl::Status ValidateInstanceName(absl::string_view field, absl::string_view name) {
  if (name.empty() || name.size() > 63) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": instance name must be 1-63 characters, got '",
                     name.substr(0, 80), "'"));
  }
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = absl::ascii_islower(c) || absl::ascii_isdigit(c) ||
              (i > 0 && (c == '.' || c == '-'));
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": instance name '", name,
          "' may only contain a-z, 0-9, '.' and '-', starting with a letter or digit"));
    }
  }
  return absl::OkStatus();
}

InstanceRegistry::InstanceRegistry(std::vector<std::string> names)
    : names_(names.begin(), names.end()), sorted_(std::move(names)) {
  std::sort(sorted_.begin(), sorted_.end());
}

absl::StatusOr<InstanceRegistry> InstanceRegistry::LoadFromConfigDir(
    const std::string& config_dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  fs::path root = fs::path(config_dir) / "instances";
  std::error_code error;
  if (!fs::is_directory(root, error)) return InstanceRegistry();
  for (const fs::directory_entry& entry : fs::directory_iterator(root, error)) {
    if (!entry.is_directory()) continue;
    std::string name = entry.path().filename().string();
    absl::Status valid = ValidateInstanceName(entry.path().string(), name);
    if (!valid.ok()) return valid;
    names.push_back(name);
  }
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat(root.string(), ": ", error.message()));
  }
  return InstanceRegistry(std::move(names));
}

}  // namespace harrier
