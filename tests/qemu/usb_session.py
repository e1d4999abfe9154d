#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""USB keyboards on tern's shell, typed through the QEMU monitor's sendkey
(which goes to the USB keyboard whenever one is plugged in).

  usb_session.py --esp IMG --artifacts DIR MODE

MODE:
  keyboard  q35 without PS/2 (i8042=off), qemu-xhci, usb-kbd, usb-tablet,
            MSI-X: commands typed on the USB keyboard run (lowercase,
            Shift, Caps Lock, Backspace, auto-repeat); lsusb lists the
            keyboard (0627:0001) and the tablet; the xhci vector counted
            interrupts; transcript and a screendump PNG of the typed
            lsusb kept in DIR (usb-keyboard-transcript.txt,
            usb-keyboard-lsusb.png)
  both      PS/2 and a USB keyboard on nec-usb-xhci, xhci=msi (MSI
            instead of MSI-X): the USB keyboard unplugged (device_del),
            half a command typed on PS/2, a new USB keyboard plugged in
            (device_add), the rest typed on it; the i8042 interrupt count
            shows which keyboard got which keys
  polled    qemu-xhci with xhci=poll (no interrupts): a full-speed
            keyboard (usb_version=1), a usb-mouse, a full-speed usb-audio
            (bMaxPacketSize0 64: Evaluate Context) and a SuperSpeed
            usb-storage disk (a USB 3 port); commands typed; lsusb lists
            all four
  hub       a usb-hub (full speed) with a keyboard and a tablet behind it:
            typed on, listed as 1-N.2 / 1-N.4; a keyboard plugged into hub
            port 3 and the first unplugged: the new one types; the hub
            unplugged: everything behind it goes
  recover   usbfault=intr,stall: every device is sent a request it
            STALLs (EP0 halts and is recovered: configuration goes on),
            and the first completion on every interrupt pipe (a hub's
            status endpoint, a keyboard behind it) fails on purpose; both
            are restarted and the keyboard types
  faults    usbfault=cmdtimeout,slowexit (PS/2 too): the first command is
            aborted after it completed and still counts; the keyboard
            types; unplugged while its thread takes 3 s to end, unplug
            waits (no "state leaked"); a new keyboard types
  nothread  usbfault=thread, no i8042: the keyboard driver fails to
            start (no thread); its interrupt pipe never ran, keys reach
            nothing, the kernel goes on; unplugged cleanly

