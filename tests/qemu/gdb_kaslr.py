#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gdb on a randomized boot. Boots tern with `gdbwait` (the kernel prints
its kaslr: line, then spins on gdb_wait_flag) and QEMU's gdb stub on a TCP
port. The slide is read from the serial log:

    slide = virt - link        (both on the kaslr: line)

gdb then loads build/kernel/kernel.elf with `add-symbol-file ... -o
slide`, so every symbol is at its run-time address, sets a breakpoint by
function name, clears gdb_wait_flag and continues.

  gdb_kaslr.py --esp E --elf K [--break FN] [--cmdline S]   # interactive
  gdb_kaslr.py --esp E --elf K --batch [--break FN]         # the ctest:
      gdb -batch must stop at FN ("Breakpoint 1, FN ...") with a
      backtrace, on a boot whose slide is not 0.
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kaslr_common as kc  # noqa: E402


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def gdb_argv(elf, port, slide, fn, batch):
    cmds = ["set confirm off", "set pagination off",
            "target remote 127.0.0.1:%d" % port,
            "add-symbol-file %s -o %#x" % (elf, slide),
            "break %s" % fn,
            "set var gdb_wait_flag = 0",
            "continue"]
    if batch:
        cmds += ["bt 4", "info symbol $pc", "print/x $pc", "kill"]
    argv = ["gdb", "-q", "-nx"] + (["-batch"] if batch else [])
    for c in cmds:
        argv += ["-ex", c]
    return argv


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp", required=True)
    p.add_argument("--elf", required=True, help="build/kernel/kernel.elf")
    p.add_argument("--break", dest="fn", default="arch_early_init")
    p.add_argument("--cmdline", default="")
    p.add_argument("--batch", action="store_true")
    p.add_argument("--serial-log", default="test-artifacts/qemu.kaslr.gdb.serial.log")
    p.add_argument("--timeout", type=float, default=120)
    a = p.parse_args()
    if not shutil.which("gdb"):
        sys.exit("gdb_kaslr: gdb is needed (apt-get install gdb)")
    os.makedirs(os.path.dirname(os.path.abspath(a.serial_log)), exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="tern-gdb-")
    port = free_port()
    img, vars_fd = kc.TQ.prepare_image(a.esp, workdir, ("gdbwait " + a.cmdline).strip())
    argv = kc.TQ.qemu_argv(img, vars_fd, extra=["-display", "none", "-serial", "stdio", "-monitor", "none",
                                                "-gdb", "tcp:127.0.0.1:%d" % port])
    proc = kc.spawn(argv)
    try:
        text = kc.wait_serial(proc, re.compile(r"gdbwait: waiting"), a.timeout, a.serial_log)
        if text is None:
            print("FAIL: no 'gdbwait: waiting' line (serial log %s)" % a.serial_log)
            return 1
        r = kc.parse_kaslr(text)
        slide = (r["virt"] - r["link"]) & (2 ** 64 - 1)
        print("gdb_kaslr: kaslr virt %#x link %#x -> slide %#x; break %s" % (r["virt"], r["link"], slide, a.fn))
        if not a.batch:
            return subprocess.call(gdb_argv(a.elf, port, slide, a.fn, False))
        out = subprocess.run(gdb_argv(a.elf, port, slide, a.fn, True), capture_output=True, text=True,
                             timeout=a.timeout).stdout
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    print(out)
    problems = []
    if not re.search(r"Breakpoint 1, (0x[0-9a-f]+ in )?%s \(" % re.escape(a.fn), out):
        problems.append("gdb did not stop at %s" % a.fn)
    pc = re.search(r"\$1 = (0x[0-9a-f]+)", out)
    if not pc or not r["virt"] <= int(pc.group(1), 16) < r["virt"] + r["image"]:
        problems.append("pc not inside the slid kernel image")
    if slide == 0 or r.get("off"):
        problems.append("the boot was not randomized")
    return kc.report(problems)


if __name__ == "__main__":
    sys.exit(main())
