/* SPDX-License-Identifier: MIT */
/*
 * ARP for IPv4 over Ethernet (RFC 826).
 *
 *   0     2     4    5    6     8        14       18       24       28
 *   +-----+-----+----+----+-----+--------+--------+--------+--------+
 *   | htype=1 | ptype=0x0800 | 6 | 4 | op | sha | spa | tha | tpa |
 *   +-----+-----+----+----+-----+--------+--------+--------+--------+
 *
 * The cache holds ARP_CACHE_SIZE entries. An unknown next hop gets an
 * INCOMPLETE entry, a request at most every arp_retry_ms, and up to
 * arp_queue_max packets waiting; after arp_max_tries unanswered requests
 * the entry and its packets are dropped (counted). Reachable entries live
 * arp_reachable_ms. A full cache evicts the entry expiring soonest.
 */
#include "net_priv.h"

#define ARP_LEN        28
#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY   2
#define ST_INCOMPLETE  (ARP_INCOMPLETE + 1)
#define ST_REACHABLE   (ARP_REACHABLE + 1)

static void arp_entry_clear(struct net_stack *s, struct arp_entry *e)
{
	pkt_free_list(s, e->q);
	nmemset(e, 0, sizeof(*e));
}

static struct arp_entry *arp_find(struct net_stack *s, ip4_addr_t ip)
{
	for (unsigned i = 0; i < ARP_CACHE_SIZE; i++)
		if (s->arp[i].state && s->arp[i].ip == ip)
			return &s->arp[i];
	return NULL;
}

/* A free entry for ip, evicting the one expiring (or started) earliest. */
static struct arp_entry *arp_new(struct net_stack *s, ip4_addr_t ip)
{
	struct arp_entry *victim = &s->arp[0];
	for (unsigned i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &s->arp[i];
		if (!e->state) {
			victim = e;
			break;
		}
		uint64_t t =
		    e->state == ST_REACHABLE ? e->expires : e->last_req;
		uint64_t v = victim->state == ST_REACHABLE ? victim->expires
		                                           : victim->last_req;
		if (t < v)
			victim = e;
	}
	if (victim->state && victim->qlen) {
		s->cnt.arp_queue_drops += victim->qlen;
	}
	arp_entry_clear(s, victim);
	victim->ip = ip;
	return victim;
}

static void arp_send(struct net_stack *s, uint16_t op, const uint8_t *tha,
                     ip4_addr_t tpa, const uint8_t *dst_mac)
{
	struct pkt *p = net_alloc(s, sizeof(*p) + ETH_HLEN + ARP_LEN);
	if (!p)
		return;
	p->next = NULL;
	p->len = ETH_HLEN + ARP_LEN;
	uint8_t *a = p->data + ETH_HLEN;
	put16(a, 1);
	put16(a + 2, ETH_P_IP);
	a[4] = ETH_ALEN;
	a[5] = 4;
	put16(a + 6, op);
	nmemcpy(a + 8, s->dev->mac, ETH_ALEN);
	put32(a + 14, s->ip);
	nmemcpy(a + 18, tha, ETH_ALEN);
	put32(a + 24, tpa);
	if (op == ARP_OP_REQUEST)
		s->cnt.arp_requests_sent++;
	else
		s->cnt.arp_replies_sent++;
	eth_output(s, p, dst_mac, ETH_P_ARP);
}

static void arp_request(struct net_stack *s, struct arp_entry *e, uint64_t now)
{
	static const uint8_t zero[ETH_ALEN];
	e->last_req = now;
	e->tries++;
	arp_send(s, ARP_OP_REQUEST, zero, e->ip, eth_broadcast);
}

/* Gratuitous ARP (RFC 5227 3): a request with spa = tpa = our address. */
void arp_announce(struct net_stack *s)
{
	static const uint8_t zero[ETH_ALEN];
	arp_send(s, ARP_OP_REQUEST, zero, s->ip, eth_broadcast);
}

/* Transmit the packets that waited for e's address. */
static void arp_flush_queue(struct net_stack *s, struct arp_entry *e)
{
	struct pkt *p = e->q;
	e->q = NULL;
	e->qlen = 0;
	while (p) {
		struct pkt *next = p->next;
		p->next = NULL;
		ip_frame_output(s, p, e->mac);
		p = next;
	}
}

static void arp_learn(struct net_stack *s, struct arp_entry *e,
                      const uint8_t *mac)
{
	nmemcpy(e->mac, mac, ETH_ALEN);
	e->state = ST_REACHABLE;
	e->tries = 0;
	e->expires = net_now(s) + s->tun.arp_reachable_ms;
	arp_flush_queue(s, e);
}

static bool mac_is_unicast(const uint8_t *m)
{
	static const uint8_t zero[ETH_ALEN];
	return !(m[0] & 1) && nmemcmp(m, zero, ETH_ALEN);
}

