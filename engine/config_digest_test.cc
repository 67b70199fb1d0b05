// Copyright 2026 The Harrier Authors.
#include "engine/config_digest.h"

#include "gtest/gtest.h"

namespace harrier {
namespace {

TEST(ConfigDigestTest, FixedValueIndependentOfProcessAndOrder) {
  // A constant: the digest is stored and compared by the next process.
  EXPECT_EQ(ConfigFilesDigest({}), "fnv1a64:cbf29ce484222325");
  const std::string one = ConfigFilesDigest({{"a.rules", "rule x"}, {"b.rules", "rule y"}});
  EXPECT_EQ(one, ConfigFilesDigest({{"b.rules", "rule y"}, {"a.rules", "rule x"}}));
  EXPECT_EQ(one.size(), 8u + 16u);
}

TEST(ConfigDigestTest, AnyChangeOfNameOrContentChangesIt) {
  const std::string base = ConfigFilesDigest({{"a.rules", "rule x"}});
  EXPECT_NE(base, ConfigFilesDigest({{"a.rules", "rule y"}}));
  EXPECT_NE(base, ConfigFilesDigest({{"b.rules", "rule x"}}));
  EXPECT_NE(base, ConfigFilesDigest({{"a.rules", "rule x"}, {"c.rules", ""}}));
  // Where one part ends and the next begins counts.
  EXPECT_NE(ConfigFilesDigest({{"ab", "c"}}), ConfigFilesDigest({{"a", "bc"}}));
}

}  // namespace
}  // namespace harrier
