// Copyright 2026 The Harrier Authors.
//
// The expression half of the rule parser (see parser_impl.h): precedence
// climbing from `||` down to primaries, with a nesting limit.
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "rules/parser/parser_impl.h"

namespace harrier::rules::internal {

std::unique_ptr<Expr> Parser::Node(ExprKind kind, const Token& at) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->line = at.line;
  e->col = at.col;
  return e;
}

bool Parser::Enter(const Token& at) {
  if (++depth_ > options_.max_depth) {
    if (!depth_reported_) {
      Error(at, absl::StrCat("expression nests deeper than the limit of ",
                             options_.max_depth));
      depth_reported_ = true;
    }
    return false;
  }
  return true;
}

std::unique_ptr<Expr> Parser::ParseExpr() {
  depth_reported_ = false;
  return ParseOr();
}

std::unique_ptr<Expr> Parser::Binary(const Token& op, std::string text,
                             std::unique_ptr<Expr> l,
                             std::unique_ptr<Expr> r) {
  auto e = Node(ExprKind::kBinary, op);
  e->op = OpFromText(text, false);
  e->text = std::move(text);
  e->args.push_back(std::move(l));
  e->args.push_back(std::move(r));
  return e;
}

std::unique_ptr<Expr> Parser::ParseOr() {
  auto l = ParseAnd();
  while (l && At(TokenKind::kOr)) {
    const Token& op = Take();
    auto r = ParseAnd();
    if (!r) return nullptr;
    l = Binary(op, "||", std::move(l), std::move(r));
  }
  return l;
}

std::unique_ptr<Expr> Parser::ParseAnd() {
  auto l = ParseCmp();
  while (l && At(TokenKind::kAnd)) {
    const Token& op = Take();
    auto r = ParseCmp();
    if (!r) return nullptr;
    l = Binary(op, "&&", std::move(l), std::move(r));
  }
  return l;
}

std::unique_ptr<Expr> Parser::ParseCmp() {
  auto l = ParseAdd();
  if (!l) return nullptr;
  const Token& op = Cur();
  std::string text;
  switch (op.kind) {
    case TokenKind::kEq: text = "=="; break;
    case TokenKind::kNe: text = "!="; break;
    case TokenKind::kLt: text = "<"; break;
    case TokenKind::kLe: text = "<="; break;
    case TokenKind::kGt: text = ">"; break;
    case TokenKind::kGe: text = ">="; break;
    case TokenKind::kIdent:
      if (IsTextOperator(op.text)) text = op.text;
      break;
    default: break;
  }
  if (text.empty()) return l;
  Take();
  auto r = ParseAdd();
  if (!r) return nullptr;
  return Binary(op, text, std::move(l), std::move(r));
}

std::unique_ptr<Expr> Parser::ParseAdd() {
  auto l = ParseMul();
  while (l && (At(TokenKind::kPlus) || At(TokenKind::kMinus))) {
    const Token& op = Take();
    auto r = ParseMul();
    if (!r) return nullptr;
    l = Binary(op, op.kind == TokenKind::kPlus ? "+" : "-", std::move(l),
               std::move(r));
  }
  return l;
}

std::unique_ptr<Expr> Parser::ParseMul() {
  auto l = ParseUnary();
  while (l && (At(TokenKind::kStar) || At(TokenKind::kSlash))) {
    const Token& op = Take();
    auto r = ParseUnary();
    if (!r) return nullptr;
    l = Binary(op, op.kind == TokenKind::kStar ? "*" : "/", std::move(l),
               std::move(r));
  }
  return l;
}

std::unique_ptr<Expr> Parser::ParseUnary() {
  const Token& at = Cur();
  if (!Enter(at)) return nullptr;
  DepthGuard guard{depth_};
  if (At(TokenKind::kNot) || At(TokenKind::kMinus)) {
    Take();
    auto operand = ParseUnary();
    if (!operand) return nullptr;
    auto e = Node(ExprKind::kUnary, at);
    e->text = at.kind == TokenKind::kNot ? "!" : "-";
    e->op = at.kind == TokenKind::kNot ? Op::kNot : Op::kNeg;
    e->args.push_back(std::move(operand));
    return e;
  }
  return ParsePrimary();
}

