// Copyright 2026 The Harrier Authors.
//
// lexer.h: stage 1 of the rule pipeline. Turns the text of a `.rules` file
// into tokens with source positions.
//
//   Diagnostics diags;
//   absl::StatusOr<std::vector<Token>> tokens =
//       Lex("a.rules", content, LexOptions{}, diags);
//
// Lexical syntax:
//   - `# comment` runs to the end of the line. A comment on the same line as
//     a token is attached to it (`Token::comment`); lists use it as the
//     entry's reason.
//   - identifiers `[A-Za-z_][A-Za-z0-9_]*`; keywords are identifiers too.
//   - "strings" with escapes \" \\ \n \t.
//   - integers `42`, floats `0.5`, durations `24h` `30m` `10s` `7d` `500ms`,
//     dates `2027-01-31` and timestamps `2027-01-31T12:00:00Z`.
//   - /regex/ literals (RE2 syntax, `\/` for a slash) wherever an operand is
//     expected; after an operand, `/` is division.
//   - after `activity:` a `{ ... }` block is captured whole as raw JSON.
//
// Mistakes (unterminated strings, stray characters, oversized files) are
// reported in `diags`; the lexer skips them and goes on. The token list
// always ends with kEof. Never returns a non-OK status today; the StatusOr
// is kept for the stage contract.
#ifndef HARRIER_RULES_LEXER_LEXER_H_
#define HARRIER_RULES_LEXER_LEXER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rules/common/diagnostics.h"

namespace harrier::rules {

enum class TokenKind {
  kEof,
  kIdent,
  kString,
  kInt,
  kFloat,
  kDuration,
  kDate,
  kRegex,
  kJson,
  kLBrace,
  kRBrace,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kColon,
  kDot,
  kAssign,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kNot,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  // Only with LexOptions::keep_comments: a `# comment` (text without '#').
  kComment,
};

// Human-readable name of a token kind ("string", "'{'", ...).
std::string_view TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEof;
  // Decoded value: identifier name, string contents without quotes and with
  // escapes resolved, regex body, number/duration/date spelling, raw JSON.
  std::string text;
  int line = 0;
  int col = 0;
  // Byte offset of the token's first character in the file.
  int offset = 0;
  // Text of a `# comment` that follows this token on the same line.
  std::string comment;
};

struct LexOptions {
  // Largest accepted file.
  size_t max_file_bytes = 4 << 20;
  // Emit comments as kComment tokens (for the formatter; the parser does
  // not accept them).
  bool keep_comments = false;
};

absl::StatusOr<std::vector<Token>> Lex(const std::string& file,
                                       std::string_view content,
                                       const LexOptions& options,
                                       Diagnostics& diags);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_LEXER_LEXER_H_
