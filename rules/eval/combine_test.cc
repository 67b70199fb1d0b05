// Copyright 2026 The Harrier Authors.
#include "gtest/gtest.h"
#include "rules/eval/evaluator.h"

namespace harrier::rules {
namespace {

v1::Action A(v1::ActionType t, std::string arg = "", double factor = 0) {
  v1::Action a;
  a.set_type(t);
  a.set_argument(arg);
  a.set_factor(factor);
  return a;
}

TEST(CombineTest, RejectWins) {
  std::vector<v1::Action> out;
  CombineActions({A(v1::HOLD), A(v1::REJECT), A(v1::FLAG, "x")}, true, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type(), v1::REJECT);
}

TEST(CombineTest, MergeOrderWarningsJoinDownranksMultiply) {
  std::vector<v1::Action> out;
  CombineActions({A(v1::LABEL, "l"), A(v1::DOWNRANK, "", 0.5),
                  A(v1::CONTENT_WARNING, "a"), A(v1::FLAG, "spam"),
                  A(v1::DOWNRANK, "", 0.5), A(v1::CONTENT_WARNING, "b"),
                  A(v1::FLAG, "spam"), A(v1::HOLD)},
                 true, &out);
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(out[0].type(), v1::HOLD);
  EXPECT_EQ(out[1].type(), v1::CONTENT_WARNING);
  EXPECT_EQ(out[1].argument(), "a; b");
  EXPECT_EQ(out[2].type(), v1::FLAG);
  EXPECT_EQ(out[3].type(), v1::DOWNRANK);
  EXPECT_DOUBLE_EQ(out[3].factor(), 0.25);
  EXPECT_EQ(out[4].type(), v1::LABEL);
}

TEST(CombineTest, EmptyIsAccept) {
  std::vector<v1::Action> out;
  CombineActions({}, true, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].type(), v1::ACCEPT);
  CombineActions({}, false, &out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace harrier::rules
