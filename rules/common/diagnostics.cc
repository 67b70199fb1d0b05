// Copyright 2026 The Harrier Authors.
#include "rules/common/diagnostics.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace harrier::rules {

std::string Diagnostic::ToString() const {
  const char* kind = severity == Severity::kError ? "error" : "warning";
  if (pos.line == 0) return absl::StrCat(pos.file, ": ", kind, ": ", message);
  return absl::StrCat(pos.file, ":", pos.line, ":", pos.col, ": ", kind, ": ",
                      message);
}

void Diagnostics::Error(SourcePos pos, std::string message) {
  items_.push_back({std::move(pos), Severity::kError, std::move(message)});
  ++errors_;
}

void Diagnostics::Warning(SourcePos pos, std::string message) {
  items_.push_back({std::move(pos), Severity::kWarning, std::move(message)});
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const Diagnostic& d : other.items_) {
    items_.push_back(d);
    if (d.severity == Severity::kError) ++errors_;
  }
}

namespace {
std::string_view LineOf(std::string_view text, int line) {
  int current = 1;
  size_t start = 0;
  while (current < line) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
    ++current;
  }
  size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  return text.substr(start, end - start);
}
}  // namespace

std::string FormatDiagnostics(
    const Diagnostics& diags,
    const std::map<std::string, std::string_view>& sources) {
  std::string out;
  for (const Diagnostic& d : diags.items()) {
    absl::StrAppend(&out, d.ToString(), "\n");
    auto it = sources.find(d.pos.file);
    if (it == sources.end() || d.pos.line <= 0) continue;
    std::string_view line = LineOf(it->second, d.pos.line);
    absl::StrAppend(&out, "  ", std::string(line), "\n  ");
    for (int i = 1; i < d.pos.col && i <= static_cast<int>(line.size()); ++i) {
      out.push_back(line[i - 1] == '\t' ? '\t' : ' ');
    }
    out += "^\n";
  }
  return out;
}

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string ClosestMatch(std::string_view name,
                         const std::vector<std::string>& candidates) {
  int limit = std::max<int>(2, static_cast<int>(name.size()) / 3);
  std::string best;
  int best_distance = limit + 1;
  for (const std::string& c : candidates) {
    int d = EditDistance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace harrier::rules
