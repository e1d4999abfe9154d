#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tern's TCP services seen from the host, through QEMU user networking
(restrict=on; hostfwd from 127.0.0.1 only, so nothing leaves the machine).

  tcp_user.py --esp IMG --artifacts DIR --nic virtio|e1000|e1000e
              [--only CHECK]... [--pcap FILE]
  tcp_user.py --target HTTP_PORT,ECHO_PORT,DISCARD_PORT   (a tern already
              running, e.g. scripts/run; 127.0.0.1; no serial checks)

Boots tern with hostfwd for ports 80 (HTTP), 7 (echo) and 9 (discard) on
free host ports, waits for the status page, then checks with the host's
curl and python's http.client:

  status     GET / and /status: 200 text/plain, one `name: value` line per
             field, every field of struct net_counters (read from
             net/include/net/net.h) plus uptime_ms, mem_*_bytes, tcp_socks,
             tcp_buf_bytes; uptime_ms grows
  bytes      curl GET /bytes?n=16777216: Content-Length and sha256 equal to
             the pattern byte i = i % 251 made here; a client that reads
             1 MiB of /bytes?n=2^40 and resets the connection
  sink       curl POST /sink of 16 MiB random bytes: the answer names the
             byte count and the sha256 computed here
  keepalive  one http.client connection for 14 requests (edge sizes of
             /bytes, /sink, /status), the same socket throughout; two
             pipelined requests answered in order; HTTP/1.0 and
             `Connection: close` end the connection
  parallel   50 curl processes at once, each /bytes?n=1048576, all
             byte-exact
  echo       port 7: 1 MiB round trip byte-exact (and small messages),
             the server closes after our FIN; port 9 swallows 4 MiB
  errors     404 unknown path, 405 other methods, 400 malformed request
             lines and bad numbers, 413/431 for a 20 KB header; garbage,
             half requests, instant closes and resets mid-transfer; the
             server still serves afterwards
  netstat    (serial shell) listeners on :80 :7 :9 and an ESTABLISHED line
             for a connection held open
  leak       the status page's tcp_socks and tcp_buf_bytes are back at
             (or below) their first steady values, and netstat lists
             nothing but listeners and TIME-WAIT (waiting 2 MSL at most)

Timings are printed as `time <what>: ...` lines. Transcript:
DIR/tcp-user-NIC-transcript.txt, serial log beside it.
"""
import argparse
import hashlib
import http.client
import os
import random
import re
import select
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import net_session as N  # noqa: E402
import shell_session as S  # noqa: E402
from kaslr_common import TQ  # noqa: E402

Failure = N.Failure
PERIOD = 251                       # /bytes: byte i is i % 251
BIG = 16 * 1024 * 1024             # the 16 MiB transfers
CLIENTS, CLIENT_BYTES = 50, 1 << 20
GUEST_PORTS = {"http": 80, "echo": 7, "discard": 9}
TIMEWAIT_S = 60                    # 2 MSL with MSL = 30 s (net/TCP.md)


def pattern(n, start=0):
    """n bytes of the /bytes pattern from offset start."""
    base = bytes(range(PERIOD))
    first = start % PERIOD
    reps = (first + n) // PERIOD + 1
    return (base * reps)[first:first + n]


def pattern_sha256(n):
    """sha256 of the first n pattern bytes, in 1 MiB pieces."""
    h = hashlib.sha256()
    chunk = (1 << 20) - (1 << 20) % PERIOD  # a multiple of the period
    block = pattern(chunk)
    done = 0
    while done < n:
        k = min(chunk, n - done)
        h.update(block[:k])
        done += k
    return h.hexdigest()


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for piece in iter(lambda: f.read(1 << 20), b""):
            h.update(piece)
    return h.hexdigest()


def free_tcp_port():
    """A port on 127.0.0.1 nothing listens on (bound and released)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def counter_fields():
    """The C names of struct net_counters' fields: the COUNT() and WORD()
    entries of the NET_COUNTERS list that makes the struct
    (net/include/net/net.h)."""
    with open(os.path.join(ROOT, "net", "include", "net", "net.h")) as f:
        text = f.read()
    body = re.search(r"#define NET_COUNTERS\(LINE, COUNT, WORD\)(.*?)\n/\* clang-format on", text, re.S)
    if not body:
        raise Failure("the NET_COUNTERS list not found in net.h")
    body = re.sub(r"/\*.*?\*/", "", body.group(1), flags=re.S)
    names = re.findall(r"\b(?:COUNT|WORD)\((\w+),", body)
    if not names:
        raise Failure("no counters in net.h's NET_COUNTERS list")
    return names


