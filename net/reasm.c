/* SPDX-License-Identifier: MIT */
/*
 * IPv4 fragment reassembly (RFC 791 3.2, RFC 1122 3.3.2).
 *
 * Datagrams in flight are keyed by (src, dst, id, protocol). Each keeps
 * its fragments in a list sorted by offset; it is complete when the
 * fragments cover [0, end) without a gap and the last one (MF clear) set
 * end.
 *
 *   frags:  [0..1480) -> [1480..2960) -> [2960..3000, MF=0]   end = 3000
 *
 * Overlap policy: a fragment identical in offset and length to one we
 * hold is a duplicate and is ignored (counted reasm_dup); any other
 * overlap discards the whole datagram (reasm_overlap). Well-behaved
 * senders never produce partial overlaps; resolving them is how
 * "teardrop"-style attacks and IDS evasion work, so dropping (as Linux
 * does since 2018, and as RFC 5722 requires for IPv6) is the safe choice.
 *
 * Limits: reasm_max_datagrams in flight, reasm_max_per_src of them from
 * one source address, reasm_max_frags per datagram, 65535 bytes per
 * datagram (header included), reasm_timeout_ms from the first fragment.
 * A new datagram finding its source at the cap replaces that source's
 * oldest (reasm_src_limit); finding every slot busy, it replaces the
 * oldest of all (reasm_evicted). So a few spoofed fragments that never
 * complete cannot hold the table for the whole timeout (they used to
 * block every other datagram for 30 s), and one source can take at most
 * its share. RFC 792 "time exceeded" is not sent on timeout.
 */
#include "net_priv.h"

static void dgram_free(struct net_stack *s, struct reasm_dgram *d)
{
	struct reasm_frag *f = d->frags;
	while (f) {
		struct reasm_frag *next = f->next;
		net_free(s, f);
		f = next;
	}
	net_free(s, d);
}

static void dgram_unlink(struct net_stack *s, struct reasm_dgram *d)
{
	for (struct reasm_dgram **pp = &s->reasm; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			s->nreasm--;
			break;
		}
	}
	dgram_free(s, d);
}

/* The oldest datagram in flight (from src, or from anyone if src is
 * IP4_ANY), and how many there are. */
static struct reasm_dgram *dgram_oldest(struct net_stack *s, ip4_addr_t src,
                                        unsigned *n)
{
	struct reasm_dgram *old = NULL;
	*n = 0;
	for (struct reasm_dgram *d = s->reasm; d; d = d->next) {
		if (src != IP4_ANY && d->src != src)
			continue;
		++*n;
		if (!old || d->deadline <= old->deadline)
			old = d;
	}
	return old;
}

/* Make room for a new datagram from src: evict its source's oldest at
 * the per-source cap, else the oldest of all when the table is full.
 * False if the limits are 0 (nothing may be held). */
static bool dgram_make_room(struct net_stack *s, ip4_addr_t src)
{
	unsigned n;
	struct reasm_dgram *old = dgram_oldest(s, src, &n);
	if (!s->tun.reasm_max_datagrams || !s->tun.reasm_max_per_src)
		return false;
	if (n >= s->tun.reasm_max_per_src) {
		s->cnt.reasm_src_limit++;
		dgram_unlink(s, old);
	}
	while (s->nreasm >= s->tun.reasm_max_datagrams) {
		s->cnt.reasm_evicted++;
		dgram_unlink(s, dgram_oldest(s, IP4_ANY, &n));
	}
	return true;
}

static struct reasm_dgram *dgram_get(struct net_stack *s,
                                     const struct ip4_hdr *h)
{
	for (struct reasm_dgram *d = s->reasm; d; d = d->next)
		if (d->src == h->src && d->dst == h->dst && d->id == h->id &&
		    d->proto == h->proto)
			return d;
	if (!dgram_make_room(s, h->src))
		return NULL;
	struct reasm_dgram *d = net_alloc(s, sizeof(*d));
	if (!d)
		return NULL;
	nmemset(d, 0, sizeof(*d));
	d->src = h->src;
	d->dst = h->dst;
	d->id = h->id;
	d->proto = h->proto;
	d->deadline = net_now(s) + s->tun.reasm_timeout_ms;
	d->next = s->reasm;
	s->reasm = d;
	s->nreasm++;
	return d;
}

/* Insert [off, off+len) in order. 1 inserted, 0 duplicate, <0 overlap or
 * out of memory. */
static int frag_insert(struct net_stack *s, struct reasm_dgram *d, uint16_t off,
                       uint16_t len, const uint8_t *data)
{
	struct reasm_frag **pp = &d->frags;
	while (*pp && (*pp)->off + (*pp)->len <= off &&
	       !((*pp)->off == off && (*pp)->len == len))
		pp = &(*pp)->next;
	struct reasm_frag *at = *pp;
	if (at && at->off == off && at->len == len)
		return 0;
	if (at && at->off < off + len)
		return NET_EPROTO; /* overlaps at (which ends after off) */
	struct reasm_frag *f = net_alloc(s, sizeof(*f) + len);
	if (!f)
		return NET_ENOMEM;
	f->off = off;
	f->len = len;
	nmemcpy(f->data, data, len);
	f->next = at;
	*pp = f;
	d->nfrags++;
	return 1;
}

