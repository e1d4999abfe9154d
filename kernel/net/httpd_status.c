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
#include "mm/mm_boot.h"
#include "net/httpd_priv.h"
#include "net/netif.h"
#include "net/svc_limit.h"
#include "time/time.h"

/* Every field of struct net_counters, once: the page's lines come from
 * this list, and the assertion below fails when a field is added to the
 * struct but not here. */
/* clang-format off */
#define NET_COUNTER_FIELDS(X) \
	X(eth_rx) X(eth_rx_short) X(eth_rx_not_us) X(eth_rx_vlan) \
	X(eth_rx_unknown_type) X(eth_tx) X(eth_tx_fail) X(arp_rx) \
	X(arp_rx_bad) X(arp_requests_sent) X(arp_replies_sent) \
	X(arp_queue_drops) X(arp_resolve_fail) X(arp_conflicts) \
	X(arp_unsolicited) X(arp_mac_changed) X(arp_mac_change_held) X(ip_rx) \
	X(ip_rx_bad_hdr) X(ip_rx_bad_csum) X(ip_rx_bad_len) X(ip_rx_not_us) \
	X(ip_rx_unknown_proto) X(ip_tx) X(ip_tx_no_route) X(ip_tx_too_big) \
	X(ip_frag_datagrams) X(ip_frags_sent) X(ip_frag_fail) \
	X(reasm_frags) X(reasm_ok) X(reasm_timeout) X(reasm_overlap) \
	X(reasm_dup) X(reasm_drops) X(reasm_evicted) X(reasm_src_limit) \
	X(icmp_rx) X(icmp_rx_bad) \
	X(icmp_echo_replied) X(icmp_unreach_rx) X(icmp_unreach_sent) \
	X(icmp_err_ratelimited) X(icmp_err_unmatched) X(tcp_pmtu_lowered) \
	X(tcp_pmtu_ignored) \
	X(udp_rx) X(udp_rx_bad) X(udp_rx_bad_csum) X(udp_rx_no_port) \
	X(udp_rxq_drops) X(udp_tx) X(dhcp_rx_bad) X(dhcp_rx_ignored) \
	X(dns_rx_bad) X(dns_rx_ignored) X(tcp_rx) X(tcp_rx_bad) \
	X(tcp_rx_bad_csum) X(tcp_rx_no_sock) X(tcp_tx) X(tcp_rst_sent) \
	X(tcp_rst_rx) X(tcp_active_opens) X(tcp_passive_opens) \
	X(tcp_backlog_drops) X(tcp_retransmits) \
	X(tcp_fast_retransmits) X(tcp_timeouts) X(tcp_timewait_recycled) \
	X(tcp_orphan_resets) X(tcp_socks) X(tcp_buf_bytes) X(tcp_orphans) \
	X(tcp_orphan_bytes) X(tcp_cookies_sent) X(tcp_cookies_ok) \
	X(tcp_cookies_stale) X(tcp_cookies_bad) X(tcp_mem_bytes) \
	X(tcp_mem_state) X(tcp_mem_pressure_events) X(tcp_mem_refused) \
	X(alloc_fail)
/* clang-format on */

#define COUNTER_ROW(f) {#f, offsetof(struct net_counters, f)},

static const struct {
	const char *name;
	size_t off;
} counter_rows[] = {NET_COUNTER_FIELDS(COUNTER_ROW)};

_Static_assert(sizeof(counter_rows) / sizeof(counter_rows[0]) *
                       sizeof(uint64_t) ==
                   sizeof(struct net_counters),
               "a field of struct net_counters is missing from the list");

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

	line(&t, "uptime_ms", time_uptime_ns() / 1000000u);
	line(&t, "mem_used_bytes", fc.used * FRAME_SIZE);
	line(&t, "mem_free_bytes", fc.free * FRAME_SIZE);
	line(&t, "httpd_conns", httpd_stats.conns);
	line(&t, "httpd_conns_total", httpd_stats.conns_total);
	line(&t, "httpd_requests", httpd_stats.requests);
	line(&t, "httpd_slow", httpd_stats.slow);
	line(&t, "httpd_src_refused", httpd_stats.src_refused);
	line(&t, "svc_src_refused", svc_src_refused);
	counter_lines(&t);
	return t.len;
}
