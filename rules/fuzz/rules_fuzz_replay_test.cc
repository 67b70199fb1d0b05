// Copyright 2026 The Harrier Authors.
//
// Replays every file of rules/fuzz/corpus through the fuzz target.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

TEST(RulesFuzzReplayTest, Corpus) {
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator("rules/fuzz/corpus")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string data = ss.str();
    EXPECT_EQ(LLVMFuzzerTestOneInput(
                  reinterpret_cast<const uint8_t*>(data.data()), data.size()),
              0)
        << e.path();
    ++count;
  }
  EXPECT_GE(count, 10);
}

}  // namespace
