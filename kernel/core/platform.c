/* SPDX-License-Identifier: MIT */
/* Platform bring-up, in dependency order: ACPI tables, interrupt
 * controllers, clocks and the tick, PCI, the other CPUs; then interrupts
 * on. The command
 * line's "nox2apic" keeps the LAPIC in xAPIC mode. This is boot order,
 * not CPU code: each step is the arch's or a subsystem's own init. */
#include <libk/parse.h>
#include <arch/irq_dispatch.h>
#include <arch/irq_flags.h>
#include <arch/pmtimer.h>
#include <arch/smp.h>
#include "acpi/acpi.h"
#include "console/kprintf.h"
#include "core/boot.h"
#include "core/platform.h"
#include "pci/pci.h"
#include "time/time.h"

void platform_init(const struct tern_bootinfo *bi)
{
	acpi_init(bi);
	irq_init(&acpi.madt,
	         !kcmdline_get(boot_cmdline(), "nox2apic", NULL, 0));
	pmtimer_init(acpi.have_fadt ? &acpi.fadt : NULL);
	if (!time_init(acpi.have_hpet ? acpi.hpet.base.address : 0))
		kprintf(KC_RED "time: no clock" KC_RESET "\n");
	pci_init(acpi.have_mcfg ? &acpi.mcfg : NULL);
	smp_init(&acpi.madt, bi, boot_cmdline());
	irq_enable();
}
