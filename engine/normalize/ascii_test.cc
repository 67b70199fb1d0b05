// Copyright 2026 The Harrier Authors.
#include "engine/normalize/ascii.h"

#include "gtest/gtest.h"

namespace harrier::ascii {
namespace {

TEST(AsciiTest, CaseInsensitiveMatching) {
  EXPECT_TRUE(EqualsIgnoreCase("HTTPS", "https"));
  EXPECT_FALSE(EqualsIgnoreCase("http", "https"));
  EXPECT_TRUE(StartsWithIgnoreCase("Acct:a@b", "acct:"));
  EXPECT_FALSE(StartsWithIgnoreCase("ac", "acct:"));
  EXPECT_TRUE(EndsWithIgnoreCase("https://a/users/b/Followers", "/followers"));
  EXPECT_TRUE(ContainsIgnoreCase("u-url MENTION", "mention"));
  EXPECT_FALSE(ContainsIgnoreCase("men", "mention"));
  EXPECT_TRUE(ContainsIgnoreCase("x", ""));
}

TEST(AsciiTest, LowerAndStrip) {
  EXPECT_EQ(Lower("AbC-Ü"), "abc-Ü");
  EXPECT_EQ(StripWhitespace(" \t a b \n"), "a b");
  EXPECT_EQ(StripWhitespace("   "), "");
}

}  // namespace
}  // namespace harrier::ascii
