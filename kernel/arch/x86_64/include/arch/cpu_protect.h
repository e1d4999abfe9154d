/* SPDX-License-Identifier: MIT */
/*
 * The CPU's own memory protections and the boot-time W^X audit.
 *
 *   CR0.WP    supervisor writes honour read-only pages   (SDM 3A, 2.5)
 *   EFER.NXE  the NX bit of paging entries is honoured   (SDM 3A, 4.1.1)
 *   CR4.SMEP  no supervisor instruction fetch from user pages (4.6)
 *   CR4.SMAP  no supervisor data access to user pages unless EFLAGS.AC
 *   CR4.UMIP  SGDT/SIDT/SLDT/SMSW/STR fault at CPL > 0
 *
 * SMEP/SMAP/UMIP are turned on when CPUID.(EAX=7,ECX=0) reports them
 * (EBX bit 7, EBX bit 20, ECX bit 2).
 */
#ifndef KERNEL_ARCH_X86_64_CPU_PROTECT_H
#define KERNEL_ARCH_X86_64_CPU_PROTECT_H
#include <stdbool.h>
#include <stdint.h>

#define CR0_WP   (1ull << 16)
#define CR4_UMIP (1ull << 11)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)
#define MSR_EFER 0xc0000080u
#define EFER_NXE (1ull << 11)

struct cpu_protections {
	bool smep, smap, umip; /* supported (and therefore enabled) */
};
extern struct cpu_protections cpu_protections;

/* Set CR0.WP and EFER.NXE if the loader did not, enable SMEP, SMAP and
 * UMIP where supported, and log one line naming what is on. */
void cpu_protect_init(void);

/* Pages of each kind in the live tables, in 4 KiB units. */
struct wx_counts {
	uint64_t rx;       /* present, executable, read-only: text */
	uint64_t ro;       /* read-only, NX: rodata */
	uint64_t rw;       /* writable, NX: data, bss, stacks, direct map */
	uint64_t wx;       /* writable and executable: must be 0 */
	uint64_t user;     /* user-accessible: none at boot */
	uint64_t first_wx; /* virtual address of the first W+X page */
};

/* Walk every present leaf of the live page tables. */
void wx_count(struct wx_counts *c);

/* wx_count at boot: panic on any W+X page, any user page or anything
 * mapped in the lowest 64 KiB; log the counts. */
void wx_audit_boot(void);
#endif
