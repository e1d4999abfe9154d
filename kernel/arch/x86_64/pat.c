/* SPDX-License-Identifier: MIT */
#include <arch/cpu.h>
#include <arch/pat.h>

#define CPUID1_EDX_PAT (1u << 16)

uint8_t pat_entry(unsigned i)
{
	return (rdmsr(MSR_IA32_PAT) >> (8 * i)) & 0xff;
}

bool pat_init(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_PAT))
		return false;
	/* The whole MSR, not just entry 1: mm/ encodes WB, WC and UC as PAT
	 * entries 0, 1 and 3 and must not depend on what firmware left in
	 * them. SDM Vol. 3A, 11.12.4: flush caches and TLBs around a PAT
	 * change. */
	__asm__ volatile("wbinvd" ::: "memory");
	wrmsr(MSR_IA32_PAT, PAT_TERN);
	__asm__ volatile("wbinvd" ::: "memory");
	write_cr3(read_cr3());
	return true;
}
