/* SPDX-License-Identifier: MIT */
/*
 * TCP sequence-number arithmetic (RFC 9293 3.4): sequence numbers live in
 * a 32-bit circle, so "a before b" means the signed distance b - a is
 * positive. This is meaningful while the two are less than 2^31 apart,
 * which windows (at most 2^30 with RFC 7323 scaling) guarantee.
 *
 *      0 ........ a ==== window ====> a+w ........ 2^32-1 (wraps to 0)
 */
#ifndef NET_TCP_SEQ_H
#define NET_TCP_SEQ_H
#include <stdbool.h>
#include <stdint.h>

typedef uint32_t tcp_seq_t;

/* The signed distance from a to b (b - a in the circle). */
static inline int32_t seq_diff(tcp_seq_t b, tcp_seq_t a)
{
	return (int32_t)(b - a);
}

static inline bool seq_lt(tcp_seq_t a, tcp_seq_t b)
{
	return seq_diff(a, b) < 0;
}

static inline bool seq_le(tcp_seq_t a, tcp_seq_t b)
{
	return seq_diff(a, b) <= 0;
}

static inline bool seq_gt(tcp_seq_t a, tcp_seq_t b)
{
	return seq_diff(a, b) > 0;
}

static inline bool seq_ge(tcp_seq_t a, tcp_seq_t b)
{
	return seq_diff(a, b) >= 0;
}

static inline tcp_seq_t seq_max(tcp_seq_t a, tcp_seq_t b)
{
	return seq_gt(a, b) ? a : b;
}

static inline tcp_seq_t seq_min(tcp_seq_t a, tcp_seq_t b)
{
	return seq_lt(a, b) ? a : b;
}

/* lo <= s < lo + len, wraparound-safe (the half-open window [lo, lo+len)).
 * An empty window contains nothing. */
static inline bool seq_in_window(tcp_seq_t s, tcp_seq_t lo, uint32_t len)
{
	return (uint32_t)(s - lo) < len;
}

/* lo <= s <= hi: e.g. the ACK test SND.UNA < SEG.ACK =< SND.NXT is
 * seq_between(ack, una + 1, nxt). */
static inline bool seq_between(tcp_seq_t s, tcp_seq_t lo, tcp_seq_t hi)
{
	return (uint32_t)(s - lo) <= (uint32_t)(hi - lo);
}

/*
 * RFC 9293 3.4 segment acceptability test (table of four cases): a
 * segment starting at seq with seg_len sequence space (data + SYN + FIN)
 * is acceptable for a receive window [rcv_nxt, rcv_nxt + rcv_wnd).
 *
 *   len  wnd  test
 *   0    0    seq == rcv_nxt
 *   0    >0   rcv_nxt <= seq < rcv_nxt + wnd
 *   >0   0    not acceptable
 *   >0   >0   first or last octet of the segment inside the window
 */
static inline bool seq_acceptable(tcp_seq_t seq, uint32_t seg_len,
                                  tcp_seq_t rcv_nxt, uint32_t rcv_wnd)
{
	if (seg_len == 0 && rcv_wnd == 0)
		return seq == rcv_nxt;
	if (seg_len == 0)
		return seq_in_window(seq, rcv_nxt, rcv_wnd);
	if (rcv_wnd == 0)
		return false;
	return seq_in_window(seq, rcv_nxt, rcv_wnd) ||
	       seq_in_window(seq + seg_len - 1, rcv_nxt, rcv_wnd);
}

#endif
