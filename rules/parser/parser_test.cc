// Copyright 2026 The Harrier Authors.
#include "rules/parser/parser.h"

#include "gtest/gtest.h"

namespace harrier::rules {
namespace {

FileAst ParseText(std::string_view src, Diagnostics& diags,
                  ParseOptions opts = {}) {
  auto tokens = Lex("t.rules", src, {}, diags);
  EXPECT_TRUE(tokens.ok());
  auto ast = Parse("t.rules", *tokens, opts, diags);
  EXPECT_TRUE(ast.ok());
  return std::move(*ast);
}

TEST(ParserTest, FullRule) {
  Diagnostics diags;
  FileAst ast = ParseText(R"(
list words = ["a", /b+/,  # why
  "c"]
import blocklist "x.csv" format mastodon as fence
rule spam "desc {actor.handle}" {
  when activity.type == "Create" && size(object.mentions) >= 5 || !actor.bot
  then reject, flag("spam"), downrank(0.5)
  mode shadow
  priority 10
  expires 2027-01-31
  score 2.5
  tags [spam, "x"]
  test "t1" { activity: {"id": "x"} expect: [hold, flag("scam")] actor_age: 2h }
}
threshold 5 then hold
)",
                          diags);
  ASSERT_FALSE(diags.has_errors()) << diags.items()[0].ToString();
  ASSERT_EQ(ast.lists.size(), 1u);
  EXPECT_EQ(ast.lists[0].entries.size(), 3u);
  EXPECT_TRUE(ast.lists[0].entries[1].regex);
  EXPECT_EQ(ast.lists[0].entries[1].reason, "why");
  EXPECT_EQ(ast.imports[0].alias, "fence");
  EXPECT_EQ(ast.imports[0].format, "mastodon");
  ASSERT_EQ(ast.rules.size(), 1u);
  const RuleAst& r = ast.rules[0];
  EXPECT_EQ(r.id, "spam");
  EXPECT_EQ(r.when->text, "||");
  EXPECT_EQ(r.when->args[0]->text, "&&");
  EXPECT_EQ(r.then.size(), 3u);
  EXPECT_EQ(r.then[2].arg_number, 0.5);
  EXPECT_EQ(r.mode, "shadow");
  EXPECT_EQ(r.priority, 10);
  EXPECT_EQ(*r.score, 2.5);
  EXPECT_EQ(r.tags.size(), 2u);
  ASSERT_EQ(r.tests.size(), 1u);
  EXPECT_EQ(r.tests[0].activity_json, "{\"id\": \"x\"}");
  EXPECT_EQ(r.tests[0].expect.size(), 2u);
  EXPECT_EQ(*r.tests[0].actor_age_seconds, 7200);
  EXPECT_EQ(ast.thresholds[0].score, 5);
}

TEST(ParserTest, DepthLimit) {
  Diagnostics diags;
  std::string deep = "rule r { when " + std::string(100, '(') + "true" +
                     std::string(100, ')') + " then reject }";
  ParseText(deep, diags);
  ASSERT_TRUE(diags.has_errors());
  EXPECT_EQ(diags.items()[0].message,
            "expression nests deeper than the limit of 64");
}

TEST(ParserTest, MissingWhenAndThen) {
  Diagnostics diags;
  ParseText("rule r {\n  mode shadow\n}\n", diags);
  ASSERT_EQ(diags.items().size(), 2u);
  EXPECT_EQ(diags.items()[0].ToString(),
            "t.rules:1:6: error: rule 'r' has no 'when' clause");
  EXPECT_EQ(diags.items()[1].ToString(),
            "t.rules:1:6: error: rule 'r' has no 'then' clause (or 'score')");
}

}  // namespace
}  // namespace harrier::rules
