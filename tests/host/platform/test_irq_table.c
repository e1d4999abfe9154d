/* SPDX-License-Identifier: MIT */
/* The interrupt vector table: registration rules, allocation, counting. */
#include <stdarg.h>
#include <stdlib.h>
#include "irq/irq.h"
#include "test.h"

static unsigned calls, last_vec;
static void *last_ctx;
static char dump[4096];
static size_t dump_len;

static void handler(unsigned vector, void *ctx)
{
	calls++;
	last_vec = vector;
	last_ctx = ctx;
}

static int print(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(dump + dump_len, sizeof(dump) - dump_len, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof(dump) - dump_len)
		dump_len += (size_t)n;
	return n;
}

int main(void)
{
	struct irq_table *t = malloc(sizeof(*t));
	int ctx, v1, v2;

	irq_table_init(t);
	CHECK_EQ(irq_table_register(t, 31, handler, NULL), -1);
	CHECK_EQ(irq_table_register(t, 256, handler, NULL), -1);
	CHECK_EQ(irq_table_register(t, 0x30, NULL, NULL), -1);
	CHECK_EQ(irq_table_register(t, 0x30, handler, &ctx), 0);
	CHECK_EQ(irq_table_register(t, 0x30, handler, &ctx), -1);
	CHECK(irq_table_dispatch(t, 0x30));
	CHECK(irq_table_dispatch(t, 0x30));
	CHECK_EQ(calls, 2);
	CHECK_EQ(last_vec, 0x30);
	CHECK(last_ctx == &ctx);
	CHECK(!irq_table_dispatch(t, 0x31));
	CHECK_EQ(t->unhandled, 1);
	CHECK_EQ(t->v[0x31].count, 1);
	CHECK(!irq_table_dispatch(t, 5));

	v1 = irq_table_alloc(t);
	v2 = irq_table_alloc(t);
	CHECK_EQ(v1, IRQ_VEC_DYN_FIRST);
	CHECK_EQ(v2, IRQ_VEC_DYN_FIRST + 1);
	CHECK_EQ(irq_table_register(t, (unsigned)v1, handler, NULL), 0);
	irq_table_free(t, (unsigned)v1);
	CHECK_EQ(irq_table_alloc(t), v1);
	for (int i = 0; i < 200; i++)
		irq_table_alloc(t);
	CHECK_EQ(irq_table_alloc(t), -1);
	irq_table_free(t, 0x30); /* not dynamic: ignored */
	CHECK(t->v[0x30].fn == handler);
	CHECK_EQ(irq_table_unregister(t, 0x30), 0);
	CHECK_EQ(irq_table_unregister(t, 0x30), -1);

	t->v[0x30].name = "test";
	t->spurious = 3;
	irq_table_dump(t, print);
	CHECK(strstr(dump, "0x30    2 ") != NULL);
	CHECK(strstr(dump, "0x31    1 ") != NULL);
	CHECK(strstr(dump, "spurious 3") != NULL);
	CHECK(strstr(dump, "total 3,") != NULL);
	free(t);
	return test_finish();
}
