// Copyright 2026 The Harrier Authors.
//
// temp_dir.h: test helpers for fresh, empty directories under the test's
// temporary directory (TEST_TMPDIR under Bazel, else /tmp).
#ifndef HARRIER_ENGINE_TESTING_TEMP_DIR_H_
#define HARRIER_ENGINE_TESTING_TEMP_DIR_H_

#include <string>

namespace harrier::testing {

// Returns the path of a new, empty directory whose name starts with `name`.
// Each call returns a different directory.
std::string NewTempDir(const std::string& name);

// Writes `content` to `path`, creating parent directories.
void WriteFile(const std::string& path, const std::string& content);

}  // namespace harrier::testing

#endif  // HARRIER_ENGINE_TESTING_TEMP_DIR_H_
