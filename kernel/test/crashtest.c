/* SPDX-License-Identifier: MIT */
#include <arch/lapic.h>
#include <arch/smp.h>
#include "time/time.h"
#include <libk/panic.h>
#include <libk/string.h>
#include <tern/layout.h>
#include <arch/cpu.h>
#include "console/kprintf.h"
#include "core/symbols.h"
#include "test/crashtest.h"
#include "test/crashtest_lock.h"
#include "test/crashtest_mm.h"
#include "test/crashtest_sched.h"
#include "test/crashtest_protect.h"

#define NOINLINE __attribute__((noinline))

/* Never set: keeps crashtest_recurse from being provably infinite. */
static volatile bool recurse_stop;

/* Write to an unmapped lower-half address (the kernel dropped the
 * loader's identity mapping), canonical, so this is a #PF, not a #GP. */
NOINLINE void crashtest_pagefault_victim(volatile uint64_t *p)
{
	*p = 0x7e57;
}

/* Unbounded, non-tail recursion with a stack array: runs into the boot
 * stack's guard page; the #PF cannot be pushed there, so the CPU raises
 * #DF, which arrives on IST1. */
NOINLINE unsigned crashtest_recurse(unsigned depth)
{
	volatile uint8_t pad[256];

	pad[0] = (uint8_t)depth;
	pad[255] = (uint8_t)depth;
	if (recurse_stop)
		return pad[0];
	return crashtest_recurse(depth + 1) + pad[255];
}

NOINLINE void crashtest_ud_victim(void)
{
	__asm__ volatile("ud2");
}

/* A load from a non-canonical address through a general register: #GP(0)
 * (through RSP/RBP it would be #SS). */
NOINLINE void crashtest_gp_victim(void)
{
	uint64_t v;

	__asm__ volatile("movq (%1), %0"
	                 : "=r"(v)
	                 : "r"(0x8000000000000000ull)
	                 : "memory");
	(void)v;
}

/* div by a zero register: #DE, without C-level undefined behaviour. */
NOINLINE unsigned crashtest_divide_victim(unsigned n)
{
	unsigned q = n, zero = 0;

	__asm__ volatile("xorl %%edx, %%edx\n\tdivl %1"
	                 : "+a"(q)
	                 : "r"(zero)
	                 : "rdx");
	return q;
}

static void do_pagefault(void)
{
	crashtest_pagefault_victim((volatile uint64_t *)0xdead000);
}

static void do_stackoverflow(void)
{
	crashtest_recurse(0);
}

static void do_divide(void)
{
	crashtest_divide_victim(1);
}

static void do_panic(void)
{
	panic("crashtest: deliberate panic (%d)", 42);
}

/* A fault while the panic report is being printed: the symbol table is
 * pointed at unmapped memory, so symbolising the backtrace faults. The
 * recursion guard must print "recursive panic" and stop. */
static void do_recursive(void)
{
	kernel_symtab.syms = (const struct tern_symbol *)0xdead000;
	panic("crashtest: panic with a broken symbol table");
}

/* A panic on another CPU: an NMI to parked cpu 1 is unexpected there, so
 * it reports a panic, and its NMI to the others stops this CPU, which
 * waits with interrupts on. The report is printed once, by cpu 1. */
static void do_apnmi(void)
{
	if (smp_cpus_online() < 2) {
		kprintf("crashtest: apnmi needs a second CPU (-smp 2)\n");
		return;
	}
	lapic_send_nmi(cpus[1].apic_id);
	for (uint64_t t0 = time_ns(); time_ns() - t0 < 5000000000ull;)
		cpu_pause();
}

static const struct {
	const char *name;
	void (*fn)(void);
} crashtests[] = {
    {"pagefault", do_pagefault},
    {"stackoverflow", do_stackoverflow},
    {"ud", crashtest_ud_victim},
    {"gp", crashtest_gp_victim},
    {"divide", do_divide},
    {"panic", do_panic},
    {"recursive", do_recursive},
    {"writetext", crashtest_writetext},
    {"writerodata", crashtest_writerodata},
    {"smap", crashtest_smap},
    {"jumpheap", crashtest_jumpheap},
    {"jumpdata", crashtest_jumpdata},
    {"heapguard", crashtest_heapguard},
    {"doublefree", crashtest_doublefree},
    {"framedoublefree", crashtest_framedoublefree},
    {"threadoverflow", crashtest_threadoverflow},
    {"sse", crashtest_sse},
    {"apnmi", do_apnmi},
    {"lockrecurse", crashtest_lockrecurse},
    {"lockinv", crashtest_lockinv},
    {"lockirq", crashtest_lockirq},
    {"lockstall", crashtest_lockstall},
    {"lockincall", crashtest_lockincall},
};

void crashtest_run(const char *name)
{
	for (size_t i = 0; i < sizeof(crashtests) / sizeof(crashtests[0]);
	     i++) {
		if (strcmp(name, crashtests[i].name))
			continue;
		kprintf("crashtest: %s\n", name);
		crashtests[i].fn();
		kprintf("crashtest: %s did not crash\n", name);
		break;
	}
	kprintf("crashtest: unknown or survived: '%s'\n", name);
	qemu_exit(TERN_EXIT_FAIL);
}
