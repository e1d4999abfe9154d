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
 *
 * What creates and changes entries (RFC 826 "Packet Reception", the
 * merge flag):
 *   - an entry is created only by our own resolution (the INCOMPLETE
 *     entry above) or by a request whose target is our address (we are
 *     about to answer it, and the asker will talk to us);
 *   - any ARP packet (request, reply, gratuitous) whose sender address
 *     is in the cache updates that entry (merge);
 *   - a reply for an address not in the cache is unsolicited: ignored
 *     and counted (arp_unsolicited); so is a request for someone else;
 *   - a claim that a known entry's MAC changed is refused while its
 *     current MAC is younger than arp_mac_hold_ms (since learned or last
 *     changed, or last defended); after that, we ask the old MAC (a
 *     unicast request) and refuse the claim if it answers within
 *     arp_retry_ms (a new hold starts), else take the new MAC. Refusals count
 * arp_mac_change_held (a hold refusal is logged once per hold), changes
 * arp_mac_changed (logged). So one spoofed frame cannot take over the gateway's
 * entry while the gateway is alive, and the entry cannot flap faster than once
 * per hold. ARP has no authentication: a spoofer that also silences or
 *     impersonates the old owner (answers the unicast probe) still
 *     wins, loudly; static entries are not supported.
 *   - an entry learned passively (from a request) never evicts the
 *     gateway's entry or one being resolved, so a flood of requests
 *     from many addresses cannot push the gateway out of the cache.
 * Gratuitous ARP (a request or reply with sender = target address,
 * RFC 5227 3) is just the merge case: it updates a cached address
 * (subject to the hold) and creates nothing.
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

/* When e would be evicted (earlier goes first). */
static uint64_t arp_evict_time(const struct arp_entry *e)
{
	return e->state == ST_REACHABLE ? e->expires : e->last_req;
}

/* Whether e may be evicted for an entry learned passively (from a
 * request): not the gateway's, not one being resolved. */
static bool arp_passive_victim_ok(const struct net_stack *s,
                                  const struct arp_entry *e)
{
	return e->state == ST_REACHABLE && !(s->gw && e->ip == s->gw);
}

/* A free entry for ip, evicting the one expiring (or started) earliest;
 * passive (learned from a request): only arp_passive_victim_ok ones, and
 * NULL if there is none. */
static struct arp_entry *arp_new(struct net_stack *s, ip4_addr_t ip,
                                 bool passive)
{
	struct arp_entry *victim = NULL;
	for (unsigned i = 0; i < ARP_CACHE_SIZE; i++) {
		struct arp_entry *e = &s->arp[i];
		if (!e->state) {
			victim = e;
			break;
		}
		if (passive && !arp_passive_victim_ok(s, e))
			continue;
		if (!victim || arp_evict_time(e) < arp_evict_time(victim))
			victim = e;
	}
	if (!victim)
		return NULL;
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
	struct pkt *p = pkt_new(s, ETH_HLEN + ARP_LEN);
	if (!p)
		return;
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
	if (e->state != ST_REACHABLE || nmemcmp(e->mac, mac, ETH_ALEN)) {
		e->mac_since = net_now(s);
		e->held_logged = false;
	}
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

static void arp_log_change(struct net_stack *s, const struct arp_entry *e,
                           const uint8_t *mac, const char *what)
{
	char a[IP4_STR_MAX];
	const uint8_t *o = e->mac;
	nlog(s,
	     "net: arp: %s %s: %02x:%02x:%02x:%02x:%02x:%02x -> "
	     "%02x:%02x:%02x:%02x:%02x:%02x\n",
	     what, ip4_format(e->ip, a), o[0], o[1], o[2], o[3], o[4], o[5],
	     mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* The merge step for a cached entry: learn (resolution, refresh), or a
 * claim that its MAC changed. A claim inside the hold is refused. Else
 * the old MAC is asked, by a unicast request (Linux's NUD probe does the
 * same): if the old owner answers within arp_retry_ms the claim was a
 * spoof and is refused; if not, arp_timers takes the new MAC. */
static void arp_merge(struct net_stack *s, struct arp_entry *e,
                      const uint8_t *mac)
{
	uint64_t now = net_now(s);
	if (e->state == ST_REACHABLE && nmemcmp(e->mac, mac, ETH_ALEN)) {
		if (now - e->mac_since < s->tun.arp_mac_hold_ms) {
			s->cnt.arp_mac_change_held++;
			if (!e->held_logged)
				arp_log_change(s, e, mac,
				               "MAC change refused (held)");
			e->held_logged = true;
			return;
		}
		nmemcpy(e->claim_mac, mac, ETH_ALEN); /* the latest claim */
		if (!e->probe_at) {
			e->probe_at = now + s->tun.arp_retry_ms;
			arp_log_change(s, e, mac, "MAC change claimed, asking");
			arp_send(s, ARP_OP_REQUEST, e->mac, e->ip, e->mac);
		}
		return;
	}
	if (e->state == ST_REACHABLE && e->probe_at) {
		/* the old owner is alive: the claim was false; the next
		 * claims wait out a hold (one probe and log per hold) */
		e->probe_at = 0;
		s->cnt.arp_mac_change_held++;
		arp_log_change(s, e, e->claim_mac,
		               "MAC change refused (old MAC answered)");
		e->mac_since = now;
		e->held_logged = false;
	}
	arp_learn(s, e, mac);
}

/* Nobody answered for the old MAC: the claimed one takes over. */
static void arp_probe_expired(struct net_stack *s, struct arp_entry *e)
{
	e->probe_at = 0;
	s->cnt.arp_mac_changed++;
	arp_log_change(s, e, e->claim_mac, "MAC changed");
	arp_learn(s, e, e->claim_mac);
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
	bool to_us = s->ip && tpa == s->ip;
	if (e) {
		arp_merge(s, e, sha);
	} else if (op == ARP_OP_REQUEST && to_us) {
		if ((e = arp_new(s, spa, true)))
			arp_learn(s, e, sha);
	} else if (op == ARP_OP_REPLY) {
		s->cnt.arp_unsolicited++;
	}
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
		e = arp_new(s, nexthop, false);
		e->state = ST_INCOMPLETE;
	}
	if (e->qlen >= s->tun.arp_queue_max) {
		s->cnt.arp_queue_drops++;
		net_free(s, p);
	} else if ((p = pkt_linearize(s, p))) { /* kept past the sender */
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
		} else if (e->state == ST_REACHABLE && due(e->probe_at, now)) {
			arp_probe_expired(s, e);
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
