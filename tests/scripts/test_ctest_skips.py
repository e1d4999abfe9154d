#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""scripts/ctest-skips against made-up ctest JUnit files: a genuine skip
is reported and passes, a skip for a missing package is reported and
fails, no skip is quiet, an unreadable file fails."""
import os
import subprocess
import sys
import tempfile

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "ctest-skips")


def junit(*cases):
    body = ""
    for name, status, out in cases:
        skipped = '<skipped message="SKIP_RETURN_CODE=77"/>' if status == "notrun" else ""
        body += '<testcase name="%s" status="%s">%s<system-out>%s</system-out></testcase>' % (
            name, status, skipped, out)
    return '<?xml version="1.0"?><testsuite name="t">%s</testsuite>' % body


def run(xml):
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml)
    try:
        r = subprocess.run([sys.executable, SCRIPT, f.name], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    finally:
        os.unlink(f.name)
    return r.returncode, r.stdout


def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)


def main():
    rc, out = run(junit(("a", "run", "fine")))
    check(rc == 0 and "no test skipped" in out, "nothing skipped passes quietly")
    rc, out = run(junit(("a", "run", ""), ("netns.x", "notrun", "SKIP net netns x: not root (needs it)")))
    check(rc == 0 and "1 TEST(S) SKIPPED" in out and "netns.x" in out and "not root" in out,
          "a genuine skip is listed loudly and passes")
    rc, out = run(junit(("m.x2apic", "notrun", "SKIP m.x2apic: this QEMU's TCG lacks a feature of -cpu max")))
    check(rc == 0 and "m.x2apic" in out, "an emulator limit is genuine")
    rc, out = run(junit(("netns.y", "notrun", "SKIP y: `dnsmasq` not installed")))
    check(rc == 1 and "1 for a reason scripts/setup should fix" in out and "dnsmasq" in out,
          "a missing package fails")
    rc, out = run(junit(("z", "notrun", "")))
    check(rc == 1 and "SKIP_RETURN_CODE=77" in out, "a skip with no reason fails and shows ctest's")
    rc, out = run("<not xml")
    check(rc == 1, "an unreadable report fails")


if __name__ == "__main__":
    main()
