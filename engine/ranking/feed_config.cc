// Copyright 2026 The Harrier Authors.
#include "engine/ranking/feed_config.h"

#include <cctype>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/ranking/algorithms.h"

namespace harrier::ranking {
namespace {

using rules::Diagnostics;
using rules::SourcePos;

constexpr int kMaxFormulaDepth = 64;
constexpr char kSyntheticPath[] = "<feeds>.rules";

const std::vector<std::string>& ClauseKeywords() {
  static const auto* k = new std::vector<std::string>{
      "include", "exclude", "rank", "window", "diversity", "weights"};
  return *k;
}

bool IsClauseKeyword(std::string_view w) {
  for (const auto& k : ClauseKeywords()) {
    if (w == k) return true;
  }
  return false;
}

// Parameters of each algorithm (algorithms.h).
const std::map<std::string, std::vector<std::string>>& AlgorithmParams() {
  static const auto* m = new std::map<std::string, std::vector<std::string>>{
      {"chronological", {}},
      {"hot", {"gravity", "max_age_hours"}},
      {"scaled", {"gravity", "max_age_hours"}},
      {"hn", {"gravity", "points_exponent", "max_age_hours"}},
      {"reddit_hot", {"divisor", "epoch"}},
      {"best", {"z"}},
      {"controversial", {}},
      {"trending", {"half_life_hours", "threshold", "expected"}},
      {"half_life", {"half_life_hours"}},
      {"mbin",
       {"vote_seconds", "comment_seconds", "unique_commenter_seconds",
        "min_seconds", "max_seconds"}},
  };
  return *m;
}

std::string DidYouMean(std::string_view name,
                       const std::vector<std::string>& candidates) {
  std::string best = rules::ClosestMatch(name, candidates);
  if (best.empty()) return "";
  return absl::StrCat(" (did you mean '", best, "'?)");
}

bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// ---------------------------------------------------------------------------
// Tokens of a clause body.

struct Tok {
  enum Kind { kIdent, kNumber, kDuration, kString, kPunct, kEnd };
  Kind kind = kEnd;
  std::string text;
  double num = 0;
  absl::Duration dur;
  int line = 0;
  int col = 0;
};

// A piece of one source line: `text` starts at column `col`.
struct Segment {
  int line = 0;
  int col = 0;
  std::string_view text;
};

// Index of a `#` comment start outside strings, or text.size().
size_t CommentStart(std::string_view text) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '#') {
      return i;
    }
  }
  return text.size();
}

bool ParseDurationLiteral(std::string_view number, std::string_view unit,
                          absl::Duration* out) {
  double n = 0;
  if (!absl::SimpleAtod(std::string(number), &n) || !std::isfinite(n)) {
    return false;
  }
  double seconds = 0;
  if (unit == "ms") {
    seconds = 0.001;
  } else if (unit == "s") {
    seconds = 1;
  } else if (unit == "m") {
    seconds = 60;
  } else if (unit == "h") {
    seconds = 3600;
  } else if (unit == "d") {
    seconds = 86400;
  } else if (unit == "w") {
    seconds = 7 * 86400;
  } else {
    return false;
  }
  *out = absl::Seconds(n * seconds);
  return true;
}

// Tokenizes `segs`. Returns false (after reporting) on a lexical error.
bool Tokenize(const std::string& file, const std::vector<Segment>& segs,
              Diagnostics* diags, std::vector<Tok>* out) {
  for (const Segment& seg : segs) {
    std::string_view t = seg.text.substr(0, CommentStart(seg.text));
    size_t i = 0;
    while (i < t.size()) {
      char c = t[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      Tok tok;
      tok.line = seg.line;
      tok.col = seg.col + static_cast<int>(i);
      SourcePos pos{file, tok.line, tok.col};
      if (IsIdentStart(c)) {
        size_t j = i;
        while (j < t.size() && (IsIdentChar(t[j]) || t[j] == '.')) ++j;
        tok.kind = Tok::kIdent;
        tok.text = std::string(t.substr(i, j - i));
        i = j;
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '.' && i + 1 < t.size() &&
                  std::isdigit(static_cast<unsigned char>(t[i + 1])))) {
        size_t j = i;
        while (j < t.size() &&
               (std::isdigit(static_cast<unsigned char>(t[j])) || t[j] == '.')) {
          ++j;
        }
        std::string_view number = t.substr(i, j - i);
        size_t k = j;
        while (k < t.size() && std::isalpha(static_cast<unsigned char>(t[k]))) {
          ++k;
        }
        std::string_view unit = t.substr(j, k - j);
        tok.text = std::string(t.substr(i, k - i));
        if (!unit.empty()) {
          tok.kind = Tok::kDuration;
          if (!ParseDurationLiteral(number, unit, &tok.dur)) {
            diags->Error(pos, absl::StrCat("bad duration '", tok.text,
                                           "' (use e.g. 30s, 15m, 6h, 7d, 2w)"));
            return false;
          }
        } else {
          tok.kind = Tok::kNumber;
          if (!absl::SimpleAtod(std::string(number), &tok.num) ||
              !std::isfinite(tok.num)) {
            diags->Error(pos, absl::StrCat("bad number '", tok.text, "'"));
            return false;
          }
        }
        i = k;
      } else if (c == '"') {
        size_t j = i + 1;
        std::string value;
        bool closed = false;
        while (j < t.size()) {
          if (t[j] == '\\' && j + 1 < t.size()) {
            value.push_back(t[j + 1]);
            j += 2;
          } else if (t[j] == '"') {
            closed = true;
            ++j;
            break;
          } else {
            value.push_back(t[j++]);
          }
        }
        if (!closed) {
          diags->Error(pos, "unterminated string");
          return false;
        }
        tok.kind = Tok::kString;
        tok.text = std::move(value);
        i = j;
      } else {
        static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">=",
                                                    "&&", "||"};
        tok.kind = Tok::kPunct;
        tok.text = std::string(1, c);
        for (std::string_view two : kTwo) {
          if (t.substr(i, 2) == two) tok.text = std::string(two);
        }
        if (tok.text.size() == 1 &&
            std::string_view("(),:+-*/?<>!").find(c) == std::string_view::npos) {
          diags->Error(pos, absl::StrCat("unexpected character '", tok.text,
                                         "'"));
          return false;
        }
        i += tok.text.size();
      }
      out->push_back(std::move(tok));
    }
  }
  Tok end;
  end.kind = Tok::kEnd;
  if (!out->empty()) {
    end.line = out->back().line;
    end.col = out->back().col + static_cast<int>(out->back().text.size());
  } else if (!segs.empty()) {
    end.line = segs.back().line;
    end.col = segs.back().col;
  }
  out->push_back(end);
  return true;
}

