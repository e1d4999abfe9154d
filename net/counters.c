/* SPDX-License-Identifier: MIT */
/* Counters as text lines. */
#include "net_priv.h"

#define LINE(...)                                                              \
	do {                                                                   \
		nsnprintf(buf, sizeof(buf), __VA_ARGS__);                      \
		print(ctx, buf);                                               \
	} while (0)
#define U(x) (unsigned long long)(c->x)

void net_counters_dump(const struct net_stack *s, net_print_fn print, void *ctx)
{
	const struct net_counters *c = &s->cnt;
	char buf[160];
	LINE("eth:  rx %llu short %llu not-us %llu vlan %llu unknown %llu "
	     "tx %llu tx-fail %llu",
	     U(eth_rx), U(eth_rx_short), U(eth_rx_not_us), U(eth_rx_vlan),
	     U(eth_rx_unknown_type), U(eth_tx), U(eth_tx_fail));
	LINE("arp:  rx %llu bad %llu req-sent %llu replies %llu q-drops %llu "
	     "fail %llu conflicts %llu",
	     U(arp_rx), U(arp_rx_bad), U(arp_requests_sent),
	     U(arp_replies_sent), U(arp_queue_drops), U(arp_resolve_fail),
	     U(arp_conflicts));
	LINE("arp:  unsolicited %llu mac-changed %llu mac-change-held %llu",
	     U(arp_unsolicited), U(arp_mac_changed), U(arp_mac_change_held));
	LINE("ip:   rx %llu bad-hdr %llu bad-csum %llu bad-len %llu not-us "
	     "%llu proto %llu tx %llu no-route %llu too-big %llu",
	     U(ip_rx), U(ip_rx_bad_hdr), U(ip_rx_bad_csum), U(ip_rx_bad_len),
	     U(ip_rx_not_us), U(ip_rx_unknown_proto), U(ip_tx),
	     U(ip_tx_no_route), U(ip_tx_too_big));
	LINE("ip:   fragmented %llu frags-sent %llu frag-fail %llu",
	     U(ip_frag_datagrams), U(ip_frags_sent), U(ip_frag_fail));
	LINE("frag: in %llu ok %llu timeout %llu overlap %llu dup %llu drops "
	     "%llu evicted %llu src-limit %llu",
	     U(reasm_frags), U(reasm_ok), U(reasm_timeout), U(reasm_overlap),
	     U(reasm_dup), U(reasm_drops), U(reasm_evicted),
	     U(reasm_src_limit));
	LINE("icmp: rx %llu bad %llu echo-replied %llu unreach-rx %llu "
	     "unreach-sent %llu",
	     U(icmp_rx), U(icmp_rx_bad), U(icmp_echo_replied),
	     U(icmp_unreach_rx), U(icmp_unreach_sent));
	LINE("icmp: err-ratelimited %llu err-unmatched %llu  tcp: pmtu-lowered "
	     "%llu pmtu-ignored %llu",
	     U(icmp_err_ratelimited), U(icmp_err_unmatched),
	     U(tcp_pmtu_lowered), U(tcp_pmtu_ignored));
	LINE("udp:  rx %llu bad %llu bad-csum %llu no-port %llu q-drops %llu "
	     "tx %llu",
	     U(udp_rx), U(udp_rx_bad), U(udp_rx_bad_csum), U(udp_rx_no_port),
	     U(udp_rxq_drops), U(udp_tx));
	LINE("tcp:  rx %llu bad %llu bad-csum %llu no-sock %llu tx %llu "
	     "rst-sent %llu rst-rx %llu",
	     U(tcp_rx), U(tcp_rx_bad), U(tcp_rx_bad_csum), U(tcp_rx_no_sock),
	     U(tcp_tx), U(tcp_rst_sent), U(tcp_rst_rx));
	LINE("tcp:  active %llu passive %llu backlog-drops "
	     "%llu tw-recycled %llu",
	     U(tcp_active_opens), U(tcp_passive_opens), U(tcp_backlog_drops),
	     U(tcp_timewait_recycled));
	LINE("tcp:  retransmits %llu fast %llu timeouts %llu socks %llu "
	     "buf-bytes %llu",
	     U(tcp_retransmits), U(tcp_fast_retransmits), U(tcp_timeouts),
	     U(tcp_socks), U(tcp_buf_bytes));
	LINE("tcp:  orphans %llu orphan-bytes %llu orphan-resets %llu",
	     U(tcp_orphans), U(tcp_orphan_bytes), U(tcp_orphan_resets));
	LINE("tcp:  syn-cookies sent %llu ok %llu stale %llu bad %llu",
	     U(tcp_cookies_sent), U(tcp_cookies_ok), U(tcp_cookies_stale),
	     U(tcp_cookies_bad));
	LINE("tcp:  memory %llu bytes, %s; pressure-events %llu refused %llu",
	     U(tcp_mem_bytes),
	     c->tcp_mem_state == 2   ? "HARD LIMIT"
	     : c->tcp_mem_state == 1 ? "under pressure"
	                             : "normal",
	     U(tcp_mem_pressure_events), U(tcp_mem_refused));
	LINE("dhcp: bad %llu ignored %llu  dns: bad %llu ignored %llu  "
	     "alloc-fail %llu",
	     U(dhcp_rx_bad), U(dhcp_rx_ignored), U(dns_rx_bad),
	     U(dns_rx_ignored), U(alloc_fail));
}
