// Copyright 2026 The Harrier Authors.
//
// `harrier check` and `harrier test` over every examples/rules/*.rules.
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/rules_commands.h"
#include "gtest/gtest.h"

namespace harrier::cli {
namespace {

std::vector<std::string> RuleFiles() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator("examples/rules")) {
    if (e.path().extension() == ".rules") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ExamplesTest, AllExamplesCheckAndPassTheirTests) {
  std::vector<std::string> files = RuleFiles();
  ASSERT_GE(files.size(), 16u);
  for (const std::string& f : files) {
    std::ostringstream out, err;
    EXPECT_EQ(RunCheck({f}, out, err), 0) << f << "\n" << err.str();
    std::ostringstream tout, terr;
    EXPECT_EQ(RunTest({f}, tout, terr), 0) << f << "\n" << tout.str() << terr.str();
    EXPECT_EQ(tout.str().find("FAIL"), std::string::npos) << tout.str();
    std::cout << f << ":\n" << tout.str();
  }
}

TEST(ExamplesTest, AllExamplesTogetherFormOneRuleSet) {
  // Rule ids are unique across the examples, so they load as one set.
  std::ostringstream out, err;
  EXPECT_EQ(RunCheck(RuleFiles(), out, err), 0) << err.str();
}

}  // namespace
}  // namespace harrier::cli
