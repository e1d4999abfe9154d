# Processes (issue 15): ring 3 programs (kernel/test/user_blobs.S) run by
# the proc ktests, which also run in qemu.ktest.all. Here the reports are
# checked too: each fault kills only its process, named with the fault,
# the address and the RIP, and the kernel goes on to the next case.
set(proc_ktests proc_hello_exits_with_its_pid,proc_faults_kill_only_the_process,proc_syscalls_refuse_bad_pointers,proc_exit_returns_every_frame,proc_preempted_processes_keep_their_state,proc_memory_calls,proc_fork_copy_on_write,proc_sysret_noncanonical)
tern_qemu_test(qemu.proc.ring3 CMDLINE "test=${proc_ktests}" EXIT 33
  EXPECT "hello from ring 3"
         "proc: [0-9]+ \\(readkernel\\) killed: Page fault \\([^)]*read, user mode\\) at 0xffffffff80000000, rip 0x40000a"
         "proc: [0-9]+ \\(writetext\\) killed: Page fault \\(protection violation, write, user mode\\) at 0x400000"
         "proc: [0-9]+ \\(jumpkernel\\) killed: Page fault \\([^)]*instruction fetch, user mode\\) at 0xffffffff80001000"
         "proc: [0-9]+ \\(ud2\\) killed: Invalid opcode at 0x400000"
         "frames in use: ([0-9]+) before, \\1 after 200 runs"
         "3 spinning processes done in [0-9]+ ms" "proc: [0-9]+ \\(unmapped\\) killed: Page fault" "frames in use: ([0-9]+) before, \\1 after fork rounds" "proc: [0-9]+ \\(noncanon\\) killed: General protection fault[^\n]* at 0x800000000000, rip 0x800000000000"
         "ktest: 8 passed, 0 failed"
  FORBID "KERNEL PANIC")

# Per-process ASLR: `run aslr` 200 times in one boot; every PIE base,
# stack and mmap distinct, inside its window, and exactly the window's
# slot bits varying (the README's table); `run -R` not randomized.
add_test(NAME qemu.proc.aslr
  COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/aslr_entropy.py
          --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} --runs 200)
set_tests_properties(qemu.proc.aslr PROPERTIES LABELS qemu TIMEOUT 600
  FAIL_REGULAR_EXPRESSION "FAIL aslr" PASS_REGULAR_EXPRESSION "PASS aslr")

# init=/bin/PROGRAM: the first process at boot, its end logged (a missing
# one too, and the boot goes on).
tern_qemu_test(qemu.proc.init CMDLINE "init=/bin/echo" STOP_ON "init: /bin/echo \\(pid 1\\) exited with 0"
  EXPECT "init: /bin/echo is pid 1" FORBID "KERNEL PANIC")
tern_qemu_test(qemu.proc.init_missing CMDLINE "init=/bin/nosuch"
  STOP_ON "init: /bin/nosuch: no such program in the initramfs"
  FORBID "KERNEL PANIC")

# 10,000 fork + execve(/bin/true) + exit + wait cycles: every frame back
# at its baseline (about 90 s under software emulation, debug build).
tern_qemu_test(qemu.proc.cycles CMDLINE "test=proc_execve_and_10000_cycles"
  EXIT 33 TIMEOUT 900
  EXPECT "from execve"
         "10000 fork\\+exec\\+exit\\+wait: status 0 in [0-9]+ ms; frames in use: ([0-9]+) before, \\1 after"
         "ktest: 1 passed, 0 failed"
  FORBID "KERNEL PANIC")

# scripts/bench-proc --quick: procbench (user/bench) on tern and in the
# Linux guest on the same QEMU line, tiny counts, one boot each; passes
# when both sides printed every median and the table was made. No timing
# is checked. The first run downloads the guest's kernel and busybox
# (apt-get download, about 72 MB, kept in <build>/linux-guest).
add_test(NAME bench.proc.smoke
  COMMAND ${TERN_PYTHON} ${PROJECT_SOURCE_DIR}/scripts/bench-proc --quick --no-plot
          --esp ${TERN_ESP} --logdir ${TERN_ARTIFACTS})
set_tests_properties(bench.proc.smoke PROPERTIES LABELS "qemu;bench" TIMEOUT 300)

# The user shell and console input (tests/qemu/proc_session.py): the kernel
# shell's run, a fault killed with the kernel going on, pipetest (pipes and
# kill), a line typed to cat and Ctrl-D, Ctrl-C ending the foreground
# program, forkbomb meeting EAGAIN; /bin/sh with pipelines, redirections,
# $?, &, ls, ps and a fault; init=/bin/init giving the console to sh;
# sysfuzz's 1,000,000 random system calls from many processes with the
# frames in use back at their baseline. Transcripts in test-artifacts.
foreach(mode shell init sysfuzz)
  add_test(NAME qemu.proc.session.${mode}
    COMMAND ${TERN_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/proc_session.py
            --esp ${TERN_ESP} --artifacts ${TERN_ARTIFACTS} ${mode})
  set_tests_properties(qemu.proc.session.${mode} PROPERTIES LABELS qemu TIMEOUT 900
    FAIL_REGULAR_EXPRESSION "FAIL proc" PASS_REGULAR_EXPRESSION "PASS proc")
endforeach()
