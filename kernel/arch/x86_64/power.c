/* SPDX-License-Identifier: MIT */
#include "acpi/acpi.h"
#include <arch/cpu.h>
#include <arch/irq_flags.h>
#include <arch/pci_cfg.h>
#include <arch/power.h>
#include "console/kprintf.h"
#include "mm/vm.h"
#include "time/time.h"

#define SLP_TYP_SHIFT 10 /* PM1_CNT bits 12:10 (4.8.3.2.1) */
#define SLP_EN        (1u << 13)
#define SCI_EN        (1u << 0)
#define I8042_STATUS  0x64
#define I8042_RESET   0xfe

/* Write v to a GAS register of width 8 or 16 (what reset and PM1 use). */
static void gas_write(const struct acpi_gas *g, uint16_t v)
{
	bool wide = g->bit_width > 8 || g->access_size == 2;

	switch (g->space) {
	case ACPI_SPACE_IO:
		if (wide)
			outw((uint16_t)g->address, v);
		else
			outb((uint16_t)g->address, (uint8_t)v);
		break;
	case ACPI_SPACE_MEMORY: {
		volatile uint8_t *p = vm_map_io(g->address, 2, VM_UC);

		if (p && wide)
			*(volatile uint16_t *)p = v;
		else if (p)
			*p = (uint8_t)v;
		break;
	}
	case ACPI_SPACE_PCI_CONFIG: /* 5.2.3.2: dev 47:32, fn 31:16 */
		pci_cfg_write16(0, (g->address >> 32) & 31,
		                (g->address >> 16) & 7, g->address & 0xffff, v);
		break;
	}
}

static uint16_t gas_read16(const struct acpi_gas *g)
{
	return g->space == ACPI_SPACE_IO ? inw((uint16_t)g->address) : 0;
}

_Noreturn void power_reboot(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty = {0, 0};

	cli();
	if (acpi.have_fadt && acpi.fadt.reset_valid) {
		kprintf("power: reset through the ACPI reset register\n");
		gas_write(&acpi.fadt.reset_reg, acpi.fadt.reset_value);
		time_sleep_busy_ns(100000000);
	}
	kprintf("power: reset through the 8042\n");
	for (int i = 0; i < 100000 && (inb(I8042_STATUS) & 2); i++)
		cpu_pause();
	outb(I8042_STATUS, I8042_RESET);
	time_sleep_busy_ns(100000000);
	kprintf("power: triple fault\n");
	__asm__ volatile("lidt %0; int3" : : "m"(empty));
	halt_forever();
}

/* Hand the machine to ACPI mode if the firmware left it in legacy mode
 * (4.8.2.1: write ACPI_ENABLE to SMI_CMD, wait for SCI_EN). */
static void acpi_mode(void)
{
	const struct fadt_info *f = &acpi.fadt;

	if (gas_read16(&f->pm1a_cnt) & SCI_EN || !f->smi_cmd ||
	    !f->acpi_enable || f->pm1a_cnt.space != ACPI_SPACE_IO)
		return;
	outb((uint16_t)f->smi_cmd, f->acpi_enable);
	for (int i = 0; i < 300 && !(gas_read16(&f->pm1a_cnt) & SCI_EN); i++)
		time_sleep_busy_ns(1000000);
}

void power_off(void)
{
	const struct fadt_info *f = &acpi.fadt;

	if (!acpi.have_fadt || !acpi.have_s5 || !f->pm1a_cnt.address) {
		kprintf(KC_RED "power: no ACPI S5 (FADT %s, \\_S5 %s)" KC_RESET
		               "\n",
		        acpi.have_fadt ? "ok" : "missing",
		        acpi.have_s5 ? "ok" : "missing");
		return;
	}
	kprintf("power: ACPI S5: SLP_TYPa %u to PM1a_CNT %#llx\n",
	        acpi.s5.slp_typa, (unsigned long long)f->pm1a_cnt.address);
	acpi_mode();
	cli();
	gas_write(&f->pm1a_cnt,
	          (uint16_t)(acpi.s5.slp_typa << SLP_TYP_SHIFT | SLP_EN));
	if (f->pm1b_cnt.address)
		gas_write(
		    &f->pm1b_cnt,
		    (uint16_t)(acpi.s5.slp_typb << SLP_TYP_SHIFT | SLP_EN));
	time_sleep_busy_ns(500000000);
	kprintf(KC_RED "power: still running after S5" KC_RESET "\n");
}
