#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""W^X seen from outside the kernel: boot tern (KASLR on), wait until the
kernel has finished booting, then dump the live page tables through the
QEMU monitor (on a unix socket) and assert that no page is both writable
and executable and that nothing is user-accessible.

QEMU 7.2's `info tlb` prints one line per present leaf:
    <virtual>: <physical> XGPDACTUW
where X means the NX bit is set, P a large page, U user, W writable (a
'-' where clear). It shows the leaf entry's bits only; tern's loader and
kernel make every non-leaf entry P|RW without NX, so the leaf decides,
and a leaf-only check can only over-report (never miss) a W+X page.
`info mem` merges ranges as "<start>-<end> <size> [u-]r[w-]" and has no
NX column, so it is only used for the user check.

  wx_monitor.py --esp build/esp.img [--artifacts DIR] [--stop-on RE]
"""
import argparse
import os
import re
import socket
import sys
import tempfile
import shutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kaslr_common as kc  # noqa: E402

TLB_RE = re.compile(r"^([0-9a-f]{16}): ([0-9a-f]{16}) ([-XGPDACTUW]{9})$", re.MULTILINE)
MEM_RE = re.compile(r"^([0-9a-f]{16})-([0-9a-f]{16}) ([0-9a-f]{16}) ([-u])r([-w])$", re.MULTILINE)


def monitor(path, command, timeout=60):
    """Send one command to the HMP monitor at path; return its output."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(timeout)
    buf = b""
    while b"(qemu) " not in buf:  # banner and first prompt
        buf += s.recv(65536)
    s.sendall(command.encode() + b"\n")
    buf = b""
    while not buf.rstrip().endswith(b"(qemu)"):
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        buf += chunk
    s.close()
    text = buf.decode("utf-8", "replace").replace("\r", "")
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


def check_tlb(out):
    pages = {"rx": 0, "r": 0, "rw": 0, "wx": 0, "user": 0}
    wx = []
    for va, pa, fl in TLB_RE.findall(out):
        size = 512 if fl[2] == "P" else 1
        w, x, u = fl[8] == "W", fl[0] != "X", fl[7] == "U"
        kind = "wx" if w and x else "rx" if x else "rw" if w else "r"
        pages[kind] += size
        pages["user"] += size if u else 0
        if kind == "wx":
            wx.append(va)
    return pages, wx


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp", required=True)
    p.add_argument("--artifacts", default="test-artifacts")
    p.add_argument("--cmdline", default="")
    p.add_argument("--stop-on", default=r"tern: nothing more to do|tern> ")
    p.add_argument("--timeout", type=float, default=120)
    a = p.parse_args()
    os.makedirs(a.artifacts, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="tern-wx-")
    sock = os.path.join(workdir, "mon.sock")
    img, vars_fd = kc.TQ.prepare_image(a.esp, workdir, a.cmdline)
    argv = kc.TQ.qemu_argv(img, vars_fd, extra=["-display", "none", "-serial", "stdio",
                                                "-monitor", "unix:%s,server=on,wait=off" % sock])
    proc = kc.spawn(argv)
    try:
        text = kc.wait_serial(proc, re.compile(a.stop_on), a.timeout,
                           os.path.join(a.artifacts, "qemu.kaslr.wx_monitor.serial.log"))
        if text is None:
            print("FAIL: the kernel did not finish booting")
            return 1
        tlb = monitor(sock, "info tlb")
        mem = monitor(sock, "info mem")
    finally:
        proc.kill()
        proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    with open(os.path.join(a.artifacts, "qemu.kaslr.wx_monitor.tlb.txt"), "w") as f:
        f.write(tlb + "\n---- info mem ----\n" + mem)
    pages, wx = check_tlb(tlb)
    users = [m for m in MEM_RE.findall(mem) if m[3] == "u"]
    print("kaslr: %s" % kc.KASLR_RE.findall(text)[0].strip()[7:] if kc.KASLR_RE.search(text) else "")
    print("info tlb: %d leaves; 4 KiB pages: %d RX, %d R, %d RW+NX, %d W+X, %d user" % (
        len(TLB_RE.findall(tlb)), pages["rx"], pages["r"], pages["rw"], pages["wx"], pages["user"]))
    problems = []
    if wx:
        problems.append("writable and executable pages: " + ", ".join(wx[:10]))
    if pages["user"] or users:
        problems.append("user-accessible mappings")
    if not (pages["rx"] and pages["r"] and pages["rw"]):
        problems.append("info tlb output not understood (no RX, R or RW pages)")
    if not MEM_RE.search(mem):
        problems.append("info mem output not understood")
    return kc.report(problems)


if __name__ == "__main__":
    sys.exit(main())
