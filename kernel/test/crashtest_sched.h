/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_TEST_CRASHTEST_SCHED_H
#define KERNEL_TEST_CRASHTEST_SCHED_H

/* A kernel thread overflows its stack (crashtest=threadoverflow). */
void crashtest_threadoverflow(void);
/* An SSE instruction with the FPU forbidden (crashtest=sse). */
void crashtest_sse(void);
void crashtest_sse_victim(void);
#endif