class Log:
    """Transcript entries plus printed timing lines."""

    def __init__(self):
        self.t = []

    def add(self, what, text):
        self.t.append((what, text if text.endswith("\n") else text + "\n"))

    def time(self, what, secs, nbytes=None):
        rate = " (%.2f MB/s)" % (nbytes / secs / 1e6) if nbytes and secs > 0 else ""
        line = "time %s: %.3f s%s" % (what, secs, rate)
        print(line, flush=True)
        self.add("<timing>", line)


class Target:
    """Where the services are reached from the host."""

    def __init__(self, http, echo, discard, host="127.0.0.1"):
        self.host, self.http, self.echo, self.discard = host, http, echo, discard

    def url(self, path):
        return "http://%s:%d%s" % (self.host, self.http, path)

    def conn(self, timeout=60):
        return http.client.HTTPConnection(self.host, self.http, timeout=timeout)

    def sock(self, port, timeout=60):
        return socket.create_connection((self.host, port), timeout=timeout)


def parse_status(body):
    """name: value lines -> dict (values as text)."""
    out = {}
    for line in body.decode("ascii", "replace").splitlines():
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*): (.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def get_status(tg, path="/status"):
    """One fresh connection (closed by us): the status page as a dict."""
    c = tg.conn(30)
    try:
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        if r.status != 200:
            raise Failure("GET %s: %d %s" % (path, r.status, r.reason))
        ctype = r.getheader("Content-Type", "")
        if not ctype.startswith("text/plain"):
            raise Failure("GET %s: Content-Type %r" % (path, ctype))
        return parse_status(body), body
    finally:
        c.close()


def wait_for_http(tg, timeout, m=None):
    """Poll the status page until it answers (hostfwd accepts at once even
    when the guest does not listen yet, so only a response counts)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            return get_status(tg)[0]
        except (OSError, http.client.HTTPException, Failure) as e:
            last = e
            if m is not None and m.proc.poll() is not None:
                raise Failure("QEMU exited with %s while waiting for HTTP" % m.proc.returncode)
            time.sleep(1)
    raise Failure("no HTTP status page on port %d within %d s: %r" % (tg.http, timeout, last))


def check_status(tg, log):
    need = ["uptime_ms", "mem_used_bytes", "mem_free_bytes", "tcp_socks",
            "tcp_buf_bytes"] + counter_fields()
    first = None
    for path in ("/", "/status"):
        st, body = get_status(tg, path)
        log.add("<GET %s>" % path, body.decode("ascii", "replace"))
        missing = [n for n in need if n not in st]
        if missing:
            raise Failure("GET %s lacks %s" % (path, ", ".join(missing)))
        bad = [n for n in need if not re.fullmatch(r"\d+", st[n])]
        if bad:
            raise Failure("GET %s: not a number: %s" % (path, ", ".join(
                "%s=%r" % (n, st[n]) for n in bad)))
        if first is None:
            first = st
            time.sleep(0.3)
    if int(st["uptime_ms"]) <= int(first["uptime_ms"]):
        raise Failure("uptime_ms did not grow: %s then %s" % (first["uptime_ms"], st["uptime_ms"]))
    if int(st["tcp_passive_opens"]) <= int(first["tcp_passive_opens"]):
        raise Failure("tcp_passive_opens did not count the second connection")
    log.add("<status>", "%d fields, all %d required present and numeric" % (len(st), len(need)))


def curl(args, timeout):
    """Run curl; returns its -w output. Fails on a non-zero exit."""
    argv = ["curl", "-sS", "--max-time", str(timeout)] + args
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout + 30)
    if p.returncode != 0:
        raise Failure("%s: exit %d: %s" % (" ".join(argv), p.returncode, p.stderr.decode()[-500:]))
    return p.stdout.decode()


def check_bytes(tg, log, work):
    out = os.path.join(work, "bytes.bin")
    hdr = os.path.join(work, "bytes.hdr")
    t0 = time.monotonic()
    w = curl(["-D", hdr, "-o", out, "-w", "%{http_code} %{size_download}",
              tg.url("/bytes?n=%d" % BIG)], 300)
    secs = time.monotonic() - t0
    code, size = w.split()
    with open(hdr) as f:
        headers = f.read()
    log.add("curl GET /bytes?n=%d" % BIG, headers + "curl: %s\n" % w)
    if code != "200" or int(size) != BIG:
        raise Failure("GET /bytes: HTTP %s, %s bytes" % (code, size))
    if not re.search(r"(?im)^content-length: %d\r?$" % BIG, headers):
        raise Failure("GET /bytes: no Content-Length: %d" % BIG)
    if not re.search(r"(?im)^content-type: application/octet-stream", headers):
        raise Failure("GET /bytes: not application/octet-stream")
    got, want = file_sha256(out), pattern_sha256(BIG)
    if got != want:
        raise Failure("GET /bytes: sha256 %s, expected %s" % (got, want))
    log.time("GET /bytes 16 MiB (curl, sha256 ok)", secs, BIG)
    huge_then_reset(tg, log)


def read_head(s, limit=65536):
    """Read a response head from socket s; returns (status, headers dict,
    bytes after the head). Raises Failure on EOF before the head."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(4096)
        if not d:
            raise Failure("connection closed before a response head (%r)" % buf[:200])
        buf += d
        if len(buf) > limit:
            raise Failure("response head over %d bytes" % limit)
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3}) ", lines[0] + " ")
    if not m:
        raise Failure("bad status line %r" % lines[0])
    hdrs = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return int(m.group(1)), hdrs, rest


