#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A Linux guest that serves what tern serves, for side-by-side runs on the
same QEMU command line (scripts/bench-net). Built from Debian's packages
and one small server of ours:

  linux_guest.py [--cache DIR]     (builds it, prints the two paths)

  kernel   linux-image-<abi>-amd64, the package Debian 12's
           linux-image-amd64 depends on (apt-cache says which); its
           vmlinuz and the modules the NICs need (virtio-net over modern
           virtio-pci, e1000, e1000e), in dependency order read from each
           module's .modinfo section (the package has no modules.dep)
  userland busybox-static: /bin/busybox and its applet links
  /init    mounts proc, sys and devtmpfs, loads the modules, waits for
           eth0, sets the address from the kernel command line
           (bench_ip=A/24 bench_gw=G), then serves on every address:
             80  busybox httpd; /www/bytes holds bench_n bytes of the
                 /bytes pattern (byte i = i % 251, tcp_user.pattern), so
                 GET /bytes?n=N answers the same body as tern when N is
                 bench_n (httpd ignores the query of a static file)
             7, 9  echo and discard: linux_guest_srv.c, built here with
                 clang-19 -static against Debian's glibc
           and prints READY on the console.

Why these servers: httpd sends a static file with sendfile(2), so the
guest→host path is the page cache and the kernel's TCP alone (its fork
per connection does not matter for a 64 MiB body). Echo and discard
first ran as busybox `nc -ll -e cat` and `nc -ll -e dd`: a fork and exec
per connection held the Linux guest to about 14 connections/s under
emulation against tern's 120, which measured process creation, not TCP.
linux_guest_srv.c serves both from one poll loop (discard reads 1 MiB a
call), like tern's in-kernel services.

Downloads (`apt-get download`, no root needed) go to DIR/debs once; the
image is DIR/<kernel package>/{vmlinuz,initrd.cpio}, rebuilt when this
file or the server changes. No ctest boots it: the download needs the
network, which scripts/setup does not provide; scripts/bench-net is
where it runs.
"""
import argparse
import glob
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tcp_user as T  # noqa: E402

META = "linux-image-amd64"
BUSYBOX = "busybox-static"
ROOT_MODULES = ["virtio_pci", "virtio_net", "e1000", "e1000e"]
READY = "tern-linux-guest: READY"
MIB = 1 << 20

INIT = r"""#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /lib/modules.order); do insmod /lib/$m.ko || echo "insmod $m failed"; done
IP=10.0.2.15/24 GW=10.0.2.2 N=67108864
for w in $(cat /proc/cmdline); do
	case $w in
	bench_ip=*) IP=${w#*=} ;;
	bench_gw=*) GW=${w#*=} ;;
	bench_n=*) N=${w#*=} ;;
	esac
done
i=0
while [ ! -e /sys/class/net/eth0 ]; do
	i=$((i + 1))
	[ $i -gt 300 ] && echo "tern-linux-guest: no eth0" && break
	usleep 100000
done
ip link set lo up
ip addr add $IP dev eth0
ip link set eth0 up
ip route add default via $GW
mkdir -p /www
reps=$((N / @PAT@ + 1))
i=0
while [ $i -lt $reps ]; do cat /lib/pattern; i=$((i + 1)); done | head -c $N >/www/bytes
httpd -p 80 -h /www
peerd &
echo "tern-linux-guest: $(uname -r) $(cat /sys/class/net/eth0/device/uevent | grep DRIVER) $IP n=$N"
echo "tern-linux-guest: READY"
while :; do sleep 3600; done
"""

SERVER = os.path.join(HERE, "linux_guest_srv.c")


class Failure(Exception):
    pass


def sh(argv, cwd=None):
    r = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise Failure("%s: exit %d: %s" % (" ".join(argv), r.returncode, r.stdout[-2000:]))
    return r.stdout


def kernel_package():
    """The versioned package Debian's linux-image-amd64 depends on."""
    out = sh(["apt-cache", "depends", META])
    m = re.search(r"Depends: (linux-image-[0-9][\w.+-]*-amd64)\b", out)
    if not m:
        raise Failure("apt-cache depends %s: no linux-image-*-amd64 (apt-get update?)\n%s" % (META, out))
    return m.group(1)


def download(debs, pkg):
    """The .deb of pkg in debs, fetched by apt-get download if missing."""
    os.makedirs(debs, exist_ok=True)
    found = glob.glob(os.path.join(debs, pkg + "_*.deb"))
    if not found:
        print("linux_guest: apt-get download %s" % pkg, file=sys.stderr, flush=True)
        sh(["apt-get", "download", "-q", pkg], cwd=debs)
        found = glob.glob(os.path.join(debs, pkg + "_*.deb"))
    if not found:
        raise Failure("apt-get download %s left no .deb in %s" % (pkg, debs))
    return sorted(found)[-1]


def modinfo_depends(path):
    """The depends= field of a module's .modinfo (names, maybe empty)."""
    with open(path, "rb") as f:
        data = f.read()
    m = re.search(rb"\0depends=([^\0]*)\0", data)
    return [d.decode() for d in m.group(1).split(b",") if d] if m else []


def module_order(moddir, roots):
    """Paths of roots and everything they need, each after its deps."""
    paths = {}
    for p in glob.glob(os.path.join(moddir, "**", "*.ko"), recursive=True):
        paths[os.path.basename(p)[:-3].replace("-", "_")] = p
    order, seen = [], set()

    def visit(name):
        name = name.replace("-", "_")
        if name in seen:
            return
        seen.add(name)
        if name not in paths:
            raise Failure("module %s not in the kernel package" % name)
        for dep in modinfo_depends(paths[name]):
            visit(dep)
        order.append((name, paths[name]))
    for r in roots:
        visit(r)
    return order


def cpio_newc(entries):
    """A cpio (newc) archive of (name, mode, data or link target[, (major,
    minor) of a device]) entries, all owned by root."""
    out = io.BytesIO()

    def put(name, mode, data, ino, rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        hdr = "070701" + "".join("%08x" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0))
        out.write(hdr.encode() + name_b)
        out.write(b"\0" * (-(110 + len(name_b)) % 4))
        out.write(data)
        out.write(b"\0" * (-len(data) % 4))
    for ino, (name, mode, data, *rdev) in enumerate(entries, 1):
        put(name, mode, data.encode() if isinstance(data, str) else data, ino, *rdev)
    put("TRAILER!!!", 0, b"", 0)
    return out.getvalue()


def initramfs(bb_root, modules, peerd):
    """The initramfs bytes: busybox, its applets, the modules, the echo
    and discard server (a file), /init."""
    dirs = ["bin", "dev", "proc", "sys", "lib", "www"]
    entries = [(d, 0o040755, b"") for d in dirs]
    with open(os.path.join(bb_root, "bin", "busybox"), "rb") as f:
        entries.append(("bin/busybox", 0o100755, f.read()))
    applets = sh([os.path.join(bb_root, "bin", "busybox"), "--list"]).split()
    entries += [("bin/" + a, 0o120777, "busybox") for a in applets if a != "busybox"]
    for name, path in modules:
        with open(path, "rb") as f:
            entries.append(("lib/%s.ko" % name, 0o100644, f.read()))
    entries.append(("lib/modules.order", 0o100644, "\n".join(n for n, _ in modules) + "\n"))
    block = T.pattern(MIB - MIB % T.PERIOD)  # whole periods: copies stay in phase
    entries.append(("lib/pattern", 0o100644, block))
    entries.append(("init", 0o100755, INIT.replace("@PAT@", str(len(block)))))
    with open(peerd, "rb") as f:
        entries.append(("bin/peerd", 0o100755, f.read()))
    entries.append(("dev/console", 0o020600, b"", (5, 1)))  # before devtmpfs: init's stdio
    return cpio_newc(entries)


def builder_hash():
    """Of this file and the server's source: a change rebuilds the image."""
    h = hashlib.sha256()
    for path in (os.path.abspath(__file__), SERVER):
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:16]


