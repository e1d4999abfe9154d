/* SPDX-License-Identifier: MIT */
/*
 * Initial sequence numbers (RFC 6528 3):
 *
 *   ISN = M + F(localip, localport, remoteip, remoteport, secretkey)
 *
 * M is a clock ticking every 4 microseconds (RFC 9293 3.4.1); F is keyed
 * BLAKE2s (RFC 7693) over the connection's 4-tuple, truncated to 32 bits.
 * An off-path attacker who does not know the key cannot predict the ISN
 * of another connection from its own, while one 4-tuple's ISNs still
 * advance with time, as RFC 9293's quiet-time reasoning wants.
 */
#ifndef NET_TCP_ISN_H
#define NET_TCP_ISN_H
#include <stdint.h>
#include <net/net.h>
#include "tcp_seq.h"

#define TCP_ISN_KEY_LEN 32

struct tcp_isn_key {
	uint8_t k[TCP_ISN_KEY_LEN];
};

/* Fill the secret from random32 (the platform's randomness), once per
 * stack at creation. */
void tcp_isn_key_init(struct tcp_isn_key *key, uint32_t (*random32)(void));

/* The ISN for a connection from laddr:lport to raddr:rport at now_us. */
tcp_seq_t tcp_isn(const struct tcp_isn_key *key, ip4_addr_t laddr,
                  uint16_t lport, ip4_addr_t raddr, uint16_t rport,
                  uint64_t now_us);

#endif
