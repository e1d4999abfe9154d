#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tern against a real Linux peer: a tap device inside a network namespace
that this test creates and deletes itself (root only).

  net_netns.py --esp IMG --artifacts DIR --nic virtio|e1000|e1000e [--hostile N]

  namespace ternPID (no other interface up but lo; no route out)
  +-----------------------------------------------------------+
  |  dnsmasq (DHCP 10.0.9.50-99, DNS peer.tern.test)          |
  |  ping, ping -f, hostile frames (AF_PACKET via scapy)      |
  |        |                                                  |
  |   tapPID 10.0.9.1/24  <--fd-->  QEMU -netdev tap  -> tern |
  +-----------------------------------------------------------+

Checks: tern's `dhcp` gets a lease in 10.0.9.50-99 from dnsmasq; tern
pings 10.0.9.1; Linux pings tern; large pings both ways, fragmented
(tern's `ping -s 3000` and `-s 8000`, Linux's `ping -s 8000` and
`-s 65507`, the largest there is); an ARP spoof of 10.0.9.1 (a forged
reply and a forged gratuitous ARP from another MAC) leaves tern's entry
on the tap's MAC, the real owner having answered tern's unicast check
(`mac-change-held`); then Linux floods tern (`ping -f -w 10`, loss
at most FLOOD_LOSS_MAX); `nslookup peer.tern.test` gives 10.0.9.1; then
N (default 100000) frames from net_peer's hostile generator go onto the
tap; tern still answers ping both ways and `mem` shows the free-frame
count back at its baseline. Every exit path (pass, fail, exception,
SIGTERM, the internal alarm) kills dnsmasq and QEMU and deletes the tap
and the namespace. Exit 77 (ctest: skipped) only without root or where
the machine cannot make namespaces and taps; a missing `ip`, `dnsmasq`,
`ping` or scapy (all installed by scripts/setup) fails instead.
Transcript: DIR/net-netns-NIC.txt.
"""
import argparse
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import net_session as N  # noqa: E402
import shell_session as S  # noqa: E402
from kaslr_common import TQ  # noqa: E402

SKIP = 77
NET = "10.0.9"
HOST_IP = NET + ".1"
DNS_NAME = "peer.tern.test"
# Linux's ping -f sends the next request as soon as a reply arrives (or
# every 10 ms), so only one or two requests are in flight (ping reports
# "pipe 2") and the guest's rings (virtio: 256-entry queues, e1000: 256
# descriptors) never fill. Loss can only come from the request outstanding
# when -w ends the run (seen: 1 of ~35,000) and from the software-emulated
# guest missing a burst while the host is busy: far under 5 %.
FLOOD_LOSS_MAX = 5.0
ALARM_S = 540  # below ctest's TIMEOUT 600, so cleanup runs before a kill


def import_scapy():
    """scapy, also from Debian's dist-packages when this python is another
    build of the same version (a pyenv python, say). None if absent."""
    dist = "/usr/lib/python3/dist-packages"
    for extra in (None, dist):
        if extra and (extra in sys.path or not os.path.isdir(os.path.join(extra, "scapy"))):
            break
        if extra:
            sys.path.append(extra)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # its cryptography deprecations
                import scapy.all as sc
            return sc
        except ImportError:
            continue
    return None


def missing_package(extra_tools=()):
    """What scripts/setup should have installed but did not: a reason to
    fail, never to skip (CI must not pass with these tests unrun)."""
    for tool in ("ip", "dnsmasq", "ping") + tuple(extra_tools):
        if not shutil.which(tool):
            return "`%s` not installed (scripts/setup installs it)" % tool
    if import_scapy() is None:
        return "python3-scapy not installed (scripts/setup installs it)"
    return None


def missing_prerequisite():
    """A genuine reason to skip (exit 77): the machine, not the setup."""
    if os.geteuid() != 0:
        return "not root (network namespaces and taps need it)"
    return netns_unsupported()


def netns_unsupported():
    """Root inside a container may still lack CAP_NET_ADMIN or /dev/net/tun:
    probe once with a throwaway namespace and tap, and say why if not."""
    probe = "ternprobe%d" % os.getpid()
    r = subprocess.run(["ip", "netns", "add", probe], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        return "this machine cannot create network namespaces: " + r.stdout.strip()
    try:
        r = subprocess.run(["ip", "netns", "exec", probe, "ip", "tuntap", "add", "dev",
                            "tprobe", "mode", "tap"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return None if r.returncode == 0 else "no tap devices here: " + r.stdout.strip()
    finally:
        subprocess.run(["ip", "netns", "del", probe], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)


def sh(argv, check=True, timeout=60):
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise N.Failure("%s: exit %d: %s" % (" ".join(argv), r.returncode, r.stdout))
    return r.stdout


class Netns:
    """A namespace holding one tap; everything here is undone by close(),
    which is safe to call twice and after a partial setup."""

    def __init__(self, workdir):
        self.name = "tern%d" % os.getpid()
        self.tap = "tap%d" % os.getpid()
        self.workdir = workdir
        self.procs = []  # started inside the namespace, own sessions
        self.made = False

    def ex(self, *argv):
        return ["ip", "netns", "exec", self.name] + list(argv)

    def setup(self):
        sh(["ip", "netns", "add", self.name])
        self.made = True
        sh(self.ex("ip", "link", "set", "lo", "up"))
        sh(self.ex("ip", "tuntap", "add", "dev", self.tap, "mode", "tap"))
        sh(self.ex("ip", "addr", "add", HOST_IP + "/24", "dev", self.tap))
        # a larger MTU lets the generator's oversized frames reach tern;
        # what Linux's own stack sends there keeps to Ethernet's 1500 (the
        # route's MTU), so its fragments fit tern's 1514-byte frames
        sh(self.ex("ip", "link", "set", self.tap, "mtu", "1600", "up"))
        sh(self.ex("ip", "route", "replace", NET + ".0/24", "dev", self.tap,
                   "src", HOST_IP, "mtu", "1500"))

    def spawn(self, argv, log):
        p = subprocess.Popen(self.ex(*argv), stdout=log, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        self.procs.append(p)
        return p

    def dnsmasq(self, log):
        """dnsmasq on the tap only: DHCP and DNS, nothing upstream."""
        p = self.spawn(["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--user=root",
                        "--pid-file=", "--no-resolv", "--no-hosts", "--port=53",
                        "--bind-interfaces", "--interface=" + self.tap,
                        "--dhcp-range=%s.50,%s.99,255.255.255.0,1h" % (NET, NET),
                        "--address=/%s/%s" % (DNS_NAME, HOST_IP),
                        "--dhcp-leasefile=" + os.path.join(self.workdir, "leases"),
                        "--log-dhcp", "--log-queries", "--log-facility=-"], log)
        time.sleep(1)
        if p.poll() is not None:
            raise N.Failure("dnsmasq exited with %d (see its log)" % p.returncode)
        return p

    def leases(self):
        try:
            with open(os.path.join(self.workdir, "leases")) as f:
                return f.read()
        except OSError:
            return ""

    def close(self):
        for p in self.procs:
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
        self.procs = []
        if self.made:
            sh(self.ex("ip", "link", "del", self.tap), check=False)
            sh(["ip", "netns", "del", self.name], check=False)
            self.made = False


def remove_stale():
    """Namespaces left by an earlier run of this test that was SIGKILLed
    (ternPID whose PID is gone), with the QEMU and dnsmasq inside them."""
    for line in sh(["ip", "netns", "list"], check=False).splitlines():
        m = re.match(r"tern(\d+)\b", line)
        if not m or os.path.exists("/proc/" + m.group(1)):
            continue
        name = "tern" + m.group(1)
        for pid in sh(["ip", "netns", "pids", name], check=False).split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ValueError, ProcessLookupError):
                pass
        sh(["ip", "netns", "del", name], check=False)


class NetnsMachine(N.NetMachine):
    """QEMU started inside the namespace, so -netdev tap opens its tap."""

    def __init__(self, ns, esp, workdir, log, nic):
        img, vars_fd = TQ.prepare_image(esp, workdir, "net=dhcp")
        self.mon_path = os.path.join(workdir, "monitor.sock")
        argv = ns.ex(*TQ.qemu_argv(img, vars_fd, extra=[
            "-display", "none", "-serial", "stdio",
            "-monitor", "unix:%s,server,nowait" % self.mon_path] + TQ.net_argv(nic, ns.tap)))
        self.start(argv, log)


def linux_ping(ns, t, ip, args, timeout):
    """ping from the namespace; returns (transmitted, received, output)."""
    cmd = ["ping"] + args + [ip]
    out = sh(ns.ex(*cmd), check=False, timeout=timeout)
    t.append(("<linux> " + " ".join(cmd), out[-2000:]))
    r = N.check("linux ping", out, r"(\d+) packets transmitted, (\d+) received")
    return int(r.group(1)), int(r.group(2)), out


def tern_ping_size(m, t, host, size, count):
    """tern's `ping -s SIZE`: every request answered with SIZE bytes
    (the reply arrives in fragments and is reassembled)."""
    cmd = "ping %s -s %d -c %d" % (host, size, count)
    out = m.run(cmd, 60 + 3 * count)
    t.append((cmd, out))
    if "time=" not in out:  # the counters say where it was lost
        t.append(("ifconfig -s", m.run("ifconfig -s")))
    N.check(cmd, out, r"%d bytes from %s: icmp_seq=1 ttl=\d+" % (size + 8, re.escape(host)))
    r = N.check(cmd, out, r"(\d+) packets transmitted, (\d+) received")
    if int(r.group(1)) != count or int(r.group(2)) != count:
        raise N.Failure("%s: %s of %s answered" % (cmd, r.group(2), r.group(1)))


def large_pings(m, ns, t, ip, res):
    """Fragmented echo both ways (issue 12)."""
    for size in (3000, 8000):
        tern_ping_size(m, t, HOST_IP, size, 2)
    for size in (8000, 65507):
        tx, rx, out = linux_ping(ns, t, ip, ["-c", "3", "-s", str(size), "-W", "5"], 90)
        if rx != 3:
            raise N.Failure("linux ping -s %d: %d of %d answered" % (size, rx, tx))
        res["linux ping -s %d" % size] = N.check("linux ping", out, r"= ([\d./]+) ms").group(1)
    out = m.run("ifconfig -s")
    t.append(("ifconfig -s", out))
    res["tern fragmented"] = N.check("ifconfig -s", out, r"fragmented (\d+)").group(1)


FAKE_MAC = "02:de:ad:be:ef:01"


def send_arp_spoof(a):
    """Inside the namespace: claim HOST_IP is at FAKE_MAC, by a reply to
    tern and by a gratuitous ARP, twice a second apart."""
    sc = import_scapy()
    reply = sc.Ether(dst=a.guest_mac, src=FAKE_MAC) / sc.ARP(
        op=2, hwsrc=FAKE_MAC, psrc=HOST_IP, hwdst=a.guest_mac, pdst=a.guest_ip)
    grat = sc.Ether(dst="ff:ff:ff:ff:ff:ff", src=FAKE_MAC) / sc.ARP(
        op=1, hwsrc=FAKE_MAC, psrc=HOST_IP, hwdst="00:00:00:00:00:00", pdst=HOST_IP)
    for _ in range(2):
        sc.sendp([reply, grat], iface=a.send_arp_spoof, verbose=False)
        time.sleep(1)
    print("sent 4 forged ARP frames")
    return 0


def arp_spoof(m, ns, t, mac, ip, res):
    """The gateway's entry survives a spoof while the gateway is alive."""
    real = N.check("ip link", sh(ns.ex("ip", "link", "show", ns.tap)),
                   r"link/ether ([0-9a-f:]{17})").group(1)
    out = sh(ns.ex(sys.executable, os.path.abspath(__file__), "--send-arp-spoof", ns.tap,
                   "--guest-mac", mac, "--guest-ip", ip), timeout=60)
    t.append(("<namespace: forged ARP replies and gratuitous ARP: %s is at %s>" % (HOST_IP, FAKE_MAC), out))
    time.sleep(2)  # tern's check of the old MAC takes 1 s
    out = N.run(m, t, "arp", r"%s\s+([0-9a-f:]{17})" % re.escape(HOST_IP))
    if out.group(1) != real:
        raise N.Failure("ARP spoof: tern has %s at %s, not %s" % (HOST_IP, out.group(1), real))
    out = m.run("ifconfig -s")
    t.append(("ifconfig -s", out))
    r = N.check("ifconfig -s", out, r"mac-changed (\d+) mac-change-held (\d+)")
    if int(r.group(1)) != 0 or int(r.group(2)) < 1:
        raise N.Failure("ARP spoof: mac-changed %s, mac-change-held %s" % r.groups())
    res["arp spoof"] = "refused (mac-change-held %s)" % r.group(2)


