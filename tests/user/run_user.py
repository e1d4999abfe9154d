#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""tests/user/run_user.py --bin DIR CASE

Runs tern's user programs (user/, built to <build>/user/bin) natively on
this x86_64 Linux host: tern's system-call ABI is Linux's
(include/tern/syscall.h), so the same static PIEs run on both. Each CASE
checks one program's output and exit status; exit 0 when all of its checks
hold, 1 with one line per failed check.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

TIMEOUT = 60
failures = []


def run(bindir, prog, args=(), stdin=b"", env=None):
    path = os.path.join(bindir, prog)
    p = subprocess.run([path, *args], input=stdin, capture_output=True,
                       timeout=TIMEOUT, env=env or {"TERN": "1"})
    return p.returncode, p.stdout, p.stderr


def expect(what, got, want):
    if got != want:
        failures.append("%s: got %r, want %r" % (what, got, want))


def case_hello(b):
    expect("hello", run(b, "hello"), (0, b"hello, world\n", b""))


def case_echo(b):
    expect("echo a b", run(b, "echo", ["a", "b  c", ""]), (0, b"a b  c \n", b""))
    expect("echo", run(b, "echo"), (0, b"\n", b""))
    expect("echo -n", run(b, "echo", ["-n", "x", "y"]), (0, b"x y", b""))
    long_arg = "z" * 5000  # longer than the printf stack buffer
    expect("echo long", run(b, "echo", [long_arg]),
           (0, long_arg.encode() + b"\n", b""))


def case_truefalse(b):
    expect("true", run(b, "true"), (0, b"", b""))
    expect("false", run(b, "false"), (1, b"", b""))


def case_cat(b):
    data = bytes(range(256)) * 300 + b"tail without newline"  # > cat's buffer
    with tempfile.TemporaryDirectory() as d:
        f1, f2 = os.path.join(d, "one"), os.path.join(d, "two")
        with open(f1, "wb") as f:
            f.write(data)
        with open(f2, "wb") as f:
            f.write(b"second\n")
        expect("cat file", run(b, "cat", [f1]), (0, data, b""))
        expect("cat two files", run(b, "cat", [f2, f1, f2]),
               (0, b"second\n" + data + b"second\n", b""))
        expect("cat stdin", run(b, "cat", stdin=data), (0, data, b""))
        expect("cat - between files", run(b, "cat", [f2, "-", f2], stdin=b"in\n"),
               (0, b"second\nin\nsecond\n", b""))
        missing = os.path.join(d, "missing")
        rc, out, err = run(b, "cat", [missing, f2])
        expect("cat missing", (rc, out, err),
               (1, b"second\n",
                ("cat: %s: no such file or directory\n" % missing).encode()))


ASLR_NAMES = ["pie", "data", "stack", "heap", "mmap"]


def aslr_once(b):
    rc, out, err = run(b, "aslr")
    if rc != 0 or err:
        failures.append("aslr: status %d, stderr %r" % (rc, err))
        return None
    addrs = {}
    for line in out.decode().splitlines():
        m = re.fullmatch(r"([a-z]+) 0x([0-9a-f]+)", line)
        if not m:
            failures.append("aslr: bad line %r" % line)
            return None
        addrs[m.group(1)] = int(m.group(2), 16)
    if list(addrs) != ASLR_NAMES:
        failures.append("aslr: names %s, want %s" % (list(addrs), ASLR_NAMES))
        return None
    return addrs


def case_aslr(b):
    runs = [aslr_once(b) for _ in range(2)]
    if None in runs:
        return
    a, c = runs
    for name in ASLR_NAMES:
        if a[name] == c[name]:
            failures.append("aslr: %s is 0x%x in both runs" % (name, a[name]))
        if not 0x10000 <= a[name] < 1 << 47:
            failures.append("aslr: %s 0x%x is not a user address" % (name, a[name]))
    if a["pie"] & 0xfff or (a["pie"] - c["pie"]) & 0xfff:
        failures.append("aslr: code not at a page-granular slide")
    if not a["pie"] < a["data"] < a["pie"] + (1 << 20):
        failures.append("aslr: data 0x%x not just above code 0x%x" % (a["data"], a["pie"]))
    if a["heap"] & 15:
        failures.append("aslr: malloc block 0x%x not 16-byte aligned" % a["heap"])


def case_smash(b):
    rc, out, err = run(b, "smash")
    expect("smash status", rc, 127)
    expect("smash stdout", out, b"")
    if b"stack smashing detected" not in err:
        failures.append("smash: no stack protector message, stderr %r" % err)
    expect("smash 8 (in bounds)", run(b, "smash", ["8"]),
           (0, b"smash: 8 bytes, no overflow detected\n", b""))


def case_canary(b):
    vals = []
    for _ in range(2):
        rc, out, _ = run(b, "canary")
        m = re.fullmatch(rb"canary 0x([0-9a-f]+)\n", out)
        if rc != 0 or not m:
            failures.append("canary: status %d, output %r" % (rc, out))
            return
        vals.append(int(m.group(1), 16))
    for v in vals:
        if v & 0xff or v >> 8 == 0:
            failures.append("canary: 0x%x: want a zero low byte and random rest" % v)
    if vals[0] == vals[1]:
        failures.append("canary: 0x%x in both runs (not from AT_RANDOM)" % vals[0])


