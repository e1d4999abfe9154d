/* SPDX-License-Identifier: MIT */
/*
 * The receive buffer with out-of-order reassembly (RFC 9293 3.10.7.4:
 * segments beyond RCV.NXT are held and delivered in order).
 *
 * One ring of cap bytes (storage from the caller) holds both the
 * in-order bytes not yet read and, after them, out-of-order data written
 * straight into its final place. A sorted list of at most
 * TCP_REASM_MAX_RANGES merged ranges records which out-of-order bytes are
 * present. Memory is bounded by cap; nothing is allocated per segment.
 * A full list gives up its farthest range, never the data at RCV.NXT:
 * refusing that (the peer, without SACK, resends only the first hole)
 * would stall the connection for good.
 *
 *   ring:  head                head+used (= RCV.NXT)          head+cap
 *          |<--- readable --->|<------- receive window ------->|
 *                             |  hole  [range] hole [range]     |
 *
 * The window advertised is cap - used (RFC 9293 3.8.6: out-of-order data
 * already lies inside it). Bytes before RCV.NXT or beyond the window are
 * trimmed. Overlapping copies of the same bytes are expected to agree
 * (RFC 9293 3.10.7.4); where they differ, the later copy is kept.
 */
#ifndef NET_TCP_REASM_H
#define NET_TCP_REASM_H
#include <stddef.h>
#include <stdint.h>
#include "tcp_seq.h"

#define TCP_REASM_MAX_RANGES 16

struct tcp_range {
	tcp_seq_t seq;
	uint32_t len;
};

struct tcp_rcvbuf {
	uint8_t *buf;
	uint32_t cap;
	uint32_t head; /* ring index of the first unread byte */
	uint32_t used; /* in-order bytes ready to read */
	tcp_seq_t nxt; /* RCV.NXT: the sequence number after them */
	struct tcp_range ooo[TCP_REASM_MAX_RANGES]; /* sorted, disjoint,
	                                               not adjacent */
	unsigned nooo;
	tcp_seq_t last; /* start of the latest out-of-order data taken */
};

/* Use storage[cap] (cap > 0), expecting sequence number nxt next. */
void tcp_rcvbuf_init(struct tcp_rcvbuf *rb, uint8_t *storage, uint32_t cap,
                     tcp_seq_t nxt);

/* Add the segment data[len] starting at seq. Returns how far RCV.NXT
 * advanced (0 for duplicate, out-of-window or out-of-order data). When
 * it needs a range beyond TCP_REASM_MAX_RANGES, the range farthest from
 * RCV.NXT is forgotten to make room (those bytes were never
 * acknowledged; the peer sends them again), so data nearer RCV.NXT --
 * above all the segment at RCV.NXT itself -- is always taken; a segment
 * that would itself be the farthest range is refused with NET_ENOBUFS. */
int tcp_rcvbuf_insert(struct tcp_rcvbuf *rb, tcp_seq_t seq, const void *data,
                      uint32_t len);

/* Up to max of the out-of-order ranges, in out[], for SACK blocks (RFC
 * 2018 4): first the one holding the latest out-of-order data, then the
 * others from RCV.NXT on. Returns the count (0: no out-of-order data). */
unsigned tcp_rcvbuf_sack(const struct tcp_rcvbuf *rb, struct tcp_range *out,
                         unsigned max);

/* Copy up to max in-order bytes to out; returns the count (0 if none). */
uint32_t tcp_rcvbuf_read(struct tcp_rcvbuf *rb, void *out, uint32_t max);

/* The receive window: free space from RCV.NXT on. */
static inline uint32_t tcp_rcvbuf_window(const struct tcp_rcvbuf *rb)
{
	return rb->cap - rb->used;
}

#endif