def recv_exact(s, n, have=b""):
    buf = bytearray(have)
    while len(buf) < n:
        d = s.recv(min(1 << 20, n - len(buf)))
        if not d:
            raise Failure("EOF after %d of %d bytes" % (len(buf), n))
        buf += d
    return bytes(buf)


def huge_then_reset(tg, log):
    """/bytes?n=2^40: the head says so, the first MiB is the pattern; then
    we reset the connection mid-stream."""
    n = 1 << 40
    s = tg.sock(tg.http)
    s.sendall(b"GET /bytes?n=%d HTTP/1.1\r\nHost: tern\r\n\r\n" % n)
    code, hdrs, rest = read_head(s)
    body = recv_exact(s, 1 << 20, rest)[:1 << 20]
    reset_close(s)
    if code != 200 or hdrs.get("content-length") != str(n):
        raise Failure("GET /bytes?n=2^40: %d, Content-Length %r" % (code, hdrs.get("content-length")))
    if body != pattern(1 << 20):
        raise Failure("GET /bytes?n=2^40: first MiB differs from the pattern")
    log.add("<GET /bytes?n=2^40, read 1 MiB, RST>", "200, Content-Length %d, first MiB ok" % n)


def check_sink(tg, log, work):
    data = os.urandom(BIG)
    path = os.path.join(work, "sink.bin")
    with open(path, "wb") as f:
        f.write(data)
    t0 = time.monotonic()
    # Expect: off, else curl waits a second for a 100 Continue.
    body = curl(["--fail", "-H", "Expect:", "-H", "Content-Type: application/octet-stream",
                 "--data-binary", "@" + path, tg.url("/sink")], 300)
    secs = time.monotonic() - t0
    log.add("curl POST /sink (16 MiB)", body)
    want = "bytes=%d sha256=%s" % (BIG, hashlib.sha256(data).hexdigest())
    if body.strip() != want:
        raise Failure("POST /sink answered %r, expected %r" % (body[:200], want))
    log.time("POST /sink 16 MiB (curl, sha256 ok)", secs, BIG)


