# Platform (issue 5): ACPI, interrupts, time, PCI, power, under QEMU q35.

# The platform ktests with a virtio-rng device, so that MSI-X is exercised
# (without the device that case only logs "skipped").
tern_qemu_test(qemu.platform.ktest
  CMDLINE "test=platform_acpi_tables,platform_lapic_mode,platform_irq_self_ipi,platform_tick_runs,platform_isa_irq_via_ioapic,platform_prof_sees_irqs_off,platform_time_monotonic,platform_time_vs_hpet,platform_timers_in_order,platform_pci_q35,platform_pci_virtio_msix"
  EXIT 33 QEMU_ARGS -device virtio-rng-pci
  EXPECT "ktest: 11 passed, 0 failed" "prof: [0-9]+ samples by NMI" "acpi: \\\\_S5: SLP_TYPa"
         "tsc: [0-9.]+ MHz from (hpet|cpuid 0x15 \\(hpet says)"
         "irq: ISA IRQ 0 -> GSI 2 -> vector 0x30"
         "virtio-rng [0-9a-f:.]+ MSI-X [1-9][0-9]* entries"
  FORBID "skipped" "acpi: .*(bad|wrong|truncated|not found)")

# `poweroff` on the command line: ACPI S5 must end QEMU with status 0.
# (A triple fault would also give 0 under -no-reboot: the log must show
# the S5 write and no fallback.)
tern_qemu_test(qemu.platform.poweroff CMDLINE "poweroff" EXIT 0 TIMEOUT 90
  EXPECT "power: ACPI S5: SLP_TYPa [0-7] to PM1a_CNT 0x[0-9a-f]+"
  FORBID "still running after S5" "nothing more to do" "triple fault")
