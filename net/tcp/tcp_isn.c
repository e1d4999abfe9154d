/* SPDX-License-Identifier: MIT */
/* RFC 6528 initial sequence numbers (see net/tcp/tcp_isn.h). */
#include "../net_priv.h"
#include <libk/blake2s.h>
#include "tcp_isn.h"

void tcp_isn_key_init(struct tcp_isn_key *key, uint32_t (*random32)(void))
{
	for (unsigned i = 0; i < TCP_ISN_KEY_LEN; i += 4)
		put32(key->k + i, random32());
}

tcp_seq_t tcp_isn(const struct tcp_isn_key *key, ip4_addr_t laddr,
                  uint16_t lport, ip4_addr_t raddr, uint16_t rport,
                  uint64_t now_us)
{
	uint8_t tuple[12], f[4];
	put32(tuple, laddr);
	put16(tuple + 4, lport);
	put32(tuple + 6, raddr);
	put16(tuple + 10, rport);
	blake2s(f, sizeof(f), key->k, sizeof(key->k), tuple, sizeof(tuple));
	return (tcp_seq_t)(now_us / 4) + get32(f);
}
