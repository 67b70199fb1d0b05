// Copyright 2026 The Harrier Authors.
//
// normalizer.h: turns raw ActivityPub JSON, as real servers send it, into a
// harrier.v1.NormalizedActivity.
//
//   harrier::NormalizeOptions options;
//   absl::StatusOr<harrier::v1::NormalizedActivity> activity =
//       harrier::NormalizeActivity(json, options);
//
// Errors: INVALID_ARGUMENT whose message names the field at fault
// ("activity_json: ...", "activity_json.id: ...") for malformed JSON, an
// empty body, a body over `max_bytes`, nesting deeper than `max_depth`, a
// missing or non-string id/type, or a document that is not an activity
// (e.g. an actor profile: "not an activity: document is a Person actor").
// Fields of the wrong type are ignored, never fatal. Unknown types and
// fields pass through.
//
// Thread safety: NormalizeActivity is thread-safe and allocates only what the
// result needs.
#ifndef HARRIER_ENGINE_NORMALIZE_NORMALIZER_H_
#define HARRIER_ENGINE_NORMALIZE_NORMALIZER_H_

#include <cstddef>
#include <string_view>

#include "absl/status/statusor.h"
#include "harrier/v1/activity.pb.h"

namespace harrier {

struct NormalizeOptions {
  // Largest accepted document, in bytes.
  size_t max_bytes = 1 << 20;
  // Deepest accepted nesting of arrays and objects.
  int max_depth = 64;
};

absl::StatusOr<v1::NormalizedActivity> NormalizeActivity(
    std::string_view json, const NormalizeOptions& options = {});

}  // namespace harrier

#endif  // HARRIER_ENGINE_NORMALIZE_NORMALIZER_H_
