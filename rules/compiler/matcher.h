// Copyright 2026 The Harrier Authors.
//
// matcher.h: one multi-pattern database per (text field, text mode).
//
// Every keyword and regex that any rule applies to a text field compiles
// into ONE Hyperscan database, scanned once per activity over the field's
// normalised text (rules/text). Rules then read the MatchSet: which pattern
// ids matched, the first span of each, and for whole-word patterns the first
// span that starts and ends on UAX #29 word boundaries.
//
// Flags: regexes take HS_FLAG_CASELESS | HS_FLAG_UTF8 |
// HS_FLAG_SOM_LEFTMOST (start of match, for spans and whole-word checks).
// Literals are matched byte for byte: keywords and text are case-folded by
// the same normalisation, and complete UTF-8 sequences can only match on
// character boundaries of valid UTF-8, so neither CASELESS nor UTF8 is needed
// (dropping them makes 10,000 keywords compile about four times faster).
// Literals need no SOM either (their start is end - length) and, unless
// whole-word, take HS_FLAG_SINGLEMATCH (Hyperscan forbids it with SOM). The
// naive path mirrors this (case-sensitive RE2 for literals). A regex that Hyperscan cannot compile with SOM is compiled
// without it (its span then starts where it ends); one that it cannot
// compile at all is reported. Hyperscan, like RE2, never backtracks: scan
// time is linear in the text.
//
// A naive engine (one RE2 per pattern, run one after the other) fills the
// same MatchSet; it exists for differential tests and as the benchmark
// baseline.
//
// Thread safety: a built PatternDatabase is immutable and shareable. Scans
// need a per-thread hs_scratch_t (CloneScratch) and a per-thread MatchSet.
#ifndef HARRIER_RULES_COMPILER_MATCHER_H_
#define HARRIER_RULES_COMPILER_MATCHER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "re2/re2.h"

struct hs_database;
struct hs_scratch;

namespace harrier::rules {

struct MatchSpan {
  uint32_t start = 0;
  uint32_t end = 0;
};

// Matches of one scan. Reset() is O(1) (generation stamps), so one MatchSet
// is reused across activities.
class MatchSet {
 public:
  void Reset(size_t pattern_count);
  bool matched(int id) const { return stamp_[id] == gen_; }
  bool matched_word(int id) const { return word_stamp_[id] == gen_; }
  MatchSpan span(int id) const { return span_[id]; }
  MatchSpan word_span(int id) const { return word_span_[id]; }
  // Ids that matched at least once (not necessarily as whole words).
  const std::vector<int>& matched_ids() const { return ids_; }

  void Record(int id, MatchSpan span, bool whole_word);

 private:
  uint32_t gen_ = 0;
  std::vector<uint32_t> stamp_, word_stamp_;
  std::vector<MatchSpan> span_, word_span_;
  std::vector<int> ids_;
};

// A pattern to compile: an expression in the common subset of RE2 and
// Hyperscan syntax.
struct PatternSpec {
  std::string expression;
  // Only whole-word matches count.
  bool word = false;
  // For an escaped literal: its length in bytes (its span is then
  // [end - length, end), no SOM needed). 0 for a regex.
  size_t literal_length = 0;
};

// "free eth" -> "free\x20eth": a literal as an expression valid for both
// engines.
std::string EscapeLiteral(std::string_view literal);

class PatternDatabase {
 public:
  ~PatternDatabase();
  PatternDatabase(const PatternDatabase&) = delete;
  PatternDatabase& operator=(const PatternDatabase&) = delete;

  // Compiles `specs`. Patterns the engine rejects are left out and listed
  // in `rejected` as (index, engine message). Non-OK status only if the
  // engine fails as a whole (e.g. out of memory).
  static absl::StatusOr<std::unique_ptr<PatternDatabase>> Build(
      const std::vector<PatternSpec>& specs,
      std::vector<std::pair<int, std::string>>* rejected);

  size_t size() const { return specs_.size(); }

  // A scratch space for this database; the caller frees it with
  // FreeScratch. Returns nullptr on allocation failure.
  hs_scratch* AllocScratch() const;
  static void FreeScratch(hs_scratch* scratch);

  // Scans `text` with Hyperscan. `matches` must have been Reset(size()).
  void Scan(std::string_view text, hs_scratch* scratch,
            MatchSet* matches) const;
  // The same with one RE2 per pattern.
  void ScanNaive(std::string_view text, MatchSet* matches) const;

 private:
  PatternDatabase() = default;
  std::vector<PatternSpec> specs_;
  std::vector<bool> has_som_;
  // Built on first ScanNaive (compiling 10k RE2s costs compile time the
  // Hyperscan path does not need).
  mutable std::once_flag naive_once_;
  mutable std::vector<std::unique_ptr<RE2>> naive_;
  hs_database* db_ = nullptr;
};

}  // namespace harrier::rules

#endif  // HARRIER_RULES_COMPILER_MATCHER_H_
