/* SPDX-License-Identifier: MIT */
/* The ARP cache (RFC 826), read-only views for the `arp` shell command. */
#ifndef NET_ARP_H
#define NET_ARP_H
#include <net/net.h>

enum arp_state {
	ARP_INCOMPLETE, /* request sent, no answer yet */
	ARP_REACHABLE,  /* answer known, until it expires */
};

struct arp_entry_info {
	ip4_addr_t ip;
	uint8_t mac[ETH_ALEN]; /* zero while incomplete */
	enum arp_state state;
	uint32_t expires_in_ms; /* reachable: time left; incomplete: 0 */
	unsigned queued;        /* packets waiting for this address */
};

/* Copy up to max entries into out; returns how many there are in total. */
unsigned arp_table(const struct net_stack *s, struct arp_entry_info *out,
                   unsigned max);
/* A header line then one line per entry:
 * "10.0.2.2         52:55:0a:00:02:02  reachable  58s" */
void arp_dump(const struct net_stack *s, net_print_fn print, void *ctx);
/* Drop every entry (and the packets queued behind incomplete ones). */
void arp_flush(struct net_stack *s);

#endif
