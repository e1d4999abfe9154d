/* SPDX-License-Identifier: MIT */
/*
 * Exception entry. Every vector 0..31 enters through one path
 * (trap_entry.S): a 16-byte stub per vector pushes a dummy error code when
 * the CPU does not push one, then the vector number, and jumps to
 * trap_common, which saves the general registers and calls trap_dispatch
 * with a pointer to this frame:
 *
 *   higher addresses            pushed by
 *   +------------------+
 *   | ss               |  CPU (always, in 64-bit mode; RSP 16-aligned
 *   | rsp              |  CPU   first, or the IST stack top)
 *   | rflags           |  CPU
 *   | cs               |  CPU
 *   | rip              |  CPU
 *   | error            |  CPU, or 0 from the stub
 *   | vector           |  stub
 *   | rax ... rbx      |  trap_common
 *   | rcx, rdx, ...    |
 *   | r15              |  <- struct trap_frame * (RSP at the call)
 *   +------------------+
 *   lower addresses
 *
 * 22 words = 176 bytes, so RSP stays 16-byte aligned for the C call.
 */
#ifndef KERNEL_ARCH_X86_64_TRAP_H
#define KERNEL_ARCH_X86_64_TRAP_H
#include <stdbool.h>
#include <stdint.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* the CPU's interrupt frame */
};
_Static_assert(sizeof(struct trap_frame) == 22 * 8, "trap frame layout");

/* A handler returns true if it dealt with the exception (execution resumes
 * at tf->rip, registers as left in *tf), false to fall through to the
 * panic report. */
typedef bool (*trap_handler_fn)(struct trap_frame *tf);

/* Install the IDT with all 32 exception vectors (#DF, NMI and #MC on their
 * IST stacks). */
void idt_init(void);
/* Load the IDT idt_init filled (on another CPU). */
void idt_load(void);

/* Register (or with NULL remove) the handler for vector < 32. Returns the
 * previous one. */
trap_handler_fn trap_set_handler(unsigned vector, trap_handler_fn fn);

/* The handler of exceptions raised by ring 3 code (or by the return to
 * it): kernel/proc ends the process there. */
void trap_set_user_hook(trap_handler_fn fn);

/* Called from trap_common only. */
void trap_dispatch(struct trap_frame *tf);

/* Print the full report for tf (registers, control registers, decoded
 * error, stack-overflow check, backtrace). */
void trap_report(const struct trap_frame *tf);
#endif
