#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""netimpair: a userspace stand-in for netem between QEMU and a tap.

  netimpair.py --tap TAP --listen PATH [--seed N]      (inside the namespace)
  netimpair.py --selftest

Some kernels (this machine's among them) have no sch_netem and no tc
classifiers, so `tc qdisc ... netem` cannot impair a tap. This relay does
the same job in both directions:

  tern <-> QEMU -netdev stream (unix socket PATH) <-> netimpair <-> tap fd
                                                                 (namespace)

QEMU's stream backend frames each Ethernet frame as a 4-byte big-endian
length and the bytes; a stream (not UDP) means backpressure: when the
guest is slow QEMU stops reading and frames wait here, so no frame is lost
that the profile did not choose to lose. The tap is the one the namespace
already holds, opened again with TUNSETIFF (IFF_TAP | IFF_NO_PI).

Impairments apply to IPv4 TCP frames only (ARP, ICMP and the rest pass
untouched and at once, so address resolution never flakes); each
direction has its own seeded generator:
  loss P        drop the frame with probability P
  delay MS      release it MS ms after it arrived (order kept)
  reorder P     with probability P hold it back another HOLD ms (default
                5), so the frames behind it overtake it
Release times sit in a heap; the loop waits on epoll with the next
release as its timeout.

Control (stdin, one command a line; each answered with one line on
stdout): `set loss=0.05 delay=20 reorder=0 hold=5 seed=7` -> `ok ...`;
`stats` -> one JSON object (per direction: frames, bytes, dropped,
held, overtaken = TCP frames released after a TCP frame that arrived
later, and queue overflows); `trace` -> a JSON list of the last
TRACE_MAX TCP frames, one line of text each (time, direction, ports,
flags, seq, ack, window, payload length, and what the relay did with it),
for a failed test's transcript. End of stdin or QEMU closing the stream
ends it.
"""
import argparse
import collections
import fcntl
import heapq
import json
import os
import random
import select
import socket
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
OUT_MAX = 32 << 20  # bytes queued toward QEMU before frames are dropped
TRACE_MAX = 3000  # TCP frames the `trace` command remembers


def open_tap(name):
    """The existing tap `name` as a non-blocking fd of whole frames."""
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def is_tcp(frame):
    """IPv4 carrying TCP (EtherType 0x0800, protocol 6 at IP offset 9)."""
    return len(frame) >= 34 and frame[12:14] == b"\x08\x00" and frame[23] == 6


def tcp_summary(frame):
    """One line of frame's TCP header (RFC 9293 3.1): ports, flags, seq,
    ack, window (unscaled) and payload length; what it can read of a
    truncated frame."""
    ihl = (frame[14] & 0xF) * 4
    tot = struct.unpack_from("!H", frame, 16)[0]
    t = 14 + ihl
    if len(frame) < t + 20:
        return "short tcp frame of %d bytes" % len(frame)
    sport, dport, seq, ack, off, fl, win = struct.unpack_from("!HHIIBBH", frame, t)
    names = "".join(c for c, b in zip("FSRPAU", range(6)) if fl >> b & 1)
    return "%d>%d %s seq %u ack %u win %u len %d" % (
        sport, dport, names or ".", seq, ack, win, tot - ihl - (off >> 4) * 4)


class Profile:
    def __init__(self, loss=0.0, delay=0.0, reorder=0.0, hold=5.0, seed=1):
        self.loss, self.delay, self.reorder, self.hold, self.seed = loss, delay, reorder, hold, seed

    @classmethod
    def parse(cls, words):
        """Profile from `key=value` words (unknown keys: ValueError)."""
        kw = {}
        for w in words:
            k, sep, v = w.partition("=")
            if not sep or k not in ("loss", "delay", "reorder", "hold", "seed"):
                raise ValueError("bad setting %r" % w)
            kw[k] = int(v) if k == "seed" else float(v)
        p = cls(**kw)
        if not (0 <= p.loss < 1 and 0 <= p.reorder < 1 and p.delay >= 0 and p.hold >= 0):
            raise ValueError("setting out of range: %s" % " ".join(words))
        return p

    def __str__(self):
        return "loss=%g delay=%g reorder=%g hold=%g seed=%d" % (
            self.loss, self.delay, self.reorder, self.hold, self.seed)


class Direction:
    """One way through the link: decides when (or whether) each frame leaves."""

    def __init__(self, name, profile, index):
        self.name = name
        self.profile = profile
        self.rng = random.Random(profile.seed * 2 + index)
        self.arrived = 0  # arrival sequence numbers
        self.last_out = -1  # highest arrival number released so far
        self.stats = dict(frames=0, bytes=0, tcp=0, dropped=0, held=0, overtaken=0, overflow=0)
        self.trace = None  # the relay's shared trace (a deque)

    def note(self, now, frame, verdict):
        if self.trace is not None:
            self.trace.append((now, self.name, frame[:80], verdict))

    def admit(self, frame, now):
        """(release time, arrival number among TCP frames, None for the
        rest) for frame, or None to drop it."""
        st, p = self.stats, self.profile
        st["frames"] += 1
        st["bytes"] += len(frame)
        if not is_tcp(frame):
            return now, None
        seq = self.arrived
        self.arrived += 1
        st["tcp"] += 1
        if p.loss and self.rng.random() < p.loss:
            st["dropped"] += 1
            self.note(now, frame, "DROPPED")
            return None
        release = now + p.delay / 1000.0
        if p.reorder and self.rng.random() < p.reorder:
            st["held"] += 1
            release += p.hold / 1000.0
        self.note(now, frame, "held" if release > now + p.delay / 1000.0 else "")
        return release, seq

    def released(self, seq):
        """Note that TCP frame seq left; count it if a later one left first."""
        if seq is None:
            return
        if seq < self.last_out:
            self.stats["overtaken"] += 1
        else:
            self.last_out = seq


class Relay:
    """The event loop: tap fd on one side, QEMU's stream socket on the other."""

    def __init__(self, tap_fd, conn, profile, ctl_in=None, ctl_out=None):
        self.tap, self.conn = tap_fd, conn
        self.conn.setblocking(False)
        self.dirs = [Direction("to_guest", profile, 0), Direction("to_linux", profile, 1)]
        self.trace = collections.deque(maxlen=TRACE_MAX)
        self.t0 = time.monotonic()
        for d in self.dirs:
            d.trace = self.trace
        self.heap = []  # (release, tiebreak, direction index, arrival seq, frame)
        self.tie = 0
        self.inbuf = bytearray()
        self.out = bytearray()
        self.ctl_in, self.ctl_out = ctl_in, ctl_out
        self.ctl_buf = b""
        self.done = False

    def set_profile(self, p):
        for i, d in enumerate(self.dirs):
            d.profile = p
            d.rng = random.Random(p.seed * 2 + i)

    def stats(self):
        s = {d.name: dict(d.stats) for d in self.dirs}
        s["queued"] = len(self.heap)
        s["profile"] = str(self.dirs[0].profile)
        return s

    def trace_lines(self):
        return ["%9.3f %-8s %s %s" % (t - self.t0, name, tcp_summary(f), v)
                for t, name, f, v in self.trace]

    def enqueue(self, di, frame, now):
        d = self.dirs[di]
        r = d.admit(frame, now)
        if r is None:
            return
        release, seq = r
        if release <= now:
            self.emit(di, seq, frame)
        else:
            heapq.heappush(self.heap, (release, self.tie, di, seq, frame))
            self.tie += 1

    def emit(self, di, seq, frame):
        d = self.dirs[di]
        d.released(seq)
        if di == 0:  # toward the guest: QEMU's stream
            if len(self.out) > OUT_MAX:
                d.stats["overflow"] += 1
                return
            self.out += struct.pack("!I", len(frame)) + frame
        else:
            try:
                os.write(self.tap, frame)
            except BlockingIOError:
                d.stats["overflow"] += 1

    def release_due(self, now):
        h = self.heap
        while h and h[0][0] <= now:
            _, _, di, seq, frame = heapq.heappop(h)
            self.emit(di, seq, frame)

    def read_tap(self, now):
        for _ in range(512):  # bounded, so the other side gets its turn
            try:
                frame = os.read(self.tap, 65536)
            except BlockingIOError:
                return
            self.enqueue(0, frame, now)

    def read_qemu(self, now):
        try:
            data = self.conn.recv(1 << 18)
        except BlockingIOError:
            return
        if not data:
            self.done = True
            return
        self.inbuf += data
        buf, pos = self.inbuf, 0
        while len(buf) - pos >= 4:
            n = struct.unpack_from("!I", buf, pos)[0]
            if len(buf) - pos - 4 < n:
                break
            self.enqueue(1, bytes(buf[pos + 4:pos + 4 + n]), now)
            pos += 4 + n
        del buf[:pos]

    def flush(self):
        while self.out:
            try:
                n = self.conn.send(self.out)
            except BlockingIOError:
                return
            del self.out[:n]

    def control(self):
        data = os.read(self.ctl_in.fileno(), 4096)
        if not data:
            self.done = True
            return
        self.ctl_buf += data
        while b"\n" in self.ctl_buf:
            line, self.ctl_buf = self.ctl_buf.split(b"\n", 1)
            words = line.decode().split()
            if not words:
                continue
            if words[0] == "stats":
                reply = json.dumps(self.stats())
            elif words[0] == "trace":
                reply = json.dumps(self.trace_lines())
            elif words[0] == "set":
                try:
                    p = Profile.parse(words[1:])
                    self.set_profile(p)
                    reply = "ok " + str(p)
                except ValueError as e:
                    reply = "error " + str(e)
            else:
                reply = "error unknown command %r" % words[0]
            self.ctl_out.write(reply + "\n")
            self.ctl_out.flush()

    def run(self):
        ep = select.epoll()
        ep.register(self.tap, select.EPOLLIN)
        cfd = self.conn.fileno()
        ep.register(cfd, select.EPOLLIN)
        if self.ctl_in is not None:
            ep.register(self.ctl_in.fileno(), select.EPOLLIN)
        writing = False
        while not self.done:
            now = time.monotonic()
            timeout = max(0.0, self.heap[0][0] - now) if self.heap else 1.0
            for fd, ev in ep.poll(timeout):
                now = time.monotonic()
                if fd == self.tap:
                    self.read_tap(now)
                elif fd == cfd:
                    if ev & (select.EPOLLIN | select.EPOLLHUP | select.EPOLLERR):
                        self.read_qemu(now)
                elif self.ctl_in is not None and fd == self.ctl_in.fileno():
                    self.control()
            self.release_due(time.monotonic())
            self.flush()
            if bool(self.out) != writing:
                writing = bool(self.out)
                ep.modify(cfd, select.EPOLLIN | (select.EPOLLOUT if writing else 0))
        ep.close()


def selftest():
    """The decisions without sockets: loss and hold rates near the profile,
    delay order kept, overtaking counted, non-TCP untouched. Exit 0/1."""
    tcp = bytes(12) + b"\x08\x00" + bytes(9) + b"\x06" + bytes(40)
    arp = bytes(12) + b"\x08\x06" + bytes(28)
    problems = []
    d = Direction("t", Profile(loss=0.05, seed=3), 0)
    kept = sum(d.admit(tcp, 0.0) is not None for _ in range(100000))
    if not 94000 < kept < 96000:
        problems.append("loss 5%%: kept %d of 100000" % kept)
    if any(d.admit(arp, 0.0) is None for _ in range(1000)):
        problems.append("an ARP frame was dropped")
    d = Direction("t", Profile(delay=20, seed=3), 0)
    times = [d.admit(tcp, i * 0.001) for i in range(100)]
    if any(abs(r - (i * 0.001 + 0.020)) > 1e-9 for i, (r, _) in enumerate(times)):
        problems.append("delay 20 ms: release times off")
    d = Direction("t", Profile(delay=20, seed=3), 0)  # ARP passes, TCP keeps order
    out = sorted((d.admit(f, i * 0.001) + (i,) for i, f in enumerate([tcp, arp] * 50)),
                 key=lambda r: (r[0], r[2]))
    for _, seq, _ in out:
        d.released(seq)
    if d.stats["overtaken"]:
        problems.append("delay only: %d TCP frames counted as overtaken" % d.stats["overtaken"])
    d = Direction("t", Profile(reorder=0.1, hold=5, seed=3), 0)
    heap = [d.admit(tcp, i * 0.001) for i in range(10000)]
    heap.sort()
    for _, seq in heap:
        d.released(seq)
    if not 900 < d.stats["held"] < 1100:
        problems.append("reorder 10%%: held %d of 10000" % d.stats["held"])
    if d.stats["held"] - d.stats["overtaken"] not in (0, 1):  # all but maybe the last
        problems.append("overtaken %d != held %d" % (d.stats["overtaken"], d.stats["held"]))
    try:
        Profile.parse(["loss=1.5"])
        problems.append("loss=1.5 accepted")
    except ValueError:
        pass
    for p in problems:
        print("FAIL netimpair selftest: " + p)
    if not problems:
        print("PASS netimpair selftest")
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tap")
    ap.add_argument("--listen", help="unix socket path QEMU's stream backend connects to")
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--accept-timeout", type=float, default=300)
    ap.add_argument("settings", nargs="*", help="initial profile, e.g. loss=0.01")
    a = ap.parse_args()
    if a.selftest:
        return selftest()
    profile = Profile.parse(a.settings)
    tap = open_tap(a.tap)
    ls = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    ls.bind(a.listen)
    ls.listen(1)
    ls.settimeout(a.accept_timeout)
    print("listening %s tap %s %s" % (a.listen, a.tap, profile), flush=True)
    conn, _ = ls.accept()
    ls.close()
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    relay = Relay(tap, conn, profile, sys.stdin, sys.stdout)
    relay.run()
    print(json.dumps(relay.stats()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
