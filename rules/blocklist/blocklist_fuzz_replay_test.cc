// Copyright 2026 The Harrier Authors.
//
// Replays the blocklist fuzz corpus so plain `bazel test` keeps it passing.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

TEST(BlocklistFuzzReplayTest, EverySeedRuns) {
  int seeds = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator("rules/blocklist/fuzz_corpus")) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()),
                                     bytes.size()),
              0);
    ++seeds;
  }
  EXPECT_GE(seeds, 4);
}
