"""e2e_test: an end-to-end test that starts the real harrierd.

Each test links the server harness, the temporary-directory helper, the
v1 service stubs and gtest_main; `deps` adds what else it needs.
"""

load("@rules_cc//cc:defs.bzl", "cc_test")

def e2e_test(name, deps = [], data = [], size = "medium"):
    cc_test(
        name = name,
        size = size,
        srcs = [name + ".cc"],
        data = data,
        deps = [
            ":server_harness",
            "//engine/testing:temp_dir",
            "//proto/harrier/v1:services",
            "@system//:gtest_main",
        ] + deps,
    )