def keepalive_requests():
    """(method, path, body) for the keep-alive run: edge sizes of the
    pattern's period, empty and larger /sink bodies, the status page."""
    rng = random.Random(80)
    reqs = [("GET", "/status", None)]
    reqs += [("GET", "/bytes?n=%d" % n, None) for n in (0, 1, 250, 251, 252, 65543, 1000000)]
    reqs += [("POST", "/sink", b""), ("POST", "/sink", bytes(rng.randrange(256) for _ in range(1000))),
             ("POST", "/sink", os.urandom(300000)), ("GET", "/", None), ("GET", "/bytes?n=4096", None),
             ("GET", "/status", None)]
    return reqs


def check_body(method, path, data, body):
    """A /bytes body is the pattern; a /sink answer names data's length
    and sha256."""
    if path.startswith("/bytes") and body != pattern(int(path.split("=")[1])):
        raise Failure("keep-alive: %s: body differs from the pattern" % path)
    if method == "POST":
        want = "bytes=%d sha256=%s" % (len(data), hashlib.sha256(data).hexdigest())
        if body.decode().strip() != want:
            raise Failure("keep-alive: POST /sink of %d: %r" % (len(data), body[:120]))


def keepalive(tg, log):
    """14 requests on one connection; the socket must never change."""
    c = tg.conn()
    reqs = keepalive_requests()
    first = None
    t0 = time.monotonic()
    for method, path, data in reqs:
        hdrs = {"Content-Type": "application/octet-stream"} if data is not None else {}
        c.request(method, path, body=data, headers=hdrs)
        if first is None:
            first = c.sock.getsockname()
        elif c.sock is None or c.sock.getsockname() != first:
            raise Failure("keep-alive: %s %s went over a new connection" % (method, path))
        r = c.getresponse()
        body = r.read()
        if r.status != 200 or r.will_close:
            raise Failure("keep-alive: %s %s: %d, will_close %s" % (method, path, r.status, r.will_close))
        check_body(method, path, data, body)
    c.close()
    log.time("keep-alive: %d requests on one connection" % len(reqs), time.monotonic() - t0)
    pipelined(tg, log)
    closing_requests(tg, log)


def closing_requests(tg, log):
    """HTTP/1.0 and `Connection: close`: the response, then EOF."""
    for name, req in (("HTTP/1.0", b"GET /status HTTP/1.0\r\n\r\n"),
                      ("Connection: close", b"GET /bytes?n=10 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")):
        s = tg.sock(tg.http, 40)
        s.sendall(req)
        code, hdrs, rest = read_head(s)
        n = int(hdrs.get("content-length", "-1"))
        body = recv_exact(s, n, rest) if n >= 0 else rest
        tail = s.recv(1)
        s.close()
        if code != 200 or tail != b"" or len(body) != n:
            raise Failure("%s: %d, %d body bytes, then %r instead of EOF" % (name, code, len(body), tail))
        log.add("<%s>" % name, "200, %d bytes, then the server closed" % n)


