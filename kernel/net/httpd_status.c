/* SPDX-License-Identifier: MIT */
/*
 * The server's status page: `name: value` lines, the uptime, memory
 * (frames of the kernel's frame allocator), the server's own counters
 * and every field of struct net_counters under its C name.
 */
#include <stddef.h>
#include <libk/printf.h>
#include <libk/string.h>
#include <mm/frame_alloc.h>
#include <mm/kmalloc.h>
#include "mm/mm_boot.h"
#include "net/httpd_priv.h"
#include "net/netif.h"
#include "net/svc_limit.h"
#include "time/time.h"

/* Every field of struct net_counters under its C name, from the list
 * that makes the struct (net.h). */
#define COUNTER_NO_LINE(head)
#define COUNTER_ROW(field, lbl) {#field, offsetof(struct net_counters, field)},

static const struct {
	const char *name;
	size_t off;
} counter_rows[] = {NET_COUNTERS(COUNTER_NO_LINE, COUNTER_ROW, COUNTER_ROW)};

struct httpd_stats httpd_stats;

struct text {
	char *buf;
	size_t cap, len;
};

static void line(struct text *t, const char *name, uint64_t v)
{
	int n;

	if (t->len >= t->cap)
		return;
	n = snprintf(t->buf + t->len, t->cap - t->len, "%s: %llu\n", name,
	             (unsigned long long)v);
	if (n > 0)
		t->len += (size_t)n < t->cap - t->len ? (size_t)n
		                                      : t->cap - t->len - 1;
}

static void counter_lines(struct text *t)
{
	struct net_counters c;
	const uint8_t *base = (const uint8_t *)&c;

	if (!net_stack())
		return;
	net_lock();
	c = *net_counters(net_stack());
	net_unlock();
	for (size_t i = 0; i < sizeof(counter_rows) / sizeof(counter_rows[0]);
	     i++) {
		uint64_t v;

		memcpy(&v, base + counter_rows[i].off, sizeof(v));
		line(t, counter_rows[i].name, v);
	}
}

size_t httpd_status_text(char *buf, size_t cap)
{
	struct text t = {buf, cap, 0};
	struct frame_counts fc = frame_counts(&kernel_frames);
	uint64_t cached = kmalloc_frames_cached(); /* held, not in use */

	line(&t, "uptime_ms", time_uptime_ns() / 1000000u);
	line(&t, "mem_used_bytes",
	     (fc.used > cached ? fc.used - cached : 0) * FRAME_SIZE);
	line(&t, "mem_free_bytes", fc.free * FRAME_SIZE);
	line(&t, "httpd_conns", httpd_stats.conns);
	line(&t, "httpd_conns_total", httpd_stats.conns_total);
	line(&t, "httpd_requests", httpd_stats.requests);
	line(&t, "httpd_slow", httpd_stats.slow);
	line(&t, "httpd_src_refused", httpd_stats.src_refused);
	line(&t, "httpd_idle_resets", httpd_stats.idle_resets);
	line(&t, "httpd_err_resets", httpd_stats.err_resets);
	line(&t, "svc_src_refused", svc_src_refused);
	counter_lines(&t);
	return t.len;
}
