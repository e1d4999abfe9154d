#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drive tern's network commands over the serial shell, in a headless QEMU
with user networking (always restrict=on: nothing leaves the machine).

  net_session.py --esp IMG --artifacts DIR --nic virtio|e1000|e1000e MODE

MODE:
  user   ifconfig, dhcp (QEMU's server leases 10.0.2.15), ping 10.0.2.2
         (slirp answers echo to its gateway), arp, a UDP echo round trip
         through hostfwd (kernel `udpecho 7`, this script as the client),
         a UDP flood against the echo server (ring exhaustion: drops are
         counted, nothing hangs, ping works afterwards), and nslookup
         failing cleanly (restrict=on: QEMU's DNS cannot reach out).
  static the same machine booted with net=static:10.0.2.15/24,10.0.2.2:
         ping works without DHCP.
  peer   no slirp: QEMU's socket backend joins tern to a peer in this
         script (net_peer.py; 127.0.0.1 only). Ping both ways, a UDP echo
         round trip, then HOSTILE (default 100000) random and malformed
         frames; afterwards tern still answers ping and `mem` shows the
         free-frame count back at its baseline.

Note on restrict=on: libslirp drops every UDP datagram the guest sends
(except DHCP and TFTP) when restricted, replies to hostfwd included; so in
`user` mode the hostfwd path is checked host -> guest (the stack's UDP
receive counter), and the full UDP echo round trip runs in `peer` mode.
Transcript: DIR/net-user-NIC-transcript.txt; serial log beside it.
"""
import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import shell_session as S  # noqa: E402
from kaslr_common import TQ  # noqa: E402


GW_RE = r"(10\.0\.2\.2|0\.0\.0\.0)"


class Failure(Exception):
    pass


class NetMachine(S.Machine):
    """shell_session's Machine with a NIC and a kernel command line."""

    def __init__(self, esp, workdir, log, net_args, cmdline):
        img, vars_fd = TQ.prepare_image(esp, workdir, cmdline)
        self.mon_path = os.path.join(workdir, "monitor.sock")
        argv = TQ.qemu_argv(img, vars_fd, extra=[
            "-display", "none", "-serial", "stdio",
            "-monitor", "unix:%s,server,nowait" % self.mon_path] + net_args)
        self.start(argv, log)

    def start(self, argv, log):
        """Run argv (QEMU, or a wrapper around it) with the serial port on
        pipes, in its own session so kill() ends the whole group."""
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.out = b""
        self.seen = 0
        self.log = log
        self.mon = None


def check(name, text, pattern):
    m = re.search(pattern, text)
    if not m:
        raise Failure("output of %r does not match %r:\n%s" % (name, pattern, text[-3000:]))
    return m


def free_udp_port():
    for _ in range(50):
        port = random.randint(20000, 60000)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            s.close()
    raise Failure("no free UDP port")


def run(m, t, line, pattern=None, timeout=120):
    out = m.run(line, timeout)
    t.append((line, out))
    return check(line, out, pattern) if pattern else None


def ping_ok(m, t, host, count):
    out = m.run("ping %s -c %d" % (host, count), 60 + 3 * count)
    t.append(("ping %s -c %d" % (host, count), out))
    check("ping", out, r"icmp_seq=1 ttl=\d+ time=\d+\.\d{3} ms")
    check("ping", out, r"--- %s ping statistics ---" % re.escape(host))
    r = check("ping", out, r"(\d+) packets transmitted, (\d+) received, (\d+)% packet loss")
    check("ping", out, r"rtt min/avg/max = \d+\.\d{3}/\d+\.\d{3}/\d+\.\d{3} ms")
    if int(r.group(1)) != count or int(r.group(2)) != count:
        raise Failure("ping %s: %s of %s answered" % (host, r.group(2), r.group(1)))
    return out


def udp_rx(m, t):
    out = m.run("ifconfig -s")
    t.append(("ifconfig -s", out))
    return int(check("ifconfig -s", out, r"udp:\s+rx (\d+)").group(1))


def udp_send_only(port, count, t):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(count):
        s.sendto(b"hostfwd %d" % i, ("127.0.0.1", port))
        if count <= 100:
            time.sleep(0.01)
    s.close()
    time.sleep(2)
    t.append(("<host: %d UDP datagrams to 127.0.0.1:%d (hostfwd -> :7)>" % (count, port), "sent\n"))


def free_frames(m, t):
    out = m.run("mem")
    t.append(("mem", out[:300]))
    return int(check("mem", out, r"frames: \d+ managed, (\d+) free").group(1))


def mode_peer(m, a, t):
    import net_peer as P
    peer = a.peer
    run(m, t, "dhcp", r"lease: 10\.0\.3\.15/24 gateway 10\.0\.3\.1[\s\S]*dns 10\.0\.3\.1")
    run(m, t, "ifconfig", r"inet 10\.0\.3\.15  netmask 255\.255\.255\.0  gateway 10\.0\.3\.1")
    ping_ok(m, t, P.PEER_IP, 3)
    run(m, t, "nslookup " + P.DNS_NAME, r"Server:  10\.0\.3\.1\s+Name:    %s\s+Address: 10\.0\.3\.1"
        % re.escape(P.DNS_NAME))
    run(m, t, "nslookup nosuch.tern.test", r"nslookup: nosuch\.tern\.test: ")
    run(m, t, "arp", r"10\.0\.3\.1\s+02:00:00:00:03:01")
    if a.transcript:
        keep = [x for x in t if x[0] != "<boot>"]
        with open(os.path.join(a.artifacts, "net-transcript.txt"), "w") as f:
            f.write("# tern, %s, QEMU socket backend to a local peer (net_peer.py)\n" % a.driver)
            for cmd, out in keep:
                out = out[:-len(S.PROMPT)] if out.endswith(S.PROMPT) else out
                f.write("%s%s" % (S.PROMPT, out if out.startswith(cmd) else cmd + "\n" + out))
    run(m, t, "udpecho 7", r"listening on UDP port 7")
    rtts = peer.ping(20)
    t.append(("<peer: 20 pings to %s>" % P.GUEST_IP, "%d answered%s\n" % (
        len(rtts), ", rtt min/avg/max %.2f/%.2f/%.2f ms" % (min(rtts), sum(rtts) / len(rtts), max(rtts)) if rtts else "")))
    if len(rtts) != 20:
        raise Failure("peer ping: %d of 20 answered" % len(rtts))
    rng = random.Random(7)
    for i in range(60):
        data = bytes(rng.getrandbits(8) for _ in range([1, 7, 100, 512, 1000, 1472][i % 6]))
        back = peer.udp_echo(data, 40000 + i)
        if back != data:
            raise Failure("udp echo %d (%d bytes): %s" % (i, len(data), "no answer" if back is None else "differs"))
    t.append(("<peer: 60 UDP datagrams (1..1472 bytes) to :7>", "all echoed unchanged\n"))
    base = free_frames(m, t)
    t0 = time.monotonic()
    kinds = P.hostile_frames(peer, a.hostile)
    t.append(("<peer: %d hostile frames in %.1f s>" % (a.hostile, time.monotonic() - t0),
              " ".join("%s=%d" % kv for kv in sorted(kinds.items())) + "\n"))
    run(m, t, "ifconfig -s", r"RX packets [1-9]")
    ping_ok(m, t, P.PEER_IP, 3)
    rtts = peer.ping(5, ident=0x6262)
    if len(rtts) != 5:
        raise Failure("peer ping after the hostile frames: %d of 5" % len(rtts))
    back_to_baseline(m, t, base)


def back_to_baseline(m, t, base, wait=60):
    """Poll `mem` until the free-frame count is back at base (reassembly
    holds fragments for up to 30 s); fail if it is not within wait s.
    Returns the last count."""
    deadline = time.monotonic() + wait
    while True:
        now = free_frames(m, t)
        if now >= base or time.monotonic() > deadline:
            break
        time.sleep(5)
    t.append(("<free frames>", "baseline %d, after %d\n" % (base, now)))
    if now < base:
        raise Failure("free frames %d after the hostile frames, baseline %d" % (now, base))
    return now


def udp_round_trips(port, count, t):
    """count datagrams of varied sizes to the echo server; all must come
    back unchanged. Returns the round-trip times in ms."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    rtts = []
    rng = random.Random(port)
    try:
        for i in range(count):
            size = [1, 7, 100, 512, 1000, 1472][i % 6]
            data = bytes(rng.randrange(256) for _ in range(size))
            for attempt in range(3):  # the first may wait for ARP
                t0 = time.monotonic()
                s.sendto(data, ("127.0.0.1", port))
                try:
                    back, _ = s.recvfrom(4096)
                    break
                except socket.timeout:
                    back = None
            if back != data:
                raise Failure("udp echo %d (%d bytes): %s" % (
                    i, size, "no answer" if back is None else "%d bytes differ" % len(back)))
            rtts.append((time.monotonic() - t0) * 1000)
    finally:
        s.close()
    t.append(("<host: %d UDP datagrams to 127.0.0.1:%d -> udpecho>" % (count, port),
              "all %d echoed unchanged, rtt min/avg/max %.1f/%.1f/%.1f ms\n"
              % (count, min(rtts), sum(rtts) / len(rtts), max(rtts))))
    return rtts


def udp_flood(port, count, t):
    """Fire count datagrams without waiting; count what comes back."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    got = 0
    payload = b"x" * 1000
    for i in range(count):
        try:
            s.sendto(payload, ("127.0.0.1", port))
        except BlockingIOError:
            pass
        try:
            while True:
                s.recvfrom(4096)
                got += 1
        except BlockingIOError:
            pass
    deadline = time.monotonic() + 10
    s.settimeout(0.5)
    while time.monotonic() < deadline:
        try:
            s.recvfrom(4096)
            got += 1
        except socket.timeout:
            break
    s.close()
    t.append(("<host: flood of %d x 1000-byte datagrams>" % count,
              "%d echoed back, %d lost (ring or socket queue full)\n" % (got, count - got)))
    return got


def mode_user(m, a, t):
    run(m, t, "ifconfig", r"eth0: %s  link up[\s\S]*ether 52:54:00" % a.driver)
    run(m, t, "lspci", r"thernet controller \(0200\) driver %s\r?\n" % re.escape(a.driver))
    # libslirp leaves the router and DNS options out of its DHCP replies
    # when restrict=on, so the lease has no gateway: 10.0.2.2 is on-link.
    run(m, t, "dhcp", r"lease: 10\.0\.2\.15/24 gateway %s[\s\S]*server 10\.0\.2\.2" % GW_RE)
    run(m, t, "ifconfig", r"inet 10\.0\.2\.15  netmask 255\.255\.255\.0  gateway %s" % GW_RE +
                          r"[\s\S]*RX packets [1-9]")
    ping_ok(m, t, "10.0.2.2", 3)
    run(m, t, "arp", r"10\.0\.2\.2\s+52:55:0a:00:02:02")
    run(m, t, "udpecho 7", r"listening on UDP port 7")
    before = udp_rx(m, t)
    udp_send_only(a.port, 50, t)
    after = udp_rx(m, t)
    if after - before < 50:
        raise Failure("hostfwd: %d of 50 datagrams reached the guest" % (after - before))
    udp_send_only(a.port, 3000, t)  # a flood: rings overflow, drops counted
    run(m, t, "ifconfig -s", r"RX packets [1-9]")
    ping_ok(m, t, "10.0.2.2", 2)  # still alive after the flood
    out = m.run("nslookup no-such-host.invalid", 60)
    t.append(("nslookup no-such-host.invalid", out))
    check("nslookup", out, r"nslookup: no-such-host\.invalid: \S")


def mode_static(m, a, t):
    if a.device_opts == "vectors=0":
        check("boot log", m.out.decode("utf-8", "replace"), r"eth0: virtio-net .*, INTx, link up")
    run(m, t, "ifconfig", r"inet 10\.0\.2\.15  netmask 255\.255\.255\.0  gateway 10\.0\.2\.2")
    ping_ok(m, t, "10.0.2.2", 3)
    if a.link_flap:
        link_flap(m, t)
    if a.irq_handler:  # the pings (or link edges) came through interrupts, not netd's 20 ms poll
        run(m, t, "irq", r"0x[0-9a-f]{2}\s+[1-9]\d*\s+%s\b" % re.escape(a.irq_handler))


def wait_link(m, t, state, wait=10):
    """Poll ifconfig until it shows `link <state>`, at most wait s."""
    deadline = time.monotonic() + wait
    while True:
        out = m.run("ifconfig")
        if re.search(r"eth0: \S+  link %s" % state, out) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    t.append(("ifconfig", out))
    check("ifconfig", out, r"eth0: \S+  link %s" % state)


def link_flap(m, t):
    """The cable out and back in (QEMU's set_link): the driver must see both
    edges (link-change interrupt or its poll of the status register), and
    traffic must flow again afterwards."""
    t.append(("<monitor> set_link n0 off", S.ANSI.sub("", m.monitor("set_link n0 off"))))
    wait_link(m, t, "down")
    t.append(("<monitor> set_link n0 on", S.ANSI.sub("", m.monitor("set_link n0 on"))))
    wait_link(m, t, "up")
    ping_ok(m, t, "10.0.2.2", 2)


MODES = {"user": (mode_user, "net=dhcp"),
         "static": (mode_static, "net=static:10.0.2.15/24,10.0.2.2,10.0.2.3"),
         "peer": (mode_peer, "net=dhcp")}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp", required=True)
    p.add_argument("--artifacts", required=True)
    p.add_argument("--nic", choices=TQ.NICS, required=True)
    p.add_argument("--hostile", type=int, default=100000)
    p.add_argument("--device-opts", default="", help="appended to -device (e.g. vectors=0: no MSI-X)")
    p.add_argument("--cmdline-extra", default="", help="appended to the kernel command line")
    p.add_argument("--expect-boot", default=None, help="regex the boot log must match")
    p.add_argument("--link-flap", action="store_true",
                   help="static: QEMU set_link off/on; ifconfig follows, ping works after")
    p.add_argument("--irq-handler", default=None,
                   help="static: after the pings, `irq` must show this handler with a count > 0")
    p.add_argument("--transcript", action="store_true",
                   help="peer: write DIR/net-transcript.txt (dhcp, ifconfig, ping, nslookup, arp)")
    p.add_argument("mode", choices=sorted(MODES))
    a = p.parse_args()
    a.driver = {"virtio": "virtio-net"}.get(a.nic, a.nic)
    a.port = free_udp_port()
    os.makedirs(a.artifacts, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="tern-net-")
    tag = "net-%s-%s" % (a.mode, a.nic)
    fn, cmdline = MODES[a.mode]
    cmdline = (cmdline + " " + a.cmdline_extra).strip()
    t = []
    rc = 0
    net_args = TQ.net_argv(a.nic, "user", ["udp:127.0.0.1:%d-:7" % a.port])
    if a.device_opts:
        net_args[-1] += "," + a.device_opts
    a.peer = None
    if a.mode == "peer":
        import net_peer
        a.peer = net_peer.Peer()
        net_args = a.peer.qemu_args() + net_args[2:]  # same -device
    with open(os.path.join(a.artifacts, tag + ".serial.log"), "wb") as log:
        m = NetMachine(a.esp, workdir, log, net_args, cmdline)
        try:
            boot = m.read_until(S.FRESH, 120)
            t.append(("<boot>", S.ANSI.sub("", boot)[-1500:]))
            if a.expect_boot:
                check("boot log", S.ANSI.sub("", boot), a.expect_boot)
            fn(m, a, t)
            if "KERNEL PANIC" in m.out.decode("utf-8", "replace"):
                raise Failure("KERNEL PANIC in the serial log")
            print("PASS net %s %s" % (a.mode, a.nic))
        except (Failure, S.Failure) as e:
            print("FAIL net %s %s: %s" % (a.mode, a.nic, e))
            rc = 1
            if a.peer:
                t.append(("<peer state>", "thread alive %s, counts %s\n" % (
                    a.peer.thread.is_alive(), a.peer.counts)))
            for cmd in ("ifconfig -s", "arp", "ps", "irq"):  # state for the post-mortem
                try:
                    t.append(("<after failure> " + cmd, m.run(cmd, 20)))
                except S.Failure:
                    break
        finally:
            m.kill()
            if a.peer:
                a.peer.close()
            shutil.rmtree(workdir, ignore_errors=True)
    write_transcript(os.path.join(a.artifacts, tag + "-transcript.txt"), t)
    return rc


def write_transcript(path, t, header=""):
    """t: (command, output) pairs, written as a shell session."""
    with open(path, "w") as f:
        f.write(header)
        for cmd, out in t:
            f.write("%s%s\n%s\n" % (S.PROMPT, cmd, out))
    print("transcript: " + path)


if __name__ == "__main__":
    sys.exit(main())