/* RFC 826 "Packet Reception", with the merge step. */
void arp_rx(struct net_stack *s, const uint8_t *a, size_t len)
{
	s->cnt.arp_rx++;
	if (len < ARP_LEN || get16(a) != 1 || get16(a + 2) != ETH_P_IP ||
	    a[4] != ETH_ALEN || a[5] != 4) {
		s->cnt.arp_rx_bad++;
		return;
	}
	uint16_t op = get16(a + 6);
	const uint8_t *sha = a + 8;
	ip4_addr_t spa = get32(a + 14), tpa = get32(a + 24);
	if ((op != ARP_OP_REQUEST && op != ARP_OP_REPLY) ||
	    !mac_is_unicast(sha) || ip_is_bcast(s, spa) || (spa >> 28) == 0xe) {
		s->cnt.arp_rx_bad++;
		return;
	}
	if (spa == IP4_ANY) /* a probe (RFC 5227): nothing to learn */
		goto answer;
	if (s->ip && spa == s->ip) {
		s->cnt.arp_conflicts++;
		return;
	}
	struct arp_entry *e = arp_find(s, spa);
	if (e)
		arp_learn(s, e, sha);
	else if (s->ip && tpa == s->ip)
		arp_learn(s, arp_new(s, spa), sha);
answer:
	if (op == ARP_OP_REQUEST && s->ip && tpa == s->ip)
		arp_send(s, ARP_OP_REPLY, sha, spa, sha);
}

void arp_output(struct net_stack *s, struct pkt *p, ip4_addr_t nexthop)
{
	if (nexthop == IP4_BROADCAST) {
		ip_frame_output(s, p, eth_broadcast);
		return;
	}
	uint64_t now = net_now(s);
	struct arp_entry *e = arp_find(s, nexthop);
	if (e && e->state == ST_REACHABLE) {
		ip_frame_output(s, p, e->mac);
		return;
	}
	if (!e) {
		e = arp_new(s, nexthop);
		e->state = ST_INCOMPLETE;
	}
	if (e->qlen >= s->tun.arp_queue_max) {
		s->cnt.arp_queue_drops++;
		net_free(s, p);
	} else {
		struct pkt **tail = &e->q;
		while (*tail)
			tail = &(*tail)->next;
		p->next = NULL;
		*tail = p;
		e->qlen++;
	}
	/* rate limit: at most one request per arp_retry_ms per address */
	if (!e->tries || now - e->last_req >= s->tun.arp_retry_ms)
		arp_request(s, e, now);
}

void arp_timers(struct net_stack *s, uint64_t now)
{
	for (unsigned i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &s->arp[i];
		if (e->state == ST_REACHABLE && now >= e->expires) {
			arp_entry_clear(s, e);
		} else if (e->state == ST_INCOMPLETE &&
		           now - e->last_req >= s->tun.arp_retry_ms) {
			if (e->tries < s->tun.arp_max_tries) {
				arp_request(s, e, now);
				continue;
			}
			s->cnt.arp_resolve_fail++;
			s->cnt.arp_queue_drops += e->qlen;
			arp_entry_clear(s, e);
		}
	}
}

void arp_flush(struct net_stack *s)
{
	for (unsigned i = 0; i < ARP_CACHE_SIZE; i++)
		arp_entry_clear(s, &s->arp[i]);
}

unsigned arp_table(const struct net_stack *s, struct arp_entry_info *out,
                   unsigned max)
{
	unsigned n = 0;
	uint64_t now = s->plat.now_ms();
	for (unsigned i = 0; i < ARP_CACHE_SIZE; i++) {
		const struct arp_entry *e = &s->arp[i];
		if (!e->state)
			continue;
		if (n < max) {
			struct arp_entry_info *o = &out[n];
			o->ip = e->ip;
			nmemcpy(o->mac, e->mac, ETH_ALEN);
			o->state = (enum arp_state)(e->state - 1);
			o->expires_in_ms =
			    e->state == ST_REACHABLE && e->expires > now
			        ? (uint32_t)(e->expires - now)
			        : 0;
			o->queued = e->qlen;
		}
		n++;
	}
	return n;
}

void arp_dump(const struct net_stack *s, net_print_fn print, void *ctx)
{
	struct arp_entry_info t[ARP_CACHE_SIZE];
	unsigned n = arp_table(s, t, ARP_CACHE_SIZE);
	char line[96], ip[IP4_STR_MAX];
	print(ctx, "Address          HWaddress          State       Expires");
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *m = t[i].mac;
		nsnprintf(
		    line, sizeof(line),
		    "%-16s %02x:%02x:%02x:%02x:%02x:%02x  %-10s  %us",
		    ip4_format(t[i].ip, ip), m[0], m[1], m[2], m[3], m[4], m[5],
		    t[i].state == ARP_REACHABLE ? "reachable" : "incomplete",
		    t[i].expires_in_ms / 1000);
		print(ctx, line);
	}
}
