// Copyright 2026 The Harrier Authors.
#include "rules/format/format.h"

#include "gtest/gtest.h"

namespace harrier::rules {
namespace {

std::string Fmt(std::string_view s) {
  Diagnostics diags;
  std::string out = Format("a.rules", s, diags);
  EXPECT_FALSE(diags.has_errors());
  return out;
}

TEST(FormatTest, CanonicalLayout) {
  std::string src =
      "# Spam rules\nlist w=[\"a\",/b\\/c/]\n"
      "rule r \"d\" {when a.b==1&&!c.d||size( e.f )>=-2 then reject,flag(\"x\") "
      "mode shadow # why\n"
      " test \"t\" {activity: {\"id\": 1} expect: [hold]}}\n"
      "threshold 5 then hold";
  EXPECT_EQ(Fmt(src),
            "# Spam rules\n"
            "list w = [\"a\", /b\\/c/]\n"
            "\n"
            "rule r \"d\" {\n"
            "  when a.b == 1 && !c.d || size(e.f) >= -2\n"
            "  then reject, flag(\"x\")\n"
            "  mode shadow  # why\n"
            "  test \"t\" {\n"
            "    activity: {\"id\": 1}\n"
            "    expect: [hold]\n"
            "  }\n"
            "}\n"
            "\n"
            "threshold 5 then hold\n");
}

TEST(FormatTest, KeepsLineBreaksInExpressionsAndLists) {
  std::string src =
      "list w = [\n\"a\",  # first\n  \"b\"\n]\n"
      "rule r {\n  when a.b\n && c.d\n  then reject\n}\n";
  EXPECT_EQ(Fmt(src),
            "list w = [\n"
            "  \"a\",  # first\n"
            "  \"b\"\n"
            "]\n"
            "\n"
            "rule r {\n"
            "  when a.b\n"
            "      && c.d\n"
            "  then reject\n"
            "}\n");
}

TEST(FormatTest, Idempotent) {
  std::string src =
      "list w = [\n\"a\",  # first\n  \"b\"\n]\n# c1\n\n# c2\nrule r {\n  when a.b\n && "
      "c.d in [\"x\", \"y\"]\n  then downrank(0.5)\n  test \"t\" { activity: \"x.json\" "
      "actor_age: 2h expect: accept }\n}\n";
  std::string once = Fmt(src);
  EXPECT_EQ(Fmt(once), once);
}

TEST(FormatTest, SyntaxErrorsLeaveInputUnchanged) {
  Diagnostics diags;
  EXPECT_EQ(Format("a.rules", "rule {", diags), "rule {");
  EXPECT_TRUE(diags.has_errors());
}

}  // namespace
}  // namespace harrier::rules
