// Copyright 2026 The Harrier Authors.
#include "service/resource_names.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/instances.h"
#include "engine/status_macros.h"

namespace harrier {

absl::StatusOr<std::string> ParseInstanceName(absl::string_view field,
                                              absl::string_view name) {
  if (!absl::StartsWith(name, "instances/")) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": expected \"instances/{instance}\", got \"", name.substr(0, 100), "\""));
  }
  absl::string_view instance = name.substr(strlen("instances/"));
  RETURN_IF_ERROR(ValidateInstanceName(field, instance));
  return std::string(instance);
}

absl::StatusOr<ChildName> ParseChildName(absl::string_view field,
                                         absl::string_view name,
                                         absl::string_view collection) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, absl::MaxSplits('/', 3));
  if (parts.size() != 4 || parts[0] != "instances" || parts[2] != collection ||
      parts[3].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": expected \"instances/{instance}/", collection,
                     "/{id}\", got \"", name.substr(0, 100), "\""));
  }
  RETURN_IF_ERROR(ValidateInstanceName(field, parts[1]));
  return ChildName{std::string(parts[1]), std::string(parts[3])};
}

}  // namespace harrier
