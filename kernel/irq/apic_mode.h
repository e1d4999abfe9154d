/* SPDX-License-Identifier: MIT */
/*
 * Choosing the local APIC mode: xAPIC (MMIO) or x2APIC (MSRs). Portable,
 * host-tested; lapic.c reads CPUID and IA32_APIC_BASE, asks for a plan and
 * performs its MSR writes. Intel SDM Vol. 3A, "Extended XAPIC (x2APIC)"
 * (11.12 in the 2023 editions, 10.12 before): 11.12.1 detecting and
 * enabling, 11.12.5 state transitions.
 *
 *   IA32_APIC_BASE (MSR 0x1b)
 *   63     MAXPHYADDR  12 11 10 9  8  7      0
 *   +--------+-----------+--+--+--+---+--------+
 *   |reserved| base page |EN|EX|  |BSP|        |   EX = EXTD
 *   +--------+-----------+--+--+--+---+--------+
 *
 *   EN EXTD  state            legal moves (Figure "Local x2APIC State
 *   0  0     disabled          Transitions with IA32_APIC_BASE")
 *   1  0     xAPIC             disabled -> xAPIC -> x2APIC
 *   1  1     x2APIC            x2APIC -> disabled -> xAPIC
 *   0  1     invalid           x2APIC -> xAPIC directly: #GP
 *
 * So a kernel told "nox2apic" on a machine whose firmware handed over in
 * x2APIC mode must disable the APIC first, then enable it as an xAPIC;
 * and it must not do that at all when its APIC ID is above 255, which an
 * xAPIC's 8-bit ID cannot hold.
 */
#ifndef KERNEL_IRQ_APIC_MODE_H
#define KERNEL_IRQ_APIC_MODE_H
#include <stdbool.h>
#include <stdint.h>

#define APIC_BASE_EXTD (1ull << 10)
#define APIC_BASE_EN   (1ull << 11)

enum apic_mode {
	APIC_MODE_DISABLED,
	APIC_MODE_XAPIC,
	APIC_MODE_X2APIC,
	APIC_MODE_INVALID,
};

struct apic_plan {
	uint64_t write[3]; /* IA32_APIC_BASE values, written in this order */
	unsigned nwrites;
	enum apic_mode from, to; /* to is never DISABLED or INVALID */
	const char *why;         /* for the "lapic:" line */
};

enum apic_mode apic_mode_of(uint64_t apic_base);
const char *apic_mode_name(enum apic_mode m);

/* Plan the move from apic_base (the MSR as read) to x2APIC when the CPU
 * has it (CPUID.01H:ECX[21]) and want_x2apic, else to xAPIC; x2apic_id
 * is the current x2APIC ID (MSR 0x802), read only when the APIC already
 * is in x2APIC mode (0 otherwise). Every step is a legal transition. */
void apic_mode_plan(uint64_t apic_base, bool cpu_x2apic, bool want_x2apic,
                    uint32_t x2apic_id, struct apic_plan *p);
#endif
