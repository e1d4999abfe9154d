/* SPDX-License-Identifier: MIT */
/* crashtest=threadoverflow: a kernel thread recurses into the guard page
 * below its stack; the #DF report must call it a stack overflow and name
 * the thread's stack. crashtest=sse: an SSE instruction after sched_init
 * (CR0.EM set) must fault with #UD, not run on unsaved state. */
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

/* Hand-written SSE (the compiler never emits any: -mgeneral-regs-only). */
__attribute__((noinline)) void crashtest_sse_victim(void)
{
	__asm__ volatile("xorps %xmm0, %xmm0");
}

void crashtest_sse(void)
{
	sched_init();
	crashtest_sse_victim();
}
