// Copyright 2026 The Harrier Authors.
#include "rules/lexer/lexer.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace harrier::rules {

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEof: return "end of file";
    case TokenKind::kIdent: return "identifier";
    case TokenKind::kString: return "string";
    case TokenKind::kInt: return "integer";
    case TokenKind::kFloat: return "number";
    case TokenKind::kDuration: return "duration";
    case TokenKind::kDate: return "date";
    case TokenKind::kRegex: return "regex";
    case TokenKind::kJson: return "JSON object";
    case TokenKind::kLBrace: return "'{'";
    case TokenKind::kRBrace: return "'}'";
    case TokenKind::kLParen: return "'('";
    case TokenKind::kRParen: return "')'";
    case TokenKind::kLBracket: return "'['";
    case TokenKind::kRBracket: return "']'";
    case TokenKind::kComma: return "','";
    case TokenKind::kColon: return "':'";
    case TokenKind::kDot: return "'.'";
    case TokenKind::kAssign: return "'='";
    case TokenKind::kEq: return "'=='";
    case TokenKind::kNe: return "'!='";
    case TokenKind::kLt: return "'<'";
    case TokenKind::kLe: return "'<='";
    case TokenKind::kGt: return "'>'";
    case TokenKind::kGe: return "'>='";
    case TokenKind::kAnd: return "'&&'";
    case TokenKind::kOr: return "'||'";
    case TokenKind::kNot: return "'!'";
    case TokenKind::kPlus: return "'+'";
    case TokenKind::kMinus: return "'-'";
    case TokenKind::kStar: return "'*'";
    case TokenKind::kSlash: return "'/'";
    case TokenKind::kComment: return "comment";
  }
  return "token";
}

namespace {

bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Identifiers after which a '/' starts a regex rather than a division.
bool IsOperatorWord(std::string_view s) {
  return s == "matches" || s == "matches_any" || s == "contains" ||
         s == "contains_any" || s == "contains_word" ||
         s == "contains_any_word" || s == "in" || s == "when" || s == "then";
}

class Lexer {
 public:
  Lexer(const std::string& file, std::string_view src, bool keep_comments,
        Diagnostics& diags)
      : file_(file), src_(src), keep_comments_(keep_comments), diags_(diags) {}

  std::vector<Token> Run() {
    while (true) {
      SkipSpaceAndComments();
      if (pos_ >= src_.size()) break;
      LexOne();
    }
    Token eof;
    eof.kind = TokenKind::kEof;
    eof.line = line_;
    eof.col = col();
    eof.offset = static_cast<int>(pos_);
    tokens_.push_back(eof);
    return std::move(tokens_);
  }

