// Copyright 2026 The Harrier Authors.
//
// feed_tokens.h: the tokens of a `.feeds` clause body and a cursor over them
// with error reporting at file:line:col. Internal to feed_config.cc and
// feed_formula.cc.
#ifndef HARRIER_ENGINE_RANKING_FEED_TOKENS_H_
#define HARRIER_ENGINE_RANKING_FEED_TOKENS_H_

#include <cctype>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/ranking/algorithms.h"
#include "rules/common/diagnostics.h"

namespace harrier::ranking::feed_internal {

using rules::Diagnostics;
using rules::SourcePos;

// " (did you mean 'x'?)" for the closest candidate, or "".
inline std::string DidYouMean(std::string_view name,
                       const std::vector<std::string>& candidates) {
  std::string best = rules::ClosestMatch(name, candidates);
  if (best.empty()) return "";
  return absl::StrCat(" (did you mean '", best, "'?)");
}

inline bool IsIdentStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
inline bool IsIdentChar(char c) {
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
inline size_t CommentStart(std::string_view text) {
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

inline bool ParseDurationLiteral(std::string_view number, std::string_view unit,
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
inline bool Tokenize(const std::string& file, const std::vector<Segment>& segs,
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

inline std::string Describe(const Tok& t) {
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


}  // namespace harrier::ranking::feed_internal

#endif  // HARRIER_ENGINE_RANKING_FEED_TOKENS_H_
