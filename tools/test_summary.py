#!/usr/bin/env python3
"""Summarises a `bazel test` run as individual test cases.

Reads bazel's console output (stdin or --log FILE) for each target's status
and the targets' test.xml files for their test cases, prints one line per
failing case and ends with a line `N passed, M failed`. A target that failed
to build, timed out, or has no XML counts as one failed case. Extra results
(e.g. rule-file tests run outside bazel) are added with --extra P,F.

Exit status: 0 when nothing failed, 1 otherwise.
"""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

STATUS_RE = re.compile(r"^(//\S+)\s+(?:\(cached\)\s+)?(PASSED|FAILED|FLAKY|TIMEOUT|NO STATUS|FAILED TO BUILD|SKIPPED|INCOMPLETE)")


def cases_from_xml(path, skipped):
    """Counts a target's cases; appends (case, reason) for each skipped one."""
    passed, failed, failures = 0, 0, []
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None
    for case in root.iter("testcase"):
        name = "%s.%s" % (case.get("classname", ""), case.get("name", ""))
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            failures.append(name)
        elif case.get("result") == "skipped" or case.find("skipped") is not None:
            element = case.find("skipped")
            reason = element.get("message", "") if element is not None else ""
            skipped.append((name, reason.strip() or "no reason given"))
        else:
            passed += 1
    return passed, failed, failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", help="bazel console output (default: stdin)")
    parser.add_argument("--testlogs", default="bazel-testlogs")
    parser.add_argument("--extra", action="append", default=[],
                        help="LABEL:PASSED,FAILED counts from other runners")
    parser.add_argument("--build-failed", action="store_true",
                        help="bazel reported a build failure")
    args = parser.parse_args()
    text = open(args.log).read() if args.log else sys.stdin.read()

    statuses = {}
    for line in text.splitlines():
        m = STATUS_RE.match(line.strip())
        if m:
            statuses[m.group(1)] = m.group(2)

    total_passed, total_failed = 0, 0
    skipped = []
    for target, status in sorted(statuses.items()):
        rel = target[2:].replace(":", "/")
        xml = os.path.join(args.testlogs, rel, "test.xml")
        counts = cases_from_xml(xml, skipped) if status in ("PASSED", "FAILED", "FLAKY") else None
        if counts is None or (counts[0] + counts[1] == 0):
            ok = status in ("PASSED", "FLAKY")
            counts = (1, 0, []) if ok else (0, 1, [target + " (" + status + ")"])
        passed, failed, failures = counts
        if status == "FAILED" and failed == 0:
            failed, failures = 1, [target + " (FAILED)"]
        total_passed += passed
        total_failed += failed
        for name in failures:
            print("FAILED: %s  [%s]" % (name, target))
    for extra in args.extra:
        label, counts = extra.rsplit(":", 1)
        passed, failed = (int(x) for x in counts.split(","))
        total_passed += passed
        total_failed += failed
        if failed:
            print("FAILED: %d case(s) in %s" % (failed, label))
    if args.build_failed and total_failed == 0:
        print("FAILED: the build failed (see above)")
        total_failed = 1
    if not statuses and not args.extra:
        print("FAILED: no test results found")
        total_failed = max(total_failed, 1)
    # Not counted as passed: each is listed with the reason the test gave.
    for name, reason in skipped:
        print("SKIPPED: %s: %s" % (name, reason.splitlines()[0]))
    print("%d passed, %d failed" % (total_passed, total_failed))
    return 0 if total_failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
