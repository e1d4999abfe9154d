/* SPDX-License-Identifier: MIT */
#include <libk/string.h>
#include "core/prof.h"

void prof_init(struct prof *p, const struct ksymtab *t, uint32_t *self,
               uint32_t *incl)
{
	LIBK_FN(memset)(p, 0, sizeof(*p));
	p->syms = t;
	p->self = self;
	p->incl = incl;
}

void prof_reset(struct prof *p)
{
	size_t n = p->syms->count + 1;

	LIBK_FN(memset)(p->self, 0, n * sizeof(*p->self));
	LIBK_FN(memset)(p->incl, 0, n * sizeof(*p->incl));
	p->samples = p->user = 0;
}

/* True if sym is among seen[0..n). */
static bool seen_before(const size_t *seen, size_t n, size_t sym)
{
	for (size_t i = 0; i < n; i++)
		if (seen[i] == sym)
			return true;
	return false;
}

void prof_sample(struct prof *p, uint64_t rip, const uint64_t *rets, size_t n)
{
	size_t seen[PROF_MAX_DEPTH + 1], nseen = 0;
	size_t sym;

	if (!p->on)
		return;
	p->samples++;
	sym = ksym_index(p->syms, rip);
	p->self[sym]++;
	p->incl[sym]++;
	seen[nseen++] = sym;
	if (n > PROF_MAX_DEPTH)
		n = PROF_MAX_DEPTH;
	/* A return address follows its call: ret - 1 is inside the caller
	 * even when the callee was _Noreturn (see ksym_format_return). */
	for (size_t i = 0; i < n; i++) {
		sym = ksym_index(p->syms, rets[i] - 1);
		if (seen_before(seen, nseen, sym))
			continue;
		p->incl[sym]++;
		seen[nseen++] = sym;
	}
}

void prof_sample_user(struct prof *p)
{
	if (!p->on)
		return;
	p->samples++;
	p->user++;
}

static const char *row_name(const struct prof *p, size_t i)
{
	const char *n = ksym_name(p->syms, i);

	return n ? n : "(unknown)";
}

/* True if row a belongs before row b in the by_incl (or self) order. */
static bool ranks_before(const struct prof_row *a, const struct prof_row *b,
                         bool by_incl)
{
	uint32_t ka = by_incl ? a->incl : a->self;
	uint32_t kb = by_incl ? b->incl : b->self;

	if (ka != kb)
		return ka > kb;
	return LIBK_FN(strcmp)(a->name, b->name) < 0;
}

size_t prof_top(const struct prof *p, struct prof_row *out, size_t max,
                bool by_incl)
{
	size_t n = 0;

	for (size_t i = 0; i <= p->syms->count; i++) {
		struct prof_row r = {row_name(p, i), p->self[i], p->incl[i]};
		size_t at;

		if (!(by_incl ? r.incl : r.self))
			continue;
		/* insertion into the sorted prefix; drop what falls off */
		for (at = n; at > 0 && ranks_before(&r, &out[at - 1], by_incl);
		     at--)
			;
		if (at == max)
			continue;
		if (n < max)
			n++;
		LIBK_FN(memmove)
		(&out[at + 1], &out[at], (n - 1 - at) * sizeof(*out));
		out[at] = r;
	}
	return n;
}

/* Print through sink (LIBK_FN(vformat) behind a varargs front). */
static void put(libk_sink_fn sink, void *ctx, const char *fmt, ...)
    LIBK_PRINTF_LIKE(3, 4);
static void put(libk_sink_fn sink, void *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	LIBK_FN(vformat)(sink, ctx, fmt, ap);
	va_end(ap);
}

/* count as a percentage of total with one decimal, right-aligned in 5. */
static void put_pct(libk_sink_fn sink, void *ctx, uint64_t count,
                    uint64_t total)
{
	uint64_t pm = total ? (count * 1000 + total / 2) / total : 0;

	put(sink, ctx, "%3llu.%llu", (unsigned long long)(pm / 10),
	    (unsigned long long)(pm % 10));
}

static void report_order(const struct prof *p, size_t top, bool by_incl,
                         libk_sink_fn sink, void *ctx)
{
	struct prof_row rows[32];
	size_t n;

	if (top > sizeof(rows) / sizeof(rows[0]))
		top = sizeof(rows) / sizeof(rows[0]);
	n = prof_top(p, rows, top, by_incl);
	put(sink, ctx, "  %s   %s  function (by %s)\n",
	    by_incl ? "incl%" : "self%", by_incl ? "self%" : "incl%",
	    by_incl ? "inclusive samples" : "self samples");
	for (size_t i = 0; i < n; i++) {
		put(sink, ctx, "  ");
		put_pct(sink, ctx, by_incl ? rows[i].incl : rows[i].self,
		        p->samples);
		put(sink, ctx, "   ");
		put_pct(sink, ctx, by_incl ? rows[i].self : rows[i].incl,
		        p->samples);
		put(sink, ctx, "  %s\n", rows[i].name);
	}
}

void prof_report(const struct prof *p, size_t top, libk_sink_fn sink, void *ctx)
{
	uint64_t ms =
	    p->stop_ns > p->start_ns ? (p->stop_ns - p->start_ns) / 1000000 : 0;

	put(sink, ctx,
	    "prof: %llu samples in %llu ms (%llu in user mode)%s, by %s\n",
	    (unsigned long long)p->samples, (unsigned long long)ms,
	    (unsigned long long)p->user, p->on ? ", still sampling" : "",
	    p->by_nmi
	        ? "NMI"
	        : "timer tick (interrupts-off time shows at irq_restore)");
	if (!p->samples)
		return;
	report_order(p, top, false, sink, ctx);
	report_order(p, top, true, sink, ctx);
}
