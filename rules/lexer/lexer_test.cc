// Copyright 2026 The Harrier Authors.
#include "rules/lexer/lexer.h"

#include "gtest/gtest.h"

namespace harrier::rules {
namespace {

std::vector<Token> LexOk(std::string_view src) {
  Diagnostics diags;
  auto tokens = Lex("t.rules", src, {}, diags);
  EXPECT_TRUE(tokens.ok());
  EXPECT_FALSE(diags.has_errors()) << diags.items()[0].ToString();
  return *tokens;
}

TEST(LexerTest, KindsAndPositions) {
  auto t = LexOk("rule x {\n  when a.b >= 24h && c matches /a\\/b/ # why\n}");
  ASSERT_EQ(t.size(), 15u);
  EXPECT_EQ(t[0].text, "rule");
  EXPECT_EQ(t[4].kind, TokenKind::kIdent);
  EXPECT_EQ(t[4].line, 2);
  EXPECT_EQ(t[4].col, 8);
  EXPECT_EQ(t[7].kind, TokenKind::kGe);
  EXPECT_EQ(t[8].kind, TokenKind::kDuration);
  EXPECT_EQ(t[8].text, "24h");
  EXPECT_EQ(t[12].kind, TokenKind::kRegex);
  EXPECT_EQ(t[12].text, "a/b");
  EXPECT_EQ(t[12].comment, "why");
  EXPECT_EQ(t[14].kind, TokenKind::kEof);
}

TEST(LexerTest, DivisionVersusRegex) {
  auto t = LexOk("a / 2");
  EXPECT_EQ(t[1].kind, TokenKind::kSlash);
  t = LexOk("[/x/]");
  EXPECT_EQ(t[1].kind, TokenKind::kRegex);
}

TEST(LexerTest, DatesNumbersStrings) {
  auto t = LexOk("2027-01-31 3 0.5 \"a\\\"b\"");
  EXPECT_EQ(t[0].kind, TokenKind::kDate);
  EXPECT_EQ(t[1].kind, TokenKind::kInt);
  EXPECT_EQ(t[2].kind, TokenKind::kFloat);
  EXPECT_EQ(t[3].text, "a\"b");
}

TEST(LexerTest, InlineJson) {
  auto t = LexOk("activity: {\"a\": \"}\", \"b\": [1]} expect");
  EXPECT_EQ(t[2].kind, TokenKind::kJson);
  EXPECT_EQ(t[2].text, "{\"a\": \"}\", \"b\": [1]}");
  EXPECT_EQ(t[3].text, "expect");
}

TEST(LexerTest, Errors) {
  Diagnostics diags;
  auto t = Lex("t.rules", "x = \"abc\ny = /ab\n@", {}, diags);
  ASSERT_EQ(diags.items().size(), 3u);
  EXPECT_EQ(diags.items()[0].ToString(),
            "t.rules:1:5: error: unterminated string literal");
  EXPECT_EQ(diags.items()[1].ToString(),
            "t.rules:2:5: error: unterminated regex literal");
  EXPECT_EQ(diags.items()[2].ToString(),
            "t.rules:3:1: error: unexpected character '@'");
}

TEST(LexerTest, FileTooLarge) {
  Diagnostics diags;
  LexOptions opts;
  opts.max_file_bytes = 3;
  auto t = Lex("t.rules", "abcd", opts, diags);
  EXPECT_EQ(diags.items()[0].ToString(),
            "t.rules:1:1: error: file is 4 bytes, over the limit of 3 bytes");
}

}  // namespace
}  // namespace harrier::rules