std::unique_ptr<Expr> Parser::ParsePrimary() {
  const Token& tok = Cur();
  switch (tok.kind) {
    case TokenKind::kString: {
      auto e = Node(ExprKind::kStringLit, Take());
      e->text = tok.text;
      return e;
    }
    case TokenKind::kRegex: {
      auto e = Node(ExprKind::kRegexLit, Take());
      e->text = tok.text;
      return e;
    }
    case TokenKind::kInt: {
      auto e = Node(ExprKind::kIntLit, Take());
      e->text = tok.text;
      if (!absl::SimpleAtoi(tok.text, &e->int_value)) {
        Error(tok, absl::StrCat("integer '", tok.text, "' is out of range"));
      }
      return e;
    }
    case TokenKind::kFloat: {
      auto e = Node(ExprKind::kFloatLit, Take());
      e->text = tok.text;
      e->float_value = std::strtod(tok.text.c_str(), nullptr);
      return e;
    }
    case TokenKind::kDuration: {
      auto e = Node(ExprKind::kDurationLit, Take());
      e->text = tok.text;
      // A bad unit was reported by the lexer.
      ParseDurationSeconds(tok.text, &e->float_value);
      return e;
    }
    case TokenKind::kDate: {
      auto e = Node(ExprKind::kTimestampLit, Take());
      e->text = tok.text;
      if (!ParseDateSeconds(tok.text, &e->float_value)) {
        Error(tok, absl::StrCat("bad date '", tok.text,
                                "' (expected YYYY-MM-DD or RFC 3339)"));
      }
      return e;
    }
    case TokenKind::kLParen: {
      Take();
      auto e = ParseOr();
      if (!e) return nullptr;
      if (!Expect(TokenKind::kRParen, "to close '('")) return nullptr;
      return e;
    }
    case TokenKind::kLBracket: {
      auto e = Node(ExprKind::kListLit, Take());
      while (!At(TokenKind::kRBracket)) {
        auto item = ParseOr();
        if (!item) return nullptr;
        e->args.push_back(std::move(item));
        if (At(TokenKind::kComma)) {
          Take();
        } else if (!At(TokenKind::kRBracket)) {
          Error(Cur(), absl::StrCat("expected ',' or ']' in list, found ",
                                    Describe(Cur())));
          return nullptr;
        }
      }
      Take();
      return e;
    }
    case TokenKind::kIdent: {
      if (tok.text == "true" || tok.text == "false") {
        auto e = Node(ExprKind::kBoolLit, Take());
        e->bool_value = tok.text == "true";
        e->text = tok.text;
        return e;
      }
      if (IsClauseKeyword(tok.text) || IsTextOperator(tok.text)) break;
      if (Next().kind == TokenKind::kLParen) {
        auto e = Node(ExprKind::kCall, Take());
        e->text = tok.text;
        Take();
        while (!At(TokenKind::kRParen)) {
          auto arg = ParseOr();
          if (!arg) return nullptr;
          e->args.push_back(std::move(arg));
          if (At(TokenKind::kComma)) {
            Take();
          } else if (!At(TokenKind::kRParen)) {
            Error(Cur(), absl::StrCat("expected ',' or ')' in call, found ",
                                      Describe(Cur())));
            return nullptr;
          }
        }
        Take();
        return e;
      }
      auto e = Node(ExprKind::kPath, Take());
      e->text = tok.text;
      while (At(TokenKind::kDot)) {
        Take();
        if (!At(TokenKind::kIdent)) {
          Error(Cur(), absl::StrCat("expected a field name after '.', found ",
                                    Describe(Cur())));
          return nullptr;
        }
        absl::StrAppend(&e->text, ".", Take().text);
      }
      return e;
    }
    default:
      break;
  }
  Error(tok, absl::StrCat("unexpected ", Describe(tok),
                          ", expected an expression"));
  return nullptr;
}
}  // namespace harrier::rules::internal