std::string Describe(const Tok& t) {
  switch (t.kind) {
    case Tok::kEnd:
      return "end of clause";
    case Tok::kString:
      return absl::StrCat("\"", t.text, "\"");
    default:
      return absl::StrCat("'", t.text, "'");
  }
}

// A cursor over tokens with error reporting.
class Cursor {
 public:
  Cursor(std::string file, std::vector<Tok> toks, Diagnostics* diags)
      : file_(std::move(file)), toks_(std::move(toks)), diags_(diags) {}

  const Tok& Peek() const { return toks_[i_]; }
  const Tok& Next() {
    const Tok& t = toks_[i_];
    if (t.kind != Tok::kEnd) ++i_;
    return t;
  }
  bool IsPunct(std::string_view p) const {
    return Peek().kind == Tok::kPunct && Peek().text == p;
  }
  bool Accept(std::string_view p) {
    if (!IsPunct(p)) return false;
    Next();
    return true;
  }
  bool Expect(std::string_view p, std::string_view what) {
    if (Accept(p)) return true;
    Error(Peek(), absl::StrCat("expected '", std::string(p), "' ",
                               std::string(what), ", got ", Describe(Peek())));
    return false;
  }
  void Error(const Tok& at, std::string message) {
    diags_->Error(Pos(at), std::move(message));
  }
  SourcePos Pos(const Tok& t) const { return {file_, t.line, t.col}; }
  // A number, optionally negative.
  bool Number(std::string_view what, double* out) {
    bool negative = Accept("-");
    const Tok& t = Peek();
    if (t.kind != Tok::kNumber) {
      Error(t, absl::StrCat("bad number for ", std::string(what), ": ",
                            Describe(t)));
      return false;
    }
    *out = negative ? -t.num : t.num;
    Next();
    return true;
  }
  bool ExpectEnd() {
    if (Peek().kind == Tok::kEnd) return true;
    Error(Peek(), absl::StrCat("unexpected ", Describe(Peek())));
    return false;
  }

 private:
  std::string file_;
  std::vector<Tok> toks_;
  size_t i_ = 0;
  Diagnostics* diags_;
};

// ---------------------------------------------------------------------------
// Formulas.

enum class FType { kNumber, kDuration, kBool };

const char* TypeName(FType t) {
  switch (t) {
    case FType::kNumber:
      return "number";
    case FType::kDuration:
      return "duration";
    case FType::kBool:
      return "bool";
  }
  return "?";
}

enum class Var {
  kLikes, kBoosts, kReplies, kQuotes, kReactions, kDislikes, kPositive,
  kNegative, kCommunity, kAge
};

const std::vector<std::pair<std::string, Var>>& Vars() {
  static const auto* v = new std::vector<std::pair<std::string, Var>>{
      {"likes", Var::kLikes},         {"boosts", Var::kBoosts},
      {"replies", Var::kReplies},     {"quotes", Var::kQuotes},
      {"reactions", Var::kReactions}, {"dislikes", Var::kDislikes},
      {"positive", Var::kPositive},   {"negative", Var::kNegative},
      {"community_interactions", Var::kCommunity}, {"age", Var::kAge}};
  return *v;
}

struct FNode {
  enum Op {
    kConst, kVar, kNeg, kNot, kAdd, kSub, kMul, kDiv, kLt, kLe, kGt, kGe,
    kEq, kNe, kAnd, kOr, kCond, kExpDecay, kMin, kMax, kLog1p, kSqrt, kPow
  };
  Op op = kConst;
  FType type = FType::kNumber;
  double value = 0;  // constants; durations in seconds
  Var var = Var::kLikes;
  int a = -1, b = -1, c = -1;
  int height = 1;
};

struct Formula {
  std::vector<FNode> nodes;
  int root = -1;

