#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""KASLR across boots: boot tern N times with -device virtio-rng-pci and M
times without, stop each QEMU as soon as the kernel's `kaslr:` line
appears, print one table row per boot, and check that

  * every kernel virtual and physical base is distinct,
  * every base lies inside its window (include/tern/layout.h) and is
    aligned to its granule,
  * the reported entropy bits equal floor(100 * log2(slots)) / 100 with
    slots = (window - size) / granule + 1 (physical: the reported slot
    count, which must fit the RAM),
  * boots with virtio-rng name efi-rng as a seed source and the others
    do not.

  kaslr_entropy.py --esp build/esp.img [--boots 16] [--boots-norng 8]
                   [--jobs 2] [--memory 1G] [--artifacts DIR]

--boots 200 gives the long run. A repeated physical base among many boots
is expected by the birthday bound once n^2 / (2 * slots) is not small; the
check then reports it instead of failing (see README).
"""
import argparse
import concurrent.futures
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kaslr_common as kc  # noqa: E402

MEM = {"256M": 256 << 20, "512M": 512 << 20, "1G": 1 << 30, "2G": 2 << 30}


def one_boot(a, i, rng):
    log = os.path.join(a.artifacts, "kaslr-entropy-%03d.serial.log" % i)
    extra = ["-device", "virtio-rng-pci"] if rng else []
    status, text, stopped = kc.boot(a.esp, "", r"^kaslr:[^\n]*\n", log, extra, a.memory, a.timeout)
    if not stopped:
        return i, rng, None, "no kaslr: line (status %s, log %s)" % (status, log)
    try:
        return i, rng, kc.parse_kaslr(text), None
    except ValueError as e:
        return i, rng, None, "%s (log %s)" % (e, log)


def expected(c, r):
    """(name, base, window start, window size, region size, granule)."""
    return [
        ("virt", r["virt"], c["TERN_KERNEL_WIN_START"], c["TERN_KERNEL_WIN_SIZE"], r["image"],
         c["TERN_KERNEL_GRANULE"]),
        ("dmap", r["dmap"], c["TERN_DMAP_WIN_START"], c["TERN_DMAP_WIN_SIZE"],
         max(c["TERN_DMAP_GRANULE"], -(-r["dmap_size"] // c["TERN_DMAP_GRANULE"]) * c["TERN_DMAP_GRANULE"]),
         c["TERN_DMAP_GRANULE"]),
        ("palloc", r["palloc"], c["TERN_PALLOC_WIN_START"], c["TERN_PALLOC_WIN_SIZE"],
         c["TERN_PALLOC_REGION_SIZE"], c["TERN_PALLOC_GRANULE"]),
        ("stacks", r["stacks"], c["TERN_STACK_WIN_START"], c["TERN_STACK_WIN_SIZE"],
         c["TERN_STACK_REGION_SIZE"], c["TERN_STACK_GRANULE"]),
    ]


def check_boot(c, r, rng, ram):
    bad = []
    for name, base, start, win, size, gran in expected(c, r):
        if base % gran:
            bad.append("%s 0x%x not aligned to 0x%x" % (name, base, gran))
        if not (start <= base and base - start + size <= win):
            bad.append("%s 0x%x+0x%x outside [0x%x, +0x%x)" % (name, base, size, start, win))
        want = kc.centibits(kc.slots(win, size, gran))
        if round(r[name + "_bits"] * 100) != want:
            bad.append("%s_bits %.2f, window arithmetic gives %.2f" % (name, r[name + "_bits"], want / 100))
    phys, pslots = r["phys"], r["phys_slots"]
    if phys % 4096 or phys < c["TERN_KERNEL_PHYS_MIN"] or phys + r["image"] > ram + (1 << 32):
        bad.append("phys 0x%x misaligned or outside RAM" % phys)
    if round(r["phys_bits"] * 100) != kc.centibits(pslots) or not 1 < pslots <= ram // 4096:
        bad.append("phys_bits %.2f / phys_slots %d inconsistent" % (r["phys_bits"], pslots))
    if "phys_fallback" in r or r.get("off"):
        bad.append("physical fallback or KASLR off")
    if rng != ("efi-rng" in r["seed"]):
        bad.append("seed sources %s with virtio-rng %s" % (r["seed"], "on" if rng else "off"))
    return bad


def duplicates(rows, key, slots_of, problems, notes):
    seen = {}
    for i, _, r in rows:
        seen.setdefault(r[key], []).append(i)
    dups = {v: ids for v, ids in seen.items() if len(ids) > 1}
    if not dups:
        return
    n, s = len(rows), min(slots_of(r) for _, _, r in rows)
    p = 1 - math.exp(-n * (n - 1) / (2 * s))
    msg = "%s: %d repeated bases among %d boots (birthday probability %.1f%% with %d slots): %s" % (
        key, len(dups), n, 100 * p, s, ", ".join("0x%x boots %s" % (v, ids) for v, ids in dups.items()))
    (notes if p >= 0.01 else problems).append(msg)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp", required=True)
    p.add_argument("--boots", type=int, default=16, help="boots with -device virtio-rng-pci")
    p.add_argument("--boots-norng", type=int, default=8, help="boots without it")
    p.add_argument("--jobs", type=int, default=2, help="QEMUs at once (at most 2)")
    p.add_argument("--memory", default="1G", choices=sorted(MEM))
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--artifacts", default="test-artifacts")
    a = p.parse_args()
    os.makedirs(a.artifacts, exist_ok=True)
    table = open(os.path.join(a.artifacts, "kaslr-entropy-table.txt"), "w")

    def out(*args, **kw):
        """Print a line and keep it in the artefact table too."""
        print(*args, flush=True)
        print(*args, file=table, flush=True)

    c = kc.layout_constants()
    plan = [(i, True) for i in range(a.boots)] + [(a.boots + i, False) for i in range(a.boots_norng)]
    rows, problems, notes = [], [], []
    out("%4s %-5s %-18s %-12s %-18s %-18s %-18s %6s %6s %6s %6s %6s  %s" % (
        "boot", "rng", "virt", "phys", "dmap", "palloc", "stacks",
        "v.bits", "p.bits", "d.bits", "a.bits", "s.bits", "seed"), flush=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(2, a.jobs))) as ex:
        for i, rng, r, err in ex.map(lambda t: one_boot(a, *t), plan):
            if err:
                problems.append("boot %d: %s" % (i, err))
                out("%4d %-5s %s" % (i, "yes" if rng else "no", err), flush=True)
                continue
            rows.append((i, rng, r))
            out("%4d %-5s 0x%016x 0x%010x 0x%016x 0x%016x 0x%016x %6.2f %6.2f %6.2f %6.2f %6.2f  %s" % (
                i, "yes" if rng else "no", r["virt"], r["phys"], r["dmap"], r["palloc"], r["stacks"],
                r["virt_bits"], r["phys_bits"], r["dmap_bits"], r["palloc_bits"], r["stacks_bits"],
                r["seed"]), flush=True)
            problems += ["boot %d: %s" % (i, b) for b in check_boot(c, r, rng, MEM[a.memory])]
    if rows:
        duplicates(rows, "virt", lambda r: kc.slots(c["TERN_KERNEL_WIN_SIZE"], r["image"], 4096),
                   problems, notes)
        duplicates(rows, "phys", lambda r: r["phys_slots"], problems, notes)
        for key in ("dmap", "palloc", "stacks"):
            n = len({r[key] for _, _, r in rows})
            out("distinct %s bases: %d of %d" % (key, n, len(rows)))
        out("distinct virt bases: %d of %d, distinct phys bases: %d of %d" % (
            len({r["virt"] for _, _, r in rows}), len(rows), len({r["phys"] for _, _, r in rows}), len(rows)))
    for n in notes:
        out("note: " + n)
    for pr in problems:
        out("FAIL: " + pr)
    out("%s: %d boots, %d problems" % ("PASS" if not problems else "FAIL", len(rows), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