def rx_seen(m, t):
    """Frames tern's NIC has taken in: RX packets plus RX dropped."""
    out = m.run("ifconfig")
    t.append(("ifconfig", out))
    r = N.check("ifconfig", out, r"RX packets (\d+)  bytes \d+  errors \d+  dropped (\d+)")
    return int(r.group(1)) + int(r.group(2))


def hostile_on_tap(ns, t, mac, ip, count):
    """Run this file's sender inside the namespace (a raw socket needs to
    be there); it prints one tally line."""
    t0 = time.monotonic()
    out = sh(ns.ex(sys.executable, os.path.abspath(__file__), "--send-hostile", ns.tap,
                   "--guest-mac", mac, "--guest-ip", ip, "--hostile", str(count)),
             timeout=900)
    stats = sh(ns.ex("ip", "-s", "link", "show", ns.tap))
    t.append(("<namespace: %d hostile frames onto %s in %.1f s>" % (count, ns.tap, time.monotonic() - t0),
              out + stats))
    return int(N.check("sender", out, r"sent (\d+)").group(1))


def send_hostile(a):
    """Inside the namespace: net_peer's generator, retargeted at tern's
    address on 10.0.9.0/24, each frame written by scapy's layer-2 socket."""
    sc = import_scapy()
    import net_peer as P
    sock = sc.conf.L2socket(iface=a.send_hostile)
    P.PEER_IP, P.GUEST_IP = HOST_IP, a.guest_ip
    P.PEER_MAC = bytes.fromhex(sc.get_if_hwaddr(a.send_hostile).replace(":", ""))

    class Tap:
        guest_mac = bytes.fromhex(a.guest_mac.replace(":", ""))
        sent = 0
        refused = {}  # errno name -> count: Linux will not send a runt
        # shorter than an Ethernet header (EINVAL) nor more than the MTU

        def send(self, frame):
            for _ in range(100):
                try:
                    sock.outs.send(frame)  # raw bytes: no dissection
                    self.sent += 1
                    return
                except OSError as e:
                    if e.errno != errno.ENOBUFS:  # queue full: retry
                        name = errno.errorcode.get(e.errno, str(e.errno))
                        self.refused[name] = self.refused.get(name, 0) + 1
                        return
                    time.sleep(0.001)

    tap = Tap()
    kinds, seed = {}, 0x686f7374
    while tap.sent < a.hostile:  # top up what Linux refused
        for k, v in P.hostile_frames(tap, a.hostile - tap.sent, seed).items():
            kinds[k] = kinds.get(k, 0) + v
        seed += 1
    sock.close()
    print("sent %d; generated %s; refused by Linux %s" % (
        tap.sent, " ".join("%s=%d" % kv for kv in sorted(kinds.items())), tap.refused))
    return 0


