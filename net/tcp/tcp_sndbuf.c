/* SPDX-License-Identifier: MIT */
/* The send ring (see net/tcp/tcp_sndbuf.h). */
#include "../net_priv.h"
#include "tcp_ring.h"
#include "tcp_sndbuf.h"

void tcp_sndbuf_init(struct tcp_sndbuf *sb, uint8_t *storage, uint32_t cap,
                     tcp_seq_t una)
{
	*sb = (struct tcp_sndbuf){.buf = storage, .cap = cap, .una = una};
}

uint32_t tcp_sndbuf_write(struct tcp_sndbuf *sb, const void *data, uint32_t n)
{
	uint32_t room = tcp_sndbuf_free(sb);
	if (n > room)
		n = room;
	tcp_ring_put(sb->buf, sb->cap, tcp_ring_add(sb->cap, sb->head, sb->len),
	             data, n);
	sb->len += n;
	return n;
}

uint32_t tcp_sndbuf_peek(const struct tcp_sndbuf *sb, tcp_seq_t seq, void *out,
                         uint32_t max)
{
	if (!seq_in_window(seq, sb->una, sb->len))
		return 0;
	uint32_t off = seq - sb->una, n = sb->len - off;
	if (n > max)
		n = max;
	tcp_ring_get(sb->buf, sb->cap, tcp_ring_add(sb->cap, sb->head, off),
	             out, n);
	return n;
}

uint32_t tcp_sndbuf_spans(const struct tcp_sndbuf *sb, tcp_seq_t seq,
                          uint32_t max, struct tcp_payload *out)
{
	*out = tcp_payload_one(NULL, 0);
	if (!seq_in_window(seq, sb->una, sb->len))
		return 0;
	uint32_t off = seq - sb->una, n = sb->len - off;
	if (n > max)
		n = max;
	uint32_t at = tcp_ring_add(sb->cap, sb->head, off);
	uint32_t first = sb->cap - at < n ? sb->cap - at : n;
	out->p[0] = sb->buf + at;
	out->n[0] = first;
	if (n > first) {
		out->p[1] = sb->buf;
		out->n[1] = n - first;
	}
	return n;
}

void tcp_payload_copy(const struct tcp_payload *pl, void *out)
{
	uint8_t *o = out;
	for (unsigned i = 0; i < 2; i++) {
		if (pl->n[i])
			nmemcpy(o, pl->p[i], pl->n[i]);
		o += pl->n[i];
	}
}

uint32_t tcp_sndbuf_ack(struct tcp_sndbuf *sb, tcp_seq_t ack)
{
	if (!seq_gt(ack, sb->una))
		return 0;
	uint32_t n = ack - sb->una;
	if (n > sb->len)
		n = sb->len;
	sb->head = tcp_ring_add(sb->cap, sb->head, n);
	sb->len -= n;
	sb->una += n;
	return n;
}
