// Copyright 2026 The Harrier Authors.
#include "rules/common/diagnostics.h"

#include "gtest/gtest.h"

namespace harrier::rules {
namespace {

TEST(DiagnosticsTest, FormatsWithCaret) {
  Diagnostics diags;
  diags.Error({"a.rules", 2, 8}, "unknown field 'actor.hots'");
  std::string src = "rule x {\n  when actor.hots == \"x\"\n}";
  EXPECT_EQ(FormatDiagnostics(diags, {{"a.rules", src}}),
            "a.rules:2:8: error: unknown field 'actor.hots'\n"
            "    when actor.hots == \"x\"\n"
            "         ^\n");
  EXPECT_TRUE(diags.has_errors());
}

TEST(DiagnosticsTest, ClosestMatch) {
  EXPECT_EQ(ClosestMatch("hots", {"host", "handle", "id"}), "host");
  EXPECT_EQ(ClosestMatch("zzzzzz", {"host", "handle"}), "");
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
}

}  // namespace
}  // namespace harrier::rules