def session(m, ns, a, t, res):
    out = N.run(m, t, "dhcp", r"lease: (%s\.(\d+))/24 gateway %s" % (re.escape(NET), re.escape(HOST_IP)))
    ip, last = out.group(1), int(out.group(2))
    if not 50 <= last <= 99:
        raise N.Failure("lease %s outside dnsmasq's range" % ip)
    if ip not in ns.leases():
        raise N.Failure("dnsmasq's lease file does not hold %s:\n%s" % (ip, ns.leases()))
    res["lease"] = ip
    out = m.run("ifconfig")
    t.append(("ifconfig", out))
    N.check("ifconfig", out, r"inet %s  netmask 255\.255\.255\.0  gateway %s" % (re.escape(ip), re.escape(HOST_IP)))
    mac = N.check("ifconfig", out, r"ether ([0-9a-f:]{17})").group(1)
    out = N.ping_ok(m, t, HOST_IP, 5)
    res["tern ping rtt"] = N.check("ping", out, r"rtt min/avg/max = (\S+) ms").group(1)
    tx, rx, out = linux_ping(ns, t, ip, ["-c", "5", "-W", "3"], 60)
    if rx != 5:
        raise N.Failure("linux ping: %d of %d answered" % (rx, tx))
    res["linux ping rtt"] = N.check("linux ping", out, r"= ([\d./]+) ms").group(1)
    large_pings(m, ns, t, ip, res)
    arp_spoof(m, ns, t, mac, ip, res)
    N.ping_ok(m, t, HOST_IP, 2)
    tx, rx, out = linux_ping(ns, t, ip, ["-f", "-w", "10"], 60)
    loss = 100.0 * (tx - rx) / max(tx, 1)
    res["flood"] = "%d sent, %d received, %.2f%% loss" % (tx, rx, loss)
    if tx < 100 or loss > FLOOD_LOSS_MAX:
        raise N.Failure("ping -f: %s (at most %.0f%% allowed)" % (res["flood"], FLOOD_LOSS_MAX))
    N.run(m, t, "nslookup " + DNS_NAME, r"Name:    %s\s+Address: %s" % (re.escape(DNS_NAME), re.escape(HOST_IP)))
    N.run(m, t, "arp", r"%s\s+[0-9a-f:]{17}" % re.escape(HOST_IP))
    base = N.free_frames(m, t)
    rx0 = rx_seen(m, t)
    sent = res["hostile sent"] = hostile_on_tap(ns, t, mac, ip, a.hostile)
    got = rx_seen(m, t) - rx0
    res["tern rx+dropped during the burst"] = got
    # QEMU's own MAC filter may discard random unicast frames (1/7 of the
    # mix), never the rest: most of the burst must have reached the driver
    if got < 0.8 * sent:
        raise N.Failure("only %d of %d hostile frames reached tern's NIC" % (got, sent))
    N.ping_ok(m, t, HOST_IP, 3)
    tx, rx, _ = linux_ping(ns, t, ip, ["-c", "5", "-W", "3"], 60)
    if rx != 5:
        raise N.Failure("linux ping after the hostile frames: %d of %d" % (rx, tx))
    res["free frames"] = "baseline %d, after %d" % (base, N.back_to_baseline(m, t, base))


