/* SPDX-License-Identifier: MIT */
/* The ktest runner: walks the .ktest section, runs the selected cases. */
#include <libk/printf.h>
#include <libk/string.h>
#include <tern/layout.h>
#include <arch/cpu.h>
#include "console/kprintf.h"
#include "test/ktest.h"

extern const struct ktest __ktest_start[] __attribute__((visibility("hidden")));
extern const struct ktest __ktest_end[] __attribute__((visibility("hidden")));

void ktest_fail(struct ktest_ctx *ctx, const char *file, int line,
                const char *fmt, ...)
{
	va_list ap;

	if (ctx->failures++)
		return;
	ctx->file = file;
	ctx->line = line;
	va_start(ap, fmt);
	vsnprintf(ctx->what, sizeof(ctx->what), fmt, ap);
	va_end(ap);
}

static bool known(const char *name, size_t len)
{
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
		if (ktest_name_matches(name, len, t->name))
			return true;
	}
	return false;
}

/* Run one case; print its line after it ran, so that its own output does
 * not split the line. Returns true if it passed. */
static bool run_one(const struct ktest *t)
{
	struct ktest_ctx ctx = {0};

	t->fn(&ctx);
	if (!ctx.failures) {
		kprintf("ktest: %s ... " KC_GREEN "ok" KC_RESET "\n", t->name);
		return true;
	}
	kprintf("ktest: %s ... " KC_RED "FAILED" KC_RESET " (%s:%d: %s)",
	        t->name, ctx.file, ctx.line, ctx.what);
	if (ctx.failures > 1)
		kprintf(" and %u more", ctx.failures - 1);
	kprintf("\n");
	return false;
}

_Noreturn void ktest_run(const char *list)
{
	unsigned passed = 0, failed = 0;
	const char *rest = list, *bad;
	size_t badlen;

	while (ktest_unknown_name(rest, known, &bad, &badlen)) {
		kprintf("ktest: %.*s ... " KC_RED "FAILED" KC_RESET
		        " (no such test)\n",
		        (int)badlen, bad);
		failed++;
		rest = bad + badlen;
	}
	for (const struct ktest *t = __ktest_start; t < __ktest_end; t++) {
		if (!ktest_selected(list, t->name))
			continue;
		if (run_one(t))
			passed++;
		else
			failed++;
	}
	kprintf("ktest: %u passed, %u failed\n", passed, failed);
	qemu_exit(failed ? TERN_EXIT_FAIL : TERN_EXIT_PASS);
	halt_forever();
}
