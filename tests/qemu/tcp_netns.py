#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tern's TCP against a real Linux peer: a tap inside a network namespace
that this test creates and deletes (root only; net_netns.py's namespace).

  tcp_netns.py --esp IMG --artifacts DIR --nic virtio|e1000|e1000e CASE

  namespace ternPID: tapPID 10.0.9.1/24 (Linux: curl, python clients,
  scapy, http.server)  <->  [netimpair relay or netem]  <->  QEMU  ->  tern
  10.0.9.2 (net=static), its services on ports 7, 9 and 80

CASE:
  bulk      clean link (QEMU's tap backend): SIZE (64 MiB) guest -> Linux
            (curl GET /bytes?n=SIZE, sha256 against the pattern byte i =
            i % 251 computed here) and Linux -> guest (curl POST /sink,
            tern's sha256 against ours)
  loss1 loss5 delay reorder
            the same two transfers under 1 % loss, 5 % loss, 20 ms delay
            each way, or reordering (5 % of segments held back 5 ms), in
            both directions. Real netem on the tap (plus an ifb for the
            other direction) when this kernel has it, else the userspace
            relay netimpair.py; the transcript says which. The relay's
            counters must show the impairment happened (drops, overtakes,
            a connect time of at least two delays). A suffix picks one
            direction: loss5-out (guest to Linux), loss5-in (Linux to guest).
  leaks     1,000 sequential short connections (HTTP GET /bytes?n=1000
            with Connection: close, echo, discard); then the status page's
            tcp_buf_bytes equals its baseline and tcp_socks equals it once
            the TIME-WAIT sockets netstat lists are left out; after 2 MSL
            tcp_socks equals the baseline, and mem_used_bytes has grown by
            at most LEAK_MEM_MAX
  synflood  scapy sends FLOOD SYNs (random ports; half from the
            namespace's address, half spoofed from others in 10.0.9.0/24)
            to port 80, over and over for FLOOD_SECS, while curl fetches
            /status five times (each must succeed); then curl still gets
            /status, tcp_cookies_sent +
            tcp_backlog_drops > 0, mem_used_bytes grew by at most
            FLOOD_MEM_MAX, and once the half-open connections have given
            up tcp_socks and tcp_buf_bytes are back at their baseline
  slowloris 40 connections from a second namespace address each send a
            request head a byte every 2 s: beyond 16 (the per-address cap)
            are reset at once, the rest get 408 within the 10 s head
            deadline; curl /status from the namespace's own address works
            5 times meanwhile; tcp_buf_bytes back at its baseline
  orphans   ORPHAN_CLIENTS clients from four namespace addresses, each
            with the smallest receive buffer Linux allows, send GET
            /bytes?n=200000 HTTP/1.0 and their FIN: httpd queues the
            response and closes, leaving an orphan that Linux's shut
            window holds. Half never read, half trickle ORPHAN_TRICKLE
            bytes a second (less than a segment per idle window). tern
            boots with tcp_max_orphans=ORPHAN_MAX and
            tcp_orphan_idle_ms=ORPHAN_IDLE_MS: beyond ORPHAN_MAX a close
            resets at once, every orphan is reset within two idle windows;
            curl /status works every 2 s meanwhile, tcp_orphans and
            tcp_orphan_bytes stay within the limits, tcp_mem_bytes within
            the budget (never under pressure); afterwards no orphan is left
            and tcp_buf_bytes, tcp_socks and mem_used_bytes are back at
            their baseline
  impair    64 MiB each way on a direct link with every virtio-net offload
            on, through tern's own impairment (net/impair.c: 1 % of TCP
            frames lost, 2 % held back, each way; a super-segment is one
            frame): byte-exact, and frames were dropped and held and
            super-segments went to the device
  get       tern's shell `get` against python's http.server bound to
            10.0.9.1:8080 in the namespace: status line and byte count for
            a 4 MiB file, a small one, a 404, and a refused port
  huge      one GET of --huge bytes (default 4.5 GiB, past 2^32) by
            length and sha256, then sockets and buffers at their baseline;
            not in ctest (minutes even on a release kernel): scripts/soak
            runs it

Every transfer's rate is printed (MB = 10^6 bytes). Exit 77 (ctest:
skipped) only without root, namespaces or taps; missing curl or scapy
(scripts/setup installs them) is a failure. Every exit path
kills QEMU, the relay and the servers and deletes the namespace.
Transcript: DIR/tcp-netns-CASE-NIC.txt; serial log beside it.
"""
import argparse
import errno
import hashlib
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import net_netns as NN  # noqa: E402
import net_session as N  # noqa: E402
import shell_session as S  # noqa: E402
import tcp_user as U  # noqa: E402
from kaslr_common import TQ  # noqa: E402

SKIP = 77
HOST_IP = NN.HOST_IP
GUEST_IP = NN.NET + ".2"
CMDLINE = "net=static:%s/24,%s,%s" % (GUEST_IP, HOST_IP, HOST_IP)
SIZE = 64 << 20
LEAK_CONNS = 1000
LEAK_MEM_MAX = 1 << 20  # a leak of 1 KiB per connection fails
FLOOD = 20000
FLOOD_MEM_MAX = 4 << 20  # the half-open queue (seen: +64 KiB), not FLOOD sockets
FLOOD_SECS = 10  # the flood goes on this long while curl fetches /status
FLOOD_RATE = 50000  # SYNs a second at most (tern sees a fraction under TCG)
TIME_WAIT_S = 60  # 2 MSL (TCP_MSL_MS in net/tcp/tcp.h)
SLOW_SRC = NN.NET + ".50"  # slowloris: a second address in the namespace
SLOW_CONNS = 40
SLOW_CAP = 16  # svc_per_src_max (kernel/net/svc_limit.c)
HTTP_PORT = 8080  # http.server inside the namespace (case get)
ORPHAN_SRCS = [NN.NET + ".%d" % i for i in range(60, 64)]  # 8 clients each, < svc_per_src
ORPHAN_CLIENTS = 32
ORPHAN_MAX = 16  # tcp_max_orphans on tern's command line (default 256)
ORPHAN_IDLE_MS = 10000  # tcp_orphan_idle_ms (default 60000)
ORPHAN_BYTES = 200000  # the response each orphan holds (fits tern's 256 KiB sndbuf)
ORPHAN_TRICKLE = 100  # bytes a second an odd client reads: < a segment per idle window
ORPHAN_HOLD = 50  # s the clients wait for tern to end them
ORPHAN_BUF = 512 << 10  # an orphan's buffers: TCP_SNDBUF_DEFAULT + TCP_RCVBUF_DEFAULT
# Boot options a case needs besides CMDLINE.
# impair: tern's own impairment (net/impair.c) on a direct link, where every
# virtio-net offload is on (no relay carries vnet headers): per frame each
# way, a TSO super-segment or a coalesced 64 KiB receive being one frame.
IMPAIR_LOSS_PPM = 10000
IMPAIR_REORDER_PPM = 20000
CASE_CMDLINE = {"orphans": " tcp_max_orphans=%d tcp_orphan_idle_ms=%d" % (ORPHAN_MAX, ORPHAN_IDLE_MS),
                "impair": " impair_loss_ppm=%d impair_reorder_ppm=%d" % (IMPAIR_LOSS_PPM, IMPAIR_REORDER_PPM)}

# Impairment profiles: netimpair.py settings (netem's are derived).
PROFILES = {
    "loss1": "loss=0.01",
    "loss5": "loss=0.05",
    "delay": "delay=20",
    "reorder": "reorder=0.05 hold=5",
}


# --- the byte pattern of GET /bytes (tcp_user.py's) ---------------------------
def write_pattern(path, n):
    block = U.pattern((1 << 20) - (1 << 20) % U.PERIOD)  # whole periods
    with open(path, "wb") as f:
        while n > 0:
            f.write(block[:n])
            n -= min(n, len(block))


# --- the link between QEMU and the tap --------------------------------------
class Link:
    """How frames cross between QEMU and the namespace's tap: `direct`
    (QEMU's tap backend), `netem` (the same, with netem on the tap and on
    an ifb fed from the tap's ingress) or `relay` (netimpair.py, QEMU's
    stream backend on a unix socket). ns.close() ends everything here."""

    def __init__(self, ns, workdir, settings, log, t):
        self.ns, self.kind, self.relay, self.t = ns, "direct", None, t
        self.ifb = "ifb%d" % os.getpid()
        if settings is None:
            return
        why = self.try_netem(settings)
        if why is None:
            self.kind = "netem"
            t.append(("<link>", "netem on %s and %s: %s\n" % (ns.tap, self.ifb, self.netem_args(settings))))
            return
        t.append(("<link>", "no netem here (%s): netimpair relay, %s\n" % (why, settings)))
        self.kind = "relay"
        self.path = os.path.join(workdir, "link.sock")
        self.relay = subprocess.Popen(
            ns.ex(sys.executable, os.path.join(HERE, "netimpair.py"), "--tap", ns.tap,
                  "--listen", self.path, *settings.split()),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, start_new_session=True)
        ns.procs.append(self.relay)
        line = self.reply(30)
        if not line.startswith("listening"):
            raise N.Failure("netimpair did not start: %r" % line)

    @staticmethod
    def netem_args(settings):
        kv = dict(w.split("=") for w in settings.split())
        args = []
        if "loss" in kv:
            args += ["loss", "%g%%" % (100 * float(kv["loss"]))]
        if "delay" in kv:
            args += ["delay", "%sms" % kv["delay"]]
        if "reorder" in kv:  # netem sends reorder% at once, delays the rest
            args += ["delay", "%sms" % kv.get("hold", "5"),
                     "reorder", "%g%%" % (100 - 100 * float(kv["reorder"]))]
        return args

    def try_netem(self, settings):
        """netem both ways, or the reason why not (and nothing left set)."""
        ex, tap, ifb = self.ns.ex, self.ns.tap, self.ifb
        netem = ["netem", "limit", "100000"] + self.netem_args(settings)
        steps = [["tc", "qdisc", "add", "dev", tap, "root"] + netem,
                 ["ip", "link", "add", ifb, "type", "ifb"],
                 ["ip", "link", "set", ifb, "up"],
                 ["tc", "qdisc", "add", "dev", tap, "handle", "ffff:", "ingress"],
                 ["tc", "filter", "add", "dev", tap, "parent", "ffff:", "matchall",
                  "action", "mirred", "egress", "redirect", "dev", ifb],
                 ["tc", "qdisc", "add", "dev", ifb, "root"] + netem]
        for argv in steps:
            r = subprocess.run(ex(*argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if r.returncode != 0:
                for undo in (["tc", "qdisc", "del", "dev", tap, "root"],
                             ["tc", "qdisc", "del", "dev", tap, "ingress"],
                             ["ip", "link", "del", ifb]):
                    NN.sh(ex(*undo), check=False)
                return "`%s`: %s" % (" ".join(argv[:4]), r.stdout.strip())
        return None

    def qemu_net(self, nic, device_opts=""):
        argv = TQ.net_argv(nic, self.ns.tap)
        if self.kind == "relay":
            argv[1] = "stream,id=n0,server=off,addr.type=unix,addr.path=" + self.path
        if device_opts:
            argv[-1] += "," + device_opts
        return argv

    def reply(self, timeout):
        """The relay's next stdout line."""
        fd = self.relay.stdout.fileno()
        if not select.select([fd], [], [], timeout)[0]:
            raise N.Failure("netimpair: no answer in %d s" % timeout)
        return self.relay.stdout.readline().decode().strip()

    def ask(self, command):
        """The relay's JSON answer to command, or None for netem/direct."""
        if self.relay is None:
            return None
        self.relay.stdin.write(command.encode() + b"\n")
        self.relay.stdin.flush()
        return json.loads(self.reply(30))

    def stats(self):
        """The relay's counters (dict), or None for netem/direct."""
        return self.ask("stats")


# --- the guest -------------------------------------------------------------
class TcpMachine(N.NetMachine):
    """QEMU inside the namespace with a static address on 10.0.9.0/24."""

    def __init__(self, ns, link, esp, workdir, log, nic, cmdline=CMDLINE, device_opts=""):
        img, vars_fd = TQ.prepare_image(esp, workdir, cmdline)
        self.mon_path = os.path.join(workdir, "monitor.sock")
        argv = ns.ex(*TQ.qemu_argv(img, vars_fd, extra=[
            "-display", "none", "-serial", "stdio",
            "-monitor", "unix:%s,server,nowait" % self.mon_path] + link.qemu_net(nic, device_opts)))
        self.start(argv, log)


class Ctx:
    def __init__(self, a, ns, link, m, t, res, workdir):
        self.a, self.ns, self.link, self.m, self.t, self.res, self.workdir = a, ns, link, m, t, res, workdir

    def note(self, key, value):
        """A result: printed at once (ctest's log), kept for the summary."""
        self.res[key] = value
        print("  %s: %s" % (key, value), flush=True)

    def proc(self, argv, timeout, sink=None):
        """Run argv to its end while keeping tern's serial port drained (a
        full pipe would stall the guest's console). Its stdout goes to
        sink(bytes) if given. Returns (exit status, stdout, stderr)."""
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = [], []
        pipes = {p.stdout.fileno(): sink or out.append, p.stderr.fileno(): err.append}
        deadline = time.monotonic() + timeout
        try:
            while pipes:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise N.Failure("%s: still running after %d s" % (" ".join(argv), timeout))
                serial = [self.m.proc.stdout.fileno()] if self.m and self.m.proc.poll() is None else []
                for fd in select.select(list(pipes) + serial, [], [], min(left, 1.0))[0]:
                    if fd not in pipes:
                        U.drain(self.m)
                        continue
                    data = os.read(fd, 1 << 20)
                    if data:
                        pipes[fd](data)
                    else:
                        del pipes[fd]
            rc = p.wait()
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
            p.stdout.close()
            p.stderr.close()
        return rc, b"".join(out).decode("utf-8", "replace"), b"".join(err).decode("utf-8", "replace")

    def helper(self, timeout, *args):
        """This file in one of its namespace modes; its output (it must
        succeed)."""
        argv = self.ns.ex(sys.executable, os.path.abspath(__file__), *args)
        rc, out, err = self.proc(argv, timeout)
        if rc != 0:
            raise N.Failure("%s: exit %d: %s%s" % (" ".join(args), rc, out, err))
        return out

    def curl(self, *args, timeout=60):
        """curl in the namespace: its stdout and stderr as one text."""
        _, out, err = self.proc(self.ns.ex("curl", "-sS", "--max-time", str(timeout), *args), timeout + 30)
        return out + err

    def status(self, tries=5):
        """The status page as {name: int-or-str}."""
        for i in range(tries):
            out = self.curl("http://%s/status" % GUEST_IP, timeout=30)
            vals = dict(re.findall(r"^(\w+): *(\S+)\s*$", out, re.M))
            if "tcp_socks" in vals and "mem_used_bytes" in vals:
                return {k: int(v) if v.isdigit() else v for k, v in vals.items()}
            time.sleep(2)
        raise N.Failure("no status page from %s after %d tries: %s" % (GUEST_IP, tries, out[-2000:]))

    def netstat_states(self):
        """{state: count} from the shell's netstat."""
        out = self.m.run("netstat", 120)
        self.t.append(("netstat", out[-6000:]))
        states = {}
        for st in re.findall(r"(?m)^tcp\s+\S+\s+\S+\s+([A-Z][A-Z0-9-]+)", out):
            states[st] = states.get(st, 0) + 1
        return states

    def linux_retrans(self):
        """Segments Linux retransmitted in the namespace (its own MIB)."""
        snmp = NN.sh(self.ns.ex("cat", "/proc/net/snmp"))
        head, vals = [l.split() for l in snmp.splitlines() if l.startswith("Tcp:")][:2]
        return int(vals[head.index("RetransSegs")])


# The boot line naming each driver's offloads.
FEATURE_LINES = {"virtio": "virtio-net: features", "e1000": "e1000: offloads"}


def check_features(c):
    """--expect-features: the offloads the driver uses, as its boot line
    (`virtio-net: features ...`, `e1000: offloads ...`) names them."""
    want = c.a.expect_features
    if want:
        boot = c.m.out.decode("utf-8", "replace")
        line = FEATURE_LINES[c.a.nic]
        m = re.search(re.escape(line) + r" ?([a-z0-9_ ]*)", boot)
        got = m.group(1).strip() if m else "(no line)"
        if got != want:
            raise N.Failure("%s %r, expected %r" % (line, got, want))
        c.note("features", got)


def wait_services(c, timeout=120):
    """The kernel starts its services once the stack is up: poll /status."""
    deadline = time.monotonic() + timeout
    while True:
        out = c.curl("--connect-timeout", "5", "http://%s/status" % GUEST_IP, timeout=15)
        if "tcp_socks" in out:
            return
        if time.monotonic() > deadline:
            raise N.Failure("no status page within %d s: %s" % (timeout, out[-1000:]))
        time.sleep(2)


# --- transfers ---------------------------------------------------------------
def rate(n, secs):
    return "%d bytes in %.2f s = %.2f MB/s" % (n, secs, n / 1e6 / max(secs, 1e-9))


def get_bytes(c, n, timeout):
    """curl GET /bytes?n=n in the namespace, hashed as it arrives."""
    url = "http://%s/bytes?n=%d" % (GUEST_IP, n)
    h, got = hashlib.sha256(), [0]

    def sink(chunk):
        h.update(chunk)
        got[0] += len(chunk)

    t0 = time.monotonic()
    rc, _, err = c.proc(c.ns.ex("curl", "-sS", "--max-time", str(timeout), url), timeout + 30, sink)
    secs = time.monotonic() - t0
    got = got[0]
    c.t.append(("<linux> curl %s" % url, "exit %d, %s, sha256 %s %s\n" % (rc, rate(got, secs), h.hexdigest(), err)))
    if rc != 0 or got != n:
        raise N.Failure("GET /bytes?n=%d: curl exit %d after %d bytes: %s" % (n, rc, got, err))
    want = U.pattern_sha256(n)
    if h.hexdigest() != want:
        raise N.Failure("GET /bytes?n=%d: sha256 %s, pattern %s" % (n, h.hexdigest(), want))
    return secs


def post_sink(c, n, timeout):
    """curl POST /sink of n pattern bytes; tern's sha256 must be ours."""
    path = os.path.join(c.workdir, "pattern.bin")
    if not os.path.exists(path) or os.path.getsize(path) != n:
        write_pattern(path, n)
    url = "http://%s/sink" % GUEST_IP
    t0 = time.monotonic()
    out = c.curl("-H", "Expect:", "-H", "Content-Type: application/octet-stream",
                 "-X", "POST", "-T", path, url, timeout=timeout)
    secs = time.monotonic() - t0
    c.t.append(("<linux> curl -X POST -T %d bytes %s" % (n, url), out + "\n(%s)\n" % rate(n, secs)))
    r = N.check("POST /sink", out, r"bytes=(\d+) sha256=([0-9a-f]{64})")
    want = U.pattern_sha256(n)
    if int(r.group(1)) != n or r.group(2) != want:
        raise N.Failure("POST /sink: tern saw %s bytes sha256 %s; sent %d sha256 %s" % (r.group(1), r.group(2), n, want))
    return secs


def transfers(case):
    """The directions a case moves SIZE bytes in: a suffix -out (guest to
    Linux) or -in (Linux to guest) picks one, no suffix both."""
    way = case.partition("-")[2]
    return [d for d in ("out", "in") if way in ("", d)]


def both_ways(c, tag):
    n, budget = c.a.size, c.a.transfer_timeout
    if "out" in transfers(c.a.case):
        secs = get_bytes(c, n, budget)
        c.note("%s guest->linux" % tag, rate(n, secs))
    if "in" in transfers(c.a.case):
        secs = post_sink(c, n, budget)
        c.note("%s linux->guest" % tag, rate(n, secs))


def case_bulk(c):
    before = c.status()
    both_ways(c, "clean")
    after = c.status()
    check_tso(c, before, after)
    check_sg(c, before, after)


def check_sg(c, before, after):
    """TCP payload reached a virtio-net device in place, as pieces of
    the send ring (sg_tx, NETDEV_F_SG), and no other NIC's driver was
    handed pieces; nothing had to be copied whole after all."""
    d = {k: after.get(k, 0) - before.get(k, 0) for k in ("sg_tx", "pkt_linearized")}
    c.note("in place", "%(sg_tx)d frames in pieces, %(pkt_linearized)d linearized" % d)
    # off by default (tcp_sg_min=65536) until qemu.tcp.netns.orphans.virtio
    # passes with it on; tcp_sg_min=512 turns it on
    want = c.a.nic == "virtio" and "tcp_sg_min=512" in c.a.cmdline_extra
    if (d["sg_tx"] > 0) != want or d["pkt_linearized"]:
        raise N.Failure("payload in pieces %s on %s" % (d, c.a.nic))


def check_tso(c, before, after):
    """With --expect-features the super-segments went where the driver
    says: to the device whole (tso_tx) when it names TSO ("tso",
    "host_tso4"), else cut by gso.c (gso_tx)."""
    d = {k: after.get(k, 0) - before.get(k, 0) for k in ("tso_tx", "gso_tx", "gso_pieces")}
    c.note("super-segments", "device %(tso_tx)d, gso.c %(gso_tx)d (%(gso_pieces)d pieces)" % d)
    want = c.a.expect_features
    if not want:
        return
    tso = bool(set(want.split()) & {"tso", "host_tso4"})
    if (d["tso_tx"] > 0) != tso or (tso and d["gso_tx"]):
        raise N.Failure("super-segments %s with features %r" % (d, want))


def case_impaired(c):
    before = c.status()
    lr0 = c.linux_retrans()
    out = c.curl("-o", "/dev/null", "-w", "connect %{time_connect}", "http://%s/status" % GUEST_IP)
    connect_s = float(N.check("curl -w", out, r"connect ([\d.]+)").group(1))
    c.note("link", c.link.kind)
    c.note("connect time", "%.1f ms" % (connect_s * 1000))
    both_ways(c, c.a.case)
    after = c.status()
    c.note("tern retransmits", "%d (fast %d, timeouts %d)" % tuple(
        after[k] - before[k] for k in ("tcp_retransmits", "tcp_fast_retransmits", "tcp_timeouts")))
    c.note("linux retransmits", c.linux_retrans() - lr0)
    st = c.link.stats()
    if st is None:
        return
    c.note("relay", json.dumps(st))
    ways = (st["to_guest"], st["to_linux"])
    if c.a.case.startswith("loss") and not all(w["dropped"] > 0 for w in ways):
        raise N.Failure("the relay dropped nothing in one direction: %s" % st)
    if c.a.case.startswith("reorder") and not all(w["overtaken"] > 0 for w in ways):
        raise N.Failure("nothing was reordered in one direction: %s" % st)
    if c.a.case.startswith("delay") and connect_s < 0.040:
        raise N.Failure("connect took %.1f ms through a 20 ms each way link" % (connect_s * 1000))


def case_impair(c):
    """64 MiB each way through tern's own loss and reordering with the
    offloads the device and --expect-features give: byte-exact
    (both_ways), the impairment happened, the super-segments went where
    the features say (check_tso) and virtio-net's payload in place
    (check_sg)."""
    before = c.status()
    both_ways(c, "impair")
    after = c.status()
    d = {k: after[k] - before[k] for k in ("impair_dropped", "impair_held", "tso_tx",
                                          "tcp_retransmits", "tcp_timeouts")}
    c.note("tern", " ".join("%s %+d" % kv for kv in d.items()))
    if d["impair_dropped"] <= 0 or d["impair_held"] <= 0:
        raise N.Failure("the impairment did nothing: %s" % d)
    check_tso(c, before, after)
    check_sg(c, before, after)


# --- leaks -----------------------------------------------------------------
def short_conns(a):
    """Inside the namespace: a.client_conns sequential connections to the
    guest, rotating HTTP GET /bytes?n=1000 (Connection: close: tern closes
    first), echo and discard (Linux closes first); every reply checked."""
    want = U.pattern(1000)
    rng = random.Random(a.client_conns)
    kinds = {"http": 0, "echo": 0, "discard": 0}
    t0 = time.monotonic()
    for i in range(a.client_conns):
        kind = ("http", "echo", "discard")[i % 3]
        port = {"http": 80, "echo": 7, "discard": 9}[kind]
        s = socket.create_connection((a.guest_ip, port), timeout=30)
        try:
            if kind == "http":
                s.sendall(b"GET /bytes?n=1000 HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n"
                          % a.guest_ip.encode())
                resp = recv_all(s)
                head, _, body = resp.partition(b"\r\n\r\n")
                if not head.startswith(b"HTTP/1.1 200") or body != want:
                    raise SystemExit("connection %d (http): %r ... %d body bytes" % (i, head[:80], len(body)))
            elif kind == "echo":
                msg = rng.randbytes(rng.randint(1, 3000))
                s.sendall(msg)
                back = b""
                while len(back) < len(msg):
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    back += chunk
                if back != msg:
                    raise SystemExit("connection %d (echo): %d of %d bytes back" % (i, len(back), len(msg)))
            else:
                s.sendall(rng.randbytes(4096))
                s.shutdown(socket.SHUT_WR)
                if recv_all(s):
                    raise SystemExit("connection %d (discard): data came back" % i)
        finally:
            s.close()
        kinds[kind] += 1
    secs = time.monotonic() - t0
    print("%d connections (%s) in %.1f s = %.1f/s" % (
        a.client_conns, " ".join("%s=%d" % kv for kv in kinds.items()), secs, a.client_conns / secs))
    return 0


def recv_all(s):
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk


def settle(c, want_socks, want_buf, timeout, count_tw):
    """Poll status (and netstat) until tcp_buf_bytes and tcp_socks (less
    TIME-WAIT when count_tw) are at most want_buf and want_socks, or
    timeout s pass; returns the last (status, TIME-WAIT count, sockets).
    A socket still closing, or a TIME-WAIT socket that expires between the
    two reads, makes one round disagree: polling absorbs it."""
    deadline = time.monotonic() + timeout
    while True:
        st = c.status()
        tw = c.netstat_states().get("TIME-WAIT", 0)
        live = st["tcp_socks"] - (tw if count_tw else 0)
        if (live <= want_socks and st["tcp_buf_bytes"] <= want_buf) or time.monotonic() > deadline:
            return st, tw, live
        time.sleep(3)


def case_leaks(c):
    c.status()  # the first connection: ARP and friends settled
    time.sleep(1)
    base = c.status()
    base_tw = c.netstat_states().get("TIME-WAIT", 0)
    base_live = base["tcp_socks"] - base_tw
    c.note("baseline", "tcp_socks %d (TIME-WAIT %d), tcp_buf_bytes %d, mem_used_bytes %d" % (
        base["tcp_socks"], base_tw, base["tcp_buf_bytes"], base["mem_used_bytes"]))
    out = c.helper(c.a.transfer_timeout, "--client-conns", str(LEAK_CONNS), "--guest-ip", GUEST_IP)
    c.t.append(("<linux: %d short connections>" % LEAK_CONNS, out))
    c.note("connections", out.strip())
    st, tw, live = settle(c, base_live, base["tcp_buf_bytes"], 30, True)
    c.note("after", "tcp_socks %d (TIME-WAIT %d), tcp_buf_bytes %d, mem_used_bytes %d" % (
        st["tcp_socks"], tw, st["tcp_buf_bytes"], st["mem_used_bytes"]))
    if live > base_live or st["tcp_buf_bytes"] > base["tcp_buf_bytes"]:
        raise N.Failure("leak: %d sockets besides TIME-WAIT (baseline %d), tcp_buf_bytes %d (baseline %d)"
                        % (live, base_live, st["tcp_buf_bytes"], base["tcp_buf_bytes"]))
    st, tw, live = settle(c, base_live, base["tcp_buf_bytes"], TIME_WAIT_S + 45, False)
    grown = st["mem_used_bytes"] - base["mem_used_bytes"]
    c.note("after 2 MSL", "tcp_socks %d (TIME-WAIT %d), tcp_buf_bytes %d, mem_used_bytes %d (%+d)" % (
        st["tcp_socks"], tw, st["tcp_buf_bytes"], st["mem_used_bytes"], grown))
    if st["tcp_socks"] > base_live or tw:
        raise N.Failure("after 2 MSL: tcp_socks %d, TIME-WAIT %d; baseline %d" % (st["tcp_socks"], tw, base_live))
    if grown > LEAK_MEM_MAX:
        raise N.Failure("mem_used_bytes grew by %d over %d connections (at most %d)" % (grown, LEAK_CONNS, LEAK_MEM_MAX))


def case_huge(c):
    """One download of --huge bytes (default 4.5 GiB, past 2^32: issue 12's
    first defect stopped at ~4 GiB), byte-exact by length and sha256, then
    sockets and buffers back at their baseline."""
    c.status()
    time.sleep(1)
    base = c.status()
    n = c.a.huge
    secs = get_bytes(c, n, c.a.transfer_timeout)
    c.note("huge guest->linux", rate(n, secs))
    st, tw, live = settle(c, base["tcp_socks"], base["tcp_buf_bytes"], 60, True)
    c.note("after", "tcp_socks %d (TIME-WAIT %d), tcp_buf_bytes %d (baseline %d / %d)" % (
        st["tcp_socks"], tw, st["tcp_buf_bytes"], base["tcp_socks"], base["tcp_buf_bytes"]))
    if live > base["tcp_socks"] or st["tcp_buf_bytes"] > base["tcp_buf_bytes"]:
        raise N.Failure("after the download: %d sockets besides TIME-WAIT, tcp_buf_bytes %d; baseline %d, %d"
                        % (live, st["tcp_buf_bytes"], base["tcp_socks"], base["tcp_buf_bytes"]))


# --- SYN flood --------------------------------------------------------------
def syn_flood(a):
    """Inside the namespace: a.synflood SYNs built by scapy onto the tap,
    sent over and over for a.flood_secs (at most FLOOD_RATE a second)."""
    sc = NN.import_scapy()
    rng = random.Random(0x53594e)
    my_mac = sc.get_if_hwaddr(a.tap)
    base = sc.Ether(dst=a.guest_mac, src=my_mac) / sc.IP(dst=a.guest_ip) / sc.TCP(
        dport=80, flags="S", window=64240, options=[("MSS", 1460)])
    frames = []
    for i in range(a.synflood):
        p = base.copy()
        p[sc.IP].src = HOST_IP if i % 2 == 0 else "%s.%d" % (NN.NET, rng.randint(100, 250))
        p[sc.TCP].sport = rng.randint(1024, 65535)
        p[sc.TCP].seq = rng.getrandbits(32)
        frames.append(bytes(p))
    sock = sc.conf.L2socket(iface=a.tap)
    sent, t0 = 0, time.monotonic()
    while True:
        for f in frames:
            for _ in range(100):
                try:
                    sock.outs.send(f)
                    sent += 1
                    break
                except OSError as e:
                    if e.errno != errno.ENOBUFS:
                        raise
                    time.sleep(0.001)
            if sent % 1000 == 0:
                ahead = sent / FLOOD_RATE - (time.monotonic() - t0)
                if ahead > 0:
                    time.sleep(ahead)
        if time.monotonic() - t0 >= a.flood_secs:
            break
    secs = time.monotonic() - t0
    sock.close()
    print("sent %d SYNs in %.1f s (%d/s)" % (sent, secs, sent / max(secs, 1e-9)))
    return 0


def case_synflood(c):
    out = c.m.run("ifconfig")
    c.t.append(("ifconfig", out))
    mac = N.check("ifconfig", out, r"ether ([0-9a-f:]{17})").group(1)
    c.status()
    time.sleep(1)
    base = c.status()
    c.note("baseline", "tcp_socks %d, tcp_buf_bytes %d, mem_used_bytes %d" % (
        base["tcp_socks"], base["tcp_buf_bytes"], base["mem_used_bytes"]))
    res = {}

    def flood():
        try:
            res["out"] = c.helper(300, "--synflood", str(FLOOD), "--flood-secs", str(FLOOD_SECS),
                                  "--tap", c.ns.tap, "--guest-ip", GUEST_IP, "--guest-mac", mac)
        except N.Failure as e:
            res["err"] = e
    th = threading.Thread(target=flood)
    th.start()
    time.sleep(1)
    during = []
    for _ in range(5):  # a real client in the middle of the flood
        t0 = time.monotonic()
        st = c.status(tries=1)
        during.append("%.1f s" % (time.monotonic() - t0))
        if not th.is_alive():
            break
    th.join()
    if "err" in res:
        raise res["err"]
    if len(during) < 5:
        raise N.Failure("the flood ended before 5 fetches of /status (%d)" % len(during))
    c.note("5 x /status during the flood", "each served, in " + ", ".join(during))
    out = res["out"]
    c.t.append(("<linux: scapy SYN flood>", out))
    c.note("flood", out.strip().splitlines()[-1])
    t0 = time.monotonic()
    st = c.status(tries=10)
    c.note("status after the flood", "served in %.1f s" % (time.monotonic() - t0))
    grown = st["mem_used_bytes"] - base["mem_used_bytes"]
    c.note("counters", "tcp_cookies_sent %d, tcp_backlog_drops %d, tcp_passive_opens %+d, tcp_rx %+d" % (
        st["tcp_cookies_sent"], st["tcp_backlog_drops"],
        st["tcp_passive_opens"] - base["tcp_passive_opens"], st["tcp_rx"] - base["tcp_rx"]))
    c.note("after", "tcp_socks %d, tcp_buf_bytes %d, mem_used_bytes %d (%+d)" % (
        st["tcp_socks"], st["tcp_buf_bytes"], st["mem_used_bytes"], grown))
    if st["tcp_cookies_sent"] + st["tcp_backlog_drops"] == 0:
        raise N.Failure("no SYN cookie sent, no SYN dropped: the flood never filled a queue")
    if grown > FLOOD_MEM_MAX:
        raise N.Failure("mem_used_bytes grew by %d during the flood (at most %d)" % (grown, FLOOD_MEM_MAX))
    get_bytes(c, 1 << 20, 120)  # real work still gets done
    st, _, _ = settle(c, base["tcp_socks"], base["tcp_buf_bytes"], 240, False)
    c.note("after the half-open gave up", "tcp_socks %d, tcp_buf_bytes %d, mem_used_bytes %d" % (
        st["tcp_socks"], st["tcp_buf_bytes"], st["mem_used_bytes"]))
    if st["tcp_socks"] > base["tcp_socks"] or st["tcp_buf_bytes"] > base["tcp_buf_bytes"]:
        raise N.Failure("sockets or buffers left after the flood: tcp_socks %d, tcp_buf_bytes %d" % (
            st["tcp_socks"], st["tcp_buf_bytes"]))


# --- the shell's get ----------------------------------------------------------
def case_get(c):
    www = os.path.join(c.workdir, "www")
    os.makedirs(www)
    files = {"big.bin": 4 << 20, "small.bin": 1000}
    for name, n in files.items():
        with open(os.path.join(www, name), "wb") as f:
            f.write(random.Random(n).randbytes(n))
    log = open(os.path.join(c.workdir, "http.log"), "wb")
    c.ns.spawn(["/usr/bin/python3", "-m", "http.server", str(HTTP_PORT), "--bind", HOST_IP,
                "--directory", www], log)
    base = "http://%s:%d/" % (HOST_IP, HTTP_PORT)
    for _ in range(30):
        if "200" in c.curl("-o", "/dev/null", "-w", "%{http_code}", base + "small.bin", timeout=5):
            break
        time.sleep(0.5)
    for name, n in files.items():
        out = c.m.run("get " + base + name, 300)
        c.t.append(("get " + base + name, out))
        N.check("get", out, r"HTTP/1\.[01] 200 OK")
        N.check("get", out, r"(?i)content-length: *%d\b" % n)
        r = N.check("get", out, r"(\d+) bytes in (\d+) ms")
        if int(r.group(1)) != n:
            raise N.Failure("get %s: %s bytes, the file has %d" % (name, r.group(1), n))
        c.note("get " + name, rate(n, int(r.group(2)) / 1000.0) + " (tern's clock)")
    out = c.m.run("get " + base + "nosuch", 120)
    c.t.append(("get " + base + "nosuch", out))
    N.check("get 404", out, r"HTTP/1\.[01] 404 ")
    url = "http://%s:%d/" % (HOST_IP, HTTP_PORT + 1)  # nobody listens: RST
    out = c.m.run("get " + url, 120)
    c.t.append(("get " + url, out))
    if re.search(r"HTTP/1\.[01] \d{3}|\d+ bytes in", out) or not re.search(r"(?i)refused|reset|error|fail", out):
        raise N.Failure("get on a closed port: %r" % out[-500:])
    c.note("get on a closed port", out.strip().splitlines()[-2] if out.count("\n") > 1 else out.strip())


# --- slowloris ----------------------------------------------------------------
def slowloris(a):
    """Inside the namespace, from a.src: a.slowloris connections to port 80,
    each sending a request head one byte every 2 s (never finishing it);
    prints how they ended."""
    head = b"GET /status HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"y" * 200
    socks, got, ends = [], [], {}
    for k in range(a.slowloris):
        s = socket.socket()
        s.bind((a.src, 0))
        s.settimeout(10)
        try:
            s.connect((a.guest_ip, 80))
        except ConnectionResetError:  # the cap's reset beat connect's return
            ends[k] = "reset"
        s.setblocking(False)
        socks.append(s)
        got.append(b"")
    t0, i = time.monotonic(), 0
    while len(ends) < len(socks) and time.monotonic() - t0 < 40:
        for k, s in enumerate(socks):
            if k in ends:
                continue
            try:
                if i % 2 == 0:  # a byte every 2 s; reads every second
                    s.send(head[i // 2:i // 2 + 1])
                while True:
                    d = s.recv(4096)
                    if not d:
                        ends[k] = "408" if got[k].startswith(b"HTTP/1.1 408") else "closed"
                        break
                    got[k] += d
            except BlockingIOError:
                pass
            except OSError:
                ends[k] = "reset"
        i += 1
        time.sleep(1)
    secs = time.monotonic() - t0
    for s in socks:
        s.close()
    n = {w: sum(1 for e in ends.values() if e == w) for w in ("reset", "408", "closed")}
    print("slowloris: %d connections, one byte each per 2 s: after %.0f s %d reset at once, "
          "%d got 408, %d closed, %d still open" % (
              len(socks), secs, n["reset"], n["408"], n["closed"], len(socks) - len(ends)))
    return 0


def case_slowloris(c):
    NN.sh(c.ns.ex("ip", "addr", "add", SLOW_SRC + "/24", "dev", c.ns.tap))
    c.status()
    time.sleep(1)
    base = c.status()
    c.note("baseline", "tcp_socks %d, tcp_buf_bytes %d, mem_used_bytes %d" % (
        base["tcp_socks"], base["tcp_buf_bytes"], base["mem_used_bytes"]))
    res = {}

    def attack():
        try:
            res["out"] = c.helper(120, "--slowloris", str(SLOW_CONNS), "--src", SLOW_SRC,
                                  "--guest-ip", GUEST_IP)
        except N.Failure as e:
            res["err"] = e
    th = threading.Thread(target=attack)
    th.start()
    served = 0
    for _ in range(5):  # real clients meanwhile, from the namespace's own address
        time.sleep(3)
        st = c.status(tries=1)
        served += 1
        c.note("status during the attack %d" % served, "httpd_conns %d" % st["httpd_conns"])
    th.join()
    if "err" in res:
        raise res["err"]
    out = res["out"]
    c.t.append(("<linux: slowloris from %s>" % SLOW_SRC, out))
    c.note("attack", out.strip().splitlines()[-1])
    m = re.search(r"(\d+) reset at once, (\d+) got 408, (\d+) closed, (\d+) still open", out)
    if not m:
        raise N.Failure("slowloris helper said: %r" % out[-500:])
    reset, got408, closed, still = (int(x) for x in m.groups())
    if still or reset < SLOW_CONNS - SLOW_CAP or got408 + closed == 0:
        raise N.Failure("slowloris: %d reset (want >= %d), %d 408, %d closed, %d still open" % (
            reset, SLOW_CONNS - SLOW_CAP, got408, closed, still))
    st, _, _ = settle(c, 10 ** 9, base["tcp_buf_bytes"], 60, False)
    c.note("after", "httpd_slow %+d, httpd_src_refused %+d, tcp_buf_bytes %d, mem_used_bytes %d (%+d)" % (
        st["httpd_slow"] - base["httpd_slow"], st["httpd_src_refused"] - base["httpd_src_refused"],
        st["tcp_buf_bytes"], st["mem_used_bytes"], st["mem_used_bytes"] - base["mem_used_bytes"]))
    if st["tcp_buf_bytes"] > base["tcp_buf_bytes"]:
        raise N.Failure("buffers left after the slowloris: %d (baseline %d)" % (
            st["tcp_buf_bytes"], base["tcp_buf_bytes"]))
    if st["httpd_src_refused"] - base["httpd_src_refused"] < SLOW_CONNS - SLOW_CAP:
        raise N.Failure("the per-address cap refused only %d" % (
            st["httpd_src_refused"] - base["httpd_src_refused"]))


# --- orphan trickle -----------------------------------------------------------
TCP_CLOSE = 7  # tcpi_state of a Linux socket that got a reset


def orphan_clients(a):
    """Inside the namespace: a.orphans clients spread over the addresses
    in a.src (comma separated), each with the smallest receive buffer:
    GET /bytes?n=ORPHAN_BYTES HTTP/1.0, then FIN. Even clients never
    read, odd ones read a.trickle bytes a second. Until every socket is
    reset or a.hold s pass; prints how each ended."""
    req = b"GET /bytes?n=%d HTTP/1.0\r\n\r\n" % ORPHAN_BYTES
    srcs, socks = a.src.split(","), []
    for k in range(a.orphans):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)  # Linux's minimum
        s.bind((srcs[k % len(srcs)], 0))
        s.settimeout(10)
        s.connect((a.guest_ip, 80))
        s.sendall(req)
        s.shutdown(socket.SHUT_WR)
        s.setblocking(False)
        socks.append({"s": s, "t0": time.monotonic(), "got": b"", "n": 0, "end": None})
    t0, tick = time.monotonic(), 0
    while any(c["end"] is None for c in socks) and time.monotonic() - t0 < a.hold:
        time.sleep(0.25)
        tick += 1
        for k, c in enumerate(socks):
            if c["end"] is not None:
                continue
            try:
                if k % 2 and tick % 4 == 0:  # a.trickle bytes a second
                    d = c["s"].recv(a.trickle)
                    if not d:
                        c["end"] = ("eof", time.monotonic() - c["t0"])
                        continue
                    c["n"] += len(d)
                    c["got"] = (c["got"] + d)[:16]
            except BlockingIOError:
                pass
            except OSError:
                c["end"] = ("reset", time.monotonic() - c["t0"])
                continue
            info = c["s"].getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
            if info[0] == TCP_CLOSE:
                c["end"] = ("reset", time.monotonic() - c["t0"])
    secs = time.monotonic() - t0
    for c in socks:
        print("client %s %s %.1f s, read %d: %r" % (
            c["s"].getsockname()[0], *(c["end"] or ("open", secs)), c["n"], c["got"]))
        c["s"].close()
    ends = [c["end"] for c in socks if c["end"]]
    early = [t for w, t in ends if w == "reset" and t < 3]
    late = sorted(t for w, t in ends if w == "reset" and t >= 3)
    print("orphans: %d clients after %.0f s: %d reset within 3 s, %d later (%.1f..%.1f s), "
          "%d eof, %d still open; the trickling ones read %d bytes" % (
              len(socks), secs, len(early), len(late), late[0] if late else 0, late[-1] if late else 0,
              sum(1 for w, _ in ends if w == "eof"), len(socks) - len(ends),
              sum(c["n"] for c in socks)))
    return 0


def case_orphans(c):
    for src in ORPHAN_SRCS:
        NN.sh(c.ns.ex("ip", "addr", "add", src + "/24", "dev", c.ns.tap))
    budget = int(N.check("serial log", c.m.out.decode("utf-8", "replace"),
                         r"tcp memory budget (\d+) MiB").group(1)) << 20
    c.status()
    time.sleep(1)
    base = c.status()
    c.note("baseline", "tcp_socks %d, tcp_buf_bytes %d, mem_used_bytes %d, tcp_orphan_resets %d" % (
        base["tcp_socks"], base["tcp_buf_bytes"], base["mem_used_bytes"], base["tcp_orphan_resets"]))
    res = {}

    def attack():
        try:
            res["out"] = c.helper(ORPHAN_HOLD + 60, "--orphans", str(ORPHAN_CLIENTS),
                                  "--src", ",".join(ORPHAN_SRCS), "--guest-ip", GUEST_IP,
                                  "--trickle", str(ORPHAN_TRICKLE), "--hold", str(ORPHAN_HOLD))
        except N.Failure as e:
            res["err"] = e
    th = threading.Thread(target=attack)
    th.start()
    peak = {k: 0 for k in ("tcp_orphans", "tcp_orphan_bytes", "tcp_buf_bytes", "tcp_mem_bytes",
                           "tcp_mem_state", "mem_used_bytes")}
    polls, t0 = 0, time.monotonic()
    while th.is_alive():  # a real client meanwhile: every fetch must succeed
        time.sleep(2)
        st = c.status(tries=1)
        polls += 1
        for k in peak:
            peak[k] = max(peak[k], st[k])
    th.join()
    if "err" in res:
        raise res["err"]
    out = res["out"]
    c.t.append(("<linux: orphan clients from %s>" % ",".join(ORPHAN_SRCS), out))
    c.note("attack", out.strip().splitlines()[-1])
    c.note("status during the attack", "%d fetches in %.0f s, all served; peaks: %s" % (
        polls, time.monotonic() - t0, ", ".join("%s %d" % kv for kv in peak.items())))
    m = re.search(r"(\d+) reset within 3 s, (\d+) later \(([\d.]+)\.\.([\d.]+) s\), (\d+) eof, "
                  r"(\d+) still open; the trickling ones read (\d+)", out)
    if not m:
        raise N.Failure("orphan helper said: %r" % out[-500:])
    early, late, late_min, late_max, eof, still, trickled = (float(x) for x in m.groups())
    idle = ORPHAN_IDLE_MS / 1000
    if still or eof:
        raise N.Failure("orphans: %d clients still open, %d got the whole response after %d s "
                        "(tern must reset every orphan that makes no progress)" % (still, eof, ORPHAN_HOLD))
    if early < ORPHAN_CLIENTS - ORPHAN_MAX or late == 0 or late_min < idle or late_max > 3 * idle + 10:
        raise N.Failure("orphans: %d reset at close (want >= %d, tcp_max_orphans), %d later in "
                        "%.1f..%.1f s (want %.0f..%.0f s)" % (early, ORPHAN_CLIENTS - ORPHAN_MAX, late,
                                                             late_min, late_max, idle, 3 * idle + 10))
    if trickled == 0:
        raise N.Failure("the trickling clients read nothing")
    if not 0 < peak["tcp_orphans"] <= ORPHAN_MAX or peak["tcp_orphan_bytes"] > ORPHAN_MAX * ORPHAN_BUF:
        raise N.Failure("orphans at the peak: %d (limit %d), %d bytes (limit %d)" % (
            peak["tcp_orphans"], ORPHAN_MAX, peak["tcp_orphan_bytes"], ORPHAN_MAX * ORPHAN_BUF))
    if peak["tcp_mem_state"] != 0 or peak["tcp_mem_bytes"] > budget:
        raise N.Failure("tcp memory at the peak: %d bytes, state %d (budget %d)" % (
            peak["tcp_mem_bytes"], peak["tcp_mem_state"], budget))
    st, _, _ = settle(c, base["tcp_socks"], base["tcp_buf_bytes"], 60, True)
    grown = st["mem_used_bytes"] - base["mem_used_bytes"]
    resets = st["tcp_orphan_resets"] - base["tcp_orphan_resets"]
    c.note("after", "tcp_orphan_resets %+d, tcp_orphans %d, tcp_orphan_bytes %d, tcp_socks %d, "
           "tcp_buf_bytes %d, mem_used_bytes %d (%+d)" % (
               resets, st["tcp_orphans"], st["tcp_orphan_bytes"], st["tcp_socks"], st["tcp_buf_bytes"],
               st["mem_used_bytes"], grown))
    if resets < ORPHAN_CLIENTS:
        raise N.Failure("tcp_orphan_resets grew by %d for %d orphan clients" % (resets, ORPHAN_CLIENTS))
    if st["tcp_orphans"] or st["tcp_orphan_bytes"] or st["tcp_buf_bytes"] > base["tcp_buf_bytes"]:
        raise N.Failure("left after the attack: %d orphans, %d orphan bytes, tcp_buf_bytes %d (baseline %d)" % (
            st["tcp_orphans"], st["tcp_orphan_bytes"], st["tcp_buf_bytes"], base["tcp_buf_bytes"]))
    if grown > LEAK_MEM_MAX:
        raise N.Failure("mem_used_bytes grew by %d (at most %d)" % (grown, LEAK_MEM_MAX))


CASES = {"bulk": case_bulk, "leaks": case_leaks, "synflood": case_synflood, "get": case_get,
         "huge": case_huge, "slowloris": case_slowloris, "orphans": case_orphans,
         "impair": case_impair}
CASES.update({k + way: case_impaired for k in PROFILES for way in ("", "-out", "-in")})


def after_failure(c):
    """What tern, its HTTP server and the relay say after a failure."""
    for cmd in ("netstat", "ifconfig -s", "mem"):
        try:
            c.t.append(("<after failure> " + cmd, c.m.run(cmd, 30)))
        except S.Failure:
            break
    try:
        c.t.append(("<after failure> status", c.curl("http://%s/status" % GUEST_IP, timeout=20)))
    except N.Failure as e:
        c.t.append(("<after failure> status", str(e)))
    if c.link is not None and c.link.relay is not None and c.link.relay.poll() is None:
        try:
            c.t.append(("<after failure> relay", json.dumps(c.link.stats())))
            c.t.append(("<after failure> relay trace (last TCP frames)",
                        "\n".join(c.link.ask("trace"))))
        except (N.Failure, ValueError, OSError):
            pass


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp")
    p.add_argument("--artifacts")
    p.add_argument("--nic", choices=TQ.NICS)
    p.add_argument("--size", type=int, default=SIZE, help="bytes each way (bulk and impaired cases)")
    p.add_argument("--huge", type=int, default=9 << 29, help="bytes of the huge case's download (4.5 GiB)")
    p.add_argument("--alarm", type=int, default=840, help="seconds before giving up (below ctest's TIMEOUT)")
    p.add_argument("--transfer-timeout", type=int, help="curl --max-time of one transfer"
                   " (default: what the alarm leaves for two)")
    p.add_argument("--device-opts", default="", help="appended to -device (e.g. csum=off,guest_csum=off)")
    p.add_argument("--expect-features", help="the offloads the driver must report (virtio: 'csum guest_csum', e1000: 'csum rx_csum tso', or 'none')")
    p.add_argument("--cmdline-extra", default="", help="appended to the kernel command line (e.g. e1000.offload=off)")
    p.add_argument("case", nargs="?", choices=sorted(CASES))
    p.add_argument("--client-conns", type=int, help=argparse.SUPPRESS)
    p.add_argument("--synflood", type=int, help=argparse.SUPPRESS)
    p.add_argument("--flood-secs", type=float, default=0, help=argparse.SUPPRESS)
    p.add_argument("--slowloris", type=int, help=argparse.SUPPRESS)
    p.add_argument("--src", help=argparse.SUPPRESS)
    p.add_argument("--orphans", type=int, help=argparse.SUPPRESS)
    p.add_argument("--trickle", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--hold", type=float, default=0, help=argparse.SUPPRESS)
    p.add_argument("--tap", help=argparse.SUPPRESS)
    p.add_argument("--guest-ip", help=argparse.SUPPRESS)
    p.add_argument("--guest-mac", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.client_conns:
        return short_conns(a)
    if a.synflood:
        return syn_flood(a)
    if a.slowloris:
        return slowloris(a)
    if a.orphans:
        return orphan_clients(a)
    if not (a.esp and a.artifacts and a.nic and a.case):
        p.error("--esp, --artifacts, --nic and a CASE are required")
    a.transfer_timeout = a.transfer_timeout or max(60, (a.alarm - 60) // len(transfers(a.case)))
    why = NN.missing_package(("curl",))
    if why:
        print("FAIL tcp netns %s %s: %s" % (a.case, a.nic, why))
        return 1
    why = NN.missing_prerequisite()
    if why:
        print("SKIP tcp netns %s %s: %s" % (a.case, a.nic, why))
        return SKIP
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, NN.on_signal)
    signal.alarm(a.alarm)
    os.makedirs(a.artifacts, exist_ok=True)
    NN.remove_stale()
    workdir = tempfile.mkdtemp(prefix="tern-tcp-netns-")
    ns = NN.Netns(workdir)
    tag = "tcp-netns-%s-%s" % (a.case, a.nic)
    for extra in (a.device_opts, a.cmdline_extra):  # e.g. tcp-netns-bulk-virtio-csum-off-guest_csum-off
        if extra:
            tag += "-" + re.sub(r"[^a-z0-9_]+", "-", extra)
    t, res, rc, c = [], {}, 1, None
    print("tcp netns %s %s:" % (a.case, a.nic), flush=True)
    try:
        with open(os.path.join(a.artifacts, tag + ".serial.log"), "wb") as log, \
                open(os.path.join(a.artifacts, tag + ".link.log"), "wb") as llog:
            ns.setup()
            NN.sh(ns.ex("ip", "link", "set", ns.tap, "mtu", "1500"))  # a real Ethernet here
            c = Ctx(a, ns, None, None, t, res, workdir)
            c.link = Link(ns, workdir, PROFILES.get(a.case.partition("-")[0]), llog, t)
            c.m = TcpMachine(ns, c.link, a.esp, workdir, log, a.nic,
                             CMDLINE + CASE_CMDLINE.get(a.case, "") +
                             (" " + a.cmdline_extra if a.cmdline_extra else ""),
                             a.device_opts)
            t.append(("<boot>", S.ANSI.sub("", c.m.read_until(S.FRESH, 120))[-1500:]))
            check_features(c)
            try:
                wait_services(c)
                CASES[a.case](c)
                if "KERNEL PANIC" in c.m.out.decode("utf-8", "replace"):
                    raise N.Failure("KERNEL PANIC in the serial log")
            except (N.Failure, S.Failure, subprocess.TimeoutExpired):
                after_failure(c)
                raise
            rc = 0
            print("PASS tcp netns %s %s: %s" % (a.case, a.nic, "; ".join("%s: %s" % kv for kv in res.items())))
    except (N.Failure, S.Failure, subprocess.TimeoutExpired, SystemExit) as e:
        print("FAIL tcp netns %s %s: %s" % (a.case, a.nic, e))
        print("results so far: %s" % res)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # let the cleanup finish
        signal.alarm(0)
        if c is not None and c.m is not None:
            c.m.kill()
        ns.close()
        shutil.rmtree(workdir, ignore_errors=True)
    N.write_transcript(os.path.join(a.artifacts, tag + ".txt"), t,
                       "# tern, %s, tap in namespace %s (%s); %s\n" % (
                           a.nic, ns.name, c.link.kind if c and c.link else "?",
                           "; ".join("%s: %s" % kv for kv in res.items())))
    return rc


if __name__ == "__main__":
    sys.exit(main())
