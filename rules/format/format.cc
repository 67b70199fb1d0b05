// Copyright 2026 The Harrier Authors.
#include "rules/format/format.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "rules/lexer/lexer.h"
#include "rules/parser/parser.h"

namespace harrier::rules {
namespace {

bool IsTop(const Token& t) {
  return t.kind == TokenKind::kIdent &&
         (t.text == "rule" || t.text == "list" || t.text == "import" ||
          t.text == "threshold");
}

bool IsClause(const Token& t) {
  return t.kind == TokenKind::kIdent &&
         (t.text == "when" || t.text == "then" || t.text == "mode" ||
          t.text == "priority" || t.text == "expires" || t.text == "score" ||
          t.text == "tags" || t.text == "test");
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out.push_back(c);
    }
  }
  return out + "\"";
}

std::string Spell(const Token& t) {
  switch (t.kind) {
    case TokenKind::kString: return Quote(t.text);
    case TokenKind::kRegex: {
      std::string out = "/";
      for (char c : t.text) {
        if (c == '/') out.push_back('\\');
        out.push_back(c);
      }
      return out + "/";
    }
    case TokenKind::kIdent:
    case TokenKind::kInt:
    case TokenKind::kFloat:
    case TokenKind::kDuration:
    case TokenKind::kDate:
    case TokenKind::kJson:
      return t.text;
    default: {
      std::string_view name = TokenKindName(t.kind);
      return std::string(name.substr(1, name.size() - 2));  // strip quotes
    }
  }
}

bool IsBinaryOp(TokenKind k) {
  switch (k) {
    case TokenKind::kEq: case TokenKind::kNe: case TokenKind::kLt:
    case TokenKind::kLe: case TokenKind::kGt: case TokenKind::kGe:
    case TokenKind::kAnd: case TokenKind::kOr: case TokenKind::kPlus:
    case TokenKind::kStar: case TokenKind::kSlash: case TokenKind::kAssign:
      return true;
    default:
      return false;
  }
}

class Formatter {
 public:
  explicit Formatter(const std::vector<Token>& t) : t_(t) {}

  std::string Run() {
    for (i_ = 0; i_ < t_.size() && t_[i_].kind != TokenKind::kEof; ++i_) {
      Emit(t_[i_]);
    }
    while (!out_.empty() && (out_.back() == '\n' || out_.back() == ' ')) {
      out_.pop_back();
    }
    return out_ + "\n";
  }

 private:
  const Token* Prev() const {
    for (size_t j = i_; j-- > 0;) {
      if (t_[j].kind != TokenKind::kComment) return &t_[j];
    }
    return nullptr;
  }

  void NewLine(int extra = 0) {
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (!out_.empty() && out_.back() != '\n') out_ += "\n";
    out_ += std::string(2 * depth_ + extra, ' ');
    line_start_ = true;
  }

