/* SPDX-License-Identifier: MIT */
/*
 * Blocking network calls for kernel threads, over the non-blocking stack.
 * Each call takes the net lock around one non-blocking stack call, and
 * sleeps on one event queue between tries; the stack's callbacks (UDP
 * readable, ICMP reply, DNS done, DHCP state) bump an event counter and
 * wake every sleeper, which re-checks its own condition:
 *
 *   caller                         netd (net lock held)
 *   ------                         ---------------------
 *   gen = ev_gen; lock; try;       net_rx -> stack -> callback:
 *   unlock; if nothing:              ev_gen++, wake all
 *   sleep until ev_gen != gen
 *   or the deadline; try again
 *
 * All return >= 0 or NET_E* (net.h); timeouts are NET_ETIMEDOUT, and
 * NET_ENODEV means there is no configured stack.
 */
#ifndef KERNEL_NET_NET_SOCK_H
#define KERNEL_NET_NET_SOCK_H
#include <stdint.h>
#include <net/dhcp.h>
#include <net/net.h>
#include <net/udp.h>

void net_sock_init(struct net_stack *s);

/* A UDP socket bound to port (0: ephemeral). */
int knet_udp_open(struct udp_sock **out, uint16_t port);
int knet_udp_sendto(struct udp_sock *u, ip4_addr_t dst, uint16_t port,
                    const void *buf, size_t len);
/* Wait up to timeout_ms for a datagram (udp_recvfrom semantics). */
int knet_udp_recvfrom(struct udp_sock *u, void *buf, size_t cap,
                      ip4_addr_t *src, uint16_t *sport, uint32_t timeout_ms);
void knet_udp_close(struct udp_sock *u);

/* Name -> address (a dotted quad resolves at once). */
int knet_resolve(const char *name, ip4_addr_t *out, uint32_t timeout_ms);

struct knet_ping_result {
	uint64_t rtt_us;
	uint8_t ttl, type, code; /* type 0: echo reply; else the error */
	ip4_addr_t from;
};
/* One echo request (len payload bytes) and its answer. 0 with *res for
 * a reply; NET_EHOSTUNREACH (res filled) for an ICMP error. */
int knet_ping(ip4_addr_t dst, uint16_t seq, size_t len, uint32_t timeout_ms,
              struct knet_ping_result *res);

/* (Re)start DHCP and wait for a lease. */
int knet_dhcp(uint32_t timeout_ms, struct dhcp_lease *out);
#endif
