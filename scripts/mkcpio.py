#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Pack files into a deterministic cpio "newc" archive (the initramfs).

  mkcpio.py -o OUT [--manifest FILE] [SRC=ARCHIVE_PATH ...]

Each file is given as SRC=ARCHIVE_PATH on the command line or as one
"SRC<TAB>ARCHIVE_PATH" line of the manifest (CMake writes one: see
cmake/TernInitrd.cmake). The archive is the same bytes for the same inputs:
members sorted by path, a directory member for every parent, inode numbers
counted from 1 in that order, mtime, uid and gid 0, mode 0755 for
directories and for files with any execute bit, 0644 otherwise.

Format (cpio(5), "new ASCII"): a 110-byte header of "070701" and 13
eight-digit hex fields, the NUL-terminated name padded so that header and
name are a multiple of 4, the data padded to 4; "TRAILER!!!" ends it.
"""
import argparse
import os
import posixpath
import stat
import sys

S_IFDIR, S_IFREG = 0o040000, 0o100000


def header(ino, mode, nlink, size, namesize):
    fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, namesize, 0]
    return b"070701" + b"".join(b"%08x" % f for f in fields)


def pad4(n):
    return b"\0" * ((4 - n % 4) % 4)


def member(ino, mode, nlink, name, data):
    """One member; name is the stored name (str), data bytes."""
    nm = name.encode() + b"\0"
    h = header(ino, mode, nlink, len(data), len(nm)) + nm
    return h + pad4(len(h)) + data + pad4(len(data))


def norm(path):
    """The archive path without leading "/" or "./"; refuses ".." and
    empty paths."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        raise ValueError("bad archive path %r" % path)
    return "/".join(parts)


def newc(files):
    """files: {archive path: (mode, bytes)} -> the archive (bytes).
    Parent directories are added; a path may not be both file and dir."""
    entries = {}
    for path, (mode, data) in files.items():
        p = norm(path)
        entries[p] = (S_IFREG | (mode & 0o7777), data)
        d = posixpath.dirname(p)
        while d:
            if d in files or (d in entries and entries[d][0] & S_IFREG):
                raise ValueError("%r is both a file and a directory" % d)
            entries[d] = (S_IFDIR | 0o755, b"")
            d = posixpath.dirname(d)
    for p in entries:
        if entries[p][0] & S_IFREG == S_IFREG and any(
                q.startswith(p + "/") for q in entries):
            raise ValueError("%r is both a file and a directory" % p)
    out = []
    for ino, p in enumerate(sorted(entries), 1):
        mode, data = entries[p]
        out.append(member(ino, mode, 2 if mode & S_IFDIR else 1, p, data))
    out.append(member(0, 0, 1, "TRAILER!!!", b""))
    return b"".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--manifest")
    ap.add_argument("pairs", nargs="*", metavar="SRC=ARCHIVE_PATH")
    a = ap.parse_args()
    pairs = [tuple(p.split("=", 1)) for p in a.pairs]
    if a.manifest:
        with open(a.manifest) as f:
            pairs += [tuple(ln.rstrip("\n").split("\t", 1))
                      for ln in f if ln.strip()]
    files = {}
    try:
        for pair in pairs:
            if len(pair) != 2:
                raise ValueError("expected SRC=ARCHIVE_PATH, got %r" % (pair,))
            src, dst = pair
            key = norm(dst)
            if key in files:
                raise ValueError("%r given twice" % dst)
            with open(src, "rb") as f:
                data = f.read()
            x = os.stat(src).st_mode & 0o111
            files[key] = (0o755 if x else 0o644, data)
        blob = newc(files)
    except (OSError, ValueError) as e:
        sys.exit("mkcpio: %s" % e)
    tmp = a.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, a.output)


if __name__ == "__main__":
    main()
