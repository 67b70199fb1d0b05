// Copyright 2026 The Harrier Authors.
#include "rules/parser/ast.h"

#include "gtest/gtest.h"

namespace harrier::rules {
namespace {

TEST(AstTest, OpFromText) {
  EXPECT_EQ(OpFromText("&&", false), Op::kAnd);
  EXPECT_EQ(OpFromText("contains_any_word", false), Op::kContainsAnyWord);
  EXPECT_EQ(OpFromText("-", false), Op::kSub);
  EXPECT_EQ(OpFromText("-", true), Op::kNeg);
  EXPECT_EQ(OpFromText("!", true), Op::kNot);
  EXPECT_EQ(OpFromText("nope", false), Op::kNone);
}

TEST(AstTest, TypeNames) {
  EXPECT_STREQ(TypeName(Type::kListMention), "list<mention>");
  EXPECT_STREQ(TypeName(Type::kDuration), "duration");
}

}  // namespace
}  // namespace harrier::rules
