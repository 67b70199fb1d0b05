// Copyright 2026 The Harrier Authors.
//
// parser_impl.h: the recursive-descent parser behind parser.h, shared by its
// two source files: parser.cc (files, rules, lists, imports, thresholds and
// embedded tests) and parser_expr.cc (expressions, by precedence). Internal
// to //rules/parser; use Parse / ParseExpression.
#ifndef HARRIER_RULES_PARSER_PARSER_IMPL_H_
#define HARRIER_RULES_PARSER_PARSER_IMPL_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "rules/parser/parser.h"

namespace harrier::rules::internal {

bool IsTextOperator(const std::string& s);
bool IsClauseKeyword(const std::string& s);
bool IsTopKeyword(const std::string& s);

class Parser {
 public:
  Parser(const std::string& file, const std::vector<Token>& tokens,
         const ParseOptions& options, Diagnostics& diags)
      : file_(file), t_(tokens), options_(options), diags_(diags) {}

  FileAst ParseFile();

  std::unique_ptr<Expr> ParseSingleExpression();

 private:
  const Token& Cur() const { return t_[pos_]; }
  const Token& Next() const;
  bool At(TokenKind k) const { return Cur().kind == k; }
  bool AtWord(const char* w) const;
  const Token& Take();
  void Error(const Token& tok, std::string msg);
  static std::string Describe(const Token& tok);
  bool Expect(TokenKind k, const char* context);
  bool ExpectIdent(std::string* out, const char* what);

  void SkipToTopLevel();

  // Skips to the next clause keyword of the current block, or its '}'.
  void SkipInBlock();

  void ParseList(FileAst& ast);

  void ParseImport(FileAst& ast);

  bool ParseActions(std::vector<ActionAst>* out);

  void ParseThreshold(FileAst& ast);

  bool ParseNumber(double* out);

  void ParseRule(FileAst& ast);

  bool ParseTest(RuleAst* rule);

  bool ParseTestBody(TestAst* t);

  // ---- Expressions ----

  std::unique_ptr<Expr> Node(ExprKind kind, const Token& at);

  bool Enter(const Token& at);

  struct DepthGuard {
    int& d;
    ~DepthGuard() { --d; }
  };

  std::unique_ptr<Expr> ParseExpr();

  std::unique_ptr<Expr> Binary(const Token& op, std::string text,
                               std::unique_ptr<Expr> l,
                               std::unique_ptr<Expr> r);

  std::unique_ptr<Expr> ParseOr();

  std::unique_ptr<Expr> ParseAnd();

  std::unique_ptr<Expr> ParseCmp();

  std::unique_ptr<Expr> ParseAdd();

  std::unique_ptr<Expr> ParseMul();

  std::unique_ptr<Expr> ParseUnary();

  std::unique_ptr<Expr> ParsePrimary();

  const std::string& file_;
  const std::vector<Token>& t_;
  const ParseOptions& options_;
  Diagnostics& diags_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool depth_reported_ = false;
};

}  // namespace harrier::rules::internal

#endif  // HARRIER_RULES_PARSER_PARSER_IMPL_H_
