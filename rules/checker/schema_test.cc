// Copyright 2026 The Harrier Authors.
#include "rules/checker/schema.h"

#include "gtest/gtest.h"

namespace harrier::rules {
namespace {

TEST(SchemaTest, TableIsIndexedByField) {
  for (int i = 0; i < static_cast<int>(Field::kFieldCount); ++i) {
    EXPECT_EQ(static_cast<int>(GetFieldInfo(static_cast<Field>(i)).field), i);
  }
}

TEST(SchemaTest, Lookups) {
  const FieldInfo* age = FindActivityField("actor.age");
  ASSERT_NE(age, nullptr);
  EXPECT_EQ(age->type, Type::kDuration);
  EXPECT_TRUE(FindActivityField("actor.host")->is_host);
  EXPECT_EQ(FindActivityField("host"), nullptr);  // element members are not activity fields
  const FieldInfo* host = FindElementField(Type::kMention, "host");
  ASSERT_NE(host, nullptr);
  EXPECT_TRUE(host->is_host);
  EXPECT_EQ(FindElementField(Type::kLink, "actor_id"), nullptr);
  EXPECT_EQ(ElementType(Type::kListAttachment), Type::kAttachment);
  EXPECT_EQ(ElementFieldNames(Type::kLink), (std::vector<std::string>{"url", "host"}));
}

}  // namespace
}  // namespace harrier::rules
