// Copyright 2026 The Harrier Authors.
#include "cli/args.h"

#include <sstream>

#include "gtest/gtest.h"

namespace harrier::cli {
namespace {

TEST(ArgsTest, FlagsAndPositionals) {
  Args args;
  std::ostringstream err;
  ASSERT_TRUE(args.Parse({"--server", "h:1", "a.json", "--instance=x", "--json", "-"},
                         {"server", "instance"}, {"json"}, err));
  EXPECT_EQ(args.Get("server"), "h:1");
  EXPECT_EQ(args.Get("instance"), "x");
  EXPECT_TRUE(args.Has("json"));
  EXPECT_EQ(args.positional(), (std::vector<std::string>{"a.json", "-"}));
  EXPECT_EQ(args.Get("missing", "fallback"), "fallback");
}

TEST(ArgsTest, RepeatedFlagKeepsAllValues) {
  Args args;
  std::ostringstream err;
  ASSERT_TRUE(args.Parse({"--rules", "a", "--rules", "b"}, {"rules"}, {}, err));
  EXPECT_EQ(args.GetAll("rules"), (std::vector<std::string>{"a", "b"}));
}

TEST(ArgsTest, UnknownFlagAndMissingValueAreErrors) {
  std::ostringstream err;
  Args unknown;
  EXPECT_FALSE(unknown.Parse({"--nope"}, {}, {}, err));
  EXPECT_NE(err.str().find("unknown flag --nope"), std::string::npos);
  Args missing;
  EXPECT_FALSE(missing.Parse({"--server"}, {"server"}, {}, err));
  EXPECT_NE(err.str().find("--server needs a value"), std::string::npos);
}

TEST(ArgsTest, DoubleDashEndsFlags) {
  Args args;
  std::ostringstream err;
  ASSERT_TRUE(args.Parse({"--", "--json"}, {}, {"json"}, err));
  EXPECT_FALSE(args.Has("json"));
  EXPECT_EQ(args.positional(), (std::vector<std::string>{"--json"}));
}

}  // namespace
}  // namespace harrier::cli
