// Copyright 2026 The Harrier Authors.
//
// compiler.h: stage 4 of the rule pipeline. Checked syntax trees ->
// Program (pattern databases + evaluation plan).
//
//   Diagnostics diags;
//   ASSIGN_OR_RETURN(CheckedRuleSet checked, Check(files, {}, diags));
//   ASSIGN_OR_RETURN(std::unique_ptr<Program> program,
//                    Compile(std::move(files), std::move(checked), {}, diags));
//
// Input must have passed the checker without errors. Patterns the matching
// engine rejects and the pattern-count limit are reported in `diags` at the
// pattern's line:col (then the result is nullptr). A non-OK status means
// the engine itself failed.
#ifndef HARRIER_RULES_COMPILER_COMPILER_H_
#define HARRIER_RULES_COMPILER_COMPILER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rules/checker/checker.h"
#include "rules/common/diagnostics.h"
#include "rules/compiler/program.h"

namespace harrier::rules {

struct CompileLimits {
  size_t max_patterns = 200000;
  int64_t version = 0;
};

// FNV-1a over a rule's source with whitespace runs collapsed, so layout
// changes do not change the hash.
uint64_t SourceHash(std::string_view text);

absl::StatusOr<std::unique_ptr<Program>> Compile(std::vector<FileAst> files,
                                                 CheckedRuleSet checked,
                                                 const CompileLimits& limits,
                                                 Diagnostics& diags);

}  // namespace harrier::rules

#endif  // HARRIER_RULES_COMPILER_COMPILER_H_
