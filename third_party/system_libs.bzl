"""Wraps system libraries found by pkg-config as cc_library targets.

`system_libs(name = "system", libs = {"grpcpp": ["grpc++"], ...})` creates the
external repository @system with one target per key (e.g. @system//:grpcpp)
whose link flags, defines and include directories come from
`pkg-config --cflags --libs` of the listed modules. Libraries that ship no
pkg-config file are given in `plain` as bare library names ("-lNAME").
"""

def _pkg_config(ctx, modules):
    pc = ctx.which("pkg-config")
    if pc == None:
        fail("pkg-config not found: run tools/bootstrap")
    res = ctx.execute([pc, "--cflags", "--libs"] + modules)
    if res.return_code != 0:
        fail("pkg-config %s failed (run tools/bootstrap): %s" % (" ".join(modules), res.stderr))
    return res.stdout.strip().split(" ")

def _system_libs_impl(ctx):
    build = ['package(default_visibility = ["//visibility:public"])\n']
    linked_dirs = {}
    for name, modules in ctx.attr.libs.items():
        linkopts, defines, includes = [], [], []
        for flag in _pkg_config(ctx, modules):
            if not flag:
                continue
            if flag.startswith("-I"):
                path = flag[2:]
                if path in ("/usr/include", "/usr/local/include"):
                    continue

                # Bazel's `includes` must be relative: link the directory in.
                local = "inc/" + path.strip("/").replace("/", "_")
                if path not in linked_dirs:
                    ctx.symlink(path, local)
                    linked_dirs[path] = local
                includes.append(local)
            elif flag.startswith("-D"):
                defines.append(flag[2:])
            elif flag == "-pthread":
                linkopts.append(flag)
            elif flag.startswith("-l") or flag.startswith("-L") or flag.startswith("-Wl"):
                linkopts.append(flag)
        hdrs = ["glob([%s], allow_empty = True)" % ", ".join(['"%s/**"' % d for d in includes])] if includes else []
        build.append("""cc_library(
    name = "{name}",
    hdrs = {hdrs},
    includes = {includes},
    defines = {defines},
    linkopts = {linkopts},
)
""".format(
            name = name,
            hdrs = hdrs[0] if hdrs else "[]",
            includes = repr(includes),
            defines = repr(defines),
            linkopts = repr(linkopts),
        ))
    for name, libs in ctx.attr.plain.items():
        build.append('cc_library(name = "%s", linkopts = %s)\n' % (name, repr(["-l" + l for l in libs])))
    ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % ctx.name)
    ctx.file("BUILD", "\n".join(build))

system_libs = repository_rule(
    implementation = _system_libs_impl,
    attrs = {
        "libs": attr.string_list_dict(mandatory = True),
        "plain": attr.string_list_dict(),
    },
    environ = ["PKG_CONFIG_PATH"],
    local = True,
)
