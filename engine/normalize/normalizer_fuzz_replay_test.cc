// Copyright 2026 The Harrier Authors.
//
// Replays every file of fuzz_corpus/ through the fuzz entry point, so that
// plain `bazel test` runs the seed corpus and committed crash reproducers.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

TEST(NormalizerFuzzReplayTest, ReplaysSeedCorpus) {
  const fs::path corpus = "engine/normalize/fuzz_corpus";
  ASSERT_TRUE(fs::is_directory(corpus));
  int files = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(corpus)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream file(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << file.rdbuf();
    const std::string input = buffer.str();
    SCOPED_TRACE(entry.path().string());
    EXPECT_EQ(LLVMFuzzerTestOneInput(
                  reinterpret_cast<const uint8_t*>(input.data()), input.size()),
              0);
    ++files;
  }
  EXPECT_GE(files, 5);
}

TEST(NormalizerFuzzReplayTest, EveryPrefixOfASeed) {
  // Cheap structural fuzzing: every truncation of a rich document.
  std::ifstream file("engine/normalize/fuzz_corpus/create_note.json",
                     std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string input = buffer.str();
  ASSERT_FALSE(input.empty());
  for (size_t length = 0; length <= input.size(); ++length) {
    EXPECT_EQ(LLVMFuzzerTestOneInput(
                  reinterpret_cast<const uint8_t*>(input.data()), length),
              0);
  }
}

}  // namespace
