#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drive tern's shell the way a person would, in a headless QEMU.

  shell_session.py --esp IMG --artifacts DIR MODE

MODE:
  serial      type every command on the serial console, check each output's
              format, feed garbage lines and a 10 KB line, see the prompt
              come back each time; transcript in DIR/shell-transcript.txt
  keyboard    type a command with QEMU monitor `sendkey` (PS/2 keyboard)
              and check that it ran
  screendump  run `memmap`, take a monitor `screendump` of the framebuffer,
              check the image (non-blank, coloured, prompt row drawn), keep
              it as DIR/shell-memmap.png
  poweroff    `poweroff` ends QEMU with exit status 0
  reboot      `reboot` resets the machine (QEMU -no-reboot: exit status 0)
  smp         with -smp 4: `cpus` lists 4 CPUs online, each with a run
              queue; `spin` starts busy threads and `ps` shows them on
              several CPUs; they end and are reaped

The serial port is QEMU's stdio (pipes); the monitor a unix socket.
"""
import argparse
import os
import random
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
PROMPT = "tern> "
# A fresh prompt starts a line; a redraw of the line being edited is "\r" + PROMPT.
FRESH = r"\n" + PROMPT


sys.path.insert(0, HERE)
from kaslr_common import TQ  # noqa: E402  scripts/tern-qemu as a module
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Failure(Exception):
    pass


class Machine:
    """One QEMU: serial on pipes, monitor on a unix socket."""

    def __init__(self, esp, workdir, log, cmdline="", qemu_extra=()):
        img, vars_fd = TQ.prepare_image(esp, workdir, cmdline)
        self.mon_path = os.path.join(workdir, "monitor.sock")
        argv = TQ.qemu_argv(img, vars_fd, extra=[
            "-display", "none", "-serial", "stdio",
            "-monitor", "unix:%s,server,nowait" % self.mon_path] + list(qemu_extra))
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.out = b""
        self.seen = 0  # bytes of out already matched
        self.log = log
        self.mon = None

    def read_until(self, pattern, timeout):
        """Wait for regex pattern in the output after self.seen; return the
        text from self.seen to the end of the match, and move seen on."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern)
        while True:
            text = self.out[self.seen:].decode("utf-8", "replace")
            m = rx.search(text)
            if m:
                chunk = text[:m.end()]
                self.seen += len(chunk.encode("utf-8", "replace"))
                # keep byte accounting exact even with replacements
                self.seen = min(self.seen, len(self.out))
                return chunk
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise Failure("timed out waiting for %r; last output:\n%s" % (pattern, text[-2000:]))
            r, _, _ = select.select([self.proc.stdout], [], [], min(left, 0.5))
            if r:
                data = os.read(self.proc.stdout.fileno(), 65536)
                if data:
                    self.out += data
                    self.log.write(data)
                    self.log.flush()

    def send(self, data):
        """Write to the serial port in small pieces (a person types)."""
        for i in range(0, len(data), 64):
            self.proc.stdin.write(data[i:i + 64])
            self.proc.stdin.flush()
            time.sleep(0.005)

    def run(self, line, timeout=120):
        """Type line + CR; return the output up to the next prompt."""
        self.send(line.encode() + b"\r")
        return ANSI.sub("", self.read_until(FRESH, timeout))

    def monitor(self, cmd):
        if self.mon is None:
            for _ in range(100):
                try:
                    self.mon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    self.mon.connect(self.mon_path)
                    break
                except OSError:
                    self.mon = None
                    time.sleep(0.1)
            if self.mon is None:
                raise Failure("no QEMU monitor at " + self.mon_path)
            self.mon_read("(qemu)")
        self.mon.sendall(cmd.encode() + b"\n")
        return self.mon_read("(qemu)")

    def mon_read(self, until, timeout=30):
        buf = b""
        deadline = time.monotonic() + timeout
        while until.encode() not in buf:
            self.mon.settimeout(max(0.1, deadline - time.monotonic()))
            data = self.mon.recv(4096)
            if not data:
                break
            buf += data
        return buf.decode("utf-8", "replace")

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


