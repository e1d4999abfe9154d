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
tern_qemu_test(qemu.smp.maxcpus2 CMDLINE "maxcpus=2" TIMEOUT 120
  STOP_ON "${TERN_PROMPT}"
  EXPECT "smp: 2 of 2 CPUs online \\(4 listed in the MADT\\), per-CPU areas ok"
  FORBID "did not start" "KERNEL PANIC"
  QEMU_ARGS -smp 4)
tern_qemu_test(qemu.smp.nosmp CMDLINE "nosmp" TIMEOUT 120
  STOP_ON "${TERN_PROMPT}"
  EXPECT "smp: 1 of 1 CPUs online \\(4 listed in the MADT\\), per-CPU areas ok"
  FORBID "KERNEL PANIC"
  QEMU_ARGS -smp 4)
