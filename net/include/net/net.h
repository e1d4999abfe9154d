/* SPDX-License-Identifier: MIT */
/*
 * tern's portable IPv4 network stack: the stack instance, its platform
 * hooks, the interface and its configuration, counters and tunables.
 *
 *   net_create(&platform)            a stack (several may coexist: tests
 *                                    wire two back to back)
 *   net_iface_add(s, dev)            attach the one NIC of this stack
 *   net_iface_set_addr(s, ip, m, gw) static configuration (or DHCP does it)
 *   net_rx(dev, frame, len)          inbound frames (netdev.h)
 *   net_poll_timers(s)               ARP, reassembly, DHCP, DNS timers;
 *                                    call at least every NET_TICK_MS
 *   net_destroy(s)                   frees everything it allocated
 *
 * Threading: the stack is single-threaded and not re-entrant. Every call
 * into it (net_rx, timers, socket calls, ...) must come from one thread at
 * a time -- the kernel's netd thread, or another thread holding the lock
 * the glue wraps around every call (see net/README.md). Callbacks the
 * stack makes (readiness, echo replies, DNS completion, DHCP state) run
 * inside such a call: they may record results and wake waiters, but must
 * not call back into the stack.
 *
 * Addresses (ip4_addr_t) are in host byte order: 10.0.2.15 is 0x0a00020f.
 */
#ifndef NET_NET_H
#define NET_NET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/netdev.h>

typedef uint32_t ip4_addr_t;

#define IP4(a, b, c, d)                                                        \
	((ip4_addr_t)(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) |          \
	              ((uint32_t)(c) << 8) | (uint32_t)(d)))
#define IP4_ANY       ((ip4_addr_t)0)
#define IP4_BROADCAST ((ip4_addr_t)0xffffffffu)
#define IP4_STR_MAX   16 /* "255.255.255.255" + NUL */

#define NET_TICK_MS 100 /* the coarsest timer granularity the stack needs */
#define NET_DNS_MAX 3   /* DNS servers per stack */

/* Errors: every function returning int gives >= 0 or one of these. */
enum net_err {
	NET_OK = 0,
	NET_EINVAL = -1,       /* bad argument */
	NET_ENOMEM = -2,       /* allocation failed */
	NET_EAGAIN = -3,       /* nothing to read now (non-blocking) */
	NET_EADDRINUSE = -4,   /* port already bound */
	NET_ENETUNREACH = -5,  /* no route (no address, no gateway) */
	NET_EHOSTUNREACH = -6, /* ARP failed / ICMP host unreachable */
	NET_ECONNREFUSED = -7, /* ICMP port unreachable for a UDP socket */
	NET_EMSGSIZE = -8,     /* too big for one frame (no fragmentation) */
	NET_ETIMEDOUT = -9,    /* DHCP or DNS gave up */
	NET_ENOTFOUND = -10,   /* DNS: NXDOMAIN or no A record */
	NET_EPROTO = -11,      /* malformed reply, server failure */
	NET_ENODEV = -12,      /* no interface */
	NET_EBUSY = -13,       /* already attached / in progress */
	NET_EINPROGRESS = -14, /* started; a callback will report */
	NET_ENOBUFS = -15,     /* a queue is full: dropped */
	NET_ECANCELED = -16,   /* cancelled by the caller */
	NET_ECONNRESET = -17,  /* TCP: the peer reset the connection */
	NET_ENOTCONN = -18,    /* TCP: not connected (or shut down) */
	NET_EISCONN = -19,     /* TCP: already connected / listening */
};
/* "ok", "invalid argument", ... (never NULL). */
const char *net_strerror(int err);

/*
 * What the stack needs from its host. All hooks are required except log.
 * now_ms is a monotonic clock in milliseconds; random32 should be good
 * randomness (DNS IDs, ports, DHCP xid and jitter, the IP ID key); alloc/free
 * behave like malloc/free (alloc may fail with NULL: the stack counts and
 * drops).
 */
struct net_platform {
	uint64_t (*now_ms)(void);
	uint32_t (*random32)(void);
	void *(*alloc)(size_t size);
	void (*free)(void *p);
	void (*log)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
};