# Each command with a pattern its output must match.
COMMANDS = [
    ("help", r"memmap .*physical memory map[\s\S]*poweroff"),
    ("mem", r"frames: \d+ managed, \d+ free[\s\S]*pages: \d+ live"),
    ("memmap", r"#\s+start\s+end[\s\S]*0x[0-9a-f]{16} 0x[0-9a-f]{16} +\d+ K  usable"
               r"[\s\S]*memmap: \d+ ranges, \d+ MiB usable[\s\S]*\u2588[\s\S]*legend:"),
    ("lspci", r"[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]"),
    ("irq", r"(?i)spurious"),
    ("uptime", r"up \d+\.\d+ s"),
    ("ps", r"id\s+name\s+state[\s\S]*shell\s+running[\s\S]*idle/0\s+\w+\s+0\s+0[\s\S]*reaper"
           r"[\s\S]*threads: \d+ created, \d+ reaped"),
    ("kaslr", r"kaslr: (on|off)[^\n]*slide 0x[0-9a-f]+[\s\S]*kernel virt\s+\d+ slots\s+\d+\.\d\d bits"),
    ("log 400", r"log: 400 of \d+ bytes"),
    ("log", r"tern [0-9]+\.[0-9]+\.[0-9]+[\s\S]*log: \d+ of \d+ bytes"),
    # programs from the initramfs in ring 3 (issue 15)
    ("run hello", r"hello, world"),
    ("run echo one two  three", r"one two three"),
    ("run false", r"run: /bin/false \(pid \d+\) exited with 1"),
    ("run nosuch", r"run: /bin/nosuch: no such program"),
    ("run /etc/motd", r"exec: /etc/motd: .*\n.*run: /etc/motd: cannot start \(error 8\)"),
    ("run cat /etc/motd", r"Welcome to tern\. This file is /etc/motd, read from the initramfs\."),
    ("run cat /etc/nosuch", r"cat: /etc/nosuch: no such file or directory\r?\nrun: /bin/cat \(pid \d+\) exited with 1"),
    ("run aslr", r"pie 0x[0-9a-f]{16}\r?\ndata 0x[0-9a-f]{16}\r?\nstack 0x[0-9a-f]{16}"),
    ("prof show", r"prof: no samples \(prof start\)"),
    ("prof start", r"prof: sampling"),
    ("bench", r"\d"),
    ("prof stop", r"prof: stopped, [1-9]\d* samples"),
    # the bench command's time is the kernel's: rows of self% incl% name
    ("prof show 5", r"prof: [1-9]\d* samples in \d+ ms \(0 in user mode\), by NMI\r?\n"
                    r"\s+self%\s+incl%\s+function \(by self samples\)\r?\n"
                    r"(\s+\d+\.\d\s+\d+\.\d\s+\w+\r?\n){1,5}"
                    r"\s+incl%\s+self%\s+function \(by inclusive samples\)\r?\n"
                    r"(\s+\d+\.\d\s+\d+\.\d\s+\w+\r?\n){1,5}"),
    ("prof sideways", r"prof: start, stop or show \[N\]"),
    ("prof show 0", r"prof: show N wants a count > 0"),
    # the initramfs (\\tern\\initrd.cpio, tests/qemu/initrd.cmake): /etc and
    # /etc/motd with their modes, then one file's text
    ("initrd", r"drwxr-xr-x +0  /etc\r?\n[\s\S]*-rw-r--r-- +\d+  /etc/motd\r?\n"
               r"[\s\S]*initrd: [1-9]\d* files?, \d+ members, \d+ KiB"),
    ("initrd etc//motd", r"Welcome to tern\. This file is /etc/motd"),
    ("initrd /etc", r"initrd: /etc: a directory"),
    ("initrd /etc/nosuchfile", r"initrd: /etc/nosuchfile: no such file"),
    ("nosuchcmd", r"unknown command 'nosuchcmd'; try 'help'"),
    ("ps extra", r"usage: ps"),
    ("log notanumber", r"usage: log \[bytes\]"),
    ("a b c d e f g h i j", r"too many words"),
    ("   ", r"^\s*tern> $"),
]


