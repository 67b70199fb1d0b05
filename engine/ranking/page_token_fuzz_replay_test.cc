// Copyright 2026 The Harrier Authors.
//
// Replays the page-token fuzz corpus (fuzz_corpus/page_token) through the
// fuzz function, so plain `bazel test` exercises it.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

TEST(PageTokenFuzzReplayTest, ReplaysTheSeedCorpus) {
  const std::filesystem::path dir = "engine/ranking/fuzz_corpus/page_token";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    const std::string bytes = content.str();
    EXPECT_EQ(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()),
                                     bytes.size()),
              0)
        << entry.path();
    ++files;
  }
  EXPECT_GE(files, 3);
}

}  // namespace
