# SPDX-License-Identifier: MIT
"""A host-side Ethernet peer for tern, over QEMU's `-netdev socket,udp=`
backend: every Ethernet frame is one UDP datagram between QEMU and this
process on 127.0.0.1, so nothing leaves the machine and no root is needed.

The peer is 10.0.3.1 (MAC 02:00:00:00:03:01). It answers ARP and ICMP echo
on its own (a thread), serves DHCP (10.0.3.15/24, router and DNS 10.0.3.1;
RFC 2131/2132) and DNS (RFC 1035: DNS_NAME -> 10.0.3.1, NXDOMAIN for
anything else), and the test uses it to ping tern, to run a UDP echo
round trip, and to throw hostile frames at it. Frames are built here with
struct (headers per RFC 791/792/768/826).
"""
import queue
import random
import socket
import struct
import threading
import time

PEER_IP = "10.0.3.1"
GUEST_IP = "10.0.3.15"
PEER_MAC = bytes.fromhex("020000000301")
BCAST = b"\xff" * 6
DNS_NAME = "peer.tern.test"


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip_bytes(a):
    return socket.inet_aton(a)


def eth(dst, src, etype, payload):
    return dst + src + struct.pack("!H", etype) + payload


def ipv4(src, dst, proto, payload, ttl=64, ident=0, frag=0, ihl_words=5):
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl_words, 0, 20 + len(payload), ident, frag,
                    ttl, proto, 0, ip_bytes(src), ip_bytes(dst))
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload


def udp(src, dst, sport, dport, data):
    u = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    pseudo = ip_bytes(src) + ip_bytes(dst) + struct.pack("!BBH", 0, 17, len(u))
    c = csum(pseudo + u) or 0xffff
    return u[:6] + struct.pack("!H", c) + u[8:]


def icmp_echo(typ, ident, seq, data):
    h = struct.pack("!BBHHH", typ, 0, 0, ident, seq) + data
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, sha, ip_bytes(spa), tha, ip_bytes(tpa))


class Peer:
    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 21)
        self.port = self.sock.getsockname()[1]
        q = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        q.bind(("127.0.0.1", 0))
        self.qemu_port = q.getsockname()[1]
        q.close()  # QEMU binds it next; a tiny race, retried by the caller
        self.qemu = ("127.0.0.1", self.qemu_port)
        self.guest_mac = None
        self.replies = queue.Queue()  # ("icmp", seq, t) / ("udp", sport, data)
        self.counts = {"arp_answered": 0, "echo_answered": 0, "rx": 0}
        self.stop = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def qemu_args(self):
        return ["-netdev", "socket,id=n0,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d"
                % (self.port, self.qemu_port)]

    def send(self, frame):
        try:
            self.sock.sendto(frame, self.qemu)
        except OSError:
            pass

    def loop(self):
        self.sock.settimeout(0.2)
        while not self.stop:
            try:
                f, _ = self.sock.recvfrom(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            self.counts["rx"] += 1
            try:
                self.handle(f)
            except (struct.error, IndexError, ValueError, OSError):
                # tern echoes some hostile UDP back; a short or odd frame
                # must not end the peer
                self.counts["unparsed"] = self.counts.get("unparsed", 0) + 1

    def handle(self, f):
        etype = struct.unpack("!H", f[12:14])[0]
        if etype == 0x0806 and len(f) >= 42:
            op = struct.unpack("!H", f[20:22])[0]
            sha, spa, tpa = f[22:28], socket.inet_ntoa(f[28:32]), socket.inet_ntoa(f[38:42])
            if spa == GUEST_IP:
                self.guest_mac = sha
            if op == 1 and tpa == PEER_IP:
                self.send(eth(sha, PEER_MAC, 0x0806, arp(2, PEER_MAC, PEER_IP, sha, spa)))
                self.counts["arp_answered"] += 1
            return
        if etype != 0x0800 or len(f) < 34:
            return
        ip = f[14:]
        ihl = (ip[0] & 15) * 4
        proto, src, dst = ip[9], socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20])
        body = ip[ihl:struct.unpack("!H", ip[2:4])[0]]
        if proto == 17 and len(body) >= 8:
            sport, dport = struct.unpack("!HH", body[0:4])
            if dport in (53, 67):
                self.handle_udp_service(f, src, dport, sport, body[8:])
                return
        if dst != PEER_IP:
            return
        if proto == 1 and body[0] == 8:  # echo request: answer
            ident, seq = struct.unpack("!HH", body[4:8])
            self.send(eth(f[6:12], PEER_MAC, 0x0800,
                          ipv4(PEER_IP, src, 1, icmp_echo(0, ident, seq, body[8:]))))
            self.counts["echo_answered"] += 1
        elif proto == 1 and body[0] == 0:
            ident, seq = struct.unpack("!HH", body[4:8])
            self.replies.put(("icmp", seq, time.monotonic(), ip[8]))
        elif proto == 17:
            sport, dport = struct.unpack("!HH", body[0:4])
            self.replies.put(("udp", dport, body[8:]))

    def handle_udp_service(self, f, src, dport, sport, data):
        """DHCP (to 67, from anywhere) and DNS (to 10.0.3.1:53)."""
        if dport == 67 and len(data) >= 240:
            self.dhcp(data)
        elif dport == 53 and len(data) >= 12:
            self.dns(f[6:12], src, sport, data)

    def dhcp(self, req):
        opts, i, mtype = req[240:], 0, 0
        while i + 1 < len(opts) and opts[i] != 255:
            if opts[i] == 0:
                i += 1
                continue
            if opts[i] == 53 and opts[i + 1] >= 1:
                mtype = opts[i + 2]
            i += 2 + opts[i + 1]
        reply_type = {1: 2, 3: 5}.get(mtype)  # DISCOVER->OFFER, REQUEST->ACK
        if not reply_type:
            return
        chaddr = req[28:34]
        body = (struct.pack("!BBBB", 2, 1, 6, 0) + req[4:8] + b"\0\0" + req[10:12] + b"\0" * 4
                + ip_bytes(GUEST_IP) + ip_bytes(PEER_IP) + b"\0" * 4 + req[28:44] + b"\0" * 192
                + b"\x63\x82\x53\x63")
        o = bytes([53, 1, reply_type, 54, 4]) + ip_bytes(PEER_IP)
        o += bytes([51, 4]) + struct.pack("!I", 3600) + bytes([1, 4]) + ip_bytes("255.255.255.0")
        o += bytes([3, 4]) + ip_bytes(PEER_IP) + bytes([6, 4]) + ip_bytes(PEER_IP) + b"\xff"
        u = udp(PEER_IP, "255.255.255.255", 67, 68, body + o)
        self.send(eth(chaddr, PEER_MAC, 0x0800, ipv4(PEER_IP, "255.255.255.255", 17, u)))
        self.counts["dhcp_" + ("offer" if reply_type == 2 else "ack")] = 1

    def dns(self, mac, src, sport, q):
        i, labels = 12, []
        while i < len(q) and q[i]:
            labels.append(q[i + 1:i + 1 + q[i]].decode("ascii", "replace"))
            i += 1 + q[i]
        question = q[12:i + 5]
        name = ".".join(labels).lower()
        found = name == DNS_NAME
        hdr = q[0:2] + struct.pack("!HHHHH", 0x8180 if found else 0x8183, 1, int(found), 0, 0)
        ans = (b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + ip_bytes(PEER_IP)) if found else b""
        u = udp(PEER_IP, src, 53, sport, hdr + question + ans)
        self.send(eth(mac, PEER_MAC, 0x0800, ipv4(PEER_IP, src, 17, u)))
        self.counts["dns_answered"] = self.counts.get("dns_answered", 0) + 1

    def to_guest(self, proto, payload, ttl=64):
        return eth(self.guest_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, GUEST_IP, proto, payload, ttl))

    def wait_reply(self, kind, key, timeout):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                r = self.replies.get(timeout=left)
            except queue.Empty:
                return None
            if r[0] == kind and r[1] == key:
                return r

    def ping(self, count, ident=0x5151):
        """Echo requests to the guest; returns the list of RTTs (ms)."""
        rtts = []
        for seq in range(1, count + 1):
            t0 = time.monotonic()
            self.send(self.to_guest(1, icmp_echo(8, ident, seq, bytes(range(56)))))
            r = self.wait_reply("icmp", seq, 3)
            if r:
                rtts.append((r[2] - t0) * 1000)
        return rtts

    def udp_echo(self, data, sport, timeout=5):
        self.send(self.to_guest(17, udp(PEER_IP, GUEST_IP, sport, 7, data)))
        r = self.wait_reply("udp", sport, timeout)
        return r[2] if r else None

    def close(self):
        self.stop = True
        self.thread.join(1)
        self.sock.close()


