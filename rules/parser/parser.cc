// Copyright 2026 The Harrier Authors.
#include "rules/parser/parser.h"

#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "rules/parser/parser_impl.h"

namespace harrier::rules {

bool ParseDurationSeconds(const std::string& text, double* seconds) {
  size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  if (i == 0 || i == text.size()) return false;
  double n = 0;
  if (!absl::SimpleAtod(text.substr(0, i), &n)) return false;
  std::string unit = text.substr(i);
  double mult = 0;
  if (unit == "ms") mult = 0.001;
  else if (unit == "s") mult = 1;
  else if (unit == "m") mult = 60;
  else if (unit == "h") mult = 3600;
  else if (unit == "d") mult = 86400;
  else if (unit == "w") mult = 7 * 86400;
  else return false;
  *seconds = n * mult;
  return true;
}

bool ParseDateSeconds(const std::string& text, double* seconds) {
  absl::Time t;
  std::string err;
  if (absl::ParseTime("%Y-%m-%d", text, &t, &err) ||
      absl::ParseTime(absl::RFC3339_full, text, &t, &err)) {
    *seconds = absl::ToDoubleSeconds(t - absl::UnixEpoch());
    return true;
  }
  return false;
}


namespace internal {

bool IsTextOperator(const std::string& s) {
  return s == "in" || s == "contains" || s == "contains_any" ||
         s == "contains_word" || s == "contains_any_word" || s == "matches" ||
         s == "matches_any";
}

bool IsClauseKeyword(const std::string& s) {
  return s == "when" || s == "then" || s == "mode" || s == "priority" ||
         s == "expires" || s == "score" || s == "tags" || s == "test";
}

bool IsTopKeyword(const std::string& s) {
  return s == "rule" || s == "list" || s == "import" || s == "threshold";
}


FileAst Parser::ParseFile() {
  FileAst ast;
  ast.path = file_;
  while (!At(TokenKind::kEof)) {
    const Token& tok = Cur();
    if (tok.kind == TokenKind::kIdent && tok.text == "rule") {
      ParseRule(ast);
    } else if (tok.kind == TokenKind::kIdent && tok.text == "list") {
      ParseList(ast);
    } else if (tok.kind == TokenKind::kIdent && tok.text == "import") {
      ParseImport(ast);
    } else if (tok.kind == TokenKind::kIdent && tok.text == "threshold") {
      ParseThreshold(ast);
    } else {
      Error(tok, absl::StrCat("unexpected ", Describe(tok),
                              ", expected 'rule', 'list', 'import' or "
                              "'threshold'"));
      SkipToTopLevel();
    }
  }
  return ast;
}

std::unique_ptr<Expr> Parser::ParseSingleExpression() {
  auto e = ParseExpr();
  if (e != nullptr && !At(TokenKind::kEof)) {
    Error(Cur(), absl::StrCat("unexpected ", Describe(Cur()),
                              " after expression"));
    return nullptr;
  }
  return e;
}

const Token& Parser::Next() const {
  return pos_ + 1 < t_.size() ? t_[pos_ + 1] : t_.back();
}

bool Parser::AtWord(const char* w) const {
  return Cur().kind == TokenKind::kIdent && Cur().text == w;
}

const Token& Parser::Take() {
  const Token& tok = t_[pos_];
  if (pos_ + 1 < t_.size()) ++pos_;
  return tok;
}

void Parser::Error(const Token& tok, std::string msg) {
  diags_.Error({file_, tok.line, tok.col}, std::move(msg));
}

std::string Parser::Describe(const Token& tok) {
  switch (tok.kind) {
    case TokenKind::kIdent: return absl::StrCat("'", tok.text, "'");
    case TokenKind::kString: return absl::StrCat("string \"", tok.text, "\"");
    case TokenKind::kEof: return "end of file";
    case TokenKind::kInt:
    case TokenKind::kFloat:
    case TokenKind::kDuration:
    case TokenKind::kDate:
      return absl::StrCat("'", tok.text, "'");
    default: return std::string(TokenKindName(tok.kind));
  }
}

bool Parser::Expect(TokenKind k, const char* context) {
  if (At(k)) {
    Take();
    return true;
  }
  Error(Cur(), absl::StrCat("expected ", std::string(TokenKindName(k)), " ",
                            context, ", found ", Describe(Cur())));
  return false;
}

bool Parser::ExpectIdent(std::string* out, const char* what) {
  if (At(TokenKind::kIdent)) {
    *out = Take().text;
    return true;
  }
  Error(Cur(), absl::StrCat("expected ", what, ", found ", Describe(Cur())));
  return false;
}

void Parser::SkipToTopLevel() {
  int depth = 0;
  Take();
  while (!At(TokenKind::kEof)) {
    if (At(TokenKind::kLBrace)) ++depth;
    if (At(TokenKind::kRBrace)) --depth;
    if (depth <= 0 && At(TokenKind::kIdent) && IsTopKeyword(Cur().text) &&
        Cur().col == 1) {
      return;
    }
    Take();
  }
}

void Parser::SkipInBlock() {
  int depth = 0;
  while (!At(TokenKind::kEof)) {
    if (depth == 0 && At(TokenKind::kRBrace)) return;
    if (depth == 0 && At(TokenKind::kIdent) && IsClauseKeyword(Cur().text)) {
      return;
    }
    if (At(TokenKind::kIdent) && IsTopKeyword(Cur().text) && Cur().col == 1) {
      return;
    }
    if (At(TokenKind::kLBrace)) ++depth;
    if (At(TokenKind::kRBrace)) --depth;
    Take();
  }
}

void Parser::ParseList(FileAst& ast) {
  ListDecl decl;
  const Token& kw = Take();
  decl.line = kw.line;
  decl.col = kw.col;
  if (!ExpectIdent(&decl.name, "a list name after 'list'")) {
    return SkipToTopLevel();
  }
  if (AtWord("confusables")) {
    Take();
    decl.confusables = true;
  }
  if (AtWord("from")) {
    Take();
    if (!At(TokenKind::kString)) {
      Error(Cur(), absl::StrCat("expected a file path string after 'from', "
                                "found ", Describe(Cur())));
      return SkipToTopLevel();
    }
    decl.from_file = true;
    decl.path_line = Cur().line;
    decl.path_col = Cur().col;
    decl.path = Take().text;
  } else if (At(TokenKind::kAssign)) {
    Take();
    if (!Expect(TokenKind::kLBracket, "to open the list")) {
      return SkipToTopLevel();
    }
    while (!At(TokenKind::kRBracket)) {
      const Token& tok = Cur();
      if (tok.kind != TokenKind::kString && tok.kind != TokenKind::kRegex) {
        Error(tok, absl::StrCat("expected a string or /regex/ list entry, "
                                "found ", Describe(tok)));
        return SkipToTopLevel();
      }
      Take();
      ListEntry e{tok.text, tok.kind == TokenKind::kRegex, tok.comment,
                  tok.line, tok.col};
      if (At(TokenKind::kComma)) {
        if (e.reason.empty()) e.reason = Cur().comment;
        Take();
      } else if (!At(TokenKind::kRBracket)) {
        Error(Cur(), absl::StrCat("expected ',' or ']' in list, found ",
                                  Describe(Cur())));
        return SkipToTopLevel();
      }
      decl.entries.push_back(std::move(e));
    }
    Take();
  } else {
    Error(Cur(), absl::StrCat("expected '=' or 'from' after list name, "
                              "found ", Describe(Cur())));
    return SkipToTopLevel();
  }
  ast.lists.push_back(std::move(decl));
}

void Parser::ParseImport(FileAst& ast) {
  ImportDecl decl;
  const Token& kw = Take();
  decl.line = kw.line;
  decl.col = kw.col;
  if (!AtWord("blocklist")) {
    Error(Cur(), absl::StrCat("expected 'blocklist' after 'import', found ",
                              Describe(Cur())));
    return SkipToTopLevel();
  }
  Take();
  if (!At(TokenKind::kString)) {
    Error(Cur(), absl::StrCat("expected a file path string, found ",
                              Describe(Cur())));
    return SkipToTopLevel();
  }
  decl.line = Cur().line;
  decl.col = Cur().col;
  decl.path = Take().text;
  if (AtWord("format")) {
    Take();
    if (!ExpectIdent(&decl.format, "a blocklist format")) {
      return SkipToTopLevel();
    }
  }
  if (!AtWord("as")) {
    Error(Cur(), absl::StrCat("expected 'as NAME' after the blocklist path, "
                              "found ", Describe(Cur())));
    return SkipToTopLevel();
  }
  Take();
  if (!ExpectIdent(&decl.alias, "a name after 'as'")) return SkipToTopLevel();
  ast.imports.push_back(std::move(decl));
}

bool Parser::ParseActions(std::vector<ActionAst>* out) {
  while (true) {
    ActionAst a;
    a.line = Cur().line;
    a.col = Cur().col;
    if (!ExpectIdent(&a.name, "an action")) return false;
    if (At(TokenKind::kLParen)) {
      Take();
      const Token& arg = Cur();
      a.arg_line = arg.line;
      a.arg_col = arg.col;
      if (arg.kind == TokenKind::kString) {
        a.has_arg = true;
        a.arg_is_string = true;
        a.arg_text = arg.text;
        Take();
      } else if (arg.kind == TokenKind::kInt ||
                 arg.kind == TokenKind::kFloat) {
        a.has_arg = true;
        a.arg_text = arg.text;
        a.arg_number = std::strtod(arg.text.c_str(), nullptr);
        Take();
      } else if (arg.kind != TokenKind::kRParen) {
        Error(arg, absl::StrCat("expected a string or number argument for '",
                                a.name, "', found ", Describe(arg)));
        return false;
      }
      if (!Expect(TokenKind::kRParen, "after the action argument")) {
        return false;
      }
    }
    out->push_back(std::move(a));
    if (!At(TokenKind::kComma)) return true;
    Take();
  }
}

void Parser::ParseThreshold(FileAst& ast) {
  ThresholdAst th;
  const Token& kw = Take();
  th.line = kw.line;
  th.col = kw.col;
  if (!At(TokenKind::kInt) && !At(TokenKind::kFloat)) {
    Error(Cur(), absl::StrCat("expected a score after 'threshold', found ",
                              Describe(Cur())));
    return SkipToTopLevel();
  }
  th.score = std::strtod(Take().text.c_str(), nullptr);
  if (!AtWord("then")) {
    Error(Cur(), absl::StrCat("expected 'then' after the threshold score, "
                              "found ", Describe(Cur())));
    return SkipToTopLevel();
  }
  Take();
  if (!ParseActions(&th.actions)) return SkipToTopLevel();
  ast.thresholds.push_back(std::move(th));
}

bool Parser::ParseNumber(double* out) {
  bool neg = false;
  if (At(TokenKind::kMinus)) {
    Take();
    neg = true;
  }
  if (!At(TokenKind::kInt) && !At(TokenKind::kFloat)) {
    Error(Cur(), absl::StrCat("expected a number, found ", Describe(Cur())));
    return false;
  }
  *out = std::strtod(Take().text.c_str(), nullptr) * (neg ? -1 : 1);
  return true;
}

void Parser::ParseRule(FileAst& ast) {
  RuleAst rule;
  const Token& kw = Take();
  rule.source_begin = kw.offset;
  rule.line = kw.line;
  rule.col = kw.col;
  if (!At(TokenKind::kIdent)) {
    Error(Cur(), absl::StrCat("expected a rule name after 'rule', found ",
                              Describe(Cur())));
    return SkipToTopLevel();
  }
  rule.line = Cur().line;
  rule.col = Cur().col;
  rule.id = Take().text;
  if (At(TokenKind::kString)) {
    rule.desc_line = Cur().line;
    rule.desc_col = Cur().col;
    rule.description = Take().text;
  }
  const Token& open = Cur();
  if (!Expect(TokenKind::kLBrace, "to open the rule body")) {
    return SkipToTopLevel();
  }
  int open_line = open.line, open_col = open.col;
  bool seen_when = false;
  while (!At(TokenKind::kRBrace)) {
    if (At(TokenKind::kEof) ||
        (At(TokenKind::kIdent) && IsTopKeyword(Cur().text) &&
         Cur().col == 1)) {
      diags_.Error({file_, open_line, open_col},
                   absl::StrCat("unterminated block: '{' of rule '", rule.id,
                                "' is never closed"));
      return;
    }
    const Token& clause = Cur();
    if (clause.kind != TokenKind::kIdent || !IsClauseKeyword(clause.text)) {
      Error(clause, absl::StrCat("unexpected ", Describe(clause),
                                 " in rule body, expected 'when', 'then', "
                                 "'mode', 'priority', 'expires', 'score', "
                                 "'tags' or 'test'"));
      Take();
      SkipInBlock();
      continue;
    }
    Take();
    bool ok = true;
    if (clause.text == "when") {
      if (seen_when) {
        Error(clause, "duplicate 'when' clause");
      }
      seen_when = true;
      rule.when = ParseExpr();
      ok = rule.when != nullptr;
    } else if (clause.text == "then") {
      rule.has_then = true;
      ok = ParseActions(&rule.then);
    } else if (clause.text == "mode") {
      rule.mode_line = Cur().line;
      rule.mode_col = Cur().col;
      ok = ExpectIdent(&rule.mode, "a mode (enforce, shadow or off)");
    } else if (clause.text == "priority") {
      double p = 0;
      ok = ParseNumber(&p);
      rule.priority = static_cast<int64_t>(p);
    } else if (clause.text == "expires") {
      const Token& d = Cur();
      double secs = 0;
      if ((d.kind != TokenKind::kDate && d.kind != TokenKind::kString &&
           d.kind != TokenKind::kInt) ||
          !ParseDateSeconds(d.text, &secs)) {
        Error(d, absl::StrCat("bad date ", Describe(d),
                              " in 'expires' (expected YYYY-MM-DD or "
                              "RFC 3339)"));
        ok = false;
      } else {
        Take();
        rule.expires_seconds = secs;
      }
    } else if (clause.text == "score") {
      double s = 0;
      ok = ParseNumber(&s);
      if (ok) rule.score = s;
    } else if (clause.text == "tags") {
      ok = Expect(TokenKind::kLBracket, "after 'tags'");
      while (ok && !At(TokenKind::kRBracket)) {
        std::string tag;
        if (At(TokenKind::kString)) {
          tag = Take().text;
        } else {
          ok = ExpectIdent(&tag, "a tag");
        }
        rule.tags.push_back(tag);
        if (At(TokenKind::kComma)) Take();
      }
      if (ok) Take();
    } else if (clause.text == "test") {
      ok = ParseTest(&rule);
    }
    if (!ok) SkipInBlock();
  }
  rule.source_end = Cur().offset + 1;
  Take();  // '}'
  if (!seen_when) {
    diags_.Error({file_, rule.line, rule.col},
                 absl::StrCat("rule '", rule.id, "' has no 'when' clause"));
  }
  if (!rule.has_then && !rule.score.has_value()) {
    diags_.Error({file_, rule.line, rule.col},
                 absl::StrCat("rule '", rule.id,
                              "' has no 'then' clause (or 'score')"));
  }
  ast.rules.push_back(std::move(rule));
}

bool Parser::ParseTest(RuleAst* rule) {
  TestAst test;
  test.line = Cur().line;
  test.col = Cur().col;
  if (!At(TokenKind::kString)) {
    Error(Cur(), absl::StrCat("expected a test name string after 'test', "
                              "found ", Describe(Cur())));
    return false;
  }
  test.name = Take().text;
  if (!Expect(TokenKind::kLBrace, "to open the test")) return false;
  if (!ParseTestBody(&test)) {
    // Skip to the test's closing brace; the error is reported.
    int depth = 1;
    while (!At(TokenKind::kEof) && depth > 0) {
      if (At(TokenKind::kLBrace)) ++depth;
      if (At(TokenKind::kRBrace)) --depth;
      Take();
    }
    return true;
  }
  Take();
  rule->tests.push_back(std::move(test));
  return true;
}

bool Parser::ParseTestBody(TestAst* t) {
  TestAst& test = *t;
  while (!At(TokenKind::kRBrace)) {
    if (At(TokenKind::kEof)) {
      Error(Cur(), absl::StrCat("unterminated block: test \"", test.name,
                                "\" is never closed"));
      return false;
    }
    std::string key;
    const Token& key_tok = Cur();
    if (!ExpectIdent(&key, "a test field")) return false;
    if (!Expect(TokenKind::kColon, "after the test field name")) return false;
    const Token& v = Cur();
    if (key == "activity") {
      test.activity_line = v.line;
      test.activity_col = v.col;
      if (v.kind == TokenKind::kString) {
        test.activity_path = v.text;
      } else if (v.kind == TokenKind::kJson) {
        test.activity_json = v.text;
      } else {
        Error(v, "expected a JSON file path or an inline {JSON} object "
                 "after 'activity:'");
        return false;
      }
      Take();
    } else if (key == "expect" || key == "expect_rules") {
      std::vector<ActionAst>* out =
          key == "expect" ? &test.expect : &test.expect_rules;
      (key == "expect" ? test.has_expect : test.has_expect_rules) = true;
      if (At(TokenKind::kLBracket)) {
        Take();
        if (!At(TokenKind::kRBracket) && !ParseActions(out)) return false;
        if (!Expect(TokenKind::kRBracket, "to close the expectation")) {
          return false;
        }
      } else if (!ParseActions(out)) {
        return false;
      }
    } else if (key == "actor_age") {
      double s = 0;
      if (v.kind != TokenKind::kDuration || !ParseDurationSeconds(v.text, &s)) {
        Error(v, absl::StrCat("bad duration ", Describe(v),
                              " for 'actor_age'"));
        return false;
      }
      Take();
      test.actor_age_seconds = s;
    } else if (key == "followers" || key == "following" || key == "posts") {
      if (v.kind != TokenKind::kInt) {
        Error(v, absl::StrCat("expected an integer for '", key, "'"));
        return false;
      }
      int64_t n = std::strtoll(Take().text.c_str(), nullptr, 10);
      (key == "followers" ? test.followers
                          : key == "following" ? test.following : test.posts) = n;
    } else if (key == "followed_locally" || key == "local") {
      if (v.kind != TokenKind::kIdent || (v.text != "true" && v.text != "false")) {
        Error(v, absl::StrCat("expected true or false for '", key, "'"));
        return false;
      }
      bool b = Take().text == "true";
      (key == "local" ? test.actor_local : test.followed_locally) = b;
    } else if (key == "now") {
      double s = 0;
      if (!ParseDateSeconds(v.text, &s)) {
        Error(v, absl::StrCat("bad date ", Describe(v), " for 'now'"));
        return false;
      }
      Take();
      test.now_seconds = s;
    } else {
      Error(key_tok,
            absl::StrCat("unknown test field '", key,
                         "' (expected activity, expect, expect_rules, "
                         "actor_age, followers, following, posts, "
                         "followed_locally, local or now)"));
      return false;
    }
    if (At(TokenKind::kComma)) Take();
  }
  return true;
}

}  // namespace internal

absl::StatusOr<FileAst> Parse(const std::string& file,
                              const std::vector<Token>& tokens,
                              const ParseOptions& options, Diagnostics& diags) {
  if (tokens.empty() || tokens.back().kind != TokenKind::kEof) {
    return absl::InvalidArgumentError("token list must end with kEof");
  }
  return internal::Parser(file, tokens, options, diags).ParseFile();
}

absl::StatusOr<std::unique_ptr<Expr>> ParseExpression(
    const std::string& file, const std::vector<Token>& tokens,
    const ParseOptions& options, Diagnostics& diags) {
  if (tokens.empty() || tokens.back().kind != TokenKind::kEof) {
    return absl::InvalidArgumentError("token list must end with kEof");
  }
  return internal::Parser(file, tokens, options, diags).ParseSingleExpression();
}

}  // namespace harrier::rules
