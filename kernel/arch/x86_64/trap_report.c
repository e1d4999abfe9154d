/* SPDX-License-Identifier: MIT */
/* The exception report: what happened, where, with which registers. */
#include <arch/cpu.h>
#include "arch/x86_64/fault_hint.h"
#include <arch/trap.h>
#include "console/kprintf.h"
#include "core/kstack.h"
#include "core/panic.h"
#include "core/symbols.h"
#include "core/trapdecode.h"
#include "mm/mm_boot.h"

static void headline(const struct trap_frame *tf)
{
	char sym[96];

	kprintf("\n" KC_BOLD KC_RED "KERNEL PANIC" KC_RESET
	        ": %s (%s, vector %llu) in %s mode\n",
	        exc_name(tf->vector), exc_mnemonic(tf->vector),
	        (unsigned long long)tf->vector,
	        (tf->cs & 3) ? "user" : "kernel");
	ksym_format(&kernel_symtab, tf->rip, sym, sizeof(sym));
	kprintf("  RIP    0x%016llx  %s\n", (unsigned long long)tf->rip, sym);
}

static void error_code(const struct trap_frame *tf, uint64_t cr2)
{
	char desc[128];

	if (!exc_has_error_code(tf->vector))
		return;
	kprintf("  error  0x%llx", (unsigned long long)tf->error);
	if (tf->vector == EXC_PF) {
		pf_err_describe(tf->error, desc, sizeof(desc));
		kprintf(": %s\n", desc);
		kprintf("  fault address CR2=0x%016llx\n",
		        (unsigned long long)cr2);
	} else if (exc_has_selector_error(tf->vector)) {
		sel_err_describe(tf->error, desc, sizeof(desc));
		kprintf(": %s\n", desc);
	} else {
		kprintf("\n");
	}
}

/* A fault whose address (CR2 for #PF; CR2 or the stack pointer for #DF) is
 * in a guard page means a kernel stack overflowed. */
static void overflow_check(const struct trap_frame *tf, uint64_t cr2)
{
	const struct kstack *k = NULL;

	if (tf->vector == EXC_PF || tf->vector == EXC_DF)
		k = kstack_guard_hit(&kernel_stacks, cr2);
	if (!k && tf->vector == EXC_DF) {
		k = kstack_guard_hit(&kernel_stacks, tf->rsp);
		if (!k)
			k = kstack_guard_hit(&kernel_stacks, tf->rsp - 8);
	}
	if (k)
		kprintf("  " KC_BOLD "kernel stack overflow: %s guard page "
		        "hit" KC_RESET "\n",
		        k->name);
}

static void registers(const struct trap_frame *tf)
{
	const struct {
		const char *name;
		uint64_t v;
	} r[] = {
	    {"RAX", tf->rax}, {"RBX", tf->rbx}, {"RCX", tf->rcx},
	    {"RDX", tf->rdx}, {"RSI", tf->rsi}, {"RDI", tf->rdi},
	    {"RBP", tf->rbp}, {"R8", tf->r8},   {"R9", tf->r9},
	    {"R10", tf->r10}, {"R11", tf->r11}, {"R12", tf->r12},
	    {"R13", tf->r13}, {"R14", tf->r14}, {"R15", tf->r15},
	};

	kprintf("  CS 0x%llx  SS 0x%llx  RFLAGS 0x%llx  RSP 0x%016llx\n",
	        (unsigned long long)tf->cs, (unsigned long long)tf->ss,
	        (unsigned long long)tf->rflags, (unsigned long long)tf->rsp);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		kprintf("  %-3s 0x%016llx%s", r[i].name,
		        (unsigned long long)r[i].v, i % 3 == 2 ? "\n" : "");
	kprintf("  CR0 0x%016llx  CR2 0x%016llx\n  CR3 0x%016llx  CR4 "
	        "0x%016llx\n",
	        (unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
	        (unsigned long long)read_cr3(), (unsigned long long)read_cr4());
}

void trap_report(const struct trap_frame *tf)
{
	uint64_t cr2 = read_cr2();

	headline(tf);
	error_code(tf, cr2);
	fault_hint(tf, cr2);
	overflow_check(tf, cr2);
	if (tf->vector == EXC_PF)
		mm_fault_describe(cr2); /* page-allocator guard page? */
	registers(tf);
	backtrace_print(tf->rip, tf->rbp);
}
