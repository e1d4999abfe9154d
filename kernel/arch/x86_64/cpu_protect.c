/* SPDX-License-Identifier: MIT */
#include <libk/panic.h>
#include <arch/cpu.h>
#include <arch/cpu_protect.h>
#include <arch/pgwalk.h>
#include "console/kprintf.h"

#define LOW_UNMAPPED (64u * 1024)

struct cpu_protections cpu_protections;

void cpu_protect_init(void)
{
	uint32_t a, b, c, d, max;
	uint64_t cr4 = read_cr4();

	if (!(read_cr0() & CR0_WP))
		write_cr0(read_cr0() | CR0_WP);
	if (!(rdmsr(MSR_EFER) & EFER_NXE))
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	cpuid(0, &max, &b, &c, &d);
	if (max >= 7) {
		cpuid(7, &a, &b, &c, &d);
		cpu_protections.smep = b & (1u << 7);
		cpu_protections.smap = b & (1u << 20);
		cpu_protections.umip = c & (1u << 2);
	}
	cr4 |= cpu_protections.smep ? CR4_SMEP : 0;
	cr4 |= cpu_protections.smap ? CR4_SMAP : 0;
	cr4 |= cpu_protections.umip ? CR4_UMIP : 0;
	write_cr4(cr4);
	kprintf("cpu: protections: WP NXE %s %s %s\n",
	        cpu_protections.smep ? "SMEP" : "-SMEP(unsupported)",
	        cpu_protections.smap ? "SMAP" : "-SMAP(unsupported)",
	        cpu_protections.umip ? "UMIP" : "-UMIP(unsupported)");
}

/* Sign-extend a 48-bit virtual address. */
static uint64_t canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16);
}

static void count_leaf(struct wx_counts *c, uint64_t va, uint64_t pages, bool w,
                       bool x, bool u)
{
	if (u)
		c->user += pages;
	if (w && x) {
		if (!c->wx)
			c->first_wx = canonical(va);
		c->wx += pages;
	} else if (x) {
		c->rx += pages;
	} else if (w) {
		c->rw += pages;
	} else {
		c->ro += pages;
	}
}

/* Effective permissions accumulate down the levels (SDM 3A, 4.6.1): W
 * and U only if set everywhere, X only if NX is clear everywhere. */
static void walk(struct wx_counts *c, uint64_t table, unsigned level,
                 uint64_t va, bool w, bool x, bool u)
{
	const uint64_t *t = phys_to_virt(table & PTE_ADDR);
	unsigned shift = pt_level_shift(level);

	for (uint64_t i = 0; i < PT_ENTRIES; i++) {
		uint64_t e = t[i], v = va | (i << shift);
		bool w2 = w && (e & PTE_RW), x2 = x && !(e & PTE_NX);
		bool u2 = u && (e & PTE_US);

		if (!(e & PTE_P))
			continue;
		if (pte_is_leaf(e, level))
			count_leaf(c, v, 1ull << (shift - 12), w2, x2, u2);
		else
			walk(c, e, level - 1, v, w2, x2, u2);
	}
}

void wx_count(struct wx_counts *c)
{
	*c = (struct wx_counts){0};
	walk(c, read_cr3(), 4, 0, true, true, true);
}

void wx_audit_boot(void)
{
	struct wx_counts c;

	wx_count(&c);
	if (c.wx)
		panic("W^X: %llu pages writable and executable, the first at "
		      "0x%llx",
		      (unsigned long long)c.wx, (unsigned long long)c.first_wx);
	if (c.user)
		panic("paging: %llu user-accessible pages at boot",
		      (unsigned long long)c.user);
	for (uint64_t va = 0; va < LOW_UNMAPPED; va += 4096) {
		if (pgwalk(va).present)
			panic("paging: the lowest 64 KiB are mapped");
	}
	kprintf("paging: W^X audit ok: %llu RX (text), %llu R (rodata), "
	        "%llu RW+NX, 0 W+X pages of 4 KiB; no user pages; lowest 64 "
	        "KiB unmapped\n",
	        (unsigned long long)c.rx, (unsigned long long)c.ro,
	        (unsigned long long)c.rw);
}
