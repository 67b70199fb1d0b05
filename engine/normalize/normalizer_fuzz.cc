// Copyright 2026 The Harrier Authors.
//
// normalizer_fuzz: libFuzzer entry point for NormalizeActivity.
//
// Built as a plain library here (alwayslink), so that a clang
// -fsanitize=fuzzer build can link it into a fuzzer, and so that
// normalizer_fuzz_replay_test replays fuzz_corpus/ under `bazel test`.
// Any input must return (OK or an error status) without crashing; an OK
// result must carry an id and a type.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/normalize/normalizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  harrier::NormalizeOptions options;
  options.max_bytes = 1 << 16;
  const auto result = harrier::NormalizeActivity(json, options);
  if (result.ok() && (result->id().empty() || result->type().empty())) {
    abort();
  }
  if (!result.ok() && result.status().message().empty()) abort();
  return 0;
}
