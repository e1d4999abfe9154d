#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Per-process ASLR: boot tern once, `run aslr` N times from its shell,
print a table and check, for the PIE base, the stack and the first mmap:

  * every value of the N runs is distinct;
  * every value lies inside its window (kernel/proc/ulayout.h);
  * the bits that varied across the runs are exactly the window's slot
    bits (bits 12 .. 12 + bits - 1): with N = 200 uniform draws each such
    bit is seen both ways unless something is wrong (chance 2^-199 per
    bit), and no bit above the window ever varies;
  * `run -R aslr` (no randomization) prints the same PIE base and stack
    twice, the PIE just above its window's base.

  aslr_entropy.py --esp build/esp.img [--runs 200] [--artifacts DIR]
"""
import argparse
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shell_session as S  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PAGE_BITS = 12


def windows():
    """{name: (base, bits)} from ulayout.h."""
    text = open(os.path.join(ROOT, "kernel", "proc", "ulayout.h")).read()
    v = dict((k, int(x, 0)) for k, x in re.findall(r"#define ULAYOUT_(\w+)\s+(0x[0-9a-fA-F]+|\d+)", text))
    return {"pie": (v["PIE_BASE"], v["PIE_BITS"]), "stack": (v["STACK_BASE"], v["STACK_BITS"]),
            "mmap": (v["MMAP_BASE"], v["MMAP_BITS"])}


def parse(out):
    got = dict((k, int(x, 16)) for k, x in re.findall(r"^(\w+) (0x[0-9a-f]+)\s*$", out, re.M))
    if not all(k in got for k in ("pie", "stack", "mmap")):
        raise S.Failure("aslr printed: %r" % out)
    return got


def varied_bits(values):
    """Bit positions seen both 0 and 1."""
    ones = zeros = 0
    for v in values:
        ones |= v
        zeros |= ~v
    both = ones & zeros & ((1 << 64) - 1)
    return [b for b in range(64) if both >> b & 1]


def check(name, values, base, bits, n):
    """One table row; raises on a broken property."""
    span = (1 << bits) << PAGE_BITS
    lo, hi = base - (1 << 20), base + span  # the stack and mmap sit just below their top
    bad = [v for v in values if not lo <= v < hi]
    if bad:
        raise S.Failure("%s: %#x outside [%#x, %#x)" % (name, bad[0], lo, hi))
    if len(set(values)) != n:
        raise S.Failure("%s: %d distinct of %d" % (name, len(set(values)), n))
    vb = varied_bits(values)
    want = list(range(PAGE_BITS, PAGE_BITS + bits))
    if vb != want:
        raise S.Failure("%s: bits %s varied, expected %d..%d" % (name, vb, want[0], want[-1]))
    return "| %s | %#x | 2^%d | %d | %d of %d | %d (bits %d-%d) |" % (
        name, base, bits, bits, len(set(values)), n, len(vb), vb[0], vb[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp", required=True)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--artifacts", default=tempfile.gettempdir())
    a = p.parse_args()
    w = windows()
    work = tempfile.mkdtemp(prefix="tern-aslr-")
    os.makedirs(a.artifacts, exist_ok=True)
    with open(os.path.join(a.artifacts, "aslr-entropy.serial.log"), "wb") as log:
        m = S.Machine(a.esp, work, log)
        try:
            m.read_until(S.FRESH, 300)
            runs = [parse(m.run("run aslr", 60)) for _ in range(a.runs)]
            fixed = [parse(m.run("run -R aslr", 60)) for _ in range(2)]
        finally:
            m.kill()
    print("| what | window base | slots | window bits | distinct | bits that varied |")
    print("|---|---|---|---|---|---|")
    for name in ("pie", "stack", "mmap"):
        base, bits = w[name]
        print(check(name, [r[name] for r in runs], base, bits, a.runs))
    if fixed[0]["pie"] != fixed[1]["pie"] or fixed[0]["stack"] != fixed[1]["stack"]:
        raise S.Failure("run -R: %s then %s" % (fixed[0], fixed[1]))
    if not 0 <= fixed[0]["pie"] - w["pie"][0] < 1 << 20:
        raise S.Failure("run -R: pie %#x, expected just above the window base %#x" % (
            fixed[0]["pie"], w["pie"][0]))
    print("run -R: pie %#x and stack %#x both times" % (fixed[0]["pie"], fixed[0]["stack"]))
    print("PASS aslr entropy (%d runs)" % a.runs)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except S.Failure as e:
        print("FAIL aslr: %s" % e)
        sys.exit(1)