def build(cache):
    """(vmlinuz, initrd) for the current kernel package, built if the cache
    lacks them or was made by another version of this file."""
    pkg = kernel_package()
    out = os.path.join(cache, pkg)
    kernel, initrd, stamp = (os.path.join(out, n) for n in ("vmlinuz", "initrd.cpio", "stamp"))
    want = builder_hash()
    if os.path.exists(stamp) and open(stamp).read() == want:
        return kernel, initrd
    debs = os.path.join(cache, "debs")
    kdeb, bdeb = download(debs, pkg), download(debs, BUSYBOX)
    work = tempfile.mkdtemp(prefix="tern-linux-guest-")
    try:
        sh(["dpkg-deb", "-x", kdeb, os.path.join(work, "k")])
        sh(["dpkg-deb", "-x", bdeb, os.path.join(work, "bb")])
        vmlinuz = glob.glob(os.path.join(work, "k", "boot", "vmlinuz-*"))
        moddir = glob.glob(os.path.join(work, "k", "lib", "modules", "*"))
        if len(vmlinuz) != 1 or len(moddir) != 1:
            raise Failure("%s: expected one vmlinuz and one module tree" % kdeb)
        peerd = os.path.join(work, "peerd")
        sh(["clang-19", "-std=c17", "-O2", "-Wall", "-Wextra", "-Werror", "-static",
            "-o", peerd, SERVER])
        os.makedirs(out, exist_ok=True)
        shutil.copyfile(vmlinuz[0], kernel)
        data = initramfs(os.path.join(work, "bb"), module_order(moddir[0], ROOT_MODULES), peerd)
        with open(initrd, "wb") as f:
            f.write(data)
        with open(stamp, "w") as f:
            f.write(want)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("linux_guest: built %s (%d KiB initramfs)" % (out, len(data) >> 10), file=sys.stderr)
    return kernel, initrd


def qemu_extra(kernel, initrd, ip, gw, n):
    """What the Linux guest adds to tern's QEMU command line."""
    return ["-kernel", kernel, "-initrd", initrd, "-append",
            "console=ttyS0 quiet bench_ip=%s bench_gw=%s bench_n=%d" % (ip, gw, n)]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cache", default=os.path.join(T.ROOT, "build-release", "linux-guest"))
    a = p.parse_args()
    try:
        print("%s\n%s" % build(a.cache))
    except Failure as e:
        print("linux_guest: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
