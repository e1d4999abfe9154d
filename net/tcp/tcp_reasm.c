/* SPDX-License-Identifier: MIT */
/* Receive ring with out-of-order reassembly (see net/tcp/tcp_reasm.h). */
#include "../net_priv.h"
#include "tcp_reasm.h"
#include "tcp_ring.h"

void tcp_rcvbuf_init(struct tcp_rcvbuf *rb, uint8_t *storage, uint32_t cap,
                     tcp_seq_t nxt)
{
	*rb = (struct tcp_rcvbuf){.buf = storage, .cap = cap, .nxt = nxt};
}

/* Merge [s, e) (offsets from RCV.NXT) into the range list, in
 * out[TCP_REASM_MAX_RANGES + 1]; *mine is set to the index of the range
 * that holds [s, e). Returns the new count. */
static unsigned merge(const struct tcp_rcvbuf *rb, uint32_t s, uint32_t e,
                      struct tcp_range *out, unsigned *mine)
{
	unsigned n = 0;
	bool placed = false;
	for (unsigned i = 0; i < rb->nooo; i++) {
		uint32_t rs = rb->ooo[i].seq - rb->nxt,
		         re = rs + rb->ooo[i].len;
		if (re >= s && rs <= e) { /* overlapping or adjacent: absorb */
			s = rs < s ? rs : s;
			e = re > e ? re : e;
			continue;
		}
		if (rs > e && !placed) {
			placed = true;
			*mine = n;
			out[n++] = (struct tcp_range){rb->nxt + s, e - s};
		}
		out[n++] = rb->ooo[i];
	}
	if (!placed) {
		*mine = n;
		out[n++] = (struct tcp_range){rb->nxt + s, e - s};
	}
	return n;
}

/* If the first range starts at RCV.NXT, make it readable. */
static uint32_t advance(struct tcp_rcvbuf *rb)
{
	if (!rb->nooo || rb->ooo[0].seq != rb->nxt)
		return 0;
	uint32_t n = rb->ooo[0].len;
	rb->used += n;
	rb->nxt += n;
	rb->nooo--;
	for (unsigned i = 0; i < rb->nooo; i++)
		rb->ooo[i] = rb->ooo[i + 1];
	return n;
}

int tcp_rcvbuf_insert(struct tcp_rcvbuf *rb, tcp_seq_t seq, const void *data,
                      uint32_t len)
{
	const uint8_t *p = data;
	if (seq_lt(seq, rb->nxt)) { /* trim what was already received */
		uint32_t d = rb->nxt - seq;
		if (d >= len)
			return 0;
		p += d;
		len -= d;
		seq = rb->nxt;
	}
	uint32_t off = seq - rb->nxt, win = tcp_rcvbuf_window(rb);
	if (len == 0 || off >= win)
		return 0;
	if (len > win - off) /* trim to the window */
		len = win - off;
	struct tcp_range out[TCP_REASM_MAX_RANGES + 1];
	unsigned mine, n = merge(rb, off, off + len, out, &mine);
	if (n > TCP_REASM_MAX_RANGES) {
		/* the list is full: the farthest range goes, its bytes
		 * unacknowledged (the peer sends them again); a segment
		 * that would itself be farthest is refused */
		if (mine == TCP_REASM_MAX_RANGES)
			return NET_ENOBUFS;
		n = TCP_REASM_MAX_RANGES;
	}
	tcp_ring_put(rb->buf, rb->cap,
	             tcp_ring_add(rb->cap, rb->head, rb->used + off), p, len);
	nmemcpy(rb->ooo, out, (size_t)n * sizeof(out[0]));
	rb->nooo = (unsigned)n;
	if (off)
		rb->last = seq;
	return (int)advance(rb);
}

/* Whether r holds sequence number q. */
static bool range_has(const struct tcp_range *r, tcp_seq_t q)
{
	return q - r->seq < r->len;
}

unsigned tcp_rcvbuf_sack(const struct tcp_rcvbuf *rb, struct tcp_range *out,
                         unsigned max)
{
	unsigned n = 0, first = rb->nooo;

	for (unsigned i = 0; i < rb->nooo; i++)
		if (range_has(&rb->ooo[i], rb->last))
			first = i;
	if (first < rb->nooo && n < max)
		out[n++] = rb->ooo[first];
	for (unsigned i = 0; i < rb->nooo && n < max; i++)
		if (i != first)
			out[n++] = rb->ooo[i];
	return n;
}

uint32_t tcp_rcvbuf_read(struct tcp_rcvbuf *rb, void *out, uint32_t max)
{
	uint32_t n = rb->used < max ? rb->used : max;
	tcp_ring_get(rb->buf, rb->cap, rb->head, out, n);
	rb->head = tcp_ring_add(rb->cap, rb->head, n);
	rb->used -= n;
	return n;
}
