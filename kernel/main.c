/* SPDX-License-Identifier: MIT */
/* kmain: from the loader's handoff to a running kernel. */
#include <libk/panic.h>
#include <libk/parse.h>
#include <libk/string.h>
#include <arch/arch.h>
#include <arch/cpu.h>
#include <arch/power.h>
#include "console/kprintf.h"
#include "core/boot.h"
#include "proc/proc.h"
#include "core/bootinfo_check.h"
#include "core/gdbwait.h"
#include "core/kaslr_report.h"
#include "core/panic.h"
#include "core/platform.h"
#include "core/symbols.h"
#include "drivers/driver.h"
#include "input/input.h"
#include "mm/mm_boot.h"
#include "mm/mm_drain.h"
#include "net/netif.h"
#include "proc/initrd.h"
#include "sched/thread.h"
#include "sched/sched_bench.h"
#include "shell/shell.h"
#include "sync/lockdep.h"
#include "test/crashtest.h"
#include "test/ktest.h"

const struct tern_bootinfo *boot_info;
uint64_t boot_tsc_kmain;

void kmain(struct tern_bootinfo *bi);

/* Nothing in a blob that fails validation can be trusted, the framebuffer
 * included: say why on serial and stop. */
static void check_bootinfo(const struct tern_bootinfo *bi)
{
	const char *why = "bad magic";

	if (bi && !((uintptr_t)bi & 7) && bi->magic == TERN_BOOTINFO_MAGIC &&
	    !bootinfo_validate(bi, bi->size, &why))
		return;
	kprintf("tern: refusing boot-info at %p: %s\n", (const void *)bi, why);
	halt_forever();
}

static bool cmdline_has(const char *key)
{
	return kcmdline_get(boot_cmdline(), key, NULL, 0);
}

void kmain(struct tern_bootinfo *bi)
{
	char arg[256];

	boot_tsc_kmain = rdtsc();
	console_init();
	check_bootinfo(bi);
	boot_info = bi;
	kaslr_boot(bi);
	if (cmdline_has("gdbwait"))
		gdb_wait();
	ksymtab_from_bootinfo(&kernel_symtab, bi);
	panic_set_test_mode(cmdline_has("test") || cmdline_has("crashtest"));
	lockdep_boot(!cmdline_has("nolockdep"));
	arch_early_init(bi);
	console_enable_fb(&bi->fb);
	banner_print();
	mm_boot();
	kmem_drain_init();
	mm_boot_reports();
	initrd_init();
	platform_init(bi);
	if (cmdline_has("poweroff"))
		power_off();
	if (kcmdline_get(boot_cmdline(), "test", arg, sizeof(arg)))
		ktest_run(arg);
	else if (cmdline_has("test"))
		panic("test=: the list is longer than %zu bytes",
		      sizeof(arg) - 1);
	if (kcmdline_get(boot_cmdline(), "crashtest", arg, sizeof(arg)))
		crashtest_run(arg);
	sched_init();
	if (kcmdline_get(boot_cmdline(), "bench", arg, sizeof(arg)) &&
	    !strcmp(arg, "smp"))
		sched_bench_run();
	proc_init();
	input_init();
	drivers_init();
	input_report();
	net_start();
	proc_start_init();
	shell_run();
}
