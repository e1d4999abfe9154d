#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_kernel_elf.py KERNEL.elf

Checks, from outside the build, what the loader relies on and what the
foundation promises: a 64-bit x86_64 static PIE (ET_DYN) whose PT_LOAD
segments all lie in the higher half, none both writable and executable, none
sharing a page with another, and whose dynamic relocations are all
R_X86_64_RELATIVE. Prints the segment table; exits 1 on any violation.
Field offsets from the System V gABI and the x86-64 psABI (ELF64 structures).
"""
import struct
import sys

PT_LOAD, PT_DYNAMIC = 1, 2
PF_X, PF_W, PF_R = 1, 2, 4
DT_NULL, DT_RELA, DT_RELASZ, DT_RELAENT, DT_RELR = 0, 7, 8, 9, 36
R_X86_64_RELATIVE = 8
HIGHER_HALF = 0xFFFF800000000000


def main(path):
    data = open(path, "rb").read()
    bad = []
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit("%s: not a little-endian ELF64 file" % path)
    (e_type, e_machine, _, e_entry, e_phoff, _, _, _, e_phentsize, e_phnum) = \
        struct.unpack_from("<HHIQQQIHHH", data, 16)
    if e_type != 3:
        bad.append("e_type %d is not ET_DYN (static PIE)" % e_type)
    if e_machine != 62:
        bad.append("e_machine %d is not EM_X86_64" % e_machine)
    loads, dynamic = [], None
    print("%-8s %-18s %-10s %-10s %s" % ("type", "vaddr", "filesz", "memsz", "flags"))
    for i in range(e_phnum):
        p_type, p_flags, p_off, p_vaddr, _, p_filesz, p_memsz, _ = \
            struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * e_phentsize)
        flags = "".join(c if p_flags & b else "-" for c, b in (("R", PF_R), ("W", PF_W), ("X", PF_X)))
        if p_type == PT_LOAD:
            print("%-8s 0x%016x 0x%08x 0x%08x %s" % ("LOAD", p_vaddr, p_filesz, p_memsz, flags))
            loads.append((p_vaddr, p_memsz, p_flags))
            if p_vaddr < HIGHER_HALF:
                bad.append("segment at 0x%x is not in the higher half" % p_vaddr)
            if p_flags & PF_W and p_flags & PF_X:
                bad.append("segment at 0x%x is writable and executable" % p_vaddr)
        elif p_type == PT_DYNAMIC:
            dynamic = (p_off, p_filesz)
    loads.sort()
    for (a, an, _), (b, _, _) in zip(loads, loads[1:]):
        if (a + an + 0xFFF) & ~0xFFF > b & ~0xFFF:
            bad.append("segments at 0x%x and 0x%x share a page" % (a, b))
    if not any(v <= e_entry < v + n and f & PF_X for v, n, f in loads):
        bad.append("entry 0x%x is not in an executable segment" % e_entry)
    bad += check_relocs(data, dynamic, loads)
    for b in bad:
        print("FAIL: " + b)
    if not bad:
        print("OK: %d higher-half segments, W^X, only relative relocations" % len(loads))
    return 1 if bad else 0


def vaddr_to_off(data, vaddr):
    e_phoff, = struct.unpack_from("<Q", data, 32)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 54)
    for i in range(e_phnum):
        p_type, _, p_off, p_vaddr, _, p_filesz, _, _ = \
            struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * e_phentsize)
        if p_type == PT_LOAD and p_vaddr <= vaddr < p_vaddr + p_filesz:
            return p_off + vaddr - p_vaddr
    return None


def check_relocs(data, dynamic, loads):
    if dynamic is None:
        return []
    tags = {}
    off, size = dynamic
    for i in range(0, size, 16):
        tag, val = struct.unpack_from("<qQ", data, off + i)
        if tag == DT_NULL:
            break
        tags[tag] = val
    if DT_RELR in tags:
        return ["DT_RELR present: the loader expects RELA only"]
    if DT_RELA not in tags:
        return []
    roff = vaddr_to_off(data, tags[DT_RELA])
    if roff is None:
        return ["DT_RELA points outside the file"]
    ent = tags.get(DT_RELAENT, 24)
    errs, n = [], 0
    for i in range(0, tags.get(DT_RELASZ, 0), ent):
        _, info, _ = struct.unpack_from("<QQq", data, roff + i)
        n += 1
        if info & 0xFFFFFFFF != R_X86_64_RELATIVE:
            errs.append("relocation type %d is not R_X86_64_RELATIVE" % (info & 0xFFFFFFFF))
    print("%d dynamic relocations" % n)
    return errs[:10]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
