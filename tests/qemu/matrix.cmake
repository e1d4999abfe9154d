# The boot matrix: one short boot per way real PCs and their firmware
# differ (chipset, CPU model, memory size, CPU count, HPET, graphics,
# serial port, NICs, APIC mode). Each row stops at the shell prompt (or
# runs a few ktests and exits through isa-debug-exit) and must not panic.
# Rows combine points where that costs nothing. `ctest -L matrix` runs
# them; the GOP mode tests are `ctest -L gop`.
set(TERN_PROMPT "tern> ")
set(TERN_QUICK_KTESTS "test=platform_lapic_mode,platform_tick_runs,platform_time_monotonic")

# tern_matrix_row(NAME <tern_qemu_test arguments>): qemu.matrix.NAME,
# labelled qemu;matrix, no panic; exit 77 from tern-qemu means skipped.
function(tern_matrix_row name)
  tern_qemu_test(qemu.matrix.${name} TIMEOUT 150 ${ARGN}
    FORBID "KERNEL PANIC|panic")
  set_tests_properties(qemu.matrix.${name} PROPERTIES
    LABELS "qemu;matrix" SKIP_RETURN_CODE 77)
endfunction()

# i440FX + PIIX (no ECAM: PCI through ports 0xcf8/0xcfc), xAPIC forced.
tern_matrix_row(pc_nox2apic CMDLINE "nox2apic" STOP_ON ${TERN_PROMPT}
  TQ_ARGS --machine pc
  EXPECT "pci: using configuration ports 0xcf8/0xcfc"
         "lapic: xAPIC at 0x[0-9a-f]+, id 0 \\(nox2apic")

# An older CPU model on the smallest memory tern is meant for.
tern_matrix_row(q35_nehalem_128m CMDLINE "" STOP_ON ${TERN_PROMPT}
  TQ_ARGS --cpu Nehalem --memory 128M
  EXPECT "memory: [0-9]+ MiB usable" "pci: ECAM at")

# The plainest 64-bit CPU, with memory above 4 GiB.
tern_matrix_row(qemu64_4g CMDLINE "" STOP_ON ${TERN_PROMPT}
  TQ_ARGS --cpu qemu64 --memory 4G
  EXPECT "memory: 40[0-9][0-9] MiB usable" "highest address 0x1[0-9a-f]{8}")

# Four CPUs: the MADT lists them and every one comes online.
tern_matrix_row(max_smp4 CMDLINE "" STOP_ON ${TERN_PROMPT}
  QEMU_ARGS -smp 4
  EXPECT "MADT lists 4 CPUs" "smp: 4 of 4 CPUs online[^\n]*per-CPU areas ok")

# No HPET: the TSC is measured against the PIT.
tern_matrix_row(nohpet CMDLINE "" STOP_ON ${TERN_PROMPT}
  TQ_ARGS --machine q35,hpet=off
  EXPECT "time: no HPET" "tsc: [0-9.]+ MHz from pit")

# No HPET and no PIT (as on boards that gate the 8254's clock): the ACPI
# PM timer.
tern_matrix_row(nohpet_nopit CMDLINE "" STOP_ON ${TERN_PROMPT}
  TQ_ARGS --machine q35,hpet=off,pit=off
  EXPECT "tsc: [0-9.]+ MHz from acpi pm timer" "time: LAPIC timer")

# No PIT: the profiler samples by the timer tick and says so.
tern_matrix_row(nopit_prof CMDLINE "test=platform_prof_sees_irqs_off"
  EXIT 33 TQ_ARGS --machine q35,pit=off
  EXPECT "prof: [0-9]+ samples by timer tick" "ktest: 1 passed, 0 failed")

# No display device, so no GOP: the serial console alone.
tern_matrix_row(novga CMDLINE "" STOP_ON ${TERN_PROMPT}
  QEMU_ARGS -vga none
  EXPECT "tern loader: no GOP" "framebuffer: none")

# No UART at all: nothing to read, so only the exit status says the
# kernel probed, skipped the serial port and ran its tests.
tern_matrix_row(noserial CMDLINE "${TERN_QUICK_KTESTS}" EXIT 33
  TQ_ARGS --no-serial)

# Two NICs of two kinds: both named, eth0 leased (user networking,
# restrict=on).
tern_matrix_row(two_nics CMDLINE "" STOP_ON "net: dhcp: bound[^\n]*\n"
  TQ_ARGS --nic virtio --net user
  QEMU_ARGS -netdev user,id=n1,restrict=on -device e1000,netdev=n1
  EXPECT "eth0: " "eth1: " "net: dhcp: bound 10\\.0\\.2\\.15/24")

# A NIC tern has no driver for: named in the log, nothing else happens.
tern_matrix_row(rtl8139 CMDLINE "" STOP_ON ${TERN_PROMPT}
  QEMU_ARGS -netdev user,id=n1,restrict=on -device rtl8139,netdev=n1
  EXPECT "pci: [0-9a-f:.]+ 10ec:8139 .*no driver")

# x2APIC asked for: self-IPI, tick and MSI-X through the MSR interface
# where TCG has x2APIC (QEMU 8.x); QEMU 7.2's TCG drops the flag with a
# warning, and then tern must see a CPU without x2APIC, say so and work
# in xAPIC mode. Either way platform_lapic_mode checks the mode against
# IA32_APIC_BASE and CPUID. (Never skipped: the x2APIC register path
# itself is untested here, see README "Hardware".)
tern_matrix_row(x2apic
  CMDLINE "test=platform_lapic_mode,platform_irq_self_ipi,platform_tick_runs,platform_pci_virtio_msix"
  EXIT 33 TQ_ARGS --cpu max,+x2apic
  QEMU_ARGS -device virtio-rng-pci
  EXPECT "lapic: (x2APIC, id 0|xAPIC at 0x[0-9a-f]+, id 0 \\(cpu has no x2APIC)"
         "ktest: 4 passed, 0 failed")

# --- tern.cfg resolution= (the loader's GOP mode choice) -------------------
function(tern_gop_test name)
  tern_qemu_test(qemu.gop.${name} CMDLINE "" TIMEOUT 90 ${ARGN})
  set_tests_properties(qemu.gop.${name} PROPERTIES LABELS "qemu;gop")
endfunction()
tern_gop_test(1024x768 TQ_ARGS --cfg-line resolution=1024x768
  STOP_ON "framebuffer: [^\n]*\n"
  EXPECT "tern loader: GOP mode [0-9]+ 1024x768 \\(set for resolution="
         "framebuffer: 1024x768,")
tern_gop_test(unavailable TQ_ARGS --cfg-line resolution=1234x567
  STOP_ON "framebuffer: [^\n]*\n"
  EXPECT "tern loader: resolution=1234x567 unavailable"
         "tern loader: GOP modes:.* 1024x768"
         "tern loader: GOP mode [0-9]+ ([0-9]+)x([0-9]+) \\(kept\\)"
  FORBID "framebuffer: 1234x567")
tern_gop_test(keep STOP_ON "framebuffer: [^\n]*\n"
  EXPECT "tern loader: GOP mode [0-9]+ [0-9]+x[0-9]+ \\(the firmware's, kept")
tern_gop_test(bad TQ_ARGS --cfg-line resolution=12x
  STOP_ON "tern loader: error:[^\n]*\n"
  EXPECT "tern loader: error: .*tern.cfg: line [0-9]+: bad resolution '12x'")
