#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the seed corpora of the net/ fuzz targets (tests/fuzz/corpus/*):
# a handful of valid inputs per target, in the shape fuzz_net.c expects.
import os, struct, sys

US, PEER = bytes([10, 0, 0, 2]), bytes([10, 0, 0, 9])
US_MAC, PEER_MAC = bytes([2, 0, 0, 0, 0, 2]), bytes([2, 0, 0, 0, 0, 0x99])
BCAST = b"\xff" * 6

def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff

def ip(proto, payload, src=PEER, dst=US, ident=1, off=0, mf=0):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident,
                    (mf << 13) | (off // 8), 64, proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + payload

def eth(payload, typ=0x0800, dst=US_MAC):
    return dst + PEER_MAC + struct.pack("!H", typ) + payload

def arp(op, tpa=US):
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + PEER_MAC + PEER + \
        (b"\0" * 6 if op == 1 else US_MAC) + tpa

def icmp(typ, code, rest, data):
    m = struct.pack("!BBHI", typ, code, 0, rest) + data
    return m[:2] + struct.pack("!H", csum(m)) + m[4:]

def udp(sport, dport, data):
    return struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data

def rec(*items):
    return b"".join(struct.pack("!H", len(i)) + i for i in items)

def dhcp(typ, lease=3600):
    b = bytearray(240)
    b[0:3] = b"\x02\x01\x06"
    b[16:20] = bytes([10, 0, 0, 15])
    b[28:34] = US_MAC
    b[236:240] = bytes([99, 130, 83, 99])
    o = bytes([53, 1, typ, 54, 4]) + PEER + bytes([1, 4, 255, 255, 255, 0])
    o += bytes([3, 4]) + PEER + bytes([6, 8]) + PEER + bytes([1, 1, 1, 1])
    o += bytes([51, 4]) + struct.pack("!I", lease) + bytes([255])
    return bytes(b) + o

def dns(rcode, answers, an):
    q = b"\x04tern\x04test\x00" + struct.pack("!HH", 1, 1)
    h = struct.pack("!HHHHHH", 0, 0x8180 | rcode, 1, an, 0, 0)
    return h + q + answers

def rr_a(name, addr, ttl=300):
    return name + struct.pack("!HHIH", 1, 1, ttl, 4) + bytes(addr)

echo = icmp(8, 0, 0x12340001, bytes(range(56)))
big_echo = icmp(8, 0, 0x12340002, bytes(i & 255 for i in range(2000)))
cname = b"\xc0\x0c" + struct.pack("!HHIH", 5, 1, 60, 6) + b"\x03web\xc0\x11"
seeds = {
    "eth": [eth(arp(1), 0x0806, BCAST), eth(ip(1, echo)),
            eth(ip(17, udp(1000, 7, b"hello"))),
            eth(b"\x00\x05\x08\x00" + ip(1, echo), 0x8100)],
    "arp": [arp(1), arp(2), arp(1, bytes([10, 0, 0, 77]))],
    "ipv4": [rec(ip(1, echo)),
             rec(ip(1, big_echo[:1480], ident=7, mf=1),
                 ip(1, big_echo[1480:], ident=7, off=1480)),
             rec(ip(17, udp(1000, 7, b"x" * 100)))],
    "icmp": [echo, icmp(0, 0, 0x12340001, b"abc"),
             icmp(3, 3, 0, ip(17, udp(7, 53, b"q"), src=US, dst=PEER)[:28]),
             icmp(3, 1, 0, ip(1, icmp(8, 0, 5, b""), src=US, dst=PEER))],
    "udp": [udp(1000, 7, b"hello"), udp(1000, 9, b"nobody"),
            b"\x01" + udp(1000, 7, b"checksummed")[1:]],
    "dhcp": [rec(dhcp(2)), rec(dhcp(2), dhcp(5)), rec(dhcp(2), dhcp(6))],
    "dns": [dns(0, rr_a(b"\xc0\x0c", [1, 2, 3, 4]), 1),
            dns(0, cname + rr_a(b"\x03web\xc0\x11", [5, 6, 7, 8]), 2),
            dns(3, b"", 0), dns(0, b"\xc0\x0c\xc0\x0c", 1)],
    # [size16][mtu][peer fragment size][flags][data]
    "frag": [struct.pack("!HBBB", 3000, 255, 184, 0) + b"ping",
             struct.pack("!HBBB", 65507, 255, 184, 2) + b"\x00\xff",
             struct.pack("!HBBB", 1473, 90, 10, 3) + bytes(range(40)),
             struct.pack("!HBBB", 2000, 0, 0, 1) + b"z"],
    # records [op][who][target][mac]: op 0 request, 1 reply, 2 resolve,
    # 3 clock step of mac*100 ms
    "arpseq": [bytes([2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 3, 0, 0, 60,
                      0, 0, 2, 1, 1, 3, 0, 2]),
               bytes([1, 2, 0, 0, 0, 3, 0, 1, 0, 3, 1, 1, 0, 3, 2, 2])],
}
# USB descriptors as devices send them (tests/host/usb/test_usb_desc.c has
# the same ones) and HID keyboard programs in fuzz_hid_kbd.c's encoding.
def b(*v):
    return bytes(v)

usb_kbd_config = b(9, 2, 34, 0, 1, 1, 8, 0xa0, 50, 9, 4, 0, 0, 1, 3, 1, 1, 0,
                   9, 0x21, 0x11, 1, 0, 1, 0x22, 0x3f, 0, 7, 5, 0x81, 3, 8, 0, 7)
usb_ss_config = b(9, 2, 44, 0, 1, 1, 0, 0x80, 0x70, 9, 4, 0, 0, 2, 8, 6, 0x50,
                  0, 7, 5, 0x81, 2, 0, 4, 0, 6, 0x30, 15, 0, 0, 0,
                  7, 5, 2, 2, 0, 4, 0, 6, 0x30, 7, 0, 0, 0)
usb_combo_config = b(9, 2, 72, 0, 2, 1, 0, 0xa0, 0x31,
                     8, 0x0b, 0, 2, 3, 0, 0, 0,
                     9, 4, 0, 0, 1, 3, 1, 1, 0, 9, 0x21, 0x11, 1, 0, 1, 0x22,
                     0x41, 0, 7, 5, 0x81, 3, 8, 0, 10,
                     9, 4, 1, 0, 0, 0xff, 0, 0, 0, 5, 0x24, 0, 0x10, 1,
                     9, 4, 1, 1, 1, 0xff, 0, 0, 0, 7, 5, 0x82, 1, 0, 2, 1)
def hid_report(mods, *keys):
    r = bytes([mods, 0] + list(keys) + [0] * (6 - len(keys)))
    return b(0x50, len(r)) + r
def hid_tick(ms):
    return b(0x51, ms // 4)
hid_hi = hid_report(2, 0x0b) + hid_report(0) + hid_report(0, 0x0c) + \
    hid_report(0)
hid_repeat = hid_report(0, 0x04) + b(0x52, 1) + hid_tick(244) + \
    hid_tick(32) + hid_tick(100) + hid_report(0)
hid_locks = hid_report(0, 0x39) + hid_report(0) + hid_report(0, 0x53) + \
    hid_report(0, 0x53, 0x59) + hid_report(0x11, 4, 5, 6, 7, 8, 9) + \
    b(0x50, 8, 0, 0, 1, 1, 1, 1, 1, 1) + hid_report(0)
seeds["usb_desc"] = [
    b(18, 1, 0, 2, 0, 0, 0, 64, 0x27, 6, 1, 0, 0, 0, 1, 4, 11, 1),
    usb_kbd_config, usb_ss_config, usb_combo_config,
    b(11, 0x29, 8, 0x0a, 0, 1, 0, 0, 0, 0xff, 0xff),
    b(12, 0x2a, 4, 9, 0, 0x32, 0, 0, 0, 0, 0, 0),
    b(10, 3) + "QEMU".encode("utf-16-le")]
# at the limits: 8 interfaces; one interface of 8 endpoints
def usb_config(body):
    return b(9, 2, 9 + len(body), 0, 1, 1, 0, 0x80, 50) + body
seeds["usb_desc"] += [
    usb_config(b"".join(b(9, 4, i, 0, 0, 3, 1, 1, 0) for i in range(8))),
    usb_config(b(9, 4, 0, 0, 8, 0xff, 0, 0, 0) + b"".join(
        b(7, 5, 0x81 + i, 3, 8, 0, 1) + b(6, 0x30, 0, 0, 0, 0)
        for i in range(8))),
    b(10, 0x29, 8, 0x0a, 0, 1, 0, 0, 0, 0xff)]  # QEMU 7.2 usb-hub's
seeds["hid_kbd"] = [hid_hi, hid_repeat, hid_locks]

# fuzz_tcp_listen: ops SYN(0) port isn[4] mss[2], ACK(1) port how delta[4]
# flags len, RAW(2), TICK(3) s, ACCEPT(4) what, BUDGET(5) kib
def tl_syn(port, isn, mss=1460):
    return b(0, port) + struct.pack("!IH", isn, mss)
def tl_ack(port, how=0, delta=0, flags=0, n=0):
    return b(1, port, how) + struct.pack("!I", delta) + b(flags, n)
fill = b"".join(tl_syn(p, 1000 + p) for p in range(10))
seeds["tcp_listen"] = [
    fill + tl_syn(20, 7) + tl_ack(20) + b(4, 0),           # a cookie, accepted
    fill + tl_syn(21, 9) + tl_ack(21, 1, 5) + tl_ack(21),  # flipped, then real
    fill + tl_syn(22, 0xffffffff) + b(3, 130) + tl_ack(22) + tl_ack(3),
    tl_syn(1, 5) + tl_ack(1, 0, 0, 0, 10) + b(4, 0x10) + b(4, 0x20),
    fill + tl_syn(23, 3, 0) + tl_ack(23, 0, 0, 0, 100) + b(4, 0) + b(4, 0x10),
    b(5, 4) + tl_syn(1, 5) + tl_ack(1) + b(4, 0) + tl_syn(2, 6) + tl_ack(2) +
    b(5, 0) + tl_syn(3, 7) + tl_ack(3) + b(4, 0x10)]  # budget: tiny, then none

# cpio newc archives as scripts/mkcpio.py packs them, and one in the
# "./name" style of `find . | cpio -o -H newc`.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
import mkcpio  # noqa: E402
seeds["cpio"] = [
    mkcpio.newc({"etc/motd": (0o644, b"welcome\n")}),
    mkcpio.newc({"bin/hello": (0o755, bytes(range(37))),
                 "bin/sh": (0o755, b"\x7fELF" + b"\0" * 60),
                 "etc/motd": (0o644, b"hi\n")}),
    mkcpio.member(1, 0o40755, 2, ".", b"") +
    mkcpio.member(2, 0o100644, 1, "./a", b"abc") +
    mkcpio.member(0, 0, 1, "TRAILER!!!", b"")]

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
for target, items in seeds.items():
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    for i, data in enumerate(items):
        with open(os.path.join(d, "seed%d" % i), "wb") as f:
            f.write(data)
print("wrote", sum(len(v) for v in seeds.values()), "seeds under", root)
