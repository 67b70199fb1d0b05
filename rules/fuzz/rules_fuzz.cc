// Copyright 2026 The Harrier Authors.
//
// libFuzzer target over the front end of the rule pipeline: lexer, parser
// and checker (and the formatter, which must never fail on what parses).
// Build with -fsanitize=fuzzer,address,undefined for `make fuzz`; the
// replay test (rules_fuzz_replay_test) runs the seed corpus under plain
// `bazel test`.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rules/checker/checker.h"
#include "rules/format/format.h"
#include "rules/lexer/lexer.h"
#include "rules/parser/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace harrier::rules;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  LexOptions lex_options;
  lex_options.max_file_bytes = 1 << 16;
  auto tokens = Lex("fuzz.rules", text, lex_options, diags);
  if (!tokens.ok()) return 0;
  ParseOptions parse_options;
  parse_options.max_depth = 32;
  auto ast = Parse("fuzz.rules", *tokens, parse_options, diags);
  if (!ast.ok()) return 0;
  std::vector<FileAst> files;
  files.push_back(std::move(*ast));
  CheckOptions check_options;
  check_options.max_depth = 32;
  auto checked = Check(files, check_options, diags);
  (void)checked;
  if (!diags.has_errors()) {
    Diagnostics format_diags;
    std::string once = Format("fuzz.rules", text, format_diags);
    (void)once;
  }
  return 0;
}
