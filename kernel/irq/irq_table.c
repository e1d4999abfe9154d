/* SPDX-License-Identifier: MIT */
/* The vector table: registration, allocation, counting, the dump. */
#include "irq/irq.h"

void irq_table_init(struct irq_table *t)
{
	__builtin_memset(t, 0, sizeof(*t));
}

static bool vector_ok(unsigned vector)
{
	return vector >= IRQ_VEC_FIRST && vector < IRQ_VECTORS;
}

int irq_table_register(struct irq_table *t, unsigned vector, irq_handler_fn fn,
                       void *ctx)
{
	if (!vector_ok(vector) || !fn || t->v[vector].fn)
		return -1;
	t->v[vector].ctx = ctx;
	t->v[vector].fn = fn;
	t->v[vector].reserved = true;
	return 0;
}

int irq_table_unregister(struct irq_table *t, unsigned vector)
{
	if (!vector_ok(vector) || !t->v[vector].fn)
		return -1;
	t->v[vector].fn = NULL;
	t->v[vector].ctx = NULL;
	return 0;
}

int irq_table_alloc(struct irq_table *t)
{
	for (unsigned v = IRQ_VEC_DYN_FIRST; v <= IRQ_VEC_DYN_LAST; v++) {
		if (!t->v[v].reserved) {
			t->v[v].reserved = true;
			return (int)v;
		}
	}
	return -1;
}

void irq_table_free(struct irq_table *t, unsigned vector)
{
	if (vector < IRQ_VEC_DYN_FIRST || vector > IRQ_VEC_DYN_LAST)
		return;
	t->v[vector] = (struct irq_slot){.count = t->v[vector].count};
}

bool irq_table_dispatch(struct irq_table *t, unsigned vector)
{
	struct irq_slot *s;

	if (!vector_ok(vector))
		return false;
	s = &t->v[vector];
	s->count++;
	if (!s->fn) {
		t->unhandled++;
		return false;
	}
	s->fn(vector, s->ctx);
	return true;
}

void irq_table_dump(const struct irq_table *t, irq_print_fn print)
{
	uint64_t total = 0;

	print("vector  count                 handler\n");
	for (unsigned v = IRQ_VEC_FIRST; v < IRQ_VECTORS; v++) {
		const struct irq_slot *s = &t->v[v];

		total += s->count;
		if (!s->count && !s->fn)
			continue;
		print("0x%02x    %-20llu  %s\n", v,
		      (unsigned long long)s->count,
		      s->name ? s->name
		      : s->fn ? "(unnamed)"
		              : "-");
	}
	print("total %llu, spurious %llu, unhandled %llu\n",
	      (unsigned long long)total, (unsigned long long)t->spurious,
	      (unsigned long long)t->unhandled);
}
