/* SPDX-License-Identifier: MIT */
/*
 * The send buffer: a ring of cap bytes (storage from the caller) holding
 * every byte from SND.UNA on -- sent but unacknowledged, then not yet
 * sent. Segments, first sends and retransmissions alike, are copied out
 * of it by sequence number, so nothing else keeps copies of sent data.
 *
 *   head (= SND.UNA)                         head+len          head+cap
 *   |<-- in flight -->|<--- not yet sent --->|<----- free ----->|
 *                     SND.NXT (kept by the connection)
 *
 * SYN and FIN occupy sequence space but no bytes here: the connection
 * starts the buffer at ISS+1 and leaves the FIN's number out of acks.
 */
#ifndef NET_TCP_SNDBUF_H
#define NET_TCP_SNDBUF_H
#include <stdint.h>
#include "tcp_seq.h"

struct tcp_sndbuf {
	uint8_t *buf;
	uint32_t cap;
	uint32_t head; /* ring index of SND.UNA's byte */
	uint32_t len;  /* bytes held */
	tcp_seq_t una; /* sequence number of the byte at head */
};

/* Use storage[cap] (cap > 0); the first byte written gets number una. */
void tcp_sndbuf_init(struct tcp_sndbuf *sb, uint8_t *storage, uint32_t cap,
                     tcp_seq_t una);

/* Append up to n bytes of data; returns how many fit (0 when full). */
uint32_t tcp_sndbuf_write(struct tcp_sndbuf *sb, const void *data, uint32_t n);

/* Copy up to max bytes starting at sequence number seq into out. Returns
 * the count: 0 if seq is not inside [una, una + len). */
uint32_t tcp_sndbuf_peek(const struct tcp_sndbuf *sb, tcp_seq_t seq, void *out,
                         uint32_t max);

/* A run of the ring's bytes in place, as at most two spans (the ring
 * wraps at most once): p[0][0..n[0]) then p[1][0..n[1]). */
struct tcp_payload {
	const uint8_t *p[2];
	uint32_t n[2];
};

/* Describe up to max bytes starting at sequence number seq, without
 * copying. Returns the count (0 if seq is not inside [una, una + len)).
 * The spans stay valid until the ring is next written or acked. */
uint32_t tcp_sndbuf_spans(const struct tcp_sndbuf *sb, tcp_seq_t seq,
                          uint32_t max, struct tcp_payload *out);

/* One contiguous buffer as a payload (NULL or n 0: none). */
static inline struct tcp_payload tcp_payload_one(const void *p, uint32_t n)
{
	return (struct tcp_payload){.p = {p, NULL}, .n = {n, 0}};
}

static inline uint32_t tcp_payload_len(const struct tcp_payload *pl)
{
	return pl ? pl->n[0] + pl->n[1] : 0;
}

/* Copy the payload's bytes to out[0..tcp_payload_len). */
void tcp_payload_copy(const struct tcp_payload *pl, void *out);

/* A cumulative ACK: free the bytes before ack (no more than are held;
 * an ack at or before una frees nothing). Returns the bytes freed. */
uint32_t tcp_sndbuf_ack(struct tcp_sndbuf *sb, tcp_seq_t ack);

static inline uint32_t tcp_sndbuf_free(const struct tcp_sndbuf *sb)
{
	return sb->cap - sb->len;
}

/* The sequence number after the last byte held. */
static inline tcp_seq_t tcp_sndbuf_end(const struct tcp_sndbuf *sb)
{
	return sb->una + sb->len;
}

#endif