def pipelined(tg, log):
    """Two requests in one write; two responses in order."""
    s = tg.sock(tg.http)
    s.sendall(b"GET /bytes?n=300 HTTP/1.1\r\nHost: t\r\n\r\nGET /bytes?n=7 HTTP/1.1\r\nHost: t\r\n\r\n")
    rest = b""
    for n in (300, 7):
        s2 = _Prefixed(s, rest)
        code, hdrs, rest = read_head(s2)
        body = recv_exact(s, n, rest)
        rest = body[n:]
        if code != 200 or body[:n] != pattern(n):
            raise Failure("pipelined request for %d bytes: %d or body differs" % (n, code))
    s.close()
    log.add("<two pipelined requests>", "both answered in order, bodies ok")


class _Prefixed:
    """A socket whose first recv returns already-read bytes."""

    def __init__(self, s, prefix):
        self.s, self.prefix = s, prefix

    def recv(self, n):
        if self.prefix:
            d, self.prefix = self.prefix, b""
            return d
        return self.s.recv(n)


def parallel(tg, log, work):
    """CLIENTS curl processes at once, each CLIENT_BYTES of /bytes."""
    want = pattern_sha256(CLIENT_BYTES)
    procs = []
    t0 = time.monotonic()
    for i in range(CLIENTS):
        out = os.path.join(work, "par%02d.bin" % i)
        argv = ["curl", "-sS", "--fail", "--max-time", "400", "-o", out,
                tg.url("/bytes?n=%d&client=%d" % (CLIENT_BYTES, i))]
        procs.append((out, subprocess.Popen(argv, stderr=subprocess.PIPE)))
    bad = []
    for out, p in procs:
        _, err = p.communicate(timeout=460)
        if p.returncode != 0:
            bad.append("%s: curl exit %d %s" % (os.path.basename(out), p.returncode, err.decode()[-200:]))
        elif file_sha256(out) != want:
            bad.append("%s: sha256 differs" % os.path.basename(out))
        if os.path.exists(out):
            os.unlink(out)
    secs = time.monotonic() - t0
    log.add("<%d concurrent curl GET /bytes?n=%d>" % (CLIENTS, CLIENT_BYTES),
            "%d of %d byte-exact\n%s" % (CLIENTS - len(bad), CLIENTS, "\n".join(bad)))
    if bad:
        raise Failure("%d of %d concurrent clients failed: %s" % (len(bad), CLIENTS, bad[:3]))
    log.time("%d concurrent curl clients x 1 MiB, all byte-exact" % CLIENTS, secs, CLIENTS * CLIENT_BYTES)


def echo_round_trip(tg, data, timeout=120):
    """Send data to the echo port (from a thread) while reading it back;
    then our FIN must be answered by the server's. Returns the echo."""
    s = tg.sock(tg.echo, timeout)
    err = []

    def writer():
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError as e:
            err.append(e)
    th = threading.Thread(target=writer)
    th.start()
    back = bytearray()
    try:
        while True:
            d = s.recv(1 << 16)
            if not d:
                break
            back += d
    finally:
        th.join()
        s.close()
    if err:
        raise Failure("echo: send failed: %s" % err[0])
    return bytes(back)


def differ(got, want):
    """How got differs from want, in words."""
    n = min(len(got), len(want))
    first = next((i for i in range(n) if got[i] != want[i]), n)
    return "%d of %d bytes back, first difference at byte %d" % (len(got), len(want), first)


def check_echo(tg, log):
    for n in (1, 100, 1460, 1461):
        data = os.urandom(n)
        t0 = time.monotonic()
        back = echo_round_trip(tg, data)
        if back != data:
            raise Failure("echo of %d bytes: %s" % (n, differ(back, data)))
        log.time("echo %d bytes (connect, round trip, close)" % n, time.monotonic() - t0)
    data = os.urandom(1 << 20)
    t0 = time.monotonic()
    back = echo_round_trip(tg, data)
    if back != data:
        raise Failure("echo of 1 MiB: %s" % differ(back, data))
    log.time("echo 1 MiB both ways, byte-exact", time.monotonic() - t0, 2 << 20)
    s = tg.sock(tg.discard, 120)
    t0 = time.monotonic()
    s.sendall(os.urandom(4 << 20))
    s.shutdown(socket.SHUT_WR)
    extra = s.recv(1)  # the server closes once it has read our FIN
    s.close()
    if extra:
        raise Failure("discard sent data back")
    log.time("discard 4 MiB (until the server's FIN)", time.monotonic() - t0, 4 << 20)


