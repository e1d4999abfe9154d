#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Processes in a headless QEMU, driven over the serial console as a
person would type (issue 15).

  proc_session.py --esp IMG --artifacts DIR MODE

MODE:
  shell    the kernel shell runs programs (run hello, a fault killed with
           the kernel going on, pipetest, console input to cat, Ctrl-C);
           then the user shell /bin/sh: pipelines, < and >, ;, $?, &, ls,
           ps with the processes listed, a program killed by a fault;
           transcript in DIR/proc-transcript.txt
  sysfuzz  sysfuzz makes 1,000,000 random system calls from many
           processes: no panic, and the frames in use are back at their
           baseline afterwards
  init     init=/bin/init: sh is the console's at boot, runs a pipeline,
           exits, and the kernel shell takes the console
"""
import argparse
import os
import re
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import shell_session as S  # noqa: E402

SH_PROMPT = r"\n\$ $"


def check(name, text, pattern):
    if not re.search(pattern, text):
        raise S.Failure("%s: output does not match %r:\n%s" % (name, pattern, text))


def sh(m, line, timeout=120):
    """Type line to /bin/sh; the output up to its next prompt."""
    m.send(line.encode() + b"\r")
    return S.ANSI.sub("", m.read_until(SH_PROMPT, timeout))


# Kernel shell commands, each with a pattern its output must match.
KERNEL_RUNS = [
    ("run hello", r"hello, world"),
    ("run reloc write", r"proc: \d+ \(reloc\) killed: Page fault \(protection violation, write, "
                        r"user mode\) at 0x[0-9a-f]+, rip 0x[0-9a-f]+[\s\S]*"
                        r"run: /bin/reloc \(pid \d+\) killed by signal 11"),
    ("uptime", r"up \d+\.\d+ s"),  # the kernel goes on
    ("run pipetest", r"pipetest: bulk ok[\s\S]*pipetest: sigpipe ok[\s\S]*"
                     r"pipetest: nonblock ok[\s\S]*pipetest: kill-sleeping ok[\s\S]*"
                     r"pipetest: kill-spinning ok[\s\S]*pipetest: kill-reading ok[\s\S]*"
                     r"pipetest: 0 failures"),
    ("run forkbomb", r"forkbomb: \d+ children, then EAGAIN\r?\nforkbomb: all \d+ reaped"),
    ("kill 4000", r"kill: 4000: no such process"),
    # the profiler's NMIs land in ring 3 too: sampled there, not a fault
    ("prof start", r"prof: sampling"),
    ("run pipetest", r"pipetest: 0 failures"),
    ("prof stop", r"prof: stopped, [1-9]\d* samples"),
    ("prof show 3", r"prof: [1-9]\d* samples in \d+ ms \([1-9]\d* in user mode\)"),
]

# /bin/sh lines, each with a pattern.
SH_LINES = [
    ("echo a b c | cat | cat", r"^echo a b c \| cat \| cat\r?\na b c\r?\n\$ $"),
    ("cat < /etc/motd | cat | cat", r"Welcome to tern\. This file is /etc/motd"),
    ("false; echo $?", r"\n1\r?\n"),
    ("true && echo no", r"sh: "),  # && is not sh's: a clear error
    ("nosuch; echo $?", r"sh: nosuch: not found\r?\n127"),
    ("echo x > /etc/new", r"sh: /etc/new: read-only file system"),
    ("echo 'quoted  words' \"and $?\"", r"quoted  words and \d+"),
    ("echo 'open", r"sh: unterminated ' quote"),
    ("ls /", r"bin/\r?\n[\s\S]*etc/"),
    ("ls /bin", r"cat\r?\n[\s\S]*hello\r?\n[\s\S]*sh\r?\n"),
    ("ls /nosuch", r"ls: /nosuch: no such file or directory"),
    ("ps", r"PID\s+PPID\s+PGID\s+STATE\s+MEM\s+CPU\s+NAME\r?\n"
           r"\s+\d+\s+\d+\s+\d+\s+\w+\s+\d+\s+\d+\.\d\d sh\r?\n[\s\S]*ps\r?\n"),
    ("reloc write", r"proc: \d+ \(reloc\) killed: Page fault[\s\S]*sh: reloc: killed by signal 11"),
    ("echo still here", r"still here"),
]


def mode_shell(m, a, transcript):
    m.read_until(S.FRESH, 120)
    for cmd, pattern in KERNEL_RUNS:
        out = m.run(cmd, 300)
        transcript.write(out)
        check(cmd, out, pattern)
    # console input reaches a process: cat echoes a typed line, ^D ends it
    m.send(b"run cat\r")
    time.sleep(2)
    m.send(b"typed to cat\r")
    out = m.read_until(r"typed to cat\r?\n[\s\S]*typed to cat\r?\n", 60)
    m.send(b"\x04")
    out += m.read_until(r"tern> $", 60)
    transcript.write(S.ANSI.sub("", out))
    check("cat ^D", out, r"tern> $")
    # Ctrl-C ends the foreground program blocked in its read
    m.send(b"run cat\r")
    time.sleep(2)
    m.send(b"\x03")
    out = S.ANSI.sub("", m.read_until(S.FRESH, 60))
    transcript.write(out)
    check("cat ^C", out, r"\^C\r?\nrun: /bin/cat \(pid \d+\) killed by signal 2")
    # the user shell
    m.send(b"run sh\r")
    transcript.write(S.ANSI.sub("", m.read_until(SH_PROMPT, 60)))
    for line, pattern in SH_LINES:
        out = sh(m, line)
        transcript.write(out)
        check(line, out, pattern)
    # a background pipeline: sh prints its job number and a prompt while
    # the job runs, so the job's output may land before or after that
    # prompt (CI once saw "$ Welcome..." and the prompt was never last).
    # Wait for the job's whole line, then "wait", whose prompt follows its
    # own echo.
    m.send(b"cat /etc/motd | cat &\r")
    out = S.ANSI.sub("", m.read_until(
        r"\[\d+\]\r?\n[\s\S]*Welcome to tern\. This file is /etc/motd, "
        r"read from the initramfs\.\r?\n", 60))
    m.send(b"wait\r")
    out += S.ANSI.sub("", m.read_until(r"wait\r?\n([\s\S]*\n)?\$ $", 60))
    transcript.write(out)  # both reads fail the test if they time out
    # job control: Ctrl-C ends the foreground job (both ends of a
    # pipeline), not sh, which ignores SIGINT; at the prompt it drops the
    # line being typed
    m.send(b"cat | cat\r")
    time.sleep(2)
    m.send(b"\x03")
    out = S.ANSI.sub("", m.read_until(SH_PROMPT, 60))
    transcript.write(out)
    check("^C a pipeline", out, r"^cat \| cat\r?\n\^C\r?\n\$ $")
    m.send(b"echo dropped\x03")
    time.sleep(1)
    out = sh(m, "echo sh survived")
    transcript.write(out)
    check("^C at the prompt", out, r"\^C\r?\n[\s\S]*\nsh survived\r?\n")
    if "dropped" in out.split("^C")[-1]:
        raise S.Failure("the line before ^C ran:\n" + out)
    m.send(b"exit 3\r")
    out = S.ANSI.sub("", m.read_until(S.FRESH, 60))
    transcript.write(out)
    check("exit 3", out, r"run: /bin/sh \(pid \d+\) exited with 3")
    out = m.run("ps")
    transcript.write(out)
    check("nothing left", out, r"processes: 0, pipes: 0")


def frames_used(m):
    out = m.run("mem")
    f = re.search(r"frames: free (\d+) used (\d+)", out)
    if not f:
        raise S.Failure("no frame counts in `mem`:\n" + out)
    return int(f.group(2))


def mode_sysfuzz(m, a, transcript):
    m.read_until(S.FRESH, 120)
    m.run("run true")  # the first process's one-time allocations
    time.sleep(1)
    before = frames_used(m)
    t0 = time.monotonic()
    out = m.run("run sysfuzz %d 8" % a.calls, 2400)
    secs = time.monotonic() - t0
    transcript.write(out)
    check("sysfuzz", out, r"sysfuzz: %d calls in \d+ processes, seed \d+, \d+ children "
                          r"ended by a signal\r?\nsysfuzz: done" % a.calls)
    if "KERNEL PANIC" in out:
        raise S.Failure("the kernel panicked")
    after = frames_used(m)
    for _ in range(20):  # exited threads' stacks go when the reaper runs
        if after == before:
            break
        time.sleep(0.5)
        after = frames_used(m)
    line = "sysfuzz: %d calls in %.0f s; frames in use %d before, %d after" % (
        a.calls, secs, before, after)
    print(line)
    transcript.write(line + "\n")
    if after != before:
        raise S.Failure("frames not back at baseline: %d before, %d after" % (before, after))
    check("nothing left", m.run("ps"), r"processes: 0, pipes: 0")


def mode_init(m, a, transcript):
    out = S.ANSI.sub("", m.read_until(SH_PROMPT, 120))
    transcript.write(out)
    check("init", out, r"init: /bin/init is pid 1[\s\S]*init: starting /bin/sh")
    out = sh(m, "echo from init | cat")
    transcript.write(out)
    check("pipeline", out, r"\nfrom init\r?\n")
    m.send(b"exit\r")
    out = S.ANSI.sub("", m.read_until(S.FRESH, 60))
    transcript.write(out)
    check("init's end", out, r"init: sh exited with 0[\s\S]*"
                             r"init: /bin/init \(pid 1\) exited with 0[\s\S]*tern shell")


MODES = {"shell": mode_shell, "sysfuzz": mode_sysfuzz, "init": mode_init}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--esp", required=True)
    ap.add_argument("--artifacts", required=True)
    ap.add_argument("--calls", type=int, default=1000000)
    ap.add_argument("mode", choices=sorted(MODES))
    a = ap.parse_args()
    os.makedirs(a.artifacts, exist_ok=True)
    name = "proc-%s" % a.mode
    work = tempfile.mkdtemp(prefix="tern-proc-")
    log = open(os.path.join(a.artifacts, name + ".serial.log"), "wb")
    cmdline = "init=/bin/init" if a.mode == "init" else ""
    m = S.Machine(a.esp, work, log, cmdline=cmdline)
    tpath = os.path.join(a.artifacts, name + "-transcript.txt")
    ok = False
    try:
        with open(tpath, "w") as transcript:
            MODES[a.mode](m, a, transcript)
        ok = True
    except S.Failure as e:
        print("FAIL proc %s: %s" % (a.mode, e))
    finally:
        m.kill()
        log.close()
    if ok:
        print("PASS proc %s (transcript: %s)" % (a.mode, tpath))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
