/* SPDX-License-Identifier: MIT */
/* The memory manager's crash tests (crashtest=heapguard, doublefree,
 * framedoublefree): each prints the address it is about to abuse, so the
 * qemu test can check that the panic report names the same one. */
#ifndef KERNEL_TEST_CRASHTEST_MM_H
#define KERNEL_TEST_CRASHTEST_MM_H

void crashtest_heapguard(void);
void crashtest_doublefree(void);
void crashtest_framedoublefree(void);
#endif