Each mode is one boot. The serial log is DIR/usb-MODE.serial.log.
"""
import argparse
import os
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import shell_session as S  # noqa: E402
from net_session import NetMachine  # noqa: E402  (any QEMU arguments)

def keys_of(text):
    """sendkey names for plain text (lowercase, digits, space, '-')."""
    names = {" ": "spc", "-": "minus", "=": "equal", ".": "dot"}
    return [names.get(c, c) for c in text]


def typed(m, transcript, name, keys, pattern):
    out = S.type_keys(m, keys)
    transcript.append(("<usb keyboard> " + name, out))
    S.check("usb keyboard " + name, out, pattern)
    return out


def irq_count(m, transcript, name):
    """The interrupt count of the vector named `name` (the irq command,
    over serial), or 0 if it is not listed."""
    out = m.run("irq")
    transcript.append(("irq", out))
    mt = re.search(r"^\s*(?:0x)?[0-9a-f]+\s+(\d+)\s+" + re.escape(name) + r"\s*$", out, re.M)
    return int(mt.group(1)) if mt else 0


def check_lsusb(out, wanted):
    for pat in wanted:
        S.check("lsusb", out, pat)


def mode_keyboard(m, a, transcript):
    typed(m, transcript, "uptime", keys_of("uptime") + ["ret"], r"up \d+\.\d+ s")
    # Shift: an unknown command echoes back what arrived
    typed(m, transcript, "Shift", ["shift-u", "shift-p", "t", "ret"],
          r"unknown command 'UPt'")
    # Caps Lock on (a LED SET_REPORT goes out), then off again
    typed(m, transcript, "Caps Lock", ["caps_lock", "u", "p", "caps_lock", "t", "ret"],
          r"unknown command 'UPt'")
    typed(m, transcript, "Backspace", keys_of("psx") + ["backspace", "ret"], r"shell\s+running")
    # auto-repeat: a key held for 1.5 s repeats (500 ms delay, 33 ms rate)
    m.monitor("sendkey x 1500")
    out = typed(m, transcript, "held x", ["ret"], r"unknown command '(x+)'")
    held = len(re.search(r"unknown command '(x+)'", out).group(1))
    transcript.append(("<repeat>", "held x gave %d characters\n" % held))
    if held < 3:
        raise S.Failure("a key held for 1.5 s gave %d characters: no auto-repeat" % held)
    out = typed(m, transcript, "lsusb", keys_of("lsusb") + ["ret"], r"lsusb: \d+ devices?")
    check_lsusb(out, [r"\d-\d+\s+high\s+\d+\s+0627:0001\s+HID\s+usb-kbd\s+QEMU USB Keyboard",
                      r"0627:0001\s+HID\s+-\s+QEMU USB Tablet", r"lsusb: 2 devices"])
    S.screendump(m, a, transcript, "usb-keyboard-lsusb.png", 1)
    if irq_count(m, transcript, "xhci") == 0:
        raise S.Failure("the xhci vector counted no interrupts")


def mode_both(m, a, transcript):
    S.check("boot log", m.out.decode("utf-8", "replace"),
            r"input: keyboard i8042 irq 1, usb \d-\d+ hid")
    ps2 = [irq_count(m, transcript, "i8042 keyboard")]
    # the USB keyboard leaves: "upt" goes to PS/2 ...
    m.monitor("device_del kbd0")
    m.read_until(r"usb \d-\d+: disconnected", 60)
    for key in keys_of("upt"):
        m.monitor("sendkey " + key)
        time.sleep(0.05)
    m.read_until(r"upt", 60)
    # ... a new one comes: "ime" and Enter go to it
    m.monitor("device_add usb-kbd,id=kbd1")
    m.read_until(r"usb \d-\d+: boot keyboard", 60)
    typed(m, transcript, "upt (PS/2) + ime (USB)", keys_of("ime") + ["ret"], r"up \d+\.\d+ s")
    ps2.append(irq_count(m, transcript, "i8042 keyboard"))
    out = typed(m, transcript, "lsusb (new USB keyboard)", keys_of("lsusb") + ["ret"],
                r"lsusb: \d+ devices?")
    check_lsusb(out, [r"0627:0001\s+HID\s+usb-kbd", r"lsusb: 1 device"])
    ps2.append(irq_count(m, transcript, "i8042 keyboard"))
    transcript.append(("<i8042 interrupts>", "boot %d, after upt+ime %d, after lsusb %d\n" % tuple(ps2)))
    if ps2[1] <= ps2[0]:
        raise S.Failure("no PS/2 keyboard interrupts while the USB keyboard was away")
    if ps2[2] != ps2[1]:
        raise S.Failure("keys typed with the USB keyboard plugged in reached PS/2")
    if irq_count(m, transcript, "xhci") == 0:
        raise S.Failure("the xhci MSI vector counted no interrupts")


def mode_polled(m, a, transcript):
    typed(m, transcript, "uptime", keys_of("uptime") + ["ret"], r"up \d+\.\d+ s")
    typed(m, transcript, "Shift", ["shift-u", "shift-p", "t", "ret"], r"unknown command 'UPt'")
    out = typed(m, transcript, "lsusb", keys_of("lsusb") + ["ret"], r"lsusb: \d+ devices?")
    check_lsusb(out, [r"\d-\d+\s+full\s+\d+\s+0627:0001\s+HID\s+usb-kbd\s+QEMU USB Keyboard",
                      r"0627:0001\s+HID\s+-\s+QEMU USB Mouse",
                      r"\d-\d+\s+full\s+\d+\s+46f4:0002\s+audio\s+-\s+QEMU USB Audio",
                      r"\d-\d+\s+super\s+\d+\s+46f4:0001\s+mass storage\s+-\s+QEMU USB HARDDRIVE",
                      r"lsusb: 4 devices"])
    # usb-audio's bMaxPacketSize0 of 64 at full speed went through
    # Evaluate Context; the SuperSpeed disk's EP0 is 512 (2^9)
    log = S.ANSI.sub("", m.out.decode("utf-8", "replace"))
    S.check("boot log", log, r"usb \d-\d+: 46f4:0002 full speed, slot \d+, ep0 64,")
    S.check("boot log", log, r"usb \d-\d+: 46f4:0001 super speed, slot \d+, ep0 512,")
    if irq_count(m, transcript, "xhci") != 0:
        raise S.Failure("xhci=poll, yet an xhci interrupt vector is registered")


def mode_hub(m, a, transcript):
    typed(m, transcript, "uptime", keys_of("uptime") + ["ret"], r"up \d+\.\d+ s")
    out = typed(m, transcript, "lsusb", keys_of("lsusb") + ["ret"], r"lsusb: \d+ devices?")
    check_lsusb(out, [r"\d-\d+\s+full\s+\d+\s+0409:55aa\s+hub\s+usb-hub\s+QEMU USB Hub",
                      r"\d-\d+\.2\s+full\s+\d+\s+0627:0001\s+HID\s+usb-kbd\s+QEMU USB Keyboard",
                      r"\d-\d+\.4\s+full\s+\d+\s+0627:0001\s+HID\s+-\s+QEMU USB Tablet",
                      r"lsusb: 3 devices"])
    # a second keyboard on hub port 3, the first one unplugged from port 2
    m.monitor("device_add usb-kbd,id=kbd1,bus=usb-bus.0,port=1.3")
    m.read_until(r"usb \d-\d+\.3: boot keyboard", 60)
    m.monitor("device_del kbd0")
    m.read_until(r"usb \d-\d+\.2: disconnected", 60)
    out = typed(m, transcript, "lsusb (keyboard moved to hub port 3)", keys_of("lsusb") + ["ret"],
                r"lsusb: \d+ devices?")
    check_lsusb(out, [r"\d-\d+\.3\s+full\s+\d+\s+0627:0001\s+HID\s+usb-kbd", r"lsusb: 3 devices"])
    if re.search(r"\d-\d+\.2\s", out):
        raise S.Failure("the unplugged keyboard on hub port 2 is still listed")
    # the hub goes, and everything behind it
    m.monitor("device_del hub0")
    m.read_until(r"usb \d-\d+: disconnected", 60)
    m.read_until(r"usb \d-\d+\.4: disconnected", 60)  # the hub's last child
    out = m.run("lsusb")
    transcript.append(("lsusb (serial, hub unplugged)", out))
    S.check("lsusb after the hub left", out, r"lsusb: 0 devices")
    log = S.ANSI.sub("", m.out.decode("utf-8", "replace"))
    for port in (3, 4):
        S.check("log", log, r"usb \d-\d+\.%d: disconnected" % port)


def mode_recover(m, a, transcript):
    # usbfault=intr fails each interrupt pipe's first completion: the
    # keyboard's is the first key; the hub's comes with its first port
    # change after boot (or at boot already), which a new device makes sure of
    m.monitor("sendkey shift")
    text = m.read_until(r"usb \d-\d+\.1: interrupt endpoint restarted", 60)
    transcript.append(("<shift, a report lost on purpose>", S.ANSI.sub("", text)))
    m.monitor("device_add usb-tablet,bus=usb-bus.0,port=1.2")
    m.read_until(r"usb \d-\d+\.2: 0627:0001 .*QEMU USB Tablet", 60)
    hub_restart = r"usb \d-\d+: interrupt endpoint restarted"
    if not re.search(hub_restart, m.out.decode("utf-8", "replace")):
        m.read_until(hub_restart, 30)  # the tablet came through a rescan first
    log = S.ANSI.sub("", m.out.decode("utf-8", "replace"))
    for who in (r"\d-\d+", r"\d-\d+\.1"):
        # usbfault=stall: EP0 halted by a refused request, then recovered
        # (the hub and the keyboard were configured after it)
        S.check("log", log, r"usb %s: control request 80 06 7700 failed: stall" % who)
        S.check("log", log, r"usb %s: interrupt transfer failed: transaction error" % who)
        S.check("log", log, r"usb %s: interrupt endpoint restarted" % who)
    typed(m, transcript, "uptime after the restart", keys_of("uptime") + ["ret"], r"up \d+\.\d+ s")


def mode_faults(m, a, transcript):
    # usbfault=cmdtimeout: the first command (Enable Slot) "timed out" at
    # once and was aborted, yet it had completed: its real result counts
    log = S.ANSI.sub("", m.out.decode("utf-8", "replace"))
    S.check("boot log", log, r"xhci \d: command 9 timed out after 0 ms")
    S.check("boot log", log, r"xhci \d: command completed during the abort: success")
    S.check("boot log", log, r"usb \d-\d+: boot keyboard")
    # the ring runs again after the abort: the keyboard's own commands
    typed(m, transcript, "uptime", keys_of("uptime") + ["ret"], r"up \d+\.\d+ s")
    # usbfault=slowexit: the keyboard thread takes 3 s to end; unplug
    # waits for it (no "state leaked", no freed memory under it), then a
    # new keyboard is attached and types
    m.monitor("device_del kbd0")
    m.read_until(r"usb \d-\d+: disconnected", 60)
    m.monitor("device_add usb-kbd,id=kbd1")
    m.read_until(r"usb \d-\d+: boot keyboard", 60)
    typed(m, transcript, "uptime on the new keyboard", keys_of("uptime") + ["ret"], r"up \d+\.\d+ s")
    out = m.run("lsusb")
    transcript.append(("lsusb (serial)", out))
    S.check("lsusb", out, r"0627:0001\s+HID\s+usb-kbd\s+QEMU USB Keyboard")


def mode_nothread(m, a, transcript):
    # usbfault=thread: the keyboard driver cannot start its thread; its
    # state is freed, so its interrupt pipe must never have run: keys
    # sent to the USB keyboard then reach nothing, and nothing breaks
    log = S.ANSI.sub("", m.out.decode("utf-8", "replace"))
    S.check("boot log", log, r"usb \d-\d+: usb-kbd did not start")
    for k in ["u", "p", "shift", "caps_lock"]:
        m.monitor("sendkey " + k)
    out = m.run("uptime")  # over serial: the kernel still runs
    transcript.append(("uptime (serial)", out))
    S.check("uptime", out, r"up \d+\.\d+ s")
    out = m.run("lsusb")
    transcript.append(("lsusb (serial)", out))
    S.check("lsusb", out, r"0627:0001\s+HID\s+-\s+QEMU USB Keyboard")
    m.monitor("device_del kbd0")
    m.read_until(r"usb \d-\d+: disconnected", 60)
    out = m.run("lsusb")
    transcript.append(("lsusb (serial, unplugged)", out))
    S.check("lsusb", out, r"lsusb: 0 devices")


MODES = {
    "keyboard": (mode_keyboard, "", ["-machine", "q35,i8042=off", "-device", "qemu-xhci",
                                     "-device", "usb-kbd", "-device", "usb-tablet"]),
    "both": (mode_both, "xhci=msi", ["-device", "nec-usb-xhci", "-device", "usb-kbd,id=kbd0"]),
    "polled": (mode_polled, "xhci=poll", ["-machine", "q35,i8042=off", "-device", "qemu-xhci,p2=8,p3=8",
                                          "-device", "usb-kbd,usb_version=1", "-device", "usb-mouse",
                                          "-audiodev", "none,id=snd0", "-device", "usb-audio,audiodev=snd0",
                                          "-drive", "if=none,id=disk0,format=raw,file=@DISK@",
                                          "-device", "usb-storage,drive=disk0"]),
    "hub": (mode_hub, "", ["-machine", "q35,i8042=off", "-device", "qemu-xhci",
                           "-device", "usb-hub,id=hub0,port=1", "-device", "usb-kbd,id=kbd0,bus=usb-bus.0,port=1.2",
                           "-device", "usb-tablet,bus=usb-bus.0,port=1.4"]),
    "recover": (mode_recover, "usbfault=intr,stall", ["-machine", "q35,i8042=off", "-device", "qemu-xhci",
                                                "-device", "usb-hub,port=1",
                                                "-device", "usb-kbd,bus=usb-bus.0,port=1.1"]),
    "faults": (mode_faults, "usbfault=cmdtimeout,slowexit", ["-device", "qemu-xhci",
                                                               "-device", "usb-kbd,id=kbd0"]),
    # no i8042: QEMU queues sendkey's presses and releases and delivers
    # them to whichever keyboard is current when their time comes; on a
    # loaded machine some were still queued at device_del and reached
    # the PS/2 keyboard, typing into the shell ("plsusb")
    "nothread": (mode_nothread, "usbfault=thread", ["-machine", "q35,i8042=off", "-device", "qemu-xhci",
                                                    "-device", "usb-kbd,id=kbd0"]),
}

# Lines that must never appear in a USB session's serial log.
FORBIDDEN = [r"keyboard absent", r"KERNEL PANIC",
             r"(?:usb|xhci) \d.*(?:timed out|failed|skipped|did not|refused|stays stopped|could not)"]
# What a mode provokes on purpose.
ALLOWED = {"recover": r"interrupt transfer failed: transaction error|"
                      r"control request 80 06 7700 failed: stall",
           "faults": r"command 9 timed out after 0 ms",
           # without i8042, the only keyboard's driver failing leaves none
           "nothread": r"usb-kbd did not start|input: keyboard absent"}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--esp", required=True)
    p.add_argument("--artifacts", required=True)
    p.add_argument("--boot-timeout", type=float, default=180)
    p.add_argument("mode", choices=sorted(MODES))
    a = p.parse_args()
    fn, cmdline, qemu_args = MODES[a.mode]
    os.makedirs(a.artifacts, exist_ok=True)
    a.workdir = tempfile.mkdtemp(prefix="tern-usb-")
    transcript = []
    log_path = os.path.join(a.artifacts, "usb-%s.serial.log" % a.mode)
    name = os.path.join(a.artifacts, "usb-%s-transcript.txt" % a.mode)
    rc = 0
    with open(log_path, "wb") as log:
        disk = os.path.join(a.workdir, "usb-disk.img")
        with open(disk, "wb") as f:
            f.truncate(1 << 20)
        qemu_args = [arg.replace("@DISK@", disk) for arg in qemu_args]
        m = NetMachine(a.esp, a.workdir, log, qemu_args, cmdline)
        try:
            boot = m.read_until(S.FRESH, a.boot_timeout)
            transcript.append(("<boot>", S.ANSI.sub("", boot)[-2500:]))
            fn(m, a, transcript)
            text = S.ANSI.sub("", m.out.decode("utf-8", "replace"))
            for pat in FORBIDDEN:
                hit = next((h for h in re.finditer(r"^.*" + pat + r".*$", text, re.M)
                            if not (a.mode in ALLOWED and re.search(ALLOWED[a.mode], h.group(0)))),
                           None)
                if hit:
                    raise S.Failure("forbidden line in the serial log: %r" % hit.group(0))
            print("PASS usb %s" % a.mode)
        except S.Failure as e:
            print("FAIL usb %s: %s" % (a.mode, e))
            rc = 1
        finally:
            m.kill()
            shutil.rmtree(a.workdir, ignore_errors=True)
    with open(name, "w") as f:
        for cmd, out in transcript:
            f.write("%s%s\n%s\n" % (S.PROMPT, cmd, out))
    print("transcript: %s, serial log: %s" % (name, log_path))
    return rc


if __name__ == "__main__":
    sys.exit(main())