def raw_status(tg, req, timeout=40):
    """Send req on a fresh connection; the status code, or None if the
    server closed without answering."""
    s = tg.sock(tg.http, timeout)
    try:
        s.sendall(req)
        try:
            return read_head(s)[0]
        except Failure:
            return None
    finally:
        s.close()


ERRORS = [
    ("unknown path", b"GET /nosuch HTTP/1.1\r\nHost: t\r\n\r\n", {404}),
    ("DELETE", b"DELETE /status HTTP/1.1\r\nHost: t\r\n\r\n", {405}),
    ("PUT /sink", b"PUT /sink HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n", {405}),
    ("GET /sink", b"GET /sink HTTP/1.1\r\nHost: t\r\n\r\n", {405}),
    ("one word", b"GARBAGE\r\n\r\n", {400}),
    ("no version", b"GET /\r\n\r\n", {400}),
    ("binary request line", b"\x00\x01\xff\xfe \x80 HTTP/1.1\r\n\r\n", {400}),
    ("bad version", b"GET / HTTP/x.y\r\n\r\n", {400, 505}),
    ("n not a number", b"GET /bytes?n=abc HTTP/1.1\r\nHost: t\r\n\r\n", {400}),
    ("n negative", b"GET /bytes?n=-1 HTTP/1.1\r\nHost: t\r\n\r\n", {400}),
    ("n overflows", b"GET /bytes?n=99999999999999999999999999 HTTP/1.1\r\nHost: t\r\n\r\n", {400, 413}),
    ("bad Content-Length", b"POST /sink HTTP/1.1\r\nHost: t\r\nContent-Length: 12x\r\n\r\n", {400}),
    ("header without colon", b"GET / HTTP/1.1\r\nHost t\r\n\r\n", {400}),
    ("20 KB header", b"GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n", {413, 431}),
]


def check_errors(tg, log):
    for name, req, codes in ERRORS:
        code = raw_status(tg, req)
        log.add("<%s>" % name, "%r... -> %s" % (req[:60], code))
        if code not in codes:
            raise Failure("%s: status %s, expected %s" % (name, code, sorted(codes)))
    t0 = time.monotonic()
    garbage(tg)
    half_requests(tg)
    log.add("<100 KB header line without an end>", endless_header(tg))
    st = get_status(tg)[0]
    log.time("garbage, half requests, resets; status page served afterwards", time.monotonic() - t0)
    return st


def reset_close(s):
    """Close s with a RST (SO_LINGER 0)."""
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def garbage(tg):
    """20 connections of random bytes, with and without line ends; each
    read until the server closes (a reset is a fine answer too)."""
    rng = random.Random(9)
    for i in range(20):
        junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 3000)))
        if i % 2:
            junk += b"\r\n\r\n"
        s = tg.sock(tg.http, 40)
        try:
            s.sendall(junk)
            s.shutdown(socket.SHUT_WR)
            while s.recv(4096):
                pass
        except OSError:
            pass
        s.close()


def half_requests(tg):
    """Connect and go away, stop half-way through a head, reset; and a big
    transfer reset after its head."""
    for i in range(10):
        s = tg.sock(tg.http)
        if i % 2:
            s.sendall(b"GET /status HTTP/1.1\r\nHos")
        if i % 3 == 0:
            reset_close(s)
        else:
            s.close()
    s = tg.sock(tg.http)
    s.sendall(b"GET /bytes?n=100000000 HTTP/1.1\r\nHost: t\r\n\r\n")
    read_head(s)
    reset_close(s)


