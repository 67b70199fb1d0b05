"""harrier_proto_library: compiles .proto files with the system protoc.

Generates C++ (and, with grpc = True, gRPC C++ stubs via the system
grpc_cpp_plugin) and wraps them in a cc_library. Proto import paths are
relative to the `proto/` folder (e.g. "harrier/v1/activity.proto"), and so
are the generated headers ("harrier/v1/activity.pb.h").
"""

load("@rules_cc//cc:defs.bzl", "cc_library")

_ROOT = "proto"

def harrier_proto_library(name, srcs, deps = [], grpc = False, visibility = None, root = _ROOT, testonly = False):
    """`root` is the folder import paths are relative to (default "proto")."""
    base = [s[:-len(".proto")] for s in srcs]
    hdrs = [b + ".pb.h" for b in base]
    ccs = [b + ".pb.cc" for b in base]
    if grpc:
        hdrs += [b + ".grpc.pb.h" for b in base]
        ccs += [b + ".grpc.pb.cc" for b in base]
    plugin = " --plugin=protoc-gen-grpc=/usr/bin/grpc_cpp_plugin --grpc_out=$(GENDIR)/" + root if grpc else ""
    native.genrule(
        name = name + "_gen",
        srcs = srcs + [d + "_srcs" for d in deps],
        outs = hdrs + ccs,
        testonly = testonly,
        cmd = "protoc -I" + root + " -I/usr/include --cpp_out=$(GENDIR)/" + root + plugin +
              " " + " ".join(["$(location %s)" % s for s in srcs]),
    )
    native.filegroup(name = name + "_srcs", srcs = srcs + [d + "_srcs" for d in deps], visibility = visibility, testonly = testonly)
    cc_library(
        name = name,
        srcs = ccs,
        hdrs = hdrs,
        strip_include_prefix = "/" + root,
        copts = ["-Wno-unused-parameter"],
        deps = deps + ["@system//:protobuf"] + (["@system//:grpcpp"] if grpc else []),
        visibility = visibility,
        testonly = testonly,
    )