  double Eval(int i, const RankInputs& in) const {
    const FNode& n = nodes[i];
    switch (n.op) {
      case FNode::kConst:
        return n.value;
      case FNode::kVar:
        switch (n.var) {
          case Var::kLikes: return in.likes;
          case Var::kBoosts: return in.boosts;
          case Var::kReplies: return in.replies;
          case Var::kQuotes: return in.quotes;
          case Var::kReactions: return in.reactions;
          case Var::kDislikes: return in.dislikes;
          case Var::kPositive: return in.positive;
          case Var::kNegative: return in.negative;
          case Var::kCommunity: return in.community_interactions;
          case Var::kAge: return absl::ToDoubleSeconds(in.now - in.published);
        }
        return 0;
      case FNode::kNeg: return -Eval(n.a, in);
      case FNode::kNot: return Eval(n.a, in) != 0 ? 0 : 1;
      case FNode::kAdd: return Eval(n.a, in) + Eval(n.b, in);
      case FNode::kSub: return Eval(n.a, in) - Eval(n.b, in);
      case FNode::kMul: return Eval(n.a, in) * Eval(n.b, in);
      case FNode::kDiv: {
        double d = Eval(n.b, in);
        return d == 0 ? 0 : Eval(n.a, in) / d;
      }
      case FNode::kLt: return Eval(n.a, in) < Eval(n.b, in);
      case FNode::kLe: return Eval(n.a, in) <= Eval(n.b, in);
      case FNode::kGt: return Eval(n.a, in) > Eval(n.b, in);
      case FNode::kGe: return Eval(n.a, in) >= Eval(n.b, in);
      case FNode::kEq: return Eval(n.a, in) == Eval(n.b, in);
      case FNode::kNe: return Eval(n.a, in) != Eval(n.b, in);
      case FNode::kAnd: return Eval(n.a, in) != 0 && Eval(n.b, in) != 0;
      case FNode::kOr: return Eval(n.a, in) != 0 || Eval(n.b, in) != 0;
      case FNode::kCond:
        return Eval(n.a, in) != 0 ? Eval(n.b, in) : Eval(n.c, in);
      case FNode::kExpDecay: {
        double half = Eval(n.b, in);
        if (half <= 0) return 0;
        return std::pow(0.5, std::max(0.0, Eval(n.a, in)) / half);
      }
      case FNode::kMin: return std::min(Eval(n.a, in), Eval(n.b, in));
      case FNode::kMax: return std::max(Eval(n.a, in), Eval(n.b, in));
      case FNode::kLog1p: return std::log1p(std::max(0.0, Eval(n.a, in)));
      case FNode::kSqrt: return std::sqrt(std::max(0.0, Eval(n.a, in)));
      case FNode::kPow: return std::pow(Eval(n.a, in), Eval(n.b, in));
    }
    return 0;
  }
};

class FormulaParser {
 public:
  FormulaParser(Cursor* cur, Formula* f) : cur_(cur), f_(f) {}

  // Parses a whole expression; -1 after an error (reported).
  int Parse() { return Cond(0); }

 private:
  int Add(FNode n) {
    // Bound the tree's height, so that evaluation recursion is bounded too
    // (`1 + 1 + ... + 1` nests to the left without any parentheses).
    for (int kid : {n.a, n.b, n.c}) {
      if (kid >= 0) n.height = std::max(n.height, f_->nodes[kid].height + 1);
    }
    if (n.height > kMaxFormulaDepth) {
      return Fail(cur_->Peek(), "formula nested too deeply");
    }
    f_->nodes.push_back(n);
    return static_cast<int>(f_->nodes.size()) - 1;
  }
  FType T(int i) const { return f_->nodes[i].type; }
  bool Deep(int depth) {
    // Each parenthesis costs about 8 levels of the recursive descent.
    if (depth <= 8 * kMaxFormulaDepth + 16) return false;
    if (!failed_) {
      cur_->Error(cur_->Peek(), "formula nested too deeply");
      failed_ = true;
    }
    return true;
  }
  int Fail(const Tok& at, std::string msg) {
    if (!failed_) cur_->Error(at, std::move(msg));
    failed_ = true;
    return -1;
  }

  int Cond(int depth) {
    if (Deep(depth)) return -1;
    int c = Or(depth + 1);
    if (c < 0 || !cur_->IsPunct("?")) return c;
    Tok q = cur_->Next();
    if (T(c) != FType::kBool) {
      return Fail(q, absl::StrCat("condition of '?' must be bool, not ",
                                  TypeName(T(c))));
    }
    int a = Cond(depth + 1);
    if (a < 0) return -1;
    if (!cur_->IsPunct(":")) {
      return Fail(cur_->Peek(), absl::StrCat("expected ':' in '? :', got ",
                                             Describe(cur_->Peek())));
    }
    Tok colon = cur_->Next();
    int b = Cond(depth + 1);
    if (b < 0) return -1;
    if (T(a) != T(b)) {
      return Fail(colon, absl::StrCat("branches of '? :' differ: ",
                                      TypeName(T(a)), " and ", TypeName(T(b))));
    }
    FNode n;
    n.op = FNode::kCond;
    n.type = T(a);
    n.a = c;
    n.b = a;
    n.c = b;
    return Add(n);
  }

  int Logical(int depth, std::string_view op, FNode::Op kind, int (FormulaParser::*sub)(int)) {
    if (Deep(depth)) return -1;
    int l = (this->*sub)(depth + 1);
    while (l >= 0 && cur_->IsPunct(op)) {
      Tok t = cur_->Next();
      int r = (this->*sub)(depth + 1);
      if (r < 0) return -1;
      if (T(l) != FType::kBool || T(r) != FType::kBool) {
        return Fail(t, absl::StrCat("'", std::string(op), "' needs bools, not ",
                                    TypeName(T(l)), " and ", TypeName(T(r))));
      }
      FNode n;
      n.op = kind;
      n.type = FType::kBool;
      n.a = l;
      n.b = r;
      l = Add(n);
    }
    return l;
  }
  int Or(int depth) { return Logical(depth, "||", FNode::kOr, &FormulaParser::And); }
  int And(int depth) { return Logical(depth, "&&", FNode::kAnd, &FormulaParser::Cmp); }

  int Cmp(int depth) {
    if (Deep(depth)) return -1;
    int l = Sum(depth + 1);
    static const std::pair<std::string_view, FNode::Op> kOps[] = {
        {"<", FNode::kLt}, {"<=", FNode::kLe}, {">", FNode::kGt},
        {">=", FNode::kGe}, {"==", FNode::kEq}, {"!=", FNode::kNe}};
    if (l < 0) return l;
    for (const auto& [text, op] : kOps) {
      if (!cur_->IsPunct(text)) continue;
      Tok t = cur_->Next();
      int r = Sum(depth + 1);
      if (r < 0) return -1;
      if (T(l) != T(r) || T(l) == FType::kBool) {
        return Fail(t, absl::StrCat("cannot compare ", TypeName(T(l)),
                                    " with ", TypeName(T(r))));
      }
      FNode n;
      n.op = op;
      n.type = FType::kBool;
      n.a = l;
      n.b = r;
      return Add(n);
    }
    return l;
  }

