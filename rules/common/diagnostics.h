// Copyright 2026 The Harrier Authors.
//
// diagnostics.h: positions in rule sources and the user-facing diagnostics
// every stage of the rule pipeline reports.
//
// A Diagnostic is a value: stages append them to a Diagnostics list and keep
// going where they can, so `harrier check` shows every mistake at once. A
// non-OK absl::Status from a stage means the machinery failed, never that the
// user wrote something wrong.
//
//   Diagnostics diags;
//   diags.Error({"a.rules", 3, 7}, "unknown field 'actor.hots'");
//   std::cerr << FormatDiagnostics(diags, sources);
//   // a.rules:3:7: error: unknown field 'actor.hots'
//   //   when actor.hots == "x"
//   //        ^
//
// Thread safety: plain values; no shared state.
#ifndef HARRIER_RULES_COMMON_DIAGNOSTICS_H_
#define HARRIER_RULES_COMMON_DIAGNOSTICS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace harrier::rules {

// A position in a source file. Lines and columns count from 1; columns count
// bytes. A zero line means "the whole file".
struct SourcePos {
  std::string file;
  int line = 0;
  int col = 0;
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  SourcePos pos;
  Severity severity = Severity::kError;
  std::string message;

  // "file:line:col: error: message" (no source excerpt).
  std::string ToString() const;
};

class Diagnostics {
 public:
  void Error(SourcePos pos, std::string message);
  void Warning(SourcePos pos, std::string message);
  void Append(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
  int errors_ = 0;
};

// Renders diagnostics as "file:line:col: error: message", followed by the
// source line and a caret under the column when `sources` (path -> content)
// holds the file.
std::string FormatDiagnostics(
    const Diagnostics& diags,
    const std::map<std::string, std::string_view>& sources);

// Levenshtein distance, for "did you mean" suggestions.
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `name` within distance max(2, |name|/3), or "".
std::string ClosestMatch(std::string_view name,
                         const std::vector<std::string>& candidates);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_COMMON_DIAGNOSTICS_H_
