/* SPDX-License-Identifier: MIT */
/* Ring-buffer copies (see net/tcp/tcp_ring.h). */
#include "../net_priv.h"
#include "tcp_ring.h"

void tcp_ring_put(uint8_t *ring, uint32_t cap, uint32_t pos, const void *src,
                  uint32_t n)
{
	const uint8_t *s = src;
	uint32_t first = cap - pos < n ? cap - pos : n;
	nmemcpy(ring + pos, s, first);
	nmemcpy(ring, s + first, n - first);
}

void tcp_ring_get(const uint8_t *ring, uint32_t cap, uint32_t pos, void *dst,
                  uint32_t n)
{
	uint8_t *d = dst;
	uint32_t first = cap - pos < n ? cap - pos : n;
	nmemcpy(d, ring + pos, first);
	nmemcpy(d + first, ring, n - first);
}
