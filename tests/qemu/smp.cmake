# SMP bring-up (issue 16, kernel/arch/x86_64/smp_boot.c): every CPU QEMU
# gives comes online through INIT-SIPI-SIPI and the boot goes on to the
# shell; nosmp and maxcpus=N start fewer.
foreach(n 1 2 4 8)
  tern_qemu_test(qemu.smp.cpus${n} CMDLINE "" TIMEOUT 120
    STOP_ON "${TERN_PROMPT}"
    EXPECT "smp: ${n} of ${n} CPUs online \\(${n} listed in the MADT\\), per-CPU areas ok"
    FORBID "did not start" "KERNEL PANIC"
    QEMU_ARGS -smp ${n})
endforeach()
foreach(n 1 2)
  tern_qemu_test(qemu.smp.maxcpus${n} CMDLINE "maxcpus=${n}" TIMEOUT 120
    STOP_ON "${TERN_PROMPT}"
    EXPECT "smp: ${n} of ${n} CPUs online \\(4 listed in the MADT\\), per-CPU areas ok"
    FORBID "did not start" "KERNEL PANIC"
    QEMU_ARGS -smp 4)
endforeach()
tern_qemu_test(qemu.smp.nosmp CMDLINE "nosmp" TIMEOUT 120
  STOP_ON "${TERN_PROMPT}"
  EXPECT "smp: 1 of 1 CPUs online \\(4 listed in the MADT\\), per-CPU areas ok"
  FORBID "KERNEL PANIC"
  QEMU_ARGS -smp 4)

# A panic on any CPU stops the others with an NMI and is reported once:
# on the boot CPU with three more online, and on cpu 1 (an NMI it does
# not expect), which stops the boot CPU. The report ends with a backtrace
# of every stopped CPU from where the NMI found it; an AP's own backtrace
# follows its start stack (registered like every kernel stack). An idle
# AP may be found in ap_idle or in its timer interrupt (CI saw lapic_eoi
# under irq_dispatch), so the checks ask for a backtrace that reaches
# ap_main, through whatever frames.
set(frames_to_ap_main
    "(  #[0-9]+  0x[0-9a-f]+  [A-Za-z0-9_.]+\\+0x[0-9a-f]+[\\r\\n]+)*  #[0-9]+  0x[0-9a-f]+  ap_main\\+")
tern_qemu_test(qemu.smp.panic CMDLINE "crashtest=panic" EXIT 37 TIMEOUT 120
  EXPECT "panic on cpu 0: the other CPUs are stopped \\(NMI\\)"
         "KERNEL PANIC: crashtest"
         "cpu 3 was stopped at:[\\r\\n]+backtrace:[\\r\\n]+${frames_to_ap_main}"
  FORBID "recursive panic" "no answer to the NMI"
  QEMU_ARGS -smp 4)
tern_qemu_test(qemu.smp.appanic CMDLINE "crashtest=apnmi" EXIT 37 TIMEOUT 120
  EXPECT "panic on cpu 1: the other CPUs are stopped \\(NMI\\)"
         "KERNEL PANIC" "Non-maskable interrupt"
         "backtrace:[\\r\\n]+${frames_to_ap_main}"
         "cpu 0 was stopped at:"
  FORBID "recursive panic" "apnmi did not crash" "no answer to the NMI"
  QEMU_ARGS -smp 2)

# Every CPU's own LAPIC timer ticks (the ktest reads cpus[].ticks while
# the boot CPU waits); a cross-CPU call reaches each CPU; a kernel page
# unmapped on the boot CPU faults on cpu 1 at once (TLB shootdown), and
# without the shootdown cpu 1 still reads it (the control: QEMU's TLB is
# per CPU, so the test can see a missing shootdown); the same for a
# process's address space live on cpu 1 (smp_tlb_shootdown_uspace, which
# only the CPUs with the space live are called for). The smp_stress_*
# cases (ktest_smp_stress.c) run shared state from three CPUs at once:
# a spinlock counter, timers added, fired and cancelled, kprintf lines,
# kmalloc blocks freed on another CPU, the CSPRNG, the stack registry.
tern_qemu_test(qemu.smp.ktests CMDLINE "test=smp_timers_tick,smp_call_reaches_each_cpu,smp_tlb_shootdown*,smp_stress_*" TIMEOUT 180
  EXPECT "cpu 3: [0-9]+ ticks in 50 ms" "ktest: 10 passed, 0 failed" "cpu 1 still reads the unmapped page"
  FORBID "KERNEL PANIC"
  QEMU_ARGS -smp 4)

# The scheduler on 4 CPUs (kernel/test/ktest_sched_smp.c): a thread pinned
# to each CPU runs only there; threads created on one CPU spread to every
# idle one; spinlock and mutex counters hammered from every CPU lose no
# update; threads move themselves around by affinity; a ping-pong through
# a wait queue, on one CPU and across two, loses no wake-up; sleepers on
# every CPU wake on time; device interrupts go to the boot CPU. With every
# CPU but one busy (ktest_sched_balance.c), threads piled on cpu 0 spread
# by the busy CPUs' balancing, and a thread queued on a busy CPU that its
# new affinity excludes is taken by the busy CPU it names. The same cases run on one CPU in
# qemu.ktest.all.
tern_qemu_test(qemu.smp.sched CMDLINE "test=sched_smp_*" TIMEOUT 400
  EXPECT "4 CPUs schedule \\(mask 0xf\\)" "ktest: 10 passed, 0 failed" "workers ran on CPUs 0xf" "queued on cpu 1, sent to cpu 2: ran on CPUs 0x4"
  FORBID "KERNEL PANIC"
  QEMU_ARGS -smp 4)

# bench=smp (kernel/sched/sched_bench.h): the kmalloc mix and ping-pong
# scaling from one CPU to two. Only the table's format is checked here;
# scripts/bench prints it from a release build.
set(smprow "[0-9]+ +[0-9]+ +[0-9]+\\.[0-9][0-9]x")
tern_qemu_test(qemu.smp.bench CMDLINE "bench=smp" TIMEOUT 300
  STOP_ON "smpbench: done"
  EXPECT "smpbench: [A-Za-z]+ build, 2 CPUs schedule"
         "smpbench: kmalloc-mix +${smprow}" "smpbench: touch-control +${smprow}" "smpbench: pingpong-pairs +${smprow}"
         "smpbench: pingpong-cross +${smprow}"
  QEMU_ARGS -smp 2)

# The -smp 4 stress cases hand ticket spinlocks from CPU to CPU tens of
# thousands of times; with another QEMU beside them, 4 vCPUs share 2 host
# cores with its vCPUs, each hand-off can wait for the host to run the
# next ticket's vCPU, and 40,000 of them overran 30 s twice (ctest -j2 with
# other -smp tests). Each gets the host's two cores to itself.
set_tests_properties(qemu.smp.sched qemu.smp.ktests qemu.shell.smp
  PROPERTIES PROCESSORS 2)
