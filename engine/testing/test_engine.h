// Copyright 2026 The Harrier Authors.
//
// test_engine.h: an Engine on fresh temporary directories, hosting the given
// instances (with no rules or feeds), for engine-level tests.
//
//   auto engine = testing::OpenTestEngine({"i.social"});
//   ASSERT_TRUE(engine.ok()) << engine.status();
#ifndef HARRIER_ENGINE_TESTING_TEST_ENGINE_H_
#define HARRIER_ENGINE_TESTING_TEST_ENGINE_H_

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/engine.h"
#include "engine/testing/temp_dir.h"

namespace harrier::testing {

// `options`: anything but the config directory (and, when empty, the data
// directory) is kept.
inline absl::StatusOr<std::unique_ptr<Engine>> OpenTestEngine(
    const std::vector<std::string>& instances, EngineOptions options = {}) {
  const std::string config = NewTempDir("config");
  for (const std::string& instance : instances) {
    std::filesystem::create_directories(config + "/instances/" + instance);
  }
  if (options.data_dir.empty()) options.data_dir = NewTempDir("data");
  options.config_dir = config;
  return Engine::Open(options);
}

}  // namespace harrier::testing

#endif  // HARRIER_ENGINE_TESTING_TEST_ENGINE_H_
