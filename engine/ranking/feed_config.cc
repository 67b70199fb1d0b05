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
#include "engine/ranking/feed_formula.h"
#include "engine/ranking/feed_tokens.h"

namespace harrier::ranking {
namespace {

using rules::Diagnostics;
using rules::SourcePos;
using feed_internal::CommentStart;
using feed_internal::CompileFormula;
using feed_internal::Cursor;
using feed_internal::Describe;
using feed_internal::DidYouMean;
using feed_internal::IsIdentChar;
using feed_internal::IsIdentStart;
using feed_internal::Segment;
using feed_internal::Tok;
using feed_internal::Tokenize;
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
    CompileFormula(cur, name, def);
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
  // Every feed's include/exclude is a rule of the same compiled set, which
  // labels the activity: one evaluation answers every feed
  // (FeedSet::Matching).
  std::shared_ptr<const LabelFunction> labels;
  if (set != nullptr) {
    labels = std::make_shared<const LabelFunction>([set](const v1::NormalizedActivity& a) {
      v1::Decision d = set->Evaluate(a, absl::Now());
      return std::vector<std::string>(d.labels().begin(), d.labels().end());
    });
  }
  for (size_t i = 0; i < defs.size(); ++i) {
    FeedDefinition& def = defs[i];
    if (!has_expr[i].first && !has_expr[i].second) continue;
    def.labels = labels;
    if (has_expr[i].first) def.include_label = Label(def.id, "include");
    if (has_expr[i].second) def.exclude_label = Label(def.id, "exclude");
  }
  result.feeds = std::move(defs);
  return result;
}

}  // namespace harrier::ranking
