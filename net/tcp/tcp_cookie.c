/* SPDX-License-Identifier: MIT */
/* SYN cookies (RFC 4987 3.6): encoding and check (see net/tcp/tcp_cookie.h). */
#include "../net_priv.h"
#include <libk/blake2s.h>
#include "tcp_cookie.h"

#define COUNTER_SHIFT 27
#define MSS_SHIFT     24
#define MAC_MASK      0x00ffffffu

/* Common MSS values: 1460 Ethernet, 1452/1440 PPPoE and tunnels, 1400
 * and 1300 VPNs, 1220 IPv6-minded stacks, 536 the default (RFC 9293
 * 3.7.1), 64 anything smaller (the floor tcp_conn honours). */
const uint16_t tcp_cookie_mss[TCP_COOKIE_MSS_N] = {64,   536,  1220, 1300,
                                                   1400, 1440, 1452, 1460};

static uint32_t mac24(const struct tcp_isn_key *key,
                      const struct tcp_cookie_tuple *tu, tcp_seq_t peer_isn,
                      uint32_t counter, unsigned mss_idx)
{
	uint8_t in[21], f[4];
	put32(in, tu->laddr);
	put16(in + 4, tu->lport);
	put32(in + 6, tu->raddr);
	put16(in + 10, tu->rport);
	put32(in + 12, peer_isn);
	put32(in + 16, counter);
	in[20] = (uint8_t)mss_idx;
	blake2s(f, sizeof(f), key->k, sizeof(key->k), in, sizeof(in));
	return get32(f) & MAC_MASK;
}

static unsigned mss_index(uint16_t mss)
{
	unsigned i = TCP_COOKIE_MSS_N - 1;
	while (i > 0 && tcp_cookie_mss[i] > mss)
		i--;
	return i;
}

tcp_seq_t tcp_cookie_make(const struct tcp_isn_key *key,
                          const struct tcp_cookie_tuple *tu, tcp_seq_t peer_isn,
                          uint16_t peer_mss, uint64_t now_ms)
{
	uint32_t counter = (uint32_t)(now_ms / TCP_COOKIE_PERIOD_MS);
	unsigned idx = mss_index(peer_mss);
	return (counter & 31u) << COUNTER_SHIFT | (uint32_t)idx << MSS_SHIFT |
	       mac24(key, tu, peer_isn, counter, idx);
}

enum tcp_cookie_result tcp_cookie_check(const struct tcp_isn_key *key,
                                        const struct tcp_cookie_tuple *tu,
                                        tcp_seq_t peer_isn, tcp_seq_t cookie,
                                        uint64_t now_ms, uint16_t *mss)
{
	uint32_t now_ctr = (uint32_t)(now_ms / TCP_COOKIE_PERIOD_MS);
	uint32_t age = (now_ctr - (cookie >> COUNTER_SHIFT)) & 31u;
	unsigned idx = (cookie >> MSS_SHIFT) & (TCP_COOKIE_MSS_N - 1);
	/* the newest counter whose low 5 bits the cookie carries */
	uint32_t counter = now_ctr - age;
	if (mac24(key, tu, peer_isn, counter, idx) != (cookie & MAC_MASK))
		return TCP_COOKIE_BAD;
	if (age > TCP_COOKIE_MAX_AGE)
		return TCP_COOKIE_STALE;
	*mss = tcp_cookie_mss[idx];
	return TCP_COOKIE_OK;
}