/* Limits and timeouts, all changeable between calls (net_tunables). */
struct net_tunables {
	uint32_t arp_reachable_ms;    /* cache entry lifetime: 60000 */
	uint32_t arp_retry_ms;        /* between requests, per address: 1000 */
	uint32_t arp_max_tries;       /* requests before giving up: 3 */
	uint32_t arp_queue_max;       /* packets waiting per address: 4 */
	uint32_t reasm_timeout_ms;    /* per datagram: 30000 */
	uint32_t reasm_max_datagrams; /* in flight: 8 */
	uint32_t reasm_max_frags;     /* per datagram: 64 */
	uint32_t reasm_max_per_src;   /* in flight from one source: 4 */
	uint32_t icmp_err_burst;      /* ICMP errors sent back to back: 10 */
	uint32_t icmp_err_per_sec;    /* then at most this many a second: 10 */
	uint32_t arp_mac_hold_ms; /* a changed MAC is kept this long: 5000 */
	uint32_t udp_rxq_max;     /* datagrams queued per socket: 32 */
	uint32_t dns_timeout_ms;  /* per try: 2000 */
	uint32_t dns_tries;       /* rounds over all servers: 2 */
	uint8_t ttl;              /* of packets we send: 64 */
	uint32_t tcp_max_socks;   /* TCP sockets incl. TIME-WAIT: 2048 */
	uint32_t tcp_max_orphans; /* closed, finishing (not TIME-WAIT): 256 */
	uint32_t tcp_orphan_mem;  /* their buffers, bytes: 32 MiB */
	/* an orphan must move SND.UNA by a full segment (or all that was
	 * outstanding) in every window of this length, else it is reset: it
	 * ends one stuck in FIN-WAIT-2, behind a zero window (the persist
	 * timer alone would probe for ever), or fed by a peer that opens its
	 * window a byte at a time (the role of Linux's tcp_orphan_retries):
	 * 60000 */
	uint32_t tcp_orphan_idle_ms;
	/* the most payload in one TCP super-segment, cut into MSS-sized
	 * frames by the device (NETDEV_F_TSO4) or by the stack (gso.c);
	 * below two MSS, every segment is built on its own: 65455 (the
	 * largest that fits an IPv4 datagram with a full TCP header) */
	uint32_t tcp_gso_max;
	/* TCP payloads from this many bytes reach a NETDEV_F_SG device in
	 * place, as pieces of the send ring (netdev.h), not copied into the
	 * packet first; shorter ones cost less to copy than to describe;
	 * above 65535, never: 65536, off by default (512 turns it on; with
	 * it on, qemu.tcp.netns.orphans.virtio leaves clients unreset, a
	 * bug not yet found) */
	uint32_t tcp_sg_min;
	/* test impairment at the device boundary (impair.c), each way, in
	 * parts per million: frames lost, frames held back to be overtaken
	 * by the next one. 0 (off) */
	uint32_t impair_loss_ppm, impair_reorder_ppm;
	/* TCP memory budget (sockets + buffers, bytes; tcp_sock.h): above
	 * pressure (96 MiB) new sockets get small buffers and windows
	 * shrink until usage falls below low (64 MiB); nothing new beyond
	 * high (128 MiB). The kernel sets them from its RAM. */
	uint64_t tcp_mem_low, tcp_mem_pressure, tcp_mem_high;
};

#define TCP_GSO_MAX (65535 - 20 - 60) /* IPv4 total length less headers */

/*
 * Per-protocol counters of what was dropped and why (and a few events),
 * listed once: struct net_counters, the `netstat -s` / `ifconfig -s` dump
 * (net_counters_dump) and the kernel's status page (every field under
 * its C name) are all made from this list. A new counter is one line
 * here. The list calls three macros, which the user defines:
 *
 *   LINE(head)         the dump starts a new line with head
 *   COUNT(field, lbl)  a counter; the dump shows " lbl N"
 *   WORD(field, lbl)   a state (0 normal, 1 pressure, 2 hard limit); the
 *                      dump shows " lbl <state as words>;"
 */