def endless_header(tg):
    """A header line without an end: an error status or a close, never a
    hang (the socket timeout is the limit). Returns what happened."""
    s = tg.sock(tg.http, 60)
    try:
        s.sendall(b"GET / HTTP/1.1\r\nX: " + b"z" * 100000)
        return str(read_head(s)[0])
    except (OSError, Failure) as e:
        return "closed (%s)" % e.__class__.__name__
    finally:
        s.close()


def check_netstat(tg, m, log):
    """A connection held open shows as ESTABLISHED next to the listeners."""
    s = tg.sock(tg.echo)
    s.sendall(b"hold")
    recv_exact(s, 4)
    out = m.run("netstat", 60)
    log.add("netstat", out)
    s.close()
    for port in (80, 7, 9):
        N.check("netstat", out, r"(?m)^tcp\s+\S+:%d\s+\S+:\*\s+LISTEN\b" % port)
    N.check("netstat", out, r"(?m)^tcp\s+10\.0\.2\.15:7\s+10\.0\.2\.2:\d+\s+ESTABLISHED\b")
    N.check("netstat", out, r"\d+ TCP sockets")


def gauges(st):
    return int(st["tcp_socks"]), int(st["tcp_buf_bytes"])


def stable_gauges(tg, wait=30):
    """The baseline: tcp_socks/tcp_buf_bytes once two samples 1 s apart
    agree (the connections that asked before may still be closing)."""
    last = None
    deadline = time.monotonic() + wait
    while True:
        now = gauges(get_status(tg)[0])
        if now == last or time.monotonic() > deadline:
            return now
        last = now
        time.sleep(1)


def busy_sockets(m, log):
    """netstat's sockets in states other than LISTEN and TIME-WAIT (which
    holds no buffers)."""
    out = m.run("netstat", 60)
    log.add("netstat", out)
    return [ln for ln in out.splitlines()
            if ln.startswith("tcp ") and not re.search(r"\s(LISTEN|TIME-WAIT)\b", ln)]


def check_no_leak(tg, log, base, m, wait):
    """tcp_socks and tcp_buf_bytes at most at the baseline (each sample is
    taken over a fresh connection, as the baseline was), and netstat
    lists only listeners and TIME-WAIT; waits out 2 MSL at most."""
    t0 = time.monotonic()
    while True:
        now = gauges(get_status(tg)[0])
        busy = None
        if m is not None:
            time.sleep(1)  # the status connection's own close
            busy = busy_sockets(m, log)
        ok = now[0] <= base[0] and now[1] <= base[1] and not busy
        if ok or time.monotonic() - t0 > wait:
            break
        time.sleep(5)
    log.add("<leak check>", "tcp_socks/tcp_buf_bytes baseline %d/%d, after %d/%d (%.0f s)"
            % (base + now + (time.monotonic() - t0,)))
    if not ok:
        raise Failure("after the tests tcp_socks/tcp_buf_bytes = %d/%d, baseline %d/%d%s" % (
            now + base + ("; netstat: " + "; ".join(busy) if busy else "",)))
    log.time("sockets and buffers back at the baseline", time.monotonic() - t0)


CHECKS = [("status", lambda tg, log, w, m: check_status(tg, log)),
          ("bytes", lambda tg, log, w, m: check_bytes(tg, log, w)),
          ("sink", lambda tg, log, w, m: check_sink(tg, log, w)),
          ("keepalive", lambda tg, log, w, m: keepalive(tg, log)),
          ("parallel", lambda tg, log, w, m: parallel(tg, log, w)),
          ("echo", lambda tg, log, w, m: check_echo(tg, log)),
          ("errors", lambda tg, log, w, m: check_errors(tg, log)),
          ("netstat", lambda tg, log, w, m: m and check_netstat(tg, m, log))]


