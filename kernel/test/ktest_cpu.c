/* SPDX-License-Identifier: MIT */
/* CPU state after arch_early_init: segments, TSS, PAT, the trap path. */
#include <libk/string.h>
#include <arch/cpu.h>
#include <arch/gdt.h>
#include <arch/pat.h>
#include <arch/trap.h>
#include "core/symbols.h"
#include "core/trapdecode.h"
#include "test/ktest.h"

#define INT3_PATTERN 0x7e57c0de00000000ull

void ktest_int3_regs(uint64_t out[15]);
extern char ktest_int3_site[] __attribute__((visibility("hidden")));

static struct trap_frame seen;
static unsigned bp_hits;

static bool bp_handler(struct trap_frame *tf)
{
	seen = *tf;
	bp_hits++;
	return true;
}

/* trap_frame fields in the order ktest_int3_regs numbers them. */
static uint64_t frame_reg(const struct trap_frame *tf, unsigned i)
{
	const uint64_t v[15] = {tf->rax, tf->rbx, tf->rcx, tf->rdx, tf->rsi,
	                        tf->rdi, tf->rbp, tf->r8,  tf->r9,  tf->r10,
	                        tf->r11, tf->r12, tf->r13, tf->r14, tf->r15};
	return v[i];
}

KTEST(int3_returns_with_registers_intact)
{
	uint64_t after[15];
	trap_handler_fn old = trap_set_handler(EXC_BP, bp_handler);

	bp_hits = 0;
	ktest_int3_regs(after);
	trap_set_handler(EXC_BP, old);
	KREQUIRE(bp_hits == 1);
	KEXPECT_EQ(seen.vector, EXC_BP);
	KEXPECT_EQ(seen.cs, SEL_KCODE);
	KEXPECT_EQ(seen.ss & ~3ull, SEL_KDATA & ~3ull);
	/* #BP is a trap: the saved RIP is the instruction after int3. */
	KEXPECT_EQ(seen.rip, (uint64_t)ktest_int3_site + 1);
	for (unsigned i = 0; i < 15; i++) {
		KEXPECT_EQ(frame_reg(&seen, i), INT3_PATTERN + i);
		KEXPECT_EQ(after[i], INT3_PATTERN + i);
	}
}

static inline uint16_t read_seg(int which)
{
	uint16_t v = 0;

	if (which == 0)
		__asm__ volatile("mov %%cs, %0" : "=r"(v));
	else if (which == 1)
		__asm__ volatile("mov %%ss, %0" : "=r"(v));
	else if (which == 2)
		__asm__ volatile("mov %%ds, %0" : "=r"(v));
	else
		__asm__ volatile("str %0" : "=r"(v));
	return v;
}

KTEST(gdt_segments_loaded)
{
	KEXPECT_EQ(read_seg(0), SEL_KCODE);
	KEXPECT_EQ(read_seg(1), SEL_KDATA);
	KEXPECT_EQ(read_seg(2), SEL_KDATA);
	KEXPECT_EQ(read_seg(3), SEL_TSS);
}

/* The entries mm/'s PT_WB, PT_WC and PT_UC select hold those types. */
KTEST(pat_entry1_is_write_combining)
{
	KEXPECT_EQ(pat_entry(0), PAT_TYPE_WB);
	KEXPECT_EQ(pat_entry(1), PAT_TYPE_WC);
	KEXPECT_EQ(pat_entry(3), PAT_TYPE_UC);
	KEXPECT_EQ(rdmsr(MSR_IA32_PAT), PAT_TERN);
}

KTEST(trap_handler_registration)
{
	trap_handler_fn old = trap_set_handler(EXC_BP, bp_handler);

	KEXPECT(trap_set_handler(EXC_BP, old) == bp_handler);
	KEXPECT(trap_set_handler(EXC_COUNT, bp_handler) == NULL);
}
