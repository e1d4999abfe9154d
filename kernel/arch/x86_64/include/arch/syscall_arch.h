/* SPDX-License-Identifier: MIT */
/* SYSCALL/SYSRET set-up and the ring 3 entry (syscall_entry.S). */
#ifndef KERNEL_ARCH_X86_64_SYSCALL_ARCH_H
#define KERNEL_ARCH_X86_64_SYSCALL_ARCH_H
#include <stdint.h>
#include <arch/trap.h>

#define TRAP_VEC_SYSCALL 0x100 /* tf->vector on entry by SYSCALL */
#define USER_RFLAGS      0x202 /* IF and the reserved bit 1 */

/* EFER.SCE, STAR, LSTAR, FMASK and the per-CPU area behind GS. */
void syscall_arch_init(void);
/* The kernel stack a ring 3 entry (interrupt or SYSCALL) switches to. */
void arch_set_kernel_stack(uint64_t top);
/* A fresh frame for entering ring 3 at rip with stack rsp. */
void user_frame_init(struct trap_frame *tf, uint64_t rip, uint64_t rsp);
/* Leave for ring 3 with *tf (on the current kernel stack); never returns. */
_Noreturn void user_enter(struct trap_frame *tf);
/* From syscall_entry, interrupts on: run the call in tf->rax; set
 * tf->vector to 1 if the way back may use SYSRET. */
void syscall_dispatch(struct trap_frame *tf);
/* The IRETQ of the way back to ring 3 (a #GP there is the user's). */
extern char user_iretq[];
#endif
