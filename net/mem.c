/* SPDX-License-Identifier: MIT */
/*
 * Memory for every layer: blocks from the platform's allocator, with
 * failures counted (alloc_fail), and outbound packets (struct pkt) with
 * room for the Ethernet and IP headers in front of the payload.
 */
#include "net_priv.h"

void *net_alloc(struct net_stack *s, size_t n)
{
	void *p = s->plat.alloc(n);
	if (!p)
		s->cnt.alloc_fail++;
	return p;
}

void net_free(struct net_stack *s, void *p)
{
	if (p)
		s->plat.free(p);
}

struct pkt *pkt_new(struct net_stack *s, size_t len)
{
	struct pkt *p = net_alloc(s, sizeof(*p) + len);
	if (!p)
		return NULL;
	p->next = NULL;
	p->len = len;
	p->csum_start = p->csum_offset = 0;
	p->gso_size = p->hdr_len = 0;
	for (unsigned i = 0; i < NETDEV_FRAGS; i++)
		p->frag[i] = (struct netdev_frag){0};
	return p;
}

struct pkt *pkt_linearize(struct net_stack *s, struct pkt *p)
{
	if (!p->frag[0].n && !p->frag[1].n)
		return p;
	struct pkt *q = pkt_new(s, pkt_len(p));
	if (q) {
		size_t off = p->len;
		nmemcpy(q->data, p->data, p->len);
		for (unsigned i = 0; i < NETDEV_FRAGS && p->frag[i].n; i++) {
			nmemcpy(q->data + off, p->frag[i].p, p->frag[i].n);
			off += p->frag[i].n;
		}
		q->csum_start = p->csum_start;
		q->csum_offset = p->csum_offset;
		q->gso_size = p->gso_size;
		q->hdr_len = p->hdr_len;
		s->cnt.pkt_linearized++;
	}
	net_free(s, p);
	return q;
}

struct pkt *pkt_alloc(struct net_stack *s, size_t l4len)
{
	return pkt_new(s, NET_HDRS + l4len);
}

void pkt_free_list(struct net_stack *s, struct pkt *p)
{
	while (p) {
		struct pkt *next = p->next;
		net_free(s, p);
		p = next;
	}
}
