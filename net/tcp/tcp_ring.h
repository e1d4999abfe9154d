/* SPDX-License-Identifier: MIT */
/* Byte copies into and out of a ring buffer of cap bytes, wrapping at the
 * end. Shared by the send and receive buffers. pos < cap, n <= cap. */
#ifndef NET_TCP_RING_H
#define NET_TCP_RING_H
#include <stdint.h>

/* ring[pos..pos+n) (mod cap) = src[0..n). */
void tcp_ring_put(uint8_t *ring, uint32_t cap, uint32_t pos, const void *src,
                  uint32_t n);
/* dst[0..n) = ring[pos..pos+n) (mod cap). */
void tcp_ring_get(const uint8_t *ring, uint32_t cap, uint32_t pos, void *dst,
                  uint32_t n);
/* (pos + n) mod cap without overflow. */
static inline uint32_t tcp_ring_add(uint32_t cap, uint32_t pos, uint32_t n)
{
	return (uint32_t)(((uint64_t)pos + n) % cap);
}

#endif
