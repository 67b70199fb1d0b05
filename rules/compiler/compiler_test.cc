// Copyright 2026 The Harrier Authors.
#include "rules/compiler/compiler.h"

#include "gtest/gtest.h"
#include "rules/lexer/lexer.h"
#include "rules/parser/parser.h"

namespace harrier::rules {
namespace {

std::unique_ptr<Program> CompileText(std::string_view src, Diagnostics& diags,
                                     CompileLimits limits = {}) {
  auto tokens = Lex("c.rules", src, {}, diags);
  std::vector<FileAst> files;
  files.push_back(*Parse("c.rules", *tokens, {}, diags));
  auto checked = Check(files, {}, diags);
  EXPECT_TRUE(checked.ok());
  EXPECT_FALSE(diags.has_errors()) << diags.items()[0].ToString();
  auto program = Compile(std::move(files), std::move(*checked), limits, diags);
  EXPECT_TRUE(program.ok()) << program.status();
  return std::move(*program);
}

TEST(CompilerTest, OneDatabasePerFieldAndModeWithSharedPatterns) {
  Diagnostics diags;
  auto p = CompileText(R"(
list a = ["Spam", "eggs", /x+y/]
list b confusables = ["spam"]
rule r1 { when object.text contains_any a then hold }
rule r2 { when object.text contains "SPAM" && object.summary matches /x+y/ then hold }
rule r3 { when object.text contains_any b then hold }
rule r4 { when object.text contains_word "spam" then hold }
)",
                       diags);
  ASSERT_NE(p, nullptr);
  // object.text (default), object.summary, object.text (confusables).
  ASSERT_EQ(p->databases.size(), 3u);
  EXPECT_EQ(p->databases[0].field, Field::kObjectText);
  EXPECT_EQ(p->databases[1].field, Field::kObjectSummary);
  EXPECT_EQ(p->databases[2].mode, TextMode::kConfusables);
  // "Spam" and "SPAM" normalise to the same pattern; the whole-word "spam"
  // is a pattern of its own.
  EXPECT_EQ(p->databases[0].db->size(), 4u);
  EXPECT_EQ(p->predicates.size(), 5u);
  EXPECT_EQ(p->pattern_count, 6u);
}

TEST(CompilerTest, OrderAndRequiredPredicates) {
  Diagnostics diags;
  auto p = CompileText(R"(
rule low { when object.text contains "a" && activity.type == "Create" then hold }
rule high { when true then hold priority 5 }
rule either { when object.text contains "a" || object.text contains "b" then hold }
)",
                       diags);
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->rules.size(), 3u);
  EXPECT_EQ(p->rules[0].id, "high");
  EXPECT_EQ(p->rules[1].id, "low");
  EXPECT_EQ(p->rules[1].required_predicates.size(), 1u);
  EXPECT_TRUE(p->rules[2].required_predicates.empty());  // a disjunction
}

TEST(CompilerTest, PatternLimit) {
  Diagnostics diags;
  CompileLimits limits;
  limits.max_patterns = 1;
  auto tokens = Lex("c.rules", "rule r { when object.text contains_any [\"a\", \"b\"] then hold }", {}, diags);
  std::vector<FileAst> files;
  files.push_back(*Parse("c.rules", *tokens, {}, diags));
  auto checked = Check(files, {}, diags);
  auto p = Compile(std::move(files), std::move(*checked), limits, diags);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, nullptr);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].message, "rule set has 2 patterns, over the limit of 1");
}

TEST(CompilerTest, EngineRejectionIsReportedAtThePattern) {
  // Valid RE2 (\C matches any byte) that Hyperscan does not support.
  Diagnostics diags;
  auto tokens = Lex("c.rules", "list l = [\"ok\",\n  /a\\Cb/]\nrule r { when object.text matches_any l then hold }", {}, diags);
  std::vector<FileAst> files;
  files.push_back(*Parse("c.rules", *tokens, {}, diags));
  auto checked = Check(files, {}, diags);
  ASSERT_FALSE(diags.has_errors()) << diags.items()[0].ToString();
  auto p = Compile(std::move(files), std::move(*checked), {}, diags);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(*p, nullptr);
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(diags.items()[0].pos.line, 2);
  EXPECT_EQ(diags.items()[0].pos.col, 3);
  EXPECT_EQ(diags.items()[0].message.rfind(
                "pattern /a\\Cb/ is not supported by the matching engine: ", 0),
            0u)
      << diags.items()[0].message;
}

TEST(CompilerTest, SourceHashIgnoresWhitespace) {
  EXPECT_EQ(SourceHash("rule a { when  true\n then hold }"),
            SourceHash("rule a {\n  when true\n  then hold\n}"));
  EXPECT_NE(SourceHash("rule a { when true then hold }"),
            SourceHash("rule a { when true then reject }"));
}

}  // namespace
}  // namespace harrier::rules
