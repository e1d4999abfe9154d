#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make_corrupt_elf.py KIND IN.elf OUT.elf

Makes a deliberately broken copy of the kernel for the loader's negative
tests. KIND:
  badmagic  the ELF magic bytes are wrong
  truncated the file is cut inside its program headers' data
  wx        the first PT_LOAD gains PF_W next to its PF_X
  lowhalf   the first PT_LOAD is moved to a lower-half address
"""
import struct
import sys

PT_LOAD, PF_W = 1, 2


def first_load(data):
    e_phoff, = struct.unpack_from("<Q", data, 32)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 54)
    for i in range(e_phnum):
        off = e_phoff + i * e_phentsize
        if struct.unpack_from("<I", data, off)[0] == PT_LOAD:
            return off
    sys.exit("no PT_LOAD in the input")


def main(kind, src, dst):
    data = bytearray(open(src, "rb").read())
    if kind == "badmagic":
        data[0:4] = b"\x7fELV"
    elif kind == "truncated":
        ph = first_load(data)
        p_offset, = struct.unpack_from("<Q", data, ph + 8)
        data = data[:p_offset + 100]
    elif kind == "wx":
        ph = first_load(data)
        flags, = struct.unpack_from("<I", data, ph + 4)
        struct.pack_into("<I", data, ph + 4, flags | PF_W)
    elif kind == "lowhalf":
        ph = first_load(data)
        struct.pack_into("<QQ", data, ph + 16, 0x200000, 0x200000)
    else:
        sys.exit("unknown kind " + kind)
    open(dst, "wb").write(data)


if __name__ == "__main__":
    main(*sys.argv[1:4])
