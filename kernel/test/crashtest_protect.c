/* SPDX-License-Identifier: MIT */
/*
 * Negative tests of W^X, NX and SMAP: each must end in a page-fault report
 * whose "protection:" line names the mechanism. Until mm/'s kmalloc is in
 * the kernel, "the heap" is the direct map (where any allocated frame is
 * reachable, RW+NX) and .bss.
 */
#include <libk/string.h>
#include <arch/cpu_protect.h>
#include <arch/pgwalk.h>
#include "console/kprintf.h"
#include "mm/vm.h"
#include "test/crashtest_protect.h"

#define NOINLINE __attribute__((noinline))
#define USER_VA  0x400000ull /* 4 MiB: far above the unmapped 64 KiB */

static const char rodata_target[] = "crashtest: rodata must stay read-only";
static uint8_t code_buf[64] __attribute__((aligned(64)));
static uint8_t user_page[4096] __attribute__((aligned(4096)));

static NOINLINE void crashtest_write_victim(volatile uint8_t *p)
{
	*p = 0xc3;
}

static NOINLINE uint64_t crashtest_user_read_victim(const volatile uint64_t *p)
{
	return *p;
}

static NOINLINE void crashtest_call_victim(void (*fn)(void))
{
	fn();
}

void crashtest_writetext(void)
{
	kprintf("crashtest: writing to the text of crashtest_call_victim\n");
	crashtest_write_victim(
	    (volatile uint8_t *)(uintptr_t)crashtest_call_victim);
}

void crashtest_writerodata(void)
{
	kprintf("crashtest: writing to a rodata string\n");
	crashtest_write_victim((volatile uint8_t *)(uintptr_t)rodata_target);
}

static uint64_t phys_of(const void *p)
{
	return pgwalk((uint64_t)(uintptr_t)p).phys;
}

int test_map_user_page(uint64_t va)
{
	return vm_map(va, phys_of(user_page), VM_WRITE | VM_USER) ? -1 : 0;
}

void crashtest_smap(void)
{
	if (!cpu_protections.smap) {
		kprintf("crashtest: SMAP is not supported by this CPU\n");
		return;
	}
	if (test_map_user_page(USER_VA)) {
		kprintf("crashtest: could not map a user page\n");
		return;
	}
	kprintf("crashtest: reading a present user page at 0x%llx with SMAP "
	        "on\n",
	        USER_VA);
	crashtest_user_read_victim((const volatile uint64_t *)USER_VA);
}

static void fill_ret(uint8_t *p)
{
	memset(p, 0xc3, sizeof(code_buf)); /* ret */
}

void crashtest_jumpheap(void)
{
	uint8_t *alias = phys_to_virt(phys_of(code_buf));

	fill_ret(alias);
	kprintf("crashtest: calling a ret in the direct map (heap stand-in)\n");
	crashtest_call_victim((void (*)(void))(uintptr_t)alias);
}

void crashtest_jumpdata(void)
{
	fill_ret(code_buf);
	kprintf("crashtest: calling a ret in .bss\n");
	crashtest_call_victim((void (*)(void))(uintptr_t)code_buf);
}
