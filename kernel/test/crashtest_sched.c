/* SPDX-License-Identifier: MIT */
/* crashtest=threadoverflow: a kernel thread recurses into the guard page
 * below its stack; the #DF report must call it a stack overflow and name
 * the thread's stack. */
#include "sched/thread.h"
#include "test/crashtest.h"
#include "test/crashtest_sched.h"

static void overflow_victim(void *arg)
{
	(void)arg;
	crashtest_recurse(0);
}

void crashtest_threadoverflow(void)
{
	sched_init();
	if (!thread_create("overflow-victim", overflow_victim, NULL, PRIO_HIGH))
		return;
	for (;;)
		thread_sleep_ns(1000000000ull);
}