 private:
  int col() const { return static_cast<int>(pos_ - line_start_) + 1; }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }
  void Advance() {
    if (src_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }
  void Error(int line, int col, std::string msg) {
    diags_.Error({file_, line, col}, std::move(msg));
  }

  void SkipSpaceAndComments() {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == '#') {
        int comment_line = line_;
        int comment_col = col();
        size_t start = pos_ + 1;
        while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
        if (keep_comments_) {
          Token c;
          c.kind = TokenKind::kComment;
          c.line = comment_line;
          c.col = comment_col;
          c.offset = static_cast<int>(start - 1);
          std::string_view body = src_.substr(start, pos_ - start);
          while (!body.empty() && (body.back() == ' ' || body.back() == '\r'))
            body.remove_suffix(1);
          c.text = std::string(body);
          tokens_.push_back(std::move(c));
          continue;
        }
        if (!tokens_.empty() && tokens_.back().line == comment_line &&
            last_line_end_ == comment_line) {
          std::string_view body = src_.substr(start, pos_ - start);
          while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
          while (!body.empty() && (body.back() == ' ' || body.back() == '\r'))
            body.remove_suffix(1);
          tokens_.back().comment = std::string(body);
        }
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        Advance();
      } else {
        break;
      }
    }
  }

  Token Start(TokenKind kind) {
    Token t;
    t.kind = kind;
    t.line = line_;
    t.col = col();
    t.offset = static_cast<int>(pos_);
    return t;
  }

  void Push(Token t) {
    last_line_end_ = line_;
    tokens_.push_back(std::move(t));
  }

  bool PrevIsOperand() const {
    if (tokens_.empty()) return false;
    const Token& t = tokens_.back();
    switch (t.kind) {
      case TokenKind::kIdent: return !IsOperatorWord(t.text);
      case TokenKind::kString:
      case TokenKind::kInt:
      case TokenKind::kFloat:
      case TokenKind::kDuration:
      case TokenKind::kDate:
      case TokenKind::kRegex:
      case TokenKind::kRParen:
      case TokenKind::kRBracket:
        return true;
      default:
        return false;
    }
  }

  bool JsonExpected() const {
    size_t n = tokens_.size();
    return n >= 2 && tokens_[n - 1].kind == TokenKind::kColon &&
           tokens_[n - 2].kind == TokenKind::kIdent &&
           tokens_[n - 2].text == "activity";
  }

  void LexOne() {
    char c = Peek();
    if (IsIdentStart(c)) {
      Token t = Start(TokenKind::kIdent);
      size_t b = pos_;
      while (pos_ < src_.size() && IsIdentChar(src_[pos_])) ++pos_;
      t.text = std::string(src_.substr(b, pos_ - b));
      Push(std::move(t));
      return;
    }
    if (IsDigit(c)) return LexNumber();
    if (c == '"') return LexString();
    if (c == '/' && !PrevIsOperand()) return LexRegex();
    if (c == '{' && JsonExpected()) return LexJson();
    Token t = Start(TokenKind::kEof);
    char n = Peek(1);
    auto two = [&](TokenKind k) {
      t.kind = k;
      pos_ += 2;
    };
    auto one = [&](TokenKind k) {
      t.kind = k;
      pos_ += 1;
    };
    switch (c) {
      case '{': one(TokenKind::kLBrace); break;
      case '}': one(TokenKind::kRBrace); break;
      case '(': one(TokenKind::kLParen); break;
      case ')': one(TokenKind::kRParen); break;
      case '[': one(TokenKind::kLBracket); break;
      case ']': one(TokenKind::kRBracket); break;
      case ',': one(TokenKind::kComma); break;
      case ':': one(TokenKind::kColon); break;
      case '.': one(TokenKind::kDot); break;
      case '+': one(TokenKind::kPlus); break;
      case '-': one(TokenKind::kMinus); break;
      case '*': one(TokenKind::kStar); break;
      case '/': one(TokenKind::kSlash); break;
      case '=': n == '=' ? two(TokenKind::kEq) : one(TokenKind::kAssign); break;
      case '!': n == '=' ? two(TokenKind::kNe) : one(TokenKind::kNot); break;
      case '<': n == '=' ? two(TokenKind::kLe) : one(TokenKind::kLt); break;
      case '>': n == '=' ? two(TokenKind::kGe) : one(TokenKind::kGt); break;
      case '&':
        if (n == '&') {
          two(TokenKind::kAnd);
        } else {
          Error(t.line, t.col, "unexpected character '&' (did you mean '&&'?)");
          ++pos_;
          return;
        }
        break;
      case '|':
        if (n == '|') {
          two(TokenKind::kOr);
        } else {
          Error(t.line, t.col, "unexpected character '|' (did you mean '||'?)");
          ++pos_;
          return;
        }
        break;
      default: {
        unsigned char u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
          Error(t.line, t.col, "unexpected non-ASCII character outside a string");
          ++pos_;
          while (pos_ < src_.size() &&
                 (static_cast<unsigned char>(src_[pos_]) & 0xC0) == 0x80) {
            ++pos_;
          }
        } else {
          Error(t.line, t.col, absl::StrFormat("unexpected character '%c'", c));
          ++pos_;
        }
        return;
      }
    }
    Push(std::move(t));
  }

  void LexNumber() {
    Token t = Start(TokenKind::kInt);
    size_t b = pos_;
    while (IsDigit(Peek())) ++pos_;
    // Date: YYYY-MM-DD, optionally THH:MM:SSZ.
    if (pos_ - b == 4 && Peek() == '-' && IsDigit(Peek(1))) {
      while (IsDigit(Peek()) || Peek() == '-' || Peek() == ':' ||
             Peek() == 'T' || Peek() == 'Z' || Peek() == '.' || Peek() == '+') {
        ++pos_;
      }
      t.kind = TokenKind::kDate;
      t.text = std::string(src_.substr(b, pos_ - b));
      Push(std::move(t));
      return;
    }
    if (Peek() == '.' && IsDigit(Peek(1))) {
      ++pos_;
      while (IsDigit(Peek())) ++pos_;
      t.kind = TokenKind::kFloat;
    }
    if (IsIdentStart(Peek())) {
      size_t ub = pos_;
      while (IsIdentChar(Peek())) ++pos_;
      std::string_view unit = src_.substr(ub, pos_ - ub);
      t.kind = TokenKind::kDuration;
      if (unit != "ms" && unit != "s" && unit != "m" && unit != "h" &&
          unit != "d" && unit != "w") {
        Error(t.line, t.col,
              absl::StrCat("bad duration unit '", std::string(unit),
                           "' (use ms, s, m, h, d or w)"));
      }
    }
    t.text = std::string(src_.substr(b, pos_ - b));
    Push(std::move(t));
  }

  void LexString() {
    Token t = Start(TokenKind::kString);
    ++pos_;
    std::string out;
    while (true) {
      if (pos_ >= src_.size() || src_[pos_] == '\n') {
        Error(t.line, t.col, "unterminated string literal");
        break;
      }
      char c = src_[pos_];
      if (c == '"') {
        ++pos_;
        break;
      }
      if (c == '\\' && pos_ + 1 < src_.size()) {
        char e = src_[pos_ + 1];
        switch (e) {
          case 'n': out.push_back('\n'); break;
          case 't': out.push_back('\t'); break;
          case '"': out.push_back('"'); break;
          case '\\': out.push_back('\\'); break;
          default:
            Error(line_, col(),
                  absl::StrFormat("unknown escape sequence '\\%c' in string", e));
            out.push_back(e);
        }
        pos_ += 2;
        continue;
      }
      out.push_back(c);
      ++pos_;
    }
    t.text = std::move(out);
    Push(std::move(t));
  }

  void LexRegex() {
    Token t = Start(TokenKind::kRegex);
    ++pos_;
    std::string out;
    while (true) {
      if (pos_ >= src_.size() || src_[pos_] == '\n') {
        Error(t.line, t.col, "unterminated regex literal");
        break;
      }
      char c = src_[pos_];
      if (c == '/') {
        ++pos_;
        break;
      }
      if (c == '\\' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '/') {
        out.push_back('/');
        pos_ += 2;
        continue;
      }
      if (c == '\\' && pos_ + 1 < src_.size() && src_[pos_ + 1] != '\n') {
        out.push_back(c);
        out.push_back(src_[pos_ + 1]);
        pos_ += 2;
        continue;
      }
      out.push_back(c);
      ++pos_;
    }
    t.text = std::move(out);
    Push(std::move(t));
  }

  void LexJson() {
    Token t = Start(TokenKind::kJson);
    size_t b = pos_;
    int depth = 0;
    bool in_string = false;
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (in_string) {
        if (c == '\\' && pos_ + 1 < src_.size()) {
          Advance();
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          Advance();
          t.text = std::string(src_.substr(b, pos_ - b));
          Push(std::move(t));
          return;
        }
      }
      Advance();
    }
    Error(t.line, t.col, "unterminated JSON object");
    t.text = std::string(src_.substr(b));
    Push(std::move(t));
  }

  const std::string& file_;
  std::string_view src_;
  bool keep_comments_;
  Diagnostics& diags_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  int last_line_end_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

absl::StatusOr<std::vector<Token>> Lex(const std::string& file,
                                       std::string_view content,
                                       const LexOptions& options,
                                       Diagnostics& diags) {
  if (content.size() > options.max_file_bytes) {
    diags.Error({file, 1, 1},
                absl::StrCat("file is ", content.size(),
                             " bytes, over the limit of ",
                             options.max_file_bytes, " bytes"));
    Token eof;
    eof.line = 1;
    eof.col = 1;
    return std::vector<Token>{eof};
  }
  return Lexer(file, content, options.keep_comments, diags).Run();
}

}  // namespace harrier::rules
