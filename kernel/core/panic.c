/* SPDX-License-Identifier: MIT */
#include <libk/panic.h>
#include <tern/layout.h>
#include <arch/cpu.h>
#include <arch/lapic.h>
#include <arch/percpu.h>
#include <arch/smp.h>
#include "console/kprintf.h"
#include "core/backtrace.h"
#include "core/panic.h"
#include "core/symbols.h"

static volatile int panic_depth;
static bool test_mode;

void panic_set_test_mode(bool on)
{
	test_mode = on;
}

/* Where each CPU the panic stopped was: its NMI's frame (written once,
 * by that CPU, before it halts). */
static struct {
	uint64_t rip, rbp;
	bool in; /* atomic: rip and rbp are written */
} stopped[SMP_MAX_CPUS];

#define STOP_SPINS (1u << 22) /* how long to wait for the NMIs to land */

/* After the panicking CPU's own report: one backtrace for every other
 * online CPU, from where the NMI stopped it (what it held or waited for
 * is often the answer to a lock panic). */
static void report_stopped(void)
{
	unsigned me = arch_cpu_index(), spins = 0;

	for (unsigned i = 0; i < smp_cpus_tried() && i < SMP_MAX_CPUS; i++) {
		if (i == me ||
		    !__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE))
			continue;
		while (!__atomic_load_n(&stopped[i].in, __ATOMIC_ACQUIRE) &&
		       spins < STOP_SPINS) {
			cpu_pause();
			spins++;
		}
		if (!__atomic_load_n(&stopped[i].in, __ATOMIC_ACQUIRE)) {
			kprintf("cpu %u: no answer to the NMI\n", i);
			continue;
		}
		kprintf("cpu %u was stopped at:\n", i);
		backtrace_print(stopped[i].rip, stopped[i].rbp);
	}
}

_Noreturn void panic_end(void)
{
	if (panic_depth == 1 && panic_on_this_cpu() && smp_cpus_online() > 1)
		report_stopped();
	if (test_mode)
		qemu_exit(TERN_EXIT_PANIC);
	halt_forever();
}

/* The CPU reporting a panic, or -1. The first to panic wins; it stops
 * every other CPU with an NMI, so the report is printed once and nothing
 * runs on under it. A CPU that panics while another reports halts. */
static int panic_cpu = -1;

bool panic_stop_if_other(uint64_t rip, uint64_t rbp)
{
	int owner = __atomic_load_n(&panic_cpu, __ATOMIC_ACQUIRE);
	unsigned me = arch_cpu_index();

	if (owner < 0 || owner == (int)me)
		return false;
	stopped[me].rip = rip;
	stopped[me].rbp = rbp;
	__atomic_store_n(&stopped[me].in, true, __ATOMIC_RELEASE);
	halt_forever();
}

bool panic_on_this_cpu(void)
{
	return __atomic_load_n(&panic_cpu, __ATOMIC_ACQUIRE) ==
	       (int)arch_cpu_index();
}

void panic_begin(void)
{
	int none = -1, me;

	cli();
	me = (int)arch_cpu_index();
	if (__atomic_compare_exchange_n(&panic_cpu, &none, me, false,
	                                __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		lapic_nmi_others();
		if (smp_cpus_online() > 1)
			kprintf("\npanic on cpu %d: the other CPUs are stopped "
			        "(NMI)\n",
			        me);
	} else if (none != me)
		halt_forever(); /* another CPU is reporting its panic */
	panic_depth++;
	if (panic_depth == 1)
		return;
	if (panic_depth == 2) {
		console_disable_fb();
		kprintf("\nKERNEL PANIC: recursive panic (fault while "
		        "reporting a panic), stopping\n");
	}
	panic_end();
}

/* One backtrace line. rip is a return address, except for the faulting
 * instruction at the top of an exception report. */
static void frame_line(unsigned i, uint64_t rip, bool is_return)
{
	char sym[96];

	if (is_return)
		ksym_format_return(&kernel_symtab, rip, sym, sizeof(sym));
	else
		ksym_format(&kernel_symtab, rip, sym, sizeof(sym));
	kprintf("  #%-2u 0x%016llx  %s\n", i, (unsigned long long)rip, sym);
}

void backtrace_print(uint64_t first_rip, uint64_t rbp)
{
	static const char *const stop[] = {
	    [BT_END] = "end of stack",
	    [BT_DEPTH] = "depth limit",
	    [BT_BAD_FP] = "invalid frame pointer",
	};
	uint64_t rips[BACKTRACE_MAX_DEPTH + 1];
	enum bt_stop why;
	size_t n = 0, repeats = 0;

	if (first_rip)
		rips[n++] = first_rip;
	n += backtrace_walk(&kernel_stacks, rbp, rips + n, BACKTRACE_MAX_DEPTH,
	                    &why);
	kprintf("backtrace:\n");
	for (size_t i = 0; i < n; i++) {
		if (i && rips[i] == rips[i - 1] && i + 1 < n) {
			repeats++;
			continue;
		}
		if (repeats)
			kprintf("       ... previous frame repeated %zu more "
			        "times\n",
			        repeats);
		repeats = 0;
		frame_line((unsigned)i, rips[i], i || !first_rip);
	}
	kprintf("  (%s)\n", stop[why]);
}

_Noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	panic_begin();
	kprintf("\n" KC_BOLD KC_RED "KERNEL PANIC" KC_RESET ": ");
	va_start(ap, fmt);
	vkprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	backtrace_print(0, (uint64_t)__builtin_frame_address(0));
	panic_end();
}
