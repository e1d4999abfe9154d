/* SPDX-License-Identifier: MIT */
/* Portable kernel services running in the kernel: symbols, backtraces,
 * formatting, the console log. */
#include <libk/printf.h>
#include <libk/string.h>
#include <arch/cpu.h>
#include "console/kprintf.h"
#include "core/backtrace.h"
#include "core/symbols.h"
#include "test/ktest.h"

#define NOINLINE __attribute__((noinline))

void ktest_symbol_target(void);
void kmain(struct tern_bootinfo *bi);
size_t ktest_bt_outer(uint64_t *rips, size_t max);
size_t ktest_bt_inner(uint64_t *rips, size_t max);

NOINLINE void ktest_symbol_target(void)
{
	__asm__ volatile("" ::: "memory");
}

KTEST(symbol_lookup_resolves_known_function)
{
	const char *name = NULL;
	uint64_t off = 0, a = (uint64_t)ktest_symbol_target;
	char buf[64];

	KREQUIRE(kernel_symtab.count > 0);
	KREQUIRE(ksym_lookup(&kernel_symtab, a, &name, &off));
	KEXPECT(!strcmp(name, "ktest_symbol_target"));
	KEXPECT_EQ(off, 0);
	KREQUIRE(ksym_lookup(&kernel_symtab, (uint64_t)kmain + 2, &name, &off));
	KEXPECT(!strcmp(name, "kmain"));
	ksym_format(&kernel_symtab, a + 1, buf, sizeof(buf));
	KEXPECT(!strcmp(buf, "ktest_symbol_target+0x1"));
	KEXPECT(!ksym_lookup(&kernel_symtab, 0x1000, &name, &off));
}

NOINLINE size_t ktest_bt_inner(uint64_t *rips, size_t max)
{
	enum bt_stop why;
	size_t n =
	    backtrace_walk(&kernel_stacks, (uint64_t)__builtin_frame_address(0),
	                   rips, max, &why);

	__asm__ volatile("" ::: "memory"); /* no tail call */
	return why == BT_END || why == BT_DEPTH ? n : 0;
}

NOINLINE size_t ktest_bt_outer(uint64_t *rips, size_t max)
{
	size_t n = ktest_bt_inner(rips, max);

	__asm__ volatile("" ::: "memory");
	return n;
}

KTEST(backtrace_walks_to_kmain)
{
	uint64_t rips[BACKTRACE_MAX_DEPTH];
	size_t n = ktest_bt_outer(rips, BACKTRACE_MAX_DEPTH);
	const char *name;
	uint64_t off;
	bool saw_kmain = false;

	KREQUIRE(n >= 3);
	KREQUIRE(ksym_lookup(&kernel_symtab, rips[0], &name, &off));
	KEXPECT(!strcmp(name, "ktest_bt_outer"));
	for (size_t i = 0; i < n; i++) {
		if (ksym_lookup(&kernel_symtab, rips[i], &name, &off) &&
		    !strcmp(name, "kmain"))
			saw_kmain = true;
	}
	KEXPECT(saw_kmain);
}

KTEST(snprintf_in_kernel)
{
	char buf[64];

	KEXPECT_EQ(snprintf(buf, sizeof(buf), "%s-%d-%#x-%5.2s|%-3c|", "ab",
	                    -42, 255, "xyz", 'q'),
	           strlen("ab--42-0xff-   xy|q  |"));
	KEXPECT(!strcmp(buf, "ab--42-0xff-   xy|q  |"));
	KEXPECT_EQ(snprintf(buf, 4, "%llu", 123456789ull), 9);
	KEXPECT(!strcmp(buf, "123"));
	snprintf(buf, sizeof(buf), "%p", (void *)0xffffffff80001234ull);
	KEXPECT(!strcmp(buf, "0xffffffff80001234"));
}

KTEST(console_log_keeps_output)
{
	char want[48], got[48];
	size_t len, total;

	snprintf(want, sizeof(want), "ktest log probe %llx\n",
	         (unsigned long long)rdtsc());
	len = strlen(want);
	kprintf("%s", want);
	total = console_log_count();
	KREQUIRE(total >= len);
	KEXPECT_EQ(console_log_read(total - len, got, len), len);
	KEXPECT(!memcmp(got, want, len));
}
