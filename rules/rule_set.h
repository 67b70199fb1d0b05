// Copyright 2026 The Harrier Authors.
//
// rule_set.h: the public face of Harrier's rule language.
//
//   std::vector<SourceFile> files = {{"mod.rules", text},
//                                    {"lists/spam.txt", list_text}};
//   absl::StatusOr<CompileResult> result = CompileRuleSet(files, {});
//   if (!result.ok()) ...                       // machinery failure
//   if (result->rule_set == nullptr) {          // the user's mistakes
//     std::cerr << result->rendered_diagnostics;
//   }
//   v1::Decision d = result->rule_set->Evaluate(activity, absl::Now());
//
// Files: every SourceFile whose path ends in ".rules" is rule source; every
// other file is data (list files, blocklists, test activity JSON) that rule
// files name by a path relative to their own directory. Nothing is read
// from disk, so the server can compile rule sets received over the network;
// LoadSourceFiles() gathers a rule file and what it names from disk for the
// CLI.
//
// The canonical formatter (`harrier fmt`) is rules/format/format.h:
// Format(path, source, diags), idempotent.
//
// The pipeline: rules/lexer -> rules/parser -> rules/checker ->
// rules/compiler -> rules/eval. Each stage reports the user's mistakes as
// Diagnostics (file:line:col); a non-OK Status means the machinery failed.
// With CompileOptions::run_embedded_tests (the default) a rule set whose
// embedded tests fail is not loaded either: each failure is a diagnostic.
//
// Thread safety: a CompiledRuleSet is immutable; Evaluate() may be called
// from any number of threads at once (scratch space comes from an internal
// pool).
#ifndef HARRIER_RULES_RULE_SET_H_
#define HARRIER_RULES_RULE_SET_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "harrier/v1/activity.pb.h"
#include "harrier/v1/decision.pb.h"
#include "rules/common/diagnostics.h"

namespace harrier::rules {

struct Program;
class EvalScratch;

struct SourceFile {
  std::string path;
  std::string content;
};

struct CompileOptions {
  // Stamped on every Decision and Explanation.
  int64_t version = 0;
  size_t max_file_bytes = 4 << 20;
  size_t max_rules = 10000;
  size_t max_list_entries = 1000000;
  size_t max_patterns = 200000;
  int max_expression_depth = 64;
  // Run the embedded tests; failures are diagnostics and nothing loads.
  bool run_embedded_tests = true;
  // `now` for embedded tests that set none (default: absl::Now()).
  std::optional<absl::Time> test_now;
};

struct RuleInfo {
  std::string id;
  std::string file;
  int line = 0;
  v1::RuleMode mode = v1::ENFORCE;
  std::vector<std::string> tags;
  // FNV-1a of the rule's source with whitespace collapsed: equal hashes mean
  // an unchanged rule (to diff versions: added / removed / changed).
  uint64_t source_hash = 0;
  // When the rule stops matching (`expires`), if it has an expiry.
  std::optional<absl::Time> expires;
};

struct TestResult {
  std::string rule_id;
  std::string name;
  std::string file;
  int line = 0;
  bool passed = false;
  // Why it failed ("expected [reject], got [accept]"), empty if passed.
  std::string message;
};

class CompiledRuleSet;

struct CompileResult {
  Diagnostics diagnostics;
  // "file:line:col: error: ..." with source lines and carets.
  std::string rendered_diagnostics;
  // Null when diagnostics has errors.
  std::shared_ptr<const CompiledRuleSet> rule_set;
};

absl::StatusOr<CompileResult> CompileRuleSet(
    const std::vector<SourceFile>& files, const CompileOptions& options);

class CompiledRuleSet {
 public:
  ~CompiledRuleSet();

  // The decision for one activity at time `now`.
  v1::Decision Evaluate(const v1::NormalizedActivity& activity,
                        absl::Time now) const;
  // Same, matching with one RE2 per pattern (differential tests, bench).
  v1::Decision EvaluateNaiveForTest(const v1::NormalizedActivity& activity,
                                    absl::Time now) const;

  // Rule ids (imported blocklists included) in evaluation order.
  std::vector<std::string> rule_ids() const;
  const std::vector<RuleInfo>& rules() const { return rules_; }
  size_t pattern_count() const;

  // Runs every `test` block. `now` applies to tests without `now:`.
  std::vector<TestResult> RunEmbeddedTests(absl::Time now) const;

 private:
  friend absl::StatusOr<CompileResult> CompileRuleSet(
      const std::vector<SourceFile>&, const CompileOptions&);
  struct TestCase;
  CompiledRuleSet();

  std::unique_ptr<EvalScratch> Acquire() const;
  void Release(std::unique_ptr<EvalScratch> scratch) const;

  std::unique_ptr<Program> program_;
  std::vector<RuleInfo> rules_;
  std::vector<TestCase> tests_;
  mutable absl::Mutex mu_;
  mutable std::vector<std::unique_ptr<EvalScratch>> pool_ ABSL_GUARDED_BY(mu_);
};


// Rules added, removed and changed (different source hash) between two
// versions of a rule set, each sorted by id.
struct RuleSetDiff {
  std::vector<std::string> added;
  std::vector<std::string> removed;
  std::vector<std::string> changed;
};
RuleSetDiff DiffRuleSets(const CompiledRuleSet& before,
                         const CompiledRuleSet& after);

// Reads the rule files at `paths` and every list, blocklist and test JSON
// file they name (relative to each rule file). Files that cannot be read
// are left out (compilation then reports them at the line naming them);
// NOT_FOUND only if a rule file itself cannot be read.
absl::StatusOr<std::vector<SourceFile>> LoadSourceFiles(
    const std::vector<std::string>& paths);

// Resolves `ref` as written in `from_file` ("lists/x.txt" next to
// "rules/a.rules" -> "rules/lists/x.txt").
std::string ResolvePath(std::string_view from_file, std::string_view ref);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_RULE_SET_H_