  int Sum(int depth) {
    if (Deep(depth)) return -1;
    int l = Product(depth + 1);
    while (l >= 0 && (cur_->IsPunct("+") || cur_->IsPunct("-"))) {
      Tok t = cur_->Next();
      int r = Product(depth + 1);
      if (r < 0) return -1;
      if (T(l) != T(r) || T(l) == FType::kBool) {
        return Fail(t, absl::StrCat("cannot apply '", t.text, "' to ",
                                    TypeName(T(l)), " and ", TypeName(T(r))));
      }
      FNode n;
      n.op = t.text == "+" ? FNode::kAdd : FNode::kSub;
      n.type = T(l);
      n.a = l;
      n.b = r;
      l = Add(n);
    }
    return l;
  }

  int Product(int depth) {
    if (Deep(depth)) return -1;
    int l = Unary(depth + 1);
    while (l >= 0 && (cur_->IsPunct("*") || cur_->IsPunct("/"))) {
      Tok t = cur_->Next();
      int r = Unary(depth + 1);
      if (r < 0) return -1;
      FType a = T(l), b = T(r), out = FType::kBool;
      bool mul = t.text == "*";
      if (a == FType::kNumber && b == FType::kNumber) {
        out = FType::kNumber;
      } else if (mul && ((a == FType::kNumber && b == FType::kDuration) ||
                         (a == FType::kDuration && b == FType::kNumber))) {
        out = FType::kDuration;
      } else if (!mul && a == FType::kDuration && b == FType::kNumber) {
        out = FType::kDuration;
      } else if (!mul && a == FType::kDuration && b == FType::kDuration) {
        out = FType::kNumber;
      } else {
        return Fail(t, absl::StrCat("cannot apply '", t.text, "' to ",
                                    TypeName(a), " and ", TypeName(b)));
      }
      FNode n;
      n.op = mul ? FNode::kMul : FNode::kDiv;
      n.type = out;
      n.a = l;
      n.b = r;
      l = Add(n);
    }
    return l;
  }

  int Unary(int depth) {
    if (Deep(depth)) return -1;
    if (cur_->IsPunct("-") || cur_->IsPunct("!")) {
      Tok t = cur_->Next();
      int a = Unary(depth + 1);
      if (a < 0) return -1;
      bool neg = t.text == "-";
      if (neg ? T(a) == FType::kBool : T(a) != FType::kBool) {
        return Fail(t, absl::StrCat("cannot apply '", t.text, "' to ",
                                    TypeName(T(a))));
      }
      FNode n;
      n.op = neg ? FNode::kNeg : FNode::kNot;
      n.type = T(a);
      n.a = a;
      return Add(n);
    }
    return Primary(depth + 1);
  }

  int Primary(int depth) {
    if (Deep(depth)) return -1;
    const Tok t = cur_->Peek();
    if (t.kind == Tok::kNumber || t.kind == Tok::kDuration) {
      cur_->Next();
      FNode n;
      n.op = FNode::kConst;
      n.type = t.kind == Tok::kNumber ? FType::kNumber : FType::kDuration;
      n.value = t.kind == Tok::kNumber ? t.num : absl::ToDoubleSeconds(t.dur);
      return Add(n);
    }
    if (cur_->Accept("(")) {
      int e = Cond(depth + 1);
      if (e < 0) return -1;
      if (!cur_->IsPunct(")")) {
        return Fail(cur_->Peek(), absl::StrCat("expected ')', got ",
                                               Describe(cur_->Peek())));
      }
      cur_->Next();
      return e;
    }
    if (t.kind != Tok::kIdent) {
      return Fail(t, absl::StrCat("expected a formula term, got ", Describe(t)));
    }
    cur_->Next();
    if (cur_->IsPunct("(")) return Call(t, depth);
    for (const auto& [name, var] : Vars()) {
      if (t.text == name) {
        FNode n;
        n.op = FNode::kVar;
        n.var = var;
        n.type = var == Var::kAge ? FType::kDuration : FType::kNumber;
        return Add(n);
      }
    }
    std::vector<std::string> names;
    for (const auto& [name, var] : Vars()) names.push_back(name);
    if (t.text.rfind("object.", 0) == 0 || t.text.rfind("actor.", 0) == 0) {
      return Fail(t, absl::StrCat("'", t.text,
                                  "' is not available in a formula (only "
                                  "engagement counts and age)"));
    }
    return Fail(t, absl::StrCat("unknown formula variable '", t.text, "'",
                                DidYouMean(t.text, names)));
  }

