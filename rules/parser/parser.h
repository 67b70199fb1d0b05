// Copyright 2026 The Harrier Authors.
//
// parser.h: stage 2 of the rule pipeline. Tokens -> FileAst.
//
//   Diagnostics diags;
//   ASSIGN_OR_RETURN(std::vector<Token> tokens, Lex(path, text, {}, diags));
//   ASSIGN_OR_RETURN(FileAst ast, Parse(path, tokens, {}, diags));
//
// Grammar (docs/RULES.md has the full reference):
//   file      := (list | import | rule | threshold)*
//   list      := 'list' NAME ['confusables'] ('from' STRING | '=' '[' entry,* ']')
//   import    := 'import' 'blocklist' STRING ['format' NAME] 'as' NAME
//   rule      := 'rule' NAME [STRING] '{' clause* '}'
//   clause    := 'when' expr | 'then' actions | 'mode' NAME | 'priority' INT
//              | 'expires' DATE | 'score' NUMBER | 'tags' '[' NAME,* ']'
//              | 'test' STRING '{' (KEY ':' value)* '}'
//   threshold := 'threshold' NUMBER 'then' actions
//   actions   := action (',' action)* ;  action := NAME ['(' literal ')']
//   expr      := or ; or := and ('||' and)* ; and := cmp ('&&' cmp)*
//   cmp       := add [('=='|'!='|'<'|'<='|'>'|'>='|'in'|'contains'|...) add]
//   add       := mul (('+'|'-') mul)* ; mul := unary (('*'|'/') unary)*
//   unary     := ('!'|'-') unary | primary
//   primary   := literal | NAME ('.' NAME)* | NAME '(' expr,* ')'
//              | '[' expr,* ']' | '(' expr ')'
//
// Expression nesting is bounded by ParseOptions::max_depth (a counter on the
// recursive descent), so hostile input cannot exhaust the stack. Mistakes go
// to `diags`; the parser resynchronises at the next clause or declaration and
// keeps going. A non-OK status is never returned for user input.
#ifndef HARRIER_RULES_PARSER_PARSER_H_
#define HARRIER_RULES_PARSER_PARSER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rules/common/diagnostics.h"
#include "rules/lexer/lexer.h"
#include "rules/parser/ast.h"

namespace harrier::rules {

struct ParseOptions {
  // Deepest expression nesting (parentheses, operators, calls).
  int max_depth = 64;
};

absl::StatusOr<FileAst> Parse(const std::string& file,
                              const std::vector<Token>& tokens,
                              const ParseOptions& options, Diagnostics& diags);

// Parses one expression (used for description templates). Positions are
// those of `tokens`. Returns nullptr (with diagnostics) on a syntax error.
absl::StatusOr<std::unique_ptr<Expr>> ParseExpression(
    const std::string& file, const std::vector<Token>& tokens,
    const ParseOptions& options, Diagnostics& diags);

// "24h" -> seconds; false if the spelling is not a duration.
bool ParseDurationSeconds(const std::string& text, double* seconds);
// "2027-01-31" or RFC 3339 -> Unix seconds; false if invalid.
bool ParseDateSeconds(const std::string& text, double* seconds);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_PARSER_PARSER_H_