def check(name, text, pattern):
    if not re.search(pattern, text):
        raise Failure("output of %r does not match %r:\n%s" % (name, pattern, text[-3000:]))


def check_cpu_time(m, transcript):
    """No thread has run longer than the machine has been up."""
    ps = m.run("ps")
    up = m.run("uptime")
    transcript.append(("ps", ps))
    transcript.append(("uptime", up))
    up_ms = float(re.search(r"up (\d+\.\d+) s", up).group(1)) * 1000
    rows = re.findall(r"^\s*\d+\s+(\S+)\s+\w+\s+\d+\s+\d+\s+\d+\s+(\d+)\s*$", ps, re.M)
    if len(rows) < 3:
        raise Failure("ps lists %d threads with their CPU times:\n%s" % (len(rows), ps))
    for name, ms in rows:
        if int(ms) > up_ms + 50:
            raise Failure("thread %s has %s ms of CPU time after %.0f ms of uptime" % (name, ms, up_ms))


def garbage_lines(rng, count):
    """Lines of random bytes (no CR/LF inside: each is one line), and some
    hand-made nasty ones."""
    lines = [b"\x1b[A\x1b[A\x1b[B\x1b[D\x1b[C\x1b[3~\x1b[H\x1b[F",
             b"\x1b[999999999999999999999999999999999999999X",
             b"\x1b", b"\x1b[", b"\x1bO", b"\x00\x01\x02\x04\x05\x06\x07\x08\x0b\x0c",
             b"\xff\xfe\xc3\x28\xe2\x82", b"\t\t\t\t", b"\x17\x15\x0b",
             "h\u00e9llo \u2588\u2593".encode()]
    for _ in range(count):
        n = rng.randint(1, 200)
        lines.append(bytes(b for b in (rng.randrange(256) for _ in range(n))
                           if b not in (0x0d, 0x0a, 0x03)))
    return lines


def mode_serial(m, a, transcript):
    for name, pattern in COMMANDS:
        out = m.run(name)
        transcript.append((name, out))
        check(name, out, pattern)
    check_cpu_time(m, transcript)
    rng = random.Random(0x7465726e)
    for i, line in enumerate(garbage_lines(rng, 40)):
        m.send(line + b"\r")
        out = ANSI.sub("", m.read_until(FRESH, 60))
        transcript.append(("<garbage line %d, %d bytes>" % (i, len(line)), out))
    out = m.run("x" * 10240)
    transcript.append(("<10240-byte line>", out[-300:]))
    check("10 KB line", out, r"line too long: \d+ bytes over the limit of 255 were dropped")
    out = m.run("uptime")  # the shell still works
    transcript.append(("uptime", out))
    check("uptime after garbage", out, r"up \d+\.\d+ s")
    # history and completion, as typed
    out = m.run("upt\t")
    transcript.append(("upt<Tab>", out))
    check("tab completion", out, r"up \d+\.\d+ s")
    out = m.run("\x1b[A")
    transcript.append(("<Up>", out))
    check("history", out, r"up \d+\.\d+ s")


def type_keys(m, keys):
    for key in keys:
        m.monitor("sendkey " + key)
        time.sleep(0.05)
    return ANSI.sub("", m.read_until(FRESH, 60))


def mode_keyboard(m, a, transcript):
    m.monitor("info status")
    cases = [
        ("uptime", list("uptime") + ["ret"], r"up \d+\.\d+ s"),
        ("ps", ["p", "s", "ret"], r"shell\s+running"),
        # Shift, Backspace
        ("P<BS>ps", ["shift-p", "backspace", "p", "s", "ret"], r"shell\s+running"),
        # extended keys (0xe0 prefix): Home, End, Left, Delete, Up
        ("ptime<Home>u<End>", list("ptime") + ["home", "u", "end", "ret"], r"up \d+\.\d+ s"),
        ("uptimex<Left><Delete>", list("uptimex") + ["left", "delete", "ret"], r"up \d+\.\d+ s"),
        ("<Up>", ["up", "ret"], r"up \d+\.\d+ s"),
        # Ctrl-U kills the line; Tab completes
        ("junk<C-u>upt<Tab>", list("junk") + ["ctrl-u", "u", "p", "t", "tab", "ret"], r"up \d+\.\d+ s"),
    ]
    for name, keys, pattern in cases:
        out = type_keys(m, keys)
        transcript.append(("<keyboard> " + name, out))
        check("keyboard " + name, out, pattern)