def on_signal(signum, _frame):
    raise SystemExit("signal %d" % signum)  # unwinds through every finally


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp")
    p.add_argument("--artifacts")
    p.add_argument("--nic", choices=TQ.NICS)
    p.add_argument("--hostile", type=int, default=100000)
    p.add_argument("--send-hostile", metavar="TAP", help=argparse.SUPPRESS)
    p.add_argument("--send-arp-spoof", metavar="TAP", help=argparse.SUPPRESS)
    p.add_argument("--guest-mac", help=argparse.SUPPRESS)
    p.add_argument("--guest-ip", help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.send_hostile:
        return send_hostile(a)
    if a.send_arp_spoof:
        return send_arp_spoof(a)
    why = missing_package()
    if why:
        print("FAIL net netns %s: %s" % (a.nic, why))
        return 1
    why = missing_prerequisite()
    if why:
        print("SKIP net netns %s: %s" % (a.nic, why))
        return SKIP
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, on_signal)
    signal.alarm(ALARM_S)
    os.makedirs(a.artifacts, exist_ok=True)
    remove_stale()
    workdir = tempfile.mkdtemp(prefix="tern-netns-")
    ns = Netns(workdir)
    tag = "net-netns-" + a.nic
    t, res, rc, m = [], {}, 1, None
    try:
        with open(os.path.join(a.artifacts, tag + ".dnsmasq.log"), "wb") as dlog, \
                open(os.path.join(a.artifacts, tag + ".serial.log"), "wb") as log:
            ns.setup()
            ns.dnsmasq(dlog)
            m = NetnsMachine(ns, a.esp, workdir, log, a.nic)
            t.append(("<boot>", S.ANSI.sub("", m.read_until(S.FRESH, 120))[-1500:]))
            session(m, ns, a, t, res)
            if "KERNEL PANIC" in m.out.decode("utf-8", "replace"):
                raise N.Failure("KERNEL PANIC in the serial log")
            rc = 0
            print("PASS net netns %s: %s" % (a.nic, "; ".join("%s: %s" % kv for kv in res.items())))
    except (N.Failure, S.Failure, subprocess.TimeoutExpired, SystemExit) as e:
        print("FAIL net netns %s: %s" % (a.nic, e))
        print("results so far: %s" % res)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # let the cleanup finish
        signal.alarm(0)
        if m is not None:
            m.kill()
        ns.close()
        shutil.rmtree(workdir, ignore_errors=True)
    N.write_transcript(os.path.join(a.artifacts, tag + ".txt"), t,
                       "# tern, %s, tap in namespace %s, dnsmasq peer; %s\n"
                       % (a.nic, ns.name, "; ".join("%s: %s" % kv for kv in res.items())))
    return rc


if __name__ == "__main__":
    sys.exit(main())
