/* SPDX-License-Identifier: MIT */
/* spin: busy kernel threads, to watch the scheduler spread work over the
 * CPUs (ps, cpus). */
#include <libk/parse.h>
#include <libk/string.h>
#include "sched/thread.h"
#include "shell/shell.h"
#include "time/time.h"

#define SPIN_MAX_THREADS 16
#define SPIN_MAX_MS      60000

/* Busy until the deadline passed as arg (a time_ns value). */
static void spin_fn(void *arg)
{
	uint64_t end = (uint64_t)(uintptr_t)arg;

	while (time_ns() < end)
		;
}

/* A number in [1, max] from s, or 0. */
static uint64_t arg_in(const char *s, uint64_t max)
{
	uint64_t v;

	if (kparse_u64(s, strlen(s), 10, &v) || v < 1 || v > max)
		return 0;
	return v;
}

static int cmd_spin(int argc, char **argv)
{
	uint64_t n =
	    argc > 1 ? arg_in(argv[1], SPIN_MAX_THREADS) : sched_cpus();
	uint64_t ms = argc > 2 ? arg_in(argv[2], SPIN_MAX_MS) : 2000;
	uint64_t end;
	unsigned made = 0;

	if (!n || !ms) {
		sh_printf("usage: spin [threads 1-%u] [ms 1-%u]\n",
		          SPIN_MAX_THREADS, SPIN_MAX_MS);
		return 1;
	}
	end = time_ns() + ms * 1000000ull;
	for (uint64_t i = 0; i < n; i++)
		made += thread_create("spin", spin_fn, (void *)(uintptr_t)end,
		                      PRIO_LOW) != NULL;
	sh_printf("spin: %u thread%s busy for %llu ms (low priority), on %u "
	          "CPU%s\n",
	          made, made == 1 ? "" : "s", (unsigned long long)ms,
	          sched_cpus(), sched_cpus() == 1 ? "" : "s");
	return made == n ? 0 : 1;
}
SHELL_CMD(spin, "[threads] [ms]",
          "busy threads for a while: watch them with ps and cpus", 0, 2,
          cmd_spin);
