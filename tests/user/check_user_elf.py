#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/user/check_user_elf.py [--self-test] FILE...

Checks that each user program is the static PIE tern's ELF loader expects
(ELF-64 gABI chapters 4 and 5; x86-64 psABI 4.4 for relocation types):

  - ELF64, little-endian, x86_64, e_type ET_DYN (position-independent);
  - no PT_INTERP (nothing to load it but the kernel);
  - the lowest PT_LOAD at address 0 (linked at base 0);
  - no segment both writable and executable;
  - a PT_GNU_STACK without PF_X, and a PT_GNU_RELRO;
  - only R_X86_64_RELATIVE relocations (DT_RELA), and no DT_REL, DT_JMPREL,
    DT_RELR or DT_TEXTREL.

Exit 0 when every file passes, 1 with one line per problem. --self-test
damages copies of the first FILE one way at a time and checks that each
damage is reported (and that the undamaged copy passes).
"""
import os
import struct
import sys
import tempfile

ET_DYN, EM_X86_64 = 3, 62
PT_LOAD, PT_DYNAMIC, PT_INTERP = 1, 2, 3
PT_GNU_STACK, PT_GNU_RELRO = 0x6474E551, 0x6474E552
PF_X, PF_W = 1, 2
DT_NULL, DT_RELA, DT_RELASZ, DT_RELAENT = 0, 7, 8, 9
DT_REL, DT_TEXTREL, DT_JMPREL, DT_RELR = 17, 22, 23, 36
R_X86_64_RELATIVE = 8
EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
DYN = struct.Struct("<qQ")
RELA = struct.Struct("<QQq")


class Bad(Exception):
    pass


def unpack(st, data, off, what):
    if off < 0 or off + st.size > len(data):
        raise Bad("%s at offset %d runs past the end of the file (%d bytes)"
                  % (what, off, len(data)))
    return st.unpack_from(data, off)


def phdrs(data):
    e = unpack(EHDR, data, 0, "ELF header")
    ident, e_type, machine, _, _, phoff, _, _, _, phentsize, phnum = e[:11]
    if ident[:4] != b"\x7fELF" or ident[4] != 2 or ident[5] != 1:
        raise Bad("not a little-endian ELF64 file")
    if machine != EM_X86_64:
        raise Bad("e_machine %d, want x86_64 (%d)" % (machine, EM_X86_64))
    if phentsize != PHDR.size:
        raise Bad("e_phentsize %d, want %d" % (phentsize, PHDR.size))
    return e_type, [unpack(PHDR, data, phoff + i * PHDR.size, "program header %d" % i)
                    for i in range(phnum)]


def vaddr_to_offset(loads, vaddr, what):
    for _, _, off, va, _, filesz, _, _ in loads:
        if va <= vaddr < va + filesz:
            return off + (vaddr - va)
    raise Bad("%s at 0x%x is in no PT_LOAD's file bytes" % (what, vaddr))


def check_relocations(data, loads, dyn):
    tags = {}
    off = dyn[2]
    for i in range(dyn[5] // DYN.size):
        tag, val = unpack(DYN, data, off + i * DYN.size, "dynamic entry %d" % i)
        if tag == DT_NULL:
            break
        tags[tag] = val
    problems = ["dynamic tag %s present" % name
                for tag, name in ((DT_REL, "DT_REL"), (DT_TEXTREL, "DT_TEXTREL"),
                                  (DT_JMPREL, "DT_JMPREL"), (DT_RELR, "DT_RELR"))
                if tag in tags]
    if DT_RELA not in tags:
        return problems
    ent = tags.get(DT_RELAENT, RELA.size)
    if ent != RELA.size:
        return problems + ["DT_RELAENT %d, want %d" % (ent, RELA.size)]
    start = vaddr_to_offset(loads, tags[DT_RELA], "DT_RELA")
    for i in range(tags.get(DT_RELASZ, 0) // ent):
        _, info, _ = unpack(RELA, data, start + i * ent, "relocation %d" % i)
        if info & 0xFFFFFFFF != R_X86_64_RELATIVE or info >> 32:
            problems.append("relocation %d has type %d (symbol %d), want "
                            "R_X86_64_RELATIVE only" % (i, info & 0xFFFFFFFF, info >> 32))
    return problems


def check(path):
    """The problems with one file, as strings (empty when it passes)."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        e_type, phs = phdrs(data)
        problems = [] if e_type == ET_DYN else ["e_type %d, want ET_DYN" % e_type]
        types = [p[0] for p in phs]
        loads = [p for p in phs if p[0] == PT_LOAD]
        if PT_INTERP in types:
            problems.append("has a PT_INTERP")
        if not loads or min(p[3] for p in loads) != 0:
            problems.append("lowest PT_LOAD is not at address 0")
        for i, p in enumerate(phs):
            if p[1] & PF_W and p[1] & PF_X:
                problems.append("program header %d (type 0x%x) is writable and "
                                "executable" % (i, p[0]))
        stack = [p for p in phs if p[0] == PT_GNU_STACK]
        if not stack or stack[0][1] & PF_X:
            problems.append("stack is executable (PT_GNU_STACK %s)"
                            % ("missing" if not stack else "has PF_X"))
        if PT_GNU_RELRO not in types:
            problems.append("no PT_GNU_RELRO")
        dyn = [p for p in phs if p[0] == PT_DYNAMIC]
        if not dyn:
            problems.append("no PT_DYNAMIC (the start code relocates from it)")
        else:
            problems += check_relocations(data, loads, dyn[0])
    except Bad as e:
        problems = [str(e)]
    return problems


