/* SPDX-License-Identifier: MIT */
/* ICMP (RFC 792): the stack answers echo requests on its own; these send
 * echo requests and report what comes back. */
#ifndef NET_ICMP_H
#define NET_ICMP_H
#include <net/net.h>

#define ICMP_ECHO_REPLY    0
#define ICMP_DEST_UNREACH  3
#define ICMP_ECHO_REQUEST  8
#define ICMP_TIME_EXCEEDED 11
#define ICMP_FRAG_NEEDED   4     /* code of ICMP_DEST_UNREACH (RFC 1191) */
#define ICMP_ECHO_DATA_MAX 65507 /* 65535 - IP - ICMP headers (fragmented) */

/* An echo reply, or an error (unreachable, time exceeded) quoting one of
 * our echo requests: then type/code say which, id/seq are the quoted
 * request's and quoted_dst its destination. payload/len: the reply's
 * data (NULL/0 for errors). */
struct icmp_event {
	ip4_addr_t from, quoted_dst;
	uint8_t type, code, ttl;
	uint16_t id, seq;
	const void *payload;
	size_t len;
};
typedef void (*icmp_event_fn)(void *ctx, const struct icmp_event *ev);

/* Send an echo request; len <= ICMP_ECHO_DATA_MAX (fragmented beyond
 * the MTU). 0, or NET_E* (the
 * packet may also wait for ARP: then 0, and a failure is only counted). */
int icmp_echo_send(struct net_stack *s, ip4_addr_t dst, uint16_t id,
                   uint16_t seq, const void *payload, size_t len);
/* One handler per stack (NULL removes it); the glue matches the reply's
 * source (an error's quoted_dst), id and seq to its request. */
void icmp_set_handler(struct net_stack *s, icmp_event_fn fn, void *ctx);

#endif