def drain(m):
    """Read what the serial port has written so far (into m.out and the
    log), so a full pipe never stalls the guest's console."""
    while m is not None:
        r, _, _ = select.select([m.proc.stdout], [], [], 0)
        data = os.read(m.proc.stdout.fileno(), 65536) if r else b""
        if not data:
            return
        m.out += data
        m.log.write(data)
        m.log.flush()


def run_checks(tg, log, work, m, only):
    base = stable_gauges(tg)
    for name, fn in CHECKS:
        if only and name not in only:
            continue
        drain(m)
        t0 = time.monotonic()
        fn(tg, log, work, m)
        print("ok %s (%.1f s)" % (name, time.monotonic() - t0), flush=True)
    check_no_leak(tg, log, base, m, TIMEWAIT_S + 30)


def boot_and_check(a, log, work):
    ports = {k: free_tcp_port() for k in GUEST_PORTS}
    fwd = ["tcp:127.0.0.1:%d-:%d" % (ports[k], GUEST_PORTS[k]) for k in GUEST_PORTS]
    tg = Target(ports["http"], ports["echo"], ports["discard"])
    tag = "tcp-user-%s" % a.nic
    with open(os.path.join(a.artifacts, tag + ".serial.log"), "wb") as serial:
        net = TQ.net_argv(a.nic, "user", fwd)
        if a.pcap:  # the guest's side of the NAT, headers only
            net += ["-object", "filter-dump,id=f1,netdev=n0,maxlen=200,file=" + a.pcap]
        # every client comes from 10.0.2.2 through QEMU's NAT: the
        # per-address cap (16) would refuse most of the 50 parallel ones
        m = N.NetMachine(a.esp, work, serial, net, "net=dhcp svc_per_src=64")
        try:
            t0 = time.monotonic()
            log.add("<boot>", S.ANSI.sub("", m.read_until(S.FRESH, 180))[-1500:])
            wait_for_http(tg, 180, m)
            log.time("boot to the first HTTP answer", time.monotonic() - t0)
            run_checks(tg, log, work, m, a.only)
            if "KERNEL PANIC" in m.out.decode("utf-8", "replace"):
                raise Failure("KERNEL PANIC in the serial log")
        except (Failure, S.Failure, OSError, http.client.HTTPException, subprocess.TimeoutExpired) as e:
            for cmd in ("netstat", "netstat -s", "ifconfig", "mem"):  # state for the post-mortem
                try:
                    log.add("<after failure> " + cmd, m.run(cmd, 30))
                except S.Failure:
                    break
            raise Failure("%s: %s" % (e.__class__.__name__, e))
        finally:
            m.kill()
    return tag


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp")
    p.add_argument("--artifacts", default="test-artifacts")
    p.add_argument("--nic", choices=TQ.NICS, default="virtio")
    p.add_argument("--target", help="HTTP,ECHO,DISCARD host ports of a running tern")
    p.add_argument("--only", action="append", default=[], choices=[c[0] for c in CHECKS])
    p.add_argument("--pcap", help="write the guest's frames (first 200 bytes) to this file")
    a = p.parse_args()
    if not shutil.which("curl"):
        print("FAIL tcp user: curl is not installed (apt-get install curl)")
        return 1
    os.makedirs(a.artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="tern-tcp-")
    log = Log()
    tag = "tcp-user-%s" % ("target" if a.target else a.nic)
    rc = 0
    try:
        if a.target:
            tg = Target(*[int(x) for x in a.target.split(",")])
            run_checks(tg, log, work, None, a.only)
        else:
            boot_and_check(a, log, work)
        print("PASS tcp user %s" % a.nic)
    except (Failure, OSError, http.client.HTTPException, subprocess.TimeoutExpired) as e:
        print("FAIL tcp user %s: %s" % (a.nic, e))
        rc = 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    N.write_transcript(os.path.join(a.artifacts, tag + "-transcript.txt"), log.t)
    return rc


if __name__ == "__main__":
    sys.exit(main())