  int Call(const Tok& name, int depth) {
    struct Fn {
      const char* name;
      FNode::Op op;
      std::vector<FType> args;
    };
    static const auto* kFns = new std::vector<Fn>{
        {"exp_decay", FNode::kExpDecay, {FType::kDuration, FType::kDuration}},
        {"min", FNode::kMin, {FType::kNumber, FType::kNumber}},
        {"max", FNode::kMax, {FType::kNumber, FType::kNumber}},
        {"log1p", FNode::kLog1p, {FType::kNumber}},
        {"sqrt", FNode::kSqrt, {FType::kNumber}},
        {"pow", FNode::kPow, {FType::kNumber, FType::kNumber}},
    };
    const Fn* fn = nullptr;
    std::vector<std::string> names;
    for (const Fn& f : *kFns) {
      names.push_back(f.name);
      if (name.text == f.name) fn = &f;
    }
    if (fn == nullptr) {
      return Fail(name, absl::StrCat("unknown formula function '", name.text,
                                     "'", DidYouMean(name.text, names)));
    }
    cur_->Next();  // (
    std::vector<int> args;
    if (!cur_->IsPunct(")")) {
      while (true) {
        Tok at = cur_->Peek();
        int a = Cond(depth + 1);
        if (a < 0) return -1;
        size_t k = args.size();
        if (k < fn->args.size() && T(a) != fn->args[k]) {
          return Fail(at, absl::StrCat("argument ", k + 1, " of ", fn->name,
                                       " must be ", TypeName(fn->args[k]),
                                       ", not ", TypeName(T(a))));
        }
        args.push_back(a);
        if (!cur_->Accept(",")) break;
      }
    }
    if (!cur_->IsPunct(")")) {
      return Fail(cur_->Peek(), absl::StrCat("expected ')', got ",
                                             Describe(cur_->Peek())));
    }
    cur_->Next();
    if (args.size() != fn->args.size()) {
      return Fail(name, absl::StrCat(fn->name, " takes ", fn->args.size(),
                                     " argument(s), got ", args.size()));
    }
    FNode n;
    n.op = fn->op;
    n.type = FType::kNumber;
    n.a = args[0];
    if (args.size() > 1) n.b = args[1];
    return Add(n);
  }

  Cursor* cur_;
  Formula* f_;
  bool failed_ = false;
};

// ---------------------------------------------------------------------------
// Block structure.

struct Clause {
  std::string keyword;
  int line = 0;
  int col = 0;
  std::vector<Segment> body;
};

