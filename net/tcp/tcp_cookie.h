/* SPDX-License-Identifier: MIT */
/*
 * SYN cookies (RFC 4987 3.6): when a listener's half-open queue is full,
 * the SYN,ACK's ISS carries what the connection needs, and no state is
 * kept until an ACK returns it (ACK number = cookie + 1).
 *
 *    31        27 26  24 23                                        0
 *   +------------+------+-------------------------------------------+
 *   | counter %32| MSS  |  MAC: 24 bits of keyed BLAKE2s over        |
 *   |  (5 bits)  | index|  laddr, lport, raddr, rport, the peer's    |
 *   |            |(3 b.)|  ISN, the full 32-bit counter, MSS index   |
 *   +------------+------+-------------------------------------------+
 *
 * counter = now_ms / TCP_COOKIE_PERIOD_MS (60 s). A cookie is valid while
 * the counter has moved on by at most TCP_COOKIE_MAX_AGE (1): for 60 to
 * 120 s after it was made, never more than 2 minutes. The MAC covers the
 * whole counter (rebuilt from the 5 bits as the newest value that
 * matches), so neither field can be changed without the key; a forger
 * has a 2^-24 chance per guess. The MSS index picks the largest entry of
 * tcp_cookie_mss[] not above the peer's MSS.
 *
 * A cookie has no room for the other SYN options: connections made from
 * cookies run without window scaling (at most 64 KiB in flight) and
 * without timestamps, and without SACK blocks from tern.
 */
#ifndef NET_TCP_COOKIE_H
#define NET_TCP_COOKIE_H
#include <stdint.h>
#include <net/net.h>
#include "tcp_isn.h"
#include "tcp_seq.h"

#define TCP_COOKIE_PERIOD_MS 60000u
#define TCP_COOKIE_MAX_AGE   1u
#define TCP_COOKIE_MSS_N     8u

/* The MSS values a cookie can carry, ascending. */
extern const uint16_t tcp_cookie_mss[TCP_COOKIE_MSS_N];

/* The connection a cookie is for. */
struct tcp_cookie_tuple {
	ip4_addr_t laddr, raddr;
	uint16_t lport, rport;
};

enum tcp_cookie_result {
	TCP_COOKIE_OK,
	TCP_COOKIE_STALE, /* a real cookie, older than TCP_COOKIE_MAX_AGE */
	TCP_COOKIE_BAD,   /* not one of ours: forged, or another 4-tuple */
};

/* The ISS for a SYN from the tuple's remote end with sequence number
 * peer_isn and MSS option peer_mss (536 if it had none), at now_ms. */
tcp_seq_t tcp_cookie_make(const struct tcp_isn_key *key,
                          const struct tcp_cookie_tuple *tu, tcp_seq_t peer_isn,
                          uint16_t peer_mss, uint64_t now_ms);
/* Check cookie (an ACK's number - 1) against the tuple and peer_isn (its
 * sequence number - 1); on TCP_COOKIE_OK *mss is the MSS it carries. */
enum tcp_cookie_result tcp_cookie_check(const struct tcp_isn_key *key,
                                        const struct tcp_cookie_tuple *tu,
                                        tcp_seq_t peer_isn, tcp_seq_t cookie,
                                        uint64_t now_ms, uint16_t *mss);

#endif
