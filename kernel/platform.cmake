# The platform (issue 5): ACPI, interrupts, time, PCI, power.
# KERNEL_PLATFORM_PORTABLE is also built into the host tests
# (tests/host/platform); KERNEL_PLATFORM_SOURCES is kernel-only.
set(KERNEL_PLATFORM_PORTABLE
  acpi/acpi_fadt.c
  acpi/acpi_madt.c
  acpi/acpi_sdt.c
  acpi/acpi_small.c
  acpi/aml_s5.c
  irq/apic_mode.c
  irq/irq_table.c
  pci/pci_bar.c
  pci/pci_cap.c
  pci/pci_names.c
  time/timer_heap.c
  time/tsc_freq.c
)
set(KERNEL_PLATFORM_SOURCES
  acpi/acpi.c
  arch/x86_64/hpet.c
  arch/x86_64/ioapic.c
  arch/x86_64/irq_dispatch.c
  arch/x86_64/lapic.c
  arch/x86_64/pci_cfg.c
  arch/x86_64/pic.c
  arch/x86_64/pit.c
  arch/x86_64/prof_clock.c
  arch/x86_64/pmtimer.c
  arch/x86_64/power.c
  arch/x86_64/smp_boot.c
  arch/x86_64/smp_call.c
  arch/x86_64/tlb.c
  arch/x86_64/probe.c
  arch/x86_64/probe.S
  arch/x86_64/percpu.c
  arch/x86_64/ap_trampoline.S
  arch/x86_64/tsc.c
  core/platform.c
  pci/pci.c
  pci/pci_dump.c
  pci/pci_msi.c
  test/ktest_platform.c
  test/ktest_smp.c
  test/ktest_smp_uspace.c
  test/ktest_sched_balance.c
  test/ktest_sched_smp.c
  test/ktest_smp_stress.c
  test/ktest_on_cpus.c
  time/time.c
)
list(TRANSFORM KERNEL_PLATFORM_PORTABLE PREPEND ${CMAKE_CURRENT_LIST_DIR}/)
list(TRANSFORM KERNEL_PLATFORM_SOURCES PREPEND ${CMAKE_CURRENT_LIST_DIR}/)