struct FeedBlock {
  std::string file;
  std::string id;
  std::string title;
  int line = 0;
  int col = 0;
  std::vector<Clause> clauses;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

size_t SkipSpace(std::string_view s, size_t i) {
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

std::string_view Word(std::string_view s, size_t i) {
  size_t j = i;
  while (j < s.size() && IsIdentChar(s[j])) ++j;
  return s.substr(i, j - i);
}

bool IsExpressionClause(const Clause& c) {
  return c.keyword == "include" || c.keyword == "exclude" ||
         c.keyword == "rank";
}

bool EndsWithComma(std::string_view text) {
  text = text.substr(0, CommentStart(text));
  while (!text.empty() && (IsSpace(text.back()) || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return !text.empty() && text.back() == ',';
}

void ParseFile(const rules::SourceFile& file, Diagnostics* diags,
               std::vector<FeedBlock>* out) {
  std::vector<std::string_view> lines;
  std::string_view content = file.content;
  size_t start = 0;
  while (start <= content.size()) {
    size_t nl = content.find('\n', start);
    if (nl == std::string_view::npos) nl = content.size();
    lines.push_back(content.substr(start, nl - start));
    start = nl + 1;
  }
  FeedBlock* feed = nullptr;
  for (size_t li = 0; li < lines.size(); ++li) {
    std::string_view raw = lines[li];
    std::string_view text = raw.substr(0, CommentStart(raw));
    int line = static_cast<int>(li) + 1;
    size_t i = SkipSpace(text, 0);
    if (i >= text.size()) continue;
    int col = static_cast<int>(i) + 1;
    if (feed == nullptr) {
      std::string_view w = Word(text, i);
      if (w != "feed") {
        diags->Error({file.path, line, col},
                     absl::StrCat("expected 'feed', got '",
                                  std::string(w.empty() ? text.substr(i, 1) : w),
                                  "'"));
        continue;
      }
      FeedBlock block;
      block.file = file.path;
      block.line = line;
      block.col = col;
      i = SkipSpace(text, i + 4);
      std::string_view id = Word(text, i);
      if (id.empty() || !IsIdentStart(id[0])) {
        diags->Error({file.path, line, static_cast<int>(i) + 1},
                     "expected a feed id after 'feed'");
        continue;
      }
      block.id = std::string(id);
      i = SkipSpace(text, i + id.size());
      if (i < text.size() && text[i] == '"') {
        size_t j = text.find('"', i + 1);
        if (j == std::string_view::npos) {
          diags->Error({file.path, line, static_cast<int>(i) + 1},
                       "unterminated string");
          continue;
        }
        block.title = std::string(text.substr(i + 1, j - i - 1));
        i = SkipSpace(text, j + 1);
      }
      if (i >= text.size() || text[i] != '{') {
        diags->Error({file.path, line, static_cast<int>(i) + 1},
                     absl::StrCat("expected '{' after feed '", block.id, "'"));
        continue;
      }
      i = SkipSpace(text, i + 1);
      if (i < text.size()) {
        diags->Error({file.path, line, static_cast<int>(i) + 1},
                     "clauses start on the line after '{'");
      }
      out->push_back(std::move(block));
      feed = &out->back();
      continue;
    }
    if (text[i] == '}') {
      size_t j = SkipSpace(text, i + 1);
      if (j < text.size()) {
        diags->Error({file.path, line, static_cast<int>(j) + 1},
                     "unexpected text after '}'");
      }
      feed = nullptr;
      continue;
    }
    std::string_view w = Word(text, i);
    if (IsClauseKeyword(w)) {
      Clause c;
      c.keyword = std::string(w);
      c.line = line;
      c.col = col;
      size_t body = i + w.size();
      c.body.push_back({line, static_cast<int>(body) + 1, raw.substr(body)});
      feed->clauses.push_back(std::move(c));
      continue;
    }
    // A continuation line: expression clauses continue on any line that does
    // not look like a (misspelt) clause; other clauses after a trailing ','.
    if (!feed->clauses.empty() &&
        rules::ClosestMatch(w, ClauseKeywords()).empty() &&
        (IsExpressionClause(feed->clauses.back()) ||
         EndsWithComma(feed->clauses.back().body.back().text))) {
      feed->clauses.back().body.push_back({line, 1, raw});
      continue;
    }
    diags->Error({file.path, line, col},
                 absl::StrCat("unknown clause '",
                              std::string(w.empty() ? text.substr(i, 1) : w),
                              "'", DidYouMean(w, ClauseKeywords())));
  }
  if (feed != nullptr) {
    diags->Error({file.path, feed->line, feed->col},
                 absl::StrCat("missing '}' for feed '", feed->id, "'"));
  }
}

// ---------------------------------------------------------------------------
// Clauses.

void CompileRank(Cursor& cur, FeedDefinition* def) {
  const Tok name = cur.Next();
  if (name.kind != Tok::kIdent) {
    cur.Error(name, absl::StrCat("expected an algorithm name, got ",
                                 Describe(name)));
    return;
  }
  if (name.text == "formula") {
    if (!cur.Expect("(", "after 'formula'")) return;
    auto formula = std::make_shared<Formula>();
    FormulaParser parser(&cur, formula.get());
    int root = parser.Parse();
    if (root < 0) return;
    if (formula->nodes[root].type != FType::kNumber) {
      cur.Error(name, absl::StrCat("a formula must be a number, not ",
                                   TypeName(formula->nodes[root].type)));
      return;
    }
    if (!cur.Expect(")", "to close 'formula('") || !cur.ExpectEnd()) return;
    formula->root = root;
    def->algorithm = {"formula", {}};
    def->ranker = MakeCustomAlgorithm(
        "formula", /*time_invariant=*/false,
        [formula](const RankInputs& in) {
          Explanation e;
          e.score = formula->Eval(formula->root, in);
          e.components.push_back({"formula", e.score});
          return e;
        });
    return;
  }
  const auto& known = AlgorithmParams();
  auto it = known.find(name.text);
  if (it == known.end()) {
    std::vector<std::string> names = {"formula"};
    for (const auto& [n, p] : known) names.push_back(n);
    cur.Error(name, absl::StrCat("unknown algorithm '", name.text, "'",
                                 DidYouMean(name.text, names)));
    return;
  }
  AlgorithmSpec spec{name.text, {}};
  if (cur.Accept("(") && !cur.Accept(")")) {
    while (true) {
      const Tok key = cur.Next();
      if (key.kind != Tok::kIdent) {
        cur.Error(key, absl::StrCat("expected a parameter name, got ",
                                    Describe(key)));
        return;
      }
      bool valid = false;
      for (const auto& p : it->second) valid = valid || p == key.text;
      if (!valid) {
        cur.Error(key, absl::StrCat("unknown parameter '", key.text, "' of ",
                                    name.text,
                                    DidYouMean(key.text, it->second)));
        return;
      }
      if (spec.params.count(key.text) > 0) {
        cur.Error(key, absl::StrCat("duplicate parameter '", key.text, "'"));
        return;
      }
      if (!cur.Expect(":", "after the parameter name")) return;
      const Tok at = cur.Peek();
      double value = 0;
      if (!cur.Number(key.text, &value)) return;
      absl::StatusOr<std::unique_ptr<const RankingAlgorithm>> one =
          MakeAlgorithm({name.text, {{key.text, value}}});
      if (!one.ok()) {
        cur.Error(at, std::string(one.status().message()));
        return;
      }
      spec.params[key.text] = value;
      if (cur.Accept(")")) break;
      if (!cur.Expect(",", "between parameters")) return;
    }
  }
  if (!cur.ExpectEnd()) return;
  absl::StatusOr<std::unique_ptr<const RankingAlgorithm>> all =
      MakeAlgorithm(spec);
  if (!all.ok()) {
    cur.Error(name, std::string(all.status().message()));
    return;
  }
  def->algorithm = std::move(spec);
  def->ranker = *std::move(all);
}

void CompileWindow(Cursor& cur, FeedDefinition* def) {
  const Tok t = cur.Next();
  if (t.kind != Tok::kDuration || t.dur <= absl::ZeroDuration()) {
    cur.Error(t, absl::StrCat("bad duration ", Describe(t),
                              " for window (use e.g. 36h, 7d)"));
    return;
  }
  if (!cur.ExpectEnd()) return;
  def->window = t.dur;
}

void CompileDiversity(Cursor& cur, FeedDefinition* def) {
  const Tok key = cur.Next();
  if (key.kind != Tok::kIdent || key.text != "max_per_author") {
    cur.Error(key, absl::StrCat("bad diversity: expected 'max_per_author: N "
                                "per M', got ",
                                Describe(key)));
    return;
  }
  if (!cur.Expect(":", "after max_per_author")) return;
  auto integer = [&](const char* what, int min, int* out) {
    const Tok t = cur.Next();
    if (t.kind != Tok::kNumber || t.num != std::floor(t.num) || t.num < min ||
        t.num > 1000000) {
      cur.Error(t, absl::StrCat("bad diversity: ", what, " must be an integer >= ",
                                min, ", got ", Describe(t)));
      return false;
    }
    *out = static_cast<int>(t.num);
    return true;
  };
  DiversityLimit d;
  if (!integer("max_per_author", 0, &d.max_per_author)) return;
  if (!cur.Peek().text.empty() && cur.Peek().kind == Tok::kIdent &&
      cur.Peek().text == "per") {
    cur.Next();
    if (!integer("per", 1, &d.per)) return;
  }
  if (!cur.ExpectEnd()) return;
  def->diversity = d;
}

void CompileWeights(Cursor& cur, FeedDefinition* def) {
  static const auto* kKeys = new std::vector<std::string>{
      "like", "boost", "reply", "quote", "reaction", "dislike",
      "per_host_cap", "cap_floor", "host_weight"};
  EngagementWeights w;
  std::set<std::string> seen;
  while (true) {
    const Tok key = cur.Next();
    bool known = false;
    for (const auto& k : *kKeys) known = known || (key.kind == Tok::kIdent && k == key.text);
    if (!known) {
      cur.Error(key, absl::StrCat("bad weights key ", Describe(key),
                                  key.kind == Tok::kIdent
                                      ? DidYouMean(key.text, *kKeys)
                                      : std::string()));
      return;
    }
    std::string name = key.text;
    std::string host;
    if (name == "host_weight") {
      if (!cur.Expect("(", "after host_weight")) return;
      const Tok h = cur.Next();
      if (h.kind != Tok::kString || h.text.empty()) {
        cur.Error(h, "host_weight needs a host name in quotes");
        return;
      }
      host = h.text;
      for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!cur.Expect(")", "after the host name")) return;
      name = absl::StrCat("host_weight(", host, ")");
    }
    if (!seen.insert(name).second) {
      cur.Error(key, absl::StrCat("duplicate weights key '", name, "'"));
      return;
    }
    if (!cur.Expect(":", "after the weights key")) return;
    const Tok at = cur.Peek();
    double v = 0;
    if (!cur.Number(name, &v)) return;
    if (key.text == "per_host_cap" && !(v > 0 && v <= 1)) {
      cur.Error(at, "per_host_cap must be in (0, 1]");
      return;
    }
    if (key.text != "dislike" && v < 0) {
      cur.Error(at, absl::StrCat(name, " must be >= 0"));
      return;
    }
    if (key.text == "like") w.like = v;
    if (key.text == "boost") w.boost = v;
    if (key.text == "reply") w.reply = v;
    if (key.text == "quote") w.quote = v;
    if (key.text == "reaction") w.reaction = v;
    if (key.text == "dislike") w.dislike = v;
    if (key.text == "per_host_cap") w.per_host_cap = v;
    if (key.text == "cap_floor") w.cap_floor = v;
    if (key.text == "host_weight") w.host_weights[host] = v;
    if (cur.Peek().kind == Tok::kEnd) break;
    if (!cur.Expect(",", "between weights")) return;
  }
  def->weights = std::move(w);
}

// The synthetic rule file: one rule per include/exclude expression.
struct Synthetic {
  std::string text;
  // Synthetic line (1-based) -> position of its text in a feed file; line 0
  // for lines that are not expression text.
  std::vector<SourcePos> line_map{SourcePos{}};
  // Fallback position per rule (the clause keyword), by rule line range.
  struct Range {
    int first = 0;
    int last = 0;
    SourcePos clause;
  };
  std::vector<Range> ranges;

  void AddLine(std::string line, SourcePos origin) {
    absl::StrAppend(&text, line, "\n");
    line_map.push_back(std::move(origin));
  }
  int next_line() const { return static_cast<int>(line_map.size()); }

  SourcePos Map(const SourcePos& p) const {
    if (p.file == kSyntheticPath && p.line > 0 &&
        p.line < static_cast<int>(line_map.size()) &&
        line_map[p.line].line > 0) {
      return {line_map[p.line].file, line_map[p.line].line, p.col};
    }
    for (const Range& r : ranges) {
      if (p.file == kSyntheticPath && p.line >= r.first && p.line <= r.last) {
        return r.clause;
      }
    }
    return ranges.empty() ? p : ranges.front().clause;
  }
};

// Rejects words that would end the synthetic rule's `when` (an expression
// must not add actions or rules of its own): `then`, `when`, `{`, `}`
// outside strings and comments.
bool CheckExpressionText(const std::string& file, const Clause& c,
                         Diagnostics* diags) {
  for (const Segment& seg : c.body) {
    std::string_view t = seg.text.substr(0, CommentStart(seg.text));
    for (size_t i = 0; i < t.size();) {
      char ch = t[i];
      if (ch == '"') {
        size_t j = i + 1;
        while (j < t.size() && t[j] != '"') j += t[j] == '\\' ? 2 : 1;
        i = j + 1;
        continue;
      }
      SourcePos pos{file, seg.line, seg.col + static_cast<int>(i)};
      if (ch == '{' || ch == '}') {
        diags->Error(pos, absl::StrCat("unexpected '", std::string(1, ch),
                                       "' in '", c.keyword, "' expression"));
        return false;
      }
      if (IsIdentStart(ch)) {
        std::string_view w = Word(t, i);
        if (w == "then" || w == "when") {
          diags->Error(pos, absl::StrCat("unexpected '", std::string(w),
                                         "' in '", c.keyword,
                                         "' expression"));
          return false;
        }
        i += w.size();
        while (i < t.size() && (IsIdentChar(t[i]) || t[i] == '.')) ++i;
        continue;
      }
      ++i;
    }
  }
  return true;
}

std::string Label(const std::string& id, const std::string& kind) {
  return absl::StrCat("__feed:", id, ":", kind);
}

}  // namespace

absl::StatusOr<FeedConfigResult> CompileFeedConfig(
    const std::vector<rules::SourceFile>& files) {
  FeedConfigResult result;
  Diagnostics& diags = result.diagnostics;
  std::map<std::string, std::string_view> sources;
  std::vector<FeedBlock> blocks;
  for (const rules::SourceFile& f : files) {
    const std::string& p = f.path;
    if (p.size() < 6 || p.compare(p.size() - 6, 6, ".feeds") != 0) continue;
    sources[p] = f.content;
    ParseFile(f, &diags, &blocks);
  }

  std::map<std::string, SourcePos> ids;
  std::vector<FeedDefinition> defs;
  Synthetic synth;
  // Per feed: whether it has include / exclude expressions.
  std::vector<std::pair<bool, bool>> has_expr;
  for (const FeedBlock& b : blocks) {
    FeedDefinition def;
    def.id = b.id;
    def.title = b.title;
    auto [it, fresh] = ids.emplace(b.id, SourcePos{b.file, b.line, b.col});
    if (!fresh) {
      diags.Error({b.file, b.line, b.col},
                  absl::StrCat("duplicate feed id '", b.id, "' (first at ",
                               it->second.file, ":", it->second.line, ")"));
    }
    std::set<std::string> seen;
    std::pair<bool, bool> expr{false, false};
    for (const Clause& c : b.clauses) {
      SourcePos cpos{b.file, c.line, c.col};
      if (!seen.insert(c.keyword).second) {
        diags.Error(cpos, absl::StrCat("duplicate '", c.keyword,
                                       "' clause in feed '", b.id, "'"));
        continue;
      }
      if (c.keyword == "include" || c.keyword == "exclude") {
        bool any = false;
        for (const Segment& s : c.body) {
          std::string_view t = s.text.substr(0, CommentStart(s.text));
          any = any || SkipSpace(t, 0) < t.size();
        }
        if (!any) {
          diags.Error(cpos, absl::StrCat("expected an expression after '",
                                         c.keyword, "'"));
          continue;
        }
        if (!CheckExpressionText(b.file, c, &diags)) continue;
        Synthetic::Range range;
        range.first = synth.next_line();
        range.clause = cpos;
        synth.AddLine(absl::StrCat("rule __feed_", b.id, "_", c.keyword, " {"),
                      {});
        synth.AddLine("  when", {});
        for (const Segment& s : c.body) {
          synth.AddLine(absl::StrCat(std::string(s.col - 1, ' '),
                                     std::string(s.text)),
                        {b.file, s.line, 0});
        }
        synth.AddLine(absl::StrCat("  then label(\"", Label(b.id, c.keyword),
                                   "\")"),
                      {});
        synth.AddLine("}", {});
        range.last = synth.next_line() - 1;
        synth.ranges.push_back(range);
        (c.keyword == "include" ? expr.first : expr.second) = true;
        continue;
      }
      std::vector<Tok> toks;
      if (!Tokenize(b.file, c.body, &diags, &toks)) continue;
      Cursor cur(b.file, std::move(toks), &diags);
      if (cur.Peek().kind == Tok::kEnd) {
        diags.Error(cpos, absl::StrCat("'", c.keyword, "' needs a value"));
        continue;
      }
      if (c.keyword == "rank") CompileRank(cur, &def);
      if (c.keyword == "window") CompileWindow(cur, &def);
      if (c.keyword == "diversity") CompileDiversity(cur, &def);
      if (c.keyword == "weights") CompileWeights(cur, &def);
    }
    defs.push_back(std::move(def));
    has_expr.push_back(expr);
  }

  std::shared_ptr<const rules::CompiledRuleSet> set;
  if (!synth.ranges.empty()) {
    rules::CompileOptions options;
    options.run_embedded_tests = false;
    absl::StatusOr<rules::CompileResult> compiled =
        rules::CompileRuleSet({{kSyntheticPath, synth.text}}, options);
    if (!compiled.ok()) return compiled.status();
    for (const rules::Diagnostic& d : compiled->diagnostics.items()) {
      SourcePos pos = synth.Map(d.pos);
      if (d.severity == rules::Severity::kError) {
        diags.Error(std::move(pos), d.message);
      } else {
        diags.Warning(std::move(pos), d.message);
      }
    }
    set = compiled->rule_set;
    if (set != nullptr && set->rules().size() != synth.ranges.size()) {
      diags.Error(synth.ranges.front().clause,
                  "feed expressions must not define rules of their own");
    }
    if (set == nullptr && !diags.has_errors()) {
      diags.Error({}, "feed expressions did not compile");
    }
  }

  // In source order (parsing, clauses and the rule checker report in turn).
  std::vector<rules::Diagnostic> sorted = diags.items();
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const rules::Diagnostic& a, const rules::Diagnostic& b) {
                     return std::tie(a.pos.file, a.pos.line, a.pos.col) <
                            std::tie(b.pos.file, b.pos.line, b.pos.col);
                   });
  diags = Diagnostics();
  for (rules::Diagnostic& d : sorted) {
    if (d.severity == rules::Severity::kError) {
      diags.Error(std::move(d.pos), std::move(d.message));
    } else {
      diags.Warning(std::move(d.pos), std::move(d.message));
    }
  }
  result.rendered_diagnostics = rules::FormatDiagnostics(diags, sources);
  if (diags.has_errors()) return result;
  for (size_t i = 0; i < defs.size(); ++i) {
    FeedDefinition& def = defs[i];
    auto predicate = [&set](std::string label) -> ActivityPredicate {
      return [set, label = std::move(label)](const v1::NormalizedActivity& a) {
        // Every feed's include/exclude is a rule of the same compiled set:
        // evaluate it once per activity (per thread) and answer each feed's
        // predicate from the labels of that one decision.
        // The memo is keyed by the set and the activity's serialised bytes
        // (hashing them costs far less than an evaluation).
        struct Memo {
          const rules::CompiledRuleSet* set = nullptr;
          std::string bytes;
          std::vector<std::string> labels;
        };
        thread_local Memo memo;
        thread_local std::string bytes;
        bytes.clear();
        a.SerializeToString(&bytes);
        if (memo.set != set.get() || memo.bytes != bytes) {
          v1::Decision d = set->Evaluate(a, absl::Now());
          memo.set = set.get();
          memo.bytes = bytes;
          memo.labels.assign(d.labels().begin(), d.labels().end());
        }
        return std::find(memo.labels.begin(), memo.labels.end(), label) != memo.labels.end();
      };
    };
    if (has_expr[i].first) def.include = predicate(Label(def.id, "include"));
    if (has_expr[i].second) def.exclude = predicate(Label(def.id, "exclude"));
  }
  result.feeds = std::move(defs);
  return result;
}

}  // namespace harrier::ranking
