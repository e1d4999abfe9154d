/* SPDX-License-Identifier: MIT */
/* The few x86-64 instructions the loader needs (Intel SDM vol. 2). */
#ifndef TERN_LOADER_CPU_H
#define TERN_LOADER_CPU_H
#include <stdbool.h>
#include <stdint.h>

#define MSR_EFER 0xc0000080u
#define EFER_NXE (1ull << 11)
#define CR0_WP   (1ull << 16)

static inline uint64_t cpu_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
	                 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
	                 : "a"(leaf), "c"(sub));
}

static inline uint64_t cpu_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void cpu_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v),
	                 "d"((uint32_t)(v >> 32)));
}

static inline uint64_t cpu_read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void cpu_write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" ::"r"(v) : "memory");
}

/* RDRAND/RDSEED: CF=1 means *v holds a random value (SDM vol. 2B). */
static inline bool cpu_rdrand(uint64_t *v)
{
	bool ok;

	__asm__ volatile("rdrand %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

static inline bool cpu_rdseed(uint64_t *v)
{
	bool ok;

	__asm__ volatile("rdseed %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

static inline void cpu_pause(void)
{
	__asm__ volatile("pause");
}
#endif