def case_atexit(b):
    expect("atexit", run(b, "atexit"), (3, b"cba\n", b""))
    expect("atexit 0", run(b, "atexit", ["0"]), (0, b"cba\n", b""))


def case_reloc(b):
    expect("reloc", run(b, "reloc"), (0, b"reloc: one two three\n", b""))
    rc, out, _ = run(b, "reloc", ["write"])
    expect("reloc write (RELRO read-only)", (rc, out),
           (-11, b"reloc: one two three\n"))


def case_malloc(b):
    expect("mallocstress", run(b, "mallocstress", ["10000"]),
           (0, b"mallocstress: 10000 rounds ok\n", b""))


def case_pipetest(b):
    rc, out, err = run(b, "pipetest")
    text = out.decode("utf-8", "replace")
    for name in ("bulk", "sigpipe", "nonblock", "kill-sleeping",
                 "kill-spinning", "kill-reading", "kill-check", "kill-esrch"):
        expect("pipetest %s" % name, ("pipetest: %s ok" % name) in text, True)
    expect("pipetest status", (rc, err), (0, b""))


def sh(b, script, stdin=b""):
    """sh -c SCRIPT with PATH at the built programs (not the host's)."""
    return run(b, "sh", ["-c", script], stdin=stdin, env={"PATH": b})


def case_sh(b):
    expect("pipeline", sh(b, "echo a b c | cat | cat"), (0, b"a b c\n", b""))
    expect("long pipeline", sh(b, "echo x|cat|cat|cat|cat|cat|cat|cat"),
           (0, b"x\n", b""))
    expect("status $?", sh(b, "false; echo $?; true; echo $?"),
           (0, b"1\n0\n", b""))
    expect("exit status", sh(b, "exit 3"), (3, b"", b""))
    expect("last status", sh(b, "true; false"), (1, b"", b""))
    expect("quoting", sh(b, """echo 'a  b' "c \\"d\\" $?" e\\ f '$?'"""),
           (0, b'a  b c "d" 0 e f $?\n', b""))
    expect("not found", sh(b, "nosuch; echo $?"),
           (0, b"127\n", b"sh: nosuch: not found\n"))
    expect("unterminated quote", sh(b, "echo 'abc; echo no"),
           (2, b"", b"sh: unterminated ' quote\n"))
    expect("empty pipe stage", sh(b, "echo a | | cat"),
           (2, b"", b"sh: syntax error near '|'\n"))
    expect("pipe at end", sh(b, "echo a |"),
           (2, b"", b"sh: syntax error near 'end of line'\n"))
    expect("first program ends the pipeline", sh(b, "cat | true; echo ok"),
           (0, b"ok\n", b""))
    rc, out, err = sh(b, "echo bg & wait; echo after")
    expect("& and wait", (rc, out), (0, b"bg\nafter\n"))
    if not re.fullmatch(rb"\[\d+\]\n", err):
        failures.append("sh &: stderr %r, want [pid]" % err)
    too_many = " ".join(["w"] * 300)
    rc, out, err = sh(b, "echo " + too_many)
    expect("too many words", (rc, out, err.startswith(b"sh: too many words")),
           (2, b"", True))
    rc, out, err = sh(b, "echo " + "x" * 5000)
    expect("long line", (rc, out, err), (2, b"", b"sh: line too long\n"))
    expect("stdin script with prompts",
           run(b, "sh", stdin=b"echo one\necho two | cat\nexit 5\necho no\n",
               env={"PATH": b}),
           (5, b"$ one\n$ two\n$ ", b""))
    with tempfile.TemporaryDirectory() as d:
        f = os.path.join(d, "in")
        with open(f, "wb") as fh:
            fh.write(b"from a file\n")
        expect("< redirection", sh(b, "cat < " + f), (0, b"from a file\n", b""))
        out_f = os.path.join(d, "out")
        expect("> and >>", sh(b, "echo one > %s; echo two >> %s; cat < %s"
                                 % (out_f, out_f, out_f)),
               (0, b"one\ntwo\n", b""))
        expect("2> redirection", sh(b, "nosuch 2> %s; cat %s" % (out_f, out_f)),
               (0, b"sh: nosuch: not found\n", b""))
        missing = os.path.join(d, "missing")
        expect("< missing", sh(b, "cat < %s; echo $?" % missing),
               (0, b"1\n", ("sh: %s: no such file or directory\n"
                             % missing).encode()))
        script = os.path.join(d, "script")
        with open(script, "wb") as fh:
            fh.write(b"# a comment\necho from script\nfalse\n")
        expect("sh FILE", run(b, "sh", [script], env={"PATH": b}),
               (1, b"from script\n", b""))
    rc, out, err = sh(b, "./nosuch/x")
    expect("path with /", (rc, err), (127, b"sh: ./nosuch/x: not found\n"))