  void BlankLine() {
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) {
      out_.pop_back();
    }
    if (!out_.empty()) out_ += "\n\n";
    line_start_ = true;
  }

  void Space() {
    if (!line_start_ && !out_.empty() && out_.back() != ' ' &&
        out_.back() != '\n') {
      out_ += " ";
    }
  }

  void Write(const std::string& s) {
    out_ += s;
    line_start_ = false;
  }

  bool SourceBreakBefore(const Token& t) const {
    const Token* p = Prev();
    return p != nullptr && p->line < t.line;
  }

  void Emit(const Token& t) {
    const Token* p = Prev();
    if (t.kind == TokenKind::kComment) {
      bool trailing = i_ > 0 && t_[i_ - 1].line == t.line &&
                      t_[i_ - 1].kind != TokenKind::kComment;
      if (trailing) {
        while (!out_.empty() && out_.back() == ' ') out_.pop_back();
        Write(absl::StrCat("  #", t.text.empty() || t.text[0] == ' ' ? "" : " ",
                           t.text));
        NewLine(bracket_ > 0 ? 2 : 0);
      } else {
        if (depth_ == 0 && bracket_ == 0 && !in_comment_block_) BlankLine();
        NewLine(bracket_ > 0 ? 2 : 0);
        Write(absl::StrCat("#", t.text.empty() || t.text[0] == ' ' ? "" : " ",
                           t.text));
        NewLine(bracket_ > 0 ? 2 : 0);
      }
      in_comment_block_ = depth_ == 0 && !trailing;
      return;
    }
    bool after_comment_block = in_comment_block_;
    in_comment_block_ = false;
    if (depth_ == 0 && bracket_ == 0 && IsTop(t)) {
      if (!after_comment_block) BlankLine();
      Write(t.text);
      return;
    }
    if (depth_ > 0 && bracket_ == 0 && paren_ == 0 && IsClause(t) &&
        !(p != nullptr && p->kind == TokenKind::kColon)) {
      NewLine();
      Write(t.text);
      in_expr_ = t.text == "when";
      return;
    }
    // Test fields: NAME ':' inside a test block.
    if (depth_ >= 2 && bracket_ == 0 && t.kind == TokenKind::kIdent &&
        i_ + 1 < t_.size() && t_[i_ + 1].kind == TokenKind::kColon) {
      NewLine();
      Write(t.text);
      return;
    }
    switch (t.kind) {
      case TokenKind::kLBrace:
        Space();
        Write("{");
        ++depth_;
        NewLine();
        return;
      case TokenKind::kRBrace:
        --depth_;
        if (depth_ < 0) depth_ = 0;
        NewLine();
        Write("}");
        in_expr_ = false;
        return;
      case TokenKind::kColon:
        Write(":");
        return;
      case TokenKind::kComma:
        Write(",");
        if (bracket_ > 0 && multiline_list_) {
          bool comment_next = i_ + 1 < t_.size() &&
                              t_[i_ + 1].kind == TokenKind::kComment &&
                              t_[i_ + 1].line == t.line;
          if (!comment_next) NewLine(2);
        }
        return;
      case TokenKind::kLBracket: {
        Space();
        Write("[");
        ++bracket_;
        // Multi-line if the matching ']' is on a later line.
        int d = 0;
        multiline_list_ = false;
        for (size_t j = i_; j < t_.size(); ++j) {
          if (t_[j].kind == TokenKind::kLBracket) ++d;
          if (t_[j].kind == TokenKind::kRBracket && --d == 0) {
            multiline_list_ = t_[j].line > t.line;
            break;
          }
        }
        if (multiline_list_) NewLine(2);
        return;
      }
      case TokenKind::kRBracket:
        --bracket_;
        if (multiline_list_) {
          NewLine();
          multiline_list_ = bracket_ > 0 && multiline_list_;
        }
        Write("]");
        return;
      case TokenKind::kLParen:
        if (p != nullptr && p->kind != TokenKind::kIdent) Space();
        if (p != nullptr && p->kind == TokenKind::kIdent &&
            (p->text == "in" || p->text == "then" || p->text == "when")) {
          Space();
        }
        Write("(");
        ++paren_;
        return;
      case TokenKind::kRParen:
        --paren_;
        Write(")");
        return;
      case TokenKind::kDot:
        Write(".");
        return;
      default:
        break;
    }
    bool glue = p != nullptr &&
                (p->kind == TokenKind::kLParen || p->kind == TokenKind::kDot ||
                 p->kind == TokenKind::kNot ||
                 (p->kind == TokenKind::kLBracket && !multiline_list_) ||
                 (p->kind == TokenKind::kMinus && unary_minus_));
    if (in_expr_ && bracket_ == 0 && SourceBreakBefore(t)) {
      NewLine(4);
    } else if (!glue) {
      Space();
    }
    if (t.kind == TokenKind::kMinus) {
      unary_minus_ = p == nullptr || IsBinaryOp(p->kind) ||
                     p->kind == TokenKind::kLParen ||
                     p->kind == TokenKind::kComma ||
                     p->kind == TokenKind::kNot || p->kind == TokenKind::kMinus ||
                     (p->kind == TokenKind::kIdent && IsClause(*p));
    }
    Write(Spell(t));
  }

  const std::vector<Token>& t_;
  size_t i_ = 0;
  std::string out_;
  int depth_ = 0;
  int bracket_ = 0;
  int paren_ = 0;
  bool line_start_ = true;
  bool in_expr_ = false;
  bool multiline_list_ = false;
  bool unary_minus_ = false;
  bool in_comment_block_ = false;
};

}  // namespace

std::string Format(const std::string& path, std::string_view source,
                   Diagnostics& diags) {
  auto plain = Lex(path, source, {}, diags);
  if (!plain.ok() || diags.has_errors()) return std::string(source);
  auto ast = Parse(path, *plain, {}, diags);
  if (!ast.ok() || diags.has_errors()) return std::string(source);
  LexOptions opts;
  opts.keep_comments = true;
  Diagnostics ignored;
  auto tokens = Lex(path, source, opts, ignored);
  if (!tokens.ok()) return std::string(source);
  return Formatter(*tokens).Run();
}

}  // namespace harrier::rules
