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
	return p;
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
