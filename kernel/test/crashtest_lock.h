/* SPDX-License-Identifier: MIT */
#ifndef KERNEL_TEST_CRASHTEST_LOCK_H
#define KERNEL_TEST_CRASHTEST_LOCK_H

/* A spinlock taken twice on one CPU (crashtest=lockrecurse). */
void crashtest_lockrecurse(void);
/* Two locks taken in both orders (crashtest=lockinv; debug builds). */
void crashtest_lockinv(void);
/* A lock held with interrupts on and taken in a handler
 * (crashtest=lockirq; debug builds). */
void crashtest_lockirq(void);
/* A lock another CPU seems to hold for ever (crashtest=lockstall;
 * debug builds). */
void crashtest_lockstall(void);
/* A cross-CPU call that takes a lock (crashtest=lockincall; debug
 * builds, -smp 2). */
void crashtest_lockincall(void);
#endif