def patch(data, off, st, index, value):
    fields = list(st.unpack_from(data, off))
    fields[index] = value(fields[index])
    st.pack_into(data, off, *fields)


def self_test(path):
    """Damages copies of path one way each; every damage must be caught."""
    with open(path, "rb") as f:
        good = f.read()
    if check(path):
        print("self-test: %s does not pass to begin with" % path)
        return 1
    e = EHDR.unpack_from(good, 0)
    phoff, phnum = e[5], e[10]
    ph = [(phoff + i * PHDR.size, PHDR.unpack_from(good, phoff + i * PHDR.size))
          for i in range(phnum)]

    def first(ptype, flags=0):
        return next(off for off, p in ph if p[0] == ptype and p[1] & flags == flags)

    dyn = next(p for _, p in ph if p[0] == PT_DYNAMIC)
    rela = None
    for i in range(dyn[5] // DYN.size):
        tag, val = DYN.unpack_from(good, dyn[2] + i * DYN.size)
        if tag == DT_RELA:
            loads = [p for _, p in ph if p[0] == PT_LOAD]
            rela = vaddr_to_offset(loads, val, "DT_RELA")
    damages = {
        "ET_EXEC": lambda d: patch(d, 0, EHDR, 1, lambda v: 2),
        "W+X segment": lambda d: patch(d, first(PT_LOAD, PF_W), PHDR, 1,
                                       lambda v: v | PF_X),
        "executable stack": lambda d: patch(d, first(PT_GNU_STACK), PHDR, 1,
                                            lambda v: v | PF_X),
        "PT_INTERP": lambda d: patch(d, first(PT_GNU_RELRO), PHDR, 0,
                                     lambda v: PT_INTERP),
        "R_X86_64_64 relocation": lambda d: patch(d, rela, RELA, 1,
                                                  lambda v: 1),
        "truncated": lambda d: d.__delitem__(slice(100, None)),
    }
    missed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, damage in damages.items():
            data = bytearray(good)
            damage(data)
            copy = os.path.join(tmp, "damaged")
            with open(copy, "wb") as f:
                f.write(data)
            problems = check(copy)
            print("self-test %-24s %s" % (name, problems or "NOT CAUGHT"))
            missed += not problems
    return 1 if missed else 0


def main(argv):
    if argv[:1] == ["--self-test"]:
        return self_test(argv[1])
    bad = 0
    for path in argv:
        problems = check(path)
        for p in problems:
            print("%s: %s" % (path, p))
        if not problems:
            print("%s: ok" % path)
        bad |= bool(problems)
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
