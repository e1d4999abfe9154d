/* SPDX-License-Identifier: MIT */
/* Crash tests of the memory protections (crashtest=NAME). */
#ifndef KERNEL_TEST_CRASHTEST_PROTECT_H
#define KERNEL_TEST_CRASHTEST_PROTECT_H
#include <stdint.h>

void crashtest_writetext(void);   /* write into kernel text: W^X #PF */
void crashtest_writerodata(void); /* write into rodata: #PF */
void crashtest_smap(void);        /* read a present user page: SMAP #PF */
void crashtest_jumpheap(void);    /* call into the direct map: NX #PF */
void crashtest_jumpdata(void);    /* call into .bss: NX #PF */

/* Map one 4 KiB user page (U=1, RW, NX) at the lower-half address va
 * through vm_map (VM_USER). Returns 0 or -1. For tests only: the kernel
 * otherwise has no user mappings. */
int test_map_user_page(uint64_t va);
#endif
