/* SPDX-License-Identifier: MIT */
/*
 * DHCP client (RFC 2131, options RFC 2132) for the stack's interface.
 *
 *   INIT -DISCOVER-> SELECTING -OFFER/REQUEST-> REQUESTING -ACK-> BOUND
 *   BOUND -T1-> RENEWING (unicast REQUEST) -T2-> REBINDING (broadcast)
 *   NAK or lease expiry -> INIT;  no answer for fallback_ms -> FALLBACK
 *
 * Retransmissions back off exponentially (4 s, 8 s, ... 64 s) with +-1 s
 * of random jitter (RFC 2131 4.1).
 */
#ifndef NET_DHCP_H
#define NET_DHCP_H
#include <net/net.h>

enum dhcp_state {
	DHCP_OFF,
	DHCP_SELECTING, /* DISCOVER sent, waiting for an OFFER */
	DHCP_REQUESTING,
	DHCP_BOUND,
	DHCP_RENEWING,
	DHCP_REBINDING,
	DHCP_FALLBACK, /* gave up; static fallback configuration applied */
	DHCP_FAILED,   /* gave up, no fallback given */
};

/* The lease (or the fallback) in force. */
struct dhcp_lease {
	ip4_addr_t ip, mask, gw, server;
	ip4_addr_t dns[NET_DNS_MAX];
	unsigned ndns;
	uint32_t lease_s, t1_s, t2_s;
	uint64_t bound_at_ms;
};

/* A static configuration: what `net=static:...` gives, and the fallback. */
struct net_static_cfg {
	ip4_addr_t ip, mask, gw, dns;
};

typedef void (*dhcp_notify_fn)(void *ctx, enum dhcp_state st);

/* Start (or restart) from INIT. fallback may be NULL; it is applied when
 * no lease was obtained within fallback_ms (0: never give up). The
 * interface must exist. 0 or NET_E*. */
int dhcp_start(struct net_stack *s, const struct net_static_cfg *fallback,
               uint32_t fallback_ms);
/* Stop the client; the address stays as it is. */
void dhcp_stop(struct net_stack *s);
enum dhcp_state dhcp_state(const struct net_stack *s);
const char *dhcp_state_name(enum dhcp_state st);
/* 0 and *out when BOUND/RENEWING/REBINDING/FALLBACK, else NET_EAGAIN. */
int dhcp_lease(const struct net_stack *s, struct dhcp_lease *out);
/* fn runs on every state change. */
void dhcp_set_notify(struct net_stack *s, dhcp_notify_fn fn, void *ctx);

#endif
