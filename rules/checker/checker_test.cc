// Copyright 2026 The Harrier Authors.
#include "rules/checker/checker.h"

#include "gtest/gtest.h"
#include "rules/checker/schema.h"
#include "rules/parser/parser.h"

namespace harrier::rules {
namespace {

std::vector<std::string> CheckText(std::string_view src) {
  Diagnostics diags;
  auto tokens = Lex("t.rules", src, {}, diags);
  std::vector<FileAst> files;
  files.push_back(*Parse("t.rules", *tokens, {}, diags));
  auto checked = Check(files, {}, diags);
  EXPECT_TRUE(checked.ok());
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.items()) out.push_back(d.ToString());
  return out;
}

TEST(CheckerTest, AcceptsWellTypedRules) {
  EXPECT_EQ(CheckText(R"(
list bad = ["x.example"]
rule r "{actor.handle} mentioned {size(object.mentions)}" {
  when activity.type == "Create" && size(object.mentions) >= 5
    && actor.age < duration("24h") && !actor.followed_locally
    && exists(m, object.mentions, m.host in bad)
    && object.text contains_any ["a", /b+/] && object.age > 7d
  then reject
})"), std::vector<std::string>{});
}

TEST(CheckerTest, UnknownFieldSuggests) {
  EXPECT_EQ(CheckText("rule r {\n  when actor.hots == \"x\"\n  then reject\n}"),
            std::vector<std::string>{
                "t.rules:2:8: error: unknown field 'actor.hots' (did you "
                "mean 'actor.host'?)"});
}

TEST(CheckerTest, ElementFieldsAndTypes) {
  EXPECT_EQ(CheckText("rule r { when exists(m, object.mentions, m.hots == \"a\") "
                      "then reject }"),
            std::vector<std::string>{
                "t.rules:1:42: error: unknown field 'hots' of mention 'm' "
                "(did you mean 'host'?)"});
  EXPECT_EQ(CheckText("rule r { when actor.followers == \"a\" then reject }"),
            std::vector<std::string>{
                "t.rules:1:31: error: cannot compare int with string using "
                "'=='"});
}

TEST(CheckerTest, SchemaCoversEveryField) {
  for (int i = 0; i < static_cast<int>(Field::kFieldCount); ++i) {
    EXPECT_EQ(static_cast<int>(GetFieldInfo(static_cast<Field>(i)).field), i);
  }
}

}  // namespace
}  // namespace harrier::rules