def ppm_to_png(ppm, png_path):
    """Binary PPM (P6) -> PNG, pure python (zlib). Returns (w, h, rows)."""
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", ppm)
    if not m:
        raise Failure("screendump is not a P6 PPM")
    w, h, maxval = int(m.group(1)), int(m.group(2)), int(m.group(3))
    data = ppm[m.end():]
    if maxval != 255 or len(data) < w * h * 3:
        raise Failure("screendump: unexpected PPM (%dx%d, max %d, %d bytes)" % (w, h, maxval, len(data)))
    rows = [data[y * w * 3:(y + 1) * w * 3] for y in range(h)]

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
    raw = b"".join(b"\x00" + r for r in rows)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
    with open(png_path, "wb") as f:
        f.write(png)
    return w, h, rows


def check_image(w, h, rows, min_colours):
    """Non-blank, at least min_colours colours, and the last text row (the
    prompt's) has pixels in its first cells."""
    bg = rows[0][0:3]
    colours = set()
    lit_rows = []
    for y in range(0, h):
        r = rows[y]
        lit = False
        for x in range(0, min(w, 640)):
            px = r[x * 3:x * 3 + 3]
            if px != bg:
                lit = True
                colours.add(px)
        if lit:
            lit_rows.append(y)
    if not lit_rows:
        raise Failure("screendump is blank")
    if len(colours) < min_colours:
        raise Failure("screendump has %d colours, expected at least %d" % (len(colours), min_colours))
    last = lit_rows[-1]
    cell_top = last - last % 16
    prompt_px = sum(1 for y in range(cell_top, min(h, cell_top + 16))
                    for x in range(0, 48) if rows[y][x * 3:x * 3 + 3] != bg)
    if prompt_px < 20:
        raise Failure("no prompt drawn in the last text row (y=%d)" % cell_top)
    return len(colours), len(lit_rows), cell_top


def screendump(m, a, transcript, name, min_colours):
    """Monitor screendump -> DIR/name (PNG), checked."""
    time.sleep(1)
    ppm_path = os.path.join(a.workdir, name + ".ppm")
    m.monitor("screendump " + ppm_path)
    for _ in range(50):
        if os.path.exists(ppm_path) and os.path.getsize(ppm_path) > 0:
            break
        time.sleep(0.1)
    time.sleep(0.5)
    with open(ppm_path, "rb") as f:
        ppm = f.read()
    png = os.path.join(a.artifacts, name)
    w, h, rows = ppm_to_png(ppm, png)
    ncol, nrows, prompt_y = check_image(w, h, rows, min_colours)
    transcript.append(("<screendump %s>" % name,
                       "%dx%d, %d colours, %d lit pixel rows, prompt row at y=%d, saved %s\n"
                       % (w, h, ncol, nrows, prompt_y, png)))


def mode_screendump(m, a, transcript):
    screendump(m, a, transcript, "shell-prompt.png", 1)
    out = m.run("memmap")
    transcript.append(("memmap", out))
    check("memmap", out, COMMANDS[2][1])
    # the picture: green usable, red kernel, blue framebuffer, ...
    screendump(m, a, transcript, "shell-memmap.png", 4)


def command_ends_qemu(m, cmd, transcript, why):
    """cmd must end QEMU with exit status 0 (why: what that means)."""
    m.send(cmd.encode() + b"\r")
    status = m.wait_exit(60)
    transcript.append((cmd, "QEMU exit status %s\n" % status))
    if status != 0:
        raise Failure("%s: QEMU exit status %s, expected 0 (%s)" % (cmd, status, why))


