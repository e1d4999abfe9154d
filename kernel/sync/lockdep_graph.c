/* SPDX-License-Identifier: MIT */
/* The lock-order checker's graph (lockdep_graph.h). */
#include <stdarg.h>
#include <libk/bitops.h>
#include <libk/printf.h>
#include <libk/string.h>
#include "sync/lockdep_graph.h"

void ld_graph_init(struct ld_graph *g)
{
	LIBK_FN(memset)(g, 0, sizeof(*g));
}

int ld_class(struct ld_graph *g, const char *name)
{
	if (!name)
		name = "?";
	for (unsigned i = 0; i < g->n; i++)
		if (g->name[i] == name || !LIBK_FN(strcmp)(g->name[i], name))
			return (int)i;
	if (g->n == LD_CLASSES)
		return -1;
	g->name[g->n] = name;
	return (int)g->n++;
}

/* Edges and usage only ever grow, and ld_acquire_known reads them with
 * no lock: the words are read and set atomically (relaxed). */
static bool has_bit(const uint64_t *words, unsigned i)
{
	return __atomic_load_n(&words[i / 64], __ATOMIC_RELAXED) & BIT(i % 64);
}

static void set_bit(uint64_t *words, unsigned i)
{
	__atomic_fetch_or(&words[i / 64], BIT(i % 64), __ATOMIC_RELAXED);
}

/* Breadth-first search of the edges from `from`; true if `to` is reached,
 * with the path from .. to in r->path. */
static bool reaches(struct ld_graph *g, unsigned from, unsigned to,
                    struct ld_report *r)
{
	unsigned head = 0, tail = 0;

	LIBK_FN(memset)(g->seen, 0, sizeof(g->seen));
	set_bit(g->seen, from);
	g->queue[tail++] = (uint16_t)from;
	while (head < tail) {
		unsigned a = g->queue[head++];

		for (unsigned w = 0; w < LD_WORDS; w++) {
			uint64_t next = g->after[a][w] & ~g->seen[w];

			for (; next; next &= next - 1) {
				unsigned b = w * 64 + ctz64(next);

				set_bit(g->seen, b);
				g->parent[b] = (uint16_t)a;
				g->queue[tail++] = (uint16_t)b;
				if (b != to)
					continue;
				/* walk back to `from`, then reverse */
				r->path_len = 0;
				for (unsigned x = b; x != from;
				     x = g->parent[x])
					r->path[r->path_len++] = (uint16_t)x;
				r->path[r->path_len++] = (uint16_t)from;
				for (unsigned i = 0; i < r->path_len / 2; i++) {
					uint16_t t = r->path[i];

					r->path[i] =
					    r->path[r->path_len - 1 - i];
					r->path[r->path_len - 1 - i] = t;
				}
				return true;
			}
		}
	}
	return false;
}

/* Check the edge h -> c against the graph (h held, c being taken). */
static enum ld_verdict check_edge(struct ld_graph *g, unsigned h, unsigned c,
                                  struct ld_report *r)
{
	r->holding = h;
	if (h == c)
		return LD_SAME_CLASS;
	if (has_bit(g->after[h], c))
		return LD_OK; /* known, so checked when it was added */
	return reaches(g, c, h, r) ? LD_INVERSION : LD_OK;
}

static enum ld_verdict check_stack(struct ld_graph *g, const struct ld_held *s,
                                   unsigned c, struct ld_report *r)
{
	for (unsigned i = 0; s && i < s->n; i++) {
		enum ld_verdict v = check_edge(g, s->cls[i], c, r);

		if (v != LD_OK)
			return v;
	}
	return LD_OK;
}

static void add_edges(struct ld_graph *g, const struct ld_held *s, unsigned c)
{
	for (unsigned i = 0; s && i < s->n; i++)
		set_bit(g->after[s->cls[i]], c);
}

static uint8_t usage_of(unsigned flags)
{
	return (uint8_t)(((flags & LD_IRQ_ON) ? LD_USED_IRQ_ON : 0) |
	                 ((flags & LD_IN_IRQ) ? LD_USED_IN_IRQ : 0) |
	                 ((flags & LD_SLEEP) ? LD_USED_SLEEPING : 0));
}

enum ld_verdict ld_acquire(struct ld_graph *g, struct ld_held *held,
                           const struct ld_held *outer, unsigned c,
                           unsigned flags, struct ld_report *r)
{
	uint8_t usage =
	    __atomic_load_n(&g->usage[c], __ATOMIC_RELAXED) | usage_of(flags);
	enum ld_verdict v;

	r->taking = c;
	r->holding = c;
	r->name = g->name[c];
	r->flags = flags;
	r->path_len = 0;
	if ((flags & LD_SLEEP) && (flags & LD_IN_IRQ))
		return r->v = LD_SLEEP_IN_IRQ;
	if ((flags & LD_SLEEP) && outer && outer->n) {
		r->holding = outer->cls[outer->n - 1];
		return r->v = LD_SLEEP_UNDER_SPIN;
	}
	if (held->n == LD_HELD_MAX)
		return r->v = LD_TOO_DEEP;
	if ((usage & LD_USED_IRQ_ON) && (usage & LD_USED_IN_IRQ))
		return r->v = LD_IRQ_UNSAFE;
	v = check_stack(g, outer, c, r);
	if (v == LD_OK)
		v = check_stack(g, held, c, r);
	if (v != LD_OK)
		return r->v = v;
	add_edges(g, outer, c);
	add_edges(g, held, c);
	__atomic_store_n(&g->usage[c], usage, __ATOMIC_RELAXED);
	held->cls[held->n++] = (uint16_t)c;
	return r->v = LD_OK;
}

