#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A NIC tern has no driver for: it boots to the shell, says so, and lives.

  nic_nodriver.py --esp IMG --artifacts DIR [--device rtl8139] [--id 10ec:8139]

Boots with only that NIC (QEMU user networking, restrict=on) and checks:
the boot log names it (`pci: BB:DD.F 10ec:8139 class 02.00.00 (Ethernet
controller): no driver`), `lspci` shows the same function with
`-- no driver --`, `ifconfig` and `ping` say there is no interface, the
shell still answers (`uptime`), and nothing panicked. Transcript and serial log:
DIR/nic-nodriver-DEVICE-*.
"""
import argparse
import os
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import net_session as N  # noqa: E402
import shell_session as S  # noqa: E402


def session(m, a, t):
    boot = S.ANSI.sub("", m.read_until(S.FRESH, 120))
    t.append(("<boot>", boot[-1500:]))
    vid = re.escape(a.id)
    line = N.check("boot log", boot,
                   r"pci: ([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) %s class 02\.00\.00 "
                   r"\((?i:ethernet controller)\): no driver" % vid)
    bdf = re.escape(line.group(1))
    if re.search(r"bound to|eth0", boot):
        raise N.Failure("something bound a driver or made eth0:\n" + boot[-1500:])
    N.run(m, t, "lspci", r"(?m)^%s %s (?i:ethernet controller) \(0200\) -- no driver --\r?$" % (bdf, vid))
    N.run(m, t, "ifconfig", r"no network interfaces")
    N.run(m, t, "ping 10.0.2.2 -c 1", r"ping: 10\.0\.2\.2: no interface")
    N.run(m, t, "uptime", r"\d")
    if "KERNEL PANIC" in m.out.decode("utf-8", "replace"):
        raise N.Failure("KERNEL PANIC in the serial log")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp", required=True)
    p.add_argument("--artifacts", required=True)
    p.add_argument("--device", default="rtl8139", help="QEMU -device model")
    p.add_argument("--id", default="10ec:8139", help="its vendor:device")
    a = p.parse_args()
    os.makedirs(a.artifacts, exist_ok=True)
    tag = "nic-nodriver-" + a.device
    workdir = tempfile.mkdtemp(prefix="tern-nodrv-")
    net = ["-netdev", "user,id=n0,restrict=on", "-device", a.device + ",netdev=n0"]
    t, rc = [], 0
    with open(os.path.join(a.artifacts, tag + ".serial.log"), "wb") as log:
        m = N.NetMachine(a.esp, workdir, log, net, "net=dhcp")
        try:
            session(m, a, t)
            print("PASS nodriver %s" % a.device)
        except (N.Failure, S.Failure) as e:
            print("FAIL nodriver %s: %s" % (a.device, e))
            rc = 1
        finally:
            m.kill()
            shutil.rmtree(workdir, ignore_errors=True)
    N.write_transcript(os.path.join(a.artifacts, tag + "-transcript.txt"), t)
    return rc


if __name__ == "__main__":
    sys.exit(main())