/* clang-format off */
#define NET_COUNTERS(LINE, COUNT, WORD)                                        \
	LINE("eth: ")                                                          \
	COUNT(eth_rx, "rx") COUNT(eth_rx_short, "short")                       \
	COUNT(eth_rx_not_us, "not-us") COUNT(eth_rx_vlan, "vlan")              \
	COUNT(eth_rx_unknown_type, "unknown") COUNT(eth_tx, "tx")              \
	COUNT(eth_tx_fail, "tx-fail")                                          \
	/* TCP super-segments: to the device whole, cut by gso.c (pieces) */   \
	COUNT(tso_tx, "tso") COUNT(gso_tx, "gso") COUNT(gso_pieces, "pieces")  \
	/* frames handed over in pieces from a send ring (NETDEV_F_SG), and \
	 * such packets copied whole after all (pkt_linearize) */            \
	COUNT(sg_tx, "sg") COUNT(pkt_linearized, "linearized")                 \
	/* test impairment (impair.c): frames dropped, held back */          \
	COUNT(impair_dropped, "impair-drop") COUNT(impair_held, "impair-hold") \
	LINE("arp: ")                                                          \
	COUNT(arp_rx, "rx") COUNT(arp_rx_bad, "bad")                           \
	COUNT(arp_requests_sent, "req-sent") COUNT(arp_replies_sent, "replies") \
	COUNT(arp_queue_drops, "q-drops") COUNT(arp_resolve_fail, "fail")      \
	COUNT(arp_conflicts, "conflicts")                                      \
	/* ARP merge rule: replies for addresses we never asked about,         \
	 * entries whose MAC changed, changes refused (arp_mac_hold_ms) */     \
	LINE("arp: ")                                                          \
	COUNT(arp_unsolicited, "unsolicited")                                  \
	COUNT(arp_mac_changed, "mac-changed")                                  \
	COUNT(arp_mac_change_held, "mac-change-held")                          \
	LINE("ip:  ")                                                          \
	COUNT(ip_rx, "rx") COUNT(ip_rx_bad_hdr, "bad-hdr")                     \
	COUNT(ip_rx_bad_csum, "bad-csum") COUNT(ip_rx_bad_len, "bad-len")      \
	COUNT(ip_rx_not_us, "not-us") COUNT(ip_rx_unknown_proto, "proto")      \
	COUNT(ip_tx, "tx") COUNT(ip_tx_no_route, "no-route")                   \
	COUNT(ip_tx_too_big, "too-big")                                        \
	LINE("ip:  ")                                                          \
	COUNT(ip_frag_datagrams, "fragmented")                                 \
	COUNT(ip_frags_sent, "frags-sent") COUNT(ip_frag_fail, "frag-fail")    \
	LINE("frag:")                                                          \
	COUNT(reasm_frags, "in") COUNT(reasm_ok, "ok")                         \
	COUNT(reasm_timeout, "timeout") COUNT(reasm_overlap, "overlap")        \
	COUNT(reasm_dup, "dup") COUNT(reasm_drops, "drops")                    \
	COUNT(reasm_evicted, "evicted") COUNT(reasm_src_limit, "src-limit")    \
	LINE("icmp:")                                                          \
	COUNT(icmp_rx, "rx") COUNT(icmp_rx_bad, "bad")                         \
	COUNT(icmp_echo_replied, "echo-replied")                               \
	COUNT(icmp_unreach_rx, "unreach-rx")                                   \
	COUNT(icmp_unreach_sent, "unreach-sent")                               \
	LINE("icmp:")                                                          \
	COUNT(icmp_err_ratelimited, "err-ratelimited")                         \
	COUNT(icmp_err_unmatched, "err-unmatched")                             \
	/* ICMP "fragmentation needed" for TCP: MSS lowered, or ignored        \
	 * (not in flight, no smaller) */                                      \
	COUNT(tcp_pmtu_lowered, " tcp: pmtu-lowered")                          \
	COUNT(tcp_pmtu_ignored, "pmtu-ignored")                                \
	LINE("udp: ")                                                          \
	COUNT(udp_rx, "rx") COUNT(udp_rx_bad, "bad")                           \
	COUNT(udp_rx_bad_csum, "bad-csum") COUNT(udp_rx_no_port, "no-port")    \
	COUNT(udp_rxq_drops, "q-drops") COUNT(udp_tx, "tx")                    \
	/* TCP events; tcp_socks and tcp_buf_bytes are gauges (live sockets,   \
	 * bytes of send + receive buffers allocated) for leak checks, and     \
	 * so are tcp_orphans and tcp_orphan_bytes (orphans, their buffers) */ \
	LINE("tcp: ")                                                          \
	COUNT(tcp_rx, "rx") COUNT(tcp_rx_bad, "bad")                           \
	COUNT(tcp_rx_bad_csum, "bad-csum") COUNT(tcp_rx_no_sock, "no-sock")    \
	COUNT(tcp_tx, "tx") COUNT(tcp_rst_sent, "rst-sent")                    \
	COUNT(tcp_rst_rx, "rst-rx")                                            \
	LINE("tcp: ")                                                          \
	COUNT(tcp_active_opens, "active") COUNT(tcp_passive_opens, "passive")  \
	COUNT(tcp_backlog_drops, "backlog-drops")                              \
	COUNT(tcp_timewait_recycled, "tw-recycled")                            \
	LINE("tcp: ")                                                          \
	COUNT(tcp_retransmits, "retransmits")                                  \
	COUNT(tcp_fast_retransmits, "fast") COUNT(tcp_timeouts, "timeouts")    \
	COUNT(tcp_socks, "socks") COUNT(tcp_buf_bytes, "buf-bytes")            \
	LINE("tcp: ")                                                          \
	COUNT(tcp_orphans, "orphans") COUNT(tcp_orphan_bytes, "orphan-bytes")  \
	COUNT(tcp_orphan_resets, "orphan-resets")                              \
	/* SYN cookies (tcp/tcp_cookie.h): SYN,ACKs sent with one (the         \
	 * half-open queue was full), connections made from one, and ACKs      \
	 * refused whose cookie was too old or not ours */                     \
	LINE("tcp: ")                                                          \
	COUNT(tcp_cookies_sent, "syn-cookies sent")                            \
	COUNT(tcp_cookies_ok, "ok") COUNT(tcp_cookies_stale, "stale")          \
	COUNT(tcp_cookies_bad, "bad")                                          \
	/* TCP memory budget: bytes in use and the state (gauges), times       \
	 * pressure began, and connections (SYNs, handshake ACKs, connects)    \
	 * refused at the limit */                                             \
	LINE("tcp: ")                                                          \
	COUNT(tcp_mem_bytes, "memory") WORD(tcp_mem_state, "bytes,")           \
	COUNT(tcp_mem_pressure_events, "pressure-events")                      \
	COUNT(tcp_mem_refused, "refused")                                      \
	LINE("dhcp:")                                                          \
	COUNT(dhcp_rx_bad, "bad") COUNT(dhcp_rx_ignored, "ignored")            \
	COUNT(dns_rx_bad, " dns: bad") COUNT(dns_rx_ignored, "ignored")        \
	COUNT(alloc_fail, " alloc-fail")