def hostile_frames(peer, count, seed=0x686f7374):
    """count random and malformed frames, sent without pause except to
    keep the loopback socket from overflowing. Returns a tally by kind."""
    rng = random.Random(seed)
    g = peer.guest_mac or BCAST
    kinds = {}

    def rb(n):
        return bytes(rng.getrandbits(8) for _ in range(n))

    def make(kind):
        if kind == "random":  # not 0 bytes: QEMU's socket backend reads
            return rb(rng.randint(1, 1600))  # an empty datagram as EOF
        if kind == "runt":
            return g + PEER_MAC + rb(rng.randint(0, 20))
        if kind == "arp":
            return eth(rng.choice([g, BCAST]), PEER_MAC, 0x0806, rb(rng.randint(0, 60)))
        ip = ipv4(PEER_IP, GUEST_IP, rng.choice([1, 6, 17, rng.randint(0, 255)]), rb(rng.randint(0, 1400)),
                  ident=rng.getrandbits(16), frag=rng.choice([0, 0x2000, rng.getrandbits(16)]))
        ip = bytearray(ip)
        if kind == "ipv4":  # corrupt one header field
            i = rng.randint(0, min(len(ip), 20) - 1)
            ip[i] = rng.getrandbits(8)
        elif kind == "frag":  # fragments with random offsets, MF set
            ip[6:8] = struct.pack("!H", 0x2000 | rng.randint(0, 300))
            ip[10:12] = b"\0\0"
            ip[10:12] = struct.pack("!H", csum(bytes(ip[:20])))
        elif kind == "udp":  # UDP with a lying length, to DHCP/DNS ports too
            u = struct.pack("!HHHH", rng.choice([53, 67, 7, rng.getrandbits(16)]),
                            rng.choice([68, 7, rng.getrandbits(16)]), rng.getrandbits(16), 0) + rb(rng.randint(0, 600))
            ip = bytearray(ipv4(PEER_IP, GUEST_IP, 17, u))
        elif kind == "icmp":
            ip = bytearray(ipv4(PEER_IP, GUEST_IP, 1, bytes([rng.choice([0, 3, 8, 11, rng.getrandbits(8)])]) + rb(rng.randint(0, 100))))
        return eth(rng.choice([g, BCAST]), PEER_MAC, 0x0800, bytes(ip))

    order = ["random", "runt", "arp", "ipv4", "frag", "udp", "icmp"]
    for i in range(count):
        kind = order[i % len(order)]
        kinds[kind] = kinds.get(kind, 0) + 1
        peer.send(make(kind))
        if i % 64 == 63:
            time.sleep(0.002)
    return kinds