/* Every class in s already has the edge to c (and none is c). */
static bool edges_known(const struct ld_graph *g, const struct ld_held *s,
                        unsigned c)
{
	for (unsigned i = 0; s && i < s->n; i++)
		if (s->cls[i] == c || !has_bit(g->after[s->cls[i]], c))
			return false;
	return true;
}

bool ld_acquire_known(const struct ld_graph *g, struct ld_held *held,
                      const struct ld_held *outer, unsigned c, unsigned flags)
{
	uint8_t usage = __atomic_load_n(&g->usage[c], __ATOMIC_RELAXED);

	if ((flags & LD_SLEEP) || held->n == LD_HELD_MAX ||
	    (usage_of(flags) & ~usage) || !edges_known(g, outer, c) ||
	    !edges_known(g, held, c))
		return false;
	held->cls[held->n++] = (uint16_t)c;
	return true;
}

bool ld_release(struct ld_held *held, unsigned c)
{
	for (unsigned i = held->n; i-- > 0;) {
		if (held->cls[i] != c)
			continue;
		LIBK_FN(memmove)
		(&held->cls[i], &held->cls[i + 1],
		 (held->n - i - 1) * sizeof(held->cls[0]));
		held->n--;
		return true;
	}
	return false;
}

/* snprintf that appends at *len, never past size. */
__attribute__((format(printf, 4, 5))) static void
append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return;
	va_start(ap, fmt);
	n = LIBK_FN(vsnprintf)(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n < size - *len ? (size_t)n : size - *len - 1;
}

/* The inversion's earlier chain, from the held class back to the one
 * being taken: "'H' was taken while holding 'B', 'B' while holding 'A'". */
static void format_chain(const struct ld_graph *g, const struct ld_report *r,
                         char *buf, size_t size, size_t *len)
{
	for (unsigned i = r->path_len - 1; i > 0; i--)
		append(buf, size, len, "%s'%s'%s while holding '%s'",
		       i == r->path_len - 1 ? "" : ", ", g->name[r->path[i]],
		       i == r->path_len - 1 ? " was taken" : "",
		       g->name[r->path[i - 1]]);
}

size_t ld_format(const struct ld_graph *g, const struct ld_report *r, char *buf,
                 size_t size)
{
	const char *t = r->name, *h = g->name[r->holding];
	size_t len = 0;

	if (size)
		buf[0] = 0;
	switch (r->v) {
	case LD_OK:
		append(buf, size, &len, "ok");
		break;
	case LD_INVERSION:
		append(buf, size, &len,
		       "lock order inversion: taking '%s' while holding "
		       "'%s'; earlier ",
		       t, h);
		format_chain(g, r, buf, size, &len);
		break;
	case LD_SAME_CLASS:
		append(buf, size, &len,
		       "taking a second '%s' lock while holding one (same "
		       "class: their order is unknown)",
		       t);
		break;
	case LD_IRQ_UNSAFE:
		append(buf, size, &len,
		       "irq-unsafe lock '%s': taken in an interrupt handler "
		       "and also held with interrupts enabled",
		       t);
		break;
	case LD_SLEEP_IN_IRQ:
		append(buf, size, &len,
		       "mutex '%s' taken in an interrupt handler", t);
		break;
	case LD_SLEEP_UNDER_SPIN:
		append(buf, size, &len,
		       "mutex '%s' taken while holding spinlock '%s'", t, h);
		break;
	case LD_TOO_MANY_CLASSES:
		append(buf, size, &len,
		       "more than %u lock classes (at '%s'): raise "
		       "LD_CLASSES; checker off",
		       LD_CLASSES, t ? t : "?");
		break;
	case LD_TOO_DEEP:
		append(buf, size, &len,
		       "more than %u locks held at once (taking '%s'): raise "
		       "LD_HELD_MAX; checker off",
		       LD_HELD_MAX, t);
		break;
	}
	return len;
}

size_t ld_format_held(const struct ld_graph *g, const struct ld_held *h,
                      char *buf, size_t size)
{
	size_t len = 0;

	if (size)
		buf[0] = 0;
	if (!h->n)
		append(buf, size, &len, "nothing");
	for (unsigned i = 0; i < h->n; i++)
		append(buf, size, &len, "%s'%s'", i ? " " : "",
		       g->name[h->cls[i]]);
	return len;
}
