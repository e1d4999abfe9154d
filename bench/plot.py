#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Plot bench.csv (group,alloc,ns) as grouped bars, log scale, to a PNG.
Without matplotlib it says so and exits 0: the table on stdout stands."""
import csv
import sys


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "bench.csv"
    dst = sys.argv[2] if len(sys.argv) > 2 else "bench.png"
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("plot.py: matplotlib not installed, no plot written")
        return 0
    rows = list(csv.DictReader(open(src)))
    groups = list(dict.fromkeys(r["group"] for r in rows))
    allocs = list(dict.fromkeys(r["alloc"] for r in rows))
    ns = {(r["group"], r["alloc"]): float(r["ns"]) for r in rows}
    width = 0.8 / len(allocs)
    fig, ax = plt.subplots(figsize=(max(10, len(groups) * 0.9), 5))
    for i, a in enumerate(allocs):
        xs = [g for g in range(len(groups)) if (groups[g], a) in ns]
        ax.bar([x + i * width for x in xs],
               [ns[(groups[x], a)] for x in xs], width, label=a)
    ax.set_xticks([g + 0.4 - width / 2 for g in range(len(groups))])
    ax.set_xticklabels(groups, rotation=60, ha="right", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("ns per operation (log)")
    ax.set_title("tern allocators vs glibc, mimalloc, jemalloc, baselines")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(dst, dpi=110)
    print("plot.py: wrote", dst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
