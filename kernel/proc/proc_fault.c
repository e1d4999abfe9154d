/* SPDX-License-Identifier: MIT */
/*
 * Exceptions raised in ring 3 end the process that raised them, never the
 * kernel: a report names the fault, the address, the program and its RIP,
 * and the parent's wait sees the cause as a signal-like status.
 */
#include <libk/panic.h>
#include <libk/printf.h>
#include <arch/cpu.h>
#include <arch/cpu_protect.h>
#include <arch/syscall_arch.h>
#include <arch/trap.h>
#include "console/kprintf.h"
#include "core/trapdecode.h"
#include "proc/proc.h"
#include "proc/uframe.h"
#include "proc/tty.h"
#include "proc/uaccess.h"

#define EXC_MF 16 /* x87 floating point */
#define EXC_AC 17 /* alignment check */
#define EXC_XM 19 /* SIMD floating point */

/* The signal-like cause of a kill for exception vector v. */
static int sig_for(unsigned v)
{
	switch (v) {
	case EXC_DE:
	case EXC_MF:
	case EXC_XM:
		return PROC_SIG_FPE;
	case EXC_UD:
		return PROC_SIG_ILL;
	case EXC_DB:
	case EXC_BP:
		return PROC_SIG_TRAP;
	case EXC_AC:
		return PROC_SIG_BUS;
	default:
		return PROC_SIG_SEGV;
	}
}

static bool on_user_trap(struct trap_frame *tf)
{
	struct proc *p = proc_current();
	bool at_iret = (tf->cs & 3) == 0; /* IRETQ refused the user frame */
	uint64_t rip =
	    at_iret ? *(const uint64_t *)(uintptr_t)tf->rsp : tf->rip;
	char why[96] = "";

	if (!p)
		return false; /* a kernel thread: the panic report */
	if (tf->vector == EXC_PF && !at_iret &&
	    (tf->error & (PF_ERR_P | PF_ERR_W)) == (PF_ERR_P | PF_ERR_W) &&
	    !uspace_cow(&p->as, read_cr2()))
		return true; /* copied on write: run on */
	if (tf->vector == EXC_PF)
		pf_err_describe(tf->error, why, sizeof(why));
	else if (at_iret)
		LIBK_FN(snprintf)(why, sizeof(why), "return to a bad RIP");
	kprintf(KC_RED
	        "proc: %d (%s) killed: %s%s%s%s at %#llx, rip %#llx" KC_RESET
	        "\n",
	        p->pid, p->name, exc_name((unsigned)tf->vector),
	        why[0] ? " (" : "", why, why[0] ? ")" : "",
	        (unsigned long long)(tf->vector == EXC_PF ? read_cr2() : rip),
	        (unsigned long long)rip);
	proc_exit(sig_for((unsigned)tf->vector));
}

void proc_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	syscall_arch_init();
	if (uframe_init())
		panic("proc: no memory for the user frame counts");
	uaccess_init(cpu_protections.smap);
	trap_set_user_hook(on_user_trap);
	proc_kill_init();
	tty_init();
}
