// Copyright 2026 The Harrier Authors.
//
// `harrier check` and `harrier test` over every examples/rules/*.rules.
#include <cstdlib>
#include <filesystem>
#include <fstream>
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

// `harrier fmt` is idempotent on every example, and the formatted file
// still checks and passes its tests.
TEST(ExamplesTest, FormattingIsIdempotentAndPreservesMeaning) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  ASSERT_NE(tmp, nullptr);
  for (const std::string& f : RuleFiles()) {
    std::ostringstream once, err;
    ASSERT_EQ(RunFmt({f}, once, err), 0) << f << err.str();
    // Write the formatted text next to the original's data files.
    std::string copy = f + ".fmt.rules";
    std::filesystem::path dst = std::filesystem::path(tmp) / copy;
    std::filesystem::create_directories(dst.parent_path());
    {
      std::ofstream o(dst);
      o << once.str();
    }
    for (const char* dir : {"tests", "lists"}) {
      std::filesystem::path link = dst.parent_path() / dir;
      if (!std::filesystem::exists(link)) {
        std::filesystem::create_directory_symlink(
            std::filesystem::absolute(std::filesystem::path("examples/rules") / dir), link);
      }
    }
    std::ostringstream twice, err2;
    ASSERT_EQ(RunFmt({dst.string()}, twice, err2), 0) << err2.str();
    EXPECT_EQ(twice.str(), once.str()) << f;
    std::ostringstream tout, terr;
    EXPECT_EQ(RunTest({dst.string()}, tout, terr), 0) << f << "\n" << once.str() << tout.str() << terr.str();
  }
}

TEST(ExamplesTest, AllExamplesTogetherFormOneRuleSet) {
  // Rule ids are unique across the examples, so they load as one set.
  std::ostringstream out, err;
  EXPECT_EQ(RunCheck(RuleFiles(), out, err), 0) << err.str();
}

}  // namespace
}  // namespace harrier::cli