static bool dgram_complete(const struct reasm_dgram *d)
{
	uint32_t next = 0;
	if (!d->end || !d->hlen)
		return false;
	for (const struct reasm_frag *f = d->frags; f; f = f->next) {
		if (f->off != next)
			return false;
		next += f->len;
	}
	return next == d->end;
}

/* Join the fragments behind the first one's header and deliver. */
static void dgram_deliver(struct net_stack *s, struct reasm_dgram *d)
{
	size_t total = d->hlen + d->end;
	uint8_t *buf = net_alloc(s, total);
	if (!buf) {
		s->cnt.reasm_drops++;
		return;
	}
	nmemcpy(buf, d->hdr, d->hlen);
	for (const struct reasm_frag *f = d->frags; f; f = f->next)
		nmemcpy(buf + d->hlen + f->off, f->data, f->len);
	struct ip_rx rx = {
	    .hdr = buf,
	    .hlen = d->hlen,
	    .bcast = ip_is_bcast(s, d->dst),
	    .data = buf + d->hlen,
	    .len = d->end,
	};
	/* the header as if it had arrived whole */
	put16(buf + 2, (uint16_t)total);
	put16(buf + 6, 0);
	put16(buf + 10, 0);
	put16(buf + 10, inet_checksum(buf, d->hlen));
	ip4_hdr_parse(buf, total, &rx.h);
	s->cnt.reasm_ok++;
	ip_deliver(s, &rx);
	net_free(s, buf);
}

void reasm_input(struct net_stack *s, const struct ip4_hdr *h,
                 const uint8_t *hdr, const uint8_t *payload)
{
	uint32_t len = h->total_len - h->hlen;
	uint32_t end = (uint32_t)h->frag_off + len;
	s->cnt.reasm_frags++;
	/* non-last fragments carry a multiple of 8 bytes (RFC 791 3.2) */
	if ((h->mf && (len == 0 || len % 8)) || h->hlen + end > 65535) {
		s->cnt.reasm_drops++;
		return;
	}
	struct reasm_dgram *d = dgram_get(s, h);
	if (!d) {
		s->cnt.reasm_drops++;
		return;
	}
	if (!h->mf) {
		if ((d->end && d->end != end) || end == 0) {
			s->cnt.reasm_overlap++;
			dgram_unlink(s, d);
			return;
		}
		d->end = end;
		for (struct reasm_frag *f = d->frags; f; f = f->next)
			if ((uint32_t)f->off + f->len > end)
				d->end = 0;
		if (!d->end) {
			s->cnt.reasm_overlap++;
			dgram_unlink(s, d);
			return;
		}
	}
	if ((d->end && end > d->end) || d->nfrags >= s->tun.reasm_max_frags) {
		s->cnt.reasm_drops++;
		dgram_unlink(s, d);
		return;
	}
	int r = frag_insert(s, d, h->frag_off, (uint16_t)len, payload);
	if (r < 0) {
		if (r == NET_EPROTO)
			s->cnt.reasm_overlap++;
		else
			s->cnt.reasm_drops++;
		dgram_unlink(s, d);
		return;
	}
	if (r == 0) {
		s->cnt.reasm_dup++;
		return;
	}
	if (h->frag_off == 0) {
		d->hlen = h->hlen;
		nmemcpy(d->hdr, hdr, h->hlen);
	}
	if (d->hlen && d->hlen + (d->end ? d->end : end) > 65535) {
		/* the first fragment's header makes it too long (the check
		 * above could only use this fragment's header) */
		s->cnt.reasm_drops++;
		dgram_unlink(s, d);
		return;
	}
	if (dgram_complete(d)) {
		/* unlink first: delivery may run a long way up the stack */
		struct reasm_dgram **pp = &s->reasm;
		while (*pp != d)
			pp = &(*pp)->next;
		*pp = d->next;
		s->nreasm--;
		dgram_deliver(s, d);
		dgram_free(s, d);
	}
}

void reasm_timers(struct net_stack *s, uint64_t now)
{
	struct reasm_dgram **pp = &s->reasm;
	while (*pp) {
		struct reasm_dgram *d = *pp;
		if (now >= d->deadline) {
			*pp = d->next;
			s->nreasm--;
			s->cnt.reasm_timeout++;
			dgram_free(s, d);
		} else {
			pp = &d->next;
		}
	}
}

void reasm_free_all(struct net_stack *s)
{
	uint64_t timeouts = s->cnt.reasm_timeout;
	reasm_timers(s, UINT64_MAX);
	s->cnt.reasm_timeout = timeouts;
}