def mode_poweroff(m, a, transcript):
    command_ends_qemu(m, "poweroff", transcript, "ACPI S5")


def mode_reboot(m, a, transcript):
    command_ends_qemu(m, "reboot", transcript, "a reset, QEMU runs with -no-reboot")


SMP_CPUS = 4


def spin_cpus(ps):
    """The CPUs of the spin threads in a ps listing (id name state prio cpu ...)."""
    return {int(c) for c in re.findall(r"^\s*\d+\s+spin\s+\w+\s+\d+\s+(\d+)\s", ps, re.M)}


def mode_smp(m, a, transcript):
    out = m.run("cpus")
    transcript.append(("cpus", out))
    online = re.findall(r"^\s*\d+\s+\d+\s+online\s", out, re.M)
    queues = re.findall(r"^\s*\d+\s+\S+(?:\s+\d+){6}\s*$", out, re.M)
    if len(online) != SMP_CPUS or len(queues) != SMP_CPUS:
        raise Failure("cpus: %d online, %d run queues (want %d):\n%s"
                      % (len(online), len(queues), SMP_CPUS, out))
    out = m.run("spin %d 4000" % SMP_CPUS)
    transcript.append(("spin %d 4000" % SMP_CPUS, out))
    check("spin", out, r"spin: %d threads busy for 4000 ms" % SMP_CPUS)
    time.sleep(1)
    seen = set()
    for _ in range(3):
        out = m.run("ps")
        transcript.append(("ps", out))
        seen |= spin_cpus(out)
        if len(seen) >= SMP_CPUS - 1:
            break
    if len(seen) < SMP_CPUS - 1:
        raise Failure("spin threads seen on CPUs %s only" % sorted(seen))
    out = m.run("cpus")
    transcript.append(("cpus", out))
    time.sleep(4)
    out = m.run("ps")
    transcript.append(("ps", out))
    if spin_cpus(out):
        raise Failure("spin threads still there after their time:\n" + out)
    check_cpu_time(m, transcript)


MODES = {"serial": mode_serial, "smp": mode_smp, "reboot": mode_reboot, "keyboard": mode_keyboard,
         "screendump": mode_screendump, "poweroff": mode_poweroff}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp", required=True)
    p.add_argument("--artifacts", required=True)
    p.add_argument("--boot-timeout", type=float, default=120)
    p.add_argument("mode", choices=sorted(MODES))
    a = p.parse_args()
    os.makedirs(a.artifacts, exist_ok=True)
    a.workdir = tempfile.mkdtemp(prefix="tern-shell-")
    transcript = []
    log_path = os.path.join(a.artifacts, "shell-%s.serial.log" % a.mode)
    name = "shell-transcript.txt" if a.mode == "serial" else "shell-%s-transcript.txt" % a.mode
    rc = 0
    with open(log_path, "wb") as log:
        m = Machine(a.esp, a.workdir, log,
                    qemu_extra=["-smp", str(SMP_CPUS)] if a.mode == "smp" else [])
        try:
            boot = m.read_until(FRESH, a.boot_timeout)
            transcript.append(("<boot>", ANSI.sub("", boot)[-1500:]))
            MODES[a.mode](m, a, transcript)
            if "KERNEL PANIC" in m.out.decode("utf-8", "replace"):
                raise Failure("KERNEL PANIC in the serial log")
            print("PASS shell %s" % a.mode)
        except Failure as e:
            print("FAIL shell %s: %s" % (a.mode, e))
            rc = 1
        finally:
            m.kill()
            shutil.rmtree(a.workdir, ignore_errors=True)
    with open(os.path.join(a.artifacts, name), "w") as f:
        for cmd, out in transcript:
            f.write("%s%s\n%s\n" % (PROMPT, cmd, out))
    print("transcript: %s, serial log: %s" % (os.path.join(a.artifacts, name), log_path))
    return rc


if __name__ == "__main__":
    sys.exit(main())