def case_ls(b):
    rc, out, err = run(b, "ls", [b])
    names = out.decode().splitlines()
    expect("ls status", (rc, err), (0, b""))
    for want in ("hello", "sh", "ls", "cat"):
        if want not in names:
            failures.append("ls: %s missing from %r" % (want, names))
    expect("ls sorted", names, sorted(names))
    with tempfile.TemporaryDirectory() as d:
        os.mkdir(os.path.join(d, "sub"))
        for n in ("b", "a", ".hidden"):
            with open(os.path.join(d, n), "wb") as fh:
                fh.write(b"12345")
        expect("ls dir", run(b, "ls", [d]), (0, b"a\nb\nsub/\n", b""))
        expect("ls -a", run(b, "ls", ["-a", d]),
               (0, b"./\n../\n.hidden\na\nb\nsub/\n", b""))
        rc, out, err = run(b, "ls", ["-l", d])
        lines = out.decode().splitlines()
        expect("ls -l", (rc, len(lines), lines[0].split() if lines else None),
               (0, 3, ["-", "5", "a"]))
        missing = os.path.join(d, "missing")
        expect("ls missing", run(b, "ls", [missing]),
               (1, b"", ("ls: %s: no such file or directory\n"
                         % missing).encode()))


def case_ps(b):
    expect("ps without /proc/ps", run(b, "ps"),
           (1, b"", b"ps: /proc/ps: no such file or directory\n"))


def case_forkbomb(b):
    expect("forkbomb 20", run(b, "forkbomb", ["20"]),
           (0, b"forkbomb: 20 children, MAX reached\n"
               b"forkbomb: all 20 reaped\n", b""))


def case_sysfuzz(b):
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run([os.path.join(b, "sysfuzz"), "20000", "4", "12345"],
                           capture_output=True, timeout=TIMEOUT, cwd=d,
                           env={"TERN": "1"})
        left = os.listdir(d)
    lines = p.stdout.decode().splitlines()
    expect("sysfuzz status", (p.returncode, p.stderr), (0, b""))
    if len(lines) != 3 or lines[-1] != "sysfuzz: done" or not re.fullmatch(
            r"sysfuzz: 20000 calls in \d+ processes, seed 12345, "
            r"\d+ children ended by a signal", lines[1]):
        failures.append("sysfuzz: output %r" % lines)
    expect("sysfuzz left files", left, [])
    expect("sysfuzz bad args", run(b, "sysfuzz", ["x"])[0], 1)


PROCBENCH_MEASURES = ["getpid", "ebadf", "fork", "forkexec"]
NS = rb"\d+\.\d"


def case_procbench(b):
    """The output form scripts/bench-proc parses, with tiny counts (its
    timings are not checked); exec of our own true, then the failures."""
    true = os.path.join(b, "true")
    rc, out, err = run(b, "procbench", ["-n", "100", "-m", "2", "-r", "3", "-t", true])
    expect("procbench status and stderr", (rc, err), (0, b""))
    want = [rb"procbench: start calls=100 cycles=2 reps=3 exec=" + re.escape(true.encode())]
    for name in PROCBENCH_MEASURES:
        n = b"100" if name in ("getpid", "ebadf") else b"2"
        want += [rb"procbench: %s rep=%d n=%s ns=%s" % (name.encode(), r, n, NS) for r in (1, 2, 3)]
        want.append(rb"procbench: %s median ns=%s min=%s max=%s" % (name.encode(), NS, NS, NS))
    want += [rb"procbench: total ms=\d+", rb"procbench: done"]
    lines = out.split(b"\n")
    if lines[-1] != b"" or len(lines) - 1 != len(want):
        failures.append("procbench: %d lines, want %d: %r" % (len(lines) - 1, len(want), out))
    else:
        for got, pat in zip(lines, want):
            if not re.fullmatch(pat, got):
                failures.append("procbench: %r does not match %r" % (got, pat))
    for name in PROCBENCH_MEASURES:
        m = re.search(rb"procbench: %s median ns=(%s) min=(%s) max=(%s)" % (
            name.encode(), NS, NS, NS), out)
        if m and not float(m.group(2)) <= float(m.group(1)) <= float(m.group(3)):
            failures.append("procbench: %s median outside [min, max]: %r" % (name, m.group(0)))
    rc, out, err = run(b, "procbench", ["-n", "10", "-m", "1", "-r", "1", "-t", "/nonexistent"])
    expect("procbench exec failure status", rc, 1)
    if b"procbench: error execve /nonexistent: errno 2" not in err or b"procbench: done" in out:
        failures.append("procbench exec failure: stdout %r stderr %r" % (out, err))
    for args in (["-n"], ["-n", "0"], ["-r", "65"], ["-x"], ["-m", "12a"]):
        rc, out, err = run(b, "procbench", args)
        if rc != 2 or out or not err.startswith(b"procbench: ") and not err.startswith(b"usage:"):
            failures.append("procbench %s: status %d, stdout %r, stderr %r" % (args, rc, out, err))


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="the built user/bin folder")
    ap.add_argument("case", choices=sorted(CASES))
    a = ap.parse_args()
    CASES[a.case](a.bin)
    for f in failures:
        print("FAIL " + f)
    print("%s: %s" % (a.case, "FAILED" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
