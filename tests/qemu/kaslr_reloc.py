#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Relocation: the same kernel booted at two different slides behaves the
same. Runs test=all once with `nokaslr` (slide 0, the link base) and once
randomized, and requires the same list of passing ktest cases, all of
them passing, at two different virtual bases.

  kaslr_reloc.py --esp build/esp.img [--artifacts DIR]
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kaslr_common as kc  # noqa: E402

CASE_RE = re.compile(r"^ktest: (\S+) \.\.\. (ok|FAILED)", re.MULTILINE)


def run(a, name, cmdline):
    log = os.path.join(a.artifacts, "qemu.kaslr.relocation.%s.serial.log" % name)
    status, text, _ = kc.boot(a.esp, cmdline, None, log, ["-device", "virtio-rng-pci"], timeout=a.timeout)
    return status, kc.parse_kaslr(text), CASE_RE.findall(text)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp", required=True)
    p.add_argument("--artifacts", default="test-artifacts")
    p.add_argument("--timeout", type=float, default=240)
    a = p.parse_args()
    os.makedirs(a.artifacts, exist_ok=True)
    s0, k0, c0 = run(a, "fixed", "nokaslr test=all")
    s1, k1, c1 = run(a, "random", "test=all")
    slide = lambda k: (k["virt"] - k["link"]) & (2 ** 64 - 1)  # noqa: E731
    print("slide %#x: status %s, %d cases; slide %#x: status %s, %d cases" % (
        slide(k0), s0, len(c0), slide(k1), s1, len(c1)))
    problems = []
    if slide(k0) != 0 or slide(k1) == 0 or k0["phys"] == k1["phys"] and k0["dmap"] == k1["dmap"]:
        problems.append("the two boots did not run at different placements")
    if s0 != 33 or s1 != 33:
        problems.append("exit statuses %s and %s, expected 33 (all passed)" % (s0, s1))
    if not c0 or c0 != c1:
        problems.append("different ktest results: %s" % sorted(set(c0) ^ set(c1)))
    if any(r != "ok" for _, r in c0 + c1):
        problems.append("failed cases")
    return kc.report(problems)


if __name__ == "__main__":
    sys.exit(main())
