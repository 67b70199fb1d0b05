#!/bin/sh
# Builds the rule-language fuzz target with libFuzzer + ASan + UBSan (clang)
# and runs it over a copy of the seed corpus. For `make fuzz`.
#
#   rules/fuzz/run_fuzz.sh [SECONDS]      (default 60; run from the repo root)
set -eu
seconds="${1:-60}"
out="${TMPDIR:-/tmp}/harrier_rules_fuzz"
mkdir -p "$out/corpus"
cp rules/fuzz/corpus/* "$out/corpus/"
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I. \
  rules/fuzz/rules_fuzz.cc rules/lexer/lexer.cc rules/parser/parser.cc \
  rules/parser/ast.cc rules/checker/checker.cc rules/checker/schema.cc \
  rules/format/format.cc rules/common/diagnostics.cc \
  -o "$out/rules_fuzz" \
  $(pkg-config --libs absl_strings absl_str_format absl_status absl_statusor \
      absl_time absl_hash absl_raw_hash_set re2)
"$out/rules_fuzz" -max_total_time="$seconds" -max_len=4096 "$out/corpus"
