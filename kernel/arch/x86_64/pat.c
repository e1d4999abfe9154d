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
	uint64_t pat;

	cpuid(1, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_PAT))
		return false;
	pat = rdmsr(MSR_IA32_PAT);
	pat = (pat & ~0xff00ull) | (uint64_t)PAT_WC << 8;
	/* SDM Vol. 3A, 11.12.4: flush caches and TLBs around a PAT change. */
	__asm__ volatile("wbinvd" ::: "memory");
	wrmsr(MSR_IA32_PAT, pat);
	__asm__ volatile("wbinvd" ::: "memory");
	write_cr3(read_cr3());
	return true;
}
