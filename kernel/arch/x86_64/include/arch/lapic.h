/* SPDX-License-Identifier: MIT */
/* The local APIC, in xAPIC (MMIO) or x2APIC (MSR) mode (SDM Vol. 3A,
 * chapter 11; the mode choice: irq/apic_mode.h). */
#ifndef KERNEL_ARCH_X86_64_LAPIC_H
#define KERNEL_ARCH_X86_64_LAPIC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "acpi/acpi_tables.h"

/* Choose the mode (x2APIC if the CPU has it and want_x2apic, else xAPIC;
 * a firmware-enabled x2APIC is left legally, see apic_mode.h), log it as
 * "lapic: x2APIC ..." or "lapic: xAPIC ...", and software-enable the
 * LAPIC: spurious vector 0xff, error vector 0xfe, LINT0/1 per the MADT NMI
 * entries, TPR 0. madt may be NULL (the base then comes from
 * IA32_APIC_BASE). Returns false without an APIC. */
bool lapic_init(const struct madt_info *madt, bool want_x2apic);
bool lapic_ready(void);
bool lapic_is_x2apic(void);
/* This CPU's APIC ID: 8 bits in xAPIC mode, 32 in x2APIC mode. */
uint32_t lapic_id(void);
void lapic_eoi(void);
/* A fixed interrupt to this CPU on vector (ICR, shorthand "self"). */
void lapic_self_ipi(uint8_t vector);
/* INIT and start-up IPIs (SDM Vol. 3A, 9.4.4.1): the CPU with APIC id
 * apic_id resets / starts in real mode at page << 12. */
void lapic_send_init(uint32_t apic_id);
void lapic_send_sipi(uint32_t apic_id, uint8_t page);
/* On an application processor: its LAPIC in the BSP's mode, enabled,
 * with the BSP's LINT and error settings and the timer masked. */
void lapic_init_ap(void);
/* An NMI to every other CPU (destination shorthand "all excluding
 * self"): a panic stops them. */
void lapic_nmi_others(void);
/* An NMI to the CPU with APIC id apic_id. */
void lapic_send_nmi(uint32_t apic_id);
/* A fixed-mode interrupt on vector to the CPU with APIC id apic_id. */
void lapic_send_ipi(uint32_t apic_id, uint8_t vector);

/* Timer (11.5.4): count down from 0xffffffff for the time measure()
 * takes (it should wait a known interval and return it in ns); returns
 * the timer's input frequency in Hz after the divide-by-16. */
uint64_t lapic_timer_calibrate(uint64_t (*measure)(void));
/* Periodic interrupts on vector at hz (needs a calibrated frequency). */
bool lapic_timer_periodic(uint8_t vector, uint32_t hz);
uint64_t lapic_timer_hz(void);
#endif
