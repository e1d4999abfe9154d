# SPDX-License-Identifier: MIT
"""Shared helpers for the KASLR QEMU tests: boot through scripts/tern-qemu's
functions, parse the kernel's one `kaslr:` line, read the windows from
include/tern/layout.h (so the tests check the documented arithmetic)."""
import importlib.machinery
import select
import subprocess
import time
import importlib.util
import math
import os
import re
import shutil
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KASLR_RE = re.compile(r"^kaslr:[^\n]*\n", re.MULTILINE)


def tern_qemu():
    """scripts/tern-qemu as a module (it has no .py suffix)."""
    path = os.path.join(ROOT, "scripts", "tern-qemu")
    loader = importlib.machinery.SourceFileLoader("tern_qemu", path)
    spec = importlib.util.spec_from_loader("tern_qemu", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


TQ = tern_qemu()


def boot(esp, cmdline, stop_re, log_path, extra=(), memory="256M", timeout=120):
    """One private boot; returns (status or None, serial text without
    colour escapes, stopped-on-pattern)."""
    workdir = tempfile.mkdtemp(prefix="tern-kaslr-")
    try:
        img, vars_fd = TQ.prepare_image(esp, workdir, cmdline)
        argv = TQ.qemu_argv(img, vars_fd, memory, "max",
                            ["-display", "none", "-serial", "stdio", "-monitor", "none"] + list(extra))
        rx = re.compile(stop_re, re.MULTILINE) if stop_re else None
        status, text, _, stopped = TQ.run_captured(argv, timeout, rx, log_path)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return status, TQ.strip_ansi(text), stopped


def parse_kaslr(text):
    """The key=value pairs of the single kaslr: line (ints where hex or
    decimal, floats for *_bits); raises ValueError unless exactly one."""
    lines = KASLR_RE.findall(text)
    if len(lines) != 1:
        raise ValueError("expected exactly one kaslr: line, found %d" % len(lines))
    out = {"off": "off (nokaslr)" in lines[0]}
    for k, v in re.findall(r"(\w+)=(\S+)", lines[0]):
        if k.endswith("_bits"):
            out[k] = float(v)
        elif v.startswith("0x"):
            out[k] = int(v, 16)
        elif v.isdigit():
            out[k] = int(v)
        else:
            out[k] = v
    return out


def layout_constants():
    """#define TERN_* numeric constants of include/tern/layout.h."""
    consts = {}
    with open(os.path.join(ROOT, "include", "tern", "layout.h")) as f:
        for m in re.finditer(r"^#define\s+(TERN_\w+)\s+(.+?)\s*(?:/\*.*)?$", f.read(), re.MULTILINE):
            expr = re.sub(r"(0x[0-9a-fA-F]+|\d+)ull", r"\1", m.group(2))
            expr = re.sub(r"\b(TERN_\w+)\b", lambda n: str(consts.get(n.group(1), "None")), expr)
            try:
                consts[m.group(1)] = int(eval(expr, {"__builtins__": {}}))
            except Exception:
                pass
    return consts


def slots(win, size, granule):
    return (win - size) // granule + 1 if 0 < size <= win else 0


def centibits(n):
    """floor(100 * log2(n)), exactly (integer arithmetic, no float ties)."""
    if n <= 1:
        return 0
    c = 100 * (n.bit_length() - 1)
    while 2 ** (c + 1) <= n ** 100:
        c += 1
    return c


def wait_serial(proc, stop_re, timeout, log_path):
    """Read QEMU's serial (its stdout) into log_path until stop_re matches;
    QEMU keeps running. Returns the text without colours, or None."""
    text, start = b"", time.monotonic()
    with open(log_path, "wb") as log:
        while time.monotonic() - start < timeout:
            r, _, _ = select.select([proc.stdout], [], [], 0.5)
            if r:
                data = os.read(proc.stdout.fileno(), 65536)
                if not data:
                    break
                text += data
                log.write(data)
                if stop_re.search(text.decode("utf-8", "replace")):
                    return TQ.strip_ansi(text.decode("utf-8", "replace"))
    return None


def spawn(argv):
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def report(problems):
    """Print each problem and the verdict; the exit status."""
    for pr in problems:
        print("FAIL: " + pr)
    print("PASS" if not problems else "FAIL")
    return 1 if problems else 0
