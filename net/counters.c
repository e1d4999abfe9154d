/* SPDX-License-Identifier: MIT */
/* Counters as text lines, made from the list in net.h (NET_COUNTERS):
 * each LINE() starts a line, each counter adds " label value". */
#include <stdarg.h>
#include <stddef.h>
#include "net_priv.h"

enum row_kind { KIND_LINE, KIND_COUNT, KIND_WORD };

struct counter_row {
	const char *text; /* a line's head, or the counter's label */
	size_t off;       /* in struct net_counters */
	enum row_kind kind;
};

#define ROW_LINE(head) {head, 0, KIND_LINE},
#define ROW_COUNT(field, lbl)                                                  \
	{lbl, offsetof(struct net_counters, field), KIND_COUNT},
#define ROW_WORD(field, lbl)                                                   \
	{lbl, offsetof(struct net_counters, field), KIND_WORD},

static const struct counter_row rows[] = {
    NET_COUNTERS(ROW_LINE, ROW_COUNT, ROW_WORD)};

/* A memory-budget state (tcp_mem_state) in words. */
static const char *state_words(uint64_t v)
{
	return v == 2 ? "HARD LIMIT" : v == 1 ? "under pressure" : "normal";
}

struct line {
	char buf[160];
	size_t len; /* < sizeof(buf): a line too long is cut short */
};

/* printf at the end of the line. */
static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = nvsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < sizeof(l->buf) - l->len
		              ? (size_t)n
		              : sizeof(l->buf) - l->len - 1;
}

void net_counters_dump(const struct net_stack *s, net_print_fn print, void *ctx)
{
	struct line l = {.len = 0};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct counter_row *r = &rows[i];
		uint64_t v;

		if (r->kind == KIND_LINE) {
			if (i > 0)
				print(ctx, l.buf);
			l.len = 0;
			add(&l, "%s", r->text);
			continue;
		}
		nmemcpy(&v, (const uint8_t *)&s->cnt + r->off, sizeof(v));
		if (r->kind == KIND_COUNT)
			add(&l, " %s %llu", r->text, (unsigned long long)v);
		else
			add(&l, " %s %s;", r->text, state_words(v));
	}
	print(ctx, l.buf);
}
