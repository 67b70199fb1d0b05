"""harrier_fuzzer: a libFuzzer binary around a fuzz-function library.

`lib` is a cc_library (alwayslink = 1) defining LLVMFuzzerTestOneInput. The
binary is tagged "manual" so plain `bazel build //...` (gcc) skips it; it is
built by tools/fuzz with `--config=fuzz` (clang, libFuzzer, ASan + UBSan) in
an output base of its own. Seed corpora are replayed by ordinary cc_tests.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary")

def harrier_fuzzer(name, lib):
    cc_binary(
        name = name,
        linkopts = ["-fsanitize=fuzzer"],
        tags = ["manual", "fuzzer"],
        deps = [lib],
    )
