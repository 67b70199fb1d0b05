// Copyright 2026 The Harrier Authors.
#include "engine/normalize/case_fold.h"

#include "gtest/gtest.h"

namespace harrier {
namespace {

TEST(FoldCaseTest, AsciiAndUnicode) {
  EXPECT_EQ(FoldCase("FediVerse"), "fediverse");
  EXPECT_EQ(FoldCase("Straße"), "strasse");
  EXPECT_EQ(FoldCase("ΣΊΣΥΦΟΣ"), "σίσυφοσ");
  EXPECT_EQ(FoldCase("ÇaVa"), "çava");
  EXPECT_EQ(FoldCase("日本語"), "日本語");
  EXPECT_EQ(FoldCase(""), "");
}

}  // namespace
}  // namespace harrier
