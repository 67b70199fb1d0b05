// Copyright 2026 The Harrier Authors.
#include "engine/instances.h"

#include "gtest/gtest.h"

namespace harrier {
namespace {

TEST(InstancesTest, ValidNames) {
  EXPECT_TRUE(ValidateInstanceName("parent", "example.social").ok());
  EXPECT_TRUE(ValidateInstanceName("parent", "a").ok());
  EXPECT_TRUE(ValidateInstanceName("parent", "xn--bcher-kva.example").ok());
}

TEST(InstancesTest, InvalidNamesNameTheField) {
  absl::Status upper = ValidateInstanceName("parent", "Example");
  EXPECT_EQ(upper.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(upper.message().substr(0, 8), "parent: ");
  EXPECT_FALSE(ValidateInstanceName("parent", "").ok());
  EXPECT_FALSE(ValidateInstanceName("parent", "-lead").ok());
  EXPECT_FALSE(ValidateInstanceName("parent", "a/b").ok());
  EXPECT_FALSE(ValidateInstanceName("parent", std::string(64, 'a')).ok());
}

TEST(InstancesTest, MissingConfigDirIsEmpty) {
  auto registry = InstanceRegistry::LoadFromConfigDir("/nonexistent/harrier");
  ASSERT_TRUE(registry.ok());
  EXPECT_TRUE(registry->names().empty());
}

}  // namespace
}  // namespace harrier
