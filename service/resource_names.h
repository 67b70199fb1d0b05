// Copyright 2026 The Harrier Authors.
//
// resource_names.h: parsing of API resource names (Google AIP-122 style).
//
//   instances/{instance}
//   instances/{instance}/feeds/{feed}
//   instances/{instance}/reviewItems/{item}
//
// Each parser returns INVALID_ARGUMENT naming `field` when the name does not
// have the expected shape or the instance name is invalid.
#ifndef HARRIER_SERVICE_RESOURCE_NAMES_H_
#define HARRIER_SERVICE_RESOURCE_NAMES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace harrier {

// "instances/x" -> "x".
absl::StatusOr<std::string> ParseInstanceName(absl::string_view field,
                                              absl::string_view name);

struct ChildName {
  std::string instance;
  std::string id;
};

// "instances/x/<collection>/y" -> {x, y}.
absl::StatusOr<ChildName> ParseChildName(absl::string_view field,
                                         absl::string_view name,
                                         absl::string_view collection);

}  // namespace harrier

#endif  // HARRIER_SERVICE_RESOURCE_NAMES_H_