/* clang-format on */

#define NET_COUNTER_NO_LINE(head)
#define NET_COUNTER_FIELD(field, lbl) uint64_t field;
struct net_counters {
	NET_COUNTERS(NET_COUNTER_NO_LINE, NET_COUNTER_FIELD, NET_COUNTER_FIELD)
};

struct net_stack;

/* A stack using plat (copied). NULL if out of memory or plat incomplete. */
struct net_stack *net_create(const struct net_platform *plat);
/* Free the stack, its sockets, queues and caches; dev->stack is cleared.
 * Sockets the caller still holds become invalid. */
void net_destroy(struct net_stack *s);
struct net_tunables *net_tunables(struct net_stack *s);
const struct net_counters *net_counters(const struct net_stack *s);

/* Attach dev (its mac and mtu are read now); one interface per stack:
 * NET_EBUSY for a second one. */
int net_iface_add(struct net_stack *s, struct netdev *dev);
/* Set address, netmask and gateway (gw may be IP4_ANY). ip == IP4_ANY
 * unconfigures. A changed address sends a gratuitous ARP. */
int net_iface_set_addr(struct net_stack *s, ip4_addr_t ip, ip4_addr_t mask,
                       ip4_addr_t gw);
/* Up to NET_DNS_MAX servers (more are ignored); n == 0 clears. */
void net_set_dns_servers(struct net_stack *s, const ip4_addr_t *srv,
                         unsigned n);

/* Everything ifconfig shows. */
struct net_iface_info {
	char name[NETDEV_NAME_MAX];
	const char *driver;
	uint8_t mac[ETH_ALEN];
	uint16_t mtu;
	bool link_up;
	bool configured; /* has an address */
	ip4_addr_t ip, mask, gw;
	ip4_addr_t dns[NET_DNS_MAX];
	unsigned ndns;
	struct netdev_stats stats;
};
/* NET_ENODEV when no interface is attached. */
int net_iface_info(const struct net_stack *s, struct net_iface_info *out);

/* Run expired timers (ARP, reassembly, DHCP, DNS) at platform now_ms(). */
void net_poll_timers(struct net_stack *s);

/* Addresses as text. ip4_parse accepts exactly four decimal octets
 * "a.b.c.d" in len bytes; ip4_format writes into buf[IP4_STR_MAX]. */
int ip4_parse(const char *str, size_t len, ip4_addr_t *out);
char *ip4_format(ip4_addr_t ip, char buf[IP4_STR_MAX]);
/* 0..32 -> mask; and back (NET_EINVAL for a non-contiguous mask). */
ip4_addr_t ip4_prefix_mask(unsigned prefix);
int ip4_mask_prefix(ip4_addr_t mask);

/* Line-at-a-time output for dumps (no trailing newline in line). */
typedef void (*net_print_fn)(void *ctx, const char *line);
/* The counters as text (NET_COUNTERS), one line per group, for `netstat
 * -s` and `ifconfig -s`. */
void net_counters_dump(const struct net_stack *s, net_print_fn print,
                       void *ctx);

#endif
